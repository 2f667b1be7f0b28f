/* libFuzzer target: bytes as a CSV flow file, read by rn_flows_read against
 * a small fixed set of units (codes of the Korean and Brindisi seeds, so the
 * seed corpus gets past the code look-up). The input's length picks the
 * options (drop unknown codes; CP949), so both paths are explored. The file
 * must be real: the reader scans it with fopen as well as through GDAL. */
#include "engine/engine.h"

#include <gdal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static rn_ctx_t ctx;
static rn_units_t units;
static char path[256];

static void setup(void) {
  GDALAllRegister();
  if (rn_ctx_init(&ctx) != RN_OK) abort();
  ctx.report = NULL; /* silent: the fuzzer's output is its own */
  const char *fixed[] = {"11", "21", "22", "23", "24", "25", "26", "29", "011", "0", ""};
  char *code[64];
  int n = 0;
  for (int k = 0; fixed[k][0]; k++) code[n++] = strdup(fixed[k]);
  for (int c = 31010; c <= 31120; c += 10) {
    char b[16];
    snprintf(b, sizeof b, "%d", c);
    code[n++] = strdup(b);
  }
  for (int c = 74001; c <= 74020; c++) {
    char b[16];
    snprintf(b, sizeof b, "%d", c);
    code[n++] = strdup(b);
  }
  if (rn_units_from_arrays(&ctx, n, (const char *const *)code, NULL, NULL, NULL, &units) != RN_OK)
    abort();
  for (int k = 0; k < n; k++) free(code[k]);
  const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(path, sizeof path, "%s/rn_fuzz_flows_%ld.csv", dir, (long)getpid());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!path[0]) setup();
  FILE *fp = fopen(path, "wb");
  if (!fp) abort();
  if (size && fwrite(data, 1, size, fp) != size) abort();
  fclose(fp);
  rn_flows_opts_t o = {.path = path, .drop_unknown = (int)(size & 1),
                       .encoding = (size & 2) ? "CP949" : NULL};
  rn_flows_t f;
  int rc = rn_flows_read(&ctx, &o, &units, &f);
  if (rc == RN_OK) {
    /* what a reader hands back must hold together */
    if (f.n != units.n || f.row[0] != 0 || f.row[f.n] != f.nnz || !(f.total > 0) ||
        !(f.total <= RN_SUM_MAX))
      abort();
    for (int64_t i = 0; i < f.n; i++)
      for (int64_t p = f.row[i]; p < f.row[i + 1]; p++)
        if (f.col[p] < 0 || f.col[p] >= f.n || f.col[p] == i || !(f.val[p] > 0)) abort();
    rn_flows_destroy(&f);
  } else if (!ctx.err[0]) {
    abort(); /* every refusal says why */
  }
  ctx.err[0] = 0;
  unlink(path);
  return 0;
}
