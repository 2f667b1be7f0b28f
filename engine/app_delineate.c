/* `regionet delineate`: boundaries + flows -> metropolitan areas, urban areas
 * and life zones, written as GIS layers with provenance. */
#include "app_options.h"
#include "provenance.h"
#include "regionet/app.h"

#include <cpl_string.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Options of the alternative methods, passed on to them as "key=value". The
 * *-field options name unit attributes, loaded as numbers. */
#define RN_METHOD_OPTIONS                                                                     \
  {"--threshold", NULL, 1, "method threshold (cbsa 0.25, fua 0.15)", NULL},                   \
      {"--central-field", NULL, 1, "unit field: non-zero = central unit / city", NULL},     \
      {"--area-field", NULL, 1, "unit field: units sharing a value form one centre", NULL}, \
      {"--employed-field", NULL, 1, "unit field: employed residents", NULL},                \
      {"--jobs-field", NULL, 1, "unit field: jobs", NULL},                                  \
      {"--min-size", NULL, 1, "ttwa: minimum size (Istat 1000)", NULL},                     \
      {"--min-sc", NULL, 1, "ttwa: minimum self-containment (Istat 0.6667)", NULL},         \
      {"--target-size", NULL, 1, "ttwa: target size (Istat 10000)", NULL},                  \
      {"--target-sc", NULL, 1, "ttwa: target self-containment (Istat 0.75)", NULL},         \
      {"--compat", NULL, 1, "ttwa: 'istat' reproduces LabourMarketAreas 3.4", NULL},        \
      {"--regions", NULL, 1, "intramax: number of regions", NULL},                          \
      {"--resolution", NULL, 1, "leiden/louvain: resolution", NULL},                        \
      {"--seed", NULL, 1, "random seed of community detection", NULL}

static const char *const method_keys[] = {
    "--threshold", "--central-field", "--area-field", "--employed-field", "--jobs-field",
    "--min-size",  "--min-sc",        "--target-size", "--target-sc",    "--compat",
    "--regions",   "--resolution",    "--seed",        "--min-mass",  NULL};

/* "0.05,0.10,0.20" -> one value per level; one value alone applies to all. */
static int parse_list(rn_ctx_t *ctx, const char *opt, const char *s, int nlevels, double *v) {
  char *copy = strdup(s), *save = NULL;
  int k = 0, rc = RN_OK;
  for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    char *end;
    double x = strtod(t, &end);
    if (end == t || *end) {
      rc = rn_error(ctx, RN_EPARAM, "%s: '%s' is not a number", opt, t);
      break;
    }
    if (k >= nlevels) {
      rc = rn_error(ctx, RN_EPARAM, "%s: %d values for %d levels", opt, k + 1, nlevels);
      break;
    }
    v[k++] = x;
  }
  free(copy);
  if (rc == RN_OK && k != 1 && k != nlevels)
    rc = rn_error(ctx, RN_EPARAM, "%s: give one value, or one per level (%d)", opt, nlevels);
  for (int l = k; rc == RN_OK && l < nlevels; l++) v[l] = v[0];
  return rc;
}

static int build_params(rn_ctx_t *ctx, const rn_opt_t *opts, rn_params_t *p) {
  const char *s;
  int rc = rn_params_preset(ctx, (s = rn_opt(opts, "--preset")) ? s : "krihs", p);
  if (rc != RN_OK) return rc;
  if ((s = rn_opt(opts, "--params")) && (rc = rn_params_read_file(ctx, s, p)) != RN_OK) return rc;
  double v[RN_MAX_LEVELS];
  if ((s = rn_opt(opts, "--thresholds"))) {
    if ((rc = parse_list(ctx, "--thresholds", s, p->nlevels, v)) != RN_OK) return rc;
    for (int l = 0; l < p->nlevels; l++) {
      if (!(v[l] > 0 && v[l] <= 1))
        return rn_error(ctx, RN_EPARAM, "--thresholds: %g is outside (0,1]", v[l]);
      p->level[l].theta = v[l];
    }
  }
  if ((s = rn_opt(opts, "--min-mass"))) {
    if ((rc = parse_list(ctx, "--min-mass", s, p->nlevels, v)) != RN_OK) return rc;
    for (int l = 0; l < p->nlevels; l++) p->level[l].min_mass = v[l];
  }
  if ((s = rn_opt(opts, "--mode"))) {
    char *copy = strdup(s), *save = NULL;
    int k = 0;
    rn_mode_t m[RN_MAX_LEVELS];
    for (char *t = strtok_r(copy, ",", &save); t && rc == RN_OK; t = strtok_r(NULL, ",", &save)) {
      if (k >= p->nlevels || rn_mode_parse(t, &m[k]) != RN_OK)
        rc = rn_error(ctx, RN_EPARAM, "--mode: '%s' is not dominant, chain or core (or too many)", t);
      k++;
    }
    free(copy);
    if (rc != RN_OK) return rc;
    if (k != 1 && k != p->nlevels)
      return rn_error(ctx, RN_EPARAM, "--mode: give one mode, or one per level (%d)", p->nlevels);
    for (int l = 0; l < p->nlevels; l++) p->level[l].mode = m[k == 1 ? 0 : l];
  }
  if ((s = rn_opt(opts, "--cores"))) {
    free(p->level[0].cores);
    p->level[0].cores = strdup(s);
  }
  if ((s = rn_opt(opts, "--denominator"))) {
    if (!strcmp(s, "total")) p->denom = RN_DENOM_TOTAL;
    else if (!strcmp(s, "out")) p->denom = RN_DENOM_OUT;
    else if (!strcmp(s, "auto")) p->denom = RN_DENOM_AUTO;
    else if (!strncmp(s, "field:", 6) && s[6]) {
      p->denom = RN_DENOM_FIELD;
      snprintf(p->denom_field, sizeof p->denom_field, "%s", s + 6);
    } else
      return rn_error(ctx, RN_EPARAM, "--denominator: '%s' is not total, out or field:NAME", s);
  }
  if ((s = rn_opt(opts, "--contiguity"))) {
    if (strcmp(s, "enforce") && strcmp(s, "ignore"))
      return rn_error(ctx, RN_EPARAM, "--contiguity: '%s' is not enforce or ignore", s);
    p->contiguity = !strcmp(s, "enforce");
  }
  if ((s = rn_opt(opts, "--adjacency"))) {
    if (strcmp(s, "rook") && strcmp(s, "queen"))
      return rn_error(ctx, RN_EPARAM, "--adjacency: '%s' is not rook or queen", s);
    p->queen = !strcmp(s, "queen");
  }
  return RN_OK;
}

