/* `regionet sweep`: the clustering over a grid of thresholds per level, with
 * the agreement of each threshold's partition with the default one and each
 * unit's stability (algorithms/README.md). */
#include "app_options.h"
#include "provenance.h"
#include "regionet/app.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RN_SWEEP_DEFAULT_GRID "0.02:0.30:0.01"

static double seconds_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* "metro=0.02:0.10:0.01" (several joined by ';'); --level may be repeated,
 * which the option table does not keep, so argv is read for every one. */
static int level_grids(rn_ctx_t *ctx, int argc, char **argv, const rn_params_t *p, double **grid,
                       int *ngrid) {
  for (int k = 1; k < argc; k++) {
    const char *v = NULL;
    if (!strcmp(argv[k], "--level") && k + 1 < argc) v = argv[++k];
    else if (!strncmp(argv[k], "--level=", 8)) v = argv[k] + 8;
    else continue;
    char *copy = strdup(v), *save = NULL;
    if (!copy) return rn_error(ctx, RN_ENOMEM, "out of memory");
    int rc = RN_OK;
    for (char *t = strtok_r(copy, ";", &save); t && rc == RN_OK; t = strtok_r(NULL, ";", &save)) {
      char *eq = strchr(t, '=');
      if (!eq) {
        rc = rn_error(ctx, RN_EPARAM, "--level '%s': give NAME=GRID, e.g. metro=0.02:0.10:0.01", t);
        break;
      }
      *eq = 0;
      int l = rn_level_index(p, t);
      if (l < 0) {
        rc = rn_error(ctx, RN_EPARAM, "--level: no level '%s'", t);
        break;
      }
      free(grid[l]);
      grid[l] = NULL;
      rc = rn_thresholds_parse(ctx, eq + 1, &grid[l], &ngrid[l]);
    }
    free(copy);
    if (rc != RN_OK) return rc;
  }
  return RN_OK;
}

static int is_default(const rn_params_t *p, const rn_sweep_row_t *row) {
  return fabs(p->level[row->level].theta - row->theta) < 1e-12;
}

static void print_table(FILE *out, const rn_params_t *p, const rn_sweep_t *s) {
  fprintf(out, "%-8s %9s %8s %8s %10s %8s %8s\n", "level", "threshold", "regions", "covered",
          "mean_sc", "ari", "nmi");
  for (int64_t k = 0; k < s->nrows; k++) {
    const rn_sweep_row_t *r = &s->rows[k];
    fprintf(out, "%-8s %9.4g %8lld %8lld %10.4f %8.4f %8.4f%s\n", p->level[r->level].name,
            r->theta, (long long)r->nregions, (long long)r->covered, r->mean_sc, r->ari, r->nmi,
            is_default(p, r) ? "  (default)" : "");
  }
  for (int l = 0; l < s->base.nlevels; l++) {
    if (!s->stability[l]) continue;
    double sum = 0;
    int64_t full = 0;
    for (int64_t i = 0; i < s->n; i++) {
      sum += s->stability[l][i];
      full += s->stability[l][i] == 1.0;
    }
    fprintf(out, "%s: mean unit stability %.3f; %lld of %lld units stable at every threshold\n",
            p->level[l].name, s->n ? sum / (double)s->n : NAN, (long long)full, (long long)s->n);
  }
}

static json_t *num(double x) { return isfinite(x) ? json_real(x) : json_null(); }

static json_t *to_json(const rn_params_t *p, const rn_sweep_t *s, double secs, int nthreads) {
  json_t *o = json_object(), *rows = json_array(), *def = json_object(), *stab = json_object();
  for (int l = 0; l < s->base.nlevels; l++) {
    json_t *d = json_object();
    json_object_set_new(d, "threshold", json_real(p->level[l].theta));
    json_object_set_new(d, "regions", json_integer(s->base.level[l].nregions));
    json_object_set_new(def, p->level[l].name, d);
    if (!s->stability[l]) continue;
    double sum = 0;
    int64_t full = 0;
    for (int64_t i = 0; i < s->n; i++) {
      sum += s->stability[l][i];
      full += s->stability[l][i] == 1.0;
    }
    json_t *st = json_object();
    json_object_set_new(st, "mean", num(s->n ? sum / (double)s->n : NAN));
    json_object_set_new(st, "units_always_stable", json_integer(full));
    json_object_set_new(stab, p->level[l].name, st);
  }
  for (int64_t k = 0; k < s->nrows; k++) {
    const rn_sweep_row_t *r = &s->rows[k];
    json_t *j = json_object();
    json_object_set_new(j, "level", json_string(p->level[r->level].name));
    json_object_set_new(j, "threshold", json_real(r->theta));
    json_object_set_new(j, "regions", json_integer(r->nregions));
    json_object_set_new(j, "covered", json_integer(r->covered));
    json_object_set_new(j, "mean_sc_supply", num(r->mean_sc));
    json_object_set_new(j, "adjusted_rand", num(r->ari)); /* the key compare uses */
    json_object_set_new(j, "nmi", num(r->nmi));
    json_object_set_new(j, "default", json_boolean(is_default(p, r)));
    json_array_append_new(rows, j);
  }
  json_object_set_new(o, "units", json_integer(s->n));
  json_object_set_new(o, "default", def);
  json_object_set_new(o, "rows", rows);
  json_object_set_new(o, "stability", stab);
  json_object_set_new(o, "seconds", json_real(secs));
  json_object_set_new(o, "threads", json_integer(nthreads));
  return o;
}

