/* What `compare -o` reads besides the partitions: the units' geometry from a
 * partition's source and the region names of a regionet output's level
 * layer, through OGR as they are. */
#include "readers_internal.h"
#include "algorithms/compare/changes.h"

#include <stdlib.h>
#include <string.h>

static int64_t find_code(int64_t n, char *const *codes, const char *code) {
  int64_t lo = 0, hi = n - 1;
  while (lo <= hi) {
    int64_t mid = lo + (hi - lo) / 2;
    int c = strcmp(codes[mid], code);
    if (!c) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

int rn_unit_geometries_read(rn_ctx_t *ctx, const char *spec, const char *id_field, int64_t n,
                            char *const *codes, OGRGeometryH **geom, OGRSpatialReferenceH *srs,
                            int *found) {
  *geom = NULL;
  *srs = NULL;
  *found = 0;
  char *file, *layer, *field;
  int rc = rn_partition_spec_split(ctx, spec, &file, &layer, &field);
  GDALDatasetH ds = NULL;
  if (rc != RN_OK) goto done;
  if ((rc = rn_io_open_vector(ctx, file, NULL, NULL, &ds)) != RN_OK) goto done;
  OGRLayerH lyr;
  if ((rc = rn_io_layer(ctx, ds, file, layer, &lyr)) != RN_OK) goto done;
  if (OGR_L_GetGeomType(lyr) == wkbNone) goto done;
  int fid = rn_io_field_index(OGR_L_GetLayerDefn(lyr), id_field ? id_field : "code", NULL);
  if (fid < 0) goto done; /* rn_partition_read names the missing field */
  if (!(*geom = calloc((size_t)n + 1, sizeof **geom))) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  OGRSpatialReferenceH s = OGR_L_GetSpatialRef(lyr);
  if (s) *srs = OSRClone(s);
  OGR_L_ResetReading(lyr);
  OGRFeatureH f;
  while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
    char *c = rn_io_field_text(f, fid, NULL), *ct = c ? rn_io_trim(c) : NULL;
    int64_t i = ct ? find_code(n, codes, ct) : -1;
    if (i >= 0 && !(*geom)[i] && OGR_F_GetGeometryRef(f))
      (*geom)[i] = OGR_G_ForceToMultiPolygon(OGR_G_Clone(OGR_F_GetGeometryRef(f)));
    free(c);
    free(ct);
    OGR_F_Destroy(f);
  }
  *found = 1;
done:
  if (ds) GDALClose(ds);
  free(file);
  free(layer);
  free(field);
  return rc;
}

int rn_region_names_read(rn_ctx_t *ctx, const char *file, const char *level, char ***ids,
                         char ***names, int64_t *n) {
  *ids = *names = NULL;
  *n = 0;
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  CPLPopErrorHandler();
  if (!ds) return RN_OK;
  OGRLayerH lyr = GDALDatasetGetLayerByName(ds, level);
  OGRFeatureDefnH defn = lyr ? OGR_L_GetLayerDefn(lyr) : NULL;
  int fi = defn ? OGR_FD_GetFieldIndex(defn, "region_id") : -1;
  int fn = defn ? OGR_FD_GetFieldIndex(defn, "name") : -1;
  int rc = RN_OK;
  if (fi >= 0 && fn >= 0) {
    int64_t cap = OGR_L_GetFeatureCount(lyr, TRUE);
    if (cap < 1) cap = 1;
    *ids = calloc((size_t)cap, sizeof **ids);
    *names = calloc((size_t)cap, sizeof **names);
    if (!*ids || !*names) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while (rc == RN_OK && *n < cap && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
      (*ids)[*n] = rn_io_field_text(f, fi, NULL);
      (*names)[*n] = rn_io_field_text(f, fn, NULL);
      if ((*ids)[*n]) (*n)++;
      else free((*names)[*n]);
      OGR_F_Destroy(f);
    }
  }
  GDALClose(ds);
  return rc;
}
