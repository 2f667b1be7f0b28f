/* Writing a bootstrap (algorithms/bootstrap): layers `units` (per level the
 * default region, confidence and margin), `boundaries` (the shared border of
 * every pair of neighbours, per level how often the pair is in one region)
 * and the table `regions`, styled for QGIS, into a temporary file renamed
 * into place only when everything succeeded (as every output). */
#include "writers_internal.h"
#include "algorithms/bootstrap/bootstrap.h"
#include "engine/threads.h"

#include <cpl_conv.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_real(OGRFeatureH f, int k, double x) {
  if (isfinite(x)) OGR_F_SetFieldDouble(f, k, x);
  else OGR_F_SetFieldNull(f, k);
}

static int add_level_field(GDALDatasetH ds, OGRLayerH l, const char *level, const char *what,
                           OGRFieldType t) {
  char name[64];
  snprintf(name, sizeof name, "%s_%s", level, what);
  return rn_add_field(ds, l, name, t);
}

static int write_units(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                       const rn_units_t *u, const rn_bootstrap_t *b) {
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, "units", srs, wkbMultiPolygon, lco, &ol);
  if (rc != RN_OK) return rc;
  int ok = rn_add_field(ds, ol.l, "code", OFTString) && rn_add_field(ds, ol.l, "name", OFTString);
  for (int l = 0; ok && l < b->base.nlevels; l++) {
    const char *lv = b->used.level[l].name;
    ok = add_level_field(ds, ol.l, lv, "id", OFTString) &&
         add_level_field(ds, ol.l, lv, "confidence", OFTReal) &&
         add_level_field(ds, ol.l, lv, "margin", OFTReal) &&
         add_level_field(ds, ol.l, lv, "tie_gap", OFTReal);
  }
  if (!ok)
    return rn_out_layer_finish(ctx, &ol, rn_error(ctx, RN_EIO, "cannot create the fields of 'units': %s",
                                                  CPLGetLastErrorMsg()));
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ol.l);
  for (int64_t i = 0; i < u->n && rc == RN_OK; i++) {
    OGRFeatureH f = OGR_F_Create(defn);
    int k = 0;
    OGR_F_SetFieldString(f, k++, u->code[i]);
    OGR_F_SetFieldString(f, k++, u->name[i]);
    for (int l = 0; l < b->base.nlevels; l++) {
      const rn_level_result_t *lr = &b->base.level[l];
      if (lr->region[i] >= 0) OGR_F_SetFieldString(f, k, lr->regions[lr->region[i]].id);
      else OGR_F_SetFieldNull(f, k);
      k++;
      set_real(f, k++, b->confidence[l][i]);
      set_real(f, k++, b->margin[l][i]);
      set_real(f, k++, b->tie_gap[l][i]);
    }
    rc = rn_out_layer_add_unit(ctx, &ol, f, u, i);
  }
  return rn_out_layer_finish(ctx, &ol, rc);
}

/* The lines of g (a GEOS result that may hold points too) as one OGR
 * multilinestring; NULL when it has none. */
static OGRGeometryH lines_of(rn_ctx_t *ctx, const GEOSGeometry *g) {
  OGRGeometryH ml = OGR_G_CreateGeometry(wkbMultiLineString);
  int n = GEOSGetNumGeometries_r(ctx->geos, g);
  for (int k = 0; k < n; k++) {
    const GEOSGeometry *part = GEOSGetGeometryN_r(ctx->geos, g, k);
    int t = GEOSGeomTypeId_r(ctx->geos, part);
    if (t != GEOS_LINESTRING && t != GEOS_MULTILINESTRING) continue;
    OGRGeometryH og = rn_geos_to_ogr(ctx, part);
    if (!og) continue;
    og = OGR_G_ForceToMultiLineString(og);
    for (int q = 0; q < OGR_G_GetGeometryCount(og); q++)
      OGR_G_AddGeometry(ml, OGR_G_GetGeometryRef(og, q));
    OGR_G_DestroyGeometry(og);
  }
  if (OGR_G_GetGeometryCount(ml) == 0) {
    OGR_G_DestroyGeometry(ml);
    return NULL;
  }
  return ml;
}

