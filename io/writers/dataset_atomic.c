/* One dataset written all or nothing: into the output set's temporary folder
 * under its final name (drivers that go by the extension, or name side files
 * after the data, see the final name), in one transaction, with the
 * provenance as metadata of its own domain. The set moves it into place with
 * the run's other files when the caller commits. */
#include "writers_internal.h"

#include <cpl_conv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  char *tmp = rn_outset_path(ctx, o->set, o->path);
  if (!tmp) return RN_EIO;
  int rc = RN_OK;
  CPLErrorReset();
  GDALDatasetH ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, o->dsco);
  if (!ds) {
    rc = rn_error(ctx, RN_EIO, "cannot create %s: %s", o->path, CPLGetLastErrorMsg());
  } else {
    int tx = GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
    rc = fill(ctx, ds, arg);
    if (tx && rc == RN_OK && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot commit the output: %s", CPLGetLastErrorMsg());
    if (rc == RN_OK) rc = rn_dataset_provenance(ctx, ds, o);
    CPLErrorReset();
    GDALClose(ds);
    if (rc == RN_OK && CPLGetLastErrorType() >= CE_Failure)
      rc = rn_error(ctx, RN_EIO, "writing %s failed: %s", o->path, CPLGetLastErrorMsg());
  }
  free(tmp);
  return rc;
}

int rn_dataset_provenance(rn_ctx_t *ctx, GDALDatasetH ds, const rn_output_opts_t *o) {
  /* a domain of its own: `ogrinfo OUT` stays short, `ogrinfo -mdd REGIONET
   * OUT` shows it; a GeoPackage keeps it in gpkg_metadata as GDAL does for
   * every domain */
  if (!o->provenance) return RN_OK;
  if (GDALSetMetadataItem(ds, "PROVENANCE", o->provenance, RN_METADATA_DOMAIN) != CE_None)
    return rn_error(ctx, RN_EIO, "cannot write the provenance metadata: %s", CPLGetLastErrorMsg());
  return RN_OK;
}
