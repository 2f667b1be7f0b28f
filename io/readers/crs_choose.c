/* The working CRS: the engine measures lengths and areas, so it needs metres. */
#include "readers_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_conv.h>

int rn_crs_choose(rn_ctx_t *ctx, const char *path, OGRSpatialReferenceH src, const char *crs,
                  const OGREnvelope *e, OGRSpatialReferenceH *out) {
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
   * else an equal-area projection centred on the data. */
  double lon = (e->MinX + e->MaxX) / 2, lat = (e->MinY + e->MaxY) / 2;
  OGRErr err;
  if (e->MaxX - e->MinX <= 6.0) {
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