static GEOSGeometry *clip(rn_ctx_t *ctx, const GEOSGeometry *g, const GEOSGeometry *other, double t) {
  double x0, y0, x1, y1;
  if (!GEOSGeom_getXMin_r(ctx->geos, other, &x0) || !GEOSGeom_getYMin_r(ctx->geos, other, &y0) ||
      !GEOSGeom_getXMax_r(ctx->geos, other, &x1) || !GEOSGeom_getYMax_r(ctx->geos, other, &y1))
    return NULL;
  return GEOSClipByRect_r(ctx->geos, g, x0 - t, y0 - t, x1 + t, y1 + t);
}

/* The border of a and b as lines: where the two boundaries coincide (a
 * clean coverage shares its vertices), their intersection; elsewhere the
 * stretches of a's boundary within t of b's boundary (the adjacency measure's
 * stretches, algorithms/README.md, drawn from a's side). Each boundary is first
 * clipped to the other unit's box. shared: the measured length, which the
 * exact intersection must reach (less the 2t the measure forgives). */
static OGRGeometryH border(rn_ctx_t *ctx, GEOSGeometry *const *bd, const GEOSGeometry *ua,
                           const GEOSGeometry *ub, int64_t a, int64_t b, double t, double shared) {
  GEOSContextHandle_t h = ctx->geos;
  GEOSGeometry *ca = clip(ctx, bd[a], ub, t), *cb = clip(ctx, bd[b], ua, t), *zone = NULL, *x = NULL;
  if (ca && cb) {
    x = GEOSIntersection_r(h, ca, cb);
    double len = 0;
    if (x && t > 0 && (!GEOSLength_r(h, x, &len) || len < shared - 2 * t)) {
      GEOSGeom_destroy_r(h, x);
      x = NULL;
      zone = GEOSBuffer_r(h, cb, t, 2);
      if (zone) x = GEOSIntersection_r(h, ca, zone);
    }
  }
  OGRGeometryH out = NULL;
  if (x) {
    GEOSGeometry *merged = GEOSLineMerge_r(h, x);
    out = lines_of(ctx, merged ? merged : x);
    if (merged) GEOSGeom_destroy_r(h, merged);
  }
  GEOSGeom_destroy_r(h, ca);
  GEOSGeom_destroy_r(h, cb);
  GEOSGeom_destroy_r(h, zone);
  GEOSGeom_destroy_r(h, x);
  return out;
}

/* The borders of every pair, computed on the run's threads: they depend on
 * the units alone, and one GEOS intersection per pair was most of a
 * bootstrap's fixed time. Each thread has its own GEOS context; the units'
 * boundaries are made first (per unit), then shared read-only (their
 * envelopes cached before, as GEOS caches them on first use). */
typedef struct {
  rn_ctx_t *main;
  const rn_units_t *u;
  const rn_bootstrap_t *b;
  double t;
  GEOSGeometry **bd;  /* per unit */
  OGRGeometryH *line; /* per pair */
  atomic_llong next;
  atomic_int stop;    /* 1: interrupted, 2: out of memory */
  int phase;          /* 0: boundaries of the units; 1: borders of the pairs */
} border_job_t;

typedef struct {
  border_job_t *j;
  int main_thread;
} border_arg_t;

