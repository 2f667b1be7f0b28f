/* The revision 2 examples of the method (algorithms/README.md, "Worked
 * examples": dominance, polycentric by dominance, a polycentric core that
 * does not touch) as golden tests, with dominance `mass` (the default) and
 * `any`, and a case of the revision's contiguity rules (cores once per
 * level, units below a barred unit, the regrowth of a cover-all level). Units are unit squares in one row, rook adjacency, denominator
 * total, rows summing to 1,000. Every expected partition is derived by hand
 * in the comment above its case, not taken from a run. */
#include "rn_test.h"
#include "rn_test_grid.h"

#include <math.h>

typedef struct {
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  rn_result_t r;
} world_t;

static int run(rn_ctx_t *ctx, world_t *w, const tg_unit *tu, int n, const tg_flow *tf, int m,
               const rn_params_t *p) {
  rn_units_init(&w->u);
  rn_flows_init(&w->f);
  rn_adjacency_init(&w->a);
  rn_result_init(&w->r);
  int rc = tg_build(ctx, tu, n, tf, m, &w->u, &w->f, &w->a);
  if (rc == RN_OK) rc = rn_delineate(ctx, &w->u, &w->f, &w->a, p, &w->r);
  CHECK(rc == RN_OK, "delineate: %s", ctx->err);
  return rc;
}

static void done(rn_ctx_t *ctx, world_t *w) {
  rn_result_destroy(&w->r);
  rn_adjacency_destroy(&w->a);
  rn_flows_destroy(&w->f);
  rn_units_destroy(ctx, &w->u);
}

/* Level l as text: regions in id order, each "ID:CODES" ("P:PQR"), joined by
 * ' '; units in no region are left out. Codes are one letter each. */
static void level_text(const world_t *w, int l, char *buf, size_t size) {
  const rn_level_result_t *lr = &w->r.level[l];
  buf[0] = 0;
  for (int64_t g = 0; g < lr->nregions; g++) {
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s:", g ? " " : "", lr->regions[g].id);
    for (int64_t i = 0; i < w->u.n; i++)
      if (lr->region[i] == g) {
        len = strlen(buf);
        snprintf(buf + len, size - len, "%s", w->u.code[i]);
      }
  }
}

static void expect_level(const world_t *w, int l, const char *want, const char *what) {
  char got[256];
  level_text(w, l, got, sizeof got);
  CHECK(!strcmp(got, want), "%s level %d: got '%s', want '%s'", what, l, got, want);
}

static int count_decisions(const world_t *w, rn_decision_kind_t kind, const char *code) {
  int n = 0;
  for (int64_t d = 0; d < w->r.ndecisions; d++)
    if (w->r.decisions[d].kind == kind &&
        (!code || !strcmp(w->u.code[w->r.decisions[d].unit], code)))
      n++;
  return n;
}

/* Dominance, preset krihs. A - B - C - D; mass A 1,000,000, B 50,000,
 * C 400,000, D 300,000. Flows: A: A 960, B 30, C 10; B: B 850, A 120, C 30;
 * C: C 880, B 80, D 40; D: D 880, C 120.
 * mass: metro (5%): B -> A (12%, A larger). C's strongest tie is B (8%), but
 *   B (50,000) does not dominate C (400,000): C is a root, and below
 *   1,000,000 no core. D -> C (12%). A is the only core: {A, B}.
 *   urban (10%), candidates C, D: C's strongest tie among them is D (4%):
 *   a root, a core (400,000 >= 50,000); D -> C (12%): {C, D}.
 *   life (20%): nested; every share is below 20%: four zones of one unit.
 * any: C -> B (8%), so metro is {A, B, C, D} (C reaches A through B), urban
 *   has no candidate and no region, life as above.
 * Variant, C's flows C 850, B 80, A 60, D 10: C's strongest tie is still B,
 * smaller than C, so C is a root although A (which dominates it) receives
 * 6%: the results are the same in both modes (C -> B under any). */
