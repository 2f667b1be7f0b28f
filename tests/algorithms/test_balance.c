/* Balance figures (algorithms/balance) against values worked out by hand:
 * five units x = 1, 1, 2, 4, 2; regions A = {u0, u1}, B = {u2, u3}; u4 in
 * none. Totals A = 2, B = 6, all = 10, N = 5.
 *   primacy 6/10 = 0.6; Gini over {2, 6}: |2-6| * 2 / (2 * 2^2 * 4) = 0.25;
 *   Theil over {2, 6} (mu 4): (0.5 ln 0.5 + 1.5 ln 1.5) / 2 = 0.1308120;
 *   Theil over units (mu 2): (2 * 0.5 ln 0.5 + 2 ln 2) / 5 = ln 2 / 5 = 0.1386294;
 *   between: 0.2 ln(0.2*5/2) + 0.6 ln(0.6*5/2) + 0.2 ln(0.2*5) = 0.1046496;
 *   within: 0.6 * T_B, T_B = (2/3 ln 2/3 + 4/3 ln 4/3) / 2 = 0.0566330 -> 0.0339798.
 * Policy spaces P = {u0, u1, u2}, Q = {u3, u4}: inside P the regions are
 * A = 2 and B cut to {u2} = 2: primacy 0.5, Gini 0, Theil 0. B spans P and
 * Q, and belongs to Q (4 of its 6). */
#include "engine/engine.h"
#include "rn_test.h"

#include <math.h>
#include <string.h>

#define NEAR(a, b) (fabs((a) - (b)) < 1e-6)

int main(void) {
  rn_ctx_t ctx;
  if (rn_ctx_init(&ctx) != RN_OK) return 1;
  const char *codes[] = {"u0", "u1", "u2", "u3", "u4"};
  double x[] = {1, 1, 2, 4, 2};
  rn_units_t u;
  rn_units_init(&u);
  CHECK(rn_units_from_arrays(&ctx, 5, codes, codes, x, NULL, &u) == RN_OK, "%s", ctx.err);

  /* the helpers on their own */
  double two[] = {2, 6};
  CHECK(NEAR(rn_gini(two, 2), 0.25), "gini %g", rn_gini(two, 2));
  CHECK(NEAR(rn_theil(two, 2), 0.1308120), "theil %g", rn_theil(two, 2));
  double eq[] = {3, 3, 3};
  CHECK(rn_gini(eq, 3) == 0 && rn_theil(eq, 3) == 0, "equal values are perfectly balanced");
  double one_has_all[] = {0, 0, 0, 12};
  /* Gini of one holder among n is (n-1)/n; Theil is ln n */
  CHECK(NEAR(rn_gini(one_has_all, 4), 0.75), "gini %g", rn_gini(one_has_all, 4));
  CHECK(NEAR(rn_theil(one_has_all, 4), log(4)), "theil %g", rn_theil(one_has_all, 4));
  CHECK(isnan(rn_gini(NULL, 0)), "no values: no figure");

  rn_result_t r;
  rn_result_init(&r);
  r.nlevels = 1;
  rn_level_result_t *lr = &r.level[0];
  lr->nregions = 2;
  lr->region = malloc(5 * sizeof *lr->region);
  int64_t reg[] = {0, 0, 1, 1, -1};
  memcpy(lr->region, reg, sizeof reg);
  lr->regions = calloc(2, sizeof *lr->regions);
  r.groups.ngroups = 2;
  r.groups.name = malloc(2 * sizeof *r.groups.name);
  r.groups.name[0] = strdup("P");
  r.groups.name[1] = strdup("Q");
  r.groups.unit = malloc(5 * sizeof *r.groups.unit);
  int64_t grp[] = {0, 0, 0, 1, 1};
  memcpy(r.groups.unit, grp, sizeof grp);

  CHECK(rn_groups_of_regions(&ctx, x, 5, &r) == RN_OK, "%s", ctx.err);
  CHECK(r.groups.region[0][0] == 0 && r.groups.spans[0][0] == 0, "A lies in P alone");
  CHECK(r.groups.region[0][1] == 1 && r.groups.spans[0][1] == 1, "B spans P and Q, mostly Q");

  const char *names[] = {"mass"};
  const double *values[] = {x};
  CHECK(rn_balance_compute(&ctx, &u, 1, names, values, &r) == RN_OK, "%s", ctx.err);
  CHECK(r.balance.nrows == 3, "rows: all units, P, Q (%lld)", (long long)r.balance.nrows);
  const rn_balance_row_t *a = &r.balance.row[0];
  CHECK(a->group == -1 && a->n_regions == 2 && a->n_units == 5 && a->total == 10, "national row");
  CHECK(NEAR(a->primacy, 0.6), "primacy %g", a->primacy);
  CHECK(NEAR(a->gini, 0.25), "gini %g", a->gini);
  CHECK(NEAR(a->theil, 0.1308120), "theil %g", a->theil);
  CHECK(NEAR(a->theil_units, 0.1386294), "theil units %g", a->theil_units);
  CHECK(NEAR(a->theil_between, 0.1046496), "between %g", a->theil_between);
  CHECK(NEAR(a->theil_within, 0.0339798), "within %g", a->theil_within);
  CHECK(NEAR(a->theil_between + a->theil_within, a->theil_units), "the parts add up");
  const rn_balance_row_t *p = &r.balance.row[1];
  CHECK(p->group == 0 && p->n_regions == 2 && p->total == 4, "space P");
  CHECK(NEAR(p->primacy, 0.5) && p->gini == 0 && NEAR(p->theil, 0), "P: two equal parts");
  const rn_balance_row_t *q = &r.balance.row[2];
  /* Q: u3 (B, 4) and u4 (none, 2): one region of 4 of 6 */
  CHECK(q->group == 1 && q->n_regions == 1 && NEAR(q->primacy, 4.0 / 6), "space Q %g", q->primacy);
  /* region shares of the national total */
  CHECK(r.balance.nregions == 2 && NEAR(r.balance.region[0].share, 0.2) &&
            NEAR(r.balance.region[1].share, 0.6),
        "region shares");

  /* a negative value is refused, naming the unit */
  double bad[] = {1, -1, 2, 4, 2};
  const double *bv[] = {bad};
  CHECK(rn_balance_compute(&ctx, &u, 1, names, bv, &r) == RN_EINPUT && strstr(ctx.err, "u1"),
        "%s", ctx.err);

  rn_result_destroy(&r);
  rn_units_destroy(&ctx, &u);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
