/* A small table-driven parser for the apps' argv-style options. */
#ifndef RN_APP_OPTIONS_H
#define RN_APP_OPTIONS_H

#include "engine/engine.h"
#include <pthread.h>

typedef struct rn_opt {
  const char *name;  /* "--units" */
  const char *alias; /* "-o" or NULL */
  int takes_value;   /* 0 flag, 1 value, RN_OPT_REPEAT a value that may be given again */
  const char *help;
  const char *value; /* parsed: the value, or "1" for a flag given; NULL when absent */
} rn_opt_t;

/* takes_value of an option that may be repeated (--lco A=1 --lco B=2): value
 * holds the last one, rn_opt_list() all of them. */
#define RN_OPT_REPEAT 2
/* takes_value of an option naming a file the run reads: refused by the parser
 * when it is a FIFO, device or socket (reading one could block for ever),
 * and never an output of the run (rn_app_outputs). */
#define RN_OPT_FILE 5

/* Parse argv[1..argc) into opts (terminated by a NULL name). Positional
 * arguments are collected in pos (up to maxpos). */
int rn_opts_parse(rn_ctx_t *ctx, const char *cmd, int argc, char **argv, rn_opt_t *opts,
                  const char **pos, int maxpos, int *npos);
const char *rn_opt(const rn_opt_t *opts, const char *name);
/* Every value given to option name, in order, as a new CSL list (CSLDestroy
 * it); NULL when absent. argv and opts as given to rn_opts_parse. */
char **rn_opt_list(int argc, char **argv, rn_opt_t *opts, const char *name);
/* The command's --help text; with --help=man the same table as a roff manual
 * page instead (rn_opts_man, app_man.c), so the page cannot drift from it. */
void rn_opts_help(FILE *out, const char *cmd, const char *synopsis, const rn_opt_t *opts);
void rn_opts_man(FILE *out, const char *cmd, const char *synopsis, const rn_opt_t *opts);

/* The inputs every app shares: units, flows, adjacency. */
typedef struct rn_inputs {
  rn_units_t units;
  rn_flows_t flows;
  rn_adjacency_t adj;
  int have_adj;
  unsigned char extra_code[16]; /* set before rn_inputs_load: extra field k is a code/flag */
  int no_geometry; /* units from a table or the flows' codes: contiguity ignored, outputs tables */
  /* --units-map: the crosswalk applied (map_path "" when none) */
  char map_path[1024], map_sha[65];
  int64_t map_before, map_after, map_merged, map_internal;
  double map_internal_sum;
  /* SHA-256 of the two input files, computed on a thread of its own while
   * the run goes on (they are in the page cache by then): rn_inputs_hashes */
  char units_sha[65], flows_sha[65];
  int hashing, hash_rc;
  char hash_err[512];
  pthread_t hasher;
  /* the user's adjacency amendments: [0] --adjacency-add, [1] --adjacency-remove
   * (path NULL when not given), with their files' SHA-256 */
  rn_adjacency_edits_t edits[2];
  char edits_sha[2][65];
  const char *mass_field; /* --mass, NULL: the mass is the inflow I_j */
} rn_inputs_t;

