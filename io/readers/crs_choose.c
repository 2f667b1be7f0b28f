/* The working CRS: the engine measures lengths and areas, so it needs metres. */
#include "readers_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_conv.h>
#include <proj.h>

int rn_crs_points_add(rn_crs_points_t *p, OGRGeometryH g) {
  OGREnvelope e;
  OGR_G_GetEnvelope(g, &e);
  int parts = e.MaxX - e.MinX > 180.0 ? OGR_G_GetGeometryCount(g) : 0;
  if (parts > 0 && wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPolygon) {
    for (int k = 0; k < parts; k++)
      if (!rn_crs_points_add(p, OGR_G_GetGeometryRef(g, k))) return 0;
    return 1;
  }
  if (p->n + 5 > p->cap) {
    int64_t cap = p->cap ? 2 * p->cap : 1024;
    double *xy = realloc(p->xy, (size_t)cap * 2 * sizeof *xy);
    if (!xy) return 0;
    p->xy = xy;
    p->cap = cap;
  }
  double pt[5][2] = {{(e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2},
                     {e.MinX, e.MinY}, {e.MinX, e.MaxY}, {e.MaxX, e.MinY}, {e.MaxX, e.MaxY}};
  /* corners only when the box is a box on the sphere (not across 180 degrees) */
  int npt = e.MaxX - e.MinX <= 180.0 ? 5 : 1;
  for (int k = 0; k < npt; k++) {
    p->xy[2 * p->n] = pt[k][0];
    p->xy[2 * p->n + 1] = pt[k][1];
    p->n++;
  }
  return 1;
}

/* The data's centre: the mean of its points' longitudes on the circle (so
 * data on both sides of 180 degrees get a centre between them, not on the
 * other side of the Earth) and of their latitudes; span: the narrowest
 * longitude interval holding every point (the largest gap between sorted
 * longitudes left out). Without points: the extent. */
static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void centre(const OGREnvelope *e, const rn_crs_points_t *p, double *lon, double *lat,
                   double *span) {
  *lon = (e->MinX + e->MaxX) / 2, *lat = (e->MinY + e->MaxY) / 2;
  *span = e->MaxX - e->MinX;
  if (!p || p->n == 0) return;
  double sx = 0, sy = 0, sl = 0, d = M_PI / 180;
  double *lons = malloc((size_t)p->n * sizeof *lons);
  for (int64_t k = 0; k < p->n; k++) {
    sx += cos(p->xy[2 * k] * d), sy += sin(p->xy[2 * k] * d), sl += p->xy[2 * k + 1];
    if (lons) lons[k] = p->xy[2 * k];
  }
  /* data symmetric about 180 degrees: 180, not -180 (rounding decides the sign) */
  if (fabs(sy) <= 1e-12 * (double)p->n) sy = 0;
  if (hypot(sx, sy) > 1e-9 * (double)p->n) *lon = atan2(sy, sx) / d;
  *lat = sl / (double)p->n;
  if (!lons) return;
  rn_qsort(lons, (size_t)p->n, sizeof *lons, cmp_dbl);
  double gap = lons[0] + 360.0 - lons[p->n - 1];
  for (int64_t k = 1; k < p->n; k++) gap = fmax(gap, lons[k] - lons[k - 1]);
  *span = 360.0 - gap;
  free(lons);
}

/* The automatic projection's scale of lengths at every point of the data
 * (PROJ's proj_factors: meridional and parallel scale): a warning naming the
 * range and the worst place when it leaves [1 - d, 1 + d]. */
static void warn_distortion(rn_ctx_t *ctx, const char *path, OGRSpatialReferenceH t,
                            const rn_crs_points_t *pts) {
  char *def = NULL;
  if (!pts || pts->n == 0 || OSRExportToProj4(t, &def) != OGRERR_NONE || !def) {
    CPLFree(def);
    return;
  }
  PJ_CONTEXT *pc = proj_context_create();
  PJ *pj = pc ? proj_create(pc, def) : NULL;
  CPLFree(def);
  double lo = 1, hi = 1, wx = 0, wy = 0, worst = 0;
  for (int64_t k = 0; pj && k < pts->n; k++) {
    PJ_COORD c = proj_coord(proj_torad(pts->xy[2 * k]), proj_torad(pts->xy[2 * k + 1]), 0, 0);
    PJ_FACTORS f = proj_factors(pj, c);
    if (proj_errno(pj)) {
      proj_errno_reset(pj);
      continue;
    }
    double s[2] = {f.meridional_scale, f.parallel_scale};
    for (int j = 0; j < 2; j++) {
      if (!isfinite(s[j])) continue;
      lo = fmin(lo, s[j]), hi = fmax(hi, s[j]);
      double off = fabs(log(s[j]));
      if (off > worst) worst = off, wx = pts->xy[2 * k], wy = pts->xy[2 * k + 1];
    }
  }
  if (pj) proj_destroy(pj);
  if (pc) proj_context_destroy(pc);
  if (lo >= 1 - RN_CRS_DISTORTION && hi <= 1 + RN_CRS_DISTORTION) return;
  rn_report(ctx,
            "%s: warning: the automatic projection (%s) scales lengths by %.2f to %.2f across "
            "the data (farthest from 1 near %.2f, %.2f): the --snap tolerance and shared "
            "boundary lengths vary by as much; give --crs with a projection suited to the data",
            path, OSRGetAttrValue(t, "PROJCS", 0), lo, hi, wx, wy);
}

int rn_crs_choose(rn_ctx_t *ctx, const char *path, OGRSpatialReferenceH src, const char *crs,
                  const OGREnvelope *e, const rn_crs_points_t *pts, OGRSpatialReferenceH *out) {
  *out = NULL;
  OGRSpatialReferenceH t = OSRNewSpatialReference(NULL);
  if (!t) return rn_error(ctx, RN_ENOMEM, "out of memory");
  OSRSetAxisMappingStrategy(t, OAMS_TRADITIONAL_GIS_ORDER);
  if (crs && crs[0]) {
    if (OSRSetFromUserInput(t, crs) != OGRERR_NONE) {
      OSRDestroySpatialReference(t);
      return rn_error(ctx, RN_EPARAM, "--crs '%s' is not a CRS PROJ/OGR understands", crs);
    }
    if (!OSRIsProjected(t)) {
      OSRDestroySpatialReference(t);
      return rn_error(ctx, RN_EPARAM,
                      "--crs '%s' is not a projected CRS; the engine needs one in metres", crs);
    }
    *out = t;
    return RN_OK;
  }
  if (OSRIsProjected(src)) {
    OSRDestroySpatialReference(t);
    *out = OSRClone(src);
    OSRSetAxisMappingStrategy(*out, OAMS_TRADITIONAL_GIS_ORDER);
    return RN_OK;
  }
  /* Geographic input: a UTM zone when the data fit in one (6 degrees),
   * else an equal-area projection centred on the data */
  double lon, lat, span;
  centre(e, pts, &lon, &lat, &span);
  OGRErr err;
  if (span <= 6.0) {
    int zone = (int)floor((lon + 180.0) / 6.0) + 1;
    if (zone < 1) zone = 1;
    if (zone > 60) zone = 60;
    err = OSRImportFromEPSG(t, (lat >= 0 ? 32600 : 32700) + zone);
  } else {
    char def[256];
    snprintf(def, sizeof def,
             "+proj=laea +lat_0=%.6f +lon_0=%.6f +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
             lat, lon);
    err = OSRImportFromProj4(t, def);
    if (err == OGRERR_NONE) OSRSetProjCS(t, "Lambert azimuthal equal-area centred on the data");
  }
  if (err == OGRERR_NONE) warn_distortion(ctx, path, t, pts);
  if (err != OGRERR_NONE) {
    OSRDestroySpatialReference(t);
    return rn_error(ctx, RN_EINTERNAL, "%s: cannot set up a projected CRS: %s", path,
                    rn_io_cpl_msg());
  }
  OSRSetAxisMappingStrategy(t, OAMS_TRADITIONAL_GIS_ORDER);
  *out = t;
  return RN_OK;
}

int rn_crs_describe(rn_ctx_t *ctx, OGRSpatialReferenceH srs, char **wkt, int *epsg) {
  *wkt = NULL;
  *epsg = 0;
  const char *opts[] = {"FORMAT=WKT2", NULL};
  char *w = NULL;
  if (OSRExportToWktEx(srs, &w, opts) != OGRERR_NONE || !w) {
    CPLFree(w);
    return rn_error(ctx, RN_EINTERNAL, "cannot write the working CRS as WKT");
  }
  *wkt = strdup(w);
  CPLFree(w);
  const char *an0 = OSRGetAuthorityName(srs, NULL), *ac0 = OSRGetAuthorityCode(srs, NULL);
  if (an0 && ac0 && strcmp(an0, "EPSG") == 0) { /* named already: no database search */
    *epsg = atoi(ac0);
    return *wkt ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  /* AutoIdentify may add an EPSG authority to a CRS that lacks one; work on a
   * copy so the CRS itself stays as given. */
  OGRSpatialReferenceH c = OSRClone(srs);
  OSRAutoIdentifyEPSG(c);
  const char *an = OSRGetAuthorityName(c, NULL), *ac = OSRGetAuthorityCode(c, NULL);
  if (an && ac && strcmp(an, "EPSG") == 0) *epsg = atoi(ac);
  OSRDestroySpatialReference(c);
  return *wkt ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
}
