/* `links`: the arcs of G(θ) at the smallest level threshold, i.e. every pair
 * i -> j (i != j) whose share s(i,j) = T_ij / D_i reaches it, as a line
 * between points inside the two units. `class` is the largest threshold the
 * arc meets, which the style draws thin, medium and thick (5/10/20% on the
 * KRIHS map). D_i is the denominator the run used. */
#include "writers_internal.h"

#include <cpl_error.h>

#include <stdlib.h>

/* as the clustering: a share meets θ when s >= θ - 1e-12 (rounding of sums) */
#define RN_SHARE_EPS 1e-12

int rn_write_links_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                         const rn_units_t *u, const rn_flows_t *f, const rn_params_t *p,
                         const rn_result_t *r) {
  double theta[RN_MAX_LEVELS];
  int nt = rn_link_classes(p, r, theta);
  if (nt == 0) return RN_OK;
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, "links", srs,
                               rn_units_have_geometry(u) ? wkbLineString : wkbNone, lco, &ol);
  if (rc != RN_OK) return rc;
  OGRLayerH l = ol.l;
  if (!rn_add_field(ds, l, "origin", OFTString) || !rn_add_field(ds, l, "dest", OFTString) ||
      !rn_add_field(ds, l, "flow", OFTReal) || !rn_add_field(ds, l, "share", OFTReal) ||
      !rn_add_field(ds, l, "class", OFTReal))
    return rn_out_layer_finish(ctx, &ol, rn_error(ctx, RN_EIO, "cannot create the fields of 'links': %s", CPLGetLastErrorMsg()));
  int64_t n = u->n;
  double *d = malloc(sizeof *d * (size_t)(n + 1));
  OGRGeometryH *pt = calloc((size_t)n + 1, sizeof *pt);
  if (!d || !pt) {
    free(d);
    free(pt);
    return rn_out_layer_finish(ctx, &ol, rn_error(ctx, RN_ENOMEM, "out of memory"));
  }
  rc = rn_denominators(ctx, u, f, r->denom, r->denom_field, d);
  for (int64_t i = 0; i < n && rc == RN_OK; i++) pt[i] = rn_point_inside(ctx, u->geom[i]);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
  OGRFeatureH ft = OGR_F_Create(defn);
  OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
  for (int64_t i = 0; i < n && rc == RN_OK; i++) {
    if (!(d[i] > 0)) continue;
    for (int64_t k = f->row[i]; k < f->row[i + 1] && rc == RN_OK; k++) {
      int64_t j = f->col[k];
      double s = f->val[k] / d[i];
      if (j == i || s < theta[0] - RN_SHARE_EPS) continue;
      double cls = theta[0];
      for (int c = 1; c < nt; c++)
        if (s >= theta[c] - RN_SHARE_EPS) cls = theta[c];
      /* one feature and one line, refilled for every link: hundreds of
       * thousands of links at national scale */
      OGR_F_SetFID(ft, OGRNullFID);
      OGR_F_SetFieldString(ft, 0, u->code[i]);
      OGR_F_SetFieldString(ft, 1, u->code[j]);
      OGR_F_SetFieldDouble(ft, 2, f->val[k]);
      OGR_F_SetFieldDouble(ft, 3, s);
      OGR_F_SetFieldDouble(ft, 4, cls);
      if (pt[i] && pt[j]) {
        OGR_G_SetPoint_2D(line, 0, OGR_G_GetX(pt[i], 0), OGR_G_GetY(pt[i], 0));
        OGR_G_SetPoint_2D(line, 1, OGR_G_GetX(pt[j], 0), OGR_G_GetY(pt[j], 0));
        OGR_F_SetGeometry(ft, line);
      } else if (OGR_FD_GetGeomFieldCount(defn) > 0) {
        OGR_F_SetGeometryDirectly(ft, NULL);
      }
      if (rn_out_layer_add(&ol, ft) != OGRERR_NONE)
        rc = rn_error(ctx, RN_EIO, "cannot write link %s -> %s: %s", u->code[i], u->code[j],
                      CPLGetLastErrorMsg());
    }
  }
  OGR_F_Destroy(ft);
  OGR_G_DestroyGeometry(line);
  for (int64_t i = 0; i < n; i++)
    if (pt[i]) OGR_G_DestroyGeometry(pt[i]);
  free(pt);
  free(d);
  return rn_out_layer_finish(ctx, &ol, rc);
}
