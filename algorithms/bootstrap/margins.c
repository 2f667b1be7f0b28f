/* A unit's margin at a level: its deciding share minus θ (METHOD.md §8),
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
