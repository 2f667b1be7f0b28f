/* The bootstrap (algorithms/README.md): the replicate draws (multinomial keeps each
 * origin's total, Poisson's mean is the observed value, a sample fraction f
 * scales the variance by 1/f), checked statistically with fixed seeds; the
 * worked example of §5 with B's tie to A moved to θ + 0.1% (5.1%): a unit far
 * from θ has confidence 1, B about P(Binomial(1000, 0.051) >= 50) = 0.585;
 * the same result with 1 and 2 threads. */
#include "algorithms/bootstrap/bootstrap.h"
#include "rn_test.h"
#include "rn_test_example.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The example's units and adjacency with its flows, or with B's row changed
 * to B 929, A 51, C 20 (s(B,A) = 5.1%: θ + 0.1% at metro). */
static int build(rn_ctx_t *ctx, int b_at_margin, rn_units_t *u, rn_flows_t *f, rn_adjacency_t *a) {
  rn_flows_t orig;
  rn_flows_init(&orig);
  int rc = build_example(ctx, u, &orig, a);
  rn_flows_destroy(&orig);
  if (rc) return rc;
  rn_flows_builder_t *b;
  if ((rc = rn_flows_builder_new(ctx, 8, &b))) return rc;
  for (size_t k = 0; k < sizeof flows / sizeof flows[0]; k++) {
    double v = flows[k].v;
    if (b_at_margin && flows[k].o == 'B' && flows[k].d == 'A') v = 51;
    if (b_at_margin && flows[k].o == 'B' && flows[k].d == 'B') v = 929;
    rn_flows_builder_add(ctx, b, flows[k].o - 'A', flows[k].d - 'A', v);
  }
  return rn_flows_builder_finish(ctx, b, f);
}

/* T_ij of f (diagonal included), 0 when absent */
static double flow_at(const rn_flows_t *f, int64_t i, int64_t j) {
  if (i == j) return f->diag[i];
  for (int64_t k = f->row[i]; k < f->row[i + 1]; k++)
    if (f->col[k] == j) return f->val[k];
  return 0;
}

/* One replicate of obs, its plan built for the call. */
static int replicate(rn_ctx_t *ctx, gsl_rng *r, const rn_flows_t *obs, rn_sampling_t model,
                     double fraction, rn_flows_t *rep) {
  rn_replicate_plan_t pl;
  rn_replicate_plan_init(&pl);
  int rc = rn_replicate_plan_build(ctx, obs, model, fraction, &pl);
  if (rc == RN_OK) rc = rn_flows_replicate(ctx, r, &pl, rep);
  rn_replicate_plan_destroy(&pl);
  return rc;
}

