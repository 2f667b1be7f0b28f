/* Hand-made cases for each rule of the method (algorithms/README.md); every expected outcome is
 * derived by hand in the comment above its case. */
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
               rn_params_t *p) {
  rn_units_init(&w->u);
  rn_flows_init(&w->f);
  rn_adjacency_init(&w->a);
  rn_result_init(&w->r);
  int rc = tg_build(ctx, tu, n, tf, m, &w->u, &w->f, &w->a);
  if (rc == RN_OK) rc = rn_delineate(ctx, &w->u, &w->f, &w->a, p, &w->r);
  if (rc != RN_OK) fprintf(stderr, "error: %s\n", ctx->err);
  return rc;
}

static void done(rn_ctx_t *ctx, world_t *w, rn_params_t *p) {
  rn_result_destroy(&w->r);
  rn_adjacency_destroy(&w->a);
  rn_flows_destroy(&w->f);
  rn_units_destroy(ctx, &w->u);
  rn_params_destroy(p);
}

static int has_decision(const world_t *w, const char *code, rn_decision_kind_t kind) {
  int64_t i = rn_units_find(&w->u, code);
  for (int64_t d = 0; d < w->r.ndecisions; d++)
    if (w->r.decisions[d].unit == i && w->r.decisions[d].kind == kind) return 1;
  return 0;
}

/* Row of three: A(1M) B(900k) C(10k). chain, theta 5%, min 500k.
 * A sends 6% to B (smaller), so A stays a core; B sends 2% to A: core too.
 * s(A,B) >= 5% merges them into one polycentric core named "A-B" (A first:
 * larger mass). C sends 10% to B: joins. */
static void polycentric_merge(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1e6}, {"B", 1, 0, 9e5}, {"C", 2, 0, 1e4}};
  tg_flow tf[] = {{"A", "A", 940}, {"A", "B", 60}, {"B", "B", 980},
                  {"B", "A", 20},  {"C", "C", 900}, {"C", "B", 100}};
  rn_params_t p;
  tg_one_level(&p, 0.05, 5e5, RN_MODE_CHAIN);
  world_t w;
  if (run(ctx, &w, tu, 3, tf, 6, &p) == RN_OK) {
    CHECK(w.r.level[0].nregions == 1, "one region, got %lld", (long long)w.r.level[0].nregions);
    CHECK(!strcmp(w.r.level[0].regions[0].name, "A-B"), "name %s", w.r.level[0].regions[0].name);
    CHECK(w.r.level[0].regions[0].ncores == 2, "two cores");
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "C"), "A"), "C joins A-B");
    CHECK(tg_role(&w.u, &w.r, 0, "B") == RN_ROLE_CORE, "B is a core");
  }
  done(ctx, &w, &p);
  /* designated polycentric core "A+C" on the same data, dominant: B's
   * strongest tie (2% to A) is below 5%, so B is a root and not a core. */
  tg_one_level(&p, 0.05, 0, RN_MODE_DOMINANT);
  p.level[0].cores = strdup("C+A");
  char *said = NULL;
  size_t saidlen = 0;
  ctx->report = open_memstream(&said, &saidlen);
  int rc0 = run(ctx, &w, tu, 3, tf, 6, &p);
  fclose(ctx->report);
  ctx->report = NULL;
  /* A and C do not touch (B lies between): the user is told */
  CHECK(said && strstr(said, "designated cores of A are not neighbours (C)"), "warning: %s",
        said ? said : "");
  free(said);
  if (rc0 == RN_OK) {
    CHECK(w.r.level[0].nregions == 1, "one designated region");
    CHECK(!strcmp(w.r.level[0].regions[0].name, "A-C"), "named by mass: %s",
          w.r.level[0].regions[0].name);
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "B"), ""), "B (2%% to A) in no region");
  }
  done(ctx, &w, &p);
  /* a designated core that is not a unit is an error naming it */
  tg_one_level(&p, 0.05, 0, RN_MODE_DOMINANT);
  p.level[0].cores = strdup("A;ZZ");
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  rn_result_t r;
  rn_units_init(&u);
  rn_flows_init(&f);
  rn_adjacency_init(&a);
  tg_build(ctx, tu, 3, tf, 6, &u, &f, &a);
  int rc = rn_delineate(ctx, &u, &f, &a, &p, &r);
  CHECK(rc == RN_EPARAM && strstr(ctx->err, "'ZZ'"), "unknown core: %d %s", rc, ctx->err);
  rn_adjacency_destroy(&a);
  rn_flows_destroy(&f);
  rn_units_destroy(ctx, &u);
  rn_params_destroy(&p);
}

