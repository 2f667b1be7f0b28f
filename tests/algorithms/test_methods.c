/* The alternative methods of algorithms/README.md (cbsa, fua, dominant, intramax,
 * leiden, louvain, infomap) on hand-made cases. Every expected partition is
 * derived by hand in the comment above its case, not computed. Units are unit
 * squares (rn_test_grid.h): a row y=0 from x=0, rook adjacency, outer edges
 * coastline. Flow rows mostly sum to 100, so a flow is its share in percent. */
#include "engine/engine.h"
#include "rn_test.h"
#include "rn_test_grid.h"

#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
} tcase_t;

static int tc_build(rn_ctx_t *ctx, const tg_unit *tu, int n, const tg_flow *tf, int m, tcase_t *c) {
  rn_units_init(&c->u);
  rn_flows_init(&c->f);
  rn_adjacency_init(&c->a);
  int rc = tg_build(ctx, tu, n, tf, m, &c->u, &c->f, &c->a);
  CHECK(rc == RN_OK, "build: %s", ctx->err);
  return rc;
}

static void tc_destroy(rn_ctx_t *ctx, tcase_t *c) {
  rn_units_destroy(ctx, &c->u);
  rn_flows_destroy(&c->f);
  rn_adjacency_destroy(&c->a);
}

/* A numeric attribute by code (units not named get 0), as if loaded with --*-field. */
static void add_attr(rn_units_t *u, const char *name, const char *codes, const double *vals) {
  u->attr_name = realloc(u->attr_name, sizeof *u->attr_name * (size_t)(u->nattr + 1));
  u->attr = realloc(u->attr, sizeof *u->attr * (size_t)(u->nattr + 1));
  u->attr_name[u->nattr] = strdup(name);
  double *v = calloc((size_t)u->n, sizeof *v);
  for (int k = 0; codes[k]; k++) v[rn_units_find(u, (char[]){codes[k], 0})] = vals[k];
  u->attr[u->nattr++] = v;
}

/* Run a method; options "k=v" separated by spaces. */
static int run(rn_ctx_t *ctx, tcase_t *c, const char *method, int contiguity, const char *opts,
               rn_params_t *used, rn_result_t *r) {
  char **o = opts ? CSLTokenizeString2(opts, " ", 0) : NULL;
  rn_method_input_t in = {.units = &c->u,
                          .flows = &c->f,
                          .adj = contiguity ? &c->a : NULL,
                          .contiguity = contiguity};
  rn_params_init(used);
  const rn_method_t *m = rn_method_find(method);
  CHECK(m != NULL, "method %s in the table", method);
  int rc = m ? m->run(ctx, &in, o, used, r) : RN_EINTERNAL;
  CSLDestroy(o);
  CHECK(rc == RN_OK, "%s: %s", method, ctx->err);
  return rc;
}

/* Partition "AB|CDE" (single-letter codes; units not named are in no
 * region): same-region pairs, regions count, units in none. */
static void expect(const rn_units_t *u, const rn_result_t *r, int level, const char *want,
                   const char *what) {
  const rn_level_result_t *lr = &r->level[level];
  int64_t n = u->n, grp = 0;
  int64_t *g = malloc(sizeof *g * (size_t)n);
  for (int64_t i = 0; i < n; i++) g[i] = -1;
  for (const char *c = want; *c; c++) {
    if (*c == '|') grp++;
    else g[rn_units_find(u, (char[]){*c, 0})] = grp;
  }
  for (int64_t a = 0; a < n; a++) {
    CHECK((lr->region[a] < 0) == (g[a] < 0), "%s: unit %s %s a region", what, u->code[a],
          lr->region[a] < 0 ? "is in no" : "is in");
    for (int64_t b = a + 1; b < n; b++)
      if (g[a] >= 0 && g[b] >= 0)
        CHECK((g[a] == g[b]) == (lr->region[a] == lr->region[b]), "%s: %s and %s %s together",
              what, u->code[a], u->code[b], lr->region[a] == lr->region[b] ? "are" : "are not");
  }
  CHECK(lr->nregions == (*want ? grp + 1 : 0), "%s: %lld regions, want %lld", what,
        (long long)lr->nregions, (long long)(*want ? grp + 1 : 0));
  free(g);
}

