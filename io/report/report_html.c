/* The report: one self-contained HTML file from a regionet output (no
 * scripts, no fonts or images from elsewhere: figures are SVG data URIs
 * drawn by cairo, and a Content-Security-Policy forbids any fetch). */
#include "report_internal.h"

#include <cpl_string.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *css =
    "body{font-family:'DejaVu Sans',sans-serif;margin:24px auto;max-width:1100px;color:#222}"
    "h1{font-size:24px}h2{font-size:19px;border-bottom:1px solid #ccc;padding-bottom:4px;"
    "margin-top:32px}h3{font-size:15px}table{border-collapse:collapse;margin:8px 0 16px;"
    "font-size:12px}th,td{border:1px solid #ccc;padding:3px 7px;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f2f2}"
    "figure{margin:8px 0}img.map{width:100%;max-width:1000px;border:1px solid #ddd}"
    "img.chart{width:100%;max-width:900px}"
    "pre{background:#f7f7f7;padding:8px;font-size:11px;overflow-x:auto;white-space:pre-wrap}"
    ".note{color:#666;font-size:12px}";

static void figure(rn_buf_t *b, const char *cls, const char *alt, const char *mime,
                   const unsigned char *data, size_t len) {
  char *b64 = CPLBase64Encode((int)len, data);
  rn_buf_printf(b, "<figure><img class=\"%s\" alt=\"", cls);
  rn_buf_html(b, alt);
  rn_buf_printf(b, "\" src=\"data:%s;base64,%s\"></figure>\n", mime, b64 ? b64 : "");
  CPLFree(b64);
}

static void cell(rn_buf_t *b, OGRFeatureH f, int k) {
  OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, k));
  if (!OGR_F_IsFieldSetAndNotNull(f, k)) {
    rn_buf_printf(b, "<td></td>");
  } else if (t == OFTReal) {
    double v = OGR_F_GetFieldAsDouble(f, k);
    rn_buf_printf(b, fabs(v) >= 1000 ? "<td class=\"n\">%.0f</td>" : "<td class=\"n\">%.4g</td>", v);
  } else if (t == OFTInteger || t == OFTInteger64) {
    rn_buf_printf(b, "<td class=\"n\">%s</td>", OGR_F_GetFieldAsString(f, k));
  } else {
    rn_buf_printf(b, "<td>");
    rn_buf_html(b, OGR_F_GetFieldAsString(f, k));
    rn_buf_printf(b, "</td>");
  }
}

/* a layer's attributes as a table (fields: those to show, NULL: all; where: a filter) */
static void table(rn_buf_t *b, OGRLayerH l, const char *cls, const char *const *fields,
                  const char *where, int64_t max) {
  OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
  int idx[64], n = 0;
  for (int k = 0; k < OGR_FD_GetFieldCount(d) && n < 64; k++) {
    const char *nm = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, k));
    if (!fields || CSLFindString((char **)fields, nm) >= 0) idx[n++] = k;
  }
  OGR_L_SetAttributeFilter(l, where);
  rn_buf_printf(b, "<table class=\"%s\"><tr>", cls);
  for (int k = 0; k < n; k++) {
    rn_buf_printf(b, "<th>");
    rn_buf_html(b, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, idx[k])));
    rn_buf_printf(b, "</th>");
  }
  rn_buf_printf(b, "</tr>\n");
  OGRFeatureH f;
  int64_t rows = 0, more = 0;
  OGR_L_ResetReading(l);
  while ((f = OGR_L_GetNextFeature(l)) != NULL) {
    if (rows < max) {
      rn_buf_printf(b, "<tr>");
      for (int k = 0; k < n; k++) cell(b, f, idx[k]);
      rn_buf_printf(b, "</tr>\n");
      rows++;
    } else more++;
    OGR_F_Destroy(f);
  }
  rn_buf_printf(b, "</table>\n");
  if (more)
    rn_buf_printf(b, "<p class=\"note\">... and %lld more rows in the output's layer '%s'.</p>\n",
                  (long long)more, OGR_L_GetName(l));
  OGR_L_SetAttributeFilter(l, NULL);
}

