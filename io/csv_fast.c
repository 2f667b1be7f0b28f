/* A plain-CSV reader for large flow files. GDAL's CSV driver builds an
 * OGRFeature per row (field strings allocated, recoded, freed); on ten
 * million rows that is most of a run. Files of plain unquoted one-line
 * records are read here instead, from a memory map, field by field in place.
 * Anything else (quotes, CR line ends, NUL bytes, a byte-order mark) goes to
 * GDAL, whose reading this reproduces exactly on the files it accepts:
 * records end at '\n', empty lines are skipped, fields split at the
 * delimiter with nothing trimmed, missing trailing fields are unset. */
#include "io_internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

char *rn_csv_first_line(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  size_t cap = 256, n = 0;
  char *s = malloc(cap);
  int c;
  while (s && (c = getc(fp)) != EOF && c != '\n') {
    if (n + 1 >= cap) {
      char *t = realloc(s, cap *= 2);
      if (!t) {
        free(s);
        s = NULL;
        break;
      }
      s = t;
    }
    s[n++] = (char)c;
  }
  if (s) s[n] = 0;
  fclose(fp);
  return s;
}

int rn_csv_fast_read(rn_ctx_t *ctx, const char *path, char delim, int skip_header,
                     int nwant, const int *want, rn_csv_row_fn row, void *arg) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return RN_CSV_FAST_NO; /* GDAL will say why */
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size <= 0) {
    close(fd);
    return RN_CSV_FAST_NO;
  }
  size_t size = (size_t)st.st_size;
  const char *buf = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (buf == MAP_FAILED) return RN_CSV_FAST_NO;
  posix_madvise((void *)buf, size, POSIX_MADV_SEQUENTIAL);
  int rc = RN_OK, maxcol = 0;
  for (int k = 0; k < nwant; k++)
    if (want[k] > maxcol) maxcol = want[k];
  /* only plain files: one memchr pass each is cheap next to the parse */
  if ((size >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
       (unsigned char)buf[2] == 0xBF) ||
      memchr(buf, '"', size) || memchr(buf, '\r', size) || memchr(buf, '\0', size) ||
      buf[0] == '\n' || maxcol >= 64) {
    munmap((void *)buf, size);
    return RN_CSV_FAST_NO;
  }
  const char *p = buf, *end = buf + size;
  const char *fs[64];
  size_t fl[64];
  const char *wf[8];
  size_t wl[8];
  int64_t line = 0, records = 0;
  while (p < end && rc == RN_OK) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    line++;
    if (le > p) { /* an empty line is no record */
      if (records++ > 0 || !skip_header) {
        int nf = 0;
        const char *q = p;
        while (nf <= maxcol) { /* split only as far as the wanted columns */
          const char *d = memchr(q, delim, (size_t)(le - q));
          fs[nf] = q;
          fl[nf] = (size_t)((d ? d : le) - q);
          nf++;
          if (!d) break;
          q = d + 1;
        }
        for (int k = 0; k < nwant; k++) {
          wf[k] = want[k] < nf ? fs[want[k]] : NULL;
          wl[k] = want[k] < nf ? fl[want[k]] : 0;
        }
        rc = row(arg, wf, wl, line);
      }
    }
    p = le + 1;
  }
  (void)ctx;
  munmap((void *)buf, size);
  return rc;
}
