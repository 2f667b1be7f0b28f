/* Dissolving the members of a region into one polygon. A clean coverage
 * takes GEOS's coverage union (linear). Otherwise the robust union has to
 * node every edge at each level of its cascade, coastlines included: the
 * polygon parts (islands, mostly) that meet no part of another member are
 * set aside and added to the result as they are, which is what the union
 * would make of them (on the Korean si/gun, 2 217 of 2 377 parts). */
#include "geometry.h"

#include <stdlib.h>

typedef struct {
  double x0, x1, y0, y1;
  int64_t member;
  const GEOSGeometry *g;
  int alone;
} part_t;

typedef struct {
  double x0;
  int64_t i;
} key_t;

static int cmp_key(const void *a, const void *b) {
  const key_t *p = a, *q = b;
  if (p->x0 != q->x0) return p->x0 < q->x0 ? -1 : 1;
  return (p->i > q->i) - (p->i < q->i);
}

/* Sweep over x: a part is alone when it meets no part of another member
 * (parts of one member are disjoint already). Envelopes that overlap are
 * settled exactly, with the part prepared once: coastal islands lie inside
 * their neighbours' envelopes. Returns 0 when out of memory. */
static int mark_alone(GEOSContextHandle_t h, part_t *pt, int64_t np) {
  key_t *ix = malloc(sizeof *ix * (size_t)(np + 1));
  const GEOSPreparedGeometry **prep = calloc((size_t)np + 1, sizeof *prep);
  if (!ix || !prep) {
    free(ix);
    free(prep);
    return 0;
  }
  for (int64_t k = 0; k < np; k++) {
    ix[k] = (key_t){pt[k].x0, k};
    pt[k].alone = 1;
  }
  rn_qsort(ix, (size_t)np, sizeof *ix, cmp_key);
  for (int64_t a = 0; a < np; a++) {
    int64_t pi = ix[a].i;
    part_t *p = &pt[pi];
    for (int64_t b = a + 1; b < np && ix[b].x0 <= p->x1; b++) {
      part_t *q = &pt[ix[b].i];
      if (q->member == p->member || q->y0 > p->y1 || p->y0 > q->y1) continue;
      if (!p->alone && !q->alone) continue;
      if (!prep[pi]) prep[pi] = GEOSPrepare_r(h, p->g);
      /* no answer (a GEOS error): take them as meeting, the union decides */
      if (!prep[pi] || GEOSPreparedIntersects_r(h, prep[pi], q->g) != 0)
        p->alone = q->alone = 0;
    }
  }
  for (int64_t k = 0; k < np; k++)
    if (prep[k]) GEOSPreparedGeom_destroy_r(h, prep[k]);
  free(prep);
  free(ix);
  return 1;
}

/* The robust union of the parts not alone, then the ones alone. */
static GEOSGeometry *union_parts(rn_ctx_t *ctx, const rn_units_t *u, const int64_t *members,
                                 int64_t n) {
  GEOSContextHandle_t h = ctx->geos;
  int64_t np = 0;
  for (int64_t m = 0; m < n; m++)
    if (u->geom[members[m]]) np += GEOSGetNumGeometries_r(h, u->geom[members[m]]);
  part_t *pt = malloc(sizeof *pt * (size_t)(np + 1));
  GEOSGeometry **join = malloc(sizeof *join * (size_t)(np + 1));
  if (!pt || !join) {
    free(pt);
    free(join);
    return NULL;
  }
  int64_t k = 0;
  for (int64_t m = 0; m < n; m++) {
    const GEOSGeometry *g = u->geom[members[m]];
    int parts = g ? GEOSGetNumGeometries_r(h, g) : 0;
    for (int q = 0; q < parts; q++) {
      part_t *p = &pt[k++];
      p->g = GEOSGetGeometryN_r(h, g, q);
      p->member = m;
      GEOSGeom_getXMin_r(h, p->g, &p->x0);
      GEOSGeom_getXMax_r(h, p->g, &p->x1);
      GEOSGeom_getYMin_r(h, p->g, &p->y0);
      GEOSGeom_getYMax_r(h, p->g, &p->y1);
    }
  }
  if (!mark_alone(h, pt, np))
    for (k = 0; k < np; k++) pt[k].alone = 0;
  int64_t nj = 0;
  for (k = 0; k < np; k++)
    if (!pt[k].alone) join[nj++] = GEOSGeom_clone_r(h, pt[k].g);
  GEOSGeometry *res = NULL;
  if (nj > 0) {
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, join, (unsigned)nj);
    res = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
    if (coll) GEOSGeom_destroy_r(h, coll);
    if (!res) {
      free(pt);
      free(join);
      return NULL;
    }
    if (nj == np) {
      free(pt);
      free(join);
      return res;
    }
  }
  /* the union's polygons, then the parts alone in member order */
  int64_t nr = res ? GEOSGetNumGeometries_r(h, res) : 0, no = 0;
  GEOSGeometry **out = malloc(sizeof *out * (size_t)(nr + np + 1));
  if (out) {
    for (int64_t r = 0; r < nr; r++) {
      const GEOSGeometry *g = GEOSGetGeometryN_r(h, res, (int)r);
      if (GEOSGeomTypeId_r(h, g) == GEOS_POLYGON && !GEOSisEmpty_r(h, g))
        out[no++] = GEOSGeom_clone_r(h, g);
    }
    for (k = 0; k < np; k++)
      if (pt[k].alone) out[no++] = GEOSGeom_clone_r(h, pt[k].g);
  }
  if (res) GEOSGeom_destroy_r(h, res);
  free(pt);
  free(join);
  if (!out) return NULL;
  GEOSGeometry *mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, out, (unsigned)no);
  free(out);
  return mp;
}

GEOSGeometry *rn_dissolve(rn_ctx_t *ctx, const rn_units_t *u, const int64_t *members, int64_t n,
                          int *coverage) {
  GEOSGeometry *res = NULL;
  /* one member: its polygon (valid since reading) is the region's */
  int64_t only = -1, count = 0;
  for (int64_t m = 0; m < n; m++)
    if (u->geom[members[m]]) only = members[m], count++;
  if (count == 1) return GEOSGeom_clone_r(ctx->geos, u->geom[only]);
  if (*coverage != 0) {
    GEOSGeometry **parts = malloc(sizeof *parts * (size_t)(n + 1));
    if (!parts) return NULL;
    int64_t k = 0;
    for (int64_t m = 0; m < n; m++) {
      const GEOSGeometry *g = u->geom[members[m]];
      if (g) parts[k++] = GEOSGeom_clone_r(ctx->geos, g);
    }
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(ctx->geos, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)k);
    free(parts);
    if (!coll) return NULL;
    /* Coverage union is fast and exact for clean coverages; it does not check
     * its input, so an invalid result means the units overlap or leave gaps
     * and the robust union decides instead. */
    res = GEOSCoverageUnion_r(ctx->geos, coll);
    GEOSGeom_destroy_r(ctx->geos, coll);
    int ok = res && GEOSisValid_r(ctx->geos, res) == 1;
    if (k > 1) *coverage = ok; /* one failure settles it: messy coverages fail everywhere */
    if (ok) return res;
    if (res) GEOSGeom_destroy_r(ctx->geos, res);
  }
  return union_parts(ctx, u, members, n);
}