static void *border_worker(void *arg) {
  border_arg_t *wa = arg;
  border_job_t *j = wa->j;
  rn_ctx_t own;
  if (!wa->main_thread && rn_ctx_init(&own) != RN_OK) {
    atomic_store(&j->stop, 2);
    return NULL;
  }
  rn_ctx_t *ctx = wa->main_thread ? j->main : &own;
  const rn_units_t *u = j->u;
  int64_t m = j->phase ? j->b->npairs : u->n;
  for (long long k; !atomic_load(&j->stop) && (k = atomic_fetch_add(&j->next, 1)) < m;) {
    if (j->main->cancel && *j->main->cancel) atomic_store(&j->stop, 1);
    if (wa->main_thread && j->phase && k % 256 == 0 &&
        !rn_progress(ctx, (double)k / (double)m, "boundaries"))
      atomic_store(&j->stop, 1);
    if (!j->phase) {
      if (u->geom && u->geom[k]) j->bd[k] = GEOSBoundary_r(ctx->geos, u->geom[k]);
      continue;
    }
    int64_t x = j->b->pair_a[k], y = j->b->pair_b[k];
    if (j->bd[x] && j->bd[y])
      j->line[k] = border(ctx, j->bd, u->geom[x], u->geom[y], x, y, j->t, j->b->pair_len[k]);
  }
  if (!wa->main_thread) rn_ctx_destroy(&own);
  return NULL;
}

static void cache_envelope(rn_ctx_t *ctx, const GEOSGeometry *g) {
  double x;
  if (g) GEOSGeom_getXMin_r(ctx->geos, g, &x);
}

/* line[k]: the border of pair k as lines, or NULL (none, or no geometry). */
static int border_lines(rn_ctx_t *ctx, const rn_units_t *u, const rn_bootstrap_t *b, double t,
                        GEOSGeometry **bd, OGRGeometryH *line) {
  border_job_t j = {.main = ctx, .u = u, .b = b, .t = t, .bd = bd, .line = line};
  atomic_init(&j.stop, 0);
  border_arg_t wa[RN_THREADS_MAX];
  int nth = rn_threads_count(ctx->threads, b->npairs / 64 + 1);
  for (int k = 0; k < nth; k++) wa[k] = (border_arg_t){&j, k == 0};
  for (int64_t i = 0; u->geom && i < u->n; i++) cache_envelope(ctx, u->geom[i]);
  for (j.phase = 0; j.phase < 2 && !atomic_load(&j.stop); j.phase++) {
    atomic_init(&j.next, 0);
    rn_threads_run(nth, border_worker, wa, sizeof *wa);
    if (j.phase == 0)
      for (int64_t i = 0; i < u->n; i++) cache_envelope(ctx, bd[i]);
  }
  int stop = atomic_load(&j.stop);
  if (stop == 2) return rn_error(ctx, RN_ENOMEM, "out of memory");
  if (stop) return rn_error(ctx, RN_EINTERRUPT, "interrupted");
  return RN_OK;
}

