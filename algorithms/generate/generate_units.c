/* Synthetic units: Voronoi cells of clustered random points.
 *
 * Why this shape. Administrative units are small where people are dense and
 * large where they are not; the cells of points scattered around a few
 * hundred centres (Gaussian, wider for bigger centres) over a uniform
 * background reproduce that, and a Voronoi tessellation is a clean coverage
 * as real boundary files ideally are. Each cluster centre is itself a unit
 * with a mass in proportion to the cluster's weight, so the larger clusters
 * have the big cities that become metropolitan cores. */
#include "generate_rng.h"
#include "engine/engine.h"

#include <math.h>
#include <cpl_conv.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* EPSG:3035 (ETRS89-LAEA Europe): the study area's lower-left corner lies
 * well inside the CRS's area of use for every size up to a continent. */
#define RN_GEN_X0 3500000.0
#define RN_GEN_Y0 2000000.0
#define RN_GEN_EPSG 3035
/* 1 cm: coordinates are rounded to it so neighbouring cells, clipped one by
 * one, share bit-identical vertices (a clean coverage). */
#define RN_GEN_GRID 0.01

typedef struct {
  double x, y;
} xy_t;

/* The study square of side `side` from the corner (RN_GEN_X0, RN_GEN_Y0). */
static double study_side(const rn_generate_opts_t *o) {
  double area = o->unit_area > 0 ? o->unit_area : 30e6;
  return sqrt((double)o->n_units * area);
}

static int64_t n_clusters(const rn_generate_opts_t *o) {
  if (o->n_clusters > 0) return o->n_clusters < o->n_units ? o->n_clusters : o->n_units;
  int64_t c = o->n_units / 250;
  if (c < 4) c = 4;
  if (c > 400) c = 400;
  return c < o->n_units ? c : o->n_units;
}

