/* Units without boundaries: a table (CSV, XLSX, ODS, a GeoPackage attribute
 * table) of codes with names, masses and other fields; or the codes the
 * flows hold, made into cells of the European grid when every code is one.
 * Methods that need no neighbours (ttwa, intramax, the community methods,
 * netcon with --contiguity ignore) run on these; the outputs are tables. */
#include "io/readers/flows_forms.h"
#include "io/readers/units_forms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_string.h>

/* a field's number: text parsed as the flows' values are (a ';' file may
 * have decimal commas) */
static int cell_number(rn_decimal_t *dec, const char *text, const char *at, double *v, char *why,
                       size_t size) {
  if (!text[0]) {
    snprintf(why, size, "is empty");
    return 1;
  }
  char w[600];
  if (!rn_decimal_parse(dec, text, at, v, w, sizeof w)) return 0;
  snprintf(why, size, "%s", w);
  return 1;
}

int rn_units_read_table(rn_ctx_t *ctx, const rn_units_opts_t *opts, rn_units_t *out) {
  rn_units_init(out);
  const char *path = opts->path, *enc = opts->encoding && opts->encoding[0] ? opts->encoding : NULL;
  rn_sheet_t sh;
  int rc = rn_sheet_open(ctx, path, opts->layer, enc, 1, &sh);
  if (rc) return rc;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(sh.lyr);
  char fields[1024];
  rn_io_field_list(defn, enc, fields, sizeof fields);
  int nextra = opts->n_extra > 0 ? opts->n_extra : 0;
  const char *want[3] = {opts->id_field, opts->name_field, opts->mass_field};
  int col[3] = {-1, -1, -1}, *ecol = calloc((size_t)nextra + 1, sizeof *ecol);
  const char *missing = NULL;
  for (int k = 0; k < 3 && !missing; k++)
    if (want[k] && (col[k] = rn_io_field_index(defn, want[k], enc)) < 0) missing = want[k];
  for (int e = 0; e < nextra && !missing && ecol; e++)
    if ((ecol[e] = rn_io_field_index(defn, opts->extra_fields[e], enc)) < 0)
      missing = opts->extra_fields[e];
  if (!ecol || missing) {
    rc = ecol ? rn_error(ctx, RN_EPARAM, "%s: no field '%s'; fields: %s", path, missing, fields)
              : rn_error(ctx, RN_ENOMEM, "out of memory");
    free(ecol);
    rn_sheet_close(&sh);
    return rc;
  }
  rn_decimal_t dec;
  rn_decimal_init(&dec, 0, sh.kind == RN_SHEET_CSV ? sh.delim : 0);
  char **code = NULL, **name = NULL, **cells = NULL;
  double *mass = NULL, **extra = calloc((size_t)nextra + 1, sizeof *extra);
  int64_t n = 0, cap = 0, fid;
  char at[400], why[700];
  while (!rc && extra) {
    if ((rc = rn_sheet_next(ctx, &sh, &cells, &fid)) || !cells) break;
    int blank = 1;
    for (int k = 0; cells[k]; k++) blank &= !cells[k][0];
    if (blank) {
      CSLDestroy(cells);
      continue;
    }
    rn_sheet_where(&sh, fid, at, sizeof at);
    if (n == cap) {
      cap = cap ? 2 * cap : 256;
      char **c2 = realloc(code, sizeof *c2 * (size_t)cap), **n2 = c2 ? realloc(name, sizeof *n2 * (size_t)cap) : NULL;
      if (c2) code = c2;
      if (n2) name = n2;
      double *m2 = n2 ? realloc(mass, sizeof *m2 * (size_t)cap) : NULL;
      if (m2) mass = m2;
      int ok = m2 != NULL;
      for (int e = 0; e < nextra && ok; e++) {
        double *x = realloc(extra[e], sizeof *x * (size_t)cap);
        if (x) extra[e] = x;
        ok = x != NULL;
      }
      if (!ok) {
        rc = rn_error(ctx, RN_ENOMEM, "out of memory reading %s", path);
        CSLDestroy(cells);
        break;
      }
    }
    code[n] = cells[col[0]];
    cells[col[0]] = strdup("");
    name[n] = col[1] >= 0 ? strdup(cells[col[1]]) : NULL;
    mass[n] = 0;
    n++;
    if (!code[n - 1][0])
      rc = rn_error(ctx, RN_EINPUT, "%s: an empty code in field '%s'", at, opts->id_field);
    else if (col[2] >= 0 && (cell_number(&dec, cells[col[2]], at, &mass[n - 1], why, sizeof why) ||
                             !(mass[n - 1] >= 0)))
      rc = rn_error(ctx, RN_EINPUT, "%s: unit '%s': field '%s' (mass): '%s' %s", at, code[n - 1],
                    opts->mass_field, cells[col[2]], why);
    for (int e = 0; e < nextra && !rc; e++)
      if (opts->extra_code && opts->extra_code[e])
        extra[e][n - 1] = rn_unit_code_text(cells[ecol[e]]);
      else if (cell_number(&dec, cells[ecol[e]], at, &extra[e][n - 1], why, sizeof why))
        rc = rn_error(ctx, RN_EINPUT, "%s: unit '%s': field '%s' needs a number: '%s' %s", at,
                      code[n - 1], opts->extra_fields[e], cells[ecol[e]], why);
    CSLDestroy(cells);
  }
  if (!rc && !extra) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  if (!rc && n == 0) rc = rn_error(ctx, RN_EINPUT, "%s: no units (only a header?)", path);
  if (!rc) {
    rc = rn_units_from_arrays(ctx, n, (const char *const *)code,
                              col[1] >= 0 ? (const char *const *)name : NULL,
                              col[2] >= 0 ? mass : NULL, NULL, out);
    if (rc) {
      char m[sizeof ctx->err];
      snprintf(m, sizeof m, "%s", ctx->err);
      rn_error(ctx, rc, "%s: %s", path, m);
    }
  }
  if (!rc && nextra) {
    out->nattr = nextra;
    out->attr_name = calloc((size_t)nextra, sizeof(char *));
    out->attr = calloc((size_t)nextra, sizeof(double *));
    for (int e = 0; e < nextra && out->attr && out->attr_name; e++) {
      out->attr_name[e] = strdup(opts->extra_fields[e]);
      out->attr[e] = malloc(sizeof(double) * ((size_t)n + 1));
      if (!out->attr[e]) break;
      for (int64_t i = 0; i < n; i++) out->attr[e][rn_units_find(out, code[i])] = extra[e][i];
    }
  }
  if (!rc) {
    out->path = strdup(path);
    out->layer = strdup(OGR_L_GetName(sh.lyr));
    rn_report(ctx, "%s: %lld units without geometry (a table): outputs are tables", path,
              (long long)n);
  }
  if (rc) rn_units_destroy(ctx, out);
  for (int64_t i = 0; i < n; i++) {
    free(code[i]);
    free(name[i]);
  }
  free(code);
  free(name);
  free(mass);
  for (int e = 0; extra && e < nextra; e++) free(extra[e]);
  free(extra);
  free(ecol);
  rn_sheet_close(&sh);
  return rc;
}