static void dominance(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1e6}, {"B", 1, 0, 5e4}, {"C", 2, 0, 4e5}, {"D", 3, 0, 3e5}};
  tg_flow tf[] = {{"A", "A", 960}, {"A", "B", 30},  {"A", "C", 10}, {"B", "B", 850},
                  {"B", "A", 120}, {"B", "C", 30},  {"C", "C", 880}, {"C", "B", 80},
                  {"C", "D", 40},  {"D", "D", 880}, {"D", "C", 120}};
  tg_flow tv[] = {{"A", "A", 960}, {"A", "B", 30},  {"A", "C", 10}, {"B", "B", 850},
                  {"B", "A", 120}, {"B", "C", 30},  {"C", "C", 850}, {"C", "B", 80},
                  {"C", "A", 60},  {"C", "D", 10},  {"D", "D", 880}, {"D", "C", 120}};
  for (int variant = 0; variant < 2; variant++)
    for (int any = 0; any < 2; any++) {
      char what[64];
      snprintf(what, sizeof what, "dominance%s, %s", variant ? " (C's variant)" : "",
               any ? "any" : "mass");
      rn_params_t p;
      rn_params_init(&p);
      CHECK(rn_params_preset(ctx, "krihs", &p) == RN_OK, "%s", ctx->err);
      p.dominance_any = any;
      world_t w;
      if (run(ctx, &w, tu, 4, variant ? tv : tf, variant ? 12 : 11, &p) == RN_OK) {
        CHECK(w.r.denom == RN_DENOM_TOTAL, "%s: denominator total", what);
        expect_level(&w, 0, any ? "A:ABCD" : "A:AB", what);
        expect_level(&w, 1, any ? "" : "C:CD", what);
        expect_level(&w, 2, "A:A B:B C:C D:D", what);
        CHECK(tg_role(&w.u, &w.r, 0, "A") == RN_ROLE_CORE, "%s: A the metro core", what);
        CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "C"), any ? "A" : ""), "%s: C's metro region", what);
        if (!any) {
          CHECK(tg_role(&w.u, &w.r, 1, "C") == RN_ROLE_CORE, "%s: C the urban core", what);
          CHECK(tg_role(&w.u, &w.r, 1, "D") == RN_ROLE_MEMBER, "%s: D a member", what);
        }
      }
      done(ctx, &w);
      rn_params_destroy(&p);
    }
}

/* Polycentric by dominance. One level, theta 5%, min_mass 100,000.
 * P - Q - R; mass P 300,000, Q 250,000, R 20,000. Flows: P: P 900, Q 60,
 * R 40; Q: Q 930, P 40, R 30; R: R 700, Q 300.
 * mass: P's strongest tie is Q (6%), smaller than P: a root. Q's is P (4%,
 *   below 5%): a root. Both are cores (>= 100,000) and s(P,Q) = 6% merges
 *   them. R -> Q (30%, Q larger). One region {P, Q, R}, cores P and Q, id P
 *   (larger mass), named "P-Q".
 * any: P -> Q (6%), so P is no root and Q the only core: {P, Q, R}, id Q. */
static void polycentric(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"P", 0, 0, 3e5}, {"Q", 1, 0, 2.5e5}, {"R", 2, 0, 2e4}};
  tg_flow tf[] = {{"P", "P", 900}, {"P", "Q", 60}, {"P", "R", 40}, {"Q", "Q", 930},
                  {"Q", "P", 40},  {"Q", "R", 30}, {"R", "R", 700}, {"R", "Q", 300}};
  for (int any = 0; any < 2; any++) {
    const char *what = any ? "polycentric, any" : "polycentric, mass";
    rn_params_t p;
    tg_one_level(&p, 0.05, 1e5, RN_MODE_DOMINANT);
    p.dominance_any = any;
    world_t w;
    if (run(ctx, &w, tu, 3, tf, 8, &p) == RN_OK) {
      expect_level(&w, 0, any ? "Q:PQR" : "P:PQR", what);
      const rn_region_t *g = &w.r.level[0].regions[0];
      CHECK(g->ncores == (any ? 1 : 2), "%s: %lld cores", what, (long long)g->ncores);
      CHECK(!strcmp(g->name, any ? "Q" : "P-Q"), "%s: name %s", what, g->name);
      CHECK(tg_role(&w.u, &w.r, 0, "P") == (any ? RN_ROLE_MEMBER : RN_ROLE_CORE),
            "%s: P's role", what);
      CHECK(tg_role(&w.u, &w.r, 0, "R") == RN_ROLE_MEMBER, "%s: R a member", what);
    }
    done(ctx, &w);
    rn_params_destroy(&p);
  }
}

/* A polycentric core that does not touch. One level, theta 5%, min_mass
 * 100,000. P - X - Q; mass P 300,000, X 10,000, Q 250,000. Flows: P: P 900,
 * Q 60, X 40; Q: Q 950, P 30, X 20; X: X 950, P 30, Q 20.
 * mass: P (strongest tie Q, smaller) and Q (3%) are roots and cores, merged
 *   by s(P,Q) = 6%. X's strongest tie is 3%: it points nowhere, is no core
 *   (10,000), and the region {P, Q} is not connected: the group splits into
 *   {P} and {Q}, one split decision for each part.
 * any: P -> Q (6%); Q is the only core; P cannot reach Q through members:
 *   an exclave, barred; outside {P, Q} its strongest tie is X (4%), below
 *   5%, and barring makes no core: P is in no region. Result {Q}.
 * With X's flows X 900, P 60, Q 40 instead: X -> P (6%, P larger), and
 * the region {P, X, Q} connects its cores: P+Q kept, no split. Under any:
 * P -> Q, X -> P, Q the only core: {P, X, Q}, id Q. */
