/* Output layers and their spatial index (see out_layer.h). */
#include "out_layer.h"
#include "io/geometry/geometry.h"

#include <cpl_string.h>
#include <string.h>

int rn_out_layer_create(rn_ctx_t *ctx, GDALDatasetH ds, const char *name,
                        OGRSpatialReferenceH srs, OGRwkbGeometryType type, char **lco,
                        rn_out_layer_t *out) {
  memset(out, 0, sizeof *out);
  rn_rtree_init(&out->tree);
  out->ds = ds;
  const char *si = CSLFetchNameValue(lco, "SPATIAL_INDEX");
  out->index = rn_rtree_handle(ds) && type != wkbNone && (!si || CPLTestBool(si));
  char **opts = CSLDuplicate(lco);
  if (out->index) opts = CSLSetNameValue(opts, "SPATIAL_INDEX", "NO");
  out->l = GDALDatasetCreateLayer(ds, name, srs, type, opts);
  CSLDestroy(opts);
  if (!out->l)
    return rn_error(ctx, RN_EIO, "cannot create layer '%s': %s", name, CPLGetLastErrorMsg());
  return RN_OK;
}

OGRErr rn_out_layer_add(rn_out_layer_t *ol, OGRFeatureH f) {
  OGRErr e = OGR_L_CreateFeature(ol->l, f);
  OGRGeometryH g = OGR_F_GetGeometryRef(f);
  if (e == OGRERR_NONE && ol->index && g && !OGR_G_IsEmpty(g)) {
    OGREnvelope env;
    OGR_G_GetEnvelope(g, &env);
    if (!rn_rtree_add(&ol->tree, OGR_F_GetFID(f), env.MinX, env.MaxX, env.MinY, env.MaxY))
      e = OGRERR_NOT_ENOUGH_MEMORY;
  }
  return e;
}

int rn_out_layer_finish(rn_ctx_t *ctx, rn_out_layer_t *ol, int rc) {
  /* GDAL creates a GeoPackage table with its first feature: an empty layer
   * needs a sync to have a table to index */
  if (rc == RN_OK && ol->l && ol->index && OGR_L_SyncToDisk(ol->l) != OGRERR_NONE)
    rc = rn_error(ctx, RN_EIO, "cannot write layer '%s': %s", OGR_L_GetName(ol->l),
                  CPLGetLastErrorMsg());
  if (rc == RN_OK && ol->l && ol->index) rc = rn_rtree_write(ctx, ol->ds, ol->l, &ol->tree);
  rn_rtree_destroy(&ol->tree);
  return rc;
}

int rn_out_layer_add_unit(rn_ctx_t *ctx, rn_out_layer_t *ol, OGRFeatureH f, const rn_units_t *u,
                          int64_t i) {
  if (u->geom && u->geom[i]) {
    OGRGeometryH og = rn_geos_to_ogr(ctx, u->geom[i]);
    if (og) OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(og));
  }
  int rc = RN_OK;
  if (rn_out_layer_add(ol, f) != OGRERR_NONE)
    rc = rn_error(ctx, RN_EIO, "cannot write unit %s: %s", u->code[i], CPLGetLastErrorMsg());
  OGR_F_Destroy(f);
  return rc;
}
