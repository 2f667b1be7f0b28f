/* `regionet compare A.gpkg B.gpkg --balance`: the change of every balance
 * figure between two runs on the same units (two surveys, two years'
 * populations), read from the outputs' `balance` tables. */
#include "app_balance.h"

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const figs[] = {"primacy", "gini", "theil", "theil_units", "theil_between",
                                   "theil_within", "total", NULL};

typedef struct {
  char *key; /* level|field|space */
  double v[7];
  int set[7];
} brow_t;

static void rows_free(brow_t *r, int64_t n) {
  for (int64_t k = 0; k < n; k++) free(r[k].key);
  free(r);
}

/* the balance rows of an output, and its unit codes (sorted, for the check
 * that both runs are on the same units) */
static int read_side(rn_ctx_t *ctx, const char *path, brow_t **rows, int64_t *n, char ***codes) {
  *rows = NULL;
  *n = 0;
  *codes = NULL;
  const char *vec[] = {"GPKG", "SQLite", NULL};
  GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, vec, NULL, NULL);
  if (!ds) return rn_error(ctx, RN_EIO, "%s: cannot open as a regionet output (a GeoPackage)", path);
  OGRLayerH b = GDALDatasetGetLayerByName(ds, "balance"), u = GDALDatasetGetLayerByName(ds, "units");
  int rc = RN_OK;
  if (!b || !u) {
    GDALClose(ds);
    return rn_error(ctx, RN_EINPUT, "%s: no '%s' table: is it a delineate output of this version?",
                    path, b ? "units" : "balance");
  }
  OGRFeatureDefnH d = OGR_L_GetLayerDefn(b);
  int kl = OGR_FD_GetFieldIndex(d, "level"), kf = OGR_FD_GetFieldIndex(d, "field"),
      ks = OGR_FD_GetFieldIndex(d, "policy_space"), kx[7];
  for (int j = 0; figs[j]; j++) kx[j] = OGR_FD_GetFieldIndex(d, figs[j]);
  int64_t cap = 0;
  OGRFeatureH f;
  while (rc == RN_OK && (f = OGR_L_GetNextFeature(b)) != NULL) {
    if (*n == cap) {
      cap = cap ? 2 * cap : 32;
      brow_t *p = realloc(*rows, sizeof *p * (size_t)cap);
      if (!p) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      else *rows = p;
    }
    if (rc == RN_OK) {
      brow_t *r = &(*rows)[(*n)++];
      memset(r, 0, sizeof *r);
      r->key = CPLStrdup(CPLSPrintf("%s|%s|%s", OGR_F_GetFieldAsString(f, kl),
                                    OGR_F_GetFieldAsString(f, kf),
                                    ks >= 0 && OGR_F_IsFieldSetAndNotNull(f, ks)
                                        ? OGR_F_GetFieldAsString(f, ks) : ""));
      for (int j = 0; figs[j]; j++)
        if (kx[j] >= 0 && OGR_F_IsFieldSetAndNotNull(f, kx[j])) {
          r->v[j] = OGR_F_GetFieldAsDouble(f, kx[j]);
          r->set[j] = 1;
        }
    }
    OGR_F_Destroy(f);
  }
  int kc = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(u), "code");
  while (rc == RN_OK && kc >= 0 && (f = OGR_L_GetNextFeature(u)) != NULL) {
    *codes = CSLAddString(*codes, OGR_F_GetFieldAsString(f, kc));
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  return rc;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int rn_compare_balance(rn_ctx_t *ctx, const char *pa, const char *pb, int as_json, FILE *out) {
  brow_t *ra = NULL, *rb = NULL;
  int64_t na = 0, nb = 0;
  char **ca = NULL, **cb = NULL;
  int rc = read_side(ctx, pa, &ra, &na, &ca);
  if (rc == RN_OK) rc = read_side(ctx, pb, &rb, &nb, &cb);
  int nca = CSLCount(ca), ncb = CSLCount(cb);
  if (rc == RN_OK) {
    qsort(ca, (size_t)nca, sizeof *ca, cmp_str);
    qsort(cb, (size_t)ncb, sizeof *cb, cmp_str);
    int same = nca == ncb;
    for (int k = 0; same && k < nca; k++) same = !strcmp(ca[k], cb[k]);
    if (!same)
      rc = rn_error(ctx, RN_EINPUT, "%s and %s are not on the same units (%d and %d units): "
                    "balance figures compare only runs on the same units", pa, pb, nca, ncb);
  }
  json_t *arr = as_json && rc == RN_OK ? json_array() : NULL;
  if (rc == RN_OK && !as_json) {
    fprintf(out, "balance: B - A (A = %s, B = %s)\n", pa, pb);
    fprintf(out, "  %-10s %-12s %-18s", "level", "field", "space");
    for (int j = 0; j < 6; j++) fprintf(out, " %13s", figs[j]);
    fputc('\n', out);
  }
  int64_t matched = 0;
  for (int64_t x = 0; rc == RN_OK && x < na; x++)
    for (int64_t y = 0; y < nb; y++) {
      if (strcmp(ra[x].key, rb[y].key)) continue;
      matched++;
      char **parts = CSLTokenizeString2(ra[x].key, "|", CSLT_ALLOWEMPTYTOKENS);
      json_t *o = arr ? json_pack("{s:s,s:s,s:s?}", "level", parts[0], "field", parts[1],
                                  "policy_space", parts[2] && parts[2][0] ? parts[2] : NULL)
                      : NULL;
      if (!as_json)
        fprintf(out, "  %-10s %-12.12s %-18.18s", parts[0], parts[1],
                parts[2] && parts[2][0] ? parts[2] : "(all)");
      for (int j = 0; figs[j]; j++) {
        int both = ra[x].set[j] && rb[y].set[j];
        double d = rb[y].v[j] - ra[x].v[j];
        if (o)
          json_object_set_new(o, figs[j],
                              json_pack("{s:o,s:o,s:o}", "a",
                                        ra[x].set[j] ? json_real(ra[x].v[j]) : json_null(), "b",
                                        rb[y].set[j] ? json_real(rb[y].v[j]) : json_null(),
                                        "change", both ? json_real(d) : json_null()));
        if (!as_json && j < 6) {
          if (both) fprintf(out, " %+13.6f", d);
          else fprintf(out, " %13s", "-");
        }
      }
      if (!as_json) fputc('\n', out);
      if (o) json_array_append_new(arr, o);
      CSLDestroy(parts);
    }
  if (rc == RN_OK && !matched)
    rc = rn_error(ctx, RN_EINPUT, "%s and %s share no level, field and policy space", pa, pb);
  if (rc == RN_OK && arr) {
    json_t *root = json_pack("{s:s,s:s,s:o}", "a", pa, "b", pb, "balance", arr);
    arr = NULL;
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    if (s) fprintf(out, "%s\n", s);
    free(s);
    json_decref(root);
  }
  json_decref(arr);
  rows_free(ra, na);
  rows_free(rb, nb);
  CSLDestroy(ca);
  CSLDestroy(cb);
  return rc;
}