static void apart(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"P", 0, 0, 3e5}, {"X", 1, 0, 1e4}, {"Q", 2, 0, 2.5e5}};
  tg_flow tf[] = {{"P", "P", 900}, {"P", "Q", 60}, {"P", "X", 40}, {"Q", "Q", 950},
                  {"Q", "P", 30},  {"Q", "X", 20}, {"X", "X", 950}, {"X", "P", 30},
                  {"X", "Q", 20}};
  tg_flow tv[] = {{"P", "P", 900}, {"P", "Q", 60}, {"P", "X", 40}, {"Q", "Q", 950},
                  {"Q", "P", 30},  {"Q", "X", 20}, {"X", "X", 900}, {"X", "P", 60},
                  {"X", "Q", 40}};
  for (int variant = 0; variant < 2; variant++)
    for (int any = 0; any < 2; any++) {
      char what[64];
      snprintf(what, sizeof what, "apart%s, %s", variant ? " (X's variant)" : "",
               any ? "any" : "mass");
      rn_params_t p;
      tg_one_level(&p, 0.05, 1e5, RN_MODE_DOMINANT);
      p.dominance_any = any;
      world_t w;
      if (run(ctx, &w, tu, 3, variant ? tv : tf, 9, &p) == RN_OK) {
        const char *want = variant ? (any ? "Q:PQX" : "P:PQX") : (any ? "Q:Q" : "P:P Q:Q");
        expect_level(&w, 0, want, what);
        int splits = count_decisions(&w, RN_DECISION_SPLIT, NULL);
        CHECK(splits == (!variant && !any ? 2 : 0), "%s: %d split decisions", what, splits);
        if (!variant && !any)
          CHECK(count_decisions(&w, RN_DECISION_SPLIT, "P") == 1 &&
                    count_decisions(&w, RN_DECISION_SPLIT, "Q") == 1,
                "%s: a split decision for P and for Q", what);
        if (!variant && any)
          CHECK(count_decisions(&w, RN_DECISION_EXCLAVE, "P") == 1, "%s: P an exclave", what);
        if (variant && !any)
          CHECK(w.r.level[0].regions[0].ncores == 2, "%s: P+Q kept", what);
      }
      done(ctx, &w);
      rn_params_destroy(&p);
    }
}

/* Cores once per level, units below a barred unit, and the regrowth of a
 * cover-all level. One level, theta 20%, min_mass 500, mode dominant:
 *
 *           H
 *   A B G X Y        (A at x=0 ... Y at x=4; H above G)
 *
 * mass A 1000, X 600, the others 10. Flows: A: A 100; B: B 50, A 50;
 * G: G 100; X: X 40, A 40, Y 20; Y: Y 50, X 50; H: H 70, G 30.
 * B -> A, X -> A (40%, A larger), Y -> X, H -> G (equal masses: the smaller
 * code dominates); A and G are roots, A the only core (G is below 500, and X
 * is no root). Pass 1: A's region {A, B, X, Y}; X touches neither A nor B:
 * an exclave, barred (its pointer A is reached); Y, below X, is not barred
 * and follows X. Pass 2: outside {A, B, X, Y} X has no tie: a root, but
 * barring makes no core, so X and Y are in no region (revision 1 made X a
 * core). Result {A, B}; G, H, X, Y in none.
 * With cover_all: the left-overs G, H, X, Y grow again among themselves
 * with every root a core: X (no tie outside the members it was barred
 * from) and G are cores, Y -> X, H -> G: {A, B}, {G, H}, {X, Y}. */
