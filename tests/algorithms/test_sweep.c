/* The threshold sweep: grid parsing; algorithms/README.md's worked example (the
 * default thresholds give ARI 1, a stability and an ARI worked out by hand);
 * on Korea, every row equals a plain rn_delineate at that threshold and a
 * parallel run equals a serial one. */
#include "engine/engine.h"
#include "rn_test.h"
#include "rn_test_example.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NEAR(x, y) (fabs((x) - (y)) < 1e-9)

static void test_grid(rn_ctx_t *ctx) {
  double *v;
  int n;
  CHECK(rn_thresholds_parse(ctx, "0.02:0.30:0.01", &v, &n) == RN_OK, "%s", ctx->err);
  /* 0.02 + k*0.01 for k = 0..28; exact decimals after rounding, the last included */
  CHECK(n == 29, "29 values, got %d", n);
  if (n == 29) {
    CHECK(v[0] == 0.02 && v[3] == 0.05 && v[8] == 0.10 && v[18] == 0.20 && v[28] == 0.30,
          "values %.17g %.17g %.17g %.17g", v[3], v[8], v[18], v[28]);
  }
  free(v);
  CHECK(rn_thresholds_parse(ctx, "0.2,0.05, 0.1,0.05,0.1:0.12:0.01", &v, &n) == RN_OK, "%s", ctx->err);
  CHECK(n == 5 && v[0] == 0.05 && v[1] == 0.1 && v[2] == 0.11 && v[3] == 0.12 && v[4] == 0.2,
        "sorted, duplicates removed: %d", n);
  free(v);
  CHECK(rn_thresholds_parse(ctx, "0.1:0.05:0.01", &v, &n) == RN_EPARAM, "stop < start refused");
  CHECK(rn_thresholds_parse(ctx, "0.1:0.2:0", &v, &n) == RN_EPARAM, "step 0 refused");
  CHECK(rn_thresholds_parse(ctx, "0,0.1", &v, &n) == RN_EPARAM, "0 refused");
  CHECK(rn_thresholds_parse(ctx, "0.1:0.2", &v, &n) == RN_EPARAM, "two-part range refused");
  CHECK(rn_thresholds_parse(ctx, "x", &v, &n) == RN_EPARAM, "text refused");
}

/* Every row of s equals level `row.level` of rn_delineate with that threshold. */
static void rows_equal_delineate(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f,
                                 const rn_adjacency_t *a, const rn_params_t *p, const rn_sweep_t *s,
                                 const char *what) {
  int bad = 0;
  for (int64_t k = 0; k < s->nrows; k++) {
    const rn_sweep_row_t *row = &s->rows[k];
    rn_params_t q;
    rn_params_init(&q);
    rn_params_copy(p, &q);
    q.level[row->level].theta = row->theta;
    rn_result_t r;
    rn_result_init(&r);
    int rc = rn_delineate(ctx, u, f, a, &q, &r);
    CHECK(rc == RN_OK, "delineate: %s", ctx->err);
    if (rc == RN_OK) {
      const rn_level_result_t *lr = &r.level[row->level];
      int same = lr->nregions == row->nregions &&
                 !memcmp(lr->region, row->region, sizeof *lr->region * (size_t)u->n);
      if (!same && bad++ < 5)
        CHECK(same, "%s: level %s at %g differs from rn_delineate", what, p->level[row->level].name,
              row->theta);
    }
    rn_result_destroy(&r);
    rn_params_destroy(&q);
  }
  CHECK(bad == 0, "%s: %d rows differ from rn_delineate", what, bad);
}

