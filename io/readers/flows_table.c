/* Long flow tables (origin, destination, value) read through OGR when the
 * fast CSV path cannot serve them: rows chosen with an OGR attribute filter
 * (--flows-where, the syntax of ogr2ogr -where, for CSV too), the value as
 * a sum of columns (--value car+bus), decimal commas, and spreadsheets
 * whose cells are all text (their header taken whatever the cells hold). */
#include "io/readers/flows_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_string.h>

static int all_blank(char **c) {
  for (; c && *c; c++)
    if (**c) return 0;
  return 1;
}

/* Does a cell look like a number (digits, signs, marks)? A first row whose
 * value cell does not is a header, as GDAL's CSV driver decides. */
static int numeric_like(const char *s) {
  return s[0] && strspn(s, "0123456789.,+-eE ") == strlen(s) && strpbrk(s, "0123456789");
}

/* The first row that is not blank, as cells (NULL when none). */
static int first_row(rn_ctx_t *ctx, rn_sheet_t *sh, char ***cells) {
  int64_t fid;
  int rc;
  while (!(rc = rn_sheet_next(ctx, sh, cells, &fid)) && *cells && all_blank(*cells)) {
    CSLDestroy(*cells);
    *cells = NULL;
  }
  return rc;
}

/* The value columns: one name, or names joined by '+' (a name holding a '+'
 * is taken whole when the table has it). */
static int value_columns(rn_ctx_t *ctx, const char *path, OGRFeatureDefnH defn, const char *enc,
                         const char *value, const char *fields, int **col, int *ncol) {
  *ncol = 0;
  char **names = NULL;
  if (!value) {
    names = CSLAddString(NULL, "");
  } else if (rn_io_field_index(defn, value, enc) >= 0 || !strchr(value, '+')) {
    names = CSLAddString(NULL, value);
  } else {
    names = CSLTokenizeString2(value, "+", CSLT_STRIPLEADSPACES | CSLT_STRIPENDSPACES |
                                               CSLT_ALLOWEMPTYTOKENS);
  }
  int n = CSLCount(names);
  *col = malloc(sizeof **col * (size_t)(n ? n : 1));
  if (!*col) {
    CSLDestroy(names);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int k = 0; k < n; k++) {
    int c = value ? rn_io_field_index(defn, names[k], enc) : 2;
    if (c < 0 || c >= OGR_FD_GetFieldCount(defn)) {
      int rc = value ? rn_error(ctx, RN_EPARAM, "%s: no value column '%s'%s; columns: %s", path,
                                names[k], n > 1 ? " (of --value a+b)" : "", fields)
                     : rn_error(ctx, RN_EINPUT,
                                "%s: needs three columns (origin, destination, value); columns: %s",
                                path, fields);
      CSLDestroy(names);
      return rc;
    }
    (*col)[k] = c;
  }
  *ncol = n;
  CSLDestroy(names);
  return RN_OK;
}