int rn_units_from_flows(rn_ctx_t *ctx, const rn_flows_opts_t *fo, int grid, rn_units_t *out) {
  rn_units_init(out);
  char **code;
  int64_t n;
  int rc = rn_flows_codes(ctx, fo, &code, &n);
  if (rc) return rc;
  int cells = grid == 1 || (grid < 0 && rn_grid_codes(code, n));
  GEOSGeometry **geom = cells ? calloc((size_t)n + 1, sizeof *geom) : NULL;
  if (cells && !geom) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; cells && !rc && i < n; i++) {
    rn_grid_cell_t c;
    if (!rn_grid_code_parse(code[i], &c))
      rc = rn_error(ctx, RN_EINPUT,
                    "%s: code '%s' is not a cell of the European grid (1kmN1756E4220 or "
                    "CRS3035RES1000mN1756000E4220000), as --units grid needs",
                    fo->path, code[i]);
    else if (!(geom[i] = rn_grid_cell(ctx->geos, &c)))
      rc = rn_error(ctx, RN_EINTERNAL, "cannot make the cell of '%s'", code[i]);
  }
  if (!rc) rc = rn_units_from_arrays(ctx, n, (const char *const *)code, NULL, NULL, geom, out);
  if (!rc && cells) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 3035);
    rc = rn_crs_describe(ctx, srs, &out->crs_wkt, &out->epsg);
    OSRDestroySpatialReference(srs);
  }
  if (!rc) {
    out->path = strdup(fo->path);
    out->layer = strdup(cells ? "grid cells of the flows' codes" : "codes of the flows");
    rn_report(ctx, "%s: %lld units from the codes of the flows%s", fo->path, (long long)n,
              cells ? ", as cells of the European grid (EPSG:3035)"
                    : " (no geometry: outputs are tables)");
  }
  if (geom)
    for (int64_t i = 0; i < n; i++)
      if (geom[i]) GEOSGeom_destroy_r(ctx->geos, geom[i]);
  free(geom);
  for (int64_t i = 0; i < n; i++) free(code[i]);
  free(code);
  if (rc) rn_units_destroy(ctx, out);
  return rc;
}
