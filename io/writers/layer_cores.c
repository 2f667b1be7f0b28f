/* `cores`: a point inside every core unit of every region, per level, so the
 * map shows where each region is anchored (a polycentric region has several). */
#include "writers_internal.h"

#include <cpl_error.h>

int rn_write_cores_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                         const rn_units_t *u, const rn_params_t *p, const rn_result_t *r) {
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, "cores", srs,
                               rn_units_have_geometry(u) ? wkbPoint : wkbNone, lco, &ol);
  if (rc != RN_OK) return rc;
  static const char *const names[] = {"code", "name", "level", "region_id", "region_name"};
  for (int k = 0; k < 5 && rc == RN_OK; k++)
    if (!rn_add_field(ds, ol.l, names[k], OFTString))
      rc = rn_error(ctx, RN_EIO, "cannot create the fields of 'cores': %s", CPLGetLastErrorMsg());
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ol.l);
  for (int lv = 0; lv < r->nlevels && rc == RN_OK; lv++) {
    const rn_level_result_t *lr = &r->level[lv];
    for (int64_t g = 0; g < lr->nregions && rc == RN_OK; g++) {
      const rn_region_t *rg = &lr->regions[g];
      for (int64_t c = 0; c < rg->ncores && rc == RN_OK; c++) {
        int64_t i = rg->cores[c];
        OGRFeatureH f = OGR_F_Create(defn);
        OGR_F_SetFieldString(f, 0, u->code[i]);
        OGR_F_SetFieldString(f, 1, u->name[i]);
        OGR_F_SetFieldString(f, 2, p->level[lv].name);
        OGR_F_SetFieldString(f, 3, rg->id);
        OGR_F_SetFieldString(f, 4, rg->name);
        OGRGeometryH pt = rn_point_inside(ctx, u->geom[i]);
        if (pt) OGR_F_SetGeometryDirectly(f, pt);
        if (rn_out_layer_add(&ol, f) != OGRERR_NONE)
          rc = rn_error(ctx, RN_EIO, "cannot write core %s: %s", u->code[i], CPLGetLastErrorMsg());
        OGR_F_Destroy(f);
      }
    }
  }
  return rn_out_layer_finish(ctx, &ol, rc);
}
