/* Units in memory: codes sorted so unit ids never depend on input order. */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>

void rn_units_init(rn_units_t *u) { memset(u, 0, sizeof *u); }

void rn_units_destroy(rn_ctx_t *ctx, rn_units_t *u) {
  for (int64_t i = 0; i < u->n; i++) {
    if (u->code) free(u->code[i]);
    if (u->name) free(u->name[i]);
    if (u->geom && u->geom[i]) GEOSGeom_destroy_r(ctx->geos, u->geom[i]);
  }
  free(u->code);
  free(u->name);
  free(u->geom);
  free(u->mass);
  free(u->crs_wkt);
  free(u->path);
  free(u->layer);
  for (int k = 0; k < u->nattr; k++) {
    free(u->attr_name[k]);
    free(u->attr[k]);
  }
  free(u->attr_name);
  free(u->attr);
  rn_units_init(u);
}

typedef struct { const char *code; int64_t idx; } code_idx_t;
static int cmp_by_code(const void *a, const void *b) {
  return strcmp(((const code_idx_t *)a)->code, ((const code_idx_t *)b)->code);
}

int rn_units_from_arrays(rn_ctx_t *ctx, int64_t n, const char *const *code,
                         const char *const *name, const double *mass,
                         GEOSGeometry **geom, rn_units_t *out) {
  rn_units_init(out);
  code_idx_t *ord = malloc(sizeof *ord * (size_t)(n ? n : 1));
  if (!ord) return rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; i < n; i++) {
    if (!code[i] || !code[i][0]) {
      free(ord);
      return rn_error(ctx, RN_EINPUT, "unit %lld has an empty code", (long long)i + 1);
    }
    ord[i].code = code[i];
    ord[i].idx = i;
  }
  rn_qsort(ord, (size_t)n, sizeof *ord, cmp_by_code);
  for (int64_t k = 1; k < n; k++)
    if (strcmp(ord[k].code, ord[k - 1].code) == 0) {
      int64_t a = ord[k - 1].idx < ord[k].idx ? ord[k - 1].idx : ord[k].idx;
      int64_t b = ord[k - 1].idx < ord[k].idx ? ord[k].idx : ord[k - 1].idx;
      free(ord);
      return rn_error(ctx, RN_EINPUT, "duplicate unit code '%s' (features %lld and %lld)",
                      code[a], (long long)a + 1, (long long)b + 1);
    }
  out->n = n;
  out->code = calloc((size_t)n + 1, sizeof(char *));
  out->name = calloc((size_t)n + 1, sizeof(char *));
  out->geom = calloc((size_t)n + 1, sizeof(GEOSGeometry *));
  if (mass) out->mass = malloc(sizeof(double) * ((size_t)n + 1));
  if (!out->code || !out->name || !out->geom || (mass && !out->mass)) {
    free(ord);
    rn_units_destroy(ctx, out);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t k = 0; k < n; k++) {
    int64_t i = ord[k].idx;
    out->code[k] = strdup(code[i]);
    out->name[k] = strdup(name && name[i] ? name[i] : code[i]);
    if (mass) out->mass[k] = mass[i];
    if (geom) {
      out->geom[k] = geom[i];
      geom[i] = NULL;
    }
  }
  free(ord);
  return RN_OK;
}

int64_t rn_units_find(const rn_units_t *u, const char *code) {
  int64_t lo = 0, hi = u->n - 1;
  while (lo <= hi) {
    int64_t mid = lo + (hi - lo) / 2;
    int c = strcmp(u->code[mid], code);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

int rn_units_attr(const rn_units_t *u, const char *name) {
  for (int k = 0; k < u->nattr; k++)
    if (strcmp(u->attr_name[k], name) == 0) return k;
  return -1;
}
