/* Writing synthetic inputs: units as a GeoPackage, flows as a plain CSV, in
 * the forms the readers take (the benchmark feeds them to `delineate`). */
#include "writers_internal.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int write_units(rn_ctx_t *ctx, const rn_units_t *u, const char *path) {
  GDALDriverH drv = GDALGetDriverByName("GPKG");
  if (!drv) return rn_error(ctx, RN_EIO, "the GPKG driver is missing");
  unlink(path);
  GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
  if (!ds) return rn_error(ctx, RN_EIO, "cannot create %s: %s", path, CPLGetLastErrorMsg());
  OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
  if (!u->epsg || OSRImportFromEPSG(srs, u->epsg) != OGRERR_NONE) {
    OSRDestroySpatialReference(srs);
    srs = NULL;
  } else
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayerH l = GDALDatasetCreateLayer(ds, "units", srs, wkbMultiPolygon, NULL);
  if (srs) OSRDestroySpatialReference(srs);
  int rc = RN_OK;
  const char *fname[3] = {"code", "name", "population"};
  OGRFieldType ftype[3] = {OFTString, OFTString, OFTReal};
  for (int k = 0; l && k < 3; k++) {
    OGRFieldDefnH fd = OGR_Fld_Create(fname[k], ftype[k]);
    if (OGR_L_CreateField(l, fd, TRUE) != OGRERR_NONE) l = NULL;
    OGR_Fld_Destroy(fd);
  }
  if (!l) {
    rc = rn_error(ctx, RN_EIO, "cannot create layer 'units' in %s: %s", path, CPLGetLastErrorMsg());
    GDALClose(ds);
    return rc;
  }
  /* one transaction: a GeoPackage commits per feature otherwise */
  int tx = GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
  for (int64_t i = 0; i < u->n && rc == RN_OK; i++) {
    OGRFeatureH f = OGR_F_Create(defn);
    OGR_F_SetFieldString(f, 0, u->code[i]);
    OGR_F_SetFieldString(f, 1, u->name[i]);
    OGR_F_SetFieldDouble(f, 2, u->mass ? u->mass[i] : 0);
    OGRGeometryH og = rn_geos_to_ogr(ctx, u->geom[i]);
    if (og) OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(og));
    if (!og || OGR_L_CreateFeature(l, f) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "cannot write unit %s to %s: %s", u->code[i], path,
                    CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  if (tx && rc == RN_OK && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
    rc = rn_error(ctx, RN_EIO, "cannot commit %s: %s", path, CPLGetLastErrorMsg());
  GDALClose(ds);
  return rc;
}

static int write_flows(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f, const char *path) {
  FILE *fp = fopen(path, "wb");
  if (!fp) return rn_error(ctx, RN_EIO, "cannot create %s", path);
  static char buf[1 << 20];
  setvbuf(fp, buf, _IOFBF, sizeof buf);
  fputs("origin,destination,flow\n", fp);
  /* per origin: the intra-unit row, then the others by destination */
  for (int64_t i = 0; i < f->n; i++) {
    if (f->diag[i] > 0) fprintf(fp, "%s,%s,%.0f\n", u->code[i], u->code[i], f->diag[i]);
    for (int64_t k = f->row[i]; k < f->row[i + 1]; k++)
      fprintf(fp, "%s,%s,%.0f\n", u->code[i], u->code[f->col[k]], f->val[k]);
  }
  int bad = ferror(fp);
  if (fclose(fp) != 0 || bad) return rn_error(ctx, RN_EIO, "cannot write %s", path);
  return RN_OK;
}

int rn_generate_write(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f,
                      const char *units_path, const char *flows_path) {
  int rc = RN_OK;
  if (units_path && (rc = write_units(ctx, u, units_path)) != RN_OK) return rc;
  if (flows_path && f && (rc = write_flows(ctx, u, f, flows_path)) != RN_OK) return rc;
  return RN_OK;
}