static void test_draws(rn_ctx_t *ctx, const rn_flows_t *obs) {
  gsl_rng *r = rn_replicate_rng_new();
  rn_flows_t rep;
  rn_flows_init(&rep);
  enum { R = 4000 };
  static double sum[2][8][8], sq[2][8][8];
  memset(sum, 0, sizeof sum);
  memset(sq, 0, sizeof sq);
  int kept = 1;
  for (int m = 0; m < 2; m++)
    for (int k = 0; k < R; k++) {
      rn_replicate_rng_seed(r, 42, (uint64_t)k);
      rn_sampling_t model = m ? RN_SAMPLING_POISSON : RN_SAMPLING_MULTINOMIAL;
      CHECK(replicate(ctx, r, obs, model, 1.0, &rep) == RN_OK, "%s", ctx->err);
      for (int i = 0; i < 8; i++) {
        if (!m && rep.out[i] != obs->out[i]) kept = 0; /* 1000 trips, exactly */
        for (int j = 0; j < 8; j++) {
          double v = flow_at(&rep, i, j);
          sum[m][i][j] += v;
          sq[m][i][j] += v * v;
        }
      }
    }
  CHECK(kept, "multinomial keeps every origin's total");
  /* the mean of R draws is T_ij within 4.5 standard errors: the variance is
   * N p (1 - p) for the multinomial, T_ij for Poisson */
  int bad = 0;
  for (int m = 0; m < 2; m++)
    for (int i = 0; i < 8; i++)
      for (int j = 0; j < 8; j++) {
        double t = flow_at(obs, i, j), p = t / obs->out[i];
        double var = m ? t : obs->out[i] * p * (1 - p);
        double mean = sum[m][i][j] / R, v = sq[m][i][j] / R - mean * mean;
        if (fabs(mean - t) > 4.5 * sqrt(var / R) + 1e-9) {
          bad++;
          fprintf(stderr, "%s T[%d][%d] = %g: mean of draws %g\n", m ? "poisson" : "multinomial",
                  i, j, t, mean);
        }
        /* and the variance is the model's, within 15% where there is one */
        if (t > 0 && var > 0 && fabs(v / var - 1) > 0.15) {
          bad++;
          fprintf(stderr, "%s T[%d][%d]: variance %g, expected %g\n", m ? "poisson" : "multinomial",
                  i, j, v, var);
        }
      }
  CHECK(bad == 0, "means and variances of the draws");
  /* a 10% sample: the draw is of 100 trips scaled by 10, so the total is kept
   * and the variance of a cell is 10 times the census's */
  double s = 0, s2 = 0;
  kept = 1;
  for (int k = 0; k < R; k++) {
    rn_replicate_rng_seed(r, 7, (uint64_t)k);
    CHECK(replicate(ctx, r, obs, RN_SAMPLING_MULTINOMIAL, 0.1, &rep) == RN_OK, "%s", ctx->err);
    for (int i = 0; i < 8; i++)
      if (fabs(rep.out[i] - obs->out[i]) > 1e-9) kept = 0;
    double v = flow_at(&rep, 4, 0); /* E -> A, 250 of 1000 */
    s += v;
    s2 += v * v;
  }
  double mean = s / R, var = s2 / R - mean * mean, expect = 1000 * 0.25 * 0.75 / 0.1;
  CHECK(kept, "a 10%% sample keeps the totals (100 trips, times 10)");
  CHECK(fabs(mean - 250) < 4.5 * sqrt(expect / R), "10%% sample: mean %g", mean);
  CHECK(fabs(var / expect - 1) < 0.15, "10%% sample: variance %g, expected %g", var, expect);
  CHECK(replicate(ctx, r, obs, RN_SAMPLING_MULTINOMIAL, 0, &rep) == RN_EPARAM,
        "fraction 0 refused");
  /* the same (seed, replicate) gives the same draw */
  rn_flows_t again;
  rn_flows_init(&again);
  rn_replicate_rng_seed(r, 3, 17);
  replicate(ctx, r, obs, RN_SAMPLING_POISSON, 0.5, &rep);
  rn_replicate_rng_seed(r, 3, 17);
  replicate(ctx, r, obs, RN_SAMPLING_POISSON, 0.5, &again);
  CHECK(rep.nnz == again.nnz && !memcmp(rep.val, again.val, sizeof *rep.val * (size_t)rep.nnz) &&
            !memcmp(rep.diag, again.diag, sizeof *rep.diag * 8),
        "a replicate is fixed by its seed and index");
  rn_flows_destroy(&again);
  rn_flows_destroy(&rep);
  gsl_rng_free(r);
}

/* Small flows are drawn as one total spread trip by trip: the draw must
 * still be the model's. Origin 0 sends 300 to itself, 200 to unit 1 and
 * 1, 2, ..., 10 to units 2..11 (N = 555); origin 1 sends 5 to itself and 3
 * to unit 0 (one small flow). Per cell the mean and variance are the
 * model's (multinomial N p (1 - p), Poisson T); the small cells' total has
 * the variance of one binomial cell, N q (1 - q) with q = 55/555 = 49.55,
 * not the 54.31 of independent cells (multinomial), and 55 under Poisson. */
