/* `urban_areas`: the metropolitan and the small and medium-sized urban areas
 * in one layer, as on the KRIHS map, told apart by `type`. The levels of
 * life zones (nested, covering everything) are not urban areas. */
#include "writers_internal.h"

#include <cpl_error.h>

int rn_write_urban_areas_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs,
                               char **lco, const rn_units_t *u, const rn_params_t *p,
                               const rn_result_t *r, rn_shapes_t *shapes) {
  int lv[RN_MAX_LEVELS], n = rn_urban_levels(p, r, lv);
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, "urban_areas", srs,
                               rn_units_have_geometry(u) ? wkbMultiPolygon : wkbNone, lco, &ol);
  if (rc == RN_OK && !rn_add_field(ds, ol.l, "type", OFTString))
    rc = rn_error(ctx, RN_EIO, "cannot create the fields of 'urban_areas': %s", CPLGetLastErrorMsg());
  if (rc == RN_OK) rc = rn_region_fields(ctx, ds, ol.l, "urban_areas");
  if (rc == RN_OK) rc = rn_group_fields(ctx, ds, ol.l, r, 1);
  for (int k = 0; k < n && rc == RN_OK; k++)
    rc = rn_write_regions(ctx, &ol, u, p, r, lv[k], rn_urban_type(p, lv, k), shapes);
  return rn_out_layer_finish(ctx, &ol, rc);
}
