/* Shared by the output writers (io/writers/). */
#ifndef RN_WRITERS_INTERNAL_H
#define RN_WRITERS_INTERNAL_H

#include "engine/engine.h"
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include "io/geometry/geometry.h"
#include "out_layer.h"

/* dataset_atomic.c: the units' CRS for output (NULL when none); one dataset
 * written all or nothing by fill() into o->set; the provenance as metadata
 * item PROVENANCE of domain REGIONET. */
#define RN_METADATA_DOMAIN "REGIONET"
OGRSpatialReferenceH rn_output_srs(const rn_units_t *u);
typedef int (*rn_fill_fn)(rn_ctx_t *ctx, GDALDatasetH ds, void *arg);
int rn_dataset_write_atomic(rn_ctx_t *ctx, GDALDriverH drv, const rn_output_opts_t *o,
                            rn_fill_fn fill, void *arg);
int rn_dataset_provenance(rn_ctx_t *ctx, GDALDatasetH ds, const rn_output_opts_t *o);
/* output_write.c: the driver rn_output_check chose (o->driver). */
GDALDriverH rn_output_gdal_driver(const rn_output_opts_t *o);

/* The layers of an output, in writing order. */
typedef enum {
  RN_LAYER_UNITS,
  RN_LAYER_LEVEL,       /* the regions of one level */
  RN_LAYER_URBAN_AREAS, /* the regions of the urban levels together, with their type */
  RN_LAYER_CORES,
  RN_LAYER_LINKS,
  RN_LAYER_GROUPS,         /* the policy spaces, dissolved */
  RN_LAYER_BALANCE,        /* table: the balance figures */
  RN_LAYER_BALANCE_REGIONS /* table: each region's share of the total */
} rn_layer_kind_t;
typedef struct rn_layer_plan {
  rn_layer_kind_t kind;
  int level;     /* RN_LAYER_LEVEL */
  char name[40];
} rn_layer_plan_t;
#define RN_MAX_LAYERS (RN_MAX_LEVELS + 7)
/* Fill plan (RN_MAX_LAYERS entries) and return how many layers there are. */
int rn_output_plan(const rn_params_t *p, const rn_result_t *r, rn_layer_plan_t *plan);
/* The levels that make urban_areas (scope remaining, not cover_all: the
 * metropolitan and the small and medium-sized urban areas); returns how many. */
int rn_urban_levels(const rn_params_t *p, const rn_result_t *r, int levels[RN_MAX_LEVELS]);
/* The `type` of urban_areas for the k-th of those levels. */
const char *rn_urban_type(const rn_params_t *p, const int *levels, int k);
/* Sorted distinct level thresholds in (0,1]; returns how many (0: no links layer). */
int rn_link_classes(const rn_params_t *p, const rn_result_t *r, double theta[RN_MAX_LEVELS]);

/* Create a field; under the Shapefile driver the name goes through
 * rn_field_name_short. 0 on failure (also when the name is already taken). */
int rn_add_field(GDALDatasetH ds, OGRLayerH l, const char *name, OGRFieldType t);
/* The fixed 10-character Shapefile name of a field (README's table). */
const char *rn_field_name_short(const char *name, char *buf, size_t size);

int rn_write_units_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                         const rn_units_t *u, const rn_flows_t *f, const rn_params_t *p,
                         const rn_result_t *r);
int rn_write_region_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                          const rn_units_t *u, const rn_params_t *p, const rn_result_t *r,
                          int level, rn_shapes_t *shapes);
/* urban_areas: the regions of every rn_urban_levels level with their type. */
int rn_write_urban_areas_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs,
                               char **lco, const rn_units_t *u, const rn_params_t *p,
                               const rn_result_t *r, rn_shapes_t *shapes);
/* Into an existing layer made by rn_region_fields: the regions of one level,
 * with type in the first field when type != NULL. */
int rn_region_fields(rn_ctx_t *ctx, GDALDatasetH ds, OGRLayerH l, const char *lname);
int rn_write_regions(rn_ctx_t *ctx, rn_out_layer_t *ol, const rn_units_t *u, const rn_params_t *p,
                     const rn_result_t *r, int level, const char *type, rn_shapes_t *shapes);
int rn_write_cores_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                         const rn_units_t *u, const rn_params_t *p, const rn_result_t *r);
int rn_write_links_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                         const rn_units_t *u, const rn_flows_t *f, const rn_params_t *p,
                         const rn_result_t *r);

/* Policy spaces and balance (layer_groups.c, layer_balance.c). */
int rn_write_groups_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                          const rn_units_t *u, const rn_result_t *r);
int rn_write_balance_table(rn_ctx_t *ctx, GDALDatasetH ds, char **lco, const rn_params_t *p,
                           const rn_result_t *r);
int rn_write_balance_regions_table(rn_ctx_t *ctx, GDALDatasetH ds, char **lco,
                                   const rn_params_t *p, const rn_result_t *r);
/* The policy-space fields of a unit or region layer (when r has groups):
 * created by rn_group_fields, set by rn_group_set (region < 0: unit i). */
int rn_group_fields(rn_ctx_t *ctx, GDALDatasetH ds, OGRLayerH l, const rn_result_t *r, int region);
void rn_group_set(OGRFeatureH f, const rn_result_t *r, int level, int64_t i);

/* Tables (balance) have no geometry, and no style. */
static inline int rn_layer_has_geometry(rn_layer_kind_t k) {
  return k != RN_LAYER_BALANCE && k != RN_LAYER_BALANCE_REGIONS;
}
/* The k-th colour of the region palette the styles use (0..255 each). */
void rn_style_palette(int64_t k, int rgb[3]);

/* The QGIS style (QML document, malloc'ed) of a layer of the plan. */
char *rn_qml_style(const rn_layer_plan_t *lp, const rn_units_t *u, const rn_params_t *p,
                   const rn_result_t *r);
/* A style of classes of one attribute, for layers outside the plan (the
 * bootstrap's, compare's): graduated (lower <= x <= upper; QGIS takes the
 * first range that holds a value) or categorised (value), each class with its
 * colour and, for lines, width in mm. gtype: 1 lines, 2 polygons. */
typedef struct rn_qml_class {
  const char *value;
  double lower, upper;
  const char *label;
  int r, g, b;
  double width;
} rn_qml_class_t;
char *rn_qml_classes(const char *attr, int graduated, int gtype, const rn_qml_class_t *c, int n);
/* The `layer_styles` table, and one default style of a layer into it. */
int rn_layer_styles_create(rn_ctx_t *ctx, GDALDatasetH ds, OGRLayerH *out);
int rn_layer_style_add(rn_ctx_t *ctx, GDALDatasetH ds, OGRLayerH styles, const char *name,
                       const char *qml);
/* The `layer_styles` table QGIS reads default styles from, one row per layer. */
int rn_write_layer_styles(rn_ctx_t *ctx, GDALDatasetH ds, const rn_layer_plan_t *plan,
                          int nplan, const rn_units_t *u, const rn_params_t *p,
                          const rn_result_t *r);
#endif
