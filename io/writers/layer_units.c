/* The `units` layer: one feature per unit with its mass (the field, or the
 * inflow when no field was given) and, for every level, its region, role,
 * share and the reason of any contiguity decision. */
#include "writers_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rn_write_units_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                         const rn_units_t *u, const rn_flows_t *fl, const rn_params_t *p,
                         const rn_result_t *r) {
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, "units", srs,
                               rn_units_have_geometry(u) ? wkbMultiPolygon : wkbNone, lco, &ol);
  if (rc != RN_OK) return rc;
  OGRLayerH l = ol.l;
  int ok = rn_add_field(ds, l, "code", OFTString) && rn_add_field(ds, l, "name", OFTString) &&
           rn_add_field(ds, l, "mass", OFTReal);
  for (int lv = 0; ok && lv < r->nlevels; lv++) {
    char f[64];
    const char *nm = p->level[lv].name;
    snprintf(f, sizeof f, "%s_id", nm);
    ok = rn_add_field(ds, l, f, OFTString);
    snprintf(f, sizeof f, "%s_role", nm);
    ok = ok && rn_add_field(ds, l, f, OFTString);
    snprintf(f, sizeof f, "%s_share", nm);
    ok = ok && rn_add_field(ds, l, f, OFTReal);
    snprintf(f, sizeof f, "%s_reason", nm);
    ok = ok && rn_add_field(ds, l, f, OFTString);
  }
  if (!ok)
    return rn_out_layer_finish(
        ctx, &ol,
        rn_error(ctx, RN_EIO, "cannot create the fields of 'units': %s", CPLGetLastErrorMsg()));
  if ((rc = rn_group_fields(ctx, ds, l, r, 0)) != RN_OK) return rn_out_layer_finish(ctx, &ol, rc);
  /* the last decision about a unit at a level explains its outcome */
  const char **reason = calloc((size_t)(u->n * r->nlevels + 1), sizeof *reason);
  if (!reason) return rn_out_layer_finish(ctx, &ol, rn_error(ctx, RN_ENOMEM, "out of memory"));
  for (int64_t d = 0; d < r->ndecisions; d++)
    reason[r->decisions[d].level * u->n + r->decisions[d].unit] = r->decisions[d].reason;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
  for (int64_t i = 0; i < u->n && rc == RN_OK; i++) {
    OGRFeatureH f = OGR_F_Create(defn);
    int k = 0;
    OGR_F_SetFieldString(f, k++, u->code[i]);
    OGR_F_SetFieldString(f, k++, u->name[i]);
    /* the mass the run used: the --mass field, else the inflow I_j */
    OGR_F_SetFieldDouble(f, k++, u->mass ? u->mass[i] : fl->in[i]);
    for (int lv = 0; lv < r->nlevels; lv++) {
      const rn_level_result_t *lr = &r->level[lv];
      int64_t g = lr->region[i];
      if (g >= 0) OGR_F_SetFieldString(f, k, lr->regions[g].id);
      else OGR_F_SetFieldNull(f, k);
      OGR_F_SetFieldString(f, k + 1, rn_role_name((rn_role_t)lr->role[i]));
      if (g >= 0 && !isnan(lr->share[i])) OGR_F_SetFieldDouble(f, k + 2, lr->share[i]);
      else OGR_F_SetFieldNull(f, k + 2);
      const char *why = reason[lv * u->n + i];
      if (why) OGR_F_SetFieldString(f, k + 3, why);
      else OGR_F_SetFieldNull(f, k + 3);
      k += 4;
    }
    rn_group_set(f, r, -1, i);
    rc = rn_out_layer_add_unit(ctx, &ol, f, u, i);
  }
  free(reason);
  return rn_out_layer_finish(ctx, &ol, rc);
}
