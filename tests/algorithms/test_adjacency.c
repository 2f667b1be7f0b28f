/* Unit adjacency (algorithms/adjacency/adjacency.c): a hand-made grid, the method's
 * worked example and the Korean SiGun boundaries. */
#include "engine/engine.h"
#include "kr_units.h"
#include "algorithms/adjacency/adjacency_exact.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures;
#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                          \
    }                                                                      \
  } while (0)
#define CHECK_NEAR(a, b, eps)                                                      \
  do {                                                                             \
    double a_ = (a), b_ = (b);                                                     \
    if (!(fabs(a_ - b_) <= (eps))) {                                               \
      fprintf(stderr, "%s:%d: %s = %.9g, expected %.9g\n", __FILE__, __LINE__, #a, \
              a_, b_);                                                             \
      failures++;                                                                  \
    }                                                                              \
  } while (0)

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static GEOSGeometry *square(rn_ctx_t *ctx, double x, double y, double s) {
  char wkt[256];
  snprintf(wkt, sizeof wkt, "POLYGON((%.17g %.17g, %.17g %.17g, %.17g %.17g, %.17g %.17g, %.17g %.17g))",
           x, y, x + s, y, x + s, y + s, x, y + s, x, y);
  GEOSWKTReader *r = GEOSWKTReader_create_r(ctx->geos);
  GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, r, wkt);
  GEOSWKTReader_destroy_r(ctx->geos, r);
  return g;
}

/* shared length of (i, j); -1 when not neighbours */
static double shared_of(const rn_adjacency_t *a, int64_t i, int64_t j) {
  for (int64_t k = a->row[i]; k < a->row[i + 1]; k++)
    if (a->col[k] == j) return a->shared[k];
  return -1;
}

/* CSR well formed: rows sorted, no self loops, symmetric with equal lengths. */
static void check_csr(const rn_adjacency_t *a) {
  CHECK(a->row[0] == 0);
  for (int64_t i = 0; i < a->n; i++) {
    CHECK(a->row[i + 1] >= a->row[i]);
    for (int64_t k = a->row[i]; k < a->row[i + 1]; k++) {
      CHECK(a->col[k] != i);
      if (k > a->row[i]) CHECK(a->col[k] > a->col[k - 1]);
      CHECK(a->shared[k] >= 0);
      CHECK(shared_of(a, a->col[k], i) == a->shared[k]);
    }
    CHECK(a->outer[i] >= 0 && a->outer[i] <= a->perimeter[i]);
  }
}

static int64_t count_pairs(const rn_adjacency_t *a, int queen) {
  int64_t d = 0;
  for (int64_t i = 0; i < a->n; i++) d += rn_adjacency_degree(a, i, queen);
  return d / 2;
}

static int same_adjacency(const rn_adjacency_t *a, const rn_adjacency_t *b) {
  if (a->n != b->n) return 0;
  if (memcmp(a->row, b->row, sizeof(int64_t) * (size_t)(a->n + 1))) return 0;
  int64_t m = a->row[a->n];
  return !memcmp(a->col, b->col, sizeof(int64_t) * (size_t)m) &&
         !memcmp(a->shared, b->shared, sizeof(double) * (size_t)m) &&
         !memcmp(a->perimeter, b->perimeter, sizeof(double) * (size_t)a->n) &&
         !memcmp(a->outer, b->outer, sizeof(double) * (size_t)a->n);
}

/* ------------------------------------------------------------------ grid */
/* 3x3 cells "r<row><col>" of side s at (col*s, row*s); "t" touches cell r22
 * at its corner (3s, 3s) only; "x" is an island far away; "z" has no geometry.
 * Codes are given in a scrambled order (reverse = 1) to show that only the
 * unit ids (sorted codes) matter. */
static void build_grid(rn_ctx_t *ctx, double s, int reverse, rn_units_t *u) {
  const char *codes[12];
  GEOSGeometry *geoms[12];
  static char names[9][4];
  int n = 0;
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++) {
      snprintf(names[r * 3 + c], 4, "r%d%d", r, c);
      codes[n] = names[r * 3 + c];
      geoms[n++] = square(ctx, c * s, r * s, s);
    }
  codes[n] = "t", geoms[n++] = square(ctx, 3 * s, 3 * s, s);
  codes[n] = "x", geoms[n++] = square(ctx, 10 * s, 10 * s, s);
  codes[n] = "z", geoms[n++] = NULL;
  if (reverse)
    for (int k = 0; k < n / 2; k++) {
      const char *tc = codes[k];
      codes[k] = codes[n - 1 - k], codes[n - 1 - k] = tc;
      GEOSGeometry *tg = geoms[k];
      geoms[k] = geoms[n - 1 - k], geoms[n - 1 - k] = tg;
    }
  CHECK(rn_units_from_arrays(ctx, n, codes, NULL, NULL, geoms, u) == RN_OK);
}

