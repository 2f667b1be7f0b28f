/* Writing `compare -o`: layer `units` (both regions, their names and the
 * change class), table `lineage`, and a style by change class; atomic like
 * every output. */
#include "writers_internal.h"
#include "algorithms/compare/changes.h"

#include <cpl_conv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void set_text(OGRFeatureH f, int k, const char *s) {
  if (s) OGR_F_SetFieldString(f, k, s);
  else OGR_F_SetFieldNull(f, k);
}

static int write_units(rn_ctx_t *ctx, GDALDatasetH ds, char **lco, const rn_compare_out_t *w) {
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, "units", w->srs, w->geom ? wkbMultiPolygon : wkbNone, lco, &ol);
  if (rc != RN_OK) return rc;
  int ok = rn_add_field(ds, ol.l, "code", OFTString) && rn_add_field(ds, ol.l, "region_a", OFTString) &&
           rn_add_field(ds, ol.l, "name_a", OFTString) && rn_add_field(ds, ol.l, "region_b", OFTString) &&
           rn_add_field(ds, ol.l, "name_b", OFTString) && rn_add_field(ds, ol.l, "change", OFTString);
  if (ok && w->with_confidence) ok = rn_add_field(ds, ol.l, "confidence_a", OFTReal);
  if (!ok)
    return rn_out_layer_finish(ctx, &ol, rn_error(ctx, RN_EIO, "cannot create the fields of 'units': %s",
                                                  CPLGetLastErrorMsg()));
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ol.l);
  for (int64_t i = 0; i < w->n && rc == RN_OK; i++) {
    const rn_change_t *c = &w->units[i];
    OGRFeatureH f = OGR_F_Create(defn);
    OGR_F_SetFieldString(f, 0, c->code);
    set_text(f, 1, c->region_a);
    set_text(f, 2, w->name_a[i]);
    set_text(f, 3, c->region_b);
    set_text(f, 4, w->name_b[i]);
    OGR_F_SetFieldString(f, 5, rn_change_name(c->cls, c->uncertain));
    if (w->with_confidence) {
      if (isfinite(c->confidence)) OGR_F_SetFieldDouble(f, 6, c->confidence);
      else OGR_F_SetFieldNull(f, 6);
    }
    if (w->geom && w->geom[i]) OGR_F_SetGeometry(f, w->geom[i]);
    if (rn_out_layer_add(&ol, f) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot write unit %s: %s", c->code, CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  return rn_out_layer_finish(ctx, &ol, rc);
}

static int write_lineage(rn_ctx_t *ctx, GDALDatasetH ds, const rn_compare_out_t *w) {
  OGRLayerH l = GDALDatasetCreateLayer(ds, "lineage", NULL, wkbNone, NULL);
  if (!l) return rn_error(ctx, RN_EIO, "cannot create table 'lineage': %s", CPLGetLastErrorMsg());
  int ok = rn_add_field(ds, l, "region_a", OFTString) && rn_add_field(ds, l, "name_a", OFTString) &&
           rn_add_field(ds, l, "units_a", OFTInteger64) && rn_add_field(ds, l, "region_b", OFTString) &&
           rn_add_field(ds, l, "name_b", OFTString) && rn_add_field(ds, l, "units", OFTInteger64);
  if (!ok) return rn_error(ctx, RN_EIO, "cannot create the fields of 'lineage': %s", CPLGetLastErrorMsg());
  const rn_partition_comparison_t *c = w->cmp;
  /* units of A in no region, per region of B, for the (none) rows */
  int64_t none_a = 0;
  for (int64_t q = 0; q < c->ncells; q++) none_a += c->cells[q].a < 0 ? c->cells[q].n : 0;
  int rc = RN_OK;
  for (int64_t q = 0; q < c->ncells && rc == RN_OK; q++) {
    const rn_partition_cell_t *cl = &c->cells[q];
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    set_text(f, 0, cl->a >= 0 ? c->region_a[cl->a] : NULL);
    set_text(f, 1, cl->a >= 0 ? w->rname_a[cl->a] : "(none)");
    OGR_F_SetFieldInteger64(f, 2, cl->a >= 0 ? c->size_a[cl->a] : none_a);
    set_text(f, 3, cl->b >= 0 ? c->region_b[cl->b] : NULL);
    set_text(f, 4, cl->b >= 0 ? w->rname_b[cl->b] : "(none)");
    OGR_F_SetFieldInteger64(f, 5, cl->n);
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot write the lineage table: %s", CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  return rc;
}

static int write_style(rn_ctx_t *ctx, GDALDatasetH ds) {
  /* unchanged units pale, changes strong; an uncertain change paler than a
   * sure one of its kind */
  const rn_qml_class_t cls[] = {
      {"same", 0, 0, "same", 235, 235, 235, 0},
      {"moved", 0, 0, "moved", 215, 48, 39, 0},
      {"moved (uncertain)", 0, 0, "moved (uncertain: confidence < 0.9)", 244, 165, 130, 0},
      {"joined", 0, 0, "joined (none -> region)", 26, 152, 80, 0},
      {"joined (uncertain)", 0, 0, "joined (uncertain)", 166, 217, 106, 0},
      {"left", 0, 0, "left (region -> none)", 69, 117, 180, 0},
      {"left (uncertain)", 0, 0, "left (uncertain)", 171, 217, 233, 0},
      {"only in A", 0, 0, "only in A", 255, 255, 255, 0},
      {"only in B", 0, 0, "only in B", 255, 255, 255, 0}};
  OGRLayerH st;
  int rc = rn_layer_styles_create(ctx, ds, &st);
  char *qml = rc == RN_OK ? rn_qml_classes("change", 0, 2, cls, (int)(sizeof cls / sizeof cls[0])) : NULL;
  if (rc == RN_OK) rc = rn_layer_style_add(ctx, ds, st, "units", qml);
  free(qml);
  return rc;
}

typedef struct {
  const rn_output_opts_t *o;
  const rn_compare_out_t *w;
  int styles;
} cmp_fill_t;

static int fill(rn_ctx_t *ctx, GDALDatasetH ds, void *arg) {
  cmp_fill_t *x = arg;
  int rc = write_units(ctx, ds, x->o->lco, x->w);
  if (rc == RN_OK) rc = write_lineage(ctx, ds, x->w);
  if (rc == RN_OK && x->styles && x->w->geom) rc = write_style(ctx, ds);
  return rc;
}

int rn_compare_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_compare_out_t *w) {
  /* the caller checked the target (rn_output_check) and commits the set */
  const char *fmt = o->driver ? o->driver : "GPKG";
  GDALDriverH drv = rn_output_gdal_driver(o);
  if (!drv) return rn_error(ctx, RN_EPARAM, "unknown output format '%s'", fmt);
  cmp_fill_t x = {o, w, !strcmp(fmt, "GPKG")};
  return rn_dataset_write_atomic(ctx, drv, o, fill, &x);
}
