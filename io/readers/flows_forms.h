/* Flow tables in the forms planners have them (io/readers/flows_*.c): wide
 * cross-tables, ';' files with decimal commas, rows chosen with an OGR
 * filter, summed value columns, spreadsheets whose cells are all text.
 * rn_flows_read sends every such file here (rn_flows_form); plain long CSVs
 * stay on its fast path. */
#ifndef RN_FLOWS_FORMS_H
#define RN_FLOWS_FORMS_H

#include "io/readers/readers_internal.h"
#include <cpl_hash_set.h>

/* ---- a source read as rows of text cells (flows_sheet.c) */
typedef enum { RN_SHEET_CSV = 1, RN_SHEET_SPREADSHEET, RN_SHEET_OTHER } rn_sheet_kind_t;
typedef struct rn_sheet {
  GDALDatasetH ds;
  OGRLayerH lyr;
  const char *path;
  const char *enc;
  rn_sheet_kind_t kind;
  int header;           /* 1: the first row named the fields (not returned as a row) */
  char delim;           /* CSV: the delimiter of its first line */
  rn_csv_lines_t lines; /* CSV: where each record starts */
  int ncol;
} rn_sheet_t;
/* Open path (layer: NULL = the first) with every cell as text. header 0:
 * the first row is returned as a row; 1: it names the fields (CSV,
 * spreadsheets: forced, whatever the cells hold). */
int rn_sheet_open(rn_ctx_t *ctx, const char *path, const char *layer, const char *enc,
                  int header, rn_sheet_t *out);
/* The next row: ncol cells (trimmed, malloc'ed, "" when unset) in *cells (a
 * CSL list, CSLDestroy it) and its feature id; RN_OK with *cells NULL at the
 * end. */
int rn_sheet_next(rn_ctx_t *ctx, rn_sheet_t *s, char ***cells, int64_t *fid);
/* "file:line" (CSV) or "file (sheet S): row N" of feature fid. */
void rn_sheet_where(const rn_sheet_t *s, int64_t fid, char *buf, size_t size);
void rn_sheet_close(rn_sheet_t *s);
int rn_sheet_is_csv_path(const char *path);
/* The delimiter GDAL's CSV driver takes from a file's first line. */
char rn_sheet_csv_delim(const char *path);

/* ---- numbers with a decimal point or comma (flows_number.c) */
typedef struct rn_decimal {
  char mode;        /* '.', ',' or 0: not known yet (a ';' file) */
  int fixed;        /* given by --decimal */
  char since[256];  /* where the mode was learnt from the data, for messages */
} rn_decimal_t;
/* Start: opt ('.' / ',' / 0) as given, delim the file's delimiter. */
void rn_decimal_init(rn_decimal_t *d, char opt, char delim);
/* Parse text (not blank) into *v; NULL on success, else why (in why[]).
 * at: where the value is, kept when it settles the mode. */
const char *rn_decimal_parse(rn_decimal_t *d, const char *text, const char *at, double *v,
                             char *why, size_t size);

/* ---- codes to unit ids, zeros and unknown codes counted (flows_sink.c) */
typedef struct rn_flow_sink {
  rn_ctx_t *ctx;
  const rn_units_t *units;
  const char *path;
  int drop_unknown;
  rn_flows_builder_t *b;
  const char *what;     /* what an unknown code drops: "rows" (NULL) or "rows and columns" */
  int64_t rows_read, rows_zero, rows_unknown;
  char ex[3][256];
  int nex;
  CPLHashSet *codes;    /* units NULL: the codes met are gathered here instead */
} rn_flow_sink_t;
/* units NULL: no flows, the codes are gathered (every code is known). */
int rn_flow_sink_init(rn_ctx_t *ctx, const rn_flows_opts_t *opts, const rn_units_t *units,
                      rn_flow_sink_t *s);
/* Id of code for role ("origin"...), -1 when unknown and dropped (counted);
 * an error (RN_EINPUT, at: where) when unknown and not dropped. */
int rn_flow_sink_code(rn_flow_sink_t *s, const char *code, const char *role, const char *at,
                      int64_t *id);
/* One flow between known units. */
int rn_flow_sink_add(rn_flow_sink_t *s, int64_t i, int64_t j, double v);
/* Build out (reports what was dropped or summed); frees the builder. */
int rn_flow_sink_finish(rn_flow_sink_t *s, rn_flows_t *out);
void rn_flow_sink_destroy(rn_flow_sink_t *s);

/* ---- the forms */
typedef enum { RN_FLOWS_PLAIN = 0, RN_FLOWS_TABLE, RN_FLOWS_MATRIX } rn_flows_form_t;
/* Which reader a flow file needs (flows_forms.c); units NULL: a cross-table
 * is told by its header naming codes of its first column. */
int rn_flows_form(rn_ctx_t *ctx, const rn_flows_opts_t *opts, const rn_units_t *units,
                  rn_flows_form_t *form);
/* Read flows of form MATRIX or TABLE. */
int rn_flows_read_form(rn_ctx_t *ctx, rn_flows_form_t form, const rn_flows_opts_t *opts,
                       const rn_units_t *units, rn_flows_t *out);
/* The distinct unit codes of a flow file, in no order (malloc'ed strings in
 * a NULL-terminated malloc'ed array). */
int rn_flows_codes(rn_ctx_t *ctx, const rn_flows_opts_t *opts, char ***codes, int64_t *n);
/* Is a header cell a total label ("Total", "합계", "Gesamt" ...)? */
int rn_flows_total_label(const char *s);
/* Cross-table: origins down the first column, destinations across the
 * first row; every flow into sink. */
int rn_flows_read_matrix(rn_ctx_t *ctx, const rn_flows_opts_t *opts, rn_flow_sink_t *sink);
/* Long table read through OGR: --flows-where, --value a+b, decimal commas. */
int rn_flows_read_table(rn_ctx_t *ctx, const rn_flows_opts_t *opts, rn_flow_sink_t *sink);

#endif
