/* Writing the result: every layer into a temporary dataset beside the target,
 * renamed into place only when all of it succeeded, so a failed or
 * interrupted run never leaves a partial file or damages an existing one. */
#include "writers_internal.h"
#include "pg_write.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Formats holding one layer per file (GeoJSON, Shapefile, FlatGeobuf ...)
 * get a file per layer: OUT.ext -> OUT_units.ext, OUT_metro.ext ... */
static int multi_layer(GDALDriverH drv) {
  return GDALGetMetadataItem(drv, GDAL_DCAP_MULTIPLE_VECTOR_LAYERS, NULL) != NULL;
}

/* where QGIS looks for default styles: a layer_styles table (GPKG, SQLite) */
static int styles_table(GDALDriverH drv) {
  const char *n = GDALGetDriverShortName(drv);
  return !strcmp(n, "GPKG") || !strcmp(n, "SQLite");
}

/* OUT.ext -> OUT_layer.ext (ext: the driver's when OUT has none); suffix
 * replaces ext when not NULL (".qml", the style QGIS reads beside a file). */
static char *layer_path(GDALDriverH drv, const char *path, const char *layer, const char *suffix) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(path, '.');
  if (dot && slash && dot < slash) dot = NULL;
  size_t stem = dot ? (size_t)(dot - path) : strlen(path);
  const char *ext = dot;
  char drvext[32] = "";
  if (!ext) {
    const char *e = GDALGetMetadataItem(drv, GDAL_DMD_EXTENSION, NULL);
    if (e && *e) snprintf(drvext, sizeof drvext, ".%s", e);
    ext = drvext;
  }
  if (suffix) ext = suffix;
  size_t len = stem + strlen(layer) + strlen(ext) + 2;
  char *s = malloc(len);
  if (s) snprintf(s, len, "%.*s_%s%s", (int)stem, path, layer, ext);
  return s;
}

static int refuse_existing(rn_ctx_t *ctx, const rn_output_opts_t *o, const char *path) {
  struct stat st;
  if (!o->overwrite && stat(path, &st) == 0)
    return rn_error(ctx, RN_EEXISTS, "%s exists; give --overwrite to replace it", path);
  return RN_OK;
}

int rn_output_check(rn_ctx_t *ctx, const rn_output_opts_t *o) {
  if (!o->path || !o->path[0]) return rn_error(ctx, RN_EPARAM, "an output path (-o) is required");
  if (rn_source_is_pg(o->path)) return rn_pg_output_check(ctx, o);
  if (rn_source_is_db(o->path))
    return rn_error(ctx, RN_EPARAM, "a database output must be PostgreSQL (-o PG:...)");
  if (o->schema) return rn_error(ctx, RN_EPARAM, "--schema is for a PostgreSQL output (-o PG:...)");
  const char *fmt = o->format ? o->format : "GPKG";
  GDALDriverH drv = GDALGetDriverByName(fmt);
  if (!drv || !GDALGetMetadataItem(drv, GDAL_DCAP_VECTOR, NULL) ||
      !GDALGetMetadataItem(drv, GDAL_DCAP_CREATE, NULL))
    return rn_error(ctx, RN_EPARAM, "output format '%s' is not an OGR vector driver that can write",
                    fmt);
  if (multi_layer(drv)) return refuse_existing(ctx, o, o->path);
  /* the layers are known only once the levels are: units is always there,
   * rn_output_write checks the others before it writes anything */
  char *first = layer_path(drv, o->path, "units", NULL);
  int rc = first ? refuse_existing(ctx, o, first) : rn_error(ctx, RN_ENOMEM, "out of memory");
  free(first);
  return rc;
}

static int write_layer(rn_ctx_t *ctx, GDALDatasetH ds, OGRSpatialReferenceH srs, char **lco,
                       const rn_layer_plan_t *lp, const rn_units_t *u, const rn_flows_t *f,
                       const rn_params_t *p, const rn_result_t *r, rn_shapes_t *shapes) {
  switch (lp->kind) {
  case RN_LAYER_UNITS: return rn_write_units_layer(ctx, ds, srs, lco, u, f, p, r);
  case RN_LAYER_LEVEL: return rn_write_region_layer(ctx, ds, srs, lco, u, p, r, lp->level, shapes);
  case RN_LAYER_URBAN_AREAS: return rn_write_urban_areas_layer(ctx, ds, srs, lco, u, p, r, shapes);
  case RN_LAYER_CORES: return rn_write_cores_layer(ctx, ds, srs, lco, u, p, r);
  case RN_LAYER_LINKS: return rn_write_links_layer(ctx, ds, srs, lco, u, f, p, r);
  case RN_LAYER_GROUPS: return rn_write_groups_layer(ctx, ds, srs, lco, u, r);
  case RN_LAYER_BALANCE: return rn_write_balance_table(ctx, ds, lco, p, r);
  case RN_LAYER_BALANCE_REGIONS: return rn_write_balance_regions_table(ctx, ds, lco, p, r);
  }
  return rn_error(ctx, RN_EINTERNAL, "unknown layer kind");
}

