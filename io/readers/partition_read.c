/* A partition (unit code -> region id) from any OGR source or CSV, read as
 * attributes only: "FILE[:LAYER]:FIELD". */
/* VSIStatBufL is struct stat64 on glibc */
#define _LARGEFILE64_SOURCE 1
#include "readers_internal.h"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>

/* FIELD is after the last ':'. File names may hold ':' themselves (URLs,
 * "CSV:" prefixes, odd names), so the rest is the file when such a file
 * exists, and only otherwise does its last ':' separate a LAYER. */
int rn_partition_spec_split(rn_ctx_t *ctx, const char *spec, char **file, char **layer,
                            char **field) {
  *file = *layer = *field = NULL;
  const char *c = strrchr(spec, ':');
  if (!c || c == spec || !c[1])
    return rn_error(ctx, RN_EPARAM, "'%s': give FILE[:LAYER]:FIELD (FIELD holds the region id)",
                    spec);
  *field = strdup(c + 1);
  *file = strndup(spec, (size_t)(c - spec));
  if (!*field || !*file) return rn_error(ctx, RN_ENOMEM, "out of memory");
  const char *f = strncmp(*file, "CSV:", 4) == 0 ? *file + 4 : *file;
  VSIStatBufL st;
  if (VSIStatExL(f, &st, VSI_STAT_EXISTS_FLAG) == 0) return RN_OK;
  const char *l = strrchr(*file, ':');
  if (l && l != *file && l[1]) {
    *layer = strdup(l + 1);
    (*file)[l - *file] = 0;
  }
  return RN_OK;
}

int rn_partition_read(rn_ctx_t *ctx, const char *spec, const char *id_field, rn_partition_t *out) {
  char *file, *layer, *field;
  int rc = rn_partition_spec_split(ctx, spec, &file, &layer, &field);
  GDALDatasetH ds = NULL;
  char **codes = NULL, **labels = NULL;
  int64_t n = 0, cap = 0;
  if (rc != RN_OK) goto done;
  if (!id_field) id_field = "code";
  if ((rc = rn_io_open_vector(ctx, file, NULL, NULL, &ds)) != RN_OK) goto done;
  OGRLayerH lyr;
  if ((rc = rn_io_layer(ctx, ds, file, layer, &lyr)) != RN_OK) goto done;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
  int fid = rn_io_field_index(defn, id_field, NULL);
  int fre = rn_io_field_index(defn, field, NULL);
  if (fid < 0 || fre < 0) {
    char list[1024];
    rn_io_field_list(defn, NULL, list, sizeof list);
    rc = rn_error(ctx, RN_EPARAM, "%s: no field '%s' in layer '%s'; fields: %s", file,
                  fid < 0 ? id_field : field, OGR_L_GetName(lyr), list);
    goto done;
  }
  /* attributes only: geometry is never decoded */
  const char *ignore[] = {"OGR_GEOMETRY", "OGR_STYLE", NULL};
  OGR_L_SetIgnoredFields(lyr, ignore);
  OGR_L_ResetReading(lyr);
  OGRFeatureH f;
  rn_io_errors_t gerr; /* a GDAL error ends a layer early: an error here too */
  rn_io_errors_push(&gerr);
  while (rc == RN_OK && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
    if (n == cap) {
      cap = cap ? 2 * cap : 256;
      char **c2 = realloc(codes, sizeof *c2 * (size_t)cap);
      if (c2) codes = c2;
      char **l2 = realloc(labels, sizeof *l2 * (size_t)cap);
      if (l2) labels = l2;
      if (!c2 || !l2) {
        OGR_F_Destroy(f);
        rc = rn_error(ctx, RN_ENOMEM, "out of memory");
        break;
      }
    }
    char *c = rn_io_field_text(f, fid, NULL), *l = rn_io_field_text(f, fre, NULL);
    char *ct = c ? rn_io_trim(c) : NULL, *lt = l ? rn_io_trim(l) : NULL;
    free(c);
    free(l);
    OGR_F_Destroy(f);
    if (!ct || !ct[0]) {
      rc = rn_error(ctx, RN_EINPUT, "%s: record %lld has no unit code in '%s'", file,
                    (long long)n + 1, id_field);
      free(ct);
      free(lt);
      break;
    }
    /* the codes and ids are printed and written as JSON: UTF-8 only */
    const char *bad_field = !CPLIsUTF8(ct, -1) ? id_field : lt && !CPLIsUTF8(lt, -1) ? field : NULL;
    if (bad_field) {
      rc = rn_error(ctx, RN_EINPUT, "%s: record %lld: field '%s' is not UTF-8 text (save the file "
                    "as UTF-8)", file, (long long)n + 1, bad_field);
      free(ct);
      free(lt);
      break;
    }
    /* a blank region id (CSV has no NULL) is no region, as NULL is */
    if (lt && !lt[0]) {
      free(lt);
      lt = NULL;
    }
    codes[n] = ct;
    labels[n] = lt;
    n++;
  }
  rn_io_errors_pop();
  if (rc == RN_OK && gerr.failed)
    rc = rn_error(ctx, RN_EINPUT, "%s: reading stopped after record %lld: %s (GDAL)", file,
                  (long long)n, gerr.msg);
  if (rc == RN_OK) {
    char src[1200];
    snprintf(src, sizeof src, "%s%s%s:%s", file, layer ? ":" : "", layer ? layer : "", field);
    rc = rn_partition_from_arrays(ctx, n, (const char *const *)codes, (const char *const *)labels,
                                  src, out);
  }
done:
  for (int64_t i = 0; i < n; i++) {
    free(codes[i]);
    free(labels[i]);
  }
  free(codes);
  free(labels);
  if (ds) GDALClose(ds);
  free(file);
  free(layer);
  free(field);
  return rc;
}
