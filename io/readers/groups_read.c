/* Policy spaces: a group per unit, from a table of codes or code prefixes
 * (the Korean wide areas are groups of provinces, and a province is the
 * first two digits of a si/gun code) or from a text field of the units. */
#include "readers_internal.h"

#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>

static int64_t group_index(rn_groups_t *g, const char *name) {
  for (int64_t k = 0; k < g->ngroups; k++)
    if (!strcmp(g->name[k], name)) return k;
  char **p = realloc(g->name, sizeof *p * (size_t)(g->ngroups + 1));
  if (!p) return -1;
  g->name = p;
  if (!(g->name[g->ngroups] = strdup(name))) return -1;
  return g->ngroups++;
}

/* every unit in no group yet */
static int no_group(rn_ctx_t *ctx, const rn_units_t *u, rn_groups_t *g) {
  g->unit = malloc(sizeof *g->unit * (size_t)(u->n ? u->n : 1));
  if (!g->unit) return rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; i < u->n; i++) g->unit[i] = -1;
  return RN_OK;
}

/* Units no group takes: counted and named on the report stream, never guessed. */
static void report_unplaced(rn_ctx_t *ctx, const char *src, const rn_units_t *u,
                            const rn_groups_t *g) {
  int64_t n = 0;
  for (int64_t i = 0; i < u->n; i++) n += g->unit[i] < 0;
  if (!n) return;
  rn_report(ctx, "%s: %lld unit(s) in no policy space:", src, (long long)n);
  for (int64_t i = 0; i < u->n; i++)
    if (g->unit[i] < 0) rn_report(ctx, "  %s (%s)", u->code[i], u->name[i]);
}

int rn_groups_read(rn_ctx_t *ctx, const char *path, const rn_units_t *u, rn_groups_t *out) {
  memset(out, 0, sizeof *out);
  GDALDatasetH ds = NULL;
  OGRLayerH l;
  const char *csv[] = {"CSV", NULL};
  int rc = rn_io_open_vector(ctx, path, csv, NULL, &ds);
  if (rc == RN_OK) rc = rn_io_layer(ctx, ds, path, NULL, &l);
  int64_t *len = NULL; /* length of the key that placed each unit */
  char **keys = NULL;  /* keys seen, for duplicates */
  if (rc != RN_OK) goto done;
  if (OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(l)) < 2) {
    rc = rn_error(ctx, RN_EINPUT, "%s: give two columns: unit code (or code prefix), group", path);
    goto done;
  }
  len = calloc((size_t)(u->n ? u->n : 1), sizeof *len);
  if ((rc = no_group(ctx, u, out)) != RN_OK || !len) {
    if (rc == RN_OK) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  OGRFeatureH f;
  OGR_L_ResetReading(l);
  while (rc == RN_OK && (f = OGR_L_GetNextFeature(l)) != NULL) {
    /* the CSV driver numbers data rows from 1; the header is line 1 */
    long long line = (long long)OGR_F_GetFID(f) + 1;
    char *key = rn_io_field_text(f, 0, NULL), *grp = rn_io_field_text(f, 1, NULL);
    if (!key || !key[0] || !grp || !grp[0]) {
      rc = rn_error(ctx, RN_EINPUT, "%s:%lld: a code (or prefix) and a group are needed", path,
                    line);
    } else if (CSLFindString(keys, key) >= 0) {
      rc = rn_error(ctx, RN_EINPUT, "%s:%lld: '%s' is given twice", path, line, key);
    } else {
      keys = CSLAddString(keys, key);
      int64_t gi = group_index(out, grp), matched = 0;
      if (gi < 0) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      size_t kl = strlen(key);
      for (int64_t i = 0; rc == RN_OK && i < u->n; i++)
        if (!strncmp(u->code[i], key, kl)) {
          matched++;
          if ((int64_t)kl > len[i]) { /* the longest prefix wins */
            len[i] = (int64_t)kl;
            out->unit[i] = gi;
          }
        }
      if (rc == RN_OK && !matched)
        rn_report(ctx, "%s:%lld: '%s' (%s) matches no unit", path, line, key, grp);
    }
    free(key);
    free(grp);
    OGR_F_Destroy(f);
  }
  if (rc == RN_OK && CPLGetLastErrorType() >= CE_Failure)
    rc = rn_error(ctx, RN_EIO, "%s: %s", path, rn_io_cpl_msg());
  if (rc == RN_OK) report_unplaced(ctx, path, u, out);
done:
  if (ds) GDALClose(ds);
  free(len);
  CSLDestroy(keys);
  if (rc != RN_OK) rn_groups_destroy(out);
  return rc;
}

int rn_groups_from_field(rn_ctx_t *ctx, const char *path, const char *layer, const char *id_field,
                         const char *field, const rn_units_t *u, rn_groups_t *out) {
  memset(out, 0, sizeof *out);
  GDALDatasetH ds = NULL;
  OGRLayerH l;
  int rc = rn_io_open_vector(ctx, path, NULL, NULL, &ds);
  if (rc == RN_OK) rc = rn_io_layer(ctx, ds, path, layer, &l);
  if (rc != RN_OK) goto done;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
  int fid = rn_io_field_index(defn, id_field, NULL), fg = rn_io_field_index(defn, field, NULL);
  if (fid < 0 || fg < 0) {
    char list[1024];
    rn_io_field_list(defn, NULL, list, sizeof list);
    rc = rn_error(ctx, RN_EPARAM, "%s: no field '%s' for --group-field; fields: %s", path,
                  fg < 0 ? field : id_field, list);
    goto done;
  }
  if ((rc = no_group(ctx, u, out)) != RN_OK) goto done;
  OGRFeatureH f;
  OGR_L_ResetReading(l);
  while (rc == RN_OK && (f = OGR_L_GetNextFeature(l)) != NULL) {
    char *code = rn_io_field_text(f, fid, NULL), *grp = rn_io_field_text(f, fg, NULL);
    int64_t i = code ? rn_units_find(u, code) : -1;
    if (i >= 0 && grp && grp[0]) {
      int64_t gi = group_index(out, grp);
      if (gi < 0) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      else out->unit[i] = gi;
    }
    free(code);
    free(grp);
    OGR_F_Destroy(f);
  }
  if (rc == RN_OK) report_unplaced(ctx, field, u, out);
done:
  if (ds) GDALClose(ds);
  if (rc != RN_OK) rn_groups_destroy(out);
  return rc;
}