static void test_example(rn_ctx_t *ctx) {
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  rn_units_init(&u);
  rn_flows_init(&f);
  rn_adjacency_init(&a);
  int rc = build_example(ctx, &u, &f, &a);
  CHECK(rc == RN_OK, "build: %s", ctx->err);
  rn_params_t p;
  rn_params_init(&p);
  CHECK(rn_params_preset(ctx, "krihs", &p) == RN_OK, "%s", ctx->err);
  double *grid;
  int ng;
  CHECK(rn_thresholds_parse(ctx, "0.05,0.10,0.20", &grid, &ng) == RN_OK, "%s", ctx->err);
  rn_sweep_opts_t so;
  memset(&so, 0, sizeof so);
  for (int l = 0; l < p.nlevels; l++) {
    so.ngrid[l] = ng;
    so.grid[l] = grid;
  }
  rn_sweep_t s;
  rn_sweep_init(&s);
  if (rc == RN_OK) rc = rn_sweep_run(ctx, &u, &f, &a, &p, &so, &s);
  CHECK(rc == RN_OK, "sweep: %s", ctx->err);
  if (rc == RN_OK) {
    CHECK(s.nrows == 9, "3 levels x 3 thresholds, got %lld rows", (long long)s.nrows);
    /* the base is the default partition of algorithms/README.md: metro {A,B,E} */
    const rn_level_result_t *m = &s.base.level[0];
    CHECK(m->nregions == 1 && m->region[0] == m->region[1] && m->region[0] == m->region[4] &&
              m->region[7] < 0,
          "default metro is {A,B,E}");
    for (int64_t k = 0; k < s.nrows; k++) {
      const rn_sweep_row_t *row = &s.rows[k];
      if (fabs(row->theta - p.level[row->level].theta) < 1e-12)
        CHECK(NEAR(row->ari, 1) && NEAR(row->nmi, 1), "level %d at its default %g: ari %g nmi %g",
              row->level, row->theta, row->ari, row->nmi);
    }
    /* metro at 20%: B sends A only 10%, so metro is {A,E}; 8 units, NULL = singleton:
     * default {A,B,E} has 3 pairs, {A,E} 1, in common 1; C(8,2) = 28;
     * ARI = (1 - 3*1/28) / ((3+1)/2 - 3/28) = (25/28)/(53/28) = 25/53 */
    const rn_sweep_row_t *r20 = &s.rows[2];
    CHECK(r20->level == 0 && NEAR(r20->theta, 0.20), "row 2 is metro at 0.20");
    CHECK(r20->nregions == 1 && r20->covered == 2, "metro at 0.20: %lld units",
          (long long)r20->covered);
    CHECK(NEAR(r20->ari, 25.0 / 53.0), "metro at 0.20: ari %.12g, want 25/53", r20->ari);
    /* metro at 10%: B->A 10% meets the threshold, H->A 6% does not: {A,B,E} again.
     * Stability (metro): B stays at 5% and 10% but not 20%: 2/3; A and E stay
     * (with their core A) everywhere; C, D, F, G, H are in no metro region at
     * any of the three: 1. */
    CHECK(NEAR(s.stability[0][1], 2.0 / 3.0), "B's metro stability %g", s.stability[0][1]);
    for (int i = 0; i < 8; i++)
      if (i != 1) CHECK(NEAR(s.stability[0][i], 1), "%s's metro stability %g", codes[i], s.stability[0][i]);
    rows_equal_delineate(ctx, &u, &f, &a, &p, &s, "example");
  }
  rn_sweep_destroy(&s);
  free(grid);
  rn_params_destroy(&p);
  rn_adjacency_destroy(&a);
  rn_flows_destroy(&f);
  rn_units_destroy(ctx, &u);
}

