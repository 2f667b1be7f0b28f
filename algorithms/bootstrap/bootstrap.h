/* Bootstrap of a partition (algorithms/README.md): replicates of the flow matrix drawn
 * as a survey would have drawn them, the clustering rerun on each, and per
 * unit, pair of neighbours and region how often the default result holds.
 * Internal to the library (the app and the writer include it). */
#ifndef RN_BOOTSTRAP_H
#define RN_BOOTSTRAP_H

#include "engine/engine.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* How a replicate draws each origin's row. */
typedef enum {
  RN_SAMPLING_MULTINOMIAL = 0, /* the row's trips redistributed over its destinations */
  RN_SAMPLING_POISSON = 1      /* every T_ij on its own, Poisson with mean T_ij */
} rn_sampling_t;

int rn_sampling_parse(const char *s, rn_sampling_t *out);
const char *rn_sampling_name(rn_sampling_t s);

/* A GSL generator whose engine is xoshiro256** (algorithms/generate), so one
 * 64-bit seed and a stream number give independent, reproducible sequences
 * on every platform. Free with gsl_rng_free. NULL when out of memory. */
gsl_rng *rn_replicate_rng_new(void);
/* Reset r to the stream of replicate `stream` of `seed`. */
void rn_replicate_rng_seed(gsl_rng *r, uint64_t seed, uint64_t stream);

/* What every replicate of obs draws from, built once (read-only after, so
 * threads share it): the model, the sample fraction, and per origin its
 * flows split into large ones, drawn one by one, and small ones (expected
 * count below 30 trips), drawn as one total spread over them trip by
 * trip from an alias table. obs must outlive the plan. */
/* One cell of an origin's alias table (GSL's gsl_ran_discrete_preproc):
 * the fraction below which the cell is itself, and the row positions (+1)
 * of the cell and of its alias. */
typedef struct rn_alias_cell {
  double f;
  uint32_t here, there;
} rn_alias_cell_t;

typedef struct rn_replicate_plan {
  const rn_flows_t *obs;
  rn_sampling_t model;
  double fraction;
  int64_t maxrow;             /* longest row */
  int64_t *order;             /* per row: positions, the large flows first, then the small */
  int64_t *nlarge;            /* per origin: its large flows */
  double *small_sum;          /* per origin: the total of its small flows */
  double *cells;              /* per origin i, from row[i] + 2 i: its multinomial's cells (the
                               * large flows, the small ones' total, the diagonal) */
  rn_alias_cell_t *alias;     /* per row entry: origin i's small flows' table at its small positions */
  unsigned char *has_alias;   /* per origin: two small flows or more (one takes all) */
} rn_replicate_plan_t;

void rn_replicate_plan_init(rn_replicate_plan_t *pl);
void rn_replicate_plan_destroy(rn_replicate_plan_t *pl);
/* The plan of obs under model and sample fraction (in (0,1], else RN_EPARAM). */
int rn_replicate_plan_build(rn_ctx_t *ctx, const rn_flows_t *obs, rn_sampling_t model,
                            double fraction, rn_replicate_plan_t *pl);

/* One replicate of the plan's flows into out (its arrays allocated on first
 * use, reused after; rn_flows_destroy frees them). The observed values are
 * taken as estimates for the whole population from a sample of `fraction`
 * of the trips (1: a census): the sample's counts are fraction * T, a
 * replicate draws counts from those and divides them by fraction.
 * Multinomial: origin i's fraction * O_i trips (rounded up or down at random
 * to a whole number, with that mean) over its destinations, diagonal
 * included, with the observed proportions; Poisson: each count on its own.
 * Zero draws are left out of the rows, which keep the observed order. */
int rn_flows_replicate(rn_ctx_t *ctx, gsl_rng *r, const rn_replicate_plan_t *pl, rn_flows_t *out);

/* Per unit of one level of a netcon run: its deciding share minus θ. A
 * member's deciding share is what put it in its region: mode `dominant`, its
 * largest share to one unit of the region (its strongest tie); `chain`, its
 * share to the other members; `core`, to the region's cores. A unit in no
 * region: the largest such share to any region (how far it is from joining).
 * NAN for cores and for units with D_i = 0. denom: D_i of the run. */
int rn_level_margins(rn_ctx_t *ctx, const rn_flows_t *f, const double *denom,
                     const rn_level_params_t *lp, const rn_level_result_t *lr, double *out);

/* Per unit of level l of a netcon run in mode `dominant`: the gap between its
 * strongest and its second strongest tie among the level's candidates
 * (shares of D_i). Only the strongest tie counts in that mode, so a unit
 * whose two strongest ties are close flips between them from one sample to
 * the next, however far both are from θ. NAN for other modes and for units
 * that are no candidate at l. */
int rn_level_tie_gaps(rn_ctx_t *ctx, const rn_flows_t *f, const double *denom,
                      const rn_params_t *p, const rn_result_t *r, int l, double *out);

typedef struct rn_bootstrap_opts {
  int64_t replicates;
  uint64_t seed;
  rn_sampling_t sampling;
  double fraction;            /* sample fraction in (0,1] */
  int nthreads;               /* 0: one per core */
  const rn_method_t *method;  /* NULL or netcon: the network-constraint clustering */
  char **method_options;      /* "key=value" for another method */
} rn_bootstrap_opts_t;

typedef struct rn_bootstrap {
  rn_result_t base;           /* the default partition, from the observed flows */
  rn_params_t used;           /* the parameters it used (a method fills in its levels) */
  int64_t n, replicates;
  int64_t *anchor[RN_MAX_LEVELS];     /* per unit: its default region's principal core, -1 none */
  double *confidence[RN_MAX_LEVELS];  /* per unit */
  double *margin[RN_MAX_LEVELS];      /* per unit; NAN where undefined (see rn_level_margins) */
  double *tie_gap[RN_MAX_LEVELS];     /* per unit; NAN where undefined (see rn_level_tie_gaps) */
  /* pairs of neighbours (a < b), with the length of their shared boundary */
  int64_t npairs;
  int64_t *pair_a, *pair_b;
  double *pair_len;
  double *strength[RN_MAX_LEVELS];    /* per pair: share of replicates in one region */
  /* per default region */
  double *mean_conf[RN_MAX_LEVELS], *min_conf[RN_MAX_LEVELS];
  double *core_share[RN_MAX_LEVELS];  /* share of replicates in which its principal core is a core */
} rn_bootstrap_t;

void rn_bootstrap_init(rn_bootstrap_t *b);
void rn_bootstrap_destroy(rn_bootstrap_t *b);
/* The default run and o->replicates replicates. adj: the units' adjacency
 * (needed for the pairs; used by the clustering only under contiguity
 * enforce). Threads share the inputs read-only; each replicate has its own
 * generator stream (seed, replicate index), so the result does not depend on
 * the number of threads. */
int rn_bootstrap_run(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                     const rn_adjacency_t *adj, const rn_params_t *p,
                     const rn_bootstrap_opts_t *o, rn_bootstrap_t *out);

/* The output: layers units (code, name, per level L_id, L_confidence,
 * L_margin, L_tie_gap), boundaries (the shared border of each pair as lines within
 * `tolerance` metres of the other unit, per level L_strength), the table
 * regions, and their QGIS styles; atomic like every output. */
int rn_bootstrap_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_units_t *u,
                       const rn_bootstrap_t *b, double tolerance);

#endif
