/* Writing the result: the driver chosen, then every layer into the run's
 * output set (output_set.c), which moves the files into place only when all
 * of the run succeeded, so a failed or interrupted run never leaves a partial
 * file or damages an existing one. */
#include "writers_internal.h"
#include "pg_write.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* The drivers whose output regionet writes completely (every file under its
 * final name, side files and metadata included) and that
 * tests/cli/test_output_formats.sh covers, in the order an extension is
 * matched. Refused: Memory and other drivers that make no file to move into
 * place, and KML, whose layers come with Name and Description fields of the
 * driver's own that the layer writers' field order does not allow for. */
/* CSV: attribute tables only, for runs without geometry (README "Runs
 * without geometry"); refused when the units have polygons */
static const char *const drivers[] = {"GPKG", "ESRI Shapefile", "GeoJSON", "FlatGeobuf",
                                      "SQLite", "GML", "CSV", NULL};

const char *rn_output_formats(void) {
  return "GPKG, ESRI Shapefile, GeoJSON, FlatGeobuf, SQLite, GML, CSV (tables)";
}

static int allowed(const char *name) {
  for (int k = 0; drivers[k]; k++)
    if (!strcasecmp(drivers[k], name)) return k;
  return -1;
}

/* is ext in the driver's extension list (GDAL_DMD_EXTENSIONS)? */
static int has_extension(GDALDriverH d, const char *ext) {
  const char *list = d ? GDALGetMetadataItem(d, GDAL_DMD_EXTENSIONS, NULL) : NULL;
  char **e = list ? CSLTokenizeString(list) : NULL;
  int hit = 0;
  for (int j = 0; e && e[j]; j++) hit |= !strcasecmp(e[j], ext);
  CSLDestroy(e);
  return hit;
}

/* ogr2ogr's choice: the writable vector drivers whose extension list
 * (GDAL_DMD_EXTENSIONS) holds the path's extension */
static const char *by_extension(const char *path, const char **ext) {
  const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
  *ext = dot && (!slash || dot > slash) && dot[1] ? dot + 1 : NULL;
  if (!*ext) return "GPKG";
  for (int k = 0; drivers[k]; k++)
    if (has_extension(GDALGetDriverByName(drivers[k]), *ext)) return drivers[k];
  return NULL;
}

int rn_output_one_dataset(const rn_output_opts_t *o) {
  return multi_layer(rn_output_gdal_driver(o));
}

/* for the message: a writable vector driver of GDAL's own for ext, if any */
static const char *gdal_driver_for(const char *ext) {
  for (int k = 0; k < GDALGetDriverCount(); k++) {
    GDALDriverH d = GDALGetDriver(k);
    if (GDALGetMetadataItem(d, GDAL_DCAP_VECTOR, NULL) &&
        GDALGetMetadataItem(d, GDAL_DCAP_CREATE, NULL) && has_extension(d, ext))
      return GDALGetDriverShortName(d);
  }
  return NULL;
}

GDALDriverH rn_output_gdal_driver(const rn_output_opts_t *o) {
  return GDALGetDriverByName(o->driver ? o->driver : "GPKG");
}

