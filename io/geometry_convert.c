/* Geometry between GEOS and OGR. */
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

OGRGeometryH rn_point_inside(rn_ctx_t *ctx, const GEOSGeometry *g) {
  if (!g) return NULL;
  GEOSGeometry *pt = GEOSPointOnSurface_r(ctx->geos, g);
  OGRGeometryH og = rn_geos_to_ogr(ctx, pt);
  if (pt) GEOSGeom_destroy_r(ctx->geos, pt);
  return og;
}
