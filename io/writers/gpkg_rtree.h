/* A GeoPackage layer's spatial index packed from bounding boxes (gpkg_rtree.c). */
#ifndef RN_GPKG_RTREE_H
#define RN_GPKG_RTREE_H

#include "engine/engine.h"
#include <gdal.h>
#include <ogr_api.h>

typedef struct rn_rtree {
  int64_t n, cap;
  void *cell;
} rn_rtree_t;

void rn_rtree_init(rn_rtree_t *t);
void rn_rtree_destroy(rn_rtree_t *t);
/* One feature's box; 0 when out of memory. */
int rn_rtree_add(rn_rtree_t *t, int64_t id, double minx, double maxx, double miny, double maxy);
/* The SQLite connection of a GeoPackage dataset (NULL: another driver, or
 * GDAL does not share it): the index can be packed only through it. */
void *rn_rtree_handle(GDALDatasetH ds);
/* Create layer's rtree_<table>_<geom> from t (reordered), with the triggers
 * and extension row of the GeoPackage specification. */
int rn_rtree_write(rn_ctx_t *ctx, GDALDatasetH ds, OGRLayerH layer, rn_rtree_t *t);

#endif
