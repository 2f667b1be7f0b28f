/* `regionet bootstrap`: how sure is each unit's region? The default
 * partition, then R replicates of the flows as a survey would have drawn
 * them, clustered again (algorithms/README.md): per unit its confidence and margin,
 * per pair of neighbours the strength of their boundary, per region the
 * confidence of its members, written like every output. */
#include "app_options.h"
#include "progress_stage.h"
#include "provenance.h"
#include "regionet/app.h"
#include "algorithms/bootstrap/bootstrap.h"

#include <cpl_string.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define RN_BOOT_DEFAULT_REPLICATES 200
#define RN_BOOT_LIST 10 /* least confident units listed per level */

static double seconds_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

static int parse_options(rn_ctx_t *ctx, const rn_opt_t *opts, rn_bootstrap_opts_t *bo) {
  const char *s;
  char *end;
  bo->replicates = RN_BOOT_DEFAULT_REPLICATES;
  bo->seed = 1;
  bo->fraction = 1;
  if ((s = rn_opt(opts, "--replicates"))) {
    long long r = strtoll(s, &end, 10);
    if (*end || r < 1 || r > 1000000)
      return rn_error(ctx, RN_EPARAM, "--replicates: '%s' is not a whole number in 1..1000000", s);
    bo->replicates = r;
  }
  if ((s = rn_opt(opts, "--seed"))) {
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || !*s || *s == '-') return rn_error(ctx, RN_EPARAM, "--seed: '%s' is not a whole number >= 0", s);
    bo->seed = v;
  }
  if ((s = rn_opt(opts, "--sampling")) && rn_sampling_parse(s, &bo->sampling) != RN_OK)
    return rn_error(ctx, RN_EPARAM, "--sampling: '%s' is not multinomial or poisson", s);
  if ((s = rn_opt(opts, "--sample-fraction"))) {
    bo->fraction = strtod(s, &end);
    if (*end || !(bo->fraction > 0 && bo->fraction <= 1))
      return rn_error(ctx, RN_EPARAM, "--sample-fraction: '%s' is not a share in (0,1]", s);
  }
  return RN_OK;
}

typedef struct {
  int64_t unit;
  double conf;
} low_t;
static int cmp_low(const void *a, const void *b) {
  const low_t *x = a, *y = b;
  if (x->conf != y->conf) return x->conf < y->conf ? -1 : 1;
  return (x->unit > y->unit) - (x->unit < y->unit);
}

static void print_summary(FILE *out, const rn_units_t *u, const rn_bootstrap_t *b,
                          const rn_bootstrap_opts_t *bo, double secs) {
  fprintf(out, "%lld replicates (%s sampling, sample fraction %g, seed %llu) in %.2f s\n",
          (long long)b->replicates, rn_sampling_name(bo->sampling), bo->fraction,
          (unsigned long long)bo->seed, secs);
  low_t *low = malloc(sizeof *low * (size_t)(u->n + 1));
  for (int l = 0; l < b->base.nlevels; l++) {
    int64_t n50 = 0, n90 = 0, n99 = 0;
    for (int64_t i = 0; i < u->n; i++) {
      double c = b->confidence[l][i];
      n50 += c < 0.5;
      n90 += c < 0.9;
      n99 += c < 0.99;
      if (low) low[i] = (low_t){i, c};
    }
    fprintf(out, "\n%s: %lld regions; units with confidence below 0.5: %lld, below 0.9: %lld, "
                 "below 0.99: %lld (of %lld)\n",
            b->used.level[l].name, (long long)b->base.level[l].nregions, (long long)n50,
            (long long)n90, (long long)n99, (long long)u->n);
    if (!low || !n99) continue;
    qsort(low, (size_t)u->n, sizeof *low, cmp_low);
    fprintf(out, "  %-10s %-24s %-24s %10s %9s %9s\n", "code", "name", "default region",
            "confidence", "margin", "tie gap");
    for (int64_t k = 0; k < u->n && k < RN_BOOT_LIST && low[k].conf < 0.99; k++) {
      int64_t i = low[k].unit, g = b->base.level[l].region[i];
      char margin[32] = "", gap[32] = "";
      if (isfinite(b->margin[l][i])) snprintf(margin, sizeof margin, "%+.2f%%", 100 * b->margin[l][i]);
      if (isfinite(b->tie_gap[l][i])) snprintf(gap, sizeof gap, "%.2f%%", 100 * b->tie_gap[l][i]);
      fprintf(out, "  %-10.10s %-24.24s %-24.24s %10.3f %9s %9s\n", u->code[i], u->name[i],
              g >= 0 ? b->base.level[l].regions[g].name : "(none)", low[k].conf, margin, gap);
    }
  }
  free(low);
}