static int map_section(rn_ctx_t *ctx, rn_buf_t *b, GDALDatasetH ds, const rn_map_spec_t *spec) {
  unsigned char *svg = NULL;
  size_t len = 0;
  int rc = rn_map_png(ctx, ds, spec, 1000, 720, 1.5, &svg, &len);
  if (rc == RN_OK) figure(b, "map", spec->title, "image/png", svg, len);
  free(svg);
  return rc;
}

/* level layers: the provenance's, else every layer with region_id and threshold */
static char **level_names(GDALDatasetH ds, json_t *prov) {
  char **out = NULL;
  json_t *lv = prov ? json_object_get(prov, "levels") : NULL;
  size_t k;
  json_t *o;
  json_array_foreach(lv, k, o) {
    const char *n = json_string_value(json_object_get(o, "name"));
    if (n && GDALDatasetGetLayerByName(ds, n)) out = CSLAddString(out, n);
  }
  if (out) return out;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
    OGRLayerH l = GDALDatasetGetLayer(ds, i);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    if (OGR_FD_GetFieldIndex(d, "region_id") >= 0 && OGR_FD_GetFieldIndex(d, "threshold") >= 0 &&
        strcmp(OGR_L_GetName(l), "urban_areas") != 0)
      out = CSLAddString(out, OGR_L_GetName(l));
  }
  return out;
}

static void json_pre(rn_buf_t *b, json_t *j) {
  char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
  rn_buf_printf(b, "<pre>");
  rn_buf_html(b, s ? s : "(none)");
  rn_buf_printf(b, "</pre>\n");
  free(s);
}

static void provenance_section(rn_buf_t *b, json_t *prov) {
  rn_buf_printf(b, "<section id=\"provenance\"><h2>Provenance</h2>\n");
  if (!prov) {
    rn_buf_printf(b, "<p>The output holds no provenance record.</p></section>\n");
    return;
  }
  json_t *in = json_object_get(prov, "inputs");
  rn_buf_printf(b, "<h3>Inputs</h3><table class=\"inputs\"><tr><th>input</th><th>path</th>"
                   "<th>SHA-256</th></tr>\n");
  const char *key;
  json_t *v;
  json_object_foreach(in, key, v) {
    rn_buf_printf(b, "<tr><td>");
    rn_buf_html(b, key);
    rn_buf_printf(b, "</td><td>");
    rn_buf_html(b, json_string_value(json_object_get(v, "path")));
    rn_buf_printf(b, "</td><td><code>");
    rn_buf_html(b, json_string_value(json_object_get(v, "sha256")));
    rn_buf_printf(b, "</code></td></tr>\n");
  }
  rn_buf_printf(b, "</table>\n<h3>Command</h3>");
  json_t *cmd = json_object_get(prov, "command");
  size_t k;
  json_t *a;
  rn_buf_printf(b, "<pre>");
  json_array_foreach(cmd, k, a) {
    if (k) rn_buf_printf(b, " ");
    rn_buf_html(b, json_string_value(a));
  }
  rn_buf_printf(b, "</pre>\n<h3>Parameters</h3>");
  json_pre(b, json_object_get(prov, "parameters"));
  rn_buf_printf(b, "<h3>Versions</h3><p>");
  rn_buf_html(b, json_string_value(json_object_get(prov, "versions")));
  rn_buf_printf(b, "</p><p class=\"note\">Run at ");
  rn_buf_html(b, json_string_value(json_object_get(prov, "run_at")));
  rn_buf_printf(b, ".</p><h3>The whole record</h3>");
  json_pre(b, prov);
  rn_buf_printf(b, "</section>\n");
}

