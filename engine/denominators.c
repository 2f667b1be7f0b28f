/* D_i, the denominator of the shares s(i,j) = T_ij / D_i, outside the
 * clustering: the writers need it for the links layer, and must use the one
 * the run actually used (rn_result_t.denom), not the one asked for. */
#include "engine/engine.h"

#include <math.h>

int rn_denominators(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f, rn_denom_t denom,
                    const char *field, double *out) {
  /* `auto` as algorithms/README.md: total when the data has intra-unit flows */
  if (denom == RN_DENOM_AUTO) denom = f->n_diag > 0 ? RN_DENOM_TOTAL : RN_DENOM_OUT;
  if (denom == RN_DENOM_FIELD) {
    int k = field ? rn_units_attr(u, field) : -1;
    if (k < 0)
      return rn_error(ctx, RN_EPARAM, "denominator field '%s' was not loaded from the units",
                      field ? field : "");
    for (int64_t i = 0; i < u->n; i++) {
      double d = u->attr[k][i];
      if (!(d >= 0) || !isfinite(d))
        return rn_error(ctx, RN_EINPUT, "unit %s: denominator field '%s' is not a number >= 0",
                        u->code[i], field);
      out[i] = d;
    }
    return RN_OK;
  }
  for (int64_t i = 0; i < u->n; i++)
    out[i] = denom == RN_DENOM_TOTAL ? f->out[i] : f->out[i] - f->diag[i];
  return RN_OK;
}
