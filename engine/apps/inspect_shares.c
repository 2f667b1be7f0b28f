/* What inspect tells before a run: each unit's strongest share (its largest
 * T_ij / D_i, j != i, under the denominator a run would use), as quantiles,
 * and for each threshold of a preset how many units have a tie (a link) at
 * or above it: a unit with none cannot join any region at that level. */
#include "inspect_shares.h"

#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int rn_inspect_shares(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f,
                      const rn_params_t *p, rn_shares_t *out) {
  memset(out, 0, sizeof *out);
  int64_t n = u->n;
  double *d = malloc(sizeof *d * ((size_t)n + 1)), *s = malloc(sizeof *s * ((size_t)n + 1));
  if (!d || !s) {
    free(d);
    free(s);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  int rc = rn_denominators(ctx, u, f, RN_DENOM_AUTO, NULL, d);
  int64_t m = 0;
  for (int64_t i = 0; rc == RN_OK && i < n; i++) {
    if (!(d[i] > 0)) continue; /* sends nothing: no share at all */
    double best = 0;
    for (int64_t k = f->row[i]; k < f->row[i + 1]; k++)
      if (f->col[k] != i && f->val[k] / d[i] > best) best = f->val[k] / d[i];
    s[m++] = best;
  }
  if (rc == RN_OK) {
    qsort(s, (size_t)m, sizeof *s, cmp_double);
    static const double at[RN_SHARE_QUANTILES] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};
    for (int q = 0; m && q < RN_SHARE_QUANTILES; q++) {
      int64_t k = (int64_t)(at[q] * (double)(m - 1) + 0.5); /* nearest rank */
      out->q[q] = s[k];
    }
    out->n = m;
    out->nlevels = p->nlevels;
    for (int l = 0; l < p->nlevels; l++) {
      snprintf(out->name[l], sizeof out->name[l], "%s", p->level[l].name);
      out->theta[l] = p->level[l].theta;
      for (int64_t k = 0; k < m; k++) out->count[l] += s[k] >= p->level[l].theta - 1e-12;
    }
  }
  free(d);
  free(s);
  return rc;
}

/* rook pair i < j of a (shared boundary > 0) present? a's rows are sorted */
static int rook(const rn_adjacency_t *a, int64_t i, int64_t j) {
  int64_t lo = a->row[i], hi = a->row[i + 1] - 1;
  while (lo <= hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (a->col[mid] == j) return a->shared[mid] > 0;
    if (a->col[mid] < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

int rn_inspect_snap_diff(rn_ctx_t *ctx, const rn_units_t *u, const rn_adjacency_t *a,
                         rn_snap_diff_t *out) {
  memset(out, 0, sizeof *out);
  out->ex_added[0] = out->ex_added[1] = out->ex_removed[0] = out->ex_removed[1] = -1;
  rn_adjacency_t strict;
  rn_adjacency_init(&strict);
  int rc = rn_adjacency_build(ctx, u, 0.0, &strict);
  for (int64_t i = 0; rc == RN_OK && i < u->n; i++) {
    for (int64_t p = a->row[i]; p < a->row[i + 1]; p++) {
      int64_t j = a->col[p];
      if (j <= i || !(a->shared[p] > 0)) continue;
      out->pairs++;
      if (!rook(&strict, i, j) && out->added++ == 0) out->ex_added[0] = i, out->ex_added[1] = j;
    }
    for (int64_t p = strict.row[i]; p < strict.row[i + 1]; p++) {
      int64_t j = strict.col[p];
      if (j <= i || !(strict.shared[p] > 0)) continue;
      out->strict_pairs++;
      if (!rook(a, i, j) && out->removed++ == 0) out->ex_removed[0] = i, out->ex_removed[1] = j;
    }
  }
  rn_adjacency_destroy(&strict);
  return rc;
}
