/* Geometry between OGR and GEOS, and the dissolving of regions (io/geometry/;
 * not part of the public API). The readers convert units to GEOS once; the
 * writers turn GEOS back into OGR and dissolve each region's members. */
#ifndef RN_GEOMETRY_H
#define RN_GEOMETRY_H

#include "engine/engine.h"
#include <ogr_api.h>
#include <pthread.h>

/* OGR geometry (already in the working CRS) to a valid polygonal GEOS
 * geometry. *repaired set when make-valid was needed; *reason (static
 * buffer of size reason_size) then holds GEOS's reason. */
int rn_geom_to_geos(rn_ctx_t *ctx, OGRGeometryH g, GEOSGeometry **out, int *repaired,
                    char *reason, size_t reason_size);

/* GEOS -> OGR through WKB; NULL on failure. */
OGRGeometryH rn_geos_to_ogr(rn_ctx_t *ctx, const GEOSGeometry *g);
/* The union of the members' polygons (coverage union, robust union as fallback). */
/* coverage: -1 unknown or 1 so far clean (a coverage union is tried and its
 * result checked), 0 known not to be a clean coverage (robust union only). */
GEOSGeometry *rn_dissolve(rn_ctx_t *ctx, const rn_units_t *u, const int64_t *members, int64_t n,
                          int *coverage);

/* Region polygons made once per output (region_shapes.c). */
typedef struct rn_shapes {
  const rn_units_t *u;
  const rn_result_t *r;
  int coverage;
  int64_t *start[RN_MAX_LEVELS], *mem[RN_MAX_LEVELS];
  OGRGeometryH *geom[RN_MAX_LEVELS];
  /* rn_shapes_start: the dissolving thread, its context and result */
  int running, rc;
  pthread_t thread;
  rn_ctx_t bg;
} rn_shapes_t;
void rn_shapes_init(rn_shapes_t *s, const rn_units_t *u, const rn_result_t *r);
void rn_shapes_destroy(rn_shapes_t *s);
/* Dissolve every region of every level, on all cores. */
int rn_shapes_prepare(rn_ctx_t *ctx, rn_shapes_t *s);
/* The same in the background, while the caller writes the layers that need
 * no region polygons (units); rn_shapes_wait (or the first rn_shapes_get)
 * joins it. The caller must not use ctx->geos on s->u's geometries in ways
 * that cache (envelopes are computed here before the thread starts). */
int rn_shapes_start(rn_ctx_t *ctx, rn_shapes_t *s);
int rn_shapes_wait(rn_ctx_t *ctx, rn_shapes_t *s);
/* Region g of level l, dissolved; owned by s (clone it to keep it). NULL on failure. */
OGRGeometryH rn_shapes_get(rn_ctx_t *ctx, rn_shapes_t *s, int l, int64_t g);

/* A point inside a polygon (GEOSPointOnSurface) as OGR; NULL on failure. */
OGRGeometryH rn_point_inside(rn_ctx_t *ctx, const GEOSGeometry *g);

#endif