int rn_flows_read_table(rn_ctx_t *ctx, const rn_flows_opts_t *opts, rn_flow_sink_t *sink) {
  const char *path = opts->path, *enc = opts->encoding && opts->encoding[0] ? opts->encoding : NULL;
  rn_sheet_t sh;
  int rc = rn_sheet_open(ctx, path, opts->layer, enc, 0, &sh);
  if (rc) return rc;
  /* a header? named columns say so; else a first row without a number in
   * its value cell is one */
  int header = 1;
  if (sh.kind != RN_SHEET_OTHER && !opts->origin && !opts->dest && !opts->value) {
    char **c = NULL;
    if ((rc = first_row(ctx, &sh, &c))) {
      rn_sheet_close(&sh);
      return rc;
    }
    header = !(c && CSLCount(c) >= 3 && numeric_like(c[2]));
    CSLDestroy(c);
  }
  if (header && sh.kind != RN_SHEET_OTHER) {
    rn_sheet_close(&sh);
    if ((rc = rn_sheet_open(ctx, path, opts->layer, enc, 1, &sh))) return rc;
  }
  OGR_L_ResetReading(sh.lyr);
  if (opts->where && !header) {
    rn_sheet_close(&sh);
    return rn_error(ctx, RN_EPARAM,
                    "%s: --flows-where needs a header row naming the columns; the first row "
                    "holds data",
                    path);
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(sh.lyr);
  char fields[1024];
  rn_io_field_list(defn, enc, fields, sizeof fields);
  int col[2], *vcol = NULL, nv = 0;
  const char *want[2] = {opts->origin, opts->dest}, *role[2] = {"origin", "destination"};
  for (int k = 0; k < 2 && !rc; k++) {
    col[k] = want[k] ? rn_io_field_index(defn, want[k], enc) : k < sh.ncol ? k : -1;
    if (col[k] < 0)
      rc = want[k] ? rn_error(ctx, RN_EPARAM, "%s: no %s column '%s'; columns: %s", path, role[k],
                              want[k], fields)
                   : rn_error(ctx, RN_EINPUT,
                              "%s: needs three columns (origin, destination, value); columns: %s",
                              path, fields);
  }
  if (!rc) rc = value_columns(ctx, path, defn, enc, opts->value, fields, &vcol, &nv);
  if (!rc && opts->where) {
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRErr e = OGR_L_SetAttributeFilter(sh.lyr, opts->where);
    CPLPopErrorHandler();
    if (e != OGRERR_NONE)
      rc = rn_error(ctx, RN_EPARAM, "%s: --flows-where \"%s\" is not a filter OGR reads: %s; columns: %s%s",
                    path, opts->where, rn_io_cpl_msg(), fields,
                    sh.kind != RN_SHEET_OTHER ? " (all text: compare with quoted values, "
                                                "mode = '1')"
                                              : "");
  }
  if (rc) {
    free(vcol);
    rn_sheet_close(&sh);
    return rc;
  }
  {
    char vnames[512] = "";
    size_t len = 0;
    for (int k = 0; k < nv && len < sizeof vnames; k++) {
      char *vn = rn_io_recode(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, vcol[k])), enc);
      len += (size_t)snprintf(vnames + len, sizeof vnames - len, "%s'%s'", k ? "+" : "",
                              vn ? vn : "?");
      free(vn);
    }
    char *on = rn_io_recode(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, col[0])), enc);
    char *dn = rn_io_recode(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, col[1])), enc);
    rn_report(ctx, "%s: origin column '%s', destination '%s', value %s%s", path, on ? on : "?",
              dn ? dn : "?", vnames, header ? "" : " (no header row)");
    free(on);
    free(dn);
  }
  rn_decimal_t dec;
  rn_decimal_init(&dec, opts->decimal, sh.kind == RN_SHEET_CSV ? sh.delim : 0);
  char **cells = NULL;
  int64_t fid;
  char at[400];
  for (;;) {
    CSLDestroy(cells);
    cells = NULL;
    if ((rc = rn_sheet_next(ctx, &sh, &cells, &fid)) || !cells) break;
    if (all_blank(cells)) continue;
    rn_sheet_where(&sh, fid, at, sizeof at);
    sink->rows_read++;
    int64_t ij[2];
    for (int k = 0; k < 2 && !rc; k++) rc = rn_flow_sink_code(sink, cells[col[k]], role[k], at, &ij[k]);
    if (rc) break;
    if (ij[0] < 0 || ij[1] < 0) continue;
    double v = 0;
    for (int k = 0; k < nv && !rc; k++) {
      const char *c = cells[vcol[k]], *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, vcol[k]));
      double x;
      char why[600];
      if (!c[0]) rc = rn_error(ctx, RN_EINPUT, "%s: column '%s': value '' is empty", at, name);
      else if (rn_decimal_parse(&dec, c, at, &x, why, sizeof why))
        rc = rn_error(ctx, RN_EINPUT, "%s: column '%s': value %s", at, name, why);
      else v += x;
    }
    if (!rc) rc = rn_flow_sink_add(sink, ij[0], ij[1], v);
    if (rc) break;
    if (sink->rows_read % 16384 == 0 && !rn_progress(ctx, 0, "reading flows")) {
      rc = rn_error(ctx, RN_EINTERRUPT, "%s: reading interrupted", path);
      break;
    }
  }
  CSLDestroy(cells);
  if (!rc && opts->where) {
    if (sink->rows_read == 0)
      rc = rn_error(ctx, RN_EINPUT, "%s: no row matches --flows-where \"%s\"", path, opts->where);
    else
      rn_report(ctx, "%s: %lld rows chosen by --flows-where \"%s\"", path,
                (long long)sink->rows_read, opts->where);
  }
  if (!rc && dec.mode == ',' && !dec.fixed)
    rn_report(ctx, "%s: decimal commas (learnt from %s)", path, dec.since);
  free(vcol);
  rn_sheet_close(&sh);
  return rc;
}
