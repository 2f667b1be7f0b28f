/* Test helper: load KR_SiGun polygons straight with OGR (not through the
 * units reader) and build rn_units_t with rn_units_from_arrays. */
#ifndef RN_TEST_KR_UNITS_H
#define RN_TEST_KR_UNITS_H

#include "engine/engine.h"

#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Returns RN_OK, or RN_EIO with a message on stderr. */
static int load_ogr_units(rn_ctx_t *ctx, const char *path, const char *layer_name,
                          const char *code_field, rn_units_t *out) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (!ds) {
    fprintf(stderr, "cannot open %s\n", path);
    return RN_EIO;
  }
  OGRLayerH lyr = GDALDatasetGetLayerByName(ds, layer_name);
  if (!lyr) {
    fprintf(stderr, "no layer %s in %s\n", layer_name, path);
    GDALClose(ds);
    return RN_EIO;
  }
  int fld = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), code_field);
  int64_t cap = 256, n = 0;
  char **codes = malloc(sizeof *codes * (size_t)cap);
  GEOSGeometry **geoms = malloc(sizeof *geoms * (size_t)cap);
  GEOSWKBReader *rd = GEOSWKBReader_create_r(ctx->geos);
  OGRFeatureH f;
  OGR_L_ResetReading(lyr);
  while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
    if (n == cap) {
      cap *= 2;
      codes = realloc(codes, sizeof *codes * (size_t)cap);
      geoms = realloc(geoms, sizeof *geoms * (size_t)cap);
    }
    codes[n] = strdup(OGR_F_GetFieldAsString(f, fld));
    geoms[n] = NULL;
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g) {
      int sz = OGR_G_WkbSize(g);
      unsigned char *buf = malloc((size_t)sz);
      OGR_G_ExportToWkb(g, wkbNDR, buf);
      geoms[n] = GEOSWKBReader_read_r(ctx->geos, rd, buf, (size_t)sz);
      free(buf);
    }
    n++;
    OGR_F_Destroy(f);
  }
  GEOSWKBReader_destroy_r(ctx->geos, rd);
  GDALClose(ds);
  int rc = rn_units_from_arrays(ctx, n, (const char *const *)codes, NULL, NULL, geoms, out);
  for (int64_t i = 0; i < n; i++) {
    free(codes[i]);
    if (geoms[i]) GEOSGeom_destroy_r(ctx->geos, geoms[i]); /* left when from_arrays failed */
  }
  free(codes);
  free(geoms);
  return rc;
}

#endif