static void notes_section(rn_buf_t *b, json_t *prov) {
  json_t *w = prov ? json_object_get(prov, "warnings") : NULL;
  json_t *d = prov ? json_object_get(prov, "decisions") : NULL;
  rn_buf_printf(b, "<section id=\"warnings\"><h2>Warnings and decisions</h2>\n");
  if (!json_array_size(w)) rn_buf_printf(b, "<p>No warnings.</p>\n");
  else {
    rn_buf_printf(b, "<ul class=\"warnings\">\n");
    size_t k;
    json_t *o;
    json_array_foreach(w, k, o) {
      rn_buf_printf(b, "<li>");
      if (json_is_string(o)) rn_buf_html(b, json_string_value(o));
      else {
        json_t *m = json_object_get(o, "message");
        char *s = m ? NULL : json_dumps(o, JSON_COMPACT);
        rn_buf_html(b, m ? json_string_value(m) : s);
        free(s);
      }
      rn_buf_printf(b, "</li>\n");
    }
    rn_buf_printf(b, "</ul>\n");
  }
  if (!json_array_size(d)) rn_buf_printf(b, "<p>No contiguity decisions.</p>\n");
  else {
    rn_buf_printf(b, "<table class=\"decisions\"><tr><th>level</th><th>unit</th><th>region</th>"
                     "<th>decision</th><th>reason</th></tr>\n");
    size_t k;
    json_t *o;
    json_array_foreach(d, k, o) {
      const char *f[] = {"level", "unit", "region", "decision", "reason"};
      rn_buf_printf(b, "<tr>");
      for (int j = 0; j < 5; j++) {
        rn_buf_printf(b, "<td>");
        rn_buf_html(b, json_string_value(json_object_get(o, f[j])));
        rn_buf_printf(b, "</td>");
      }
      rn_buf_printf(b, "</tr>\n");
    }
    rn_buf_printf(b, "</table>\n");
  }
  rn_buf_printf(b, "</section>\n");
}

/* maps of the units' fields ending in suffix (stability, confidence) */
static int field_maps(rn_ctx_t *ctx, rn_buf_t *b, GDALDatasetH ds, const char *suffix,
                      const char *title) {
  OGRLayerH u = GDALDatasetGetLayerByName(ds, "units");
  OGRFeatureDefnH d = u ? OGR_L_GetLayerDefn(u) : NULL;
  int rc = RN_OK, any = 0;
  for (int k = 0; d && rc == RN_OK && k < OGR_FD_GetFieldCount(d); k++) {
    const char *nm = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, k));
    size_t ln = strlen(nm), ls = strlen(suffix);
    if (ln <= ls || strcmp(nm + ln - ls, suffix) != 0) continue;
    if (!any) rn_buf_printf(b, "<section id=\"%s\"><h2>%s</h2>\n", suffix + 1, title);
    any = 1;
    char t[128];
    snprintf(t, sizeof t, "%s of each unit", nm);
    rn_map_spec_t spec = {.field = nm, .title = t};
    rc = map_section(ctx, b, ds, &spec);
  }
  if (any) rn_buf_printf(b, "</section>\n");
  return rc;
}