#define RN_INPUT_OPTIONS                                                                   \
  {"--units", NULL, RN_OPT_FILE, "boundaries (any OGR source), a table without geometry, or grid; default: the flows' codes", NULL}, \
      {"--units-layer", NULL, 1, "layer of the units source (default: the first)", NULL},  \
      {"--id", NULL, 1, "unit code field", NULL},                                          \
      {"--name", NULL, 1, "unit name field", NULL},                                        \
      {"--mass", NULL, 1, "unit mass field, e.g. population (default: inflow I_j)", NULL}, \
      {"--crs", NULL, 1, "working CRS (default: the input's if projected, else UTM/LAEA)", \
       NULL},                                                                              \
      {"--src-crs", NULL, 1, "CRS of a units source that has none", NULL},                 \
      {"--encoding", NULL, 1, "text encoding of the units' attributes (e.g. CP949)", NULL}, \
      {"--empty-geometry", NULL, 1, "a unit without geometry: drop (with its flows) or island", NULL}, \
      {"--units-map", NULL, RN_OPT_FILE, "crosswalk CSV from,to[,to_name]: units dissolved into their target", NULL}, \
      {"--flows", NULL, RN_OPT_FILE, "origin-destination flows: CSV or any OGR table", NULL}, \
      {"--flows-layer", NULL, 1, "layer/table of the flows source", NULL},                 \
      {"--flows-sql", NULL, 1, "query giving the flows, run by a database source", NULL},   \
      {"--origin", NULL, 1, "origin column (default: the first)", NULL},                   \
      {"--dest", NULL, 1, "destination column (default: the second)", NULL},               \
      {"--value", NULL, 1, "flow column (default: the third); a+b sums columns", NULL},    \
      {"--flows-layout", NULL, 1, "long, matrix (a cross-table) or auto (default)", NULL}, \
      {"--flows-where", NULL, 1, "OGR filter choosing flow rows: \"mode = 'car'\"", NULL}, \
      {"--decimal", NULL, 1, "decimal mark of the flows: . or , (default .; learnt in ; files)", \
       NULL},                                                                              \
      {"--flows-encoding", NULL, 1, "text encoding of the flows file (e.g. CP949)", NULL}, \
      {"--drop-unknown", NULL, 0, "drop flow rows with unknown codes (counted)", NULL},    \
      {"--snap", NULL, 1, "adjacency tolerance in metres (default 100)", NULL},              \
      {"--adjacency-add", NULL, RN_OPT_FILE, "CSV of unit pairs made neighbours (bridges): a,b[,notes]", \
       NULL},                                                                              \
      {"--adjacency-remove", NULL, RN_OPT_FILE, "CSV of unit pairs that are no neighbours: a,b[,notes]", \
       NULL}

/* The clustering's options, shared by delineate and sweep (each adds its own
 * --thresholds), read by rn_app_params (app_params.c). */
#define RN_CLUSTER_OPTIONS                                                                        \
  {"--preset", NULL, 1, "preset of levels (default krihs: metro 5%, urban 10%, life 20%)", NULL}, \
      {"--params", NULL, RN_OPT_FILE, "JSON parameter file (levels, thresholds, modes, cores ...)", NULL},  \
      {"--cores", NULL, 1, "designated first-level cores, e.g. \"11;21+26;22\"", NULL},           \
      {"--min-mass", NULL, 1,                                                                     \
       "minimum core mass, one per level (1000000,50000,0) or NAME=VALUE (metro=2%); N% = share " \
       "of the total mass",                                                                       \
       NULL},                                                                                     \
      {"--mode", NULL, 1, "growth mode: dominant, chain or core (or one per level)", NULL},       \
      {"--denominator", NULL, 1, "total, out or field:NAME (default: from the data)", NULL},      \
      {"--contiguity", NULL, 1, "enforce (default) or ignore", NULL},                             \
      {"--adjacency", NULL, 1, "rook (default) or queen", NULL},                                  \
      {"--dominance", NULL, 1,                                                                    \
       "mode dominant: mass (default: point only to a larger unit) or any (revision 1)", NULL},   \
      {"--threads", NULL, 1, "worker threads (default: one per core); results do not depend on it", \
       NULL}

/* Options of the alternative methods (--method), passed on to them as
 * "key=value"; the *-field options name unit attributes, loaded as numbers.
 * --seed apart: the bootstrap's --seed is its own. */
#define RN_METHOD_OPTIONS                                                                     \
  {"--threshold", NULL, 1, "method threshold (cbsa 0.25, fua 0.15)", NULL},                   \
      {"--central-field", NULL, 1, "unit field: non-zero = central unit / city", NULL},     \
      {"--area-field", NULL, 1, "unit field: units sharing a value form one centre", NULL}, \
      {"--employed-field", NULL, 1, "unit field: employed residents", NULL},                \
      {"--jobs-field", NULL, 1, "unit field: jobs", NULL},                                  \
      {"--min-size", NULL, 1, "ttwa: minimum size (Istat 1000)", NULL},                     \
      {"--min-sc", NULL, 1, "ttwa: minimum self-containment (Istat 0.6667)", NULL},         \
      {"--target-size", NULL, 1, "ttwa: target size (Istat 10000)", NULL},                  \
      {"--target-sc", NULL, 1, "ttwa: target self-containment (Istat 0.75)", NULL},         \
      {"--compat", NULL, 1, "ttwa: 'istat' reproduces LabourMarketAreas 3.4", NULL},        \
      {"--regions", NULL, 1, "intramax: number of regions", NULL},                          \
      {"--resolution", NULL, 1, "leiden/louvain: resolution", NULL}