static void print_summary(FILE *out, const rn_units_t *u, const rn_params_t *p,
                          const rn_result_t *r) {
  fprintf(out, "denominator: %s%s%s; contiguity: %s (%s)\n", rn_denom_name(r->denom),
          r->denom == RN_DENOM_FIELD ? ":" : "", r->denom_field, p->contiguity ? "enforce" : "ignore",
          p->queen ? "queen" : "rook");
  for (int l = 0; l < r->nlevels; l++) {
    const rn_level_result_t *lr = &r->level[l];
    const rn_level_params_t *lp = &p->level[l];
    int64_t covered = 0;
    for (int64_t i = 0; i < u->n; i++) covered += lr->region[i] >= 0;
    fprintf(out, "\n%s: threshold %.0f%%, mode %s, %lld regions covering %lld of %lld units\n",
            lp->name, lp->theta * 100, rn_mode_name(lp->mode), (long long)lr->nregions,
            (long long)covered, (long long)u->n);
    if (lr->nregions > 40) {
      fprintf(out, "  (table of regions in the output's '%s' layer)\n", lp->name);
      continue;
    }
    fprintf(out, "  %-8s %-28s %6s %14s %14s %8s %8s\n", "id", "name", "units", "mass",
            "residents", "sc_sup", "sc_dem");
    for (int64_t g = 0; g < lr->nregions; g++) {
      const rn_region_t *rg = &lr->regions[g];
      fprintf(out, "  %-8s %-28.28s %6lld %14.0f %14.0f %8.3f %8.3f\n", rg->id, rg->name,
              (long long)rg->n_units, rg->mass, rg->residents, rg->sc_supply, rg->sc_demand);
    }
  }
}

