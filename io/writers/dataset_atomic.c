/* One dataset written all or nothing: into a temporary file beside the target
 * (same directory, so the final rename is atomic; same extension, which some
 * drivers go by), in one transaction, with the provenance as metadata, and
 * renamed into place only when everything succeeded. A signal handler may
 * unlink the temporary file while it exists (rn_ctx_temp). */
#include "writers_internal.h"

#include <cpl_conv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *rn_temp_path(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t len = strlen(path) + 64;
  char *t = malloc(len);
  if (!t) return NULL;
  snprintf(t, len, "%.*s.%.*s.tmp-%ld%s", (int)(base - path), path,
           (int)(dot ? dot - base : (long)strlen(base)), base, (long)getpid(), dot ? dot : "");
  return t;
}

OGRSpatialReferenceH rn_output_srs(const rn_units_t *u) {
  OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
  /* the official definition when there is an EPSG code, so the output's CRS
   * table names it exactly */
  if ((u->epsg && OSRImportFromEPSG(srs, u->epsg) == OGRERR_NONE) ||
      (u->crs_wkt && OSRImportFromWkt(srs, (char **)&(const char *){u->crs_wkt}) == OGRERR_NONE)) {
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
  }
  OSRDestroySpatialReference(srs);
  return NULL;
}

int rn_dataset_write_atomic(rn_ctx_t *ctx, GDALDriverH drv, const rn_output_opts_t *o,
                            rn_fill_fn fill, void *arg) {
  char *tmp = rn_temp_path(o->path);
  if (!tmp) return rn_error(ctx, RN_ENOMEM, "out of memory");
  rn_ctx_temp(ctx, tmp); /* from here a signal handler may unlink it */
  int rc = RN_OK;
  GDALDatasetH ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, o->dsco);
  if (!ds) {
    rc = rn_error(ctx, RN_EIO, "cannot create %s: %s", tmp, CPLGetLastErrorMsg());
  } else {
    int tx = GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
    rc = fill(ctx, ds, arg);
    if (tx && rc == RN_OK && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot commit the output: %s", CPLGetLastErrorMsg());
    if (rc == RN_OK && o->provenance &&
        GDALSetMetadataItem(ds, "REGIONET_PROVENANCE", o->provenance, NULL) != CE_None)
      rc = rn_error(ctx, RN_EIO, "cannot write the provenance metadata");
    CPLErrorReset();
    GDALClose(ds);
    if (rc == RN_OK && CPLGetLastErrorType() >= CE_Failure)
      rc = rn_error(ctx, RN_EIO, "writing %s failed: %s", o->path, CPLGetLastErrorMsg());
    if (rc == RN_OK && rename(tmp, o->path) != 0)
      rc = rn_error(ctx, RN_EIO, "cannot move %s into place as %s", tmp, o->path);
  }
  if (rc != RN_OK) {
    GDALDeleteDataset(drv, tmp);
    unlink(tmp);
  }
  rn_ctx_temp(ctx, NULL);
  free(tmp);
  return rc;
}
