/* Unit adjacency: rook / queen neighbours, shared boundary lengths, perimeters
 * and outer (unshared) boundary lengths. See shared_boundary.c for how the
 * shared length is measured, and regionet.h for the contract.
 *
 * Pairs: candidates come from the unit envelopes grown by the tolerance and
 * are confirmed exactly: intersects (tolerance 0: a prepared GEOS geometry,
 * adjacency_measure.c) or lies within the tolerance (tolerance > 0: some point
 * of one boundary within it of the other polygon, adjacency_segments.c). Every pair is examined once, as i < j, so the
 * result depends only on the unit ids, never on the order of the index.
 *
 * Rook / queen: a confirmed pair is a rook pair when the measure of each
 * unit's border against the other (shared_boundary.c) is > 0 and >=
 * tolerance; otherwise it is a queen-only pair and its shared length is
 * stored as 0. A clean coverage is matched exactly, and the pairs that match
 * cannot decide (shorter than the tolerance, point contacts, gaps) are
 * measured: every path gives the pairs of that one definition.
 *
 * outer[i] = perimeter[i] - sum of shared[i][*], clamped at 0.
 *
 * Choosing the tolerance: 0 is right only for a clean coverage (neighbours
 * share identical vertices). Otherwise it should be about the widest gap
 * between neighbours, or inland units keep a false "coastline" in outer[]. On
 * KR_SiGun.gpkg (borders simplified unit by unit, gaps up to ~100 m) 100 m
 * leaves landlocked units < 1 % outer while coastal ones keep > 6 %; 10 m
 * still leaves 5-15 %. Larger tolerances also lengthen shared[] where borders
 * wiggle (each side's border within t of the other is counted), so shared
 * lengths are then upper estimates; the neighbour sets are what matter. */
#include "engine/engine.h"
#include "adjacency_exact.h"
#include "shared_boundary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rn_adjacency_init(rn_adjacency_t *a) { memset(a, 0, sizeof *a); }

void rn_adjacency_destroy(rn_adjacency_t *a) {
  free(a->row);
  free(a->col);
  free(a->shared);
  free(a->perimeter);
  free(a->outer);
  rn_adjacency_init(a);
}

int64_t rn_adjacency_degree(const rn_adjacency_t *a, int64_t i, int queen) {
  if (!a || !a->row || i < 0 || i >= a->n) return 0;
  if (queen) return a->row[i + 1] - a->row[i];
  int64_t d = 0;
  for (int64_t k = a->row[i]; k < a->row[i + 1]; k++)
    if (a->shared[k] > 0) d++;
  return d;
}

typedef rn_adj_pair_t pair_t;