typedef int (*adj_fn)(rn_ctx_t *, const rn_units_t *, double, rn_adjacency_t *);

/* build: rn_adjacency_build (a clean grid: exact edge matching) or
 * rn_adjacency_measure (the tolerance path every messy coverage takes). */
static void test_grid(rn_ctx_t *ctx, double s, double tol, adj_fn build) {
  rn_units_t u;
  build_grid(ctx, s, 0, &u);
  rn_adjacency_t a;
  CHECK(build(ctx, &u, tol, &a) == RN_OK);
  check_csr(&a);
  const double eps = 1e-9 * s;
  char code[8];
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++) {
      snprintf(code, sizeof code, "r%d%d", r, c);
      int64_t i = rn_units_find(&u, code);
      int rook = 0, queen = 0;
      for (int r2 = 0; r2 < 3; r2++)
        for (int c2 = 0; c2 < 3; c2++) {
          snprintf(code, sizeof code, "r%d%d", r2, c2);
          int64_t j = rn_units_find(&u, code);
          int dr = abs(r - r2), dc = abs(c - c2);
          double sh = shared_of(&a, i, j);
          if (dr + dc == 1) { /* rook: one whole side */
            CHECK_NEAR(sh, s, eps);
            rook++, queen++;
          } else if (dr == 1 && dc == 1) { /* diagonal: queen only */
            CHECK(sh == 0);
            queen++;
          } else {
            CHECK(sh == -1);
          }
        }
      if (r == 2 && c == 2) queen++; /* + the corner-touching square */
      CHECK(rn_adjacency_degree(&a, i, 0) == rook);
      CHECK(rn_adjacency_degree(&a, i, 1) == queen);
      CHECK_NEAR(a.perimeter[i], 4 * s, eps);
      /* outer: corner cells 2 sides, edge cells 1, the centre 0 */
      int sides = (r != 1) + (c != 1);
      CHECK_NEAR(a.outer[i], sides * s, eps);
    }
  int64_t t = rn_units_find(&u, "t"), x = rn_units_find(&u, "x"), z = rn_units_find(&u, "z");
  int64_t r22 = rn_units_find(&u, "r22");
  CHECK(shared_of(&a, t, r22) == 0); /* point contact: queen neighbour, shared 0 */
  CHECK(rn_adjacency_degree(&a, t, 0) == 0 && rn_adjacency_degree(&a, t, 1) == 1);
  CHECK_NEAR(a.outer[t], 4 * s, eps);
  CHECK(rn_adjacency_degree(&a, x, 1) == 0); /* island */
  CHECK_NEAR(a.perimeter[x], 4 * s, eps);
  CHECK_NEAR(a.outer[x], 4 * s, eps);
  CHECK(rn_adjacency_degree(&a, z, 1) == 0); /* no geometry */
  CHECK(a.perimeter[z] == 0 && a.outer[z] == 0);
  CHECK(count_pairs(&a, 0) == 12 && count_pairs(&a, 1) == 12 + 8 + 1);

  /* Same units given in another order: identical result, bit for bit. */
  rn_units_t u2;
  build_grid(ctx, s, 1, &u2);
  rn_adjacency_t a2;
  CHECK(build(ctx, &u2, tol, &a2) == RN_OK);
  CHECK(same_adjacency(&a, &a2));
  rn_adjacency_destroy(&a2);
  rn_units_destroy(ctx, &u2);
  rn_adjacency_destroy(&a);
  rn_units_destroy(ctx, &u);
}

/* A clean coverage (Voronoi cells, 120-degree junctions) is recognised as
 * one, and the exact edge matching finds the same neighbours as the tolerance
 * path (t = 1 m) along every border longer than 10 t, within 10 t: the tolerance
 * path's end correction is exact only where borders meet at right angles and
 * over-counts up to ~8 t at the sharp junctions of Voronoi cells. Two squares
 * overlapping by a sliver are not taken for a clean coverage. */
