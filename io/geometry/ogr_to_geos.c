/* OGR geometry to GEOS through WKB, made valid and polygonal. */
#include "geometry.h"
#include "io/readers/readers_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Clone every polygon in g (nested collections included) into parts. */
static int collect_polygons(GEOSContextHandle_t h, const GEOSGeometry *g, GEOSGeometry ***parts,
                            int *n, int *cap) {
  int t = GEOSGeomTypeId_r(h, g);
  if (t == GEOS_POLYGON) {
    if (GEOSisEmpty_r(h, g)) return 0;
    if (*n == *cap) {
      *cap = *cap ? *cap * 2 : 8;
      GEOSGeometry **p = realloc(*parts, sizeof *p * (size_t)*cap);
      if (!p) return -1;
      *parts = p;
    }
    (*parts)[(*n)++] = GEOSGeom_clone_r(h, g);
    return 0;
  }
  if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
    int k = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < k; i++)
      if (collect_polygons(h, GEOSGetGeometryN_r(h, g, i), parts, n, cap)) return -1;
  }
  return 0;
}

int rn_geom_to_geos(rn_ctx_t *ctx, OGRGeometryH g, GEOSGeometry **out, int *repaired,
                    char *reason, size_t reason_size) {
  GEOSContextHandle_t h = ctx->geos;
  *out = NULL;
  *repaired = 0;
  if (reason_size) reason[0] = 0;
  size_t size = (size_t)OGR_G_WkbSize(g);
  unsigned char *wkb = malloc(size ? size : 1);
  if (!wkb) return rn_error(ctx, RN_ENOMEM, "out of memory");
  if (OGR_G_ExportToWkb(g, wkbNDR, wkb) != OGRERR_NONE) {
    free(wkb);
    return rn_error(ctx, RN_EINPUT, "cannot convert the geometry to WKB");
  }
  GEOSWKBReader *r = GEOSWKBReader_create_r(h);
  GEOSGeometry *gg = r ? GEOSWKBReader_read_r(h, r, wkb, size) : NULL;
  if (r) GEOSWKBReader_destroy_r(h, r);
  free(wkb);
  if (!gg) return rn_error(ctx, RN_EINPUT, "GEOS cannot read the geometry");
  char valid = GEOSisValid_r(h, gg);
  int t = GEOSGeomTypeId_r(h, gg);
  if (valid == 1 && (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON)) {
    *out = gg;
    return RN_OK;
  }
  if (valid != 1) {
    char *why = GEOSisValidReason_r(h, gg);
    if (why && reason_size) snprintf(reason, reason_size, "%s", why);
    if (why) GEOSFree_r(h, why);
    GEOSGeometry *mv = GEOSMakeValid_r(h, gg);
    GEOSGeom_destroy_r(h, gg);
    if (!mv) return rn_error(ctx, RN_EINPUT, "invalid geometry (%s) that make-valid could not repair", reason);
    gg = mv;
    *repaired = 1;
  }
  /* keep the polygonal parts only (make-valid may leave lines or points; a
   * collection may mix them) */
  GEOSGeometry **parts = NULL;
  int n = 0, cap = 0;
  if (collect_polygons(h, gg, &parts, &n, &cap)) {
    for (int i = 0; i < n; i++) GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
    GEOSGeom_destroy_r(h, gg);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  GEOSGeom_destroy_r(h, gg);
  if (n == 0) {
    free(parts);
    return rn_error(ctx, RN_EINPUT, "geometry has no polygonal part");
  }
  *out = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, (unsigned)n);
  free(parts);
  if (!*out) return rn_error(ctx, RN_EINTERNAL, "cannot build a multipolygon");
  return RN_OK;
}