int rn_adjacency_from_found(rn_ctx_t *ctx, int64_t n, rn_adj_pair_t *const *found,
                            const int64_t *nfound, double *perim, rn_adjacency_t *out) {
  int64_t npairs = 0;
  for (int64_t i = 0; i < n; i++) npairs += nfound[i];
  rn_adj_pair_t *pairs = malloc(sizeof *pairs * (size_t)(npairs + 1));
  if (!pairs) {
    free(perim);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  npairs = 0;
  for (int64_t i = 0; i < n; i++)
    for (int64_t k = 0; k < nfound[i]; k++) pairs[npairs++] = found[i][k];
  int rc = rn_adjacency_from_pairs(ctx, n, pairs, npairs, perim, out);
  free(pairs);
  return rc;
}

int rn_adjacency_from_pairs(rn_ctx_t *ctx, int64_t n, const rn_adj_pair_t *pairs, int64_t npairs,
                            double *perim, rn_adjacency_t *out) {
  /* Pairs come sorted by (i, j), so filling rows in pair order leaves each
   * row sorted: row r receives first the pairs (i < r, r) in increasing i,
   * then the pairs (r, j > r) in increasing j. */
  int64_t *row = calloc((size_t)n + 2, sizeof *row);
  double *outer = calloc((size_t)n + 1, sizeof *outer);
  int64_t *fill = malloc(sizeof *fill * (size_t)(n + 1));
  out->col = malloc(sizeof(int64_t) * (size_t)(2 * npairs + 1));
  out->shared = malloc(sizeof(double) * (size_t)(2 * npairs + 1));
  if (!row || !outer || !fill || !out->col || !out->shared) {
    free(row);
    free(outer);
    free(fill);
    free(perim);
    rn_adjacency_destroy(out);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t p = 0; p < npairs; p++) {
    row[pairs[p].i + 1]++;
    row[pairs[p].j + 1]++;
  }
  for (int64_t i = 0; i < n; i++) row[i + 1] += row[i];
  memcpy(fill, row, sizeof(int64_t) * (size_t)(n + 1));
  for (int64_t p = 0; p < npairs; p++) { /* entries (r, i) with i < r */
    int64_t k = fill[pairs[p].j]++;
    out->col[k] = pairs[p].i;
    out->shared[k] = pairs[p].shared;
  }
  for (int64_t p = 0; p < npairs; p++) { /* entries (r, j) with j > r */
    int64_t k = fill[pairs[p].i]++;
    out->col[k] = pairs[p].j;
    out->shared[k] = pairs[p].shared;
  }
  free(fill);
  for (int64_t i = 0; i < n; i++) {
    double s = 0;
    for (int64_t k = row[i]; k < row[i + 1]; k++) s += out->shared[k];
    outer[i] = perim[i] - s > 0 ? perim[i] - s : 0;
  }
  out->n = n;
  out->row = row;
  out->perimeter = perim;
  out->outer = outer;
  return RN_OK;
}

static int cmp_pair(const void *a, const void *b) {
  const rn_adj_pair_t *x = a, *y = b;
  if (x->i != y->i) return x->i < y->i ? -1 : 1;
  return (x->j > y->j) - (x->j < y->j);
}

/* A coverage clean but for a few units: the pairs of those units measured
 * with the tolerance, the others kept exact. */
static int remeasure(rn_ctx_t *ctx, const rn_units_t *u, double tol, const unsigned char *messy,
                     rn_adjacency_t *out) {
  rn_adjacency_t m;
  int rc = rn_adjacency_measure_some(ctx, u, tol, messy, &m);
  if (rc != RN_OK) {
    rn_adjacency_destroy(out);
    return rc;
  }
  int64_t n = u->n, np = 0;
  rn_adj_pair_t *pairs = malloc(sizeof *pairs * (size_t)(out->row[n] + m.row[n] + 1));
  double *perim = malloc(sizeof *perim * (size_t)(n + 1));
  if (!pairs || !perim) {
    free(pairs);
    free(perim);
    rn_adjacency_destroy(&m);
    rn_adjacency_destroy(out);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t i = 0; i < n; i++) {
    for (int64_t k = out->row[i]; k < out->row[i + 1]; k++)
      if (out->col[k] > i && !messy[i] && !messy[out->col[k]])
        pairs[np++] = (rn_adj_pair_t){i, out->col[k], out->shared[k]};
    for (int64_t k = m.row[i]; k < m.row[i + 1]; k++)
      if (m.col[k] > i) pairs[np++] = (rn_adj_pair_t){i, m.col[k], m.shared[k]};
  }
  memcpy(perim, out->perimeter, sizeof *perim * (size_t)n);
  rn_qsort(pairs, (size_t)np, sizeof *pairs, cmp_pair);
  rn_adjacency_destroy(&m);
  rn_adjacency_destroy(out);
  rc = rn_adjacency_from_pairs(ctx, n, pairs, np, perim, out);
  free(pairs);
  return rc;
}

static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int rn_adjacency_check_tolerance(rn_ctx_t *ctx, const rn_units_t *u, double tolerance) {
  if (!(tolerance >= 0) || !isfinite(tolerance))
    return rn_error(ctx, RN_EPARAM, "--snap: the tolerance must be a finite distance >= 0");
  if (tolerance == 0 || u->n < 1 || !u->geom) return RN_OK;
  /* a tolerance bridges slivers and gaps between neighbours; past half a
   * typical unit's width it makes units far apart neighbours, and the work
   * grows with its square */
  double *side = malloc(sizeof *side * (size_t)u->n);
  if (!side) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int64_t m = 0;
  for (int64_t i = 0; i < u->n; i++) {
    double a = 0;
    if (u->geom[i] && GEOSArea_r(ctx->geos, u->geom[i], &a) && a > 0) side[m++] = sqrt(a);
  }
  rn_qsort(side, (size_t)m, sizeof *side, cmp_dbl);
  double limit = m ? 0.5 * side[m / 2] : INFINITY;
  free(side);
  if (tolerance > limit)
    return rn_error(ctx, RN_EPARAM,
                    "--snap %g: more than half the width of a typical unit here (median %.0f m): "
                    "a tolerance bridges gaps between neighbours; give at most %.0f",
                    tolerance, 2 * limit, limit);
  return RN_OK;
}

int rn_adjacency_build(rn_ctx_t *ctx, const rn_units_t *units, double tolerance,
                       rn_adjacency_t *out) {
  rn_adjacency_init(out);
  if (!units) return rn_error(ctx, RN_EPARAM, "adjacency: no units");
  if (!(tolerance >= 0) || !isfinite(tolerance))
    return rn_error(ctx, RN_EPARAM, "adjacency: tolerance must be a finite number >= 0, not %g",
                    tolerance);
  /* a clean coverage needs no tolerance: its borders are matched exactly */
  unsigned char *messy = calloc((size_t)units->n + 1, 1);
  if (!messy) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int exact = rn_adjacency_exact(ctx, units, tolerance, out, messy);
  int rc = exact < 0 ? -exact : RN_OK;
  if (exact == 0) rc = rn_adjacency_measure(ctx, units, tolerance, out);
  if (exact == 2) rc = remeasure(ctx, units, tolerance, messy, out);
  free(messy);
  if (rc != RN_OK || exact == 0) return rc;
  if (rn_progress(ctx, 1.0, "adjacency")) return RN_OK;
  rn_adjacency_destroy(out);
  return rn_error(ctx, RN_EINTERRUPT, "adjacency: interrupted");
}