/* The run's provenance with the bootstrap's own record added. */
static int provenance(rn_ctx_t *ctx, int argc, char **argv, rn_inputs_t *in, const rn_bootstrap_t *b,
                      const rn_bootstrap_opts_t *bo, const rn_output_opts_t *oo, double secs,
                      char **out) {
  char *base = NULL;
  int rc = rn_provenance_json(ctx, argc, argv, in, &b->used, &b->base, NULL, secs, &base);
  if (rc != RN_OK) return rc;
  json_t *root = json_loads(base, 0, NULL);
  free(base);
  if (!root) return rn_error(ctx, RN_EINTERNAL, "cannot assemble the provenance record");
  json_object_set_new(
      root, "bootstrap",
      json_pack("{s:I,s:I,s:s,s:f,s:s,s:s}", "replicates", (json_int_t)bo->replicates, "seed",
                (json_int_t)bo->seed, "sampling", rn_sampling_name(bo->sampling), "sample_fraction",
                bo->fraction, "generator",
                "xoshiro256** seeded by splitmix64 from (seed, replicate index); GSL samplers",
                "draws",
                bo->sampling == RN_SAMPLING_POISSON
                    ? "T*_ij = Poisson(f T_ij) / f"
                    : "row i: Multinomial(f O_i rounded at random, T_ij / O_i) / f, diagonal included"));
  json_object_set_new(root, "output", json_pack("{s:s,s:s,s:s}", "path", oo->path, "format",
                                                oo->format ? oo->format : "GPKG", "layers",
                                                "units,boundaries,regions"));
  *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  json_decref(root);
  return *out ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
}

