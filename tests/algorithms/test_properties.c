/* Properties of the krihs delineation on the real data (Korea, Sardinia, US
 * counties), checked by code independent of the clustering: each unit in at
 * most one region per level; life zones nested in the urban areas; every
 * region contiguous (islands exempt); every member's share to its region
 * >= theta, recomputed from the flows; identical results when the flow rows
 * come in another order. */
#include "engine/engine.h"
#include "rn_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *name, *units, *id, *nm, *mass, *flows, *cores;
} dataset_t;

/* Connected pieces of region g's non-island members under rook adjacency. */
static int64_t pieces(const rn_adjacency_t *a, const rn_level_result_t *lr, int64_t g) {
  int64_t n = lr->n, np = 0;
  unsigned char *seen = calloc((size_t)n, 1);
  int64_t *q = malloc(sizeof *q * (size_t)n);
  for (int64_t s = 0; s < n; s++) {
    if (lr->region[s] != g || seen[s] || rn_adjacency_degree(a, s, 0) == 0) continue;
    np++;
    int64_t h = 0, t = 0;
    q[t++] = s;
    seen[s] = 1;
    while (h < t) {
      int64_t x = q[h++];
      for (int64_t p = a->row[x]; p < a->row[x + 1]; p++) {
        int64_t y = a->col[p];
        if (a->shared[p] > 0 && !seen[y] && lr->region[y] == g) {
          seen[y] = 1;
          q[t++] = y;
        }
      }
    }
  }
  free(seen);
  free(q);
  return np;
}

/* s(i, region minus i) from the flows, with the denominator the run used. */
static double share_to(const rn_flows_t *f, const rn_level_result_t *lr, rn_denom_t d, int64_t i) {
  double den = d == RN_DENOM_TOTAL ? f->out[i] : f->out[i] - f->diag[i], t = 0;
  for (int64_t p = f->row[i]; p < f->row[i + 1]; p++)
    if (lr->region[f->col[p]] == lr->region[i]) t += f->val[p];
  return den > 0 ? t / den : 0;
}

