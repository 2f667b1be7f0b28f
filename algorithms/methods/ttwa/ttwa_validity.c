/* Validity and cohesion of travel-to-work areas, and the flows into each unit. */
#include "ttwa_internal.h"

#include <stdlib.h>
#include <string.h>

double rn_ttwa_validity(const rn_ttwa_params_t *p, double t, double r, double w) {
  if (!(r > 0) || !(w > 0)) return 0.0;
  /* the same operations, in the same order, as getLeastSelfContained */
  double a = t / r, b = t / w;
  double msc = a < b ? a : b;
  double y = msc / p->target_sc;
  if (y > 1) y = 1;
  double s = (p->target_size - r) / (p->target_size - p->min_size);
  if (s < 0) s = 0;
  double z = 1 - ((1 - (p->min_sc / p->target_sc)) * s);
  double v = y * z * (p->target_sc / p->min_sc);
  if (p->compat && msc == 1) v = 1;
  return v;
}

double rn_ttwa_term(double t, double r, double w) {
  if (r == 0 || w == 0) return 0.0;
  return t / r * t / w; /* ((t/r)*t)/w, as the package evaluates it */
}

int rn_ttwa_net_init(rn_ctx_t *ctx, const rn_flows_t *f, rn_ttwa_net_t *out) {
  memset(out, 0, sizeof *out);
  int64_t n = f->n, nnz = f->row[n];
  out->n = n;
  out->f = f;
  out->irow = calloc((size_t)n + 1, sizeof *out->irow);
  out->icol = malloc(sizeof *out->icol * (size_t)(nnz + 1));
  out->ival = malloc(sizeof *out->ival * (size_t)(nnz + 1));
  if (!out->irow || !out->icol || !out->ival) {
    rn_ttwa_net_destroy(out);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t k = 0; k < nnz; k++) out->irow[f->col[k] + 1]++;
  for (int64_t j = 0; j < n; j++) out->irow[j + 1] += out->irow[j];
  int64_t *fill = malloc(sizeof *fill * (size_t)(n + 1));
  if (!fill) {
    rn_ttwa_net_destroy(out);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  memcpy(fill, out->irow, sizeof *fill * (size_t)n);
  /* origins ascend within each in row because rows are visited in order */
  for (int64_t i = 0; i < n; i++)
    for (int64_t k = f->row[i]; k < f->row[i + 1]; k++) {
      int64_t q = fill[f->col[k]]++;
      out->icol[q] = i;
      out->ival[q] = f->val[k];
    }
  free(fill);
  return RN_OK;
}

void rn_ttwa_net_destroy(rn_ttwa_net_t *net) {
  free(net->irow);
  free(net->icol);
  free(net->ival);
  memset(net, 0, sizeof *net);
}
