/* libFuzzer target: bytes as a units file, read by rn_units_read. The
 * input's length picks the form (GeoJSON, or CSV with a WKT column, as a
 * table of units may come) and the options (a mass field; CP949), so the
 * reader's checks are all explored. What it accepts must hold together:
 * codes sorted, unique, trimmed by the codes rule, non-blank and UTF-8 as
 * the names are; every unit a geometry, or (a table) none; masses finite, >= 0, summing within
 * RN_SUM_MAX. Every refusal says why. */
#include "engine/engine.h"

#include <cpl_string.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static rn_ctx_t u_ctx;
static char u_path[2][256];

static void u_setup(void) {
  GDALAllRegister();
  if (rn_ctx_init(&u_ctx) != RN_OK) abort();
  u_ctx.report = NULL; /* silent: the fuzzer's output is its own */
  const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(u_path[0], sizeof u_path[0], "%s/rn_fuzz_units_%ld.geojson", dir, (long)getpid());
  snprintf(u_path[1], sizeof u_path[1], "%s/rn_fuzz_units_%ld.csv", dir, (long)getpid());
}

static void u_check(const rn_units_t *u, int mass) {
  /* a table without a geometry column is units without geometry (methods
   * without contiguity); with one, every unit has its polygon */
  int geometry = rn_units_have_geometry(u);
  if (u->n <= 0 || !u->code || !u->name || (geometry && !u->geom)) abort();
  double sum = 0;
  for (int64_t i = 0; i < u->n; i++) {
    const char *c = u->code[i];
    size_t len = strlen(c);
    const char *t = c;
    if (!len || rn_code_trim(&t, len) != len || t != c) abort(); /* blank or untrimmed */
    if (i && strcmp(u->code[i - 1], c) >= 0) abort();            /* sorted, unique */
    if (!CPLIsUTF8(c, -1) || !u->name[i] || !CPLIsUTF8(u->name[i], -1)) abort();
    if (geometry && !u->geom[i]) abort();
    if (rn_units_find(u, c) != i) abort();
    if (mass) {
      if (!u->mass || !isfinite(u->mass[i]) || u->mass[i] < 0) abort();
      sum += u->mass[i];
    }
  }
  if (!(sum <= RN_SUM_MAX)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!u_path[0][0]) u_setup();
  const char *path = u_path[size & 1];
  FILE *fp = fopen(path, "wb");
  if (!fp) abort();
  if (size && fwrite(data, 1, size, fp) != size) abort();
  fclose(fp);
  int mass = (size & 2) != 0;
  rn_units_opts_t o = {.path = path, .id_field = "code", .name_field = "name",
                       .mass_field = mass ? "pop" : NULL,
                       .encoding = (size & 4) ? "CP949" : NULL};
  rn_units_t u;
  int rc = rn_units_read(&u_ctx, &o, &u);
  if (rc == RN_OK) {
    u_check(&u, mass);
    rn_units_destroy(&u_ctx, &u);
  } else if (!u_ctx.err[0]) {
    abort(); /* every refusal says why */
  }
  u_ctx.err[0] = 0;
  unlink(path);
  return 0;
}
