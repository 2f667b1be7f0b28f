/* `regionet delineate`: boundaries + flows -> metropolitan areas, urban areas
 * and life zones, written as GIS layers with provenance. */
#include "app_balance.h"
#include "app_options.h"
#include "progress_stage.h"
#include "provenance.h"
#include "regionet/app.h"

#include <cpl_string.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void print_summary(FILE *out, const rn_units_t *u, const rn_flows_t *f,
                          const rn_params_t *p, const rn_result_t *r, const char *method) {
  fprintf(out, "denominator: %s%s%s; contiguity: %s (%s)", rn_denom_name(r->denom),
          r->denom == RN_DENOM_FIELD ? ":" : "", r->denom_field, p->contiguity ? "enforce" : "ignore",
          p->queen ? "queen" : "rook");
  if (!method) fprintf(out, "; dominance: %s", p->dominance_any ? "any" : "mass");
  fputc('\n', out);
  if (f->n_diag == 0)
    fprintf(out, "(the flows hold no intra-unit entries: self-containment counts only flows "
                 "between the units of a region, so a region of one unit has 0)\n");
  for (int l = 0; l < r->nlevels; l++) {
    const rn_level_result_t *lr = &r->level[l];
    const rn_level_params_t *lp = &p->level[l];
    int64_t covered = 0;
    for (int64_t i = 0; i < u->n; i++) covered += lr->region[i] >= 0;
    fprintf(out, "\n%s: threshold %.4g%%, %s %s, %lld regions covering %lld of %lld units\n",
            lp->name, lp->theta * 100, method ? "method" : "mode",
            method ? method : rn_mode_name(lp->mode), (long long)lr->nregions, (long long)covered,
            (long long)u->n);
    if (!method && !lp->cores && lp->min_mass_share > 0)
      fprintf(out, "  minimum core mass %.0f (%.15g%% of the total)\n", lr->min_mass,
              100 * lp->min_mass_share);
    else if (!method && !lp->cores)
      fprintf(out, "  minimum core mass %.0f\n", lr->min_mass);
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
      RN_CLUSTER_OPTIONS,
      {"--thresholds", NULL, 1, "share thresholds, one per level (0.05,0.10,0.20) or NAME=VALUE (life=0.15)",
       NULL},
      {"--method", NULL, 1, "netcon (default), or another method: see 'regionet methods'", NULL},
      RN_METHOD_OPTIONS,
      RN_BALANCE_OPTIONS,
      RN_METHOD_SEED_OPTION,
      {"--output", "-o", 1, "output file; its extension chooses the format (.gpkg, .shp, .geojson, .fgb ...); or PG:\"dbname=...\"", NULL},
      {"--schema", NULL, 1, "the schema a PostgreSQL output (-o PG:...) is written to", NULL},
      {"--format", "-f", 1, "output driver, overriding the extension: GPKG, ESRI Shapefile, GeoJSON, FlatGeobuf, SQLite, GML", NULL},
      RN_WRITE_OPTIONS,
      {NULL, NULL, 0, NULL, NULL}};
  const char *pos[1];
  int npos, rc = rn_opts_parse(ctx, "delineate", argc, argv, opts, pos, 0, &npos);
  if (rc != RN_OK) return rc;
  if (rn_opt(opts, "--help")) {
    rn_opts_help(out, "delineate", "--units F --id FIELD --flows F -o OUT.gpkg [options]", opts);
    return RN_OK;
  }
  if ((rc = rn_opt_threads(ctx, opts, &ctx->threads)) != RN_OK) return rc;
  int quiet = rn_opt(opts, "--quiet") != NULL;
  if (quiet) ctx->quiet = 1;
  if (rn_opt(opts, "--progress") && !quiet) ctx->progress = GDALTermProgress;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rn_output_opts_t oo = {.path = rn_opt(opts, "--output"),
                         .format = rn_opt(opts, "--format"),
                         .overwrite = rn_opt(opts, "--overwrite") != NULL,
                         .schema = rn_opt(opts, "--schema")};
  /* a database output keeps its provenance in the schema: no sidecar */
  int db_out = oo.path && rn_source_is_db(oo.path);
  rn_outset_t set;
  rn_outset_init(&set, oo.overwrite);
  oo.set = &set;
  rn_params_t p;
  rn_params_init(&p);
  rn_inputs_t in;
  rn_inputs_init(&in);
  rn_result_t r;
  rn_result_init(&r);
  char *prov = NULL;
  char **mopts = NULL, **bfields = NULL;
  oo.lco = rn_opt_list(argc, argv, opts, "--lco");
  oo.dsco = rn_opt_list(argc, argv, opts, "--dsco");
  for (char **kv = oo.lco; kv && *kv && rc == RN_OK; kv++)
    if (!strchr(*kv, '=')) rc = rn_error(ctx, RN_EPARAM, "--lco: '%s' is not KEY=VALUE", *kv);
  for (char **kv = oo.dsco; kv && *kv && rc == RN_OK; kv++)
    if (!strchr(*kv, '=')) rc = rn_error(ctx, RN_EPARAM, "--dsco: '%s' is not KEY=VALUE", *kv);
  if (rc != RN_OK) goto done;
  /* refuse an existing output, an input as output, a missing folder, a
   * target another run is writing and bad parameters before any work */
  if ((rc = rn_app_outputs(ctx, opts, &oo, !db_out)) != RN_OK) goto done;
  if ((rc = rn_app_params(ctx, opts, "--thresholds", &p)) != RN_OK) goto done;
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
  mopts = rn_app_method_options(opts, 1, extra, in.extra_code, &nextra);
  bfields = rn_balance_fields(opts);
  for (char **b = bfields; b && *b; b++) {
    if (nextra >= (int)(sizeof extra / sizeof extra[0])) {
      rc = rn_error(ctx, RN_EPARAM, "too many unit fields to load (--balance-fields)");
      goto done;
    }
    extra[nextra++] = *b;
  }
  rn_stage_t stage;
  rn_stage_begin(ctx, 0.0, 0.4, &stage);
  rc = rn_inputs_load(ctx, opts, p.contiguity, extra, nextra, &in);
  rn_stage_end(ctx, &stage);
  if (rc != RN_OK) goto done;
  if (in.no_geometry) p.contiguity = 0;
  if (rc == RN_OK) rc = rn_app_cores_resolve(ctx, &in.units, &p);
  if (rc != RN_OK) goto done;
  rn_stage_begin(ctx, 0.4, 0.6, &stage);
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
    snprintf(used.method, sizeof used.method, "%s", method->name);
    snprintf(used.preset, sizeof used.preset, "%s", method->name);
    rc = method->run(ctx, &mi, mopts, &used, &r);
    rn_params_destroy(&p);
    p = used;
  }
  rn_stage_end(ctx, &stage);
  if (rc != RN_OK) goto done;
  rn_ctx_mark(ctx, "delineate");
  if ((rc = rn_balance_run(ctx, opts, &in, &r)) != RN_OK) goto done;
  for (int64_t d = 0; d < r.ndecisions; d++) {
    const rn_decision_t *dc = &r.decisions[d];
    rn_report(ctx, "%s: unit %s (%s): %s", p.level[dc->level].name, in.units.code[dc->unit],
              in.units.name[dc->unit], dc->reason);
  }
  for (int64_t k = 0; k < r.nwarnings; k++) rn_report(ctx, "warning: %s", r.warnings[k].text);
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  if ((rc = rn_provenance_json(ctx, argc, argv, &in, &p, &r, &oo, secs, &prov)) != RN_OK) goto done;
  oo.provenance = prov;
  rn_stage_begin(ctx, 0.6, 1.0, &stage);
  rc = rn_output_write(ctx, &oo, &in.units, &in.flows, &p, &r);
  rn_stage_end(ctx, &stage);
  if (rc != RN_OK) goto done;
  if (!db_out && (rc = rn_provenance_sidecar(ctx, &set, oo.path, prov)) != RN_OK) goto done;
  /* data and sidecar reach their names together, or neither does */
  if ((rc = rn_outset_commit(ctx, &set)) != RN_OK) goto done;
  rn_ctx_mark(ctx, "provenance sidecar and commit");
  if (!quiet) {
    print_summary(out, &in.units, &in.flows, &p, &r, netcon ? NULL : method->name);
    rn_balance_print(out, &p, &r);
    char layers[512];
    rn_output_layers(&p, &r, layers, sizeof layers);
    if (db_out) {
      char shown[4096];
      rn_source_name(oo.path, shown, sizeof shown);
      fprintf(out, "\nwrote schema %s of %s (layers: %s) with its provenance\n", oo.schema,
              shown, layers);
    } else {
      fprintf(out, "\nwrote %s (layers: %s", oo.path, layers);
      char *side = rn_provenance_sidecar_path(oo.path);
      fprintf(out, ") and its provenance %s\n", side ? side : "");
      free(side);
    }
  }
done:
  rn_outset_destroy(ctx, &set);
  CSLDestroy(oo.lco);
  CSLDestroy(oo.dsco);
  CSLDestroy(mopts);
  CSLDestroy(bfields);
  free(prov);
  rn_result_destroy(&r);
  rn_inputs_destroy(ctx, &in);
  rn_params_destroy(&p);
  return rc;
}