static void test_paths_agree(rn_ctx_t *ctx) {
  rn_generate_opts_t go = {.n_units = 300, .n_flows = 3000, .seed = 7};
  rn_units_t u;
  rn_units_init(&u);
  CHECK(rn_generate_units(ctx, &go, &u) == RN_OK);
  rn_adjacency_t ex, me;
  rn_adjacency_init(&ex);
  unsigned char messy[400];
  CHECK(rn_adjacency_exact(ctx, &u, 0, &ex, messy) == 1);
  CHECK(rn_adjacency_measure(ctx, &u, 1.0, &me) == RN_OK);
  int64_t differ = 0;
  /* borders longer than 10 t: the same pairs, lengths within 10 t (shorter
   * ones sit at the tolerance's own scale: a 0.3 m edge is rook when exact,
   * queen when measured with t = 1 m) */
  for (int64_t i = 0; i < u.n; i++) {
    for (int64_t k = ex.row[i]; k < ex.row[i + 1]; k++)
      if (ex.shared[k] > 10.0) differ += fabs(ex.shared[k] - shared_of(&me, i, ex.col[k])) > 10.0;
    for (int64_t k = me.row[i]; k < me.row[i + 1]; k++)
      if (me.shared[k] > 10.0) differ += fabs(me.shared[k] - shared_of(&ex, i, me.col[k])) > 10.0;
    differ += fabs(ex.outer[i] - me.outer[i]) > 10.0 * (double)rn_adjacency_degree(&me, i, 1);
  }
  CHECK(differ == 0);
  if (differ) fprintf(stderr, "exact and measured adjacency differ in %lld places\n", (long long)differ);
  rn_adjacency_destroy(&ex);
  rn_adjacency_destroy(&me);
  rn_units_destroy(ctx, &u);
  /* two squares overlapping by a sliver: not a clean coverage */
  GEOSWKTReader *rd = GEOSWKTReader_create_r(ctx->geos);
  GEOSGeometry *g[2] = {GEOSWKTReader_read_r(ctx->geos, rd, "POLYGON((0 0,10 0,10 10,0 10,0 0))"),
                        GEOSWKTReader_read_r(ctx->geos, rd, "POLYGON((9.9 0,20 0,20 10,9.9 10,9.9 0))")};
  GEOSWKTReader_destroy_r(ctx->geos, rd);
  const char *codes[2] = {"a", "b"};
  rn_units_init(&u);
  CHECK(rn_units_from_arrays(ctx, 2, codes, NULL, NULL, g, &u) == RN_OK);
  rn_adjacency_init(&ex);
  CHECK(rn_adjacency_exact(ctx, &u, 0, &ex, messy) == 0 && ex.row == NULL);
  rn_units_destroy(ctx, &u);

  /* 2x2 cells where B's left edge has a vertex A's right edge lacks (a
   * T-junction, as GIS repairs leave them): A and B are marked messy, their
   * pairs are measured with the tolerance, the others stay exact, and the
   * result is the clean grid's */
  static const char *wkt[4] = {"POLYGON((0 0,1 0,1 1,0 1,0 0))",
                               "POLYGON((1 0,2 0,2 1,1 1,1 0.5,1 0))",
                               "POLYGON((0 1,1 1,1 2,0 2,0 1))", "POLYGON((1 1,2 1,2 2,1 2,1 1))"};
  static const char *names[4] = {"A", "B", "C", "D"};
  rd = GEOSWKTReader_create_r(ctx->geos);
  GEOSGeometry *q[4];
  for (int k = 0; k < 4; k++) q[k] = GEOSWKTReader_read_r(ctx->geos, rd, wkt[k]);
  GEOSWKTReader_destroy_r(ctx->geos, rd);
  rn_units_init(&u);
  CHECK(rn_units_from_arrays(ctx, 4, names, NULL, NULL, q, &u) == RN_OK);
  CHECK(rn_adjacency_exact(ctx, &u, 0, &ex, messy) == 2);
  CHECK(messy[0] && messy[1] && !messy[2] && !messy[3]);
  rn_adjacency_destroy(&ex);
  CHECK(rn_adjacency_build(ctx, &u, 0.01, &ex) == RN_OK);
  CHECK_NEAR(shared_of(&ex, 0, 1), 1.0, 1e-9); /* A-B measured */
  CHECK_NEAR(shared_of(&ex, 0, 2), 1.0, 1e-9); /* A-C measured (A is messy) */
  CHECK_NEAR(shared_of(&ex, 2, 3), 1.0, 1e-9); /* C-D exact */
  CHECK(shared_of(&ex, 0, 3) == 0 && shared_of(&ex, 1, 2) == 0); /* diagonals: queen */
  for (int k = 0; k < 4; k++) CHECK_NEAR(ex.outer[k], 2.0, 1e-9);
  check_csr(&ex);
  rn_adjacency_destroy(&ex);
  rn_units_destroy(ctx, &u);
}

