/* A flow source read as rows of text cells, whichever the format: CSV
 * through GDAL's CSV driver (every field text, file lines recovered),
 * XLSX/ODS with every cell as text and the first row taken as the header or
 * not as we decide (not as the driver guesses: a sheet whose cells are all
 * text, codes with leading zeros, has its header detected by GDAL only under
 * OGR_XLSX_HEADERS=FORCE), any other OGR table as it is. */
#include "io/readers/flows_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cpl_conv.h>
#include <cpl_string.h>

static int has_ext(const char *path, const char *ext) {
  size_t n = strlen(path), e = strlen(ext);
  return n > e && strcasecmp(path + n - e, ext) == 0;
}

int rn_sheet_is_csv_path(const char *path) {
  return has_ext(path, ".csv") || has_ext(path, ".tsv") || has_ext(path, ".txt");
}

static int is_spreadsheet_path(const char *path) {
  return has_ext(path, ".xlsx") || has_ext(path, ".ods");
}

/* The delimiter GDAL's CSV driver picks from the first line: the one of
 * , ; tab that occurs most there (',' on a tie, as GDAL). */
char rn_sheet_csv_delim(const char *path) {
  char *line = rn_csv_first_line(path);
  if (!line) return ',';
  int n[3] = {0, 0, 0};
  for (const char *p = line; *p; p++) n[0] += *p == ',', n[1] += *p == ';', n[2] += *p == '\t';
  free(line);
  if (n[1] > n[0] && n[1] >= n[2]) return ';';
  if (n[2] > n[0] && n[2] > n[1]) return '\t';
  return ',';
}

/* The drivers of GDAL 3.6 take their header choice from configuration
 * options (no open options): set on this thread only, for the sheet's life. */
static const char *const sheet_keys[] = {"OGR_XLSX_HEADERS", "OGR_XLSX_FIELD_TYPES",
                                         "OGR_ODS_HEADERS", "OGR_ODS_FIELD_TYPES"};

static void sheet_config(int header) {
  for (int k = 0; k < 4; k++)
    CPLSetThreadLocalConfigOption(sheet_keys[k],
                                  k % 2 ? "STRING" : header ? "FORCE" : "DISABLE");
}

static void sheet_config_clear(void) {
  for (int k = 0; k < 4; k++) CPLSetThreadLocalConfigOption(sheet_keys[k], NULL);
}

int rn_sheet_open(rn_ctx_t *ctx, const char *path, const char *layer, const char *enc,
                  int header, rn_sheet_t *out) {
  memset(out, 0, sizeof *out);
  out->path = path;
  out->enc = enc;
  int rc;
  if (rn_sheet_is_csv_path(path)) {
    static const char *const allowed[] = {"CSV", NULL};
    const char *oo[] = {"AUTODETECT_TYPE=NO", header ? "HEADERS=YES" : "HEADERS=NO",
                        "EMPTY_STRING_AS_NULL=NO", NULL};
    size_t len = strlen(path) + 5;
    char *p = malloc(len);
    if (!p) return rn_error(ctx, RN_ENOMEM, "out of memory");
    snprintf(p, len, "CSV:%s", path);
    rc = rn_io_open_vector(ctx, p, allowed, oo, &out->ds);
    free(p);
    if (rc) return rc;
    out->kind = RN_SHEET_CSV;
    out->delim = rn_sheet_csv_delim(path);
    if ((rc = rn_csv_lines_scan(ctx, path, &out->lines))) {
      rn_sheet_close(out);
      return rc;
    }
  } else {
    int sheet = is_spreadsheet_path(path);
    if (sheet) sheet_config(header);
    rc = rn_io_open_vector(ctx, path, NULL, NULL, &out->ds);
    if (rc) {
      if (sheet) sheet_config_clear();
      return rc;
    }
    GDALDriverH drv = GDALGetDatasetDriver(out->ds);
    const char *dn = drv ? GDALGetDriverShortName(drv) : "";
    out->kind = !strcasecmp(dn, "XLSX") || !strcasecmp(dn, "ODS") ? RN_SHEET_SPREADSHEET
                                                                   : RN_SHEET_OTHER;
    if (out->kind != RN_SHEET_SPREADSHEET) {
      if (sheet) sheet_config_clear();
      header = 1; /* a table's fields have names */
    }
  }
  out->header = header;
  if ((rc = rn_io_layer(ctx, out->ds, path, layer, &out->lyr))) {
    rn_sheet_close(out);
    return rc;
  }
  /* the sheet is parsed when the layer is first used: under our options */
  out->ncol = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(out->lyr));
  OGR_L_ResetReading(out->lyr);
  return RN_OK;
}

int rn_sheet_next(rn_ctx_t *ctx, rn_sheet_t *s, char ***cells, int64_t *fid) {
  *cells = NULL;
  OGRFeatureH f = OGR_L_GetNextFeature(s->lyr);
  if (!f) return RN_OK;
  char **c = calloc((size_t)s->ncol + 1, sizeof *c);
  int ok = c != NULL;
  for (int k = 0; ok && k < s->ncol; k++) {
    char *raw = rn_io_field_text(f, k, s->enc);
    c[k] = raw ? rn_io_trim(raw) : strdup("");
    free(raw);
    ok = c[k] != NULL;
  }
  *fid = (int64_t)OGR_F_GetFID(f);
  OGR_F_Destroy(f);
  if (!ok) {
    CSLDestroy(c);
    return rn_error(ctx, RN_ENOMEM, "out of memory reading %s", s->path);
  }
  *cells = c;
  return RN_OK;
}

void rn_sheet_where(const rn_sheet_t *s, int64_t fid, char *buf, size_t size) {
  if (s->kind == RN_SHEET_CSV) {
    int64_t rec = fid - 1 + s->header; /* GDAL numbers CSV records from 1 */
    if (rec >= 0 && rec < s->lines.n)
      snprintf(buf, size, "%s:%lld", s->path, (long long)s->lines.line[rec]);
    else
      snprintf(buf, size, "%s: record %lld", s->path, (long long)fid);
  } else {
    snprintf(buf, size, "%s (%s %s): %s %lld", s->path,
             s->kind == RN_SHEET_SPREADSHEET ? "sheet" : "layer", OGR_L_GetName(s->lyr),
             s->kind == RN_SHEET_SPREADSHEET ? "row" : "feature", (long long)fid);
  }
}

void rn_sheet_close(rn_sheet_t *s) {
  if (s->ds) GDALClose(s->ds);
  if (s->kind == RN_SHEET_SPREADSHEET) sheet_config_clear();
  s->ds = NULL;
  s->lyr = NULL;
  rn_csv_lines_free(&s->lines);
}
