/* The `layer_styles` table of a GeoPackage: QGIS loads the row of a layer
 * with useAsDefault set when it opens the layer (its OGR provider looks it up
 * by f_table_schema = '', f_table_name and f_geometry_column). The table is
 * made through OGR so gpkg_contents lists it, with the columns and types
 * QGIS's own saveStyle creates. */
#include "writers_internal.h"

#include <stdlib.h>

int rn_layer_styles_create(rn_ctx_t *ctx, GDALDatasetH ds, OGRLayerH *out) {
  OGRLayerH l = *out = GDALDatasetCreateLayer(ds, "layer_styles", NULL, wkbNone, NULL);
  if (!l) return rn_error(ctx, RN_EIO, "cannot create table 'layer_styles': %s", CPLGetLastErrorMsg());
  static const struct {
    const char *name;
    OGRFieldType t;
    int width;
  } cols[] = {{"f_table_catalog", OFTString, 256}, {"f_table_schema", OFTString, 256},
              {"f_table_name", OFTString, 256},    {"f_geometry_column", OFTString, 256},
              {"styleName", OFTString, 30},        {"styleQML", OFTString, 0},
              {"styleSLD", OFTString, 0},          {"useAsDefault", OFTInteger, 0},
              {"description", OFTString, 0},       {"owner", OFTString, 30},
              {"ui", OFTString, 30},               {"update_time", OFTDateTime, 0}};
  int ok = 1;
  for (size_t k = 0; ok && k < sizeof cols / sizeof cols[0]; k++) {
    OGRFieldDefnH fd = OGR_Fld_Create(cols[k].name, cols[k].t);
    if (cols[k].width) OGR_Fld_SetWidth(fd, cols[k].width);
    if (cols[k].t == OFTInteger) OGR_Fld_SetSubType(fd, OFSTBoolean);
    if (cols[k].t == OFTDateTime) OGR_Fld_SetDefault(fd, "CURRENT_TIMESTAMP");
    ok = OGR_L_CreateField(l, fd, TRUE) == OGRERR_NONE;
    OGR_Fld_Destroy(fd);
  }
  if (!ok) return rn_error(ctx, RN_EIO, "cannot create the columns of 'layer_styles': %s",
                           CPLGetLastErrorMsg());
  return RN_OK;
}

int rn_layer_style_add(rn_ctx_t *ctx, GDALDatasetH ds, OGRLayerH styles, const char *name,
                       const char *qml) {
  OGRLayerH target = GDALDatasetGetLayerByName(ds, name);
  if (!target || !qml) return rn_error(ctx, RN_EINTERNAL, "cannot make the style of layer '%s'", name);
  OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(styles));
  OGR_F_SetFieldString(f, 0, "");
  OGR_F_SetFieldString(f, 1, "");
  OGR_F_SetFieldString(f, 2, name);
  OGR_F_SetFieldString(f, 3, OGR_L_GetGeometryColumn(target));
  OGR_F_SetFieldString(f, 4, name);
  OGR_F_SetFieldString(f, 5, qml);
  OGR_F_SetFieldString(f, 6, "");
  OGR_F_SetFieldInteger(f, 7, 1);
  OGR_F_SetFieldString(f, 8, "regionet default style");
  OGR_F_SetFieldString(f, 9, "");
  int rc = RN_OK;
  if (OGR_L_CreateFeature(styles, f) != OGRERR_NONE)
    rc = rn_error(ctx, RN_EIO, "cannot write the style of '%s': %s", name, CPLGetLastErrorMsg());
  OGR_F_Destroy(f);
  return rc;
}

int rn_write_layer_styles(rn_ctx_t *ctx, GDALDatasetH ds, const rn_layer_plan_t *plan,
                          int nplan, const rn_units_t *u, const rn_params_t *p,
                          const rn_result_t *r) {
  OGRLayerH l;
  int rc = rn_layer_styles_create(ctx, ds, &l);
  for (int k = 0; k < nplan && rc == RN_OK; k++) {
    if (!rn_layer_has_geometry(plan[k].kind)) continue;
    char *qml = rn_qml_style(&plan[k], u, p, r);
    rc = rn_layer_style_add(ctx, ds, l, plan[k].name, qml);
    free(qml);
  }
  return rc;
}