/* What every command that writes a dataset takes after -o/-f. */
#define RN_WRITE_OPTIONS                                                                  \
  {"--lco", NULL, RN_OPT_REPEAT, "layer creation option KEY=VALUE (repeatable)", NULL},   \
      {"--dsco", NULL, RN_OPT_REPEAT, "dataset creation option KEY=VALUE (repeatable)", NULL}, \
      {"--overwrite", NULL, 0, "replace an existing output", NULL},                       \
      {"--progress", NULL, 0, "show progress 0...10...20...100", NULL},                   \
      {"--quiet", "-q", 0, "print nothing but errors", NULL},                             \
      {"--help", "-h", 0, "this help", NULL}
#define RN_METHOD_SEED_OPTION {"--seed", NULL, 1, "random seed of community detection", NULL}

/* The method options given (and --min-mass; --seed when with_seed), as a
 * "key=value" CSL list (CSLDestroy it; NULL when none); the unit fields the
 * *-field options name are appended to extra[*nextra]. */
char **rn_app_method_options(const rn_opt_t *opts, int with_seed, const char **extra,
                              unsigned char *extra_code, int *nextra);
/* Every RN_OPT_FILE option's file made an input of set (no output may be it). */
int rn_app_protect_inputs(rn_ctx_t *ctx, const rn_opt_t *opts, rn_outset_t *set);

/* --threads N (1..256) into *n; 0 when absent. */
int rn_opt_threads(rn_ctx_t *ctx, const rn_opt_t *opts, int *n);

void rn_inputs_init(rn_inputs_t *in);
/* The inputs' SHA-256 (waits for the hashing thread); RN_OK or its error. */
int rn_inputs_hashes(rn_ctx_t *ctx, rn_inputs_t *in, const char **units_sha,
                     const char **flows_sha);
void rn_inputs_destroy(rn_ctx_t *ctx, rn_inputs_t *in);
/* Read units and flows; adjacency too when need_adj. extra: numeric unit fields to load. */
int rn_inputs_load(rn_ctx_t *ctx, const rn_opt_t *opts, int need_adj, const char *const *extra,
                   int nextra, rn_inputs_t *in);

/* --adjacency-add / --adjacency-remove: read the files (after the units),
 * and apply them to in->adj once it is built, reporting pairs that change
 * nothing. need_adj 0 with a file given is an error (nothing to amend). */
int rn_inputs_edits_read(rn_ctx_t *ctx, const rn_opt_t *opts, int need_adj, rn_inputs_t *in);
int rn_inputs_edits_apply(rn_ctx_t *ctx, rn_inputs_t *in);
/* For the provenance: the amendments (files, checksums, pairs), NULL when
 * none; and the warnings of pairs that changed nothing, appended to warn. */
struct json_t *rn_inputs_adjacency_json(const rn_inputs_t *in);
void rn_inputs_warnings_json(const rn_inputs_t *in, struct json_t *warn);

/* Level by name, or by number (1-based); -1 when none. */
int rn_level_index(const rn_params_t *p, const char *name);

/* Parameters from --preset, --params, --min-mass, --mode, --cores,
 * --denominator, --contiguity, --adjacency and the per-level threshold list
 * in option thresholds_opt (NULL: none), in that order of precedence. */
int rn_app_params(rn_ctx_t *ctx, const rn_opt_t *opts, const char *thresholds_opt,
                  rn_params_t *p);

/* Designated cores given by unit name made codes (app_cores.c). */
int rn_app_cores_resolve(rn_ctx_t *ctx, const rn_units_t *u, rn_params_t *p);

#endif