/* -------------------------------------------- one definition, every path */
/* Whichever way adjacency is computed, its pairs are those of the measure at
 * the tolerance t (shared_boundary.c): a clean coverage matched exactly must
 * give them too. By hand, at t = 100 m:
 * - A [0,518]x[-1000,0] and B [0,518]x[40,1040] across a 40 m gap, both
 *   matching C [518,1518]x[-1000,1040] exactly: A's boundary within 100 m of
 *   B is its top edge (518 m) and 60 m down each side (the distance to B's
 *   corner is 40 + d), 638 m less 2t = 438 m, the same for B: rook, 438 m.
 * - D [0,1000]^2 and E [1000,2000]x[976,1976] share 24 m of matched edge:
 *   D's boundary within 100 m of E is those 24 m and 100 m on either side,
 *   224 - 200 = 24 m < t: queen only. At t = 10 m: 24 >= 10, rook. */
static void test_one_definition(rn_ctx_t *ctx) {
  static const char *wkt[5] = {
      "POLYGON((0 -1000,518 -1000,518 0,0 0,0 -1000))",
      "POLYGON((0 40,518 40,518 1040,0 1040,0 40))",
      "POLYGON((518 -1000,1518 -1000,1518 1040,518 1040,518 40,518 0,518 -1000))",
      "POLYGON((0 0,1000 0,1000 976,1000 1000,0 1000,0 0))",
      "POLYGON((1000 976,2000 976,2000 1976,1000 1976,1000 1000,1000 976))"};
  static const char *codes[5] = {"A", "B", "C", "D", "E"};
  GEOSWKTReader *rd = GEOSWKTReader_create_r(ctx->geos);
  GEOSGeometry *g[5];
  for (int k = 0; k < 5; k++) g[k] = GEOSWKTReader_read_r(ctx->geos, rd, wkt[k]);
  GEOSWKTReader_destroy_r(ctx->geos, rd);
  /* the gap: A, B, C alone (D and E lie elsewhere) */
  rn_units_t u;
  rn_units_init(&u);
  CHECK(rn_units_from_arrays(ctx, 3, codes, NULL, NULL, g, &u) == RN_OK);
  rn_adjacency_t a, m;
  unsigned char messy[8];
  CHECK(rn_adjacency_exact(ctx, &u, 0, &a, messy) == 1); /* a clean coverage */
  CHECK(shared_of(&a, 0, 1) < 0);                         /* no contact without tolerance */
  rn_adjacency_destroy(&a);
  CHECK(rn_adjacency_build(ctx, &u, RN_ADJ_DEFAULT_TOLERANCE, &a) == RN_OK);
  CHECK_NEAR(shared_of(&a, 0, 1), 438.0, 1e-6);
  CHECK_NEAR(shared_of(&a, 0, 2), 1000.0, 1e-6); /* matched exactly, 1000 m */
  CHECK(rn_adjacency_degree(&a, 0, 0) == 2 && rn_adjacency_degree(&a, 1, 0) == 2);
  rn_adjacency_destroy(&a);
  rn_units_destroy(ctx, &u);
  /* the short border */
  rn_units_init(&u);
  CHECK(rn_units_from_arrays(ctx, 2, codes + 3, NULL, NULL, g + 3, &u) == RN_OK);
  CHECK(rn_adjacency_exact(ctx, &u, 0, &a, messy) == 1);
  CHECK_NEAR(shared_of(&a, 0, 1), 24.0, 1e-9); /* the match alone: 24 m */
  rn_adjacency_destroy(&a);
  CHECK(rn_adjacency_build(ctx, &u, RN_ADJ_DEFAULT_TOLERANCE, &a) == RN_OK);
  CHECK(shared_of(&a, 0, 1) == 0); /* queen only */
  CHECK(rn_adjacency_degree(&a, 0, 0) == 0 && rn_adjacency_degree(&a, 0, 1) == 1);
  rn_adjacency_destroy(&a);
  CHECK(rn_adjacency_build(ctx, &u, 10, &a) == RN_OK);
  CHECK_NEAR(shared_of(&a, 0, 1), 24.0, 1e-6);
  rn_adjacency_destroy(&a);
  rn_units_destroy(ctx, &u);
  /* a clean Voronoi coverage: the exact match with its undecided pairs
   * measured gives the measure's pairs, at two tolerances */
  rn_generate_opts_t go = {.n_units = 300, .n_flows = 3000, .seed = 7};
  rn_units_init(&u);
  CHECK(rn_generate_units(ctx, &go, &u) == RN_OK);
  double tols[2] = {100, 2000};
  for (int k = 0; k < 2; k++) {
    CHECK(rn_adjacency_build(ctx, &u, tols[k], &a) == RN_OK);
    CHECK(rn_adjacency_measure(ctx, &u, tols[k], &m) == RN_OK);
    int64_t differ = 0;
    for (int64_t i = 0; i < u.n; i++)
      differ += rn_adjacency_degree(&a, i, 0) != rn_adjacency_degree(&m, i, 0) ||
                rn_adjacency_degree(&a, i, 1) != rn_adjacency_degree(&m, i, 1);
    for (int64_t i = 0; i < u.n; i++)
      for (int64_t p = a.row[i]; p < a.row[i + 1]; p++)
        differ += (a.shared[p] > 0) != (shared_of(&m, i, a.col[p]) > 0);
    CHECK(differ == 0);
    if (differ) fprintf(stderr, "t = %g: %lld pairs differ\n", tols[k], (long long)differ);
    rn_adjacency_destroy(&a);
    rn_adjacency_destroy(&m);
  }
  rn_units_destroy(ctx, &u);
}

