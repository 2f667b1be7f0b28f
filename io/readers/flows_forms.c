/* Which reader a flow file needs: a cross-table (detected from its first
 * row, or --flows-layout matrix), a long table through OGR (a filter, summed
 * columns, a decimal mark, a spreadsheet, a ';' file whose numbers may have
 * decimal commas), or the plain long CSV the fast path reads. */
#include "io/readers/flows_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cpl_string.h>

/* Labels of total rows and columns in the tables of statistics offices
 * (compared without case, after trimming). */
static const char *const total_labels[] = {
    "total", "totals", "sum", "sums", "all", "grand total", "total général", "totaux",
    "gesamt", "insgesamt", "summe", "totaal", "totale", "totali", "totalt", "suma", "somma",
    "합계", "계", "총계", "전체", "合计", "合計", "総計", "计", NULL};

int rn_flows_total_label(const char *s) {
  for (int k = 0; total_labels[k]; k++)
    if (!strcasecmp(s, total_labels[k])) return 1;
  return 0;
}

/* A first row of destination codes: at least three known codes (of the
 * units, or without units of the first column) and more codes than other
 * labels (totals and blanks aside). A long table's header (origin, dest,
 * flow) or first data row (11, 21, 5) is not one. */
static int looks_matrix(char **cells, const rn_units_t *units, CPLHashSet *firstcol) {
  int codes = 0, other = 0;
  for (int k = 1; cells && cells[0] && cells[k]; k++) {
    const char *c = cells[k];
    if (!c[0] || rn_flows_total_label(c)) continue;
    if (units ? rn_units_find(units, c) >= 0 : firstcol && CPLHashSetLookup(firstcol, c) != NULL)
      codes++;
    else other++;
  }
  return codes >= 3 && codes > other;
}

/* The cells of a sheet's first column, and its first non-blank row. */
static void sheet_scan(rn_ctx_t *ctx, const rn_flows_opts_t *opts, const char *enc, int all,
                       char ***first, CPLHashSet **firstcol) {
  rn_sheet_t sh;
  int64_t fid;
  char **cells = NULL;
  *first = NULL;
  if (all) *firstcol = CPLHashSetNew(CPLHashSetHashStr, CPLHashSetEqualStr, free);
  if (rn_sheet_open(ctx, opts->path, opts->layer, enc, 0, &sh) != RN_OK) return;
  while (rn_sheet_next(ctx, &sh, &cells, &fid) == RN_OK && cells) {
    int blank = 1;
    for (int k = 0; cells[k]; k++) blank &= !cells[k][0];
    if (!blank && !*first) {
      *first = cells;
      cells = NULL;
      if (!all) break;
    } else if (!blank && *firstcol && cells[0] && cells[0][0] &&
               !CPLHashSetLookup(*firstcol, cells[0])) {
      char *c = strdup(cells[0]);
      if (c) CPLHashSetInsert(*firstcol, c);
    }
    CSLDestroy(cells);
    cells = NULL;
  }
  CSLDestroy(cells);
  rn_sheet_close(&sh);
}

/* The first line of a CSV split as GDAL would (quotes honoured), trimmed. */
static char **csv_first_cells(const char *path, const char *enc, char delim) {
  char *line = rn_csv_first_line(path);
  if (!line) return NULL;
  char *text = rn_io_recode(!strncmp(line, "\xEF\xBB\xBF", 3) ? line + 3 : line, enc);
  free(line);
  if (!text) return NULL;
  char sep[2] = {delim, 0};
  char **raw = CSLTokenizeString2(text, sep, CSLT_HONOURSTRINGS | CSLT_ALLOWEMPTYTOKENS);
  free(text);
  char **cells = NULL;
  for (int k = 0; raw && raw[k]; k++) {
    char *t = rn_io_trim(raw[k]);
    cells = CSLAddString(cells, t ? t : "");
    free(t);
  }
  CSLDestroy(raw);
  return cells;
}

