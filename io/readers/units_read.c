/* rn_units_read: administrative units from any OGR vector source. */
#include "readers_internal.h"
#include "io/readers/units_forms.h"
#include "io/geometry/geometry.h"
#include "engine/threads.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#include <stdatomic.h>
#include <cpl_conv.h>
#include <cpl_string.h>

typedef struct {
  int64_t n, cap;
  char **code, **name;
  double *mass;
  double **extra;       /* extra[k][i] */
  OGRGeometryH *geom;
  GEOSGeometry **gg;
} raw_t;

static void raw_free(rn_ctx_t *ctx, raw_t *r, int nextra) {
  for (int64_t i = 0; i < r->n; i++) {
    free(r->code[i]);
    free(r->name[i]);
    if (r->geom[i]) OGR_G_DestroyGeometry(r->geom[i]);
    if (r->gg && r->gg[i]) GEOSGeom_destroy_r(ctx->geos, r->gg[i]);
  }
  free(r->code);
  free(r->name);
  free(r->mass);
  if (r->extra)
    for (int k = 0; k < nextra; k++) free(r->extra[k]);
  free(r->extra);
  free(r->geom);
  free(r->gg);
}

static int raw_grow(raw_t *r, int nextra) {
  if (r->n < r->cap) return 0;
  int64_t cap = r->cap ? r->cap * 2 : 256;
  size_t c = (size_t)cap;
  char **code = realloc(r->code, sizeof *code * c);
  if (code) r->code = code;
  char **name = realloc(r->name, sizeof *name * c);
  if (name) r->name = name;
  double *mass = realloc(r->mass, sizeof *mass * c);
  if (mass) r->mass = mass;
  OGRGeometryH *geom = realloc(r->geom, sizeof *geom * c);
  if (geom) r->geom = geom;
  if (!code || !name || !mass || !geom) return -1;
  for (int k = 0; k < nextra; k++) {
    double *e = realloc(r->extra[k], sizeof *e * c);
    if (!e) return -1;
    r->extra[k] = e;
  }
  r->cap = cap;
  return 0;
}

static int code_blank(const char *c) {
  const char *s = c;
  return rn_code_trim(&s, strlen(c)) == 0;
}

/* The first of code, name that is not UTF-8 (GeoPackage, GeoJSON and the
 * outputs hold UTF-8), else NULL. */
static const char *text_check(const char *code, const char *name) {
  if (code && !CPLIsUTF8(code, -1)) return code;
  if (name && !CPLIsUTF8(name, -1)) return name;
  return NULL;
}

/* A numeric attribute: numeric fields directly, text fields through strtod. */
static int field_number(OGRFeatureH f, int field, double *v) {
  if (!OGR_F_IsFieldSetAndNotNull(f, field)) return -1;
  OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, field));
  if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
    *v = OGR_F_GetFieldAsDouble(f, field);
    return 0;
  }
  const char *s = OGR_F_GetFieldAsString(f, field);
  char *end;
  *v = strtod(s, &end);
  while (*end == ' ' || *end == '\t') end++;
  return (end == s || *end) ? -1 : 0;
}

/* Coordinates a projection can take: longitude/latitude in range for a
 * geographic CRS; else finite and within 1e10 units (the Earth is 4e7 m
 * round), so 1e300 is named here rather than failing inside PROJ. */
static const char *coords_check(const OGREnvelope *e, int geographic) {
  if (!isfinite(e->MinX) || !isfinite(e->MaxX) || !isfinite(e->MinY) || !isfinite(e->MaxY))
    return "that are not finite";
  if (geographic) {
    if (e->MinX < -360 || e->MaxX > 360 || e->MinY < -90 || e->MaxY > 90)
      return "outside longitude -360..360, latitude -90..90";
  } else if (fabs(e->MinX) > 1e10 || fabs(e->MaxX) > 1e10 || fabs(e->MinY) > 1e10 ||
             fabs(e->MaxY) > 1e10) {
    return "beyond 1e10 (more than any projected CRS spans)";
  }
  return NULL;
}

