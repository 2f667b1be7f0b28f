/* Where each CSV record starts. GDAL's CSV driver numbers features by record
 * and skips empty lines without counting them, and quoted fields may span
 * lines, so its FIDs are not file lines; this scan recovers them. */
#include "readers_internal.h"

#include <stdio.h>
#include <stdlib.h>

void rn_csv_lines_free(rn_csv_lines_t *l) {
  free(l->line);
  l->line = NULL;
  l->n = 0;
}

int rn_csv_lines_scan(rn_ctx_t *ctx, const char *path, rn_csv_lines_t *out) {
  out->n = 0;
  out->line = NULL;
  FILE *fp = fopen(path, "rb");
  if (!fp) return rn_error(ctx, RN_EIO, "%s: cannot open", path);
  int64_t cap = 0, line = 1, len = 0; /* len: bytes on the current line, \r excluded */
  int inq = 0, c, instart = 1, ok = 1;
  int64_t start = 1;
  while ((c = getc(fp)) != EOF) {
    if (instart) { start = line; instart = 0; len = 0; }
    if (c == '\n') {
      line++;
      if (!inq) {
        if (len > 0) { /* a record ends here */
          if (out->n == cap) {
            cap = cap ? cap * 2 : 4096;
            int64_t *nl = realloc(out->line, sizeof *nl * (size_t)cap);
            if (!nl) { ok = 0; break; }
            out->line = nl;
          }
          out->line[out->n++] = start;
        }
        instart = 1;
      }
      continue;
    }
    if (c == '"') inq = !inq; /* "" inside quotes toggles twice: same parity as GDAL */
    if (c != '\r') len++;
  }
  if (ok && !instart && len > 0) { /* last record without a final newline */
    if (out->n == cap) {
      int64_t *nl = realloc(out->line, sizeof *nl * (size_t)(cap + 1));
      if (!nl) ok = 0;
      else out->line = nl;
    }
    if (ok) out->line[out->n++] = start;
  }
  fclose(fp);
  if (!ok) {
    rn_csv_lines_free(out);
    return rn_error(ctx, RN_ENOMEM, "out of memory scanning %s", path);
  }
  return RN_OK;
}