int rn_output_check(rn_ctx_t *ctx, rn_output_opts_t *o) {
  if (!o->path || !o->path[0]) return rn_error(ctx, RN_EPARAM, "an output path (-o) is required");
  if (rn_source_is_pg(o->path)) return rn_pg_output_check(ctx, o);
  if (rn_source_is_db(o->path))
    return rn_error(ctx, RN_EPARAM, "a database output must be PostgreSQL (-o PG:...)");
  if (o->schema) return rn_error(ctx, RN_EPARAM, "--schema is for a PostgreSQL output (-o PG:...)");
  const char *ext, *fmt = o->format;
  if (!fmt && !(fmt = by_extension(o->path, &ext))) {
    const char *other = gdal_driver_for(ext);
    if (other)
      return rn_error(ctx, RN_EPARAM,
                      "the output's extension '.%s' is GDAL's %s driver's, a format regionet "
                      "does not write: give -f (one of %s) or an extension such as .gpkg, "
                      ".shp, .geojson, .fgb",
                      ext, other, rn_output_formats());
    return rn_error(ctx, RN_EPARAM,
                    "no output format has the extension '.%s': give -f (one of %s) or an "
                    "extension such as .gpkg, .shp, .geojson, .fgb",
                    ext, rn_output_formats());
  }
  int k = allowed(fmt);
  GDALDriverH drv = k >= 0 ? GDALGetDriverByName(drivers[k]) : NULL;
  if (!drv || !GDALGetMetadataItem(drv, GDAL_DCAP_VECTOR, NULL) ||
      !GDALGetMetadataItem(drv, GDAL_DCAP_CREATE, NULL))
    return rn_error(ctx, RN_EPARAM, "output format '%s' is not one regionet writes (%s)", fmt,
                    rn_output_formats());
  o->driver = drivers[k];
  if (!o->set) return rn_error(ctx, RN_EINTERNAL, "no output set");
  if (multi_layer(drv)) return rn_outset_add(ctx, o->set, o->path, RN_OUT_CHECK | RN_OUT_LOCK);
  /* one file per layer: OUT itself is never written. The layers are known
   * only once the levels are: units is always there, the others are checked
   * again when the set is committed */
  int rc = rn_outset_add(ctx, o->set, o->path, RN_OUT_LOCK);
  char *first = rc == RN_OK ? layer_path(drv, o->path, "units", NULL) : NULL;
  if (rc == RN_OK) rc = first ? rn_outset_check(ctx, o->set, first) : rn_error(ctx, RN_ENOMEM, "out of memory");
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

/* One file per layer, each with its QGIS style beside it (OUT_units.qml),
 * all made in the output set and moved into place together. */
static int write_files(rn_ctx_t *ctx, GDALDriverH drv, const rn_output_opts_t *o,
                       const rn_layer_plan_t *plan, int nplan, const rn_units_t *u,
                       const rn_flows_t *f, const rn_params_t *p, const rn_result_t *r,
                       rn_shapes_t *shapes) {
  int rc = RN_OK;
  OGRSpatialReferenceH srs = rn_output_srs(u);
  /* names are UTF-8: say so in a .cpg, or readers guess the dBase code page */
  char **lco = CSLDuplicate(o->lco);
  if (!strcmp(GDALGetDriverShortName(drv), "ESRI Shapefile") && !CSLFetchNameValue(lco, "ENCODING"))
    lco = CSLSetNameValue(lco, "ENCODING", "UTF-8");
  for (int k = 0; k < nplan && rc == RN_OK; k++) {
    char *final = layer_path(drv, o->path, plan[k].name, NULL);
    char *qfinal = layer_path(drv, o->path, plan[k].name, ".qml");
    char *tmp = final ? rn_outset_path(ctx, o->set, final) : NULL;
    char *qtmp = qfinal ? rn_outset_path(ctx, o->set, qfinal) : NULL;
    if (!final || !qfinal) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    else if (!tmp || !qtmp) rc = RN_EIO;
    else rc = rn_outset_check(ctx, o->set, final);
    if (rc == RN_OK) rc = rn_outset_check(ctx, o->set, qfinal);
    GDALDatasetH ds = NULL;
    if (rc == RN_OK) {
      CPLErrorReset();
      ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, o->dsco);
      if (!ds) rc = rn_error(ctx, RN_EIO, "cannot create %s: %s", final, CPLGetLastErrorMsg());
    }
    if (rc == RN_OK) {
      rc = write_layer(ctx, ds, srs, lco, &plan[k], u, f, p, r, shapes);
      CPLErrorReset();
      GDALClose(ds);
      if (rc == RN_OK && CPLGetLastErrorType() >= CE_Failure)
        rc = rn_error(ctx, RN_EIO, "writing %s failed: %s", final, CPLGetLastErrorMsg());
    }
    /* tables (balance) have no style */
    int styled = rn_layer_has_geometry(plan[k].kind);
    char *qml = rc == RN_OK && styled ? rn_qml_style(&plan[k], u, p, r) : NULL;
    if (rc == RN_OK && styled && (!qml || !write_text(qtmp, qml)))
      rc = rn_error(ctx, RN_EIO, "cannot write %s", qfinal);
    free(qml);
    free(final), free(qfinal), free(tmp), free(qtmp);
    if (rc == RN_OK) rc = progress(ctx, k, nplan);
  }
  CSLDestroy(lco);
  if (srs) OSRDestroySpatialReference(srs);
  return rc;
}

int rn_output_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_units_t *u,
                    const rn_flows_t *f, const rn_params_t *p, const rn_result_t *r) {
  if (!o->driver && !rn_source_is_pg(o->path))
    return rn_error(ctx, RN_EINTERNAL, "rn_output_write before rn_output_check");
  rn_layer_plan_t plan[RN_MAX_LAYERS];
  int nplan = rn_output_plan(p, r, plan);
  for (int a = 0; a < nplan; a++)
    for (int b = a + 1; b < nplan; b++)
      if (!strcmp(plan[a].name, plan[b].name) || !strcmp(plan[a].name, "layer_styles"))
        return rn_error(ctx, RN_EPARAM, "two output layers would be named '%s': rename the level",
                        plan[a].name);
  int pg = rn_source_is_pg(o->path);
  if (o->driver && !strcmp(o->driver, "CSV") && rn_units_have_geometry(u))
    return rn_error(ctx, RN_EPARAM, "%s: CSV holds tables, and these units have polygons: "
                    "give .gpkg (or another format with geometry)", o->path);
  GDALDriverH drv = pg ? GDALGetDriverByName("PostgreSQL") : rn_output_gdal_driver(o);
  rn_shapes_t shapes;
  rn_shapes_init(&shapes, u, r);
  int rc = rn_units_have_geometry(u) ? rn_shapes_start(ctx, &shapes) : RN_OK;
  if (rc != RN_OK) {
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
  } else {
    rc = rn_dataset_write_atomic(ctx, drv, o, write_all, &w);
    rn_ctx_mark(ctx, "commit");
  }
  rn_shapes_destroy(&shapes);
  return rc;
}