static int write_boundaries(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                            const rn_units_t *u, const rn_bootstrap_t *b, double t) {
  rn_out_layer_t ol;
  int rc = rn_out_layer_create(ctx, ds, "boundaries", srs, wkbMultiLineString, lco, &ol);
  if (rc != RN_OK) return rc;
  int ok = rn_add_field(ds, ol.l, "code_a", OFTString) && rn_add_field(ds, ol.l, "name_a", OFTString) &&
           rn_add_field(ds, ol.l, "code_b", OFTString) && rn_add_field(ds, ol.l, "name_b", OFTString) &&
           rn_add_field(ds, ol.l, "length", OFTReal);
  for (int l = 0; ok && l < b->base.nlevels; l++)
    ok = add_level_field(ds, ol.l, b->used.level[l].name, "strength", OFTReal) &&
         add_level_field(ds, ol.l, b->used.level[l].name, "default", OFTString);
  if (!ok)
    return rn_out_layer_finish(ctx, &ol, rn_error(ctx, RN_EIO, "cannot create the fields of 'boundaries': %s",
                                                  CPLGetLastErrorMsg()));
  GEOSGeometry **bd = calloc((size_t)u->n + 1, sizeof *bd);
  OGRGeometryH *line = calloc((size_t)b->npairs + 1, sizeof *line);
  if (!bd || !line) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  if (rc == RN_OK) rc = border_lines(ctx, u, b, t, bd, line);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ol.l);
  for (int64_t k = 0; k < b->npairs && rc == RN_OK; k++) {
    int64_t x = b->pair_a[k], y = b->pair_b[k];
    OGRFeatureH f = OGR_F_Create(defn);
    int q = 0;
    OGR_F_SetFieldString(f, q++, u->code[x]);
    OGR_F_SetFieldString(f, q++, u->name[x]);
    OGR_F_SetFieldString(f, q++, u->code[y]);
    OGR_F_SetFieldString(f, q++, u->name[y]);
    OGR_F_SetFieldDouble(f, q++, b->pair_len[k]);
    for (int l = 0; l < b->base.nlevels; l++) {
      const int64_t *reg = b->base.level[l].region;
      OGR_F_SetFieldDouble(f, q++, b->strength[l][k]);
      /* at the default: one region, a border between two, or both in none */
      OGR_F_SetFieldString(f, q++, reg[x] >= 0 && reg[x] == reg[y] ? "same"
                                   : reg[x] < 0 && reg[y] < 0      ? "outside"
                                                                    : "border");
    }
    if (line[k]) {
      OGR_F_SetGeometryDirectly(f, line[k]);
      line[k] = NULL;
    }
    if (rn_out_layer_add(&ol, f) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot write the boundary %s-%s: %s", u->code[x], u->code[y],
                    CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  for (int64_t k = 0; line && k < b->npairs; k++)
    if (line[k]) OGR_G_DestroyGeometry(line[k]);
  for (int64_t i = 0; bd && i < u->n; i++) GEOSGeom_destroy_r(ctx->geos, bd[i]);
  free(line);
  free(bd);
  return rn_out_layer_finish(ctx, &ol, rc);
}

static int write_regions(rn_ctx_t *ctx, GDALDatasetH ds, const rn_bootstrap_t *b) {
  OGRLayerH l = GDALDatasetCreateLayer(ds, "regions", NULL, wkbNone, NULL);
  if (!l) return rn_error(ctx, RN_EIO, "cannot create table 'regions': %s", CPLGetLastErrorMsg());
  int ok = rn_add_field(ds, l, "level", OFTString) && rn_add_field(ds, l, "region_id", OFTString) &&
           rn_add_field(ds, l, "name", OFTString) && rn_add_field(ds, l, "n_units", OFTInteger64) &&
           rn_add_field(ds, l, "mean_confidence", OFTReal) &&
           rn_add_field(ds, l, "min_confidence", OFTReal) && rn_add_field(ds, l, "core_share", OFTReal);
  if (!ok) return rn_error(ctx, RN_EIO, "cannot create the fields of 'regions': %s", CPLGetLastErrorMsg());
  int rc = RN_OK;
  for (int lv = 0; lv < b->base.nlevels && rc == RN_OK; lv++) {
    const rn_level_result_t *lr = &b->base.level[lv];
    for (int64_t g = 0; g < lr->nregions && rc == RN_OK; g++) {
      OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
      OGR_F_SetFieldString(f, 0, b->used.level[lv].name);
      OGR_F_SetFieldString(f, 1, lr->regions[g].id);
      OGR_F_SetFieldString(f, 2, lr->regions[g].name);
      OGR_F_SetFieldInteger64(f, 3, lr->regions[g].n_units);
      set_real(f, 4, b->mean_conf[lv][g]);
      set_real(f, 5, b->min_conf[lv][g]);
      set_real(f, 6, b->core_share[lv][g]);
      if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
        rc = rn_error(ctx, RN_EIO, "cannot write the regions table: %s", CPLGetLastErrorMsg());
      OGR_F_Destroy(f);
    }
  }
  return rc;
}

/* Styles of the first level's figures (QGIS's layer properties switch to
 * another level's field): units by confidence, boundaries by strength, with
 * the classes of the stdout summary (0.5, 0.9, 0.99). */
static int write_styles(rn_ctx_t *ctx, GDALDatasetH ds, const rn_bootstrap_t *b) {
  const char *lv = b->used.level[0].name;
  char conf[64], strength[256];
  snprintf(conf, sizeof conf, "%s_confidence", lv);
  /* a border between two units in no region, that no replicate puts in one,
   * is no region's border: drawn as the inside */
  snprintf(strength, sizeof strength,
           "if(\"%s_default\" = 'outside' AND \"%s_strength\" < 0.01, 1, \"%s_strength\")", lv,
           lv, lv);
  const rn_qml_class_t uc[] = {
      {NULL, 0, 0.5 - 1e-9, "confidence < 0.5", 215, 48, 39, 0},
      {NULL, 0.5, 0.9 - 1e-9, "0.5 - 0.9", 252, 141, 89, 0},
      {NULL, 0.9, 0.99 - 1e-9, "0.9 - 0.99", 254, 224, 139, 0},
      {NULL, 0.99, 1, ">= 0.99", 217, 239, 139, 0}};
  /* a firm border (never in one region) thick and dark, a soft one (now
   * together, now apart) red or orange, the inside of a region hairline grey */
  const rn_qml_class_t bc[] = {
      {NULL, 0, 0.01 - 1e-9, "firm: in one region < 1% of replicates", 30, 30, 30, 0.9},
      {NULL, 0.01, 0.5 - 1e-9, "soft: 1 - 50%", 215, 48, 39, 0.7},
      {NULL, 0.5, 0.99 - 1e-9, "soft: 50 - 99%", 253, 174, 97, 0.45},
      {NULL, 0.99, 1, "no border: one region >= 99% (or both in none)", 190, 190, 190, 0.12}};
  OGRLayerH st;
  int rc = rn_layer_styles_create(ctx, ds, &st);
  char *q1 = rc == RN_OK ? rn_qml_classes(conf, 1, 2, uc, 4) : NULL;
  char *q2 = rc == RN_OK ? rn_qml_classes(strength, 1, 1, bc, 4) : NULL;
  if (rc == RN_OK) rc = rn_layer_style_add(ctx, ds, st, "units", q1);
  if (rc == RN_OK) rc = rn_layer_style_add(ctx, ds, st, "boundaries", q2);
  free(q1);
  free(q2);
  return rc;
}

typedef struct {
  const rn_output_opts_t *o;
  const rn_units_t *u;
  const rn_bootstrap_t *b;
  double t;
  int styles;
} boot_out_t;

static int fill(rn_ctx_t *ctx, GDALDatasetH ds, void *arg) {
  boot_out_t *w = arg;
  OGRSpatialReferenceH srs = rn_output_srs(w->u);
  int rc = write_units(ctx, ds, srs, w->o->lco, w->u, w->b);
  rn_ctx_mark(ctx, "write units");
  if (rc == RN_OK) rc = write_boundaries(ctx, ds, srs, w->o->lco, w->u, w->b, w->t);
  rn_ctx_mark(ctx, "write boundaries");
  if (rc == RN_OK) rc = write_regions(ctx, ds, w->b);
  if (rc == RN_OK && w->styles) rc = write_styles(ctx, ds, w->b);
  if (srs) OSRDestroySpatialReference(srs);
  return rc;
}

int rn_bootstrap_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_units_t *u,
                       const rn_bootstrap_t *b, double tolerance) {
  /* the caller checked the target (rn_output_check) and commits the set */
  const char *fmt = o->driver ? o->driver : "GPKG";
  GDALDriverH drv = rn_output_gdal_driver(o);
  if (!drv) return rn_error(ctx, RN_EPARAM, "unknown output format '%s'", fmt);
  boot_out_t w = {o, u, b, tolerance, !strcmp(fmt, "GPKG")};
  return rn_dataset_write_atomic(ctx, drv, o, fill, &w);
}
