/* Shared boundary length of two units.
 *
 * Definition. For units i and j with polygons P_i, P_j and boundaries B_i,
 * B_j, and a tolerance t >= 0:
 *
 *   s(i->j) = length of the part of B_i lying within distance t of P_j
 *             (B_i intersected with P_j buffered by t; with t == 0, with the
 *             closed polygon P_j itself),
 *   shared(i,j) = (s(i->j) + s(j->i)) / 2.
 *
 * Why not simply the linear part of B_i ∩ B_j? On a clean coverage (both
 * polygons use the very same vertices along their common border) it is the
 * same number: B_i ∩ P_j is exactly the common border. But real boundary files
 * are seldom clean: neighbouring polygons were often simplified one by one, so
 * their borders cross each other every few hundred metres, leaving thin
 * overlaps and gaps. Then B_i ∩ B_j is a set of crossing points plus short
 * coincident stretches, far shorter than the real border (on KR_SiGun it
 * misses 13 % of the length of B_i inside P_j, and 6 pairs of overlapping
 * neighbours get 0). Counting B_i inside P_j also counts B_i where it runs through an overlap
 * sliver, and the buffer by t bridges gaps narrower than t. Measuring both ways
 * and averaging makes the result symmetric and independent of the order of i
 * and j. The t -> 0 limit is the t == 0 definition, so results change
 * continuously with the tolerance.
 *
 * End correction. Buffering over-counts: where the common border ends (a
 * triple point, or a corner where two units touch at one point) B_i stays
 * within t of P_j for about t beyond the end (exactly t where the borders meet
 * at right angles). So a point contact would measure ~2t and look like a short
 * common border. Each maximal connected piece of B_i ∩ buffer(P_j, t) is
 * therefore shortened by 2t (its two ends; closed pieces, i.e. i enclosed by
 * j, are not), clamped at 0. On a square grid this gives the exact lengths
 * for any t smaller than the cells, and 0 for corner contacts. */
#include "shared_boundary.h"

#include <math.h>

GEOSGeometry *rn_shared_zone(GEOSContextHandle_t h, const GEOSGeometry *poly, double tol) {
  if (tol <= 0) return GEOSGeom_clone_r(h, poly);
  /* 8 segments per quarter circle: the arcs only matter at convex corners. */
  return GEOSBuffer_r(h, poly, tol, 8);
}

/* Sum over the linear pieces of g of max(0, length - trim) (closed pieces: length). */
static double trimmed_length(GEOSContextHandle_t h, const GEOSGeometry *g, double trim) {
  int n = GEOSGetNumGeometries_r(h, g);
  if (n < 0) return -1;
  double sum = 0;
  for (int k = 0; k < n; k++) {
    const GEOSGeometry *c = GEOSGetGeometryN_r(h, g, k);
    int type = GEOSGeomTypeId_r(h, c);
    if (type == GEOS_GEOMETRYCOLLECTION || type == GEOS_MULTILINESTRING) {
      if (c == g) return -1; /* a collection that is its own only part: not expected */
      double s = trimmed_length(h, c, trim);
      if (s < 0) return -1;
      sum += s;
      continue;
    }
    if (type != GEOS_LINESTRING && type != GEOS_LINEARRING) continue; /* points */
    double len;
    if (!GEOSLength_r(h, c, &len)) return -1;
    char closed = GEOSisClosed_r(h, c);
    if (closed == 2) return -1;
    double piece = closed ? len : len - 2 * trim;
    if (piece > 0) sum += piece;
  }
  return sum;
}

double rn_boundary_in_zone(GEOSContextHandle_t h, const GEOSGeometry *bd,
                           const GEOSGeometry *zone, double tol) {
  double x0, y0, x1, y1;
  if (!GEOSGeom_getXMin_r(h, zone, &x0) || !GEOSGeom_getYMin_r(h, zone, &y0) ||
      !GEOSGeom_getXMax_r(h, zone, &x1) || !GEOSGeom_getYMax_r(h, zone, &y1))
    return -1;
  /* Clip B_i to a box around the zone first: the overlay then only sees the
   * few hundred vertices near the common border. The box is padded so that no
   * clip cut lies inside the zone (it would make a false piece end). */
  double pad = 0.01 * fmax(x1 - x0, y1 - y0) + tol;
  GEOSGeometry *clip = GEOSClipByRect_r(h, bd, x0 - pad, y0 - pad, x1 + pad, y1 + pad);
  if (!clip) return -1;
  if (GEOSisEmpty_r(h, clip) == 1) {
    GEOSGeom_destroy_r(h, clip);
    return 0;
  }
  GEOSGeometry *in = GEOSIntersection_r(h, clip, zone);
  if (!in) /* topology failure: retry on a fine grid (1e-9 of the extent) */
    in = GEOSIntersectionPrec_r(h, clip, zone, 1e-9 * fmax(1.0, fmax(fabs(x1), fabs(y1))));
  GEOSGeom_destroy_r(h, clip);
  if (!in) return -1;
  double len;
  if (tol > 0) {
    /* Join the pieces the overlay split at ring start points and nodes. */
    GEOSGeometry *merged = GEOSLineMerge_r(h, in);
    GEOSGeom_destroy_r(h, in);
    if (!merged) return -1;
    len = trimmed_length(h, merged, tol);
    GEOSGeom_destroy_r(h, merged);
  } else {
    len = trimmed_length(h, in, 0);
    GEOSGeom_destroy_r(h, in);
  }
  return len;
}
