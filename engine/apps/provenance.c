/* Provenance of a run, as JSON: kept in the output's metadata and a sidecar. */
#include "provenance.h"
#include "app_balance.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *kind_name(rn_decision_kind_t k) {
  switch (k) {
  case RN_DECISION_EXCLAVE: return "exclave";
  case RN_DECISION_ENCLAVE: return "enclave";
  case RN_DECISION_ISLAND: return "island";
  case RN_DECISION_SPLIT: return "split";
  }
  return "?";
}

int rn_provenance_json(rn_ctx_t *ctx, int argc, char **argv, rn_inputs_t *in,
                       const rn_params_t *p, const rn_result_t *r, const rn_output_opts_t *o,
                       double seconds, char **out) {
  char versions[512];
  const char *us, *fs;
  int rc = rn_inputs_hashes(ctx, in, &us, &fs);
  if (rc != RN_OK) return rc;
  rn_versions_string(versions, sizeof versions);
  json_t *cmd = json_array();
  json_array_append_new(cmd, json_string("regionet"));
  char shown[4096];
  for (int k = 0; k < argc; k++) { /* connections without their password */
    if (rn_source_is_db(argv[k])) rn_source_name(argv[k], shown, sizeof shown);
    json_array_append_new(cmd, json_string(rn_source_is_db(argv[k]) ? shown : argv[k]));
  }
  char *pj = rn_params_to_json(p, r);
  json_t *params = pj ? json_loads(pj, 0, NULL) : json_null();
  free(pj);
  json_t *dec = json_array();
  for (int64_t d = 0; d < r->ndecisions; d++) {
    const rn_decision_t *dc = &r->decisions[d];
    const rn_level_result_t *lr = &r->level[dc->level];
    json_array_append_new(
        dec, json_pack("{s:s,s:s,s:s?,s:s,s:s}", "level", p->level[dc->level].name, "unit",
                       in->units.code[dc->unit], "region",
                       dc->region >= 0 ? lr->regions[dc->region].id : NULL, "decision",
                       kind_name(dc->kind), "reason", dc->reason));
  }
  int netcon = !p->method[0] || !strcmp(p->method, "netcon");
  json_t *levels = json_array();
  for (int l = 0; l < r->nlevels; l++) {
    int64_t covered = 0;
    for (int64_t i = 0; i < in->units.n; i++) covered += r->level[l].region[i] >= 0;
    json_t *lv = json_pack("{s:s,s:I,s:I}", "name", p->level[l].name, "regions",
                           (json_int_t)r->level[l].nregions, "units_covered", (json_int_t)covered);
    /* the number a share of the total mass came to */
    if (netcon) json_object_set_new(lv, "min_mass_used", json_real(r->level[l].min_mass));
    json_array_append_new(levels, lv);
  }
  json_t *warn = json_array();
  for (int64_t k = 0; k < r->nwarnings; k++) {
    const rn_warning_t *w = &r->warnings[k];
    json_t *o = json_pack("{s:s,s:s,s:s}", "level", p->level[w->level].name, "kind",
                          rn_warning_kind_name(w->kind), "message", w->text);
    if (w->unit >= 0) {
      json_object_set_new(o, "unit", json_string(in->units.code[w->unit]));
      json_object_set_new(o, "mass", json_real(w->value));
    } else {
      json_object_set_new(o, "count", json_integer((json_int_t)w->value));
    }
    json_array_append_new(warn, o);
  }
  rn_inputs_warnings_json(in, warn);
  char when[32];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  json_t *root = json_pack(
      "{s:s,s:o,s:o,s:{s:{s:s,s:s?,s:s?,s:I,s:i,s:I},s:{s:s,s:s?,s:I,s:I,s:f,s:I,s:I,s:I}},"
      "s:o,s:o,s:s,s:s,s:f}",
      "tool", "regionet", "command", cmd, "parameters", params, "inputs", "units", "path",
      in->units.path, "layer", in->units.layer, "sha256", us[0] ? us : NULL, "count", (json_int_t)in->units.n,
      "epsg", in->units.epsg, "repaired", (json_int_t)in->units.n_repaired, "flows", "path",
      in->flows.path, "sha256", fs[0] ? fs : NULL, "rows", (json_int_t)in->flows.rows_read, "pairs",
      (json_int_t)(in->flows.nnz + in->flows.n_diag), "total", in->flows.total, "zero_rows",
      (json_int_t)in->flows.rows_zero, "duplicate_rows", (json_int_t)in->flows.rows_dup,
      "unknown_rows", (json_int_t)in->flows.rows_unknown, "levels", levels, "decisions", dec,
      "versions", versions, "run_at", when, "seconds", seconds);
  if (!root) return rn_error(ctx, RN_EINTERNAL, "cannot assemble the provenance record");
  json_t *bal = rn_balance_json(&in->units, p, r);
  if (bal) json_object_set_new(root, "balance", bal);
  /* a database input: a digest of what was read instead of a file checksum */
  char dh[65];
  json_t *inputs = json_object_get(root, "inputs");
  if (!us[0] && rn_units_data_sha256(ctx, &in->units, dh))
    json_object_set_new(json_object_get(inputs, "units"), "data_sha256", json_string(dh));
  if (!fs[0] && rn_flows_data_sha256(&in->units, &in->flows, dh))
    json_object_set_new(json_object_get(inputs, "flows"), "data_sha256", json_string(dh));
  json_object_set_new(root, "method", json_string(p->method[0] ? p->method : "netcon"));
  json_object_set_new(root, "warnings", warn);
  double mtotal = 0;
  for (int64_t i = 0; i < in->units.n; i++)
    mtotal += in->units.mass ? in->units.mass[i] : in->flows.in[i];
  json_object_set_new(inputs, "mass",
                      json_pack("{s:s,s:s?,s:f}", "source", in->units.mass ? "field" : "inflow",
                                "field", in->mass_field, "total", mtotal));
  json_t *amend = rn_inputs_adjacency_json(in);
  if (amend) json_object_set_new(inputs, "adjacency", amend);
  if (in->map_path[0])
    json_object_set_new(json_object_get(root, "inputs"), "units_map",
                        json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:f}", "path", in->map_path, "sha256",
                                  in->map_sha, "units_before", (json_int_t)in->map_before,
                                  "units_after", (json_int_t)in->map_after, "merged",
                                  (json_int_t)in->map_merged, "pairs_made_internal",
                                  (json_int_t)in->map_internal, "flow_made_internal",
                                  in->map_internal_sum));
  if (o) {
    char layers[512];
    rn_output_layers(p, r, layers, sizeof layers);
    int db = rn_source_is_db(o->path);
    rn_source_name(o->path, shown, sizeof shown);
    json_object_set_new(root, "output",
                        json_pack("{s:s,s:s,s:s,s:s?}", "path", shown, "format",
                                  db ? "PostgreSQL" : o->driver ? o->driver : "GPKG", "layers",
                                  layers, "schema", db ? o->schema : NULL));
  }
  *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  json_decref(root);
  return *out ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
}

char *rn_provenance_sidecar_path(const char *output) {
  /* OUT.EXT.json, as GDAL's OUT.EXT.aux.xml: outputs of two formats with one
   * stem (x.gpkg, x.shp) never share a sidecar */
  size_t len = strlen(output) + 6;
  char *s = malloc(len);
  if (s) snprintf(s, len, "%s.json", output);
  return s;
}

int rn_provenance_sidecar(rn_ctx_t *ctx, rn_outset_t *set, const char *output, const char *json) {
  char *path = rn_provenance_sidecar_path(output);
  char *tmp = path ? rn_outset_path(ctx, set, path) : NULL;
  int rc = RN_OK;
  if (!path) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  else if (!tmp) rc = RN_EIO;
  else {
    FILE *f = fopen(tmp, "w");
    int ok = f && fputs(json, f) >= 0 && fputc('\n', f) != EOF;
    if (f && fclose(f) != 0) ok = 0; /* closed once, whatever happened */
    if (!ok) rc = rn_error(ctx, RN_EIO, "cannot write %s", path);
  }
  free(tmp);
  free(path);
  return rc;
}
