/* Unit adjacency: rook / queen neighbours, shared boundary lengths, perimeters
 * and outer (unshared) boundary lengths. See shared_boundary.c for how the
 * shared length is measured, and regionet.h for the contract.
 *
 * Pairs: candidates come from an STRtree of the unit envelopes (queried with
 * the envelope of unit i grown by the tolerance) and are confirmed with a
 * prepared geometry of unit i: intersects (tolerance 0) or lies within the
 * tolerance (tolerance > 0). Every pair is examined once, as i < j, so the
 * result depends only on the unit ids, never on the order of the index.
 *
 * Rook / queen: a confirmed pair is a rook pair when its shared length is
 * > 0 and >= tolerance; otherwise it is a queen-only pair and its shared
 * length is stored as 0.
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
#include "regionet/regionet.h"
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

typedef struct {
  int64_t *v;
  int64_t n, cap;
  int oom;
} idxvec_t;

static void idx_push(idxvec_t *v, int64_t x) {
  if (v->n == v->cap) {
    int64_t cap = v->cap ? 2 * v->cap : 64;
    int64_t *p = realloc(v->v, sizeof *p * (size_t)cap);
    if (!p) { v->oom = 1; return; }
    v->v = p;
    v->cap = cap;
  }
  v->v[v->n++] = x;
}

typedef struct {
  idxvec_t cand;
  int64_t self;
} query_t;

static void query_cb(void *item, void *userdata) {
  query_t *q = userdata;
  int64_t j = *(const int64_t *)item;
  if (j > q->self) idx_push(&q->cand, j);
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int usable(GEOSContextHandle_t h, const GEOSGeometry *g) {
  return g && GEOSisEmpty_r(h, g) == 0;
}

/* Is unit j within tol of prepared unit i? 1 yes, 0 no, 2 GEOS error. */
static char near_enough(GEOSContextHandle_t h, const GEOSPreparedGeometry *pi,
                        const GEOSGeometry *gi, const GEOSGeometry *gj, double tol) {
  if (tol <= 0) return GEOSPreparedIntersects_r(h, pi, gj);
#if GEOS_VERSION_MAJOR > 3 || (GEOS_VERSION_MAJOR == 3 && GEOS_VERSION_MINOR >= 10)
  (void)gi;
  return GEOSPreparedDistanceWithin_r(h, pi, gj, tol);
#else
  (void)pi;
  double d;
  if (!GEOSDistance_r(h, gi, gj, &d)) return 2;
  return d <= tol;
#endif
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

int rn_adjacency_build(rn_ctx_t *ctx, const rn_units_t *units, double tolerance,
                       rn_adjacency_t *out) {
  rn_adjacency_init(out);
  if (!units) return rn_error(ctx, RN_EPARAM, "adjacency: no units");
  if (!(tolerance >= 0) || !isfinite(tolerance))
    return rn_error(ctx, RN_EPARAM, "adjacency: tolerance must be a finite number >= 0, not %g",
                    tolerance);
  /* a clean coverage needs no tolerance: its borders are matched exactly */
  int exact = rn_adjacency_exact(ctx, units, out);
  if (exact < 0) return -exact;
  if (exact == 0) return rn_adjacency_measure(ctx, units, tolerance, out);
  if (rn_progress(ctx, 1.0, "adjacency")) return RN_OK;
  rn_adjacency_destroy(out);
  return rn_error(ctx, RN_EINTERRUPT, "adjacency: interrupted");
}

int rn_adjacency_measure(rn_ctx_t *ctx, const rn_units_t *units, double tolerance,
                         rn_adjacency_t *out) {
  rn_adjacency_init(out);
  if (!units) return rn_error(ctx, RN_EPARAM, "adjacency: no units");
  if (!(tolerance >= 0) || !isfinite(tolerance))
    return rn_error(ctx, RN_EPARAM, "adjacency: tolerance must be a finite number >= 0, not %g",
                    tolerance);
  GEOSContextHandle_t h = ctx->geos;
  const int64_t n = units->n;
  int rc = RN_OK;

  int64_t *ids = malloc(sizeof *ids * (size_t)(n + 1));
  GEOSGeometry **bd = calloc((size_t)n + 1, sizeof *bd);   /* boundaries */
  GEOSGeometry **zone = calloc((size_t)n + 1, sizeof *zone); /* lazily built */
  double *perim = calloc((size_t)n + 1, sizeof *perim);
  pair_t *pairs = NULL;
  int64_t npairs = 0, cappairs = 0;
  query_t q = {{0}, 0};
  GEOSSTRtree *tree = NULL;
  if (!ids || !bd || !zone || !perim) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }

  /* Boundaries and perimeters; the tree holds the units with a geometry. */
  tree = GEOSSTRtree_create_r(h, 10);
  if (!tree) {
    rc = rn_error(ctx, RN_EINTERNAL, "adjacency: cannot create a spatial index");
    goto done;
  }
  for (int64_t i = 0; i < n; i++) {
    ids[i] = i;
    const GEOSGeometry *g = units->geom ? units->geom[i] : NULL;
    if (!usable(h, g)) continue;
    bd[i] = GEOSBoundary_r(h, g);
    if (!bd[i] || !GEOSLength_r(h, bd[i], &perim[i])) {
      rc = rn_error(ctx, RN_EINPUT, "adjacency: cannot take the boundary of unit '%s'",
                    units->code[i]);
      goto done;
    }
    GEOSSTRtree_insert_r(h, tree, g, &ids[i]);
  }

  for (int64_t i = 0; i < n; i++) {
    if (i % 8 == 0 && !rn_progress(ctx, 0.99 * (double)i / (double)(n ? n : 1), "adjacency")) {
      rc = rn_error(ctx, RN_EINTERRUPT, "adjacency: interrupted");
      goto done;
    }
    const GEOSGeometry *gi = units->geom ? units->geom[i] : NULL;
    if (!bd[i]) continue;
    double x0, y0, x1, y1;
    if (!GEOSGeom_getXMin_r(h, gi, &x0) || !GEOSGeom_getYMin_r(h, gi, &y0) ||
        !GEOSGeom_getXMax_r(h, gi, &x1) || !GEOSGeom_getYMax_r(h, gi, &y1)) {
      rc = rn_error(ctx, RN_EINTERNAL, "adjacency: no envelope for unit '%s'", units->code[i]);
      goto done;
    }
    GEOSGeometry *env = GEOSGeom_createRectangle_r(h, x0 - tolerance, y0 - tolerance,
                                                   x1 + tolerance, y1 + tolerance);
    if (!env) {
      rc = rn_error(ctx, RN_EINTERNAL, "adjacency: cannot build an envelope");
      goto done;
    }
    q.cand.n = 0;
    q.self = i;
    GEOSSTRtree_query_r(h, tree, env, query_cb, &q);
    GEOSGeom_destroy_r(h, env);
    if (q.cand.oom) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      goto done;
    }
    if (q.cand.n == 0) continue;
    qsort(q.cand.v, (size_t)q.cand.n, sizeof(int64_t), cmp_i64);

    const GEOSPreparedGeometry *pi = GEOSPrepare_r(h, gi);
    if (!pi) {
      rc = rn_error(ctx, RN_EINTERNAL, "adjacency: cannot prepare unit '%s'", units->code[i]);
      goto done;
    }
    for (int64_t c = 0; c < q.cand.n && rc == RN_OK; c++) {
      int64_t j = q.cand.v[c];
      const GEOSGeometry *gj = units->geom[j];
      char hit = near_enough(h, pi, gi, gj, tolerance);
      if (hit == 2) {
        rc = rn_error(ctx, RN_EINTERNAL, "adjacency: GEOS failed testing units '%s' and '%s'",
                      units->code[i], units->code[j]);
        break;
      }
      if (!hit) continue;
      if (!zone[i]) zone[i] = rn_shared_zone(h, gi, tolerance);
      if (!zone[j]) zone[j] = rn_shared_zone(h, gj, tolerance);
      double sij = -1, sji = -1;
      if (zone[i] && zone[j]) {
        sij = rn_boundary_in_zone(h, bd[i], zone[j], tolerance);
        sji = rn_boundary_in_zone(h, bd[j], zone[i], tolerance);
      }
      if (sij < 0 || sji < 0) {
        rc = rn_error(ctx, RN_EINTERNAL,
                      "adjacency: GEOS failed measuring the border of units '%s' and '%s'",
                      units->code[i], units->code[j]);
        break;
      }
      double s = 0.5 * (sij + sji);
      if (!(s > 0 && s >= tolerance)) s = 0; /* point contact or too short: queen only */
      if (npairs == cappairs) {
        int64_t cap = cappairs ? 2 * cappairs : 256;
        pair_t *p = realloc(pairs, sizeof *p * (size_t)cap);
        if (!p) {
          rc = rn_error(ctx, RN_ENOMEM, "out of memory");
          break;
        }
        pairs = p;
        cappairs = cap;
      }
      pairs[npairs++] = (pair_t){i, j, s};
    }
    GEOSPreparedGeom_destroy_r(h, pi);
    if (rc != RN_OK) goto done;
    /* zone[i] is not needed by later i (they only look at j > i) */
    if (zone[i]) {
      GEOSGeom_destroy_r(h, zone[i]);
      zone[i] = NULL;
    }
  }

  rc = rn_adjacency_from_pairs(ctx, n, pairs, npairs, perim, out);
  perim = NULL;
  if (rc != RN_OK) goto done;
  rn_progress(ctx, 1.0, "adjacency");

done:
  if (tree) GEOSSTRtree_destroy_r(h, tree);
  for (int64_t i = 0; i < n; i++) {
    if (bd && bd[i]) GEOSGeom_destroy_r(h, bd[i]);
    if (zone && zone[i]) GEOSGeom_destroy_r(h, zone[i]);
  }
  free(bd);
  free(zone);
  free(ids);
  free(q.cand.v);
  free(pairs);
  free(perim);
  if (rc != RN_OK) rn_adjacency_destroy(out);
  return rc;
}