/* ------------------------------------------- segments vs GEOS overlays */
/* The two implementations of the tolerance path, on all pairs. */
static int measure_segments(rn_ctx_t *ctx, const rn_units_t *u, double tol, rn_adjacency_t *a) {
  return rn_adjacency_segments(ctx, u, tol, NULL, a);
}
static int measure_geos(rn_ctx_t *ctx, const rn_units_t *u, double tol, rn_adjacency_t *a) {
  return rn_adjacency_measure_geos(ctx, u, tol, NULL, a);
}

static GEOSGeometry *from_wkt(rn_ctx_t *ctx, const char *wkt) {
  GEOSWKTReader *r = GEOSWKTReader_create_r(ctx->geos);
  GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, r, wkt);
  GEOSWKTReader_destroy_r(ctx->geos, r);
  return g;
}

/* Shapes whose shared lengths at t = 100 follow from the definition by hand
 * (all corners are right angles, so GEOS's chords do not matter):
 * - a gap of 50 between two 1000 m squares: B_i within t of P_j is the facing
 *   side plus 50 m of each side next to it, 1100 m, less 2t: 900;
 * - an overlap of 300 (B_i runs inside P_j, the point-in-polygon case): the
 *   side inside plus 300 + t of each side next to it, 1800 m, less 2t: 1600;
 * - a square filling the hole of another: both rings wholly in the zone,
 *   closed pieces counted in full: 4000, and the outer ring 1000 m away adds
 *   nothing;
 * - two parts of one unit: the part far away adds nothing, nor makes a pair. */
static void test_shapes(rn_ctx_t *ctx, adj_fn measure) {
  static const char *wkt[] = {
      "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))",
      "POLYGON((1050 0,2050 0,2050 1000,1050 1000,1050 0))",
      "POLYGON((10000 0,11000 0,11000 1000,10000 1000,10000 0))",
      "POLYGON((10700 0,11700 0,11700 1000,10700 1000,10700 0))",
      "POLYGON((20000 0,23000 0,23000 3000,20000 3000,20000 0),"
      "(21000 1000,21000 2000,22000 2000,22000 1000,21000 1000))",
      "MULTIPOLYGON(((21000 1000,22000 1000,22000 2000,21000 2000,21000 1000)),"
      "((40000 0,41000 0,41000 1000,40000 1000,40000 0)))"};
  static const char *codes[] = {"gap_a", "gap_b", "ovl_a", "ovl_b", "ring", "hole"};
  GEOSGeometry *g[6];
  for (int k = 0; k < 6; k++) g[k] = from_wkt(ctx, wkt[k]);
  rn_units_t u;
  CHECK(rn_units_from_arrays(ctx, 6, codes, NULL, NULL, g, &u) == RN_OK);
  rn_adjacency_t a;
  CHECK(measure(ctx, &u, 100, &a) == RN_OK);
  check_csr(&a);
  int64_t ga = rn_units_find(&u, "gap_a"), gb = rn_units_find(&u, "gap_b");
  int64_t oa = rn_units_find(&u, "ovl_a"), ob = rn_units_find(&u, "ovl_b");
  int64_t ri = rn_units_find(&u, "ring"), ho = rn_units_find(&u, "hole");
  CHECK_NEAR(shared_of(&a, ga, gb), 900, 1e-6);
  CHECK_NEAR(shared_of(&a, oa, ob), 1600, 1e-6);
  CHECK_NEAR(shared_of(&a, ri, ho), 4000, 1e-6);
  CHECK(count_pairs(&a, 1) == 3 && count_pairs(&a, 0) == 3);
  CHECK_NEAR(a.perimeter[ri], 16000, 1e-6);
  CHECK_NEAR(a.perimeter[ho], 8000, 1e-6);
  CHECK_NEAR(a.outer[ri], 12000, 1e-6);
  CHECK_NEAR(a.outer[ho], 4000, 1e-6);
  rn_adjacency_destroy(&a);
  rn_units_destroy(ctx, &u);
}