static void test_small_flows(rn_ctx_t *ctx) {
  rn_flows_builder_t *b;
  rn_flows_t obs, rep;
  rn_flows_init(&obs);
  rn_flows_init(&rep);
  CHECK(rn_flows_builder_new(ctx, 12, &b) == RN_OK, "%s", ctx->err);
  rn_flows_builder_add(ctx, b, 0, 0, 300);
  rn_flows_builder_add(ctx, b, 0, 1, 200);
  for (int j = 2; j < 12; j++) rn_flows_builder_add(ctx, b, 0, j, j - 1);
  rn_flows_builder_add(ctx, b, 1, 1, 5);
  rn_flows_builder_add(ctx, b, 1, 0, 3);
  CHECK(rn_flows_builder_finish(ctx, b, &obs) == RN_OK, "%s", ctx->err);
  gsl_rng *r = rn_replicate_rng_new();
  enum { R = 40000 };
  for (int m = 0; m < 2; m++) {
    rn_sampling_t model = m ? RN_SAMPLING_POISSON : RN_SAMPLING_MULTINOMIAL;
    rn_replicate_plan_t pl;
    rn_replicate_plan_init(&pl);
    CHECK(rn_replicate_plan_build(ctx, &obs, model, 1.0, &pl) == RN_OK, "%s", ctx->err);
    CHECK(pl.nlarge[0] == 1 && pl.has_alias[0] && pl.nlarge[1] == 0 && !pl.has_alias[1],
          "origin 0: one large flow and an alias table; origin 1: one small flow");
    static double sum[2][12], sq[2][12];
    memset(sum, 0, sizeof sum);
    memset(sq, 0, sizeof sq);
    double ts = 0, ts2 = 0;
    int kept = 1;
    for (int k = 0; k < R; k++) {
      rn_replicate_rng_seed(r, 11, (uint64_t)k);
      CHECK(rn_flows_replicate(ctx, r, &pl, &rep) == RN_OK, "%s", ctx->err);
      if (!m && (rep.out[0] != 555 || rep.out[1] != 8)) kept = 0;
      double small = 0;
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 12; j++) {
          double v = flow_at(&rep, i, j);
          sum[i][j] += v;
          sq[i][j] += v * v;
          if (i == 0 && j >= 2) small += v;
        }
      ts += small;
      ts2 += small * small;
    }
    CHECK(m || kept, "multinomial keeps the totals with small flows");
    int bad = 0;
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 12; j++) {
        double t = flow_at(&obs, i, j);
        if (t == 0) continue;
        double var = m ? t : obs.out[i] * (t / obs.out[i]) * (1 - t / obs.out[i]);
        double mean = sum[i][j] / R, v = sq[i][j] / R - mean * mean;
        if (fabs(mean - t) > 4.5 * sqrt(var / R) || fabs(v / var - 1) > 0.06) {
          bad++;
          fprintf(stderr, "%s T[%d][%d] = %g: mean %g, variance %g (expected %g)\n",
                  m ? "poisson" : "multinomial", i, j, t, mean, v, var);
        }
      }
    CHECK(bad == 0, "%s: means and variances of small and large cells",
          m ? "poisson" : "multinomial");
    double mean = ts / R, var = ts2 / R - mean * mean, expect = m ? 55 : 555 * (55 / 555.) * (500 / 555.);
    CHECK(fabs(mean - 55) < 4.5 * sqrt(expect / R), "%s: small total mean %g",
          m ? "poisson" : "multinomial", mean);
    CHECK(fabs(var / expect - 1) < 0.03, "%s: small total variance %g, expected %g",
          m ? "poisson" : "multinomial", var, expect);
    /* the same draws as GSL's own functions on the same stream: the rounding
     * of the trips (a uniform), the multinomial of the large flow, the small
     * ones' total and the diagonal (or a Poisson variate each), then
     * gsl_ran_discrete per trip over the small flows (the sampler inlines its
     * lookup in GSL's table) */
    double w[10];
    for (int j = 0; j < 10; j++) w[j] = j + 1;
    gsl_ran_discrete_t *g = gsl_ran_discrete_preproc(10, w);
    int same = 1;
    for (int k = 0; k < 2000 && same; k++) {
      double want[2][12] = {{0}};
      unsigned int c0[3], c1[2];
      rn_replicate_rng_seed(r, 5, (uint64_t)k);
      if (!m) {
        /* cells: the large flow, the small ones' total, the diagonal */
        double p0[3] = {200, 55, 300}, p1[2] = {3, 5};
        unsigned int x0[3], x1[2];
        gsl_rng_uniform(r);
        gsl_ran_multinomial(r, 3, 555, p0, x0);
        for (unsigned t = 0; t < x0[1]; t++) want[0][2 + gsl_ran_discrete(r, g)]++;
        gsl_rng_uniform(r);
        gsl_ran_multinomial(r, 2, 8, p1, x1);
        c0[0] = x0[2], c0[1] = x0[0], c0[2] = x0[1];
        c1[0] = x1[1], c1[1] = x1[0];
      } else {
        c0[0] = gsl_ran_poisson(r, 300);
        c0[1] = gsl_ran_poisson(r, 200);
        c0[2] = gsl_ran_poisson(r, 55);
        for (unsigned t = 0; t < c0[2]; t++) want[0][2 + gsl_ran_discrete(r, g)]++;
        c1[0] = gsl_ran_poisson(r, 5);
        c1[1] = gsl_ran_poisson(r, 3);
      }
      want[0][0] = c0[0];
      want[0][1] = c0[1];
      want[1][1] = c1[0];
      want[1][0] = c1[1];
      rn_replicate_rng_seed(r, 5, (uint64_t)k);
      CHECK(rn_flows_replicate(ctx, r, &pl, &rep) == RN_OK, "%s", ctx->err);
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 12; j++)
          if (flow_at(&rep, i, j) != want[i][j]) same = 0;
    }
    CHECK(same, "%s: the draws are GSL's (gsl_ran_discrete per small trip)",
          m ? "poisson" : "multinomial");
    gsl_ran_discrete_free(g);
    rn_replicate_plan_destroy(&pl);
  }
  gsl_rng_free(r);
  rn_flows_destroy(&rep);
  rn_flows_destroy(&obs);
}

