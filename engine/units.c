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

/* The code under the rule (engine.h, rn_code_trim): a trimmed copy. */
static char *code_trimmed(const char *s) {
  size_t n = rn_code_trim(&s, strlen(s));
  char *c = malloc(n + 1);
  if (c) memcpy(c, s, n), c[n] = 0;
  return c;
}

static void free_codes(char **c, int64_t n) {
  for (int64_t i = 0; c && i < n; i++) free(c[i]);
  free(c);
}

int rn_units_from_arrays(rn_ctx_t *ctx, int64_t n, const char *const *code,
                         const char *const *name, const double *mass,
                         GEOSGeometry **geom, rn_units_t *out) {
  rn_units_init(out);
  code_idx_t *ord = malloc(sizeof *ord * (size_t)(n ? n : 1));
  char **tc = calloc((size_t)n + 1, sizeof *tc);
  if (!ord || !tc) {
    free(ord);
    free(tc);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  int rc = RN_OK;
  for (int64_t i = 0; i < n && !rc; i++) {
    if (!code[i] || !(tc[i] = code_trimmed(code[i]))) {
      rc = code[i] ? rn_error(ctx, RN_ENOMEM, "out of memory")
                   : rn_error(ctx, RN_EINPUT, "unit %lld has an empty code", (long long)i + 1);
    } else if (!tc[i][0]) {
      rc = rn_error(ctx, RN_EINPUT, "unit %lld has %s code", (long long)i + 1,
                    code[i][0] ? "a blank" : "an empty");
    }
    ord[i].code = tc[i];
    ord[i].idx = i;
  }
  if (!rc) rn_qsort(ord, (size_t)n, sizeof *ord, cmp_by_code);
  for (int64_t k = 1; k < n && !rc; k++)
    if (strcmp(ord[k].code, ord[k - 1].code) == 0) {
      int64_t a = ord[k - 1].idx < ord[k].idx ? ord[k - 1].idx : ord[k].idx;
      int64_t b = ord[k - 1].idx < ord[k].idx ? ord[k].idx : ord[k - 1].idx;
      if (!strcmp(code[a], code[b]))
        rc = rn_error(ctx, RN_EINPUT, "duplicate unit code '%s' (features %lld and %lld)",
                      code[a], (long long)a + 1, (long long)b + 1);
      else
        rc = rn_error(ctx, RN_EINPUT,
                      "duplicate unit code '%s' (features %lld and %lld: '%s' and '%s' are one "
                      "code once the blanks around them are trimmed)",
                      tc[a], (long long)a + 1, (long long)b + 1, code[a], code[b]);
    }
  int64_t twin[2];
  if (!rc && !(rc = rn_codes_nfc_twins(ctx, n, (const char *const *)tc, twin)) && twin[0] >= 0) {
    int64_t a = twin[0] < twin[1] ? twin[0] : twin[1], b = twin[0] + twin[1] - a;
    rc = rn_error(ctx, RN_EINPUT,
                  "unit codes '%s' (feature %lld) and '%s' (feature %lld) are the same text in "
                  "two Unicode normalisation forms (NFC/NFD); write them alike",
                  tc[a], (long long)a + 1, tc[b], (long long)b + 1);
  }
  if (rc) {
    free(ord);
    free_codes(tc, n);
    return rc;
  }
  out->n = n;
  out->code = calloc((size_t)n + 1, sizeof(char *));
  out->name = calloc((size_t)n + 1, sizeof(char *));
  out->geom = calloc((size_t)n + 1, sizeof(GEOSGeometry *));
  if (mass) out->mass = malloc(sizeof(double) * ((size_t)n + 1));
  if (!out->code || !out->name || !out->geom || (mass && !out->mass)) {
    free(ord);
    free_codes(tc, n);
    rn_units_destroy(ctx, out);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t k = 0; k < n; k++) {
    int64_t i = ord[k].idx;
    out->code[k] = tc[i];
    tc[i] = NULL;
    out->name[k] = strdup(name && name[i] ? name[i] : out->code[k]);
    if (mass) out->mass[k] = mass[i];
    if (geom) {
      out->geom[k] = geom[i];
      geom[i] = NULL;
    }
  }
  free(ord);
  free_codes(tc, n);
  return RN_OK;
}

int64_t rn_units_find(const rn_units_t *u, const char *code) {
  size_t len = rn_code_trim(&code, strlen(code)); /* the rule: blanks around do not count */
  int64_t lo = 0, hi = u->n - 1;
  while (lo <= hi) {
    int64_t mid = lo + (hi - lo) / 2;
    int c = strncmp(u->code[mid], code, len);
    if (c == 0 && u->code[mid][len]) c = 1; /* longer: after code */
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

int rn_units_have_geometry(const rn_units_t *u) {
  for (int64_t i = 0; u->geom && i < u->n; i++)
    if (u->geom[i]) return 1;
  return 0;
}