/* Both implementations on the Korean SiGun boundaries at t = 100: the same
 * pairs, the same rook / queen split, shared lengths within 1 % + 5 m (GEOS
 * draws the round corners of its buffers with chords, so its pieces can end
 * a little earlier), and the segment path's result the same for 1 or 2
 * threads, bit for bit. */
static void compare_korea(rn_ctx_t *ctx, const rn_units_t *u) {
  rn_adjacency_t g, s, s1;
  double t0 = now();
  CHECK(rn_adjacency_measure_geos(ctx, u, 100, NULL, &g) == RN_OK);
  double t1 = now();
  CHECK(rn_adjacency_segments(ctx, u, 100, NULL, &s) == RN_OK);
  double t2 = now();
  int threads = ctx->threads;
  ctx->threads = 1;
  CHECK(rn_adjacency_segments(ctx, u, 100, NULL, &s1) == RN_OK);
  ctx->threads = threads;
  CHECK(same_adjacency(&s, &s1));
  check_csr(&s);
  CHECK(count_pairs(&s, 0) == 405 && count_pairs(&s, 1) == 407);
  double maxabs = 0, maxrel = 0;
  int64_t bad = 0;
  for (int64_t i = 0; i < u->n; i++) {
    CHECK(g.row[i + 1] - g.row[i] == s.row[i + 1] - s.row[i]);
    for (int64_t k = g.row[i]; k < g.row[i + 1]; k++) {
      double vs = shared_of(&s, i, g.col[k]), vg = g.shared[k];
      CHECK(vs >= 0);
      CHECK((vs > 0) == (vg > 0));
      double d = fabs(vs - vg);
      bad += d > 0.01 * vg + 5;
      if (d > maxabs) maxabs = d;
      if (vg > 0 && d / vg > maxrel) maxrel = d / vg;
    }
    CHECK_NEAR(s.perimeter[i], g.perimeter[i], 1e-6);
  }
  CHECK(bad == 0);
  printf("korea t=100: GEOS %.3fs, segments %.3fs; shared differ by <= %.3f m, %.3f %%\n", t1 - t0,
         t2 - t1, maxabs, 100 * maxrel);
  rn_adjacency_destroy(&g);
  rn_adjacency_destroy(&s);
  rn_adjacency_destroy(&s1);
}

/* ------------------------------------------------ the worked example */
static void test_worked_example(rn_ctx_t *ctx) {
  /* y=1: E F G H;  y=0: A B C D (unit squares) */
  const char *codes[8] = {"A", "B", "C", "D", "E", "F", "G", "H"};
  GEOSGeometry *g[8];
  for (int k = 0; k < 8; k++) g[k] = square(ctx, k % 4, k / 4, 1);
  rn_units_t u;
  CHECK(rn_units_from_arrays(ctx, 8, codes, NULL, NULL, g, &u) == RN_OK);
  rn_adjacency_t a;
  CHECK(rn_adjacency_build(ctx, &u, 0, &a) == RN_OK);
  check_csr(&a);
  static const char *rook[][2] = {{"A", "B"}, {"B", "C"}, {"C", "D"}, {"E", "F"}, {"F", "G"},
                                  {"G", "H"}, {"A", "E"}, {"B", "F"}, {"C", "G"}, {"D", "H"}};
  static const char *diag[][2] = {{"A", "F"}, {"B", "E"}, {"B", "G"},
                                  {"C", "F"}, {"C", "H"}, {"D", "G"}};
  for (int k = 0; k < 10; k++)
    CHECK_NEAR(shared_of(&a, rn_units_find(&u, rook[k][0]), rn_units_find(&u, rook[k][1])), 1, 1e-12);
  for (int k = 0; k < 6; k++)
    CHECK(shared_of(&a, rn_units_find(&u, diag[k][0]), rn_units_find(&u, diag[k][1])) == 0);
  CHECK(count_pairs(&a, 0) == 10 && count_pairs(&a, 1) == 16);
  for (int64_t i = 0; i < 8; i++) {
    CHECK(a.outer[i] > 0); /* every unit is on the edge of the study area */
    int corner = !strcmp(u.code[i], "A") || !strcmp(u.code[i], "D") ||
                 !strcmp(u.code[i], "E") || !strcmp(u.code[i], "H");
    CHECK_NEAR(a.outer[i], corner ? 2 : 1, 1e-12);
  }
  rn_adjacency_destroy(&a);
  rn_units_destroy(ctx, &u);
}