static void check_dataset(rn_ctx_t *ctx, const char *dir, const dataset_t *ds) {
  char up[512], fp[512];
  snprintf(up, sizeof up, "%s/%s", dir, ds->units);
  snprintf(fp, sizeof fp, "%s/%s", dir, ds->flows);
  rn_units_opts_t uo = {.path = up, .id_field = ds->id, .name_field = ds->nm, .mass_field = ds->mass};
  rn_flows_opts_t fo = {.path = fp};
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  rn_units_init(&u);
  rn_flows_init(&f);
  rn_adjacency_init(&a);
  int rc = rn_units_read(ctx, &uo, &u);
  if (rc == RN_OK) rc = rn_flows_read(ctx, &fo, &u, &f);
  if (rc == RN_OK) rc = rn_adjacency_build(ctx, &u, RN_ADJ_DEFAULT_TOLERANCE, &a);
  CHECK(rc == RN_OK, "%s: %s", ds->name, ctx->err);
  if (rc != RN_OK) return;
  for (int mode = 0; mode < 3; mode++) {
    rn_params_t p;
    rn_params_init(&p);
    rn_params_preset(ctx, "krihs", &p);
    if (ds->cores) p.level[0].cores = strdup(ds->cores);
    for (int l = 0; l < p.nlevels; l++) p.level[l].mode = (rn_mode_t)mode;
    rn_result_t r;
    rc = rn_delineate(ctx, &u, &f, &a, &p, &r);
    CHECK(rc == RN_OK, "%s: %s", ds->name, ctx->err);
    if (rc != RN_OK) {
      rn_params_destroy(&p);
      continue;
    }
    const char *m = rn_mode_name((rn_mode_t)mode);
    int64_t bad_share = 0, bad_nest = 0, bad_pieces = 0, uncovered = 0;
    for (int l = 0; l < r.nlevels; l++) {
      const rn_level_result_t *lr = &r.level[l];
      for (int64_t g = 0; g < lr->nregions; g++)
        if (pieces(&a, lr, g) > 1) bad_pieces++;
      for (int64_t i = 0; i < u.n; i++) {
        if (lr->role[i] == RN_ROLE_MEMBER &&
            share_to(&f, lr, r.denom, i) < p.level[l].theta - 1e-12)
          bad_share++;
        if ((lr->region[i] < 0) != (lr->role[i] == RN_ROLE_NONE)) bad_share++;
      }
    }
    /* life zones (level 3) nest in the urban areas: two units in one life
     * zone have the same metro and the same urban region (or none) */
    const rn_level_result_t *L = &r.level[2];
    int64_t *first = malloc(sizeof *first * (size_t)(L->nregions + 1));
    for (int64_t g = 0; g < L->nregions; g++) first[g] = -1;
    for (int64_t i = 0; i < u.n; i++) {
      int64_t g = L->region[i];
      if (g < 0) {
        uncovered++;
        continue;
      }
      if (first[g] < 0) first[g] = i;
      int64_t j = first[g];
      if (r.level[0].region[i] != r.level[0].region[j] ||
          r.level[1].region[i] != r.level[1].region[j])
        bad_nest++;
      if (r.level[0].region[i] >= 0 && r.level[1].region[i] >= 0) bad_nest++;
    }
    free(first);
    CHECK(bad_share == 0, "%s %s: %lld members below their threshold", ds->name, m, (long long)bad_share);
    CHECK(bad_pieces == 0, "%s %s: %lld regions not contiguous", ds->name, m, (long long)bad_pieces);
    CHECK(bad_nest == 0, "%s %s: %lld units break the nesting", ds->name, m, (long long)bad_nest);
    CHECK(uncovered == 0, "%s %s: %lld units in no life zone", ds->name, m, (long long)uncovered);
    /* the same flows in reverse row order give the same partition */
    if (mode == 0) {
      rn_flows_builder_t *b;
      rn_flows_t f2;
      rn_result_t r2;
      rn_flows_builder_new(ctx, u.n, &b);
      for (int64_t i = u.n - 1; i >= 0; i--) {
        for (int64_t p2 = f.row[i + 1] - 1; p2 >= f.row[i]; p2--)
          rn_flows_builder_add(ctx, b, i, f.col[p2], f.val[p2]);
        if (f.diag[i] > 0) rn_flows_builder_add(ctx, b, i, i, f.diag[i]);
      }
      rn_flows_builder_finish(ctx, b, &f2);
      rc = rn_delineate(ctx, &u, &f2, &a, &p, &r2);
      CHECK(rc == RN_OK, "%s", ctx->err);
      for (int l = 0; rc == RN_OK && l < r.nlevels; l++)
        CHECK(!memcmp(r.level[l].region, r2.level[l].region, sizeof(int64_t) * (size_t)u.n),
              "%s level %d differs with reversed flow rows", ds->name, l);
      if (rc == RN_OK) rn_result_destroy(&r2);
      rn_flows_destroy(&f2);
    }
    printf("%s %-8s metro %lld, urban %lld, life %lld regions\n", ds->name, m,
           (long long)r.level[0].nregions, (long long)r.level[1].nregions,
           (long long)r.level[2].nregions);
    rn_result_destroy(&r);
    rn_params_destroy(&p);
  }
  rn_adjacency_destroy(&a);
  rn_flows_destroy(&f);
  rn_units_destroy(ctx, &u);
}

int main(void) {
  const char *dir = getenv("RN_DATA");
  if (!dir) dir = "datasets";
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  ctx.report = NULL;
  const dataset_t sets[] = {
      {"korea", "kr/KR_SiGun.gpkg", "SiGun_CD", "SiGun_NM", "population", "kr/OD_SiGun_long.csv",
       "11;21+26;22;24;25+29"},
      {"sardinia", "it/shpSardinia.gpkg", "PRO_COM", "NOME_COM", "POP2001", "it/Sardinia_flows.csv",
       NULL},
      {"us", "us/us_counties_2000.gpkg", "fips", "name", "population",
       "us/flows_us_county_2000_on2017.csv", NULL}};
  for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) check_dataset(&ctx, dir, &sets[k]);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
