/* Where each CSV record starts. GDAL's CSV driver numbers features by record
 * and skips empty lines without counting them, and quoted fields may span
 * lines, so its FIDs are not file lines; this scan recovers them.
 *
 * It also refuses, with the line, what GDAL would read silently wrong: a NUL
 * byte (GDAL's strings end there, so "8\0 0" reads as 8 and a header with
 * gigabytes of NULs as no rows) and a '"' never closed (the rest of the
 * file would be one field). A quoted field may span lines (a note column):
 * such records are counted for the reader to report (a stray '"' in an
 * unused column would otherwise join lines unseen); it refuses codes and
 * values that span lines. */
#include "readers_internal.h"

#include <stdio.h>
#include <stdlib.h>

void rn_csv_lines_free(rn_csv_lines_t *l) {
  free(l->line);
  l->line = NULL;
  l->n = 0;
}

static int push(rn_csv_lines_t *out, int64_t *cap, int64_t start) {
  if (out->n == *cap) {
    int64_t c = *cap ? *cap * 2 : 4096;
    int64_t *nl = realloc(out->line, sizeof *nl * (size_t)c);
    if (!nl) return -1;
    out->line = nl;
    *cap = c;
  }
  out->line[out->n++] = start;
  return 0;
}

int rn_csv_lines_scan(rn_ctx_t *ctx, const char *path, rn_csv_lines_t *out) {
  out->n = 0;
  out->line = NULL;
  out->multi = out->multi_first = 0;
  FILE *fp = fopen(path, "rb");
  if (!fp) return rn_error(ctx, RN_EIO, "%s: cannot open", path);
  int64_t cap = 0, line = 1, len = 0; /* len: bytes on the current line, \r excluded */
  int inq = 0, c, instart = 1, rc = RN_OK;
  int64_t start = 1, quote_line = 0; /* the line of the open quote */
  while ((c = getc_unlocked(fp)) != EOF) {
    if (instart) { start = line; instart = 0; len = 0; }
    if (c == '\n') {
      line++;
      if (inq && line - 1 == start) { /* a record crossing its first line end */
        if (!out->multi++) out->multi_first = start;
      }
      if (!inq) {
        if (len > 0 && push(out, &cap, start)) { rc = RN_ENOMEM; break; }
        instart = 1;
      }
      continue;
    }
    if (c == 0) {
      rc = rn_error(ctx, RN_EINPUT, "%s:%lld: a NUL byte (binary data, not text)", path,
                    (long long)line);
      break;
    }
    if (c == '"') { /* "" inside quotes toggles twice: same parity as GDAL */
      inq = !inq;
      if (inq) quote_line = line;
    }
    if (c != '\r') len++;
  }
  if (!rc && inq) {
    rc = rn_error(ctx, RN_EINPUT, "%s:%lld: the '\"' opened on this line is never closed", path,
                  (long long)quote_line);
  } else if (!rc && !instart && len > 0 && push(out, &cap, start)) { /* no final newline */
    rc = RN_ENOMEM;
  }
  fclose(fp);
  if (rc == RN_ENOMEM) rc = rn_error(ctx, RN_ENOMEM, "out of memory scanning %s", path);
  if (rc) rn_csv_lines_free(out);
  return rc;
}
