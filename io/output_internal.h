/* Shared by the output writers. */
#ifndef RN_OUTPUT_INTERNAL_H
#define RN_OUTPUT_INTERNAL_H

#include "regionet/regionet.h"
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

/* GEOS -> OGR through WKB; NULL on failure. */
OGRGeometryH rn_geos_to_ogr(rn_ctx_t *ctx, const GEOSGeometry *g);
/* The union of the members' polygons (coverage union, robust union as fallback). */
GEOSGeometry *rn_dissolve(rn_ctx_t *ctx, const rn_units_t *u, const int64_t *members, int64_t n);

int rn_write_units_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                         const rn_units_t *u, const rn_params_t *p, const rn_result_t *r);
int rn_write_region_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                          const rn_units_t *u, const rn_params_t *p, const rn_result_t *r,
                          int level);
#endif
