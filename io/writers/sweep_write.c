/* Writing a threshold sweep: a `units` layer (code, name, mass, per level L_id at
 * the default thresholds and L_stability for a swept level) and a `sweep`
 * table, into the run's output set (as rn_output_write does). */
#include "writers_internal.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int add_field(OGRLayerH l, const char *name, OGRFieldType t) {
  OGRFieldDefnH fd = OGR_Fld_Create(name, t);
  int ok = OGR_L_CreateField(l, fd, TRUE) == OGRERR_NONE;
  OGR_Fld_Destroy(fd);
  return ok;
}

static void set_real(OGRFeatureH f, int k, double x) {
  if (isfinite(x)) OGR_F_SetFieldDouble(f, k, x);
  else OGR_F_SetFieldNull(f, k);
}

static int write_units(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                       const rn_units_t *u, const rn_flows_t *fl, const rn_params_t *p,
                       const rn_sweep_t *s) {
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, "units", srs, wkbMultiPolygon, lco, &ol);
  if (rc != RN_OK) return rc;
  OGRLayerH l = ol.l;
  int ok = add_field(l, "code", OFTString) && add_field(l, "name", OFTString) &&
           add_field(l, "mass", OFTReal);
  for (int lv = 0; ok && lv < s->base.nlevels; lv++) {
    char f[64];
    snprintf(f, sizeof f, "%s_id", p->level[lv].name);
    ok = add_field(l, f, OFTString);
    snprintf(f, sizeof f, "%s_stability", p->level[lv].name);
    if (s->stability[lv]) ok = ok && add_field(l, f, OFTReal);
  }
  if (!ok)
    return rn_out_layer_finish(
        ctx, &ol,
        rn_error(ctx, RN_EIO, "cannot create the fields of 'units': %s", CPLGetLastErrorMsg()));
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
  for (int64_t i = 0; i < u->n && rc == RN_OK; i++) {
    OGRFeatureH f = OGR_F_Create(defn);
    int k = 0;
    OGR_F_SetFieldString(f, k++, u->code[i]);
    OGR_F_SetFieldString(f, k++, u->name[i]);
    /* the mass the run used: the --mass field, else the inflow I_j */
    OGR_F_SetFieldDouble(f, k++, u->mass ? u->mass[i] : fl->in[i]);
    for (int lv = 0; lv < s->base.nlevels; lv++) {
      const rn_level_result_t *lr = &s->base.level[lv];
      int64_t g = lr->region[i];
      if (g >= 0) OGR_F_SetFieldString(f, k, lr->regions[g].id);
      else OGR_F_SetFieldNull(f, k);
      k++;
      if (s->stability[lv]) OGR_F_SetFieldDouble(f, k++, s->stability[lv][i]);
    }
    rc = rn_out_layer_add_unit(ctx, &ol, f, u, i);
  }
  return rn_out_layer_finish(ctx, &ol, rc);
}

static int write_table(rn_ctx_t *ctx, GDALDatasetH ds, const rn_params_t *p, const rn_sweep_t *s) {
  OGRLayerH l = GDALDatasetCreateLayer(ds, "sweep", NULL, wkbNone, NULL);
  if (!l) return rn_error(ctx, RN_EIO, "cannot create table 'sweep': %s", CPLGetLastErrorMsg());
  int ok = add_field(l, "level", OFTString) && add_field(l, "threshold", OFTReal) &&
           add_field(l, "regions", OFTInteger64) && add_field(l, "covered", OFTInteger64) &&
           add_field(l, "mean_sc_supply", OFTReal) && add_field(l, "ari", OFTReal) &&
           add_field(l, "nmi", OFTReal);
  if (!ok) return rn_error(ctx, RN_EIO, "cannot create the fields of 'sweep': %s", CPLGetLastErrorMsg());
  int rc = RN_OK;
  for (int64_t k = 0; k < s->nrows && rc == RN_OK; k++) {
    const rn_sweep_row_t *row = &s->rows[k];
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGR_F_SetFieldString(f, 0, p->level[row->level].name);
    OGR_F_SetFieldDouble(f, 1, row->theta);
    OGR_F_SetFieldInteger64(f, 2, row->nregions);
    OGR_F_SetFieldInteger64(f, 3, row->covered);
    set_real(f, 4, row->mean_sc);
    set_real(f, 5, row->ari);
    set_real(f, 6, row->nmi);
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot write the sweep table: %s", CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  return rc;
}

typedef struct {
  const rn_output_opts_t *o;
  const rn_units_t *u;
  const rn_flows_t *f;
  const rn_params_t *p;
  const rn_sweep_t *s;
} sweep_out_t;

static int fill(rn_ctx_t *ctx, GDALDatasetH ds, void *arg) {
  sweep_out_t *w = arg;
  OGRSpatialReferenceH srs = rn_output_srs(w->u);
  int rc = write_units(ctx, ds, srs, w->o->lco, w->u, w->f, w->p, w->s);
  if (rc == RN_OK) rc = write_table(ctx, ds, w->p, w->s);
  if (srs) OSRDestroySpatialReference(srs);
  return rc;
}

int rn_sweep_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_units_t *u,
                   const rn_flows_t *f, const rn_params_t *p, const rn_sweep_t *s) {
  GDALDriverH drv = rn_output_gdal_driver(o);
  sweep_out_t w = {o, u, f, p, s};
  return rn_dataset_write_atomic(ctx, drv, o, fill, &w);
}