int rn_app_bootstrap(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  rn_opt_t opts[] = {
      RN_INPUT_OPTIONS,
      RN_CLUSTER_OPTIONS,
      {"--thresholds", NULL, 1, "share thresholds per level, e.g. 0.05,0.10,0.20", NULL},
      {"--method", NULL, 1, "netcon (default), or another method: see 'regionet methods'", NULL},
      RN_METHOD_OPTIONS,
      {"--replicates", NULL, 1, "number of replicates (default 200)", NULL},
      {"--seed", NULL, 1, "seed of the replicates (default 1)", NULL},
      {"--sampling", NULL, 1, "multinomial (default: each origin's trips) or poisson (each flow)", NULL},
      {"--sample-fraction", NULL, 1, "share of all trips the flows were estimated from (default 1: a census)", NULL},
      {"--output", "-o", 1, "output file (GeoPackage by default)", NULL},
      {"--format", "-f", 1, "OGR driver of the output (default GPKG; one holding several layers)", NULL},
      RN_WRITE_OPTIONS,
      {NULL, NULL, 0, NULL, NULL}};
  const char *pos[1];
  int npos, rc = rn_opts_parse(ctx, "bootstrap", argc, argv, opts, pos, 0, &npos);
  if (rc != RN_OK) return rc;
  if (rn_opt(opts, "--help")) {
    rn_opts_help(out, "bootstrap",
                 "--units F --id FIELD --flows F -o OUT.gpkg [--replicates R] [--seed S] "
                 "[--sampling multinomial|poisson] [--sample-fraction F] [options of delineate]",
                 opts);
    return RN_OK;
  }
  rn_bootstrap_opts_t bo;
  memset(&bo, 0, sizeof bo);
  if ((rc = rn_opt_threads(ctx, opts, &bo.nthreads)) != RN_OK) return rc;
  ctx->threads = bo.nthreads;
  if ((rc = parse_options(ctx, opts, &bo)) != RN_OK) return rc;
  int quiet = rn_opt(opts, "--quiet") != NULL;
  if (quiet) ctx->quiet = 1;
  if (rn_opt(opts, "--progress") && !quiet) ctx->progress = GDALTermProgress;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rn_output_opts_t oo = {.path = rn_opt(opts, "--output"),
                         .format = rn_opt(opts, "--format"),
                         .overwrite = rn_opt(opts, "--overwrite") != NULL};
  rn_outset_t set;
  rn_outset_init(&set, oo.overwrite);
  oo.set = &set;
  rn_params_t p;
  rn_params_init(&p);
  rn_inputs_t in;
  rn_inputs_init(&in);
  rn_bootstrap_t b;
  rn_bootstrap_init(&b);
  char *prov = NULL;
  oo.lco = rn_opt_list(argc, argv, opts, "--lco");
  oo.dsco = rn_opt_list(argc, argv, opts, "--dsco");
  if (!oo.path) {
    rc = rn_error(ctx, RN_EPARAM, "bootstrap: give an output file (-o OUT.gpkg)");
    goto done;
  }
  /* refuse an existing output, an input as output, a missing folder, a
   * target another run is writing and bad parameters before any work */
  if ((rc = rn_app_outputs(ctx, opts, &oo, 1)) != RN_OK) goto done;
  if (!rn_output_one_dataset(&oo)) {
    rc = rn_error(ctx, RN_EPARAM,
                  "bootstrap -o: %s writes one layer per file, and the bootstrap's layers go in "
                  "one dataset: give .gpkg, .sqlite or .gml", oo.driver);
    goto done;
  }
  if ((rc = rn_app_params(ctx, opts, "--thresholds", &p)) != RN_OK) goto done;
  const char *mname = rn_opt(opts, "--method");
  if (!(bo.method = rn_method_find(mname ? mname : "netcon"))) {
    rc = rn_error(ctx, RN_EPARAM, "unknown method '%s' (see 'regionet methods')", mname);
    goto done;
  }
  const char *extra[8];
  int nextra = 0;
  if (p.denom == RN_DENOM_FIELD) extra[nextra++] = p.denom_field;
  bo.method_options = rn_app_method_options(opts, 0, extra, in.extra_code, &nextra);
  /* the adjacency always: the boundaries layer is made of its pairs */
  rn_stage_t stage;
  rn_stage_begin(ctx, 0.0, 0.1, &stage);
  rc = rn_inputs_load(ctx, opts, 1, extra, nextra, &in);
  rn_stage_end(ctx, &stage);
  if (rc != RN_OK) goto done;
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  rn_stage_begin(ctx, 0.1, 0.9, &stage);
  rc = rn_bootstrap_run(ctx, &in.units, &in.flows, &in.adj, &p, &bo, &b);
  rn_stage_end(ctx, &stage);
  if (rc != RN_OK) goto done;
  double t_boot = seconds_since(&t1);
  rn_ctx_mark(ctx, "bootstrap");
  if ((rc = provenance(ctx, argc, argv, &in, &b, &bo, &oo, seconds_since(&t0), &prov)) != RN_OK)
    goto done;
  oo.provenance = prov;
  const char *snap = rn_opt(opts, "--snap");
  double tol = snap ? strtod(snap, NULL) : RN_ADJ_DEFAULT_TOLERANCE; /* checked by the reader */
  rn_stage_begin(ctx, 0.9, 1.0, &stage);
  rc = rn_bootstrap_write(ctx, &oo, &in.units, &b, tol);
  rn_stage_end(ctx, &stage);
  if (rc != RN_OK) goto done;
  if ((rc = rn_provenance_sidecar(ctx, &set, oo.path, prov)) != RN_OK) goto done;
  /* data and sidecar reach their names together, or neither does */
  if ((rc = rn_outset_commit(ctx, &set)) != RN_OK) goto done;
  rn_ctx_mark(ctx, "provenance sidecar and commit");
  if (!quiet) {
    print_summary(out, &in.units, &b, &bo, t_boot);
    char *sp = rn_provenance_sidecar_path(oo.path);
    fprintf(out, "\nwrote %s (layers: units, boundaries, regions) and its provenance %s\n", oo.path,
            sp ? sp : "");
    free(sp);
  }
done:
  rn_outset_destroy(ctx, &set);
  CSLDestroy(oo.lco);
  CSLDestroy(oo.dsco);
  CSLDestroy(bo.method_options);
  free(prov);
  rn_bootstrap_destroy(&b);
  rn_inputs_destroy(ctx, &in);
  rn_params_destroy(&p);
  return rc;
}
