/* Geometry between GEOS and OGR. */
#include "geometry.h"

#include <stdlib.h>

/* Through WKB: any geometry. */
static OGRGeometryH via_wkb(rn_ctx_t *ctx, const GEOSGeometry *g) {
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

/* A ring or line's coordinates copied in one block (GEOS's WKB writer goes
 * through a stream a number at a time: half the cost of writing units). */
static OGRGeometryH curve(rn_ctx_t *ctx, const GEOSGeometry *g, OGRwkbGeometryType type,
                          double **buf, size_t *cap) {
  const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, g);
  unsigned int n = 0;
  if (!cs || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &n)) return NULL;
  if (2 * (size_t)n > *cap) {
    size_t c = 2 * (size_t)n + 64;
    double *b = realloc(*buf, sizeof *b * c);
    if (!b) return NULL;
    *buf = b;
    *cap = c;
  }
  if (n && !GEOSCoordSeq_copyToBuffer_r(ctx->geos, cs, *buf, 0, 0)) return NULL;
  OGRGeometryH og = OGR_G_CreateGeometry(type);
  if (og) OGR_G_SetPoints(og, (int)n, *buf, 16, *buf + 1, 16, NULL, 0);
  return og;
}

static OGRGeometryH polygon(rn_ctx_t *ctx, const GEOSGeometry *g, double **buf, size_t *cap) {
  GEOSContextHandle_t h = ctx->geos;
  OGRGeometryH og = OGR_G_CreateGeometry(wkbPolygon);
  int nh = GEOSGetNumInteriorRings_r(h, g);
  for (int k = -1; og && k < nh; k++) {
    const GEOSGeometry *ring = k < 0 ? GEOSGetExteriorRing_r(h, g) : GEOSGetInteriorRingN_r(h, g, k);
    OGRGeometryH r = ring ? curve(ctx, ring, wkbLinearRing, buf, cap) : NULL;
    if (!r || OGR_G_AddGeometryDirectly(og, r) != OGRERR_NONE) {
      if (r) OGR_G_DestroyGeometry(r);
      OGR_G_DestroyGeometry(og);
      og = NULL;
    }
  }
  return og;
}

OGRGeometryH rn_geos_to_ogr(rn_ctx_t *ctx, const GEOSGeometry *g) {
  if (!g) return NULL;
  GEOSContextHandle_t h = ctx->geos;
  int t = GEOSGeomTypeId_r(h, g);
  /* 2-D points, lines and polygons directly; anything else through WKB */
  if (GEOSHasZ_r(h, g) != 0 || GEOSisEmpty_r(h, g) != 0 ||
      (t != GEOS_POINT && t != GEOS_LINESTRING && t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON))
    return via_wkb(ctx, g);
  if (t == GEOS_POINT) {
    double x, y;
    if (!GEOSGeomGetX_r(h, g, &x) || !GEOSGeomGetY_r(h, g, &y)) return NULL;
    OGRGeometryH og = OGR_G_CreateGeometry(wkbPoint);
    if (og) OGR_G_SetPoint_2D(og, 0, x, y);
    return og;
  }
  double *buf = NULL;
  size_t cap = 0;
  OGRGeometryH og = NULL;
  if (t == GEOS_LINESTRING) og = curve(ctx, g, wkbLineString, &buf, &cap);
  else if (t == GEOS_POLYGON) og = polygon(ctx, g, &buf, &cap);
  else {
    og = OGR_G_CreateGeometry(wkbMultiPolygon);
    int np = GEOSGetNumGeometries_r(h, g);
    for (int k = 0; og && k < np; k++) {
      OGRGeometryH p = polygon(ctx, GEOSGetGeometryN_r(h, g, k), &buf, &cap);
      if (!p || OGR_G_AddGeometryDirectly(og, p) != OGRERR_NONE) {
        if (p) OGR_G_DestroyGeometry(p);
        OGR_G_DestroyGeometry(og);
        og = NULL;
      }
    }
  }
  free(buf);
  return og;
}

OGRGeometryH rn_point_inside(rn_ctx_t *ctx, const GEOSGeometry *g) {
  if (!g) return NULL;
  GEOSGeometry *pt = GEOSPointOnSurface_r(ctx->geos, g);
  OGRGeometryH og = rn_geos_to_ogr(ctx, pt);
  if (pt) GEOSGeom_destroy_r(ctx->geos, pt);
  return og;
}