/* ---------------------------------------------------------------- dominant
 * Row A B C D E. O_i = I_i sums below (diagonal included):
 *   A: A 100, B 30, C 10          I_A = 100 + 20 (B)            = 120
 *   B: B 200, C 50, A 20          I_B = 30 + 200 + 40           = 270
 *   C: C 500, B 40, D 30          I_C = 10 + 50 + 500 + 20      = 580
 *   D: D 300, C 20, E 60          I_D = 30 + 300 + 10           = 340
 *   E: E 100, D 10                I_E = 60 + 100                = 160
 * m(A) = B (30 > 10), I_B 270 > 120: A -> B.  m(B) = C, 580 > 270: B -> C.
 * m(C) = B (40 > 30), 270 < 580: C terminal.  m(D) = E (60 > 20), 160 < 340:
 * D terminal.  m(E) = D, 340 > 160: E -> D.  Trees {A,B,C} (root C, A at
 * depth 2) and {D,E}. Masses make C and D the keys. */
static void test_dominant(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 10}, {"B", 1, 0, 20}, {"C", 2, 0, 50}, {"D", 3, 0, 40}, {"E", 4, 0, 10}};
  tg_flow tf[] = {{"A", "A", 100}, {"A", "B", 30}, {"A", "C", 10}, {"B", "B", 200}, {"B", "C", 50},
                  {"B", "A", 20},  {"C", "C", 500}, {"C", "B", 40}, {"C", "D", 30}, {"D", "D", 300},
                  {"D", "C", 20},  {"D", "E", 60},  {"E", "E", 100}, {"E", "D", 10}};
  tcase_t c;
  if (tc_build(ctx, tu, 5, tf, 14, &c)) return;
  rn_params_t p;
  rn_result_t r;
  for (int contig = 0; contig <= 1; contig++) {
    if (run(ctx, &c, "dominant", contig, NULL, &p, &r) == RN_OK) {
      expect(&c.u, &r, 0, "ABC|DE", "dominant");
      CHECK(!strcmp(tg_region(&c.u, &r, 0, "A"), "C"), "A's region is keyed C");
      CHECK(tg_role(&c.u, &r, 0, "C") == RN_ROLE_CORE && tg_role(&c.u, &r, 0, "D") == RN_ROLE_CORE,
            "terminals are the cores");
      CHECK(tg_role(&c.u, &r, 0, "B") == RN_ROLE_MEMBER, "B is dominated");
      CHECK(!strcmp(p.level[0].name, "dominant") && p.nlevels == 1, "one level named dominant");
    }
    rn_result_destroy(&r);
    rn_params_destroy(&p);
  }
  tc_destroy(ctx, &c);
}

/* ----------------------------------------------- dominant, contiguity repair
 * Row P Q R.  P: P 900, Q 1.  Q: Q 500, R 5.  R: R 100, P 50, Q 10.
 * I_P = 900 + 50 = 950, I_Q = 1 + 500 + 10 = 511, I_R = 5 + 100 = 105.
 * m(R) = P, 950 > 105: R -> P.  m(Q) = R, 105 < 511: Q terminal.  m(P) = Q,
 * 511 < 950: P terminal.  Trees {P,R}, {Q}.  R does not touch P: under
 * enforce it is an exclave of P's region; the only region it touches is Q's,
 * and it sends Q 10: {P}, {Q,R}. Ignoring contiguity: {P,R}, {Q}. */
static void test_dominant_repair(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"P", 0, 0, 900}, {"Q", 1, 0, 500}, {"R", 2, 0, 100}};
  tg_flow tf[] = {{"P", "P", 900}, {"P", "Q", 1},  {"Q", "Q", 500}, {"Q", "R", 5},
                  {"R", "R", 100}, {"R", "P", 50}, {"R", "Q", 10}};
  tcase_t c;
  if (tc_build(ctx, tu, 3, tf, 7, &c)) return;
  rn_params_t p;
  rn_result_t r;
  if (run(ctx, &c, "dominant", 0, NULL, &p, &r) == RN_OK) expect(&c.u, &r, 0, "PR|Q", "dominant ignore");
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  if (run(ctx, &c, "dominant", 1, NULL, &p, &r) == RN_OK) {
    expect(&c.u, &r, 0, "P|QR", "dominant enforce");
    int found = 0;
    for (int64_t d = 0; d < r.ndecisions; d++)
      found += r.decisions[d].unit == rn_units_find(&c.u, "R") &&
               r.decisions[d].kind == RN_DECISION_EXCLAVE;
    CHECK(found >= 1, "R reported as an exclave");
  }
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  tc_destroy(ctx, &c);
}

