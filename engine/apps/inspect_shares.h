/* Strongest shares per unit and ties per threshold, for inspect. */
#ifndef RN_INSPECT_SHARES_H
#define RN_INSPECT_SHARES_H

#include "engine/engine.h"

#define RN_SHARE_QUANTILES 7 /* min, 10%, 25%, median, 75%, 90%, max */
typedef struct rn_shares {
  int64_t n;                       /* units that send something (D_i > 0) */
  double q[RN_SHARE_QUANTILES];    /* quantiles of their strongest share */
  int nlevels;
  char name[RN_MAX_LEVELS][32];
  double theta[RN_MAX_LEVELS];
  int64_t count[RN_MAX_LEVELS];    /* units with a tie >= theta */
} rn_shares_t;
/* Under the denominator rn_delineate's `auto` picks. */
int rn_inspect_shares(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f,
                      const rn_params_t *p, rn_shares_t *out);

/* What the adjacency tolerance (--snap) changes: rook pairs at the
 * tolerance used against those of an exact reading (0 m), with an example
 * of each (-1: none). */
typedef struct rn_snap_diff {
  int64_t pairs, strict_pairs, added, removed;
  int64_t ex_added[2], ex_removed[2];
} rn_snap_diff_t;
int rn_inspect_snap_diff(rn_ctx_t *ctx, const rn_units_t *u, const rn_adjacency_t *a,
                         rn_snap_diff_t *out);

#endif