/* Dominant cycles. Row A B C D. A(100) <-> B(300): each other's strongest
 * tie at 30%: cycle cut at B (larger mass), B is the root and core; A joins.
 * C(50) -> D(60) 25%, D -> C 25%: cycle cut at D. min_mass 55 makes D a core
 * but not C... C points to D: region D = {C, D}. */
static void cycles(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 100}, {"B", 1, 0, 300}, {"C", 2, 0, 50}, {"D", 3, 0, 60}};
  tg_flow tf[] = {{"A", "A", 70}, {"A", "B", 30}, {"B", "B", 70}, {"B", "A", 30},
                  {"C", "C", 75}, {"C", "D", 25}, {"D", "D", 75}, {"D", "C", 25}};
  rn_params_t p;
  tg_one_level(&p, 0.20, 55, RN_MODE_DOMINANT);
  world_t w;
  if (run(ctx, &w, tu, 4, tf, 8, &p) == RN_OK) {
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "A"), "B"), "A in B's region: '%s'",
          tg_region(&w.u, &w.r, 0, "A"));
    CHECK(tg_role(&w.u, &w.r, 0, "B") == RN_ROLE_CORE, "B is the core of the A-B cycle");
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "C"), "D"), "C in D's region");
    CHECK(w.r.level[0].nregions == 2, "two regions");
  }
  done(ctx, &w, &p);
  /* three-cycle X -> Y -> Z -> X, masses 10 20 15: cut at Y; all in Y's region */
  tg_unit t3[] = {{"X", 0, 0, 10}, {"Y", 1, 0, 20}, {"Z", 2, 0, 15}};
  tg_flow f3[] = {{"X", "Y", 50}, {"X", "X", 50}, {"Y", "Z", 50}, {"Y", "Y", 50},
                  {"Z", "X", 50}, {"Z", "Z", 50}};
  tg_one_level(&p, 0.20, 0, RN_MODE_DOMINANT);
  if (run(ctx, &w, t3, 3, f3, 6, &p) == RN_OK) {
    CHECK(w.r.level[0].nregions == 1, "one region from the 3-cycle");
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "X"), "Y"), "keyed by Y");
  }
  done(ctx, &w, &p);
}

/* Ties. Row P Q R with Q in the middle; Q sends 30 to P and 30 to R.
 * Masses P 100, R 200: Q points to R (larger mass). With equal masses, to P
 * (smaller code). P and R are roots and cores (min 0). */
static void ties(rn_ctx_t *ctx) {
  tg_flow tf[] = {{"P", "P", 100}, {"Q", "Q", 40}, {"Q", "P", 30}, {"Q", "R", 30}, {"R", "R", 100}};
  tg_unit t1[] = {{"P", 0, 0, 100}, {"Q", 1, 0, 10}, {"R", 2, 0, 200}};
  tg_unit t2[] = {{"P", 0, 0, 100}, {"Q", 1, 0, 10}, {"R", 2, 0, 100}};
  for (int mode = 0; mode < 2; mode++) { /* dominant, then chain: same tie rule */
    rn_params_t p;
    world_t w;
    tg_one_level(&p, 0.2, 50, mode ? RN_MODE_CHAIN : RN_MODE_DOMINANT);
    if (run(ctx, &w, t1, 3, tf, 5, &p) == RN_OK)
      CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "Q"), "R"), "mode %d: larger mass wins", mode);
    done(ctx, &w, &p);
    tg_one_level(&p, 0.2, 50, mode ? RN_MODE_CHAIN : RN_MODE_DOMINANT);
    if (run(ctx, &w, t2, 3, tf, 5, &p) == RN_OK)
      CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "Q"), "P"), "mode %d: smaller code wins", mode);
    done(ctx, &w, &p);
  }
}

/* Exclave and re-growth. Row: A B C D, and X above D (x=3,y=1).
 * A(1000) core, D(900) core (min 500). X sends 40% to A (not adjacent to
 * A's region: exclave), 30% to D. Barred from A, X points to D: joins D.
 * With contiguity ignored, X stays with A. */