int rn_flows_form(rn_ctx_t *ctx, const rn_flows_opts_t *opts, const rn_units_t *units,
                  rn_flows_form_t *form) {
  *form = RN_FLOWS_PLAIN;
  const char *layout = opts->layout, *path = opts->path;
  const char *enc = opts->encoding && opts->encoding[0] ? opts->encoding : NULL;
  if (layout && strcmp(layout, "matrix") && strcmp(layout, "long") && strcmp(layout, "auto"))
    return rn_error(ctx, RN_EPARAM,
                    "--flows-layout: '%s' is not long, matrix or auto (detected: the default)",
                    layout);
  if (opts->decimal && opts->decimal != '.' && opts->decimal != ',')
    return rn_error(ctx, RN_EPARAM, "--decimal: '%c' is not '.' or ','", opts->decimal);
  if (layout && !strcmp(layout, "matrix")) {
    *form = RN_FLOWS_MATRIX;
    return RN_OK;
  }
  size_t n = strlen(path);
  int csv = rn_sheet_is_csv_path(path);
  int sheet = n > 5 && (!strcasecmp(path + n - 5, ".xlsx") || !strcasecmp(path + n - 4, ".ods"));
  char delim = csv ? rn_sheet_csv_delim(path) : 0;
  int named = opts->origin || opts->dest || opts->value || opts->where;
  if (!named && (!layout || !strcmp(layout, "auto")) && (csv || sheet)) {
    char **cells = NULL;
    CPLHashSet *firstcol = NULL;
    if (csv && units) cells = csv_first_cells(path, enc, delim);
    else sheet_scan(ctx, opts, enc, !units, &cells, &firstcol); /* a bad file is the reader's to name */
    int matrix = looks_matrix(cells, units, firstcol);
    CSLDestroy(cells);
    if (firstcol) CPLHashSetDestroy(firstcol);
    if (matrix) {
      *form = RN_FLOWS_MATRIX;
      return RN_OK;
    }
  }
  if (opts->where || opts->decimal || (opts->value && strchr(opts->value, '+')) || sheet ||
      delim == ';')
    *form = RN_FLOWS_TABLE;
  return RN_OK;
}

int rn_flows_read_form(rn_ctx_t *ctx, rn_flows_form_t form, const rn_flows_opts_t *opts,
                       const rn_units_t *units, rn_flows_t *out) {
  rn_flows_init(out);
  rn_flow_sink_t sink;
  int rc = rn_flow_sink_init(ctx, opts, units, &sink);
  if (!rc)
    rc = form == RN_FLOWS_MATRIX ? rn_flows_read_matrix(ctx, opts, &sink)
                                 : rn_flows_read_table(ctx, opts, &sink);
  if (!rc) rc = rn_flow_sink_finish(&sink, out);
  rn_flow_sink_destroy(&sink);
  return rc;
}

static int gather(void *code, void *arg) {
  char ***list = arg;
  **list = code;
  (*list)++;
  return TRUE;
}

int rn_flows_codes(rn_ctx_t *ctx, const rn_flows_opts_t *opts, char ***codes, int64_t *n) {
  *codes = NULL;
  *n = 0;
  rn_flows_form_t form;
  int rc = rn_flows_form(ctx, opts, NULL, &form);
  if (rc) return rc;
  if (form == RN_FLOWS_PLAIN) form = RN_FLOWS_TABLE;
  rn_flow_sink_t sink;
  FILE *report = ctx->report; /* the notes come when the flows are read */
  ctx->report = NULL;
  rc = rn_flow_sink_init(ctx, opts, NULL, &sink);
  if (!rc)
    rc = form == RN_FLOWS_MATRIX ? rn_flows_read_matrix(ctx, opts, &sink)
                                 : rn_flows_read_table(ctx, opts, &sink);
  ctx->report = report;
  int size = rc ? 0 : CPLHashSetSize(sink.codes);
  if (!rc && size == 0) rc = rn_error(ctx, RN_EINPUT, "%s: no flows, so no units", opts->path);
  if (!rc) {
    *codes = calloc((size_t)size + 1, sizeof **codes);
    if (!*codes) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  if (!rc) {
    /* copies: the set frees its own strings */
    char **p = *codes;
    CPLHashSetForeach(sink.codes, gather, &p);
    for (int k = 0; k < size; k++) (*codes)[k] = strdup((*codes)[k]);
    *n = size;
  }
  rn_flow_sink_destroy(&sink);
  return rc;
}