static int is_driver(GDALDatasetH ds, const char *name) {
  GDALDriverH d = GDALGetDatasetDriver(ds);
  return d && strcasecmp(GDALGetDriverShortName(d), name) == 0;
}

/* GeoPackage layers written without a CRS come back with an "Undefined
 * geographic/Cartesian SRS" (srs_id 0 / -1): that is no CRS either. */
static int has_crs(OGRSpatialReferenceH srs) {
  if (!srs || OSRIsLocal(srs)) return 0;
  const char *name = OSRGetName(srs);
  return !(name && strncmp(name, "Undefined ", 10) == 0);
}

/* Reprojecting units and making them GEOS geometries (valid ones: an
 * invalid polygon is repaired with make-valid) runs on every core: each
 * worker has its own GEOS handle and transformation, takes features in turn
 * and records its outcome per feature, so the first failure in feature order
 * and the repairs come out as a serial loop would give them. */
typedef struct {
  raw_t *r;
  OGRSpatialReferenceH src, dst; /* dst NULL: no reprojection */
  atomic_llong next;
  unsigned char *repaired;
  char **reason;
  pthread_mutex_t lock;
  int64_t first_bad;
  int bad_rc, bad_reproject;
  char bad_msg[1024];
  int oom;
} convert_t;

static void convert_fail(convert_t *cv, int64_t i, int rc, int reproject, const char *msg) {
  pthread_mutex_lock(&cv->lock);
  if (i < cv->first_bad) {
    cv->first_bad = i;
    cv->bad_rc = rc;
    cv->bad_reproject = reproject;
    snprintf(cv->bad_msg, sizeof cv->bad_msg, "%.1000s", msg);
  }
  pthread_mutex_unlock(&cv->lock);
}

static void *convert_worker(void *arg) {
  convert_t *cv = arg;
  rn_ctx_t c;
  if (rn_ctx_init(&c) != RN_OK) {
    cv->oom = 1;
    return NULL;
  }
  c.report = NULL;
  OGRCoordinateTransformationH ct = cv->dst ? OCTNewCoordinateTransformation(cv->src, cv->dst) : NULL;
  if (cv->dst && !ct) cv->oom = 1;
  for (long long i; !cv->oom && (i = atomic_fetch_add(&cv->next, 1)) < cv->r->n;) {
    raw_t *r = cv->r;
    if (!r->geom[i]) continue; /* --empty-geometry: a unit without one */
    if (ct && OGR_G_Transform(r->geom[i], ct) != OGRERR_NONE) {
      convert_fail(cv, i, RN_EINPUT, 1, "");
      continue;
    }
    int repaired = 0;
    char reason[256];
    int rc = rn_geom_to_geos(&c, r->geom[i], &r->gg[i], &repaired, reason, sizeof reason);
    if (rc) {
      convert_fail(cv, i, rc, 0, c.err);
      continue;
    }
    if (repaired) {
      cv->repaired[i] = 1;
      cv->reason[i] = strdup(reason);
    }
    OGR_G_DestroyGeometry(r->geom[i]);
    r->geom[i] = NULL;
  }
  if (ct) OCTDestroyCoordinateTransformation(ct);
  rn_ctx_destroy(&c);
  return NULL;
}

static int convert_all(rn_ctx_t *ctx, convert_t *cv) {
  int64_t n = cv->r->n;
  cv->repaired = calloc((size_t)n + 1, 1);
  cv->reason = calloc((size_t)n + 1, sizeof *cv->reason);
  if (!cv->repaired || !cv->reason) return rn_error(ctx, RN_ENOMEM, "out of memory");
  pthread_mutex_init(&cv->lock, NULL);
  atomic_init(&cv->next, 0);
  /* small layers: one thread */
  rn_threads_run(rn_threads_count(ctx->threads, n / 64 + 1), convert_worker, cv, 0);
  pthread_mutex_destroy(&cv->lock);
  return cv->oom ? rn_error(ctx, RN_ENOMEM, "out of memory converting the units") : RN_OK;
}