int rn_app_delineate(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  rn_opt_t opts[] = {
      RN_INPUT_OPTIONS,
      {"--preset", NULL, 1, "preset of levels (default krihs: metro 5%, urban 10%, life 20%)", NULL},
      {"--params", NULL, 1, "JSON parameter file (levels, thresholds, modes, cores ...)", NULL},
      {"--cores", NULL, 1, "designated first-level cores, e.g. \"11;21+26;22\"", NULL},
      {"--thresholds", NULL, 1, "share thresholds per level, e.g. 0.05,0.10,0.20", NULL},
      {"--min-mass", NULL, 1, "minimum core mass per level, e.g. 1000000,50000,0", NULL},
      {"--mode", NULL, 1, "growth mode: dominant, chain or core (or one per level)", NULL},
      {"--denominator", NULL, 1, "total, out or field:NAME (default: from the data)", NULL},
      {"--contiguity", NULL, 1, "enforce (default) or ignore", NULL},
      {"--adjacency", NULL, 1, "rook (default) or queen", NULL},
      {"--method", NULL, 1, "netcon (default), or another method: see 'regionet methods'", NULL},
      RN_METHOD_OPTIONS,
      {"--output", "-o", 1, "output file (GeoPackage by default)", NULL},
      {"--format", "-f", 1, "OGR driver of the output (default GPKG)", NULL},
      {"--overwrite", NULL, 0, "replace an existing output", NULL},
      {"--progress", NULL, 0, "show progress 0...10...20...100", NULL},
      {"--quiet", "-q", 0, "print nothing but errors", NULL},
      {"--help", "-h", 0, "this help", NULL},
      {NULL, NULL, 0, NULL, NULL}};
  const char *pos[1];
  int npos, rc = rn_opts_parse(ctx, "delineate", argc, argv, opts, pos, 0, &npos);
  if (rc != RN_OK) return rc;
  if (rn_opt(opts, "--help")) {
    rn_opts_help(out, "delineate", "--units F --id FIELD --flows F -o OUT.gpkg [options]", opts);
    return RN_OK;
  }
  int quiet = rn_opt(opts, "--quiet") != NULL;
  if (quiet) ctx->quiet = 1;
  if (rn_opt(opts, "--progress") && !quiet) ctx->progress = GDALTermProgress;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rn_output_opts_t oo = {.path = rn_opt(opts, "--output"),
                         .format = rn_opt(opts, "--format"),
                         .overwrite = rn_opt(opts, "--overwrite") != NULL};
  rn_params_t p;
  rn_params_init(&p);
  rn_inputs_t in;
  rn_inputs_init(&in);
  rn_result_t r;
  rn_result_init(&r);
  char *prov = NULL;
  char **mopts = NULL;
  /* refuse an existing output and bad parameters before any work */
  if ((rc = rn_output_check(ctx, &oo)) != RN_OK) goto done;
  char *side = rn_provenance_sidecar_path(oo.path);
  struct stat st;
  if (side && !oo.overwrite && stat(side, &st) == 0)
    rc = rn_error(ctx, RN_EEXISTS, "%s exists; give --overwrite to replace it", side);
  free(side);
  if (rc != RN_OK) goto done;
  if ((rc = build_params(ctx, opts, &p)) != RN_OK) goto done;
  const char *mname = rn_opt(opts, "--method");
  const rn_method_t *method = rn_method_find(mname ? mname : "netcon");
  if (!method) {
    rc = rn_error(ctx, RN_EPARAM, "unknown method '%s' (see 'regionet methods')", mname);
    goto done;
  }
  int netcon = !strcmp(method->name, "netcon");
  const char *extra[8];
  int nextra = 0;
  if (p.denom == RN_DENOM_FIELD) extra[nextra++] = p.denom_field;
  for (int k = 0; method_keys[k]; k++) {
    const char *v = rn_opt(opts, method_keys[k]);
    if (v && strstr(method_keys[k], "-field")) extra[nextra++] = v;
    if (v) mopts = CSLSetNameValue(mopts, method_keys[k] + 2, v);
  }
  if ((rc = rn_inputs_load(ctx, opts, p.contiguity, extra, nextra, &in)) != RN_OK) goto done;
  if (netcon) {
    rc = rn_delineate(ctx, &in.units, &in.flows, in.have_adj ? &in.adj : NULL, &p, &r);
  } else {
    rn_method_input_t mi = {.units = &in.units,
                            .flows = &in.flows,
                            .adj = in.have_adj ? &in.adj : NULL,
                            .queen = p.queen,
                            .contiguity = p.contiguity};
    rn_params_t used;
    rn_params_init(&used);
    used.contiguity = p.contiguity;
    used.queen = p.queen;
    snprintf(used.preset, sizeof used.preset, "%s", method->name);
    rc = method->run(ctx, &mi, mopts, &used, &r);
    rn_params_destroy(&p);
    p = used;
  }
  if (rc != RN_OK) goto done;
  for (int64_t d = 0; d < r.ndecisions; d++) {
    const rn_decision_t *dc = &r.decisions[d];
    rn_report(ctx, "%s: unit %s (%s): %s", p.level[dc->level].name, in.units.code[dc->unit],
              in.units.name[dc->unit], dc->reason);
  }
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  if ((rc = rn_provenance_json(ctx, argc, argv, &in, &p, &r, secs, &prov)) != RN_OK) goto done;
  oo.provenance = prov;
  if ((rc = rn_output_write(ctx, &oo, &in.units, &in.flows, &p, &r)) != RN_OK) goto done;
  if ((rc = rn_provenance_sidecar(ctx, oo.path, prov, oo.overwrite)) != RN_OK) goto done;
  if (!quiet) {
    print_summary(out, &in.units, &p, &r);
    fprintf(out, "\nwrote %s (layers: units", oo.path);
    for (int l = 0; l < p.nlevels; l++) fprintf(out, ", %s", p.level[l].name);
    char *side = rn_provenance_sidecar_path(oo.path);
    fprintf(out, ") and its provenance %s\n", side ? side : "");
    free(side);
  }
done:
  CSLDestroy(mopts);
  free(prov);
  rn_result_destroy(&r);
  rn_inputs_destroy(ctx, &in);
  rn_params_destroy(&p);
  return rc;
}
