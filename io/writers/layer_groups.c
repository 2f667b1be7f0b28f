/* The `groups` layer: each policy space dissolved from its units, with its
 * unit count and mass; and the policy-space fields of units and regions. */
#include "writers_internal.h"

#include <stdlib.h>
#include <string.h>

int rn_write_groups_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                          const rn_units_t *u, const rn_result_t *r) {
  const rn_groups_t *g = &r->groups;
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, "groups", srs, wkbMultiPolygon, lco, &ol);
  if (rc != RN_OK) return rc;
  if (!rn_add_field(ds, ol.l, "name", OFTString) || !rn_add_field(ds, ol.l, "n_units", OFTInteger64) ||
      !rn_add_field(ds, ol.l, "mass", OFTReal))
    return rn_out_layer_finish(ctx, &ol, rn_error(ctx, RN_EIO, "cannot create the fields of 'groups': %s",
                                                  CPLGetLastErrorMsg()));
  int64_t *mem = malloc(sizeof *mem * (size_t)(u->n ? u->n : 1));
  if (!mem) return rn_out_layer_finish(ctx, &ol, rn_error(ctx, RN_ENOMEM, "out of memory"));
  int coverage = -1;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ol.l);
  for (int64_t k = 0; k < g->ngroups && rc == RN_OK; k++) {
    int64_t n = 0;
    double mass = 0;
    for (int64_t i = 0; i < u->n; i++)
      if (g->unit[i] == k) {
        mem[n++] = i;
        if (u->mass) mass += u->mass[i];
      }
    if (!n) continue; /* a group the table names but no unit falls in */
    OGRFeatureH f = OGR_F_Create(defn);
    OGR_F_SetFieldString(f, 0, g->name[k]);
    OGR_F_SetFieldInteger64(f, 1, n);
    if (u->mass) OGR_F_SetFieldDouble(f, 2, mass);
    else OGR_F_SetFieldNull(f, 2);
    GEOSGeometry *gg = rn_dissolve(ctx, u, mem, n, &coverage);
    OGRGeometryH og = gg ? rn_geos_to_ogr(ctx, gg) : NULL;
    if (gg) GEOSGeom_destroy_r(ctx->geos, gg);
    if (!og) rc = rn_error(ctx, RN_EINTERNAL, "cannot dissolve policy space '%s'", g->name[k]);
    else {
      OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(og));
      if (rn_out_layer_add(&ol, f) != OGRERR_NONE)
        rc = rn_error(ctx, RN_EIO, "cannot write policy space '%s': %s", g->name[k],
                      CPLGetLastErrorMsg());
    }
    OGR_F_Destroy(f);
    if (rc == RN_OK && !rn_progress(ctx, -1, NULL))
      rc = rn_error(ctx, RN_EINTERRUPT, "interrupted while writing");
  }
  free(mem);
  return rn_out_layer_finish(ctx, &ol, rc);
}

int rn_group_fields(rn_ctx_t *ctx, GDALDatasetH ds, OGRLayerH l, const rn_result_t *r, int region) {
  if (!r->groups.unit) return RN_OK;
  if (!rn_add_field(ds, l, "policy_space", OFTString) ||
      (region && !rn_add_field(ds, l, "spans_spaces", OFTInteger)))
    return rn_error(ctx, RN_EIO, "cannot create the policy-space fields of '%s'", OGR_L_GetName(l));
  return RN_OK;
}

/* by name: the fields come last, after whatever the layer's own are */
static int field_index(OGRFeatureH f, const char *name) {
  OGRFeatureDefnH d = OGR_F_GetDefnRef(f);
  int k = OGR_FD_GetFieldIndex(d, name);
  if (k < 0) {
    char buf[16];
    k = OGR_FD_GetFieldIndex(d, rn_field_name_short(name, buf, sizeof buf));
  }
  return k;
}

void rn_group_set(OGRFeatureH f, const rn_result_t *r, int level, int64_t i) {
  const rn_groups_t *g = &r->groups;
  if (!g->unit) return;
  int k = field_index(f, "policy_space");
  int64_t gr = level < 0 ? g->unit[i] : g->region[level] ? g->region[level][i] : -1;
  if (k >= 0) {
    if (gr >= 0) OGR_F_SetFieldString(f, k, g->name[gr]);
    else OGR_F_SetFieldNull(f, k);
  }
  if (level >= 0 && g->spans[level] && (k = field_index(f, "spans_spaces")) >= 0)
    OGR_F_SetFieldInteger(f, k, g->spans[level][i]);
}