int rn_report_html(rn_ctx_t *ctx, GDALDatasetH ds, const char *path, rn_buf_t *b) {
  char *ptext = rn_report_provenance(ds, path);
  json_t *prov = ptext ? json_loads(ptext, 0, NULL) : NULL;
  free(ptext);
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  rn_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "img-src data:; style-src 'unsafe-inline'\">\n<title>regionet report: ");
  rn_buf_html(b, base);
  rn_buf_printf(b, "</title>\n<style>%s</style></head><body>\n<h1>Functional regions: ", css);
  rn_buf_html(b, base);
  rn_buf_printf(b, "</h1>\n<p>Method: <b>");
  rn_buf_html(b, prov ? json_string_value(json_object_get(prov, "method")) : NULL);
  rn_buf_printf(b, "</b>. ");
  json_t *lv = prov ? json_object_get(prov, "levels") : NULL;
  json_t *units = prov ? json_object_get(json_object_get(prov, "inputs"), "units") : NULL;
  if (units)
    rn_buf_printf(b, "%lld units. ", (long long)json_integer_value(json_object_get(units, "count")));
  rn_buf_printf(b, "Made by regionet from <code>");
  rn_buf_html(b, path);
  rn_buf_printf(b, "</code>; the last section records how.</p>\n");
  if (json_array_size(lv)) {
    rn_buf_printf(b, "<table class=\"summary\"><tr><th>level</th><th>regions</th>"
                     "<th>units covered</th></tr>\n");
    size_t k;
    json_t *o;
    json_array_foreach(lv, k, o) {
      rn_buf_printf(b, "<tr><td>");
      rn_buf_html(b, json_string_value(json_object_get(o, "name")));
      rn_buf_printf(b, "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td></tr>\n",
                    (long long)json_integer_value(json_object_get(o, "regions")),
                    (long long)json_integer_value(json_object_get(o, "units_covered")));
    }
    rn_buf_printf(b, "</table>\n");
  }
  int rc = RN_OK;
  char **levels = level_names(ds, prov);
  static const char *const region_fields[] = {"region_id", "name", "n_units", "mass", "residents",
                                              "sc_supply", "sc_demand", "cores", "policy_space",
                                              "spans_spaces", NULL};
  for (char **l = levels; l && *l && rc == RN_OK; l++) {
    rn_buf_printf(b, "<section class=\"level\" id=\"level-");
    rn_buf_html(b, *l);
    rn_buf_printf(b, "\"><h2>Level ");
    rn_buf_html(b, *l);
    rn_buf_printf(b, "</h2>\n");
    char t[128];
    snprintf(t, sizeof t, "Regions of level %s", *l);
    rn_map_spec_t spec = {.level = *l, .title = t};
    rc = map_section(ctx, b, ds, &spec);
    if (rc == RN_OK)
      table(b, GDALDatasetGetLayerByName(ds, *l), "regions", region_fields, NULL, 60);
    rn_buf_printf(b, "</section>\n");
  }
  CSLDestroy(levels);
  OGRLayerH bal = GDALDatasetGetLayerByName(ds, "balance");
  if (rc == RN_OK && bal) {
    rn_buf_printf(b, "<section id=\"balance\"><h2>Balance across regions</h2>\n<p>Per level and "
                     "mass field: the largest region's share of the total (primacy), the Gini "
                     "and Theil index over region totals, and the Theil index over units split "
                     "into a between-region and a within-region part; per policy space the same "
                     "with its own units.</p>\n");
    table(b, bal, "balance", NULL, NULL, 1000);
    OGRLayerH br = GDALDatasetGetLayerByName(ds, "balance_regions");
    if (br) {
      rn_buf_printf(b, "<h3>Each region's share of the total</h3>\n");
      table(b, br, "balance_regions", NULL, NULL, 200);
    }
    rn_buf_printf(b, "</section>\n");
  }
  if (rc == RN_OK && GDALDatasetGetLayerByName(ds, "sweep")) {
    unsigned char *svg = NULL;
    size_t len = 0;
    rn_buf_printf(b, "<section id=\"sweep\"><h2>Threshold sweep</h2>\n");
    rc = rn_sweep_chart_svg(ctx, ds, 900, 420, &svg, &len);
    if (rc == RN_OK) figure(b, "chart", "regions and ARI against the threshold", "image/svg+xml", svg, len);
    free(svg);
    if (rc == RN_OK) table(b, GDALDatasetGetLayerByName(ds, "sweep"), "sweep", NULL, NULL, 400);
    rn_buf_printf(b, "</section>\n");
  }
  if (rc == RN_OK) rc = field_maps(ctx, b, ds, "_stability", "Stability across thresholds");
  if (rc == RN_OK) rc = field_maps(ctx, b, ds, "_confidence", "Confidence (bootstrap)");
  if (rc == RN_OK) {
    notes_section(b, prov);
    provenance_section(b, prov);
    rn_buf_printf(b, "</body></html>\n");
  }
  json_decref(prov);
  if (rc == RN_OK && b->failed) rc = rn_error(ctx, RN_ENOMEM, "out of memory (report)");
  return rc;
}