static int64_t pair_of(const rn_bootstrap_t *b, int64_t x, int64_t y) {
  for (int64_t k = 0; k < b->npairs; k++)
    if (b->pair_a[k] == x && b->pair_b[k] == y) return k;
  return -1;
}

static void test_example(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f,
                         const rn_adjacency_t *a) {
  rn_params_t p;
  rn_params_init(&p);
  rn_params_preset(ctx, "krihs", &p);
  rn_bootstrap_opts_t o = {.replicates = 400, .seed = 1, .fraction = 1, .nthreads = 2};
  rn_bootstrap_t b;
  rn_bootstrap_init(&b);
  CHECK(rn_bootstrap_run(ctx, u, f, a, &p, &o, &b) == RN_OK, "%s", ctx->err);
  enum { A, B, C, D, E, F, G, H };
  /* the default partition is the example's: metro {A, B, E}, B at 5.1% */
  const int64_t *m = b.base.level[0].region;
  CHECK(m[A] >= 0 && m[B] == m[A] && m[E] == m[A] && m[H] < 0, "metro {A,B,E}");
  CHECK(fabs(b.margin[0][B] - 0.001) < 1e-12, "B's margin 0.1%%: %g", b.margin[0][B]);
  CHECK(fabs(b.margin[0][E] - 0.20) < 1e-12, "E's margin 20%%: %g", b.margin[0][E]);
  CHECK(isnan(b.margin[0][A]), "a core has no margin");
  /* B's two strongest ties: A 5.1%, C 2%; at urban B is no candidate (metro took it) */
  CHECK(fabs(b.tie_gap[0][B] - 0.031) < 1e-12, "B's tie gap 3.1%%: %g", b.tie_gap[0][B]);
  CHECK(isnan(b.tie_gap[1][B]), "no tie gap where the unit is no candidate");
  /* G at urban (candidates C, D, F, G, H): C 11%, D 3% */
  CHECK(fabs(b.tie_gap[1][G] - 0.08) < 1e-12, "G's urban tie gap 8%%: %g", b.tie_gap[1][G]);
  /* H in none: its largest share to a region's unit is A's 6% */
  CHECK(fabs(b.margin[0][H] - 0.01) < 1e-12, "H's margin +1%% (an exclave): %g", b.margin[0][H]);
  CHECK(b.confidence[0][E] == 1 && b.confidence[0][A] == 1, "far from θ: confidence 1 (E %g)",
        b.confidence[0][E]);
  /* B stays when its draw of A's trips is >= 50 of 1000: 0.585 */
  CHECK(b.confidence[0][B] > 0.45 && b.confidence[0][B] < 0.72, "B at θ + 0.1%%: confidence %g",
        b.confidence[0][B]);
  int64_t ab = pair_of(&b, A, B), ae = pair_of(&b, A, E), bc = pair_of(&b, B, C);
  CHECK(ab >= 0 && ae >= 0 && bc >= 0 && pair_of(&b, A, F) < 0, "rook pairs");
  if (ab >= 0 && ae >= 0 && bc >= 0) {
    CHECK(b.strength[0][ab] == b.confidence[0][B], "A-B together exactly when B stays");
    CHECK(b.strength[0][ae] == 1, "A-E always together");
    CHECK(b.strength[0][bc] == 0, "B-C never in one metro region");
  }
  int64_t g = m[A];
  CHECK(b.core_share[0][g] == 1, "A is always a core");
  CHECK(fabs(b.min_conf[0][g] - b.confidence[0][B]) < 1e-15, "the region's minimum is B's");
  CHECK(fabs(b.mean_conf[0][g] - (2 + b.confidence[0][B]) / 3) < 1e-12, "mean over A, B, E");
  /* determinism: one thread, two threads and poisson twice */
  rn_bootstrap_t c;
  rn_bootstrap_init(&c);
  o.nthreads = 1;
  CHECK(rn_bootstrap_run(ctx, u, f, a, &p, &o, &c) == RN_OK, "%s", ctx->err);
  int same = 1;
  for (int l = 0; l < b.base.nlevels; l++) {
    same &= !memcmp(b.confidence[l], c.confidence[l], sizeof(double) * 8);
    same &= !memcmp(b.strength[l], c.strength[l], sizeof(double) * (size_t)b.npairs);
    same &= !memcmp(b.core_share[l], c.core_share[l], sizeof(double) * (size_t)b.base.level[l].nregions);
  }
  CHECK(same, "1 and 2 threads give the same result");
  rn_bootstrap_destroy(&c);
  o.seed = 2;
  CHECK(rn_bootstrap_run(ctx, u, f, a, &p, &o, &c) == RN_OK, "%s", ctx->err);
  CHECK(c.confidence[0][B] != b.confidence[0][B], "another seed, other draws");
  rn_bootstrap_destroy(&c);
  rn_bootstrap_destroy(&b);
  rn_params_destroy(&p);
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  rn_units_init(&u);
  rn_flows_init(&f);
  rn_adjacency_init(&a);
  CHECK(build(&ctx, 0, &u, &f, &a) == RN_OK, "%s", ctx.err);
  test_draws(&ctx, &f);
  test_small_flows(&ctx);
  rn_units_destroy(&ctx, &u);
  rn_flows_destroy(&f);
  rn_adjacency_destroy(&a);
  CHECK(build(&ctx, 1, &u, &f, &a) == RN_OK, "%s", ctx.err);
  test_example(&ctx, &u, &f, &a);
  rn_units_destroy(&ctx, &u);
  rn_flows_destroy(&f);
  rn_adjacency_destroy(&a);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
