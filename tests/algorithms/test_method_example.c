/* The method's first worked example (algorithms/README.md), as a golden
 * test: every level's partition in the three growth modes, with dominance
 * `mass` and `any`, exactly as derived by hand there, not computed. */
#include "engine/engine.h"
#include "rn_test.h"
#include "rn_test_example.h"

#include <string.h>

/* Check a level against "ABE|CDG" (groups of unit letters; units not named are in no region). */
static void expect(const rn_result_t *r, int level, const char *want, const char *what) {
  const rn_level_result_t *lr = &r->level[level];
  int64_t expect_region[8];
  for (int k = 0; k < 8; k++) expect_region[k] = -1;
  int grp = 0;
  for (const char *c = want; *c; c++) {
    if (*c == '|') grp++;
    else expect_region[*c - 'A'] = grp;
  }
  for (int a = 0; a < 8; a++) {
    CHECK((lr->region[a] < 0) == (expect_region[a] < 0), "%s level %d: unit %c in a region: %s",
          what, level, 'A' + a, lr->region[a] < 0 ? "no" : "yes");
    for (int b = a + 1; b < 8; b++) {
      if (expect_region[a] < 0 || expect_region[b] < 0) continue;
      int same_want = expect_region[a] == expect_region[b];
      int same_got = lr->region[a] == lr->region[b];
      CHECK(same_want == same_got, "%s level %d: %c and %c %s together", what, level, 'A' + a,
            'A' + b, same_got ? "are" : "are not");
    }
  }
  CHECK(lr->nregions == grp + 1 || !*want, "%s level %d: %lld regions, want %d", what, level,
        (long long)lr->nregions, grp + 1);
}

static void run_mode(rn_ctx_t *ctx, rn_units_t *u, rn_flows_t *f, rn_adjacency_t *a,
                     rn_mode_t mode, int any, const char *metro, const char *urban,
                     const char *life) {
  rn_params_t p;
  rn_params_init(&p);
  CHECK(rn_params_preset(ctx, "krihs", &p) == RN_OK, "%s", ctx->err);
  p.dominance_any = any;
  for (int l = 0; l < p.nlevels; l++) p.level[l].mode = mode;
  rn_result_t r;
  int rc = rn_delineate(ctx, u, f, a, &p, &r);
  CHECK(rc == RN_OK, "delineate: %s", ctx->err);
  if (rc == RN_OK) {
    const char *m = rn_mode_name(mode);
    CHECK(r.denom == RN_DENOM_TOTAL, "%s: the diagonal is present, so denominator 'total'", m);
    expect(&r, 0, metro, m);
    expect(&r, 1, urban, m);
    expect(&r, 2, life, m);
    /* H is removed from the metro region as an exclave in every mode */
    int found = 0;
    for (int64_t d = 0; d < r.ndecisions; d++)
      if (r.decisions[d].level == 0 && r.decisions[d].unit == 7 &&
          r.decisions[d].kind == RN_DECISION_EXCLAVE)
        found = 1;
    CHECK(found, "%s: H reported as an exclave of the metro region", m);
    if (mode == RN_MODE_DOMINANT) {
      const rn_level_result_t *l0 = &r.level[0];
      CHECK(l0->role[0] == RN_ROLE_CORE, "A is the metro core");
      CHECK(l0->nregions == 1 && !strcmp(l0->regions[0].id, "A"), "metro region id A");
      CHECK(l0->role[1] == RN_ROLE_MEMBER, "B is a member");
      /* B sends 100 of 1000 to A and nothing to E: share 0.10 to its region */
      CHECK(l0->share[1] > 0.0999999 && l0->share[1] < 0.1000001, "B's share %g", l0->share[1]);
      /* internal flow of {A,B,E}: 950+30+20 + 880+100 + 730+250 = 2960 of 3000 residents */
      CHECK(l0->regions[0].internal == 2960, "internal %g", l0->regions[0].internal);
      CHECK(l0->regions[0].residents == 3000, "residents %g", l0->regions[0].residents);
      CHECK(r.level[1].role[3] == RN_ROLE_CORE, "D is the urban core");
    }
  }
  rn_result_destroy(&r);
  rn_params_destroy(&p);
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  ctx.report = NULL;
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  rn_units_init(&u);
  rn_flows_init(&f);
  rn_adjacency_init(&a);
  int rc = build_example(&ctx, &u, &f, &a);
  CHECK(rc == RN_OK, "build: %s", ctx.err);
  if (rc == RN_OK) {
    /* every dominant tie of the example goes to a larger unit (B, E, H -> A;
     * C -> D; G -> C), so dominance `any` changes nothing; chain and core
     * do not use it */
    for (int any = 0; any < 2; any++) {
      run_mode(&ctx, &u, &f, &a, RN_MODE_DOMINANT, any, "ABE", "CDG", "AE|B|CD|F|G|H");
      run_mode(&ctx, &u, &f, &a, RN_MODE_CHAIN, any, "ABEF", "CDG", "AE|B|CD|F|G|H");
      run_mode(&ctx, &u, &f, &a, RN_MODE_CORE, any, "ABE", "CD", "AE|B|CD|F|G|H");
    }
  }
  rn_adjacency_destroy(&a);
  rn_flows_destroy(&f);
  rn_units_destroy(&ctx, &u);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
