/* Travel-to-work areas (algorithms/README.md, `ttwa`): shared pieces of the textbook
 * algorithm and of the LabourMarketAreas 3.4 compatibility mode. */
#ifndef RN_TTWA_INTERNAL_H
#define RN_TTWA_INTERNAL_H

#include "engine/engine.h"

typedef struct rn_ttwa_params {
  double min_size, min_sc, target_size, target_sc;
  int compat; /* 1 = reproduce LabourMarketAreas 3.4 */
} rn_ttwa_params_t;

/* What a run did, for the report, the provenance and the tests. */
typedef struct rn_ttwa_stats {
  int64_t iterations;      /* dissolutions (compat: one community peeled each) */
  int64_t reserve_entries; /* moves refused or impossible, sent to the reserve list */
  int64_t reserve_units;   /* units in the reserve list when the loop converged */
  int64_t not_assigned;    /* reserve units no area was linked to at the end */
  int64_t dropped;         /* compat: units dropped first (no residents, no jobs, only intra) */
  int64_t loose_paths;     /* compat: peels whose first community had no link (path D) */
  int64_t odd_paths;       /* compat: 3.4 code paths only approximated (see ttwa_istat.c) */
  int64_t nareas;
  int64_t below;           /* final areas with validity < 1 */
  double min_validity;     /* over the final areas */
} rn_ttwa_stats_t;

/* Flows both ways: the out rows of rn_flows_t and their transpose. */
typedef struct rn_ttwa_net {
  int64_t n;
  const rn_flows_t *f;
  int64_t *irow, *icol; /* in rows: origins of the flows into each unit */
  double *ival;
} rn_ttwa_net_t;

int rn_ttwa_net_init(rn_ctx_t *ctx, const rn_flows_t *f, rn_ttwa_net_t *out);
void rn_ttwa_net_destroy(rn_ttwa_net_t *net);

/* Validity of an area with internal flow t, residents r and jobs w, in the
 * order of operations of LabourMarketAreas (so that compat mode gets the
 * same doubles); compat adds the package's "validity 1 when sc is 1". An
 * area without residents or jobs has validity 0. */
double rn_ttwa_validity(const rn_ttwa_params_t *p, double t, double r, double w);
/* One side of the cohesion: t/r*t/w, 0 when r or w is 0. */
double rn_ttwa_term(double t, double r, double w);

/* Min-heap of ids 0..n-1 keyed by (value, id): the least valid area, first in id order. */
typedef struct rn_ttwa_heap {
  int64_t n, len;
  int64_t *item; /* heap order */
  int64_t *pos;  /* per id, -1 when absent */
  double *key;
} rn_ttwa_heap_t;

int rn_ttwa_heap_init(rn_ctx_t *ctx, int64_t n, rn_ttwa_heap_t *h);
void rn_ttwa_heap_destroy(rn_ttwa_heap_t *h);
void rn_ttwa_heap_set(rn_ttwa_heap_t *h, int64_t id, double key); /* insert or update */
void rn_ttwa_heap_remove(rn_ttwa_heap_t *h, int64_t id);
/* The top id, -1 when empty. */
static inline int64_t rn_ttwa_heap_top(const rn_ttwa_heap_t *h) {
  return h->len ? h->item[0] : -1;
}

/* Both return per unit a group number (>= 0, equal for units of one area) or
 * -1 for a unit in no area (compat: dropped or never assigned). */
int rn_ttwa_textbook(rn_ctx_t *ctx, const rn_ttwa_net_t *net, const rn_ttwa_params_t *p,
                     int64_t *group, rn_ttwa_stats_t *st);
int rn_ttwa_istat(rn_ctx_t *ctx, const rn_units_t *u, const rn_ttwa_net_t *net,
                  const rn_ttwa_params_t *p, int64_t *group, rn_ttwa_stats_t *st);

/* Per unit group numbers of either algorithm, units and flows checked. */
int rn_ttwa_run(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                const rn_ttwa_params_t *p, int64_t *group, rn_ttwa_stats_t *st);

#endif
