/* Geometry between GEOS and OGR, and dissolving members into regions. */
#include "output_internal.h"

#include <stdlib.h>

OGRGeometryH rn_geos_to_ogr(rn_ctx_t *ctx, const GEOSGeometry *g) {
  if (!g) return NULL;
  GEOSWKBWriter *w = GEOSWKBWriter_create_r(ctx->geos);
  size_t len = 0;
  unsigned char *wkb = GEOSWKBWriter_write_r(ctx->geos, w, g, &len);
  GEOSWKBWriter_destroy_r(ctx->geos, w);
  if (!wkb) return NULL;
  OGRGeometryH og = NULL;
  if (OGR_G_CreateFromWkb(wkb, NULL, &og, (int)len) != OGRERR_NONE) og = NULL;
  GEOSFree_r(ctx->geos, wkb);
  return og;
}

GEOSGeometry *rn_dissolve(rn_ctx_t *ctx, const rn_units_t *u, const int64_t *members, int64_t n,
                          int *coverage) {
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
   * its input, so an invalid result means the units overlap or leave gaps and
   * the robust union decides instead. */
  GEOSGeometry *res = NULL;
  if (*coverage != 0) {
    res = GEOSCoverageUnion_r(ctx->geos, coll);
    int ok = res && GEOSisValid_r(ctx->geos, res) == 1;
    if (k > 1) *coverage = ok; /* one failure settles it: messy coverages fail everywhere */
    if (!ok && res) {
      GEOSGeom_destroy_r(ctx->geos, res);
      res = NULL;
    }
  }
  if (!res) res = GEOSUnaryUnion_r(ctx->geos, coll);
  GEOSGeom_destroy_r(ctx->geos, coll);
  return res;
}

OGRGeometryH rn_point_inside(rn_ctx_t *ctx, const GEOSGeometry *g) {
  if (!g) return NULL;
  GEOSGeometry *pt = GEOSPointOnSurface_r(ctx->geos, g);
  OGRGeometryH og = rn_geos_to_ogr(ctx, pt);
  if (pt) GEOSGeom_destroy_r(ctx->geos, pt);
  return og;
}
