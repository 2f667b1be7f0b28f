/* One polygon layer per level: the regions dissolved, with algorithms/README.md's statistics. */
#include "writers_internal.h"

#include <cpl_error.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_real(OGRFeatureH f, int k, double v) {
  if (isnan(v)) OGR_F_SetFieldNull(f, k);
  else OGR_F_SetFieldDouble(f, k, v);
}

static const struct {
  const char *name;
  OGRFieldType t;
} fields[] = {{"region_id", OFTString}, {"name", OFTString},      {"n_units", OFTInteger64},
              {"mass", OFTReal},        {"residents", OFTReal},   {"internal", OFTReal},
              {"sc_supply", OFTReal},   {"sc_demand", OFTReal},   {"cores", OFTString},
              {"threshold", OFTReal},   {"level", OFTString}};

int rn_region_fields(rn_ctx_t *ctx, GDALDatasetH ds, OGRLayerH l, const char *lname) {
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
    if (!rn_add_field(ds, l, fields[k].name, fields[k].t))
      return rn_error(ctx, RN_EIO, "cannot create the fields of '%s': %s", lname, CPLGetLastErrorMsg());
  return RN_OK;
}

int rn_write_region_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                          const rn_units_t *u, const rn_params_t *p, const rn_result_t *r,
                          int level, rn_shapes_t *shapes) {
  const char *lname = p->level[level].name;
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, lname, srs,
                               rn_units_have_geometry(u) ? wkbMultiPolygon : wkbNone, lco, &ol);
  if (rc == RN_OK) rc = rn_region_fields(ctx, ds, ol.l, lname);
  if (rc == RN_OK) rc = rn_group_fields(ctx, ds, ol.l, r, 1);
  if (rc == RN_OK) rc = rn_write_regions(ctx, &ol, u, p, r, level, NULL, shapes);
  return rn_out_layer_finish(ctx, &ol, rc);
}

int rn_write_regions(rn_ctx_t *ctx, rn_out_layer_t *ol, const rn_units_t *u, const rn_params_t *p,
                     const rn_result_t *r, int level, const char *type, rn_shapes_t *shapes) {
  OGRLayerH l = ol->l;
  const rn_level_result_t *lr = &r->level[level];
  const char *lname = p->level[level].name;
  int b = type ? 1 : 0; /* first region field */
  int rc = rn_shapes_wait(ctx, shapes);
  if (rc != RN_OK) return rc;
  int geometry = rn_units_have_geometry(u); /* else a table: no shapes */
  int64_t nr = lr->nregions;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
  for (int64_t g = 0; g < nr && rc == RN_OK; g++) {
    const rn_region_t *rg = &lr->regions[g];
    OGRFeatureH f = OGR_F_Create(defn);
    if (type) OGR_F_SetFieldString(f, 0, type);
    OGR_F_SetFieldString(f, b + 0, rg->id);
    OGR_F_SetFieldString(f, b + 1, rg->name);
    OGR_F_SetFieldInteger64(f, b + 2, rg->n_units);
    set_real(f, b + 3, rg->mass);
    set_real(f, b + 4, rg->residents);
    set_real(f, b + 5, rg->internal);
    set_real(f, b + 6, rg->sc_supply);
    set_real(f, b + 7, rg->sc_demand);
    size_t len = 1;
    for (int64_t c = 0; c < rg->ncores; c++) len += strlen(u->code[rg->cores[c]]) + 1;
    char *cores = malloc(len);
    if (cores) {
      cores[0] = 0;
      for (int64_t c = 0; c < rg->ncores; c++) {
        if (c) strcat(cores, "+");
        strcat(cores, u->code[rg->cores[c]]);
      }
      OGR_F_SetFieldString(f, b + 8, cores);
      free(cores);
    }
    OGR_F_SetFieldDouble(f, b + 9, p->level[level].theta);
    OGR_F_SetFieldString(f, b + 10, lname);
    rn_group_set(f, r, level, g);
    OGRGeometryH og = geometry ? rn_shapes_get(ctx, shapes, level, g) : NULL;
    if (og) OGR_F_SetGeometry(f, og);
    if (!og && geometry)
      rc = rn_error(ctx, RN_EINTERNAL, "cannot dissolve region %s of '%s'", rg->id, lname);
    else if (rn_out_layer_add(ol, f) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot write region %s of '%s': %s", rg->id, lname,
                    CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  return rc;
}