/* ---------------------------------------------------------------- intramax
 * Row A B C D, symmetric flows: A-B 50, B-C 10, C-D 40 each way, 100 on the
 * diagonal. O = I: A 150, B 160, C 150, D 140.
 *   (A,B) = 2*50/(150*160) = 0.004167   (C,D) = 2*40/(150*140) = 0.003810
 *   (B,C) = 2*10/(160*150) = 0.000833
 * First merge AB; then (AB,C) = 2*10/(310*150) = 0.00043 < (C,D): merge CD;
 * then the last pair. regions=3: AB|C|D, 2: AB|CD, 1: ABCD. */
static void test_intramax(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1}, {"B", 1, 0, 1}, {"C", 2, 0, 1}, {"D", 3, 0, 1}};
  tg_flow tf[] = {{"A", "A", 100}, {"A", "B", 50}, {"B", "B", 100}, {"B", "A", 50}, {"B", "C", 10},
                  {"C", "C", 100}, {"C", "B", 10}, {"C", "D", 40},  {"D", "D", 100}, {"D", "C", 40}};
  tcase_t c;
  if (tc_build(ctx, tu, 4, tf, 10, &c)) return;
  const char *want[] = {"ABCD", "AB|CD", "AB|C|D", "A|B|C|D"};
  rn_params_t p;
  rn_result_t r;
  for (int k = 1; k <= 4; k++) {
    char opt[32];
    snprintf(opt, sizeof opt, "regions=%d", k);
    for (int contig = 0; contig <= 1; contig++) {
      if (run(ctx, &c, "intramax", contig, opt, &p, &r) == RN_OK) expect(&c.u, &r, 0, want[k - 1], opt);
      rn_result_destroy(&r);
      rn_params_destroy(&p);
    }
  }
  tc_destroy(ctx, &c);
}

/* ----------------------------------------------- intramax, touching pairs
 * Row A B C.  A: A 100, C 60.  B: B 100, A 5, C 5.  C: C 100, A 60.
 * O: A 160, B 110, C 160.  I: A 100+5+60 = 165, B 100, C 60+5+100 = 165.
 *   (A,C) = 60/(160*165) + 60/(160*165) = 0.004545
 *   (A,B) = 0 + 5/(110*165) = 0.000275 = (B,C)
 * regions=2 without contiguity: AC|B. Under enforce A and C do not touch, so
 * only (A,B) and (B,C) are candidates; they tie and the smaller first unit
 * wins: AB|C. */
static void test_intramax_touching(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1}, {"B", 1, 0, 1}, {"C", 2, 0, 1}};
  tg_flow tf[] = {{"A", "A", 100}, {"A", "C", 60}, {"B", "B", 100}, {"B", "A", 5},
                  {"B", "C", 5},   {"C", "C", 100}, {"C", "A", 60}};
  tcase_t c;
  if (tc_build(ctx, tu, 3, tf, 7, &c)) return;
  rn_params_t p;
  rn_result_t r;
  if (run(ctx, &c, "intramax", 0, "regions=2", &p, &r) == RN_OK) expect(&c.u, &r, 0, "AC|B", "intramax all pairs");
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  if (run(ctx, &c, "intramax", 1, "regions=2", &p, &r) == RN_OK) expect(&c.u, &r, 0, "AB|C", "intramax touching");
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  tc_destroy(ctx, &c);
}

/* ------------------------------------------------ leiden, louvain, infomap
 * Row A B C D E F: two triangles {A,B,C} and {D,E,F}, 100 each way between
 * members, C-D 1 each way. Undirected weights 200 inside, 2 across; the two
 * triangles give modularity 2*(600/1202 - (1201/2404)^2) = 0.499, any other
 * split less (one cluster: 0), and infomap's random walk stays in a triangle
 * 99.8% of the time: ABC|DEF for all three, with or without contiguity. */
