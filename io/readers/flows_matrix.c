/* Flows as a cross-table, the form statistics offices publish: origin codes
 * down the first column, destination codes across the first row, a flow in
 * each cell (blank = 0). Rows and columns of totals ("Total", "합계" ...) are
 * recognised, checked against the sums and skipped with a note; anywhere but
 * at the end they are refused, as are a destination given twice and a cell
 * under no destination. */
#include "io/readers/flows_forms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_string.h>

#define COL_BLANK (-2) /* no code in the header: its cells must be blank */
#define COL_TOTAL (-3)

static int all_blank(char **c) {
  for (; c && *c; c++)
    if (**c) return 0;
  return 1;
}

/* How far a published total is from the sum: the note tells which. */
typedef struct {
  double worst;   /* largest relative gap */
  char at[300];   /* where */
  double total, sum;
} gap_t;

static void gap_see(gap_t *g, double total, double sum, const char *at) {
  double d = fabs(total - sum) / fmax(1.0, fabs(total));
  if (d > g->worst) {
    g->worst = d;
    g->total = total;
    g->sum = sum;
    snprintf(g->at, sizeof g->at, "%.290s", at);
  }
}

static void gap_note(rn_ctx_t *ctx, const gap_t *g, const char *what) {
  if (g->worst <= 1e-9)
    rn_report(ctx, "%s: skipped (a total: it equals the sums)", what);
  else
    rn_report(ctx, "%s: skipped (a total), though %s gives %.10g where the cells sum to %.10g "
                   "(suppressed or rounded cells?)",
              what, g->at, g->total, g->sum);
}