static void barred(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1000}, {"B", 1, 0, 10}, {"G", 2, 0, 10},
                  {"X", 3, 0, 600},  {"Y", 4, 0, 10}, {"H", 2, 1, 10}};
  tg_flow tf[] = {{"A", "A", 100}, {"B", "B", 50}, {"B", "A", 50}, {"G", "G", 100},
                  {"X", "X", 40},  {"X", "A", 40}, {"X", "Y", 20}, {"Y", "Y", 50},
                  {"Y", "X", 50},  {"H", "H", 70}, {"H", "G", 30}};
  for (int cover = 0; cover < 2; cover++) {
    const char *what = cover ? "barred, cover_all" : "barred";
    rn_params_t p;
    tg_one_level(&p, 0.20, 500, RN_MODE_DOMINANT);
    p.level[0].cover_all = cover;
    world_t w;
    if (run(ctx, &w, tu, 6, tf, 11, &p) == RN_OK) {
      expect_level(&w, 0, cover ? "A:AB G:GH X:XY" : "A:AB", what);
      CHECK(count_decisions(&w, RN_DECISION_EXCLAVE, "X") == 1, "%s: X an exclave", what);
      int follows = 0;
      for (int64_t d = 0; d < w.r.ndecisions; d++)
        if (!strcmp(w.u.code[w.r.decisions[d].unit], "Y"))
          follows += w.r.decisions[d].kind == RN_DECISION_EXCLAVE &&
                     strstr(w.r.decisions[d].reason, "follows it") != NULL;
      CHECK(follows == 1, "%s: Y follows X", what);
      CHECK(tg_role(&w.u, &w.r, 0, "X") == (cover ? RN_ROLE_CORE : RN_ROLE_NONE), "%s: X's role",
            what);
    }
    done(ctx, &w);
    rn_params_destroy(&p);
  }
}

/* A designated core dominates with its group's mass. One level, theta 10%,
 * cores "A+B", mode dominant. Row A - B - C; mass A 1000, B 100, C 500.
 * Flows: A: A 100; B: B 100; C: C 70, B 30. C's strongest tie is B (30%);
 * B alone (100) would not dominate C (500), but as a core of A+B it counts
 * with 1,100: C -> B, region {A, B, C}. With the designated core "A" alone
 * (B an ordinary unit and a root), C's tie B does not dominate it: C is a
 * root, no core at a designated level, and A's region is {A}. */
static void group_mass(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1000}, {"B", 1, 0, 100}, {"C", 2, 0, 500}};
  tg_flow tf[] = {{"A", "A", 100}, {"B", "B", 100}, {"C", "C", 70}, {"C", "B", 30}};
  for (int group = 1; group >= 0; group--) {
    const char *what = group ? "group mass, A+B" : "group mass, A";
    rn_params_t p;
    tg_one_level(&p, 0.10, 0, RN_MODE_DOMINANT);
    p.level[0].cores = strdup(group ? "A+B" : "A");
    world_t w;
    if (run(ctx, &w, tu, 3, tf, 4, &p) == RN_OK)
      expect_level(&w, 0, group ? "A:ABC" : "A:A", what);
    done(ctx, &w);
    rn_params_destroy(&p);
  }
}

/* The split with an island core. One level, theta 5%, min_mass 100,000.
 * P - X - Q in a row and the island I far away; mass P 300,000, Q 250,000,
 * I 200,000, X 10,000. Flows: P: P 880, Q 60, I 60; Q: Q 950, P 30, X 20;
 * I: I 900, X 50, P 30, Q 20; X: X 950, P 30, Q 20.
 * Roots: P (its strongest ties, Q and I at 6%, go to Q by mass, which is
 * smaller than P), Q (3%), I (strongest X, smaller), X (3%). Cores P, Q, I
 * (X is below 100,000), merged by s(P,Q) = s(P,I) = 6%. Nobody points; the
 * region {P, Q, I} does not connect P and Q (X is no member): it splits into
 * {P} and {Q}, and the island I, exempt, goes with the part whose cores get
 * its largest share: P (3%, Q 2%). Result {I, P} (keyed P) and {Q}. */
static void island_split(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"P", 0, 0, 3e5}, {"X", 1, 0, 1e4}, {"Q", 2, 0, 2.5e5}, {"I", 10, 0, 2e5}};
  tg_flow tf[] = {{"P", "P", 880}, {"P", "Q", 60}, {"P", "I", 60}, {"Q", "Q", 950},
                  {"Q", "P", 30},  {"Q", "X", 20}, {"I", "I", 900}, {"I", "X", 50},
                  {"I", "P", 30},  {"I", "Q", 20}, {"X", "X", 950}, {"X", "P", 30},
                  {"X", "Q", 20}};
  rn_params_t p;
  tg_one_level(&p, 0.05, 1e5, RN_MODE_DOMINANT);
  world_t w;
  if (run(ctx, &w, tu, 4, tf, 13, &p) == RN_OK) {
    expect_level(&w, 0, "P:IP Q:Q", "island split");
    CHECK(count_decisions(&w, RN_DECISION_SPLIT, NULL) == 2, "island split: two split decisions");
    CHECK(tg_role(&w.u, &w.r, 0, "I") == RN_ROLE_CORE, "island split: I a core with P");
  }
  done(ctx, &w);
  rn_params_destroy(&p);
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  ctx.report = NULL;
  dominance(&ctx);
  polycentric(&ctx);
  apart(&ctx);
  barred(&ctx);
  group_mass(&ctx);
  island_split(&ctx);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