static void exclave_regrowth(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1000}, {"B", 1, 0, 10}, {"C", 2, 0, 10}, {"D", 3, 0, 900},
                  {"X", 3, 1, 10}};
  tg_flow tf[] = {{"A", "A", 100}, {"B", "B", 50}, {"B", "A", 50}, {"C", "C", 50},
                  {"C", "D", 50},  {"D", "D", 100}, {"X", "X", 30}, {"X", "A", 40},
                  {"X", "D", 30}};
  rn_params_t p;
  world_t w;
  tg_one_level(&p, 0.2, 500, RN_MODE_DOMINANT);
  if (run(ctx, &w, tu, 5, tf, 9, &p) == RN_OK) {
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "X"), "D"), "X re-grown into D: '%s'",
          tg_region(&w.u, &w.r, 0, "X"));
    CHECK(has_decision(&w, "X", RN_DECISION_EXCLAVE), "X reported as exclave");
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "B"), "A"), "B with A");
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "C"), "D"), "C with D");
  }
  done(ctx, &w, &p);
  for (int mode = 1; mode < 3; mode++) { /* chain and core re-run from the cores */
    tg_one_level(&p, 0.2, 500, (rn_mode_t)mode);
    if (run(ctx, &w, tu, 5, tf, 9, &p) == RN_OK)
      CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "X"), "D"), "mode %d: X into D", mode);
    done(ctx, &w, &p);
  }
  tg_one_level(&p, 0.2, 500, RN_MODE_DOMINANT);
  p.contiguity = 0;
  if (run(ctx, &w, tu, 5, tf, 9, &p) == RN_OK)
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "X"), "A"), "ignore: X stays with A");
  done(ctx, &w, &p);
}

/* Island: I far away (x=10) sends 50% to A: no neighbour at all, flows alone
 * decide, so it stays in A's region and the decision is reported. */
static void island(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1000}, {"B", 1, 0, 10}, {"I", 10, 0, 10}};
  tg_flow tf[] = {{"A", "A", 100}, {"B", "B", 50}, {"B", "A", 50}, {"I", "I", 50}, {"I", "A", 50}};
  rn_params_t p;
  world_t w;
  tg_one_level(&p, 0.2, 500, RN_MODE_DOMINANT);
  if (run(ctx, &w, tu, 3, tf, 5, &p) == RN_OK) {
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "I"), "A"), "island kept by flows");
    CHECK(has_decision(&w, "I", RN_DECISION_ISLAND), "island reported");
    CHECK(!has_decision(&w, "I", RN_DECISION_EXCLAVE), "island is no exclave");
  }
  done(ctx, &w, &p);
}

/* Enclave: 3x3 grid, A at a corner is the core; the 7 other ring cells send
 * 50% to A (dominant: straight to A; they reach A through each other), the
 * centre E sends nothing: its whole boundary touches A's region and it has
 * no outer edge, so it joins as an enclave. A ring cell R (0,1)... all ring. */
static void enclave(rn_ctx_t *ctx) {
  tg_unit tu[9];
  tg_flow tf[20];
  static const char *names[9] = {"A", "B", "C", "D", "E", "F", "G", "H", "K"};
  int m = 0;
  for (int k = 0; k < 9; k++) {
    tu[k] = (tg_unit){names[k], k % 3, k / 3, k == 0 ? 1000 : 10};
    tf[m++] = (tg_flow){names[k], names[k], 50};
    if (k != 0 && k != 4) tf[m++] = (tg_flow){names[k], "A", 50};
  }
  rn_params_t p;
  world_t w;
  tg_one_level(&p, 0.2, 500, RN_MODE_DOMINANT);
  if (run(ctx, &w, tu, 9, tf, m, &p) == RN_OK) {
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "E"), "A"), "centre absorbed: '%s'",
          tg_region(&w.u, &w.r, 0, "E"));
    CHECK(tg_role(&w.u, &w.r, 0, "E") == RN_ROLE_ENCLAVE, "role enclave");
    CHECK(has_decision(&w, "E", RN_DECISION_ENCLAVE), "enclave reported");
    CHECK(w.r.level[0].regions[0].n_units == 9, "all nine units");
  }
  done(ctx, &w, &p);
}

