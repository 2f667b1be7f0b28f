/* The balance figures as attribute tables: `balance` (one row per level,
 * mass field and policy space) and `balance_regions` (each region's share). */
#include "writers_internal.h"

#include <cpl_string.h>
#include <math.h>

static void set_real(OGRFeatureH f, int k, double v) {
  if (isfinite(v)) OGR_F_SetFieldDouble(f, k, v);
  else OGR_F_SetFieldNull(f, k);
}

static int make_table(rn_ctx_t *ctx, GDALDatasetH ds, char **lco, const char *name,
                      const char *const *fields, const OGRFieldType *types, OGRLayerH *out) {
  /* a table: no geometry, and no spatial index option applies */
  char **opts = CSLDuplicate(lco);
  opts = CSLSetNameValue(opts, "SPATIAL_INDEX", NULL);
  *out = GDALDatasetCreateLayer(ds, name, NULL, wkbNone, opts);
  CSLDestroy(opts);
  if (!*out) return rn_error(ctx, RN_EIO, "cannot create table '%s': %s", name, CPLGetLastErrorMsg());
  for (int k = 0; fields[k]; k++)
    if (!rn_add_field(ds, *out, fields[k], types[k]))
      return rn_error(ctx, RN_EIO, "cannot create the fields of '%s': %s", name, CPLGetLastErrorMsg());
  return RN_OK;
}

int rn_write_balance_table(rn_ctx_t *ctx, GDALDatasetH ds, char **lco, const rn_params_t *p,
                           const rn_result_t *r) {
  static const char *const fields[] = {"level", "field", "policy_space", "n_regions", "n_units",
                                       "total", "primacy", "gini", "theil", "theil_units",
                                       "theil_between", "theil_within", NULL};
  static const OGRFieldType types[] = {OFTString, OFTString, OFTString, OFTInteger64,
                                       OFTInteger64, OFTReal, OFTReal, OFTReal, OFTReal,
                                       OFTReal, OFTReal, OFTReal};
  OGRLayerH l;
  int rc = make_table(ctx, ds, lco, "balance", fields, types, &l);
  const rn_balance_t *b = &r->balance;
  for (int64_t k = 0; rc == RN_OK && k < b->nrows; k++) {
    const rn_balance_row_t *w = &b->row[k];
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGR_F_SetFieldString(f, 0, p->level[w->level].name);
    OGR_F_SetFieldString(f, 1, b->field[w->field]);
    if (w->group >= 0) OGR_F_SetFieldString(f, 2, r->groups.name[w->group]);
    else OGR_F_SetFieldNull(f, 2);
    OGR_F_SetFieldInteger64(f, 3, w->n_regions);
    OGR_F_SetFieldInteger64(f, 4, w->n_units);
    const double v[] = {w->total, w->primacy, w->gini, w->theil,
                        w->theil_units, w->theil_between, w->theil_within};
    for (int j = 0; j < 7; j++) set_real(f, 5 + j, v[j]);
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot write table 'balance': %s", CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  return rc;
}

int rn_write_balance_regions_table(rn_ctx_t *ctx, GDALDatasetH ds, char **lco,
                                   const rn_params_t *p, const rn_result_t *r) {
  static const char *const fields[] = {"level", "region_id", "name", "field", "value", "share",
                                       "policy_space", "spans_spaces", NULL};
  static const OGRFieldType types[] = {OFTString, OFTString, OFTString, OFTString,
                                       OFTReal,   OFTReal,   OFTString, OFTInteger};
  OGRLayerH l;
  int rc = make_table(ctx, ds, lco, "balance_regions", fields, types, &l);
  const rn_balance_t *b = &r->balance;
  const rn_groups_t *g = &r->groups;
  for (int64_t k = 0; rc == RN_OK && k < b->nregions; k++) {
    const rn_balance_region_t *w = &b->region[k];
    const rn_region_t *rg = &r->level[w->level].regions[w->region];
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGR_F_SetFieldString(f, 0, p->level[w->level].name);
    OGR_F_SetFieldString(f, 1, rg->id);
    OGR_F_SetFieldString(f, 2, rg->name);
    OGR_F_SetFieldString(f, 3, b->field[w->field]);
    set_real(f, 4, w->value);
    set_real(f, 5, w->share);
    int64_t gr = g->region[w->level] ? g->region[w->level][w->region] : -1;
    if (gr >= 0) OGR_F_SetFieldString(f, 6, g->name[gr]);
    else OGR_F_SetFieldNull(f, 6);
    if (g->spans[w->level]) OGR_F_SetFieldInteger(f, 7, g->spans[w->level][w->region]);
    else OGR_F_SetFieldNull(f, 7);
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot write table 'balance_regions': %s", CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  return rc;
}
