/* A plain-CSV reader for large flow files. GDAL's CSV driver builds an
 * OGRFeature per row (field strings allocated, recoded, freed); on ten
 * million rows that is most of a run. Files of plain one-line records are
 * read here instead, from a memory map, field by field in place: fields
 * unquoted, or quoted whole ("11") with no quote or delimiter inside, as R's
 * write.csv and many exports quote codes. Anything else (other quoting, CR
 * line ends, NUL bytes, a byte-order mark) goes to GDAL, whose reading this
 * reproduces exactly on the files it accepts: records end at '\n', empty
 * lines are skipped, fields split at the delimiter with nothing trimmed and
 * the quotes of a quoted field removed, missing trailing fields are unset.
 *
 * The map can be cut at line starts into chunks that threads scan and read
 * on their own; rn_csv_fast_scan's line counts give each chunk its first
 * line number. */
#include "readers_internal.h"

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

int rn_csv_map_open(const char *path, rn_csv_map_t *m) {
  m->buf = NULL;
  m->size = 0;
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
  /* a byte-order mark or a leading empty line: GDAL's business */
  if ((size >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
       (unsigned char)buf[2] == 0xBF) ||
      buf[0] == '\n') {
    munmap((void *)buf, size);
    return RN_CSV_FAST_NO;
  }
  m->buf = buf;
  m->size = size;
  return RN_OK;
}

void rn_csv_map_close(rn_csv_map_t *m) {
  if (m->buf) munmap((void *)m->buf, m->size);
  m->buf = NULL;
  m->size = 0;
}

size_t rn_csv_map_cut(const rn_csv_map_t *m, size_t at) {
  if (at == 0) return 0;
  if (at >= m->size) return m->size;
  const char *nl = memchr(m->buf + at - 1, '\n', m->size - (at - 1));
  return nl ? (size_t)(nl - m->buf) + 1 : m->size;
}

/* One pass over the bytes, 16 at a time (GCC / Clang vector extensions:
 * compares of 16 bytes at once, on any target). */
typedef unsigned char rn_v16 __attribute__((vector_size(16)));

/* Every '"' of the chunk opens a field and closes it: "..." right after a
 * line start or delimiter, ending right before a delimiter or line end, with
 * no quote or delimiter inside. */
static int quotes_simple(const char *p, size_t n, char delim) {
  const char *end = p + n;
  for (const char *q = memchr(p, '"', n); q; q = memchr(q, '"', (size_t)(end - q))) {
    if (q > p && q[-1] != delim && q[-1] != '\n') return 0;
    const char *c = q + 1;
    while (c < end && *c != '"' && *c != delim && *c != '\n') c++;
    if (c >= end || *c != '"') return 0;
    if (c + 1 < end && c[1] != delim && c[1] != '\n') return 0;
    q = c + 1;
    if (q >= end) break;
  }
  return 1;
}

int64_t rn_csv_fast_scan(const char *p, size_t n, char delim) {
  const rn_v16 zero = {0}, nl = zero + '\n', quote = zero + '"', cr = zero + '\r';
  int64_t lines = 0;
  int quoted = 0;
  size_t k = 0;
  while (k + 16 <= n) {
    /* per-lane counts fit a byte: at most 255 blocks before they are summed */
    rn_v16 count = zero, bad = zero, quotes = zero;
    for (int b = 0; b < 255 && k + 16 <= n; b++, k += 16) {
      rn_v16 x;
      memcpy(&x, p + k, sizeof x);
      count -= (rn_v16)(x == nl); /* true lanes are -1 */
      bad |= (rn_v16)((x == cr) | (x == zero));
      quotes |= (rn_v16)(x == quote);
    }
    for (int q = 0; q < 16; q++) {
      if (bad[q]) return -1;
      quoted |= quotes[q] != 0;
      lines += count[q];
    }
  }
  for (; k < n; k++) {
    unsigned char c = (unsigned char)p[k];
    if (c == '\r' || c == 0) return -1;
    quoted |= c == '"';
    lines += c == '\n';
  }
  if (quoted && !quotes_simple(p, n, delim)) return -1;
  return lines;
}

int rn_csv_fast_rows(const char *p, size_t n, int64_t line, char delim, int skip_header,
                     int nwant, const int *want, rn_csv_row_fn row, void *arg) {
  int rc = RN_OK, maxcol = 0;
  for (int k = 0; k < nwant; k++)
    if (want[k] > maxcol) maxcol = want[k];
  if (maxcol >= 64 || nwant > 8) return RN_CSV_FAST_NO;
  const char *end = p + n;
  const char *fs[64];
  size_t fl[64];
  const char *wf[8];
  size_t wl[8];
  int64_t records = 0;
  line--;
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
          if (wl[k] >= 2 && wf[k][0] == '"') { /* "..." (rn_csv_fast_scan checked the form) */
            wf[k]++;
            wl[k] -= 2;
          }
        }
        rc = row(arg, wf, wl, line);
      }
    }
    p = le + 1;
  }
  return rc;
}
