/* An output layer being written (out_layer.c): features go in through
 * rn_out_layer_add, and a GeoPackage layer's spatial index is packed once at
 * rn_out_layer_finish instead of GDAL inserting every feature into it. */
#ifndef RN_OUT_LAYER_H
#define RN_OUT_LAYER_H

#include "gpkg_rtree.h"
#include <ogr_srs_api.h>

typedef struct rn_out_layer {
  GDALDatasetH ds;
  OGRLayerH l;
  int index;      /* 1: pack the spatial index at finish */
  rn_rtree_t tree;
} rn_out_layer_t;

/* Create layer name; lco as given by the user (SPATIAL_INDEX=NO is kept). */
int rn_out_layer_create(rn_ctx_t *ctx, GDALDatasetH ds, const char *name,
                        OGRSpatialReferenceH srs, OGRwkbGeometryType type, char **lco,
                        rn_out_layer_t *out);
/* OGR_L_CreateFeature, noting the feature's box; returns an OGRErr. */
OGRErr rn_out_layer_add(rn_out_layer_t *ol, OGRFeatureH f);
/* Unit i's polygon (if any) as f's multipolygon, then rn_out_layer_add; f is
 * destroyed. RN_OK, or RN_EIO naming the unit. */
int rn_out_layer_add_unit(rn_ctx_t *ctx, rn_out_layer_t *ol, OGRFeatureH f, const rn_units_t *u,
                          int64_t i);
/* Write the spatial index (if any) and free; rc: the writer's result so far
 * (the index is written only when it is RN_OK). */
int rn_out_layer_finish(rn_ctx_t *ctx, rn_out_layer_t *ol, int rc);

#endif