/* ------------------------------------------------------ errors, progress */
static int stop_now(double done, const char *msg, void *arg) {
  (void)done, (void)msg, (void)arg;
  return 0;
}

static void test_errors(rn_ctx_t *ctx) {
  rn_units_t u;
  build_grid(ctx, 1, 0, &u);
  rn_adjacency_t a;
  CHECK(rn_adjacency_build(ctx, &u, -1, &a) == RN_EPARAM);
  CHECK(rn_adjacency_build(ctx, &u, NAN, &a) == RN_EPARAM);
  ctx->progress = stop_now;
  CHECK(rn_adjacency_build(ctx, &u, 0, &a) == RN_EINTERRUPT);
  CHECK(a.row == NULL && a.n == 0);
  ctx->progress = NULL;
  rn_adjacency_destroy(&a); /* harmless on an empty object */
  rn_units_destroy(ctx, &u);
}

/* ---------------------------------------------------------------- Korea */
/* Expected figures were derived once, independently of this code, with
 * SpatiaLite through GDAL (GEOS underneath, but other code: no STRtree, no
 * prepared geometry, no clipping):
 *
 *   ogr2ogr -f CSV pairs.csv KR_SiGun.gpkg -dialect SQLite -sql "SELECT
 *     a.SiGun_CD ca, b.SiGun_CD cb, ST_Distance(a.geom, b.geom) dist,
 *     ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) bb,
 *     ST_Length(ST_Intersection(ST_Boundary(a.geom), b.geom)) ab0,
 *     ST_Length(ST_Intersection(ST_Boundary(b.geom), a.geom)) ba0
 *     FROM KR_SiGun a, KR_SiGun b WHERE a.SiGun_CD < b.SiGun_CD
 *     AND ST_Distance(a.geom, b.geom) < 1000"
 *
 * - 404 pairs touch (dist = 0). (ab0 + ba0) / 2 > 0 for 403 of them: the rook
 *   pairs at tolerance 0; the one left, Seocheon 34540 - Iksan 35030, touches
 *   at a point. (bb > 0 for only 394 pairs: the file is no clean coverage,
 *   see the report of the adjacency work; 6 pairs overlap with bb = 0.)
 * - Seoul 11 touches exactly 13 units (all with ab0 > 0), listed below, e.g.
 *   (ab0 + ba0) / 2 = 6990.511 m with Incheon 23, 29484.296 m with Goyang
 *   31100; Seongnam 31020 - Gwacheon 31110 overlap, bb = 0, ab0/ba0 mean
 *   1697.925 m.
 * - 0 < dist <= 100 m for 3 more pairs: Pyeongtaek 31070 - Dangjin 34080
 *   (0.028 m), Incheon 23 - Ansan 31090 (73.7 m), Boryeong 34030 - Taean
 *   34580 (97.7 m): at tolerance 100 they are neighbours too (queen pairs
 *   404 + 3 = 407). Dist > 100 m for every other pair: the 4 units with no
 *   pair at dist <= 100 are the islands Wando 36660, Jindo 36670, Geoje
 *   38090, Namhae 38550.
 * At tolerance 100, SpatiaLite's ST_Intersection(ST_Boundary(a),
 * ST_Buffer(b, 100)) is > 1 km for 31070-34080 and 34540-35030 (rook) and 0
 * for 23-31090 and 34030-34580 (queen only): 405 rook pairs. */
