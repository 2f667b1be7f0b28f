/* Command-line apps as library calls taking argv-style options (after GDAL's
 * apps library), so the CLI, bindings or a QGIS plugin share one code path.
 * The options are those of the command line (regionet-<command>(1), or the
 * app with "--help"). Stable as regionet/regionet.h says.
 *
 * Common rules for every rn_app_* function:
 *   - argv[0] is the command name ("delineate"), argv[1..argc) its options;
 *     the library reads argv during the call only and keeps nothing;
 *   - what the command prints (summaries, tables, JSON) goes to `out`, which
 *     the caller owns; reports go where rn_ctx_set_report says;
 *   - the return value is an rn_err; on failure rn_ctx_errmsg(ctx) says why
 *     and no output file is left half-written;
 *   - one run per context at a time (see regionet.h); the run may start
 *     worker threads of its own, all joined before it returns. */
#ifndef REGIONET_APP_H
#define REGIONET_APP_H

#include <stdio.h>
#include "regionet/export.h"
#include "regionet/regionet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One command: its name, its one-line summary and its entry point. */
typedef struct rn_app {
  const char *name;
  int (*run)(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
  const char *summary;
} rn_app_t;

/* `regionet version`: the library versions (rn_versions_string). */
RN_API int rn_app_version(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
/* `regionet methods`: one line per delineation method, "name summary". */
RN_API int rn_app_methods(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
/* `regionet inspect`: units, flows and adjacency summarised (or --json). */
RN_API int rn_app_inspect(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
/* `regionet delineate`: the regions, written to -o FILE with a provenance
 * sidecar FILE.provenance.json; a summary per level to out. */
RN_API int rn_app_delineate(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
/* `regionet compare`: two partitions of the same units (indices, splits,
 * merges; --json for JSON). */
RN_API int rn_app_compare(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
/* `regionet sweep`: the clustering over a grid of thresholds with per-unit
 * stability (table, --json, --csv FILE, -o FILE). */
RN_API int rn_app_sweep(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
/* `regionet bootstrap`: replicates of the flows; per unit and level its
 * confidence and margin, per border its strength (-o FILE). */
RN_API int rn_app_bootstrap(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
/* `regionet generate`: synthetic units and flows of any size. */
RN_API int rn_app_generate(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
/* `regionet report`: a self-contained HTML report of a regionet output. */
RN_API int rn_app_report(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
/* `regionet map`: one map of an output as PNG, SVG or PDF. */
RN_API int rn_app_map(rn_ctx_t *ctx, int argc, char **argv, FILE *out);

/* The app named name ("delineate"), NULL when none; static storage. */
RN_API const rn_app_t *rn_app_find(const char *name);
/* The k-th app of the table (k from 0), NULL past the end: to list them. */
RN_API const rn_app_t *rn_app_at(int k);

/* Run the app named argv[0] and hand back what it printed as a new
 * NUL-terminated string in *text (the caller frees it with rn_free; NULL
 * when text is NULL or memory ran out) — for bindings that have no FILE *.
 * Returns the app's rn_err, RN_EPARAM for an unknown command. */
RN_API int rn_app_run(rn_ctx_t *ctx, int argc, char **argv, char **text);

#ifdef __cplusplus
}
#endif
#endif
