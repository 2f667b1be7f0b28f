/* Degenerate results are reported (no core, no region, mostly single units),
 * min_mass given as a share of the total mass, and the user's adjacency
 * amendments. Every expected figure is derived by hand above its case. */
#include "rn_test.h"
#include "rn_test_grid.h"

#include <math.h>
#include <string.h>

/* A - B - C in a row. Flows (rows sum to 100):
 *   A: A 90, B 10;  B: B 80, A 20;  C: C 70, B 30.
 * Mass field: A 1000, B 500, C 200 (total 1700).
 * Inflow I_j: A 90+20 = 110, B 10+80+30 = 120, C 70 (total 300). */
static const tg_unit ABC[] = {{"A", 0, 0, 1000}, {"B", 1, 0, 500}, {"C", 2, 0, 200}};
static const tg_flow ABC_F[] = {{"A", "A", 90}, {"A", "B", 10}, {"B", "B", 80},
                                {"B", "A", 20}, {"C", "C", 70}, {"C", "B", 30}};

typedef struct {
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  rn_result_t r;
} world_t;

/* inflow: drop the mass field, so the mass is I_j */
static int run(rn_ctx_t *ctx, world_t *w, int inflow, rn_params_t *p) {
  rn_units_init(&w->u);
  rn_flows_init(&w->f);
  rn_adjacency_init(&w->a);
  rn_result_init(&w->r);
  int rc = tg_build(ctx, ABC, 3, ABC_F, 6, &w->u, &w->f, &w->a);
  if (rc == RN_OK && inflow) {
    free(w->u.mass);
    w->u.mass = NULL;
  }
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

static const rn_warning_t *warning(const world_t *w, rn_warning_kind_t kind) {
  for (int64_t k = 0; k < w->r.nwarnings; k++)
    if (w->r.warnings[k].kind == kind) return &w->r.warnings[k];
  return NULL;
}

/* min_mass 5000 with the field mass: no unit reaches it, so no core and no
 * region. The largest candidate is A (1000 = 58.8% of 1700). */
static void no_core(rn_ctx_t *ctx) {
  rn_params_t p;
  world_t w;
  tg_one_level(&p, 0.05, 5000, RN_MODE_DOMINANT);
  if (run(ctx, &w, 0, &p) == RN_OK) {
    CHECK(w.r.level[0].nregions == 0, "no region, got %lld", (long long)w.r.level[0].nregions);
    CHECK(w.r.nwarnings == 2, "two warnings, got %lld", (long long)w.r.nwarnings);
    const rn_warning_t *nr = warning(&w, RN_WARN_NO_REGION), *nc = warning(&w, RN_WARN_NO_CORE);
    CHECK(nr && nr->value == 3 && strstr(nr->text, "none of the 3 candidate units"), "no_region %s",
          nr ? nr->text : "(none)");
    CHECK(nc && nc->unit == rn_units_find(&w.u, "A") && nc->value == 1000, "no_core names A");
    CHECK(nc && strstr(nc->text, "minimum mass 5000; the largest, A (A), has 1000 (58.8% of the "
                                 "total mass)") && strstr(nc->text, "--min-mass one=2%"),
          "no_core text: %s", nc ? nc->text : "(none)");
  }
  done(ctx, &w, &p);
}

/* With the inflow as mass, min_mass 39% of 300 = 117: only B (120) reaches
 * it; B is a root (its strongest tie, A at 20%, is below 25%) and a core; C
 * sends 30% to B and joins. At 50% (150) nobody reaches it: the warning names
 * B, 120 = 40% of the total, and says the mass is the inflow. */
static void share(rn_ctx_t *ctx) {
  rn_params_t p;
  world_t w;
  tg_one_level(&p, 0.25, 0, RN_MODE_DOMINANT);
  p.level[0].min_mass_share = 0.39;
  if (run(ctx, &w, 1, &p) == RN_OK) {
    CHECK(fabs(w.r.level[0].min_mass - 117) < 1e-9, "min_mass used %g", w.r.level[0].min_mass);
    CHECK(w.r.level[0].nregions == 1 && !strcmp(w.r.level[0].regions[0].id, "B"), "region B");
    CHECK(tg_role(&w.u, &w.r, 0, "B") == RN_ROLE_CORE, "B is the core");
    CHECK(!strcmp(tg_region(&w.u, &w.r, 0, "C"), "B") && !strcmp(tg_region(&w.u, &w.r, 0, "A"), ""),
          "C joins B, A in none");
    CHECK(w.r.nwarnings == 0, "no warning, got %lld", (long long)w.r.nwarnings);
  }
  done(ctx, &w, &p);
  tg_one_level(&p, 0.25, 0, RN_MODE_DOMINANT);
  p.level[0].min_mass_share = 0.5;
  if (run(ctx, &w, 1, &p) == RN_OK) {
    CHECK(fabs(w.r.level[0].min_mass - 150) < 1e-9, "min_mass used %g", w.r.level[0].min_mass);
    const rn_warning_t *nc = warning(&w, RN_WARN_NO_CORE);
    CHECK(nc && nc->unit == rn_units_find(&w.u, "B") && nc->value == 120, "no_core names B");
    CHECK(nc && strstr(nc->text, "has 120 (40% of the total mass; the mass is the inflow I_j"),
          "text: %s", nc ? nc->text : "(none)");
  }
  done(ctx, &w, &p);
}

/* Single units. At 35% every share is below the threshold: 3 regions of one
 * unit each, 100% -> warned. At 25%: B's tie to A (20%) is below it, C -> B
 * (30%): regions {A} and {B, C}, one single of two (50%, not more than half)
 * -> no warning. */
static void singletons(rn_ctx_t *ctx) {
  rn_params_t p;
  world_t w;
  tg_one_level(&p, 0.35, 0, RN_MODE_DOMINANT);
  if (run(ctx, &w, 0, &p) == RN_OK) {
    const rn_warning_t *s = warning(&w, RN_WARN_SINGLETONS);
    CHECK(w.r.level[0].nregions == 3, "3 regions, got %lld", (long long)w.r.level[0].nregions);
    CHECK(s && s->value == 3 && strstr(s->text, "3 of its 3 regions (100%) are single units"),
          "singletons: %s", s ? s->text : "(none)");
    CHECK(w.r.nwarnings == 1, "one warning, got %lld", (long long)w.r.nwarnings);
  }
  done(ctx, &w, &p);
  tg_one_level(&p, 0.25, 0, RN_MODE_DOMINANT);
  if (run(ctx, &w, 0, &p) == RN_OK) {
    CHECK(w.r.level[0].nregions == 2, "2 regions, got %lld", (long long)w.r.level[0].nregions);
    CHECK(w.r.nwarnings == 0, "no warning at 50%%, got %lld", (long long)w.r.nwarnings);
  }
  done(ctx, &w, &p);
}

static int64_t degree(const rn_adjacency_t *a, const rn_units_t *u, const char *code) {
  return rn_adjacency_degree(a, rn_units_find(u, code), 0);
}

static void edits(rn_adjacency_edits_t *e, int remove, int64_t a, int64_t b, int64_t c,
                  int64_t d) {
  rn_adjacency_edits_init(e);
  e->remove = remove;
  e->n = 2;
  e->a = malloc(2 * sizeof *e->a);
  e->b = malloc(2 * sizeof *e->b);
  e->line = malloc(2 * sizeof *e->line);
  e->noop = calloc(2, 1);
  e->path = strdup(remove ? "remove.csv" : "add.csv");
  e->a[0] = a, e->b[0] = b, e->a[1] = c, e->b[1] = d;
  e->line[0] = 2, e->line[1] = 3;
}

/* Units A(0,0), B(1,0), C(3,0), D(0,1): rook pairs A-B and A-D; C is an
 * island and B-D touch at a corner (queen only). Adding B-C and A-B (already
 * there: a no-op) and removing A-D and A-C (not adjacent: a no-op) leaves
 * the rook pairs A-B and B-C: D is an island now, C is not. Adding B-D as
 * well turns the corner into a rook pair. A pair both added and removed is
 * an error naming both files and lines. */
static void amend(rn_ctx_t *ctx) {
  tg_unit tu[] = {{"A", 0, 0, 1}, {"B", 1, 0, 1}, {"C", 3, 0, 1}, {"D", 0, 1, 1}};
  tg_flow tf[] = {{"A", "B", 1}};
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  rn_units_init(&u);
  rn_flows_init(&f);
  rn_adjacency_init(&a);
  if (tg_build(ctx, tu, 4, tf, 1, &u, &f, &a) != RN_OK) {
    CHECK(0, "build: %s", ctx->err);
    return;
  }
  int64_t A = 0, B = 1, C = 2, D = 3;
  CHECK(degree(&a, &u, "C") == 0 && degree(&a, &u, "D") == 1 && rn_adjacency_degree(&a, B, 1) == 2,
        "before: C island, D one rook neighbour, B-D queen");
  rn_adjacency_edits_t add, rem;
  edits(&add, 0, B, C, A, B);
  edits(&rem, 1, A, D, A, C);
  int rc = rn_adjacency_amend(ctx, &u, &a, &add, &rem);
  CHECK(rc == RN_OK, "amend: %s", ctx->err);
  CHECK(!add.noop[0] && add.noop[1] && !rem.noop[0] && rem.noop[1], "no-ops: add A-B, remove A-C");
  CHECK(degree(&a, &u, "A") == 1 && degree(&a, &u, "B") == 2 && degree(&a, &u, "C") == 1 &&
            degree(&a, &u, "D") == 0,
        "after: A %lld B %lld C %lld D %lld", (long long)degree(&a, &u, "A"),
        (long long)degree(&a, &u, "B"), (long long)degree(&a, &u, "C"),
        (long long)degree(&a, &u, "D"));
  CHECK(a.row[C + 1] - a.row[C] == 1 && a.col[a.row[C]] == B && a.shared[a.row[C]] == RN_ADJ_ADDED_SHARED,
        "C's neighbour is B with the nominal length");
  CHECK(a.outer[C] == a.perimeter[C], "C's coast stays coast");
  for (int64_t i = 0; i < a.n; i++)
    for (int64_t p = a.row[i] + 1; p < a.row[i + 1]; p++)
      CHECK(a.col[p - 1] < a.col[p], "row %lld sorted", (long long)i);
  rn_adjacency_edits_destroy(&add);
  rn_adjacency_edits_destroy(&rem);
  /* B-D: a corner contact becomes a rook pair */
  edits(&add, 0, B, D, A, B);
  CHECK(rn_adjacency_amend(ctx, &u, &a, &add, NULL) == RN_OK && degree(&a, &u, "D") == 1 &&
            !add.noop[0],
        "B-D made rook");
  rn_adjacency_edits_destroy(&add);
  /* contradiction */
  edits(&add, 0, B, C, C, D);
  edits(&rem, 1, A, B, C, D);
  rc = rn_adjacency_amend(ctx, &u, &a, &add, &rem);
  CHECK(rc == RN_EINPUT && strstr(ctx->err, "add.csv:3: the pair C,D is also to be removed (remove.csv:3)"),
        "contradiction: %s", ctx->err);
  rn_adjacency_edits_destroy(&add);
  rn_adjacency_edits_destroy(&rem);
  rn_adjacency_destroy(&a);
  rn_flows_destroy(&f);
  rn_units_destroy(ctx, &u);
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  ctx.report = NULL;
  no_core(&ctx);
  share(&ctx);
  singletons(&ctx);
  amend(&ctx);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