static void test_korea(rn_ctx_t *ctx) {
  const char *data = getenv("RN_DATA");
  if (!data) data = "datasets";
  char up[1024], fp[1024];
  snprintf(up, sizeof up, "%s/kr/KR_SiGun.gpkg", data);
  snprintf(fp, sizeof fp, "%s/kr/OD_SiGun_long.csv", data);
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  rn_units_init(&u);
  rn_flows_init(&f);
  rn_adjacency_init(&a);
  rn_units_opts_t uo = {.path = up, .id_field = "SiGun_CD", .name_field = "SiGun_NM",
                        .mass_field = "population"};
  rn_flows_opts_t fo = {.path = fp};
  int rc = rn_units_read(ctx, &uo, &u);
  if (rc == RN_OK) rc = rn_flows_read(ctx, &fo, &u, &f);
  if (rc == RN_OK) rc = rn_adjacency_build(ctx, &u, RN_ADJ_DEFAULT_TOLERANCE, &a);
  CHECK(rc == RN_OK, "Korea: %s", ctx->err);
  rn_params_t p;
  rn_params_init(&p);
  rn_params_preset(ctx, "krihs", &p);
  free(p.level[0].cores);
  p.level[0].cores = strdup("11;21+26;22;24;25+29");
  double *grid = NULL;
  int ng = 0;
  rn_thresholds_parse(ctx, "0.02:0.30:0.01", &grid, &ng);
  rn_sweep_opts_t so;
  memset(&so, 0, sizeof so);
  for (int l = 0; l < p.nlevels; l++) {
    so.ngrid[l] = ng;
    so.grid[l] = grid;
  }
  rn_sweep_t s1, s2;
  rn_sweep_init(&s1);
  rn_sweep_init(&s2);
  so.nthreads = 1;
  if (rc == RN_OK) rc = rn_sweep_run(ctx, &u, &f, &a, &p, &so, &s1);
  CHECK(rc == RN_OK, "serial sweep: %s", ctx->err);
  so.nthreads = 4; /* more threads than cores: scheduling differs run to run */
  if (rc == RN_OK) rc = rn_sweep_run(ctx, &u, &f, &a, &p, &so, &s2);
  CHECK(rc == RN_OK, "parallel sweep: %s", ctx->err);
  if (rc == RN_OK) {
    CHECK(s1.nrows == 87 && s2.nrows == 87, "87 rows: %lld", (long long)s1.nrows);
    for (int64_t k = 0; k < s1.nrows; k++) {
      const rn_sweep_row_t *x = &s1.rows[k], *y = &s2.rows[k];
      CHECK(x->level == y->level && x->theta == y->theta && x->nregions == y->nregions &&
                x->covered == y->covered &&
                (x->mean_sc == y->mean_sc || (isnan(x->mean_sc) && isnan(y->mean_sc))) &&
                x->ari == y->ari && x->nmi == y->nmi &&
                !memcmp(x->region, y->region, sizeof *x->region * (size_t)u.n),
            "row %lld: parallel differs from serial", (long long)k);
      if (fabs(x->theta - p.level[x->level].theta) < 1e-12)
        CHECK(x->ari == 1 && x->nmi == 1, "Korea level %d at its default: ari %g", x->level, x->ari);
    }
    for (int l = 0; l < p.nlevels; l++)
      CHECK(!memcmp(s1.stability[l], s2.stability[l], sizeof(double) * (size_t)u.n),
            "stability of level %d: parallel differs from serial", l);
    /* the default itself equals rn_delineate */
    rn_result_t r;
    rn_result_init(&r);
    CHECK(rn_delineate(ctx, &u, &f, &a, &p, &r) == RN_OK, "%s", ctx->err);
    for (int l = 0; l < p.nlevels && r.nlevels; l++)
      CHECK(!memcmp(r.level[l].region, s1.base.level[l].region, sizeof(int64_t) * (size_t)u.n),
            "Korea base level %d differs from rn_delineate", l);
    rn_result_destroy(&r);
    rows_equal_delineate(ctx, &u, &f, &a, &p, &s2, "Korea");
  }
  rn_sweep_destroy(&s1);
  rn_sweep_destroy(&s2);
  free(grid);
  rn_params_destroy(&p);
  rn_adjacency_destroy(&a);
  rn_flows_destroy(&f);
  rn_units_destroy(ctx, &u);
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  ctx.report = NULL;
  test_grid(&ctx);
  test_example(&ctx);
  test_korea(&ctx);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