static int progress(rn_ctx_t *ctx, int k, int n) {
  if (!rn_progress(ctx, 0.5 + 0.5 * (k + 1.0) / n, "writing"))
    return rn_error(ctx, RN_EINTERRUPT, "interrupted while writing");
  return RN_OK;
}

/* Every layer and its style into one dataset (GeoPackage ...). */
typedef struct {
  GDALDriverH drv;
  const rn_output_opts_t *o;
  const rn_layer_plan_t *plan;
  int nplan;
  const rn_units_t *u;
  const rn_flows_t *f;
  const rn_params_t *p;
  const rn_result_t *r;
  rn_shapes_t *shapes;
} all_t;

static int write_all_lco(rn_ctx_t *ctx, GDALDatasetH ds, char **lco, void *arg) {
  all_t *w = arg;
  OGRSpatialReferenceH srs = rn_output_srs(w->u);
  int rc = RN_OK;
  for (int k = 0; rc == RN_OK && k < w->nplan; k++) {
    rc = write_layer(ctx, ds, srs, lco, &w->plan[k], w->u, w->f, w->p, w->r, w->shapes);
    if (rc == RN_OK) rc = progress(ctx, k, w->nplan);
    char label[64];
    snprintf(label, sizeof label, "write %s", w->plan[k].name);
    rn_ctx_mark(ctx, label);
  }
  if (rc == RN_OK && styles_table(w->drv))
    rc = rn_write_layer_styles(ctx, ds, w->plan, w->nplan, w->u, w->p, w->r);
  rn_ctx_mark(ctx, "write styles");
  if (srs) OSRDestroySpatialReference(srs);
  return rc;
}

static int write_all(rn_ctx_t *ctx, GDALDatasetH ds, void *arg) {
  return write_all_lco(ctx, ds, ((all_t *)arg)->o->lco, arg);
}

static int write_text(const char *path, const char *text) {
  FILE *fp = fopen(path, "w");
  if (!fp) return 0;
  int ok = fputs(text, fp) >= 0;
  return fclose(fp) == 0 && ok;
}

/* "dir/stem.ext" -> "dir/stem" as a glob pattern matching "dir/stem.*" */
static char *stem_pattern(const char *path, size_t *stemlen) {
  const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
  size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
  char *pat = malloc(2 * stem + 3), *q = pat;
  if (!pat) return NULL;
  for (size_t k = 0; k < stem; k++) {
    if (strchr("*?[\\", path[k])) *q++ = '\\';
    *q++ = path[k];
  }
  strcpy(q, ".*");
  *stemlen = stem;
  return pat;
}

/* Every file of a temporary layer (a Shapefile is .shp .shx .dbf .prj .cpg,
 * its style .qml) moved to the final stem, or (final NULL) removed. GDAL's
 * own rename and delete open the dataset as a raster and fail on vectors. */
static int move_files(const char *tmp, const char *final) {
  size_t ts = 0, fs = 0;
  char *pat = stem_pattern(tmp, &ts);
  if (!pat) return 0;
  if (final) {
    const char *slash = strrchr(final, '/'), *dot = strrchr(final, '.');
    fs = dot && (!slash || dot > slash) ? (size_t)(dot - final) : strlen(final);
  }
  glob_t g;
  int ok = 1;
  if (glob(pat, 0, NULL, &g) == 0) {
    for (size_t k = 0; k < g.gl_pathc; k++) {
      const char *f = g.gl_pathv[k];
      if (!final) {
        unlink(f);
        continue;
      }
      size_t len = fs + strlen(f + ts) + 1;
      char *to = malloc(len);
      if (!to) ok = 0;
      else {
        snprintf(to, len, "%.*s%s", (int)fs, final, f + ts);
        ok &= rename(f, to) == 0;
        free(to);
      }
    }
    globfree(&g);
  }
  free(pat);
  return ok;
}

/* One file per layer, each with its QGIS style beside it (OUT_units.qml):
 * all are written to temporary files first and renamed only when every one
 * succeeded. */
