/* rn_partition_compare: the indices on identical and relabelled partitions,
 * a pair worked out by hand, the split/merge table, units on one side only,
 * NULL region ids and duplicate codes. */
#include "engine/engine.h"
#include "rn_test.h"

#include <math.h>
#include <string.h>

#define NEAR(x, y) (fabs((x) - (y)) < 1e-9)

static int make(rn_ctx_t *ctx, int n, const char *const *code, const char *const *label,
                rn_partition_t *p) {
  rn_partition_init(p);
  int rc = rn_partition_from_arrays(ctx, n, code, label, "test", p);
  CHECK(rc == RN_OK, "from_arrays: %s", ctx->err);
  return rc;
}

static void compare(rn_ctx_t *ctx, int na, const char *const *ca, const char *const *la, int nb,
                    const char *const *cb, const char *const *lb, rn_nulls_t nulls,
                    rn_partition_comparison_t *c, rn_partition_t *a, rn_partition_t *b) {
  make(ctx, na, ca, la, a);
  make(ctx, nb, cb, lb, b);
  rn_partition_comparison_init(c);
  CHECK(rn_partition_compare(ctx, a, b, nulls, c) == RN_OK, "compare: %s", ctx->err);
}

static void done(rn_partition_comparison_t *c, rn_partition_t *a, rn_partition_t *b) {
  rn_partition_comparison_destroy(c);
  rn_partition_destroy(a);
  rn_partition_destroy(b);
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  rn_partition_t a, b;
  rn_partition_comparison_t c;
  static const char *codes[6] = {"1", "2", "3", "4", "5", "6"};

  /* identical, and the same under relabelling (and another code order) */
  {
    static const char *la[6] = {"x", "x", "x", "y", "y", "z"};
    static const char *cb[6] = {"6", "5", "4", "3", "2", "1"};
    static const char *lb[6] = {"q", "p", "p", "r", "r", "r"};
    compare(&ctx, 6, codes, la, 6, codes, la, RN_NULLS_SINGLETON, &c, &a, &b);
    CHECK(NEAR(c.ari, 1) && NEAR(c.nmi, 1) && NEAR(c.vi, 0) && NEAR(c.rand, 1),
          "identical: ari %g nmi %g vi %g", c.ari, c.nmi, c.vi);
    done(&c, &a, &b);
    compare(&ctx, 6, codes, la, 6, cb, lb, RN_NULLS_SINGLETON, &c, &a, &b);
    CHECK(NEAR(c.ari, 1) && NEAR(c.nmi, 1) && NEAR(c.vi, 0), "relabelled: ari %g nmi %g vi %g",
          c.ari, c.nmi, c.vi);
    CHECK(c.nregions_a == 3 && c.nregions_b == 3, "regions %lld %lld", (long long)c.nregions_a,
          (long long)c.nregions_b);
    done(&c, &a, &b);
  }

  /* By hand. A = {1,2,3}{4,5,6}, B = {1,2}{3,4}{5,6}; unit 7 only in A, 8 only in B.
   * Contingency table over the 6 common units (rows A, columns B):
   *          b1 b2 b3
   *     a1    2  1  0     row sums 3, 3; column sums 2, 2, 2; n = 6, C(6,2) = 15
   *     a2    0  1  2
   * sum C(n_ij,2) = 1 + 1 = 2; sum C(a_i,2) = 3 + 3 = 6; sum C(b_j,2) = 1+1+1 = 3
   * expected = 6*3/15 = 1.2; max = (6+3)/2 = 4.5
   * ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8/3.3 = 8/33
   * Rand: together in both 2, apart in both 15 - (6 + 3 - 2) = 8 -> (2+8)/15 = 2/3
   * H(A) = ln 2, H(B) = ln 3; I = 2 * (2/6) ln((2/6)/((3/6)(2/6))) + 0 = (2/3) ln 2
   * NMI = 2I/(H(A)+H(B)) = (4/3) ln 2 / ln 6; VI = H(A)+H(B)-2I = ln 3 - (1/3) ln 2 */
  {
    static const char *ca[7] = {"1", "2", "3", "4", "5", "6", "7"};
    static const char *la[7] = {"a1", "a1", "a1", "a2", "a2", "a2", "a1"};
    static const char *cb[7] = {"1", "2", "3", "4", "5", "6", "8"};
    static const char *lb[7] = {"b1", "b1", "b2", "b2", "b3", "b3", "b3"};
    compare(&ctx, 7, ca, la, 7, cb, lb, RN_NULLS_SINGLETON, &c, &a, &b);
    CHECK(NEAR(c.ari, 8.0 / 33.0), "ari %.12g, want 8/33", c.ari);
    CHECK(NEAR(c.rand, 2.0 / 3.0), "rand %.12g, want 2/3", c.rand);
    CHECK(NEAR(c.nmi, (4.0 / 3.0) * log(2) / log(6)), "nmi %.12g", c.nmi);
    CHECK(NEAR(c.vi, log(3) - log(2) / 3), "vi %.12g", c.vi);
    CHECK(c.n_common == 6 && c.n_compared == 6, "common %lld", (long long)c.n_common);
    CHECK(c.n_only_a == 1 && !strcmp(c.only_a[0], "7"), "only in A: %lld", (long long)c.n_only_a);
    CHECK(c.n_only_b == 1 && !strcmp(c.only_b[0], "8"), "only in B: %lld", (long long)c.n_only_b);
    /* the split/merge table: a1 -> b1 (2), b2 (1); a2 -> b2 (1), b3 (2); b2 <- a1, a2 */
    CHECK(c.ncells == 4, "cells %lld", (long long)c.ncells);
    static const int64_t want[4][3] = {{0, 0, 2}, {0, 1, 1}, {1, 1, 1}, {1, 2, 2}};
    for (int k = 0; k < 4 && k < c.ncells; k++)
      CHECK(c.cells[k].a == want[k][0] && c.cells[k].b == want[k][1] && c.cells[k].n == want[k][2],
            "cell %d: (%lld,%lld,%lld)", k, (long long)c.cells[k].a, (long long)c.cells[k].b,
            (long long)c.cells[k].n);
    CHECK(c.nregions_b == 3 && !strcmp(c.region_b[1], "b2") && c.size_b[1] == 2, "b2 has 2 units");
    /* sizes count common units only: b3 has 5 and 6 (8 is only in B) */
    CHECK(c.size_b[2] == 2, "b3 size %lld", (long long)c.size_b[2]);
    /* the indices for membership vectors agree */
    int64_t ma[6] = {0, 0, 0, 1, 1, 1}, mb[6] = {5, 5, 7, 7, 9, 9};
    double ari;
    CHECK(rn_membership_compare(&ctx, 6, ma, mb, RN_NULLS_SINGLETON, NULL, &ari, NULL, NULL) ==
              RN_OK && NEAR(ari, 8.0 / 33.0),
          "membership ari %g", ari);
    done(&c, &a, &b);
  }

  /* NULL region ids. A = {1,2}, 3 -, 4 -; B = {1,2}, {3,4}.
   * singleton: A = {1,2}{3}{4}: sum C(n_ij,2) = 1, rows 1, columns 1+1 = 2, C(4,2) = 6:
   *   ARI = (1 - 2/6)/(1.5 - 2/6) = (2/3)/(7/6) = 4/7
   * class: A = {1,2}{3,4} = B: ARI 1; drop: only 1, 2 are compared, one region each side: 1 */
  {
    static const char *la[4] = {"x", "x", NULL, NULL};
    static const char *lb[4] = {"p", "p", "q", "q"};
    compare(&ctx, 4, codes, la, 4, codes, lb, RN_NULLS_SINGLETON, &c, &a, &b);
    CHECK(NEAR(c.ari, 4.0 / 7.0), "singleton: ari %.12g, want 4/7", c.ari);
    CHECK(c.n_null_a == 2 && c.n_null_b == 0 && c.nregions_a == 1, "nulls %lld", (long long)c.n_null_a);
    CHECK(c.ncells == 2 && c.cells[0].a == -1 && c.cells[0].b == 1 && c.cells[0].n == 2,
          "NULLs are region -1 in the table");
    done(&c, &a, &b);
    compare(&ctx, 4, codes, la, 4, codes, lb, RN_NULLS_CLASS, &c, &a, &b);
    CHECK(NEAR(c.ari, 1), "class: ari %g", c.ari);
    done(&c, &a, &b);
    compare(&ctx, 4, codes, la, 4, codes, lb, RN_NULLS_DROP, &c, &a, &b);
    CHECK(NEAR(c.ari, 1) && c.n_compared == 2, "drop: ari %g, compared %lld", c.ari,
          (long long)c.n_compared);
    done(&c, &a, &b);
  }

  /* duplicate codes: an error naming them */
  {
    static const char *cd[5] = {"1", "2", "2", "3", "3"};
    static const char *ld[5] = {"x", "x", "y", "y", "y"};
    rn_partition_init(&a);
    CHECK(rn_partition_from_arrays(&ctx, 5, cd, ld, "dup.csv", &a) == RN_EINPUT, "duplicates refused");
    CHECK(strstr(ctx.err, "'2'") && strstr(ctx.err, "'3'") && strstr(ctx.err, "dup.csv"),
          "message names them: %s", ctx.err);
    rn_partition_destroy(&a);
  }
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
