/* Writing the result: every layer into a temporary dataset beside the target,
 * renamed into place only when all of it succeeded, so a failed or
 * interrupted run never leaves a partial file or damages an existing one. */
#include "output_internal.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int rn_output_check(rn_ctx_t *ctx, const rn_output_opts_t *o) {
  if (!o->path || !o->path[0]) return rn_error(ctx, RN_EPARAM, "an output path (-o) is required");
  struct stat st;
  if (!o->overwrite && stat(o->path, &st) == 0)
    return rn_error(ctx, RN_EEXISTS, "%s exists; give --overwrite to replace it", o->path);
  const char *fmt = o->format ? o->format : "GPKG";
  GDALDriverH drv = GDALGetDriverByName(fmt);
  if (!drv || !GDALGetMetadataItem(drv, GDAL_DCAP_VECTOR, NULL) ||
      !GDALGetMetadataItem(drv, GDAL_DCAP_CREATE, NULL))
    return rn_error(ctx, RN_EPARAM, "output format '%s' is not an OGR vector driver that can write",
                    fmt);
  return RN_OK;
}

/* "dir/.name.tmp-PID.ext": same directory (so rename is atomic), same extension. */
static char *temp_path(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t dirlen = (size_t)(base - path);
  size_t len = strlen(path) + 64;
  char *t = malloc(len);
  if (!t) return NULL;
  snprintf(t, len, "%.*s.%.*s.tmp-%ld%s", (int)dirlen, path, (int)(dot ? dot - base : (long)strlen(base)),
           base, (long)getpid(), dot ? dot : "");
  return t;
}

static int write_all(rn_ctx_t *ctx, GDALDatasetH ds, const rn_output_opts_t *o,
                     const rn_units_t *u, const rn_flows_t *f, const rn_params_t *p,
                     const rn_result_t *r) {
  (void)f;
  OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
  /* the official definition when there is an EPSG code, so the output's CRS
   * table names it exactly */
  if ((u->epsg && OSRImportFromEPSG(srs, u->epsg) == OGRERR_NONE) ||
      (u->crs_wkt && OSRImportFromWkt(srs, (char **)&(const char *){u->crs_wkt}) == OGRERR_NONE))
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
  else {
    OSRDestroySpatialReference(srs);
    srs = NULL;
  }
  int rc = RN_OK;
  int tx = GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
  rc = rn_write_units_layer(ctx, ds, srs, o->lco, u, p, r);
  for (int l = 0; rc == RN_OK && l < r->nlevels; l++) {
    rc = rn_write_region_layer(ctx, ds, srs, o->lco, u, p, r, l);
    if (rc == RN_OK && !rn_progress(ctx, 0.5 + 0.5 * (l + 1.0) / r->nlevels, "writing"))
      rc = rn_error(ctx, RN_EINTERRUPT, "interrupted while writing");
  }
  if (tx && rc == RN_OK && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
    rc = rn_error(ctx, RN_EIO, "cannot commit the output: %s", CPLGetLastErrorMsg());
  if (rc == RN_OK && o->provenance &&
      GDALSetMetadataItem(ds, "REGIONET_PROVENANCE", o->provenance, NULL) != CE_None)
    rc = rn_error(ctx, RN_EIO, "cannot write the provenance metadata");
  if (srs) OSRDestroySpatialReference(srs);
  return rc;
}

int rn_output_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_units_t *u,
                    const rn_flows_t *f, const rn_params_t *p, const rn_result_t *r) {
  int rc = rn_output_check(ctx, o);
  if (rc != RN_OK) return rc;
  GDALDriverH drv = GDALGetDriverByName(o->format ? o->format : "GPKG");
  char *tmp = temp_path(o->path);
  if (!tmp) return rn_error(ctx, RN_ENOMEM, "out of memory");
  rn_ctx_temp(ctx, tmp); /* from here a signal handler may unlink it */
  GDALDatasetH ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, o->dsco);
  if (!ds) {
    rc = rn_error(ctx, RN_EIO, "cannot create %s: %s", tmp, CPLGetLastErrorMsg());
    unlink(tmp);
    rn_ctx_temp(ctx, NULL);
    free(tmp);
    return rc;
  }
  rc = write_all(ctx, ds, o, u, f, p, r);
  CPLErrorReset();
  GDALClose(ds);
  if (rc == RN_OK && CPLGetLastErrorType() >= CE_Failure)
    rc = rn_error(ctx, RN_EIO, "writing %s failed: %s", o->path, CPLGetLastErrorMsg());
  if (rc == RN_OK && rename(tmp, o->path) != 0)
    rc = rn_error(ctx, RN_EIO, "cannot move %s into place as %s", tmp, o->path);
  if (rc != RN_OK) {
    GDALDeleteDataset(drv, tmp);
    unlink(tmp);
  }
  rn_ctx_temp(ctx, NULL);
  free(tmp);
  return rc;
}
