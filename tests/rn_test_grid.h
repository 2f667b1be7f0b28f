/* Hand-made cases: unit squares on a grid with masses, and flows by code. */
#ifndef RN_TEST_GRID_H
#define RN_TEST_GRID_H
#include "engine/engine.h"
#include <string.h>

typedef struct {
  const char *code;
  int x, y;
  double mass;
} tg_unit;
typedef struct {
  const char *o, *d;
  double v;
} tg_flow;

static int tg_build(rn_ctx_t *ctx, const tg_unit *tu, int n, const tg_flow *tf, int m,
                    rn_units_t *u, rn_flows_t *f, rn_adjacency_t *a) {
  GEOSWKTReader *rd = GEOSWKTReader_create_r(ctx->geos);
  GEOSGeometry *g[64];
  const char *codes[64];
  double mass[64];
  for (int k = 0; k < n; k++) {
    char wkt[200];
    int x = tu[k].x, y = tu[k].y;
    snprintf(wkt, sizeof wkt, "POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))", x, y, x + 1, y, x + 1,
             y + 1, x, y + 1, x, y);
    g[k] = GEOSWKTReader_read_r(ctx->geos, rd, wkt);
    codes[k] = tu[k].code;
    mass[k] = tu[k].mass;
  }
  GEOSWKTReader_destroy_r(ctx->geos, rd);
  int rc = rn_units_from_arrays(ctx, n, codes, NULL, mass, g, u);
  if (rc) return rc;
  rn_flows_builder_t *b;
  if ((rc = rn_flows_builder_new(ctx, n, &b))) return rc;
  for (int k = 0; k < m; k++) {
    int64_t i = rn_units_find(u, tf[k].o), j = rn_units_find(u, tf[k].d);
    if ((rc = rn_flows_builder_add(ctx, b, i, j, tf[k].v))) {
      rn_flows_builder_free(b);
      return rc;
    }
  }
  if ((rc = rn_flows_builder_finish(ctx, b, f))) return rc;
  return a ? rn_adjacency_build(ctx, u, 0, a) : RN_OK;
}

/* Region id of a unit at a level, or "" when none. */
static const char *tg_region(const rn_units_t *u, const rn_result_t *r, int level, const char *code) {
  int64_t i = rn_units_find(u, code);
  if (i < 0) return "?";
  int64_t g = r->level[level].region[i];
  return g >= 0 ? r->level[level].regions[g].id : "";
}

static int tg_role(const rn_units_t *u, const rn_result_t *r, int level, const char *code) {
  return r->level[level].role[rn_units_find(u, code)];
}

static void tg_one_level(rn_params_t *p, double theta, double min_mass, rn_mode_t mode) {
  rn_params_init(p);
  p->nlevels = 1;
  snprintf(p->level[0].name, sizeof p->level[0].name, "one");
  p->level[0].theta = theta;
  p->level[0].min_mass = min_mass;
  p->level[0].mode = mode;
}
#endif