static void test_communities(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1}, {"B", 1, 0, 1}, {"C", 2, 0, 1},
                  {"D", 3, 0, 1}, {"E", 4, 0, 1}, {"F", 5, 0, 1}};
  tg_flow tf[14];
  const char *tri[2][3] = {{"A", "B", "C"}, {"D", "E", "F"}};
  int m = 0;
  for (int t = 0; t < 2; t++)
    for (int x = 0; x < 3; x++)
      for (int y = 0; y < 3; y++)
        if (x != y) tf[m++] = (tg_flow){tri[t][x], tri[t][y], 100};
  tf[m++] = (tg_flow){"C", "D", 1};
  tf[m++] = (tg_flow){"D", "C", 1};
  tcase_t c;
  if (tc_build(ctx, tu, 6, tf, m, &c)) return;
  const char *methods[] = {"leiden", "louvain", "infomap"};
  rn_params_t p;
  rn_result_t r;
  for (int k = 0; k < 3; k++)
    for (int contig = 0; contig <= 1; contig++) {
      if (run(ctx, &c, methods[k], contig, "seed=7", &p, &r) == RN_OK)
        expect(&c.u, &r, 0, "ABC|DEF", methods[k]);
      rn_result_destroy(&r);
      rn_params_destroy(&p);
    }
  /* options of another method are refused */
  rn_method_input_t in = {.units = &c.u, .flows = &c.f};
  char **o = CSLSetNameValue(NULL, "regions", "3");
  rn_params_init(&p);
  CHECK(rn_method_find("leiden")->run(ctx, &in, o, &p, &r) == RN_EPARAM &&
            strstr(ctx->err, "regions"),
        "leiden refuses regions=: %s", ctx->err);
  CSLDestroy(o);
  rn_params_destroy(&p);
  tc_destroy(ctx, &c);
}

/* ------------------------------------------- communities, contiguity repair
 * Row A B C D E. Flows: A-E 100 each way, B-C, C-D, B-D 100 each way, A->B 1.
 * Modularity (m = 801): {A,E},{B,C,D} gives 200/801 - (401/1602)^2 + 600/801
 * - (1201/1602)^2 = 0.374; {A,B,C,D},{E} gives -0.031, one cluster 0: leiden
 * and louvain find AE|BCD. On the map A and E do not touch: E (mass 5) is the
 * key, A's part moves to the only region it touches, {B,C,D} (A sends it 1):
 * ABCD|E under enforce. */
static void test_community_repair(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1}, {"B", 1, 0, 1}, {"C", 2, 0, 1}, {"D", 3, 0, 1}, {"E", 4, 0, 5}};
  tg_flow tf[] = {{"A", "E", 100}, {"E", "A", 100}, {"B", "C", 100}, {"C", "B", 100},
                  {"C", "D", 100}, {"D", "C", 100}, {"B", "D", 100}, {"D", "B", 100},
                  {"A", "B", 1}};
  tcase_t c;
  if (tc_build(ctx, tu, 5, tf, 9, &c)) return;
  const char *methods[] = {"leiden", "louvain"};
  rn_params_t p;
  rn_result_t r;
  for (int k = 0; k < 2; k++) {
    if (run(ctx, &c, methods[k], 0, NULL, &p, &r) == RN_OK) expect(&c.u, &r, 0, "AE|BCD", methods[k]);
    rn_result_destroy(&r);
    rn_params_destroy(&p);
    if (run(ctx, &c, methods[k], 1, NULL, &p, &r) == RN_OK) {
      expect(&c.u, &r, 0, "ABCD|E", methods[k]);
      CHECK(!strcmp(tg_region(&c.u, &r, 0, "E"), "E"), "E keeps its region");
    }
    rn_result_destroy(&r);
    rn_params_destroy(&p);
  }
  tc_destroy(ctx, &c);
}

/* --------------------------------------------------------------------- fua
 * Row A B C D E, and G above E (x=4, y=1). Cities A (mass 1000), B (500),
 * E (800); the others mass 100. Rows sum to 100 (employed residents = O_i):
 *   A: A 80, B 20    -> city A sends 20% >= 15% to city B: A+B merge
 *   B: B 95, A 5
 *   C: C 74, B 16, E 10 -> 16% to A+B, 10% to E: joins A+B
 *   D: D 71, B 14, E 15 -> 14% to A+B, 15% to E: joins E
 *   E: E 100
 *   G: G 64, A 20, E 16 -> 20% to A+B, but G touches only E: exclave,
 *      barred, then its next best, E at 16%: joins E.
 * Enforce: ABC|DEG (key of A+B: A, larger mass). Ignore: ABCG|DE. Cities by
 * mass with min-mass=500 are the same three: same result. */