/* into path (the output set's temporary file for name) */
static int write_csv(rn_ctx_t *ctx, const char *path, const char *name, const rn_params_t *p,
                     const rn_sweep_t *s) {
  FILE *f = fopen(path, "w");
  if (!f) return rn_error(ctx, RN_EIO, "cannot write %s", name);
  fprintf(f, "level,threshold,regions,covered,mean_sc_supply,ari,nmi\n");
  for (int64_t k = 0; k < s->nrows; k++) {
    const rn_sweep_row_t *r = &s->rows[k];
    fprintf(f, "%s,%.12g,%lld,%lld,%.10g,%.10g,%.10g\n", p->level[r->level].name, r->theta,
            (long long)r->nregions, (long long)r->covered, r->mean_sc, r->ari, r->nmi);
  }
  int bad = ferror(f);
  if (fclose(f) != 0 || bad) return rn_error(ctx, RN_EIO, "cannot write %s", name);
  return RN_OK;
}

int rn_app_sweep(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  rn_opt_t opts[] = {
      RN_INPUT_OPTIONS,
      RN_CLUSTER_OPTIONS,
      {"--defaults", NULL, 1, "thresholds of the default partition, one per level (0.05,0.10,0.20) or NAME=VALUE", NULL},
      {"--thresholds", NULL, 1, "grid for every level: start:stop:step and/or a,b,c (default " RN_SWEEP_DEFAULT_GRID ")", NULL},
      {"--level", NULL, 1, "grid of one level, NAME=GRID (repeatable; overrides --thresholds)", NULL},
      {"--json", NULL, 0, "print the table as JSON", NULL},
      {"--csv", NULL, 1, "write the table as CSV to this file", NULL},
      {"--output", "-o", 1, "units with L_id and L_stability, and the table (GeoPackage)", NULL},
      {"--format", "-f", 1, "output driver, overriding the extension (see delineate --help)", NULL},
      {"--overwrite", NULL, 0, "replace an existing output", NULL},
      {"--quiet", "-q", 0, "print nothing but errors", NULL},
      {"--help", "-h", 0, "this help", NULL},
      {NULL, NULL, 0, NULL, NULL}};
  const char *pos[1];
  int npos, rc = rn_opts_parse(ctx, "sweep", argc, argv, opts, pos, 0, &npos);
  if (rc != RN_OK) return rc;
  if (rn_opt(opts, "--help")) {
    rn_opts_help(out, "sweep", "--units F --id FIELD --flows F [--thresholds GRID] [--level NAME=GRID] [-o OUT.gpkg] [--json] [--csv F]", opts);
    return RN_OK;
  }
  int quiet = rn_opt(opts, "--quiet") != NULL;
  if (quiet) ctx->quiet = 1;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rn_output_opts_t oo = {.path = rn_opt(opts, "--output"),
                         .format = rn_opt(opts, "--format"),
                         .overwrite = rn_opt(opts, "--overwrite") != NULL};
  rn_params_t p;
  rn_params_init(&p);
  rn_inputs_t in;
  rn_inputs_init(&in);
  rn_sweep_t s;
  rn_sweep_init(&s);
  double *grid[RN_MAX_LEVELS] = {0};
  rn_sweep_opts_t so;
  memset(&so, 0, sizeof so);
  char *prov = NULL;
  if (oo.path && rn_source_is_db(oo.path)) {
    rc = rn_error(ctx, RN_EPARAM, "sweep writes files; a database output is for delineate");
    goto done;
  }
  rn_outset_t set;
  rn_outset_init(&set, oo.overwrite);
  oo.set = &set;
  const char *csv = rn_opt(opts, "--csv");
  /* every output checked and locked before any work; written into the set
   * and moved into place together at the end */
  if ((rc = rn_app_protect_inputs(ctx, opts, &set)) != RN_OK) goto done;
  if (oo.path && (rc = rn_output_check(ctx, &oo)) != RN_OK) goto done;
  if (oo.path && !rn_output_one_dataset(&oo)) {
    rc = rn_error(ctx, RN_EPARAM,
                  "sweep -o: %s writes one layer per file, and the sweep is a units layer "
                  "and a table in one dataset: give .gpkg, .sqlite or .gml",
                  oo.driver);
    goto done;
  }
  if (csv && (rc = rn_outset_add(ctx, &set, csv, RN_OUT_CHECK | RN_OUT_LOCK)) != RN_OK) goto done;
  if ((rc = rn_app_params(ctx, opts, "--defaults", &p)) != RN_OK) goto done;
  const char *s_th = rn_opt(opts, "--thresholds");
  int any_level = 0;
  for (int k = 1; k < argc; k++) any_level |= !strncmp(argv[k], "--level", 7);
  /* --thresholds for every level; without it and without --level, the
   * default grid for every level; --level replaces a level's grid */
  if (s_th || !any_level)
    for (int l = 0; l < p.nlevels; l++)
      if ((rc = rn_thresholds_parse(ctx, s_th ? s_th : RN_SWEEP_DEFAULT_GRID, &grid[l],
                                    &so.ngrid[l])) != RN_OK)
        goto done;
  if ((rc = level_grids(ctx, argc, argv, &p, grid, so.ngrid)) != RN_OK) goto done;
  for (int l = 0; l < RN_MAX_LEVELS; l++) so.grid[l] = grid[l];
  if ((rc = rn_opt_threads(ctx, opts, &so.nthreads)) != RN_OK) goto done;
  ctx->threads = so.nthreads;
  const char *extra[1];
  int nextra = 0;
  if (p.denom == RN_DENOM_FIELD) extra[nextra++] = p.denom_field;
  if ((rc = rn_inputs_load(ctx, opts, p.contiguity, extra, nextra, &in)) != RN_OK) goto done;
  if (in.no_geometry) p.contiguity = 0;
  if (rc == RN_OK) rc = rn_app_cores_resolve(ctx, &in.units, &p);
  if (rc != RN_OK) goto done;
  double t_load = seconds_since(&t0);
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if ((rc = rn_sweep_run(ctx, &in.units, &in.flows, in.have_adj ? &in.adj : NULL, &p, &so, &s)) !=
      RN_OK)
    goto done;
  double t_sweep = seconds_since(&t1);
  for (int64_t k = 0; k < s.base.nwarnings; k++)
    rn_report(ctx, "warning: %s (default thresholds)", s.base.warnings[k].text);
  if (csv) {
    char *tmp = rn_outset_path(ctx, &set, csv);
    rc = tmp ? write_csv(ctx, tmp, csv, &p, &s) : RN_EIO;
    free(tmp);
    if (rc != RN_OK) goto done;
  }
  if (oo.path) {
    if ((rc = rn_provenance_json(ctx, argc, argv, &in, &p, &s.base, NULL, seconds_since(&t0), &prov)) !=
        RN_OK)
      goto done;
    oo.provenance = prov;
    if ((rc = rn_sweep_write(ctx, &oo, &in.units, &in.flows, &p, &s)) != RN_OK) goto done;
  }
  if ((rc = rn_outset_commit(ctx, &set)) != RN_OK) goto done;
  if (rn_opt(opts, "--json")) {
    json_t *o = to_json(&p, &s, t_sweep, so.nthreads);
    char *txt = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(o);
    if (txt) fprintf(out, "%s\n", txt);
    free(txt);
  } else if (!quiet) {
    print_table(out, &p, &s);
    fprintf(out, "\n%lld level runs in %.3f s (inputs read in %.3f s)\n", (long long)s.nrows,
            t_sweep, t_load);
    if (oo.path) fprintf(out, "wrote %s (layers: units, sweep)\n", oo.path);
  }
done:
  rn_outset_destroy(ctx, &set);
  for (int l = 0; l < RN_MAX_LEVELS; l++) free(grid[l]);
  free(prov);
  rn_sweep_destroy(&s);
  rn_inputs_destroy(ctx, &in);
  rn_params_destroy(&p);
  return rc;
}
