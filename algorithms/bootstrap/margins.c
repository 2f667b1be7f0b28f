/* A unit's margin at a level: its deciding share minus θ (algorithms/README.md),
 * the share taken as the growth mode takes it (see bootstrap.h). */
#include "algorithms/bootstrap/bootstrap.h"

#include <math.h>
#include <stdlib.h>

int rn_level_margins(rn_ctx_t *ctx, const rn_flows_t *f, const double *denom,
                     const rn_level_params_t *lp, const rn_level_result_t *lr, double *out) {
  int64_t n = lr->n, ng = lr->nregions;
  double *acc = calloc((size_t)ng + 1, sizeof *acc);
  int64_t *touched = malloc(sizeof *touched * (size_t)(ng + 1));
  if (!acc || !touched) {
    free(acc);
    free(touched);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t i = 0; i < n; i++) {
    out[i] = NAN;
    if (lr->role[i] == RN_ROLE_CORE || !(denom[i] > 0)) continue;
    int64_t nt = 0;
    for (int64_t k = f->row[i]; k < f->row[i + 1]; k++) {
      int64_t j = f->col[k], g = lr->region[j];
      if (g < 0 || j == i) continue;
      if (lp->mode == RN_MODE_CORE && lr->role[j] != RN_ROLE_CORE) continue;
      if (acc[g] == 0) touched[nt++] = g;
      if (lp->mode == RN_MODE_DOMINANT) acc[g] = fmax(acc[g], f->val[k]);
      else acc[g] += f->val[k];
    }
    double s = 0;
    if (lr->region[i] >= 0) s = acc[lr->region[i]];
    else
      for (int64_t t = 0; t < nt; t++) s = fmax(s, acc[touched[t]]);
    out[i] = s / denom[i] - lp->theta;
    for (int64_t t = 0; t < nt; t++) acc[touched[t]] = 0;
  }
  free(acc);
  free(touched);
  return RN_OK;
}

/* The group of unit i's candidates at level l: for scope `remaining`, the
 * units no earlier level put in a region (-1: i is not a candidate); for
 * `nested`, its region at the latest earlier level that has one (as
 * level * n + region), or the units in none (-2). */
static int64_t cand_group(const rn_result_t *r, const rn_level_params_t *lp, int l, int64_t i) {
  int64_t n = r->level[0].n;
  for (int e = l - 1; e >= 0; e--)
    if (r->level[e].region[i] >= 0)
      return lp->scope == RN_SCOPE_NESTED ? (int64_t)e * n + r->level[e].region[i] : -1;
  return -2;
}

int rn_level_tie_gaps(rn_ctx_t *ctx, const rn_flows_t *f, const double *denom,
                      const rn_params_t *p, const rn_result_t *r, int l, double *out) {
  (void)ctx;
  const rn_level_params_t *lp = &p->level[l];
  for (int64_t i = 0; i < r->level[l].n; i++) {
    out[i] = NAN;
    int64_t g = cand_group(r, lp, l, i);
    if (lp->mode != RN_MODE_DOMINANT || g == -1 || !(denom[i] > 0)) continue;
    double t1 = 0, t2 = 0;
    for (int64_t k = f->row[i]; k < f->row[i + 1]; k++) {
      int64_t j = f->col[k];
      if (j == i || cand_group(r, lp, l, j) != g) continue;
      if (f->val[k] > t1) {
        t2 = t1;
        t1 = f->val[k];
      } else if (f->val[k] > t2) {
        t2 = f->val[k];
      }
    }
    if (t1 > 0) out[i] = (t1 - t2) / denom[i]; /* no tie at all: no gap */
  }
  return RN_OK;
}