static void test_fua(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1000}, {"B", 1, 0, 500}, {"C", 2, 0, 100}, {"D", 3, 0, 100},
                  {"E", 4, 0, 800},  {"G", 4, 1, 100}};
  tg_flow tf[] = {{"A", "A", 80}, {"A", "B", 20}, {"B", "B", 95}, {"B", "A", 5},  {"C", "C", 74},
                  {"C", "B", 16}, {"C", "E", 10}, {"D", "D", 71}, {"D", "B", 14}, {"D", "E", 15},
                  {"E", "E", 100}, {"G", "G", 64}, {"G", "A", 20}, {"G", "E", 16}};
  tcase_t c;
  if (tc_build(ctx, tu, 6, tf, 14, &c)) return;
  add_attr(&c.u, "city", "ABE", (double[]){1, 1, 1});
  rn_params_t p;
  rn_result_t r;
  if (run(ctx, &c, "fua", 1, "central-field=city", &p, &r) == RN_OK) {
    expect(&c.u, &r, 0, "ABC|DEG", "fua enforce");
    CHECK(!strcmp(tg_region(&c.u, &r, 0, "B"), "A"), "A+B keyed A");
    CHECK(tg_role(&c.u, &r, 0, "B") == RN_ROLE_CORE, "B is a city");
    CHECK(p.level[0].cores && !strcmp(p.level[0].cores, "A+B;E"), "cities recorded: %s",
          p.level[0].cores ? p.level[0].cores : "(none)");
    CHECK(p.level[0].theta == 0.15, "default threshold 0.15");
  }
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  if (run(ctx, &c, "fua", 0, "central-field=city", &p, &r) == RN_OK)
    expect(&c.u, &r, 0, "ABCG|DE", "fua ignore");
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  if (run(ctx, &c, "fua", 1, "min-mass=500", &p, &r) == RN_OK)
    expect(&c.u, &r, 0, "ABC|DEG", "fua by mass");
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  /* threshold 0.17: A (20%) still merges with B; C (16%) and D (15%) join
   * nothing; G: 20% to A+B (exclave), 16% to E below: in none */
  if (run(ctx, &c, "fua", 1, "central-field=city threshold=0.17", &p, &r) == RN_OK)
    expect(&c.u, &r, 0, "AB|E", "fua 17%");
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  tc_destroy(ctx, &c);
}

/* -------------------------------------------------------------------- cbsa
 * Row A B C D E; central units A and E (not touching: two areas). Masses
 * A 1000, B 200, C 300, D 200, E 600.
 *   A: A 90, B 5, C 5      B: B 50, A 30, C 20     C: C 80, D 10, B 10
 *   D: D 70, E 30          E: E 60, C 40
 * O_i = 100 each; I: A 120, B 65, C 5+20+80+40 = 145, D 80, E 90.
 *   B: 30% of its residents work in A: joins A (jobs in B held by A's
 *      residents 5/65 = 7.7%).
 *   C: sends nothing to a central unit, but 40 of its 145 jobs (27.6%) are
 *      held by residents of E (A's: 5/145): joins E by the jobs test.
 *   D: 30% to E: joins E.  Areas {A,B}, {C,D,E}, both contiguous; A and E
 *   exchange nothing: no merge.
 * Combined: S = {C,D,E} (mass 1100 < 1200). %res(S->L) = C->B 10 / 300 =
 * 3.33%, %emp(S from L) = (A->C 5 + B->C 20) / (145+80+90) = 7.94%: 11.27%,
 * below 15 (no csa), above 10 (csa-threshold=0.10: one csa, keyed A, cores
 * A and E, named "A-E"). */