/* Points and masses. The first nc points are the cluster centres. */
static int make_points(rn_ctx_t *ctx, const rn_generate_opts_t *o, xy_t *pt, double *mass) {
  int64_t n = o->n_units, nc = n_clusters(o);
  double side = study_side(o);
  xy_t *cc = malloc(sizeof *cc * (size_t)nc);
  double *w = malloc(sizeof *w * (size_t)nc), *cum = malloc(sizeof *cum * (size_t)nc);
  double *sig = malloc(sizeof *sig * (size_t)nc);
  if (!cc || !w || !cum || !sig) {
    free(cc), free(w), free(cum), free(sig);
    return rn_error(ctx, RN_ENOMEM, "out of memory (generating points)");
  }
  rn_rng_t rc, rp, rm;
  rn_rng_seed(&rc, o->seed, 1);
  rn_rng_seed(&rp, o->seed, 2);
  rn_rng_seed(&rm, o->seed, 3);
  double total = 0;
  /* cluster weights by Zipf's rank-size law of cities (the c-th largest is
   * 1/c of the largest, jittered), so every size has its few big cities:
   * the largest holds 2e5 nc^0.8 inhabitants, at most 10 million */
  double top = fmin(1e7, 2e5 * pow((double)nc, 0.8));
  for (int64_t c = 0; c < nc; c++) {
    cc[c].x = RN_GEN_X0 + side * (0.05 + 0.9 * rn_rng_uniform(&rc));
    cc[c].y = RN_GEN_Y0 + side * (0.05 + 0.9 * rn_rng_uniform(&rc));
    w[c] = top / 100000.0 / (double)(c + 1) * exp(0.2 * rn_rng_normal(&rc));
    /* a cluster's spread grows with its weight, as a city's commuter belt */
    sig[c] = side * 0.006 * sqrt(w[c]) / sqrt((double)nc / 40.0 + 1.0);
    total += w[c];
    cum[c] = total;
  }
  for (int64_t i = 0; i < n; i++) {
    if (i < nc) {
      pt[i] = cc[i];
      /* the centre is the cluster's city: 100 000 inhabitants per unit of weight */
      mass[i] = round(100000.0 * w[i]);
      continue;
    }
    double x, y;
    if (rn_rng_uniform(&rp) < 0.3) { /* background: the countryside */
      x = RN_GEN_X0 + side * rn_rng_uniform(&rp);
      y = RN_GEN_Y0 + side * rn_rng_uniform(&rp);
    } else {
      double u = rn_rng_uniform(&rp) * total;
      int64_t lo = 0, hi = nc - 1;
      while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        if (cum[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      int tries = 0;
      do { /* rejected outside the study area */
        x = cc[lo].x + sig[lo] * rn_rng_normal(&rp);
        y = cc[lo].y + sig[lo] * rn_rng_normal(&rp);
      } while ((x <= RN_GEN_X0 || y <= RN_GEN_Y0 || x >= RN_GEN_X0 + side ||
                y >= RN_GEN_Y0 + side) && ++tries < 100);
      if (tries >= 100) {
        x = RN_GEN_X0 + side * rn_rng_uniform(&rp);
        y = RN_GEN_Y0 + side * rn_rng_uniform(&rp);
      }
    }
    pt[i].x = x;
    pt[i].y = y;
    /* towns and villages: Pareto(300, 1.3), capped below the big cities */
    mass[i] = round(fmin(rn_rng_pareto(&rm, 300.0, 1.3), 400000.0));
  }
  free(cc), free(w), free(cum), free(sig);
  return RN_OK;
}

typedef struct {
  const GEOSPreparedGeometry *cell;
  GEOSContextHandle_t h;
  const GEOSGeometry *const *site;
  int64_t found, hits;
} match_t;

static void match_cb(void *item, void *ud) {
  match_t *m = ud;
  int64_t i = *(const int64_t *)item;
  if (GEOSPreparedContainsProperly_r(m->h, m->cell, m->site[i]) == 1) {
    m->found = i;
    m->hits++;
  }
}

/* What a run holds at its peak, measured with `/usr/bin/time -v` (maximum
 * resident size) on 10^5 units and 10^7 flows, with a margin: a unit's
 * points, cell, Voronoi diagram, STRtree and strings about 3 kB, a flow row
 * about 40 bytes (builder and CSR matrix). */
#define RN_GEN_UNIT_BYTES 3000.0
#define RN_GEN_FLOW_BYTES 40.0

int rn_generate_check(rn_ctx_t *ctx, const rn_generate_opts_t *o) {
  if (o->n_units < 2) return rn_error(ctx, RN_EPARAM, "generate: at least 2 units are needed");
  if (o->n_flows < o->n_units)
    return rn_error(ctx, RN_EPARAM, "generate: %lld flows are fewer than the %lld units",
                    (long long)o->n_flows, (long long)o->n_units);
  /* GEOS counts the points of a collection in an unsigned int */
  if (o->n_units > 100000000)
    return rn_error(ctx, RN_EPARAM, "generate: %lld units are more than the 10^8 supported",
                    (long long)o->n_units);
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  double need = RN_GEN_UNIT_BYTES * (double)o->n_units + RN_GEN_FLOW_BYTES * (double)o->n_flows;
  double have = pages > 0 && page > 0 ? (double)pages * (double)page : 0;
  if (have > 0 && need > have)
    return rn_error(ctx, RN_ENOMEM,
                    "generate: %lld units and %lld flows need about %.0f GB of memory; this "
                    "machine has %.0f GB",
                    (long long)o->n_units, (long long)o->n_flows, need / 1e9, have / 1e9);
  return RN_OK;
}

int rn_generate_units(rn_ctx_t *ctx, const rn_generate_opts_t *o, rn_units_t *out) {
  rn_units_init(out);
  if (!o || o->n_units < 2) return rn_error(ctx, RN_EPARAM, "generate: at least 2 units are needed");
  GEOSContextHandle_t h = ctx->geos;
  int64_t n = o->n_units;
  double side = study_side(o);
  int rc = RN_OK;
  xy_t *pt = malloc(sizeof *pt * (size_t)n);
  double *mass = malloc(sizeof *mass * (size_t)n);
  int64_t *ids = malloc(sizeof *ids * (size_t)n);
  GEOSGeometry **site = calloc((size_t)n, sizeof *site);
  GEOSGeometry **cell = calloc((size_t)n, sizeof *cell);
  char **code = calloc((size_t)n, sizeof *code), **name = calloc((size_t)n, sizeof *name);
  GEOSGeometry *mp = NULL, *vor = NULL, *rect = NULL;
  GEOSSTRtree *tree = NULL;
  if (!pt || !mass || !ids || !site || !cell || !code || !name) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (generating units)");
    goto done;
  }
  if ((rc = make_points(ctx, o, pt, mass)) != RN_OK) goto done;
  tree = GEOSSTRtree_create_r(h, 10);
  for (int64_t i = 0; i < n; i++) {
    if ((i & 65535) == 0 && !rn_progress(ctx, 0.1 * i / n, "generating points")) {
      rc = rn_error(ctx, RN_EINTERRUPT, "interrupted while generating units");
      goto done;
    }
    ids[i] = i;
    site[i] = GEOSGeom_createPointFromXY_r(h, pt[i].x, pt[i].y);
    if (!site[i]) {
      rc = rn_error(ctx, RN_EINTERNAL, "generate: cannot make point %lld", (long long)i);
      goto done;
    }
    GEOSSTRtree_insert_r(h, tree, site[i], &ids[i]);
  }
  /* the collection borrows clones: the sites stay for matching */
  GEOSGeometry **cl = malloc(sizeof *cl * (size_t)n);
  if (!cl) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (generating units)");
    goto done;
  }
  for (int64_t i = 0; i < n; i++) cl[i] = GEOSGeom_clone_r(h, site[i]);
  mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, cl, (unsigned)n);
  free(cl);
  rect = GEOSGeom_createRectangle_r(h, RN_GEN_X0, RN_GEN_Y0, RN_GEN_X0 + side, RN_GEN_Y0 + side);
  /* the one long GEOS call: GEOS polls rn_geos_interruptible's callback */
  rn_geos_interruptible(ctx, 1);
  vor = mp && rect ? GEOSVoronoiDiagram_r(h, mp, rect, 0.0, 0) : NULL;
  rn_geos_interruptible(ctx, 0);
  if (!vor && ctx->cancel && *ctx->cancel) {
    rc = rn_error(ctx, RN_EINTERRUPT, "interrupted while generating units");
    goto done;
  }
  if (!vor) {
    rc = rn_error(ctx, RN_EINTERNAL, "generate: the Voronoi diagram failed");
    goto done;
  }
  int nv = GEOSGetNumGeometries_r(h, vor);
  if (nv != n) {
    rc = rn_error(ctx, RN_EINTERNAL, "generate: %d Voronoi cells for %lld points", nv, (long long)n);
    goto done;
  }
  /* GEOS returns the cells in its own order: each is matched to the one site
   * strictly inside it. */
  for (int k = 0; k < nv; k++) {
    if ((k & 4095) == 0 && !rn_progress(ctx, 0.5 + 0.4 * k / nv, "generating cells")) {
      rc = rn_error(ctx, RN_EINTERRUPT, "interrupted while generating units");
      goto done;
    }
    const GEOSGeometry *c = GEOSGetGeometryN_r(h, vor, k);
    match_t m = {GEOSPrepare_r(h, c), h, (const GEOSGeometry *const *)site, -1, 0};
    if (!m.cell) {
      rc = rn_error(ctx, RN_EINTERNAL, "generate: cannot prepare a cell");
      goto done;
    }
    GEOSSTRtree_query_r(h, tree, c, match_cb, &m);
    GEOSPreparedGeom_destroy_r(h, m.cell);
    if (m.hits != 1 || cell[m.found]) {
      rc = rn_error(ctx, RN_EINTERNAL, "generate: Voronoi cell %d holds %lld sites", k,
                    (long long)m.hits);
      goto done;
    }
    GEOSGeometry *clip = GEOSClipByRect_r(h, c, RN_GEN_X0, RN_GEN_Y0, RN_GEN_X0 + side,
                                          RN_GEN_Y0 + side);
    GEOSGeometry *g = clip ? GEOSGeom_setPrecision_r(h, clip, RN_GEN_GRID, 0) : NULL;
    if (clip) GEOSGeom_destroy_r(h, clip);
    if (!g || GEOSisEmpty_r(h, g)) {
      if (g) GEOSGeom_destroy_r(h, g);
      rc = rn_error(ctx, RN_EINTERNAL, "generate: cannot clip cell %d", k);
      goto done;
    }
    cell[m.found] = g;
  }
  int width = 6; /* at most 16 digits: n_units < 1e16 */
  for (int64_t x = n; x >= 1000000 && width < 16; x /= 10) width++;
  for (int64_t i = 0; i < n; i++) {
    char buf[64];
    snprintf(buf, sizeof buf, "%0*lld", width & 31, (long long)i + 1);
    code[i] = strdup(buf);
    snprintf(buf, sizeof buf, "%s %0*lld", i < n_clusters(o) ? "City" : "Town", width & 31,
             (long long)i + 1);
    name[i] = strdup(buf);
    if (!code[i] || !name[i]) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory (generating units)");
      goto done;
    }
  }
  if ((rc = rn_units_from_arrays(ctx, n, (const char *const *)code, (const char *const *)name,
                                 mass, cell, out)) != RN_OK)
    goto done;
  OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
  char *wkt = NULL;
  if (srs && OSRImportFromEPSG(srs, RN_GEN_EPSG) == OGRERR_NONE &&
      OSRExportToWkt(srs, &wkt) == OGRERR_NONE) {
    out->crs_wkt = strdup(wkt);
    out->epsg = RN_GEN_EPSG;
  }
  CPLFree(wkt);
  if (srs) OSRDestroySpatialReference(srs);
  out->path = strdup("generated");
  out->layer = strdup("units");
  if (!out->crs_wkt || !out->path || !out->layer)
    rc = rn_error(ctx, RN_EINTERNAL, "generate: cannot describe EPSG:%d", RN_GEN_EPSG);
done:
  if (tree) GEOSSTRtree_destroy_r(h, tree);
  if (mp) GEOSGeom_destroy_r(h, mp);
  if (vor) GEOSGeom_destroy_r(h, vor);
  if (rect) GEOSGeom_destroy_r(h, rect);
  /* each array on its own: after a failed allocation a loop over n for
   * arrays that are NULL would run n (up to 10^15) empty iterations */
  for (int64_t i = 0; site && i < n; i++)
    if (site[i]) GEOSGeom_destroy_r(h, site[i]);
  for (int64_t i = 0; cell && i < n; i++)
    if (cell[i]) GEOSGeom_destroy_r(h, cell[i]);
  for (int64_t i = 0; code && i < n; i++) free(code[i]);
  for (int64_t i = 0; name && i < n; i++) free(name[i]);
  free(pt), free(mass), free(ids), free(site), free(cell), free(code), free(name);
  if (rc != RN_OK) rn_units_destroy(ctx, out);
  return rc;
}
