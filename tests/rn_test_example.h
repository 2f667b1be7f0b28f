/* The method's first worked example (algorithms/README.md), shared by the
 * tests that run it: eight unit squares (y=1: E F G H; y=0: A B C D), their
 * masses and flows. */
#ifndef RN_TEST_EXAMPLE_H
#define RN_TEST_EXAMPLE_H
#include "engine/engine.h"
#include <stdio.h>

/* y=1: E F G H ; y=0: A B C D (unit squares, rook adjacency, outer edges coast) */
static const char *codes[8] = {"A", "B", "C", "D", "E", "F", "G", "H"};
static const double mass[8] = {1000000, 80000, 60000, 200000, 50000, 40000, 30000, 20000};
static const struct {
  char o, d;
  double v;
} flows[] = {{'A', 'A', 950}, {'A', 'B', 30},  {'A', 'E', 20},  {'B', 'B', 880}, {'B', 'A', 100},
             {'B', 'C', 20},  {'C', 'C', 720}, {'C', 'D', 250}, {'C', 'B', 30},  {'D', 'D', 960},
             {'D', 'C', 40},  {'E', 'E', 730}, {'E', 'A', 250}, {'E', 'F', 20},  {'F', 'F', 900},
             {'F', 'B', 40},  {'F', 'E', 30},  {'F', 'A', 10},  {'F', 'G', 20},  {'G', 'G', 850},
             {'G', 'C', 110}, {'G', 'D', 30},  {'G', 'F', 10},  {'H', 'H', 900}, {'H', 'A', 60},
             {'H', 'D', 40}};

static int build_example(rn_ctx_t *ctx, rn_units_t *u, rn_flows_t *f, rn_adjacency_t *a) {
  GEOSWKTReader *rd = GEOSWKTReader_create_r(ctx->geos);
  GEOSGeometry *g[8];
  for (int k = 0; k < 8; k++) {
    int x = k % 4, y = k / 4;
    char wkt[160];
    snprintf(wkt, sizeof wkt, "POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))", x, y, x + 1, y, x + 1,
             y + 1, x, y + 1, x, y);
    g[k] = GEOSWKTReader_read_r(ctx->geos, rd, wkt);
  }
  GEOSWKTReader_destroy_r(ctx->geos, rd);
  int rc = rn_units_from_arrays(ctx, 8, codes, NULL, mass, g, u);
  if (rc) return rc;
  rn_flows_builder_t *b;
  if ((rc = rn_flows_builder_new(ctx, 8, &b))) return rc;
  for (size_t k = 0; k < sizeof flows / sizeof flows[0]; k++)
    rn_flows_builder_add(ctx, b, flows[k].o - 'A', flows[k].d - 'A', flows[k].v);
  if ((rc = rn_flows_builder_finish(ctx, b, f))) return rc;
  return rn_adjacency_build(ctx, u, 0, a);
}

#endif