static int write_files(rn_ctx_t *ctx, GDALDriverH drv, const rn_output_opts_t *o,
                       const rn_layer_plan_t *plan, int nplan, const rn_units_t *u,
                       const rn_flows_t *f, const rn_params_t *p, const rn_result_t *r,
                       rn_shapes_t *shapes) {
  char *final[2 * RN_MAX_LAYERS] = {0}, *tmp[2 * RN_MAX_LAYERS] = {0};
  int made[2 * RN_MAX_LAYERS] = {0}, rc = RN_OK;
  for (int k = 0; k < nplan && rc == RN_OK; k++) {
    final[2 * k] = layer_path(drv, o->path, plan[k].name, NULL);
    final[2 * k + 1] = layer_path(drv, o->path, plan[k].name, ".qml");
    for (int e = 0; e < 2 && rc == RN_OK; e++) {
      tmp[2 * k + e] = final[2 * k + e] ? rn_temp_path(final[2 * k + e]) : NULL;
      if (!tmp[2 * k + e]) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      else rc = refuse_existing(ctx, o, final[2 * k + e]);
    }
  }
  OGRSpatialReferenceH srs = rc == RN_OK ? rn_output_srs(u) : NULL;
  /* names are UTF-8: say so in a .cpg, or readers guess the dBase code page */
  char **lco = CSLDuplicate(o->lco);
  if (!strcmp(GDALGetDriverShortName(drv), "ESRI Shapefile") && !CSLFetchNameValue(lco, "ENCODING"))
    lco = CSLSetNameValue(lco, "ENCODING", "UTF-8");
  for (int k = 0; k < nplan && rc == RN_OK; k++) {
    made[2 * k] = 1; /* a failed create may still leave a file */
    GDALDatasetH ds = GDALCreate(drv, tmp[2 * k], 0, 0, 0, GDT_Unknown, o->dsco);
    if (!ds) {
      rc = rn_error(ctx, RN_EIO, "cannot create %s: %s", tmp[2 * k], CPLGetLastErrorMsg());
      break;
    }
    rc = write_layer(ctx, ds, srs, lco, &plan[k], u, f, p, r, shapes);
    CPLErrorReset();
    GDALClose(ds);
    if (rc == RN_OK && CPLGetLastErrorType() >= CE_Failure)
      rc = rn_error(ctx, RN_EIO, "writing %s failed: %s", final[2 * k], CPLGetLastErrorMsg());
    char *qml = rc == RN_OK ? rn_qml_style(&plan[k], u, p, r) : NULL;
    if (rc == RN_OK && rn_layer_has_geometry(plan[k].kind)) {
      made[2 * k + 1] = 1;
      if (!qml || !write_text(tmp[2 * k + 1], qml))
        rc = rn_error(ctx, RN_EIO, "cannot write %s", tmp[2 * k + 1]);
    }
    free(qml);
    if (rc == RN_OK) rc = progress(ctx, k, nplan);
  }
  /* a layer's files and its style share the temporary stem */
  for (int k = 0; k < nplan && rc == RN_OK; k++) {
    if (!move_files(tmp[2 * k], final[2 * k]))
      rc = rn_error(ctx, RN_EIO, "cannot move %s into place as %s", tmp[2 * k], final[2 * k]);
    made[2 * k] = made[2 * k + 1] = 0;
  }
  for (int k = 0; k < 2 * nplan; k++) {
    if (made[k]) move_files(tmp[k], NULL);
    free(tmp[k]);
    free(final[k]);
  }
  CSLDestroy(lco);
  if (srs) OSRDestroySpatialReference(srs);
  return rc;
}

int rn_output_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_units_t *u,
                    const rn_flows_t *f, const rn_params_t *p, const rn_result_t *r) {
  int rc = rn_output_check(ctx, o);
  if (rc != RN_OK) return rc;
  rn_layer_plan_t plan[RN_MAX_LAYERS];
  int nplan = rn_output_plan(p, r, plan);
  for (int a = 0; a < nplan; a++)
    for (int b = a + 1; b < nplan; b++)
      if (!strcmp(plan[a].name, plan[b].name) || !strcmp(plan[a].name, "layer_styles"))
        return rn_error(ctx, RN_EPARAM, "two output layers would be named '%s': rename the level",
                        plan[a].name);
  int pg = rn_source_is_pg(o->path);
  GDALDriverH drv = GDALGetDriverByName(pg ? "PostgreSQL" : o->format ? o->format : "GPKG");
  rn_shapes_t shapes;
  rn_shapes_init(&shapes, u, r);
  if (rn_units_have_geometry(u) && (rc = rn_shapes_start(ctx, &shapes)) != RN_OK) {
    rn_shapes_destroy(&shapes);
    return rc;
  }
  rn_ctx_mark(ctx, "start dissolving");
  all_t w = {drv, o, plan, nplan, u, f, p, r, &shapes};
  if (pg) { /* a schema built and swapped in one transaction (pg_write.c) */
    rc = rn_pg_output_write(ctx, o, plan, nplan, u, p, r, write_all_lco, &w);
    rn_shapes_destroy(&shapes);
    return rc;
  }
  if (!multi_layer(drv)) {
    rc = write_files(ctx, drv, o, plan, nplan, u, f, p, r, &shapes);
    rn_shapes_destroy(&shapes);
    return rc;
  }
  rc = rn_dataset_write_atomic(ctx, drv, o, write_all, &w);
  rn_ctx_mark(ctx, "commit and rename");
  rn_shapes_destroy(&shapes);
  return rc;
}