static void convert_free(convert_t *cv, int64_t n) {
  for (int64_t i = 0; cv->reason && i < n; i++) free(cv->reason[i]);
  free(cv->reason);
  free(cv->repaired);
}

int rn_units_read(rn_ctx_t *ctx, const rn_units_opts_t *opts, rn_units_t *out) {
  rn_units_init(out);
  if (!opts || !opts->path) return rn_error(ctx, RN_EPARAM, "no boundary file given");
  if (!opts->id_field || !opts->id_field[0])
    return rn_error(ctx, RN_EPARAM, "%s: no id field given", opts->path);
  /* path: the source as messages and provenance name it (no password) */
  char shown[4096];
  rn_source_name(opts->path, shown, sizeof shown);
  const char *path = shown, *enc = opts->encoding && opts->encoding[0] ? opts->encoding : NULL;
  if (rn_source_is_db(opts->path) && !opts->layer)
    return rn_error(ctx, RN_EPARAM, "%s: a database: give --units-layer SCHEMA.TABLE", path);
  GDALDatasetH ds = NULL;
  int rc = rn_io_encoding_check(ctx, enc, "--encoding");
  if (!rc) rc = rn_io_open_vector(ctx, opts->path, NULL, NULL, &ds);
  if (rc) return rc;
  /* The Shapefile driver recodes itself (and reads .cpg); tell it the
   * encoding rather than recoding its UTF-8 output a second time. */
  int shp = is_driver(ds, "ESRI Shapefile");
  if (shp && enc) {
    GDALClose(ds);
    char oo[128];
    snprintf(oo, sizeof oo, "ENCODING=%s", enc);
    const char *const open_opts[] = {oo, NULL};
    rc = rn_io_open_vector(ctx, opts->path, NULL, open_opts, &ds);
    if (rc) return rc;
  }
  const char *rec = shp ? NULL : enc; /* recoding left to us */

  OGRLayerH lyr;
  if ((rc = rn_io_layer(ctx, ds, path, opts->layer, &lyr))) {
    GDALClose(ds);
    return rc;
  }
  /* a table without geometry (CSV, XLSX, an attribute table): units without boundaries */
  if (OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(lyr)) == 0) {
    GDALClose(ds);
    return rn_units_read_table(ctx, opts, out);
  }
  const char *lname = OGR_L_GetName(lyr);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
  if (OGR_FD_GetGeomFieldCount(defn) == 0) { /* a CSV of attributes, a spreadsheet */
    rc = rn_error(ctx, RN_EINPUT,
                  "%s (layer %s) has no geometry column (an attribute-only table); the units "
                  "need polygons (GeoPackage, Shapefile, GeoJSON, or CSV with a WKT column)",
                  path, lname);
    GDALClose(ds);
    return rc;
  }
  char fields[1024];
  rn_io_field_list(defn, rec, fields, sizeof fields);
  int nextra = opts->n_extra > 0 ? opts->n_extra : 0;
  int fid_id = rn_io_field_index(defn, opts->id_field, rec), fid_name = -1, fid_mass = -1;
  int *fid_extra = calloc((size_t)nextra + 1, sizeof(int));
  const char *missing = NULL;
  if (fid_id < 0) missing = opts->id_field;
  if (!missing && opts->name_field && (fid_name = rn_io_field_index(defn, opts->name_field, rec)) < 0)
    missing = opts->name_field;
  if (!missing && opts->mass_field && (fid_mass = rn_io_field_index(defn, opts->mass_field, rec)) < 0)
    missing = opts->mass_field;
  for (int k = 0; !missing && fid_extra && k < nextra; k++)
    if ((fid_extra[k] = rn_io_field_index(defn, opts->extra_fields[k], rec)) < 0)
      missing = opts->extra_fields[k];
  if (!fid_extra || missing) {
    if (!fid_extra) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    else rc = rn_error(ctx, RN_EPARAM, "%s (layer %s): no field '%s'; fields: %s", path, lname,
                       missing, fields);
    free(fid_extra);
    GDALClose(ds); /* after the message: lname belongs to ds */
    return rc;
  }

  /* Source CRS: GeoJSON and TopoJSON are WGS84 by their specifications. */
  OGRSpatialReferenceH src = NULL, dst = NULL;
  OGRSpatialReferenceH lsrs = OGR_L_GetSpatialRef(lyr);
  if (has_crs(lsrs)) src = OSRClone(lsrs);
  else if (opts->src_crs && opts->src_crs[0]) {
    src = OSRNewSpatialReference(NULL);
    if (OSRSetFromUserInput(src, opts->src_crs) != OGRERR_NONE) {
      OSRDestroySpatialReference(src);
      free(fid_extra);
      GDALClose(ds);
      return rn_error(ctx, RN_EPARAM, "--src-crs '%s' is not a CRS PROJ/OGR understands",
                      opts->src_crs);
    }
  } else if (is_driver(ds, "GeoJSON") || is_driver(ds, "TopoJSON") || is_driver(ds, "GeoJSONSeq")) {
    src = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(src, 4326);
  } else {
    rc = rn_error(ctx, RN_EINPUT, "%s (layer %s) has no CRS; name one with --src-crs", path,
                  lname);
    free(fid_extra);
    GDALClose(ds);
    return rc;
  }
  OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);

  int geographic = OSRIsGeographic(src);
  raw_t r;
  memset(&r, 0, sizeof r);
  r.extra = calloc((size_t)nextra + 1, sizeof(double *));
  int have_mass = fid_mass >= 0;
  OGREnvelope ext = {0, 0, 0, 0};
  int have_ext = 0;
  rn_crs_points_t pts = {0}; /* where the data are, for the automatic projection */
  OGRFeatureH f;
  OGR_L_ResetReading(lyr);
  rc = r.extra ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
  rn_io_errors_t gerr; /* a GDAL error ends a layer early: an error here too */
  rn_io_errors_push(&gerr);
  while (!rc && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
    int64_t k = r.n + 1; /* 1-based position in the layer, for messages */
    if (raw_grow(&r, nextra)) {
      OGR_F_Destroy(f);
      rc = rn_error(ctx, RN_ENOMEM, "out of memory reading %s", path);
      break;
    }
    char *code = rn_io_field_text(f, fid_id, rec);
    char *name = fid_name >= 0 ? rn_io_field_text(f, fid_name, rec) : NULL;
    OGRGeometryH g = OGR_F_StealGeometry(f);
    r.code[r.n] = code;
    r.name[r.n] = name;
    r.geom[r.n] = g;
    r.n++;
    const char *bad_text = text_check(code, name);
    if (!code || code_blank(code)) {
      rc = rn_error(ctx, RN_EINPUT, "%s (layer %s): feature %lld has %s code in field '%s'",
                    path, lname, (long long)k,
                    !code ? "a NULL" : code[0] ? "a blank" : "an empty", opts->id_field);
    } else if (bad_text) {
      const char *how = enc   ? " after recoding from the --encoding given"
                        : shp ? "; a Shapefile without a .cpg file names no encoding: give "
                                "--encoding, e.g. CP949"
                              : "; give --encoding, e.g. CP949";
      if (bad_text == code)
        rc = rn_error(ctx, RN_EINPUT, "%s (layer %s): feature %lld: code field '%s' is not UTF-8 text%s",
                      path, lname, (long long)k, opts->id_field, how);
      else
        rc = rn_error(ctx, RN_EINPUT,
                      "%s (layer %s): unit '%s' (feature %lld): name field '%s' is not UTF-8 text%s",
                      path, lname, code, (long long)k, opts->name_field, how);
    } else if ((!g || OGR_G_IsEmpty(g)) && !opts->empty_geometry) {
      rc = rn_error(ctx, RN_EINPUT,
                    "%s (layer %s): unit '%s' (feature %lld) has %s geometry; give "
                    "--empty-geometry drop (drop the unit and its flows) or island (keep it "
                    "without neighbours)",
                    path, lname, code, (long long)k, g ? "an empty" : "no");
    } else if (have_mass) {
      double v = 0;
      if (field_number(f, fid_mass, &v) || !isfinite(v) || v < 0)
        rc = rn_error(ctx, RN_EINPUT,
                      "%s (layer %s): unit '%s' (feature %lld) has mass '%s' in field '%s'; "
                      "a finite number >= 0 is needed",
                      path, lname, code, (long long)k,
                      OGR_F_IsFieldSetAndNotNull(f, fid_mass) ? OGR_F_GetFieldAsString(f, fid_mass)
                                                              : "NULL",
                      opts->mass_field);
      r.mass[r.n - 1] = v;
    }
    for (int e = 0; !rc && e < nextra; e++) {
      double v = 0;
      if (opts->extra_code && opts->extra_code[e]) /* a code or flag: text and NULL allowed */
        v = rn_unit_code_value(f, fid_extra[e], rec);
      else if (field_number(f, fid_extra[e], &v) || !isfinite(v))
        rc = rn_error(ctx, RN_EINPUT,
                      "%s (layer %s): unit '%s' (feature %lld) has no number in field '%s' (%s): "
                      "a number is needed",
                      path, lname, code, (long long)k, opts->extra_fields[e],
                      OGR_F_IsFieldSetAndNotNull(f, fid_extra[e])
                          ? OGR_F_GetFieldAsString(f, fid_extra[e])
                          : "NULL");
      r.extra[e][r.n - 1] = v;
    }
    if (!rc && (!g || OGR_G_IsEmpty(g))) { /* --empty-geometry drop|island */
      rn_report(ctx, "%s (layer %s): unit '%s' (feature %lld) has %s geometry: %s", path, lname,
                code, (long long)k, g ? "an empty" : "no",
                opts->empty_geometry == 1 ? "dropped with its flows" : "kept as an island");
      if (g) OGR_G_DestroyGeometry(g);
      r.geom[r.n - 1] = g = NULL;
    }
    if (!rc && g) {
      OGREnvelope ge;
      OGR_G_GetEnvelope(g, &ge);
      const char *why = coords_check(&ge, geographic);
      if (why) {
        rc = rn_error(ctx, RN_EINPUT,
                      "%s (layer %s): unit '%s' (feature %lld) has coordinates %s (x %g..%g, "
                      "y %g..%g); is the CRS right (--src-crs)?",
                      path, lname, code, (long long)k, why, ge.MinX, ge.MaxX, ge.MinY, ge.MaxY);
        OGR_F_Destroy(f);
        break;
      }
      if (!have_ext++) ext = ge;
      else {
        if (ge.MinX < ext.MinX) ext.MinX = ge.MinX;
        if (ge.MinY < ext.MinY) ext.MinY = ge.MinY;
        if (ge.MaxX > ext.MaxX) ext.MaxX = ge.MaxX;
        if (ge.MaxY > ext.MaxY) ext.MaxY = ge.MaxY;
      }
      if (!rn_crs_points_add(&pts, g)) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    }
    OGR_F_Destroy(f);
  }
  rn_io_errors_pop();
  if (!rc && gerr.failed)
    rc = rn_error(ctx, RN_EINPUT, "%s (layer %s): reading stopped after feature %lld: %s (GDAL)",
                  path, lname, (long long)r.n, gerr.msg);
  if (!rc && r.n == 0)
    rc = rn_error(ctx, RN_EINPUT, "%s (layer %s): the layer has no features", path, lname);
  /* sums of masses (a region's) stay finite: the same bound as flows */
  for (int e = -1; !rc && e < nextra; e++) {
    /* a code field (--area-field text) is a label, not an amount */
    if (e >= 0 && opts->extra_code && opts->extra_code[e]) continue;
    const double *v = e < 0 ? (have_mass ? r.mass : NULL) : r.extra[e];
    double sum = 0;
    for (int64_t i = 0; v && i < r.n && !rc; i++)
      if (!(fabs(sum += v[i]) <= RN_SUM_MAX))
        rc = rn_error(ctx, RN_EINPUT,
                      "%s (layer %s): field '%s' sums past %g at unit '%s' (feature %lld), "
                      "beyond the largest sum regionet takes",
                      path, lname, e < 0 ? opts->mass_field : opts->extra_fields[e], RN_SUM_MAX,
                      r.code[i], (long long)i + 1);
  }
  if (!rc) rc = rn_crs_choose(ctx, path, src, opts->crs, &ext, &pts, &dst);
  free(pts.xy);

  /* reproject, then make GEOS geometries valid in the working CRS (where the
   * engine measures them) */
  int reproject = !rc && !OSRIsSame(src, dst);
  if (reproject) { /* fail early, with the message, if there is no way */
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(src, dst);
    if (!ct) rc = rn_error(ctx, RN_EINPUT, "%s: no transformation to the working CRS: %s", path,
                           rn_io_cpl_msg());
    else OCTDestroyCoordinateTransformation(ct);
  }
  if (!rc && !(r.gg = calloc((size_t)r.n + 1, sizeof *r.gg)))
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  int64_t n_repaired = 0;
  if (!rc) {
    convert_t cv = {.r = &r, .src = src, .dst = reproject ? dst : NULL, .first_bad = r.n};
    rc = convert_all(ctx, &cv);
    if (!rc && cv.first_bad < r.n) {
      int64_t i = cv.first_bad;
      if (cv.bad_rc == RN_EINPUT && cv.bad_reproject)
        rc = rn_error(ctx, RN_EINPUT,
                      "%s (layer %s): unit '%s' (feature %lld) cannot be reprojected", path,
                      lname, r.code[i], (long long)i + 1);
      else
        rc = rn_error(ctx, cv.bad_rc, "%s (layer %s): unit '%s' (feature %lld): %s", path,
                      lname, r.code[i], (long long)i + 1, cv.bad_msg);
    }
    /* repairs reported in feature order, up to the first failure */
    for (int64_t i = 0; cv.repaired && i < cv.first_bad && i < r.n; i++)
      if (cv.repaired[i]) {
        n_repaired++;
        rn_report(ctx, "%s: unit '%s' (feature %lld) had an invalid geometry (%s); repaired with make-valid",
                  path, r.code[i], (long long)i + 1, cv.reason[i] ? cv.reason[i] : "");
      }
    convert_free(&cv, r.n);
  }

  if (!rc) {
    rc = rn_units_from_arrays(ctx, r.n, (const char *const *)r.code,
                              fid_name >= 0 ? (const char *const *)r.name : NULL,
                              have_mass ? r.mass : NULL, r.gg, out);
    if (rc) { /* its message lacks the file */
      char why[sizeof ctx->err];
      snprintf(why, sizeof why, "%s", ctx->err);
      rn_error(ctx, rc, "%s (layer %s): %s", path, lname, why);
    }
  }
  if (!rc && nextra) {
    out->nattr = nextra;
    out->attr_name = calloc((size_t)nextra, sizeof(char *));
    out->attr = calloc((size_t)nextra, sizeof(double *));
    if (!out->attr_name || !out->attr) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    for (int e = 0; !rc && e < nextra; e++) {
      out->attr_name[e] = strdup(opts->extra_fields[e]);
      out->attr[e] = malloc(sizeof(double) * ((size_t)r.n + 1));
      if (!out->attr_name[e] || !out->attr[e]) {
        rc = rn_error(ctx, RN_ENOMEM, "out of memory");
        break;
      }
      for (int64_t i = 0; i < r.n; i++) out->attr[e][rn_units_find(out, r.code[i])] = r.extra[e][i];
    }
  }
  if (!rc) {
    rc = rn_crs_describe(ctx, dst, &out->crs_wkt, &out->epsg);
    out->path = strdup(path);
    out->layer = strdup(lname);
    out->n_repaired = n_repaired;
    if (!rc && n_repaired)
      rn_report(ctx, "%s: %lld invalid geometries repaired", path, (long long)n_repaired);
  }
  if (rc) rn_units_destroy(ctx, out);
  raw_free(ctx, &r, nextra);
  free(fid_extra);
  if (src) OSRDestroySpatialReference(src);
  if (dst) OSRDestroySpatialReference(dst);
  GDALClose(ds);
  return rc;
}
