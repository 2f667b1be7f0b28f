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
void rn_opts_help(FILE *out, const char *cmd, const char *synopsis, const rn_opt_t *opts);

/* The inputs every app shares: units, flows, adjacency. */
typedef struct rn_inputs {
  rn_units_t units;
  rn_flows_t flows;
  rn_adjacency_t adj;
  int have_adj;
  /* SHA-256 of the two input files, computed on a thread of its own while
   * the run goes on (they are in the page cache by then): rn_inputs_hashes */
  char units_sha[65], flows_sha[65];
  int hashing, hash_rc;
  char hash_err[512];
  pthread_t hasher;
} rn_inputs_t;

#define RN_INPUT_OPTIONS                                                                   \
  {"--units", NULL, RN_OPT_FILE, "boundaries: any OGR vector source", NULL},                         \
      {"--units-layer", NULL, 1, "layer of the units source (default: the first)", NULL},  \
      {"--id", NULL, 1, "unit code field", NULL},                                          \
      {"--name", NULL, 1, "unit name field", NULL},                                        \
      {"--mass", NULL, 1, "unit mass field, e.g. population (default: inflow I_j)", NULL}, \
      {"--crs", NULL, 1, "working CRS (default: the input's if projected, else UTM/LAEA)", \
       NULL},                                                                              \
      {"--src-crs", NULL, 1, "CRS of a units source that has none", NULL},                 \
      {"--encoding", NULL, 1, "text encoding of the units' attributes (e.g. CP949)", NULL}, \
      {"--flows", NULL, RN_OPT_FILE, "origin-destination flows: CSV or any OGR table", NULL}, \
      {"--flows-layer", NULL, 1, "layer/table of the flows source", NULL},                 \
      {"--origin", NULL, 1, "origin column (default: the first)", NULL},                   \
      {"--dest", NULL, 1, "destination column (default: the second)", NULL},               \
      {"--value", NULL, 1, "flow column (default: the third)", NULL},                      \
      {"--flows-encoding", NULL, 1, "text encoding of the flows file (e.g. CP949)", NULL}, \
      {"--drop-unknown", NULL, 0, "drop flow rows with unknown codes (counted)", NULL},    \
      {"--snap", NULL, 1, "adjacency tolerance in metres (default 100)", NULL}

/* The clustering's options, shared by delineate and sweep (each adds its own
 * --thresholds), read by rn_app_params (app_params.c). */
#define RN_CLUSTER_OPTIONS                                                                        \
  {"--preset", NULL, 1, "preset of levels (default krihs: metro 5%, urban 10%, life 20%)", NULL}, \
      {"--params", NULL, RN_OPT_FILE, "JSON parameter file (levels, thresholds, modes, cores ...)", NULL},  \
      {"--cores", NULL, 1, "designated first-level cores, e.g. \"11;21+26;22\"", NULL},           \
      {"--min-mass", NULL, 1, "minimum core mass per level, e.g. 1000000,50000,0", NULL},         \
      {"--mode", NULL, 1, "growth mode: dominant, chain or core (or one per level)", NULL},       \
      {"--denominator", NULL, 1, "total, out or field:NAME (default: from the data)", NULL},      \
      {"--contiguity", NULL, 1, "enforce (default) or ignore", NULL},                             \
      {"--adjacency", NULL, 1, "rook (default) or queen", NULL},                                  \
      {"--threads", NULL, 1, "worker threads (default: one per core); results do not depend on it", \
       NULL}

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

/* Parameters from --preset, --params, --min-mass, --mode, --cores,
 * --denominator, --contiguity, --adjacency and the per-level threshold list
 * in option thresholds_opt (NULL: none), in that order of precedence. */
int rn_app_params(rn_ctx_t *ctx, const rn_opt_t *opts, const char *thresholds_opt,
                  rn_params_t *p);

#endif