static void test_korea(rn_ctx_t *ctx) {
  const char *data = getenv("RN_DATA");
  if (!data) data = "datasets";
  char path[4096];
  snprintf(path, sizeof path, "%s/kr/KR_SiGun.gpkg", data);
  rn_units_t u;
  double t0 = now();
  if (load_ogr_units(ctx, path, "KR_SiGun", "SiGun_CD", &u) != RN_OK) {
    failures++;
    return;
  }
  double t1 = now();
  CHECK(u.n == 159);

  rn_adjacency_t a;
  CHECK(rn_adjacency_build(ctx, &u, 0, &a) == RN_OK);
  double t2 = now();
  check_csr(&a);
  CHECK(count_pairs(&a, 0) == 403);
  CHECK(count_pairs(&a, 1) == 404);
  int64_t seoul = rn_units_find(&u, "11");
  static const char *seoul_nb[] = {"23",    "31020", "31030", "31040", "31050", "31060", "31100",
                                   "31110", "31120", "31130", "31180", "31230", "31260"};
  CHECK(rn_adjacency_degree(&a, seoul, 0) == 13 && rn_adjacency_degree(&a, seoul, 1) == 13);
  for (int k = 0; k < 13; k++) CHECK(shared_of(&a, seoul, rn_units_find(&u, seoul_nb[k])) > 0);
  CHECK_NEAR(shared_of(&a, seoul, rn_units_find(&u, "23")), 6990.511, 0.01);
  CHECK_NEAR(shared_of(&a, seoul, rn_units_find(&u, "31100")), 29484.296, 0.01);
  CHECK_NEAR(shared_of(&a, rn_units_find(&u, "31020"), rn_units_find(&u, "31110")), 1697.925, 0.01);
  CHECK(shared_of(&a, rn_units_find(&u, "34540"), rn_units_find(&u, "35030")) == 0);
  rn_adjacency_destroy(&a);

  /* Tolerance 100 m, the value this file needs (gaps between neighbours run
   * up to ~100 m wide). */
  double t3 = now();
  CHECK(rn_adjacency_build(ctx, &u, 100, &a) == RN_OK);
  double t4 = now();
  check_csr(&a);
  CHECK(count_pairs(&a, 0) == 405);
  CHECK(count_pairs(&a, 1) == 407);
  CHECK(shared_of(&a, rn_units_find(&u, "31070"), rn_units_find(&u, "34080")) > 100);
  CHECK(shared_of(&a, rn_units_find(&u, "34540"), rn_units_find(&u, "35030")) > 100);
  CHECK(shared_of(&a, rn_units_find(&u, "23"), rn_units_find(&u, "31090")) == 0);
  CHECK(shared_of(&a, rn_units_find(&u, "34030"), rn_units_find(&u, "34580")) == 0);
  CHECK(rn_adjacency_degree(&a, seoul, 0) == 13);
  static const char *islands[] = {"36660", "36670", "38090", "38550"};
  int nisl = 0;
  for (int64_t i = 0; i < u.n; i++)
    if (rn_adjacency_degree(&a, i, 1) == 0) {
      int known = 0;
      for (int k = 0; k < 4; k++) known |= !strcmp(u.code[i], islands[k]);
      CHECK(known);
      CHECK(a.outer[i] == a.perimeter[i]);
      nisl++;
    }
  CHECK(nisl == 4);
  /* Landlocked units: (almost) no outer boundary left at this tolerance;
   * coastal ones keep most of theirs. */
  static const char *inland[] = {"11", "25", "29", "33030", "33040", "33520", "37040"};
  for (int k = 0; k < 7; k++) {
    int64_t i = rn_units_find(&u, inland[k]);
    CHECK(a.outer[i] < 0.01 * a.perimeter[i]);
  }
  static const char *coastal[] = {"21", "23", "36680"};
  for (int k = 0; k < 3; k++) {
    int64_t i = rn_units_find(&u, coastal[k]);
    CHECK(a.outer[i] > 0.5 * a.perimeter[i]);
  }
  rn_adjacency_destroy(&a);
  compare_korea(ctx, &u);
  printf("korea: load %.2fs, adjacency tol 0 %.2fs, tol 100 %.2fs\n", t1 - t0, t2 - t1, t4 - t3);
  rn_units_destroy(ctx, &u);
}

int main(void) {
  rn_ctx_t ctx;
  if (rn_ctx_init(&ctx) != RN_OK) return 1;
  ctx.report = NULL;
  double t0 = now();
  for (int k = 0; k < 2; k++) {
    adj_fn f = k ? rn_adjacency_measure : rn_adjacency_build;
    test_grid(&ctx, 1, 0, f);
    test_grid(&ctx, 1000, 0, f);
    test_grid(&ctx, 1, 0.001, f);
    test_grid(&ctx, 1000, 1, f);
  }
  /* the tolerance path's two implementations, on exact lengths */
  for (int k = 0; k < 2; k++) {
    adj_fn f = k ? measure_geos : measure_segments;
    test_grid(&ctx, 1, 0.001, f);
    test_grid(&ctx, 1000, 1, f);
    test_grid(&ctx, 1000, 100, f);
    test_shapes(&ctx, f);
  }
  test_paths_agree(&ctx);
  test_one_definition(&ctx);
  test_worked_example(&ctx);
  test_errors(&ctx);
  printf("synthetic: %.3fs\n", now() - t0);
  test_korea(&ctx);
  rn_ctx_destroy(&ctx);
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}