static void test_cbsa(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1000}, {"B", 1, 0, 200}, {"C", 2, 0, 300}, {"D", 3, 0, 200},
                  {"E", 4, 0, 600}};
  tg_flow tf[] = {{"A", "A", 90}, {"A", "B", 5},  {"A", "C", 5},  {"B", "B", 50}, {"B", "A", 30},
                  {"B", "C", 20}, {"C", "C", 80}, {"C", "D", 10}, {"C", "B", 10}, {"D", "D", 70},
                  {"D", "E", 30}, {"E", "E", 60}, {"E", "C", 40}};
  tcase_t c;
  if (tc_build(ctx, tu, 5, tf, 13, &c)) return;
  add_attr(&c.u, "central", "AE", (double[]){1, 1});
  rn_params_t p;
  rn_result_t r;
  if (run(ctx, &c, "cbsa", 1, "central-field=central", &p, &r) == RN_OK) {
    CHECK(r.nlevels == 2 && p.nlevels == 2 && !strcmp(p.level[0].name, "cbsa") &&
              !strcmp(p.level[1].name, "csa"),
          "levels cbsa and csa");
    expect(&c.u, &r, 0, "AB|CDE", "cbsa");
    expect(&c.u, &r, 1, "", "csa at 15%");
    CHECK(tg_role(&c.u, &r, 0, "C") == RN_ROLE_MEMBER, "C is outlying");
  }
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  if (run(ctx, &c, "cbsa", 1, "central-field=central csa-threshold=0.10", &p, &r) == RN_OK) {
    expect(&c.u, &r, 1, "ABCDE", "csa at 10%");
    if (r.level[1].nregions == 1) {
      CHECK(!strcmp(r.level[1].regions[0].id, "A"), "csa keyed A");
      CHECK(!strcmp(r.level[1].regions[0].name, "A-E"), "csa named %s", r.level[1].regions[0].name);
    }
  }
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  /* jobs-field: with C's jobs given as 200, E's residents hold 40/200 = 20%:
   * C joins nothing, and D's area {D,E} stays contiguous */
  add_attr(&c.u, "jobs", "ABCDE", (double[]){120, 65, 200, 80, 90});
  if (run(ctx, &c, "cbsa", 1, "central-field=central jobs-field=jobs", &p, &r) == RN_OK)
    expect(&c.u, &r, 0, "AB|DE", "cbsa with jobs");
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  CHECK(rn_method_find("cbsa")->run(ctx, &(rn_method_input_t){.units = &c.u, .flows = &c.f}, NULL,
                                    &p, &r) == RN_EPARAM,
        "cbsa without central units is refused");
  rn_params_destroy(&p);
  tc_destroy(ctx, &c);
}

/* -------------------------------------------------------------- cbsa merge
 * Row A B C; central A (mass 1000) and C (500).  A: A 100.  B: B 60, A 40.
 * C: C 70, A 30.  B joins A (40%); areas {A,B} and {C} touch (B-C). C's
 * centre sends 30% of its residents to A's: it qualifies as outlying, so the
 * areas merge: one area ABC keyed A with cores A and C. */
static void test_cbsa_merge(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1000}, {"B", 1, 0, 100}, {"C", 2, 0, 500}};
  tg_flow tf[] = {{"A", "A", 100}, {"B", "B", 60}, {"B", "A", 40}, {"C", "C", 70}, {"C", "A", 30}};
  tcase_t c;
  if (tc_build(ctx, tu, 3, tf, 5, &c)) return;
  add_attr(&c.u, "central", "AC", (double[]){1, 1});
  rn_params_t p;
  rn_result_t r;
  if (run(ctx, &c, "cbsa", 1, "central-field=central", &p, &r) == RN_OK) {
    expect(&c.u, &r, 0, "ABC", "cbsa merge");
    CHECK(r.level[0].nregions == 1 && r.level[0].regions[0].ncores == 2 &&
              !strcmp(r.level[0].regions[0].id, "A"),
          "merged area keyed A with two cores");
  }
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  /* at 0.35 C's 30% no longer qualifies: two areas */
  if (run(ctx, &c, "cbsa", 1, "central-field=central threshold=0.35", &p, &r) == RN_OK)
    expect(&c.u, &r, 0, "AB|C", "cbsa no merge");
  rn_result_destroy(&r);
  rn_params_destroy(&p);
  tc_destroy(ctx, &c);
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  ctx.report = NULL;
  (void)tg_one_level; /* of the shared grid helpers, not needed here */
  test_dominant(&ctx);
  test_dominant_repair(&ctx);
  test_intramax(&ctx);
  test_intramax_touching(&ctx);
  test_communities(&ctx);
  test_community_repair(&ctx);
  test_fua(&ctx);
  test_cbsa(&ctx);
  test_cbsa_merge(&ctx);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