int rn_flows_read_matrix(rn_ctx_t *ctx, const rn_flows_opts_t *opts, rn_flow_sink_t *sink) {
  const rn_units_t *units = sink->units;
  int64_t nu = units ? units->n : 1; /* gathering codes: every one is id 0 */
  const char *path = opts->path;
  if (opts->where)
    return rn_error(ctx, RN_EPARAM,
                    "%s: --flows-where chooses rows of a long table (origin, destination, value), "
                    "not of a cross-table",
                    path);
  if (opts->origin || opts->dest || opts->value)
    return rn_error(ctx, RN_EPARAM,
                    "%s: --origin, --dest and --value name columns of a long table; a cross-table "
                    "has origins in its first column and destinations in its first row",
                    path);
  const char *enc = opts->encoding && opts->encoding[0] ? opts->encoding : NULL;
  rn_sheet_t sh;
  int rc = rn_sheet_open(ctx, path, opts->layer, enc, 0, &sh);
  if (rc) return rc;
  sink->what = "rows and columns";
  rn_decimal_t dec;
  rn_decimal_init(&dec, opts->decimal, sh.kind == RN_SHEET_CSV ? sh.delim : 0);
  int m = sh.ncol;
  int64_t *dest = calloc((size_t)m + 1, sizeof *dest);
  int64_t *col_of = malloc(sizeof *col_of * (size_t)nu); /* unit -> its column */
  int64_t *row_at = malloc(sizeof *row_at * (size_t)nu); /* unit -> its row's fid */
  double *colsum = calloc((size_t)m + 1, sizeof *colsum);
  char **cells = NULL, **head = NULL;
  char at[400], at2[400];
  int64_t fid = 0, head_fid = 0, total_fid = -1;
  int total_col = -1, ndest = 0;
  double grand = 0;
  char total_name[64] = "";
  gap_t gap_row = {0}, gap_col = {0};
  if (!dest || !col_of || !row_at || !colsum) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory reading %s", path);
    goto done;
  }
  for (int64_t i = 0; i < nu; i++) col_of[i] = row_at[i] = -1;
  /* the header: the first row that is not blank */
  while (!(rc = rn_sheet_next(ctx, &sh, &head, &head_fid)) && head && all_blank(head)) {
    CSLDestroy(head);
    head = NULL;
  }
  if (rc) goto done;
  if (!head) {
    rc = rn_error(ctx, RN_EINPUT, "%s: empty: no header row of destination codes", path);
    goto done;
  }
  rn_sheet_where(&sh, head_fid, at, sizeof at);
  for (int k = 1; k < m; k++) {
    const char *c = head[k];
    if (!c[0]) {
      dest[k] = COL_BLANK;
      continue;
    }
    if (total_col >= 0) {
      rc = rn_error(ctx, RN_EINPUT,
                    "%s: column %d '%.60s' comes after the total column %d '%.60s'; a total "
                    "column belongs at the end of the table",
                    at, k + 1, c, total_col + 1, head[total_col]);
      goto done;
    }
    if (rn_flows_total_label(c)) {
      dest[k] = COL_TOTAL;
      total_col = k;
      continue;
    }
    snprintf(at2, sizeof at2, "%.300s, column %d", at, k + 1);
    if ((rc = rn_flow_sink_code(sink, c, "destination", at2, &dest[k]))) goto done;
    if (dest[k] < 0) continue;
    if (units && col_of[dest[k]] >= 0) {
      rc = rn_error(ctx, RN_EINPUT, "%s: destination '%.60s' in columns %lld and %d", at, c,
                    (long long)col_of[dest[k]] + 1, k + 1);
      goto done;
    }
    col_of[dest[k]] = k;
    ndest++;
  }
  if (ndest == 0 && !sink->rows_unknown) {
    rc = rn_error(ctx, RN_EINPUT, "%s: no destination codes in the header row", at);
    goto done;
  }
  rn_report(ctx, "%s: a cross-table: origins in column 1 ('%.40s'), %d destinations across %s",
            path, head[0], ndest, at);
  for (;;) {
    CSLDestroy(cells);
    cells = NULL;
    if ((rc = rn_sheet_next(ctx, &sh, &cells, &fid)) || !cells) break;
    if (all_blank(cells)) continue;
    rn_sheet_where(&sh, fid, at, sizeof at);
    if (total_fid >= 0) {
      rn_sheet_where(&sh, total_fid, at2, sizeof at2);
      rc = rn_error(ctx, RN_EINPUT,
                    "%s: a row after the total row (%s); a total row belongs at the end of the "
                    "table",
                    at, at2);
      break;
    }
    const char *o = cells[0];
    int total = rn_flows_total_label(o);
    int64_t i = -1;
    if (!o[0]) {
      rc = rn_error(ctx, RN_EINPUT, "%s: values but no origin code in column 1", at);
      break;
    }
    if (total) {
      total_fid = fid;
      snprintf(total_name, sizeof total_name, "%.60s", o);
    } else {
      if ((rc = rn_flow_sink_code(sink, o, "origin", at, &i))) break;
      if (i < 0) continue;
      if (units && row_at[i] >= 0) {
        rn_sheet_where(&sh, row_at[i], at2, sizeof at2);
        rc = rn_error(ctx, RN_EINPUT, "%s: origin '%.60s' again (first at %s)", at, o, at2);
        break;
      }
      row_at[i] = fid;
      sink->rows_read++;
    }
    double rowsum = 0, rowtotal = NAN;
    for (int k = 1; k < m && !rc; k++) {
      const char *c = cells[k];
      if (!c[0] || dest[k] == -1) continue; /* blank cell = 0; an unknown column, dropped */
      snprintf(at2, sizeof at2, "%.300s, column %d", at, k + 1);
      if (dest[k] == COL_BLANK) {
        rc = rn_error(ctx, RN_EINPUT, "%s: value '%.40s' under no destination code", at2, c);
        break;
      }
      double v;
      char why[600];
      if (rn_decimal_parse(&dec, c, at2, &v, why, sizeof why)) {
        rc = rn_error(ctx, RN_EINPUT, "%s ('%.60s'): value %s", at2, head[k], why);
        break;
      }
      if (dest[k] == COL_TOTAL && total) {
        gap_see(&gap_row, v, grand, at2);
      } else if (dest[k] == COL_TOTAL) {
        rowtotal = v;
      } else if (total) {
        gap_see(&gap_row, v, colsum[k], at2);
      } else {
        rowsum += v;
        grand += v;
        colsum[k] += v;
        rc = rn_flow_sink_add(sink, i, dest[k], v);
      }
    }
    if (rc) break;
    if (!total && !isnan(rowtotal)) gap_see(&gap_col, rowtotal, rowsum, at);
  }
  if (rc) goto done;
  if (total_col >= 0) {
    char what[300];
    snprintf(what, sizeof what, "%s: column %d '%.60s'", path, total_col + 1, head[total_col]);
    gap_note(ctx, &gap_col, what);
  }
  if (total_fid >= 0) {
    char what[450];
    rn_sheet_where(&sh, total_fid, at, sizeof at);
    snprintf(what, sizeof what, "%s: row '%s'", at, total_name);
    gap_note(ctx, &gap_row, what);
  }
  if (dec.mode == ',' && !dec.fixed)
    rn_report(ctx, "%s: decimal commas (learnt from %s)", path, dec.since);
done:
  CSLDestroy(cells);
  CSLDestroy(head);
  free(dest);
  free(col_of);
  free(row_at);
  free(colsum);
  rn_sheet_close(&sh);
  return rc;
}
