/* `regionet generate`: synthetic units (GeoPackage) and flows (CSV) of any
 * size, the same for the same seed; for benchmarks and tests. */
#include "app_options.h"
#include "regionet/app.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int count_opt(rn_ctx_t *ctx, const char *name, const char *s, int64_t *v) {
  char *end;
  errno = 0;
  double x = strtod(s, &end); /* 1e6 and 100000 alike */
  if (end == s || *end || errno || !(x >= 0) || x > 9e15 || x != (double)(int64_t)x)
    return rn_error(ctx, RN_EPARAM, "%s: '%s' is not a whole number", name, s);
  *v = (int64_t)x;
  return RN_OK;
}

int rn_app_generate(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  rn_opt_t opts[] = {
      {"--units", "-n", 1, "number of units (default 10000)", NULL},
      {"--flows", "-m", 1, "number of flow rows, intra-unit ones included (default 100 per unit)", NULL},
      {"--seed", NULL, 1, "random seed (default 1)", NULL},
      {"--clusters", NULL, 1, "cluster centres (default units/250, 4..400)", NULL},
      {"--unit-area", NULL, 1, "mean unit area in km^2 (default 30)", NULL},
      {"--units-out", NULL, 1, "units GeoPackage to write", NULL},
      {"--flows-out", NULL, 1, "flows CSV to write", NULL},
      {"--overwrite", NULL, 0, "replace existing outputs", NULL},
      {"--quiet", "-q", 0, "print nothing but errors", NULL},
      {"--help", "-h", 0, "this help", NULL},
      {NULL, NULL, 0, NULL, NULL}};
  const char *pos[1];
  int npos, rc = rn_opts_parse(ctx, "generate", argc, argv, opts, pos, 0, &npos);
  if (rc != RN_OK) return rc;
  if (rn_opt(opts, "--help")) {
    rn_opts_help(out, "generate", "--units N --flows M --seed S --units-out U.gpkg --flows-out F.csv", opts);
    return RN_OK;
  }
  rn_generate_opts_t go = {.n_units = 10000, .seed = 1};
  int64_t seed = 1;
  const char *s;
  if ((s = rn_opt(opts, "--units")) && (rc = count_opt(ctx, "--units", s, &go.n_units))) return rc;
  go.n_flows = 100 * go.n_units;
  if ((s = rn_opt(opts, "--flows")) && (rc = count_opt(ctx, "--flows", s, &go.n_flows))) return rc;
  if ((s = rn_opt(opts, "--seed")) && (rc = count_opt(ctx, "--seed", s, &seed))) return rc;
  go.seed = (uint64_t)seed;
  if ((s = rn_opt(opts, "--clusters")) && (rc = count_opt(ctx, "--clusters", s, &go.n_clusters)))
    return rc;
  if ((s = rn_opt(opts, "--unit-area"))) {
    char *end;
    go.unit_area = strtod(s, &end) * 1e6;
    if (*end || !(go.unit_area > 0)) return rn_error(ctx, RN_EPARAM, "--unit-area: '%s' is not an area > 0", s);
  }
  const char *uo = rn_opt(opts, "--units-out"), *fo = rn_opt(opts, "--flows-out");
  if (!uo || !fo) return rn_error(ctx, RN_EPARAM, "--units-out FILE.gpkg and --flows-out FILE.csv are required");
  /* both outputs checked and locked before any work (the same path twice is
   * refused), written into the set and moved into place together */
  rn_outset_t set;
  rn_outset_init(&set, rn_opt(opts, "--overwrite") != NULL);
  if ((rc = rn_outset_add(ctx, &set, uo, RN_OUT_CHECK | RN_OUT_LOCK)) != RN_OK ||
      (rc = rn_outset_add(ctx, &set, fo, RN_OUT_CHECK | RN_OUT_LOCK)) != RN_OK ||
      (rc = rn_generate_check(ctx, &go)) != RN_OK) {
    rn_outset_destroy(ctx, &set);
    return rc;
  }
  int quiet = rn_opt(opts, "--quiet") != NULL;
  rn_units_t u;
  rn_flows_t f;
  rn_flows_init(&f);
  if ((rc = rn_generate_units(ctx, &go, &u)) != RN_OK) {
    rn_outset_destroy(ctx, &set);
    return rc;
  }
  char *ut = NULL, *ft = NULL;
  if ((rc = rn_generate_flows(ctx, &go, &u, &f)) == RN_OK) {
    ut = rn_outset_path(ctx, &set, uo);
    ft = ut ? rn_outset_path(ctx, &set, fo) : NULL;
    rc = ft ? rn_generate_write(ctx, &u, &f, ut, ft) : RN_EIO;
  }
  if (rc == RN_OK) rc = rn_outset_commit(ctx, &set);
  free(ut);
  free(ft);
  rn_outset_destroy(ctx, &set);
  if (rc == RN_OK && !quiet)
    fprintf(out, "wrote %s (%lld units, EPSG:%d) and %s (%lld flow rows, total %.0f)\n", uo,
            (long long)u.n, u.epsg, fo, (long long)(f.nnz + f.n_diag), f.total);
  rn_flows_destroy(&f);
  rn_units_destroy(ctx, &u);
  return rc;
}