/* Denominators. X sends 900 to itself and 100 to A. total: 10% < 20%;
 * out: 100%. The default follows the diagonal: present -> total. A field
 * denominator of 200 gives 50%. */
static void denominators(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1000}, {"X", 1, 0, 10}};
  tg_flow tf[] = {{"A", "A", 100}, {"X", "X", 900}, {"X", "A", 100}};
  rn_params_t p;
  world_t w;
  tg_one_level(&p, 0.2, 500, RN_MODE_DOMINANT);
  if (run(ctx, &w, tu, 2, tf, 3, &p) == RN_OK) {
    CHECK(w.r.denom == RN_DENOM_TOTAL, "diagonal present: total");
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "X"), ""), "total: 10%% does not join");
  }
  done(ctx, &w, &p);
  tg_one_level(&p, 0.2, 500, RN_MODE_DOMINANT);
  p.denom = RN_DENOM_OUT;
  if (run(ctx, &w, tu, 2, tf, 3, &p) == RN_OK) {
    CHECK(w.r.denom == RN_DENOM_OUT, "out as asked");
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "X"), "A"), "out: 100%% joins");
    CHECK(fabs(w.r.level[0].share[rn_units_find(&w.u, "X")] - 1.0) < 1e-12, "share 1");
  }
  done(ctx, &w, &p);
  /* no diagonal: auto picks out */
  tg_flow t2[] = {{"X", "A", 100}, {"A", "X", 1}};
  tg_one_level(&p, 0.2, 500, RN_MODE_DOMINANT);
  if (run(ctx, &w, tu, 2, t2, 2, &p) == RN_OK) CHECK(w.r.denom == RN_DENOM_OUT, "zero diagonal: out");
  done(ctx, &w, &p);
  /* field denominator: attach an attribute "emp" = 200 for X, 1000 for A */
  tg_one_level(&p, 0.4, 500, RN_MODE_DOMINANT);
  p.denom = RN_DENOM_FIELD;
  snprintf(p.denom_field, sizeof p.denom_field, "emp");
  rn_units_init(&w.u);
  rn_flows_init(&w.f);
  rn_adjacency_init(&w.a);
  rn_result_init(&w.r);
  if (tg_build(ctx, tu, 2, tf, 3, &w.u, &w.f, &w.a) == RN_OK) {
    w.u.nattr = 1;
    w.u.attr_name = malloc(sizeof(char *));
    w.u.attr_name[0] = strdup("emp");
    w.u.attr = malloc(sizeof(double *));
    w.u.attr[0] = malloc(2 * sizeof(double));
    w.u.attr[0][rn_units_find(&w.u, "A")] = 1000;
    w.u.attr[0][rn_units_find(&w.u, "X")] = 200;
    int rc = rn_delineate(ctx, &w.u, &w.f, &w.a, &p, &w.r);
    CHECK(rc == RN_OK, "%s", ctx->err);
    if (rc == RN_OK) CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "X"), "A"), "field: 50%% joins");
  }
  done(ctx, &w, &p);
}

/* Thresholds outside (0,1] are refused. */
static void bad_params(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1000}, {"X", 1, 0, 10}};
  tg_flow tf[] = {{"X", "A", 100}};
  double bad[] = {0, -0.1, 1.5, NAN};
  for (int k = 0; k < 4; k++) {
    rn_params_t p;
    world_t w;
    tg_one_level(&p, bad[k], 0, RN_MODE_DOMINANT);
    rn_units_init(&w.u);
    rn_flows_init(&w.f);
    rn_adjacency_init(&w.a);
    tg_build(ctx, tu, 2, tf, 1, &w.u, &w.f, &w.a);
    int rc = rn_delineate(ctx, &w.u, &w.f, &w.a, &p, &w.r);
    CHECK(rc == RN_EPARAM && strstr(ctx->err, "outside (0,1]"), "threshold %g: %s", bad[k], ctx->err);
    rn_result_init(&w.r);
    done(ctx, &w, &p);
  }
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  ctx.report = NULL;
  polycentric_merge(&ctx);
  cycles(&ctx);
  ties(&ctx);
  exclave_regrowth(&ctx);
  island(&ctx);
  enclave(&ctx);
  denominators(&ctx);
  bad_params(&ctx);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
