/* Adjacency of any boundaries, measured with a tolerance (see adjacency.c for
 * the definitions and shared_boundary.c for the shared length), on every core.
 *
 * rn_adjacency_measure_some sends every tolerance > 0 to the segment code
 * (adjacency_segments.c: the same definition, exact, in plain C, ~10x faster).
 * The GEOS overlays below serve tolerance 0, where exact collinear overlaps
 * matter, and stay the reference the tests compare the segment code with.
 *
 * Serially: each unit's boundary, perimeter and envelope, and an STRtree of
 * the units. Then workers, each with its own GEOS handle, build every unit's
 * zone (its polygon buffered by the tolerance), and then take units i one at a
 * time: candidates j > i from the tree, confirmed with a prepared geometry of
 * i, measured both ways. Pairs are kept per i and joined in i order, so the
 * result is the same for any number of threads. Geometries that several
 * workers read have their envelopes computed before the workers start (GEOS
 * caches them on first use). */
#include "adjacency_exact.h"
#include "shared_boundary.h"
#include "engine/threads.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int64_t *v;
  int64_t n, cap;
  int oom;
} idxvec_t;

static void idx_push(idxvec_t *v, int64_t x) {
  if (v->n == v->cap) {
    int64_t cap = v->cap ? 2 * v->cap : 64;
    int64_t *p = realloc(v->v, sizeof *p * (size_t)cap);
    if (!p) {
      v->oom = 1;
      return;
    }
    v->v = p;
    v->cap = cap;
  }
  v->v[v->n++] = x;
}

typedef struct {
  idxvec_t cand;
  int64_t self;
} query_t;

static void query_cb(void *item, void *userdata) {
  query_t *q = userdata;
  int64_t j = *(const int64_t *)item;
  if (j > q->self) idx_push(&q->cand, j);
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static void envelope_now(GEOSContextHandle_t h, const GEOSGeometry *g) {
  double x;
  if (g) GEOSGeom_getXMin_r(h, g, &x);
}

/* Is unit j within tol of prepared unit i? 1 yes, 0 no, 2 GEOS error. */
static char near_enough(GEOSContextHandle_t h, const GEOSPreparedGeometry *pi,
                        const GEOSGeometry *gi, const GEOSGeometry *gj, double tol) {
  if (tol <= 0) return GEOSPreparedIntersects_r(h, pi, gj);
#if GEOS_VERSION_MAJOR > 3 || (GEOS_VERSION_MAJOR == 3 && GEOS_VERSION_MINOR >= 10)
  (void)gi;
  return GEOSPreparedDistanceWithin_r(h, pi, gj, tol);
#else
  (void)pi;
  double d;
  if (!GEOSDistance_r(h, gi, gj, &d)) return 2;
  return d <= tol;
#endif
}

typedef struct {
  const rn_units_t *units;
  double tol;
  const unsigned char *only;  /* measure only pairs with such a unit (NULL: all) */
  unsigned char *need_zone;   /* with only: the units whose zone is used */
  GEOSSTRtree *tree;
  GEOSGeometry **bd, **zone;
  rn_adj_pair_t **found; /* per unit i: its pairs (i, j > i) */
  int64_t *nfound;
  atomic_llong next_zone, next_unit;
  atomic_int failed;     /* an error stops every worker */
  int64_t fail_unit;     /* the smallest unit an error came from */
  int fail_code;
  char fail_msg[512];
  pthread_mutex_t lock;
  rn_ctx_t *main_ctx;    /* progress is reported by the calling thread only */
} job_t;

static void fail(job_t *j, int64_t unit, int code, const char *msg) {
  pthread_mutex_lock(&j->lock);
  if (!atomic_load(&j->failed) || unit < j->fail_unit) {
    j->fail_unit = unit;
    j->fail_code = code;
    snprintf(j->fail_msg, sizeof j->fail_msg, "%s", msg);
  }
  atomic_store(&j->failed, 1);
  pthread_mutex_unlock(&j->lock);
}

/* The pairs (i, j > i) of unit i. */
static void unit_pairs(job_t *j, GEOSContextHandle_t h, int64_t i, query_t *q) {
  const rn_units_t *u = j->units;
  const GEOSGeometry *gi = u->geom[i];
  char msg[512];
  double x0, y0, x1, y1, t = j->tol;
  GEOSGeom_getXMin_r(h, gi, &x0);
  GEOSGeom_getYMin_r(h, gi, &y0);
  GEOSGeom_getXMax_r(h, gi, &x1);
  GEOSGeom_getYMax_r(h, gi, &y1);
  GEOSGeometry *env = GEOSGeom_createRectangle_r(h, x0 - t, y0 - t, x1 + t, y1 + t);
  if (!env) {
    fail(j, i, RN_EINTERNAL, "adjacency: cannot build an envelope");
    return;
  }
  q->cand.n = 0;
  q->self = i;
  GEOSSTRtree_query_r(h, j->tree, env, query_cb, q);
  GEOSGeom_destroy_r(h, env);
  if (q->cand.oom) {
    fail(j, i, RN_ENOMEM, "out of memory");
    return;
  }
  if (j->only && !j->only[i]) { /* keep the pairs with a messy unit */
    int64_t w = 0;
    for (int64_t c = 0; c < q->cand.n; c++)
      if (j->only[q->cand.v[c]]) q->cand.v[w++] = q->cand.v[c];
    q->cand.n = w;
  }
  if (q->cand.n == 0) return;
  rn_qsort(q->cand.v, (size_t)q->cand.n, sizeof(int64_t), cmp_i64);
  const GEOSPreparedGeometry *pi = GEOSPrepare_r(h, gi);
  rn_adj_pair_t *out = malloc(sizeof *out * (size_t)q->cand.n);
  if (!pi || !out) {
    if (pi) GEOSPreparedGeom_destroy_r(h, pi);
    free(out);
    fail(j, i, RN_ENOMEM, "adjacency: cannot prepare a unit");
    return;
  }
  int64_t nout = 0;
  for (int64_t c = 0; c < q->cand.n; c++) {
    int64_t k = q->cand.v[c];
    char hit = near_enough(h, pi, gi, u->geom[k], t);
    if (hit == 2) {
      snprintf(msg, sizeof msg, "adjacency: GEOS failed testing units '%s' and '%s'", u->code[i],
               u->code[k]);
      fail(j, i, RN_EINTERNAL, msg);
      break;
    }
    if (!hit) continue;
    double sij = -1, sji = -1;
    if (j->zone[i] && j->zone[k]) {
      sij = rn_boundary_in_zone(h, j->bd[i], j->zone[k], t);
      sji = rn_boundary_in_zone(h, j->bd[k], j->zone[i], t);
    }
    if (sij < 0 || sji < 0) {
      snprintf(msg, sizeof msg,
               "adjacency: GEOS failed measuring the border of units '%s' and '%s'", u->code[i],
               u->code[k]);
      fail(j, i, RN_EINTERNAL, msg);
      break;
    }
    double s = 0.5 * (sij + sji);
    /* rook when each side counts at least t: a point contact or a border too short is queen only */
    if (!(sij > 0 && sji > 0 && sij >= t && sji >= t)) s = 0;
    out[nout++] = (rn_adj_pair_t){i, k, s};
  }
  GEOSPreparedGeom_destroy_r(h, pi);
  j->found[i] = out;
  j->nfound[i] = nout;
}

typedef struct {
  job_t *job;
  int main_thread;
} worker_arg_t;

static void *pair_worker(void *arg) {
  worker_arg_t *wa = arg;
  job_t *j = wa->job;
  const rn_units_t *u = j->units;
  rn_ctx_t own;
  rn_ctx_t *ctx = wa->main_thread ? j->main_ctx : &own;
  if (!wa->main_thread && rn_ctx_init(&own) != RN_OK) {
    fail(j, 0, RN_ENOMEM, "out of memory");
    return NULL;
  }
  query_t q = {{0}, 0};
  for (long long i; !atomic_load(&j->failed) && (i = atomic_fetch_add(&j->next_unit, 1)) < u->n;) {
    /* every thread stops on a signal, not only the one reporting progress */
    if ((j->main_ctx->cancel && *j->main_ctx->cancel) ||
        (wa->main_thread && i % 16 == 0 &&
         !rn_progress(ctx, 0.99 * (double)i / (double)(u->n ? u->n : 1), "adjacency")))
      fail(j, i, RN_EINTERRUPT, "adjacency: interrupted");
    if (j->bd[i]) unit_pairs(j, ctx->geos, i, &q);
  }
  free(q.cand.v);
  if (!wa->main_thread) rn_ctx_destroy(&own);
  return NULL;
}

/* Run fn on nth threads, this one included (it reports progress). */
static void run_workers(job_t *j, void *(*fn)(void *), int nth) {
  worker_arg_t wa[RN_THREADS_MAX];
  for (int k = 0; k < nth && k < RN_THREADS_MAX; k++) wa[k] = (worker_arg_t){j, k == 0};
  rn_threads_run(nth, fn, wa, sizeof *wa);
}

static void *zone_worker(void *arg) {
  worker_arg_t *wa = arg;
  job_t *j = wa->job;
  rn_ctx_t own;
  if (!wa->main_thread && rn_ctx_init(&own) != RN_OK) {
    fail(j, 0, RN_ENOMEM, "out of memory");
    return NULL;
  }
  GEOSContextHandle_t h = wa->main_thread ? j->main_ctx->geos : own.geos;
  for (long long i; !atomic_load(&j->failed) &&
                    (i = atomic_fetch_add(&j->next_zone, 1)) < j->units->n;) {
    if (!j->bd[i] || (j->need_zone && !j->need_zone[i])) continue;
    j->zone[i] = rn_shared_zone(h, j->units->geom[i], j->tol);
    if (!j->zone[i]) fail(j, i, RN_EINTERNAL, "adjacency: cannot buffer a unit");
    envelope_now(h, j->zone[i]);
  }
  if (!wa->main_thread) rn_ctx_destroy(&own);
  return NULL;
}

int rn_adjacency_measure(rn_ctx_t *ctx, const rn_units_t *units, double tolerance,
                         rn_adjacency_t *out) {
  return rn_adjacency_measure_some(ctx, units, tolerance, NULL, out);
}

/* With only: each flagged unit and every unit near one needs its zone. */
static int zones_needed(job_t *j, GEOSContextHandle_t h) {
  const rn_units_t *u = j->units;
  j->need_zone = calloc((size_t)u->n + 1, 1);
  if (!j->need_zone) return RN_ENOMEM;
  query_t q = {{0}, -1};
  for (int64_t i = 0; i < u->n; i++) {
    if (!j->only[i] || !j->bd[i]) continue;
    j->need_zone[i] = 1;
    double x0, y0, x1, y1, t = j->tol;
    GEOSGeom_getXMin_r(h, u->geom[i], &x0);
    GEOSGeom_getYMin_r(h, u->geom[i], &y0);
    GEOSGeom_getXMax_r(h, u->geom[i], &x1);
    GEOSGeom_getYMax_r(h, u->geom[i], &y1);
    GEOSGeometry *env = GEOSGeom_createRectangle_r(h, x0 - t, y0 - t, x1 + t, y1 + t);
    if (!env) break;
    q.cand.n = 0;
    GEOSSTRtree_query_r(h, j->tree, env, query_cb, &q);
    GEOSGeom_destroy_r(h, env);
    for (int64_t c = 0; c < q.cand.n; c++) j->need_zone[q.cand.v[c]] = 1;
  }
  int oom = q.cand.oom;
  free(q.cand.v);
  return oom ? RN_ENOMEM : RN_OK;
}

int rn_adjacency_measure_some(rn_ctx_t *ctx, const rn_units_t *units, double tolerance,
                              const unsigned char *only, rn_adjacency_t *out) {
  if (tolerance > 0) return rn_adjacency_segments(ctx, units, tolerance, only, out);
  return rn_adjacency_measure_geos(ctx, units, tolerance, only, out);
}

int rn_adjacency_measure_geos(rn_ctx_t *ctx, const rn_units_t *units, double tolerance,
                              const unsigned char *only, rn_adjacency_t *out) {
  rn_adjacency_init(out); /* units and tolerance were checked by rn_adjacency_build */
  GEOSContextHandle_t h = ctx->geos;
  const int64_t n = units->n;
  int rc = RN_OK;
  job_t j = {.units = units, .tol = tolerance, .only = only, .main_ctx = ctx};
  pthread_mutex_init(&j.lock, NULL);
  atomic_init(&j.next_zone, 0);
  atomic_init(&j.next_unit, 0);
  atomic_init(&j.failed, 0);
  int64_t *ids = malloc(sizeof *ids * (size_t)(n + 1));
  j.bd = calloc((size_t)n + 1, sizeof *j.bd);
  j.zone = calloc((size_t)n + 1, sizeof *j.zone);
  j.found = calloc((size_t)n + 1, sizeof *j.found);
  j.nfound = calloc((size_t)n + 1, sizeof *j.nfound);
  double *perim = calloc((size_t)n + 1, sizeof *perim);
  if (!ids || !j.bd || !j.zone || !j.found || !j.nfound || !perim) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  /* boundaries, perimeters and envelopes; the tree holds the units with a geometry */
  j.tree = GEOSSTRtree_create_r(h, 10);
  if (!j.tree) {
    rc = rn_error(ctx, RN_EINTERNAL, "adjacency: cannot create a spatial index");
    goto done;
  }
  int64_t inserted = 0;
  for (int64_t i = 0; i < n; i++) {
    ids[i] = i;
    const GEOSGeometry *g = units->geom ? units->geom[i] : NULL;
    if (!g || GEOSisEmpty_r(h, g) != 0) continue;
    j.bd[i] = GEOSBoundary_r(h, g);
    if (!j.bd[i] || !GEOSLength_r(h, j.bd[i], &perim[i])) {
      rc = rn_error(ctx, RN_EINPUT, "adjacency: cannot take the boundary of unit '%s'",
                    units->code[i]);
      goto done;
    }
    envelope_now(h, g);
    envelope_now(h, j.bd[i]);
    GEOSSTRtree_insert_r(h, j.tree, g, &ids[i]);
    inserted++;
  }
  if (inserted > 0) { /* the tree is built on its first query: here, not in a worker */
    query_t q0 = {{0}, n};
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, 0, 0);
    if (pt) GEOSSTRtree_query_r(h, j.tree, pt, query_cb, &q0);
    if (pt) GEOSGeom_destroy_r(h, pt);
    free(q0.cand.v);
  }
  if (only && zones_needed(&j, h) != RN_OK) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  int nth = rn_threads_count(ctx->threads, RN_THREADS_MAX);
  run_workers(&j, zone_worker, nth);
  if (!atomic_load(&j.failed)) run_workers(&j, pair_worker, nth);
  if (atomic_load(&j.failed)) {
    rc = rn_error(ctx, j.fail_code, "%s", j.fail_msg);
    goto done;
  }
  rc = rn_adjacency_from_found(ctx, n, j.found, j.nfound, perim, out);
  perim = NULL;
  if (rc == RN_OK) rn_progress(ctx, 1.0, "adjacency");
done:
  if (j.tree) GEOSSTRtree_destroy_r(h, j.tree);
  for (int64_t i = 0; i < n; i++) {
    if (j.bd && j.bd[i]) GEOSGeom_destroy_r(h, j.bd[i]);
    if (j.zone && j.zone[i]) GEOSGeom_destroy_r(h, j.zone[i]);
    if (j.found) free(j.found[i]);
  }
  free(j.bd);
  free(j.zone);
  free(j.found);
  free(j.nfound);
  free(j.need_zone);
  free(ids);
  free(perim);
  pthread_mutex_destroy(&j.lock);
  if (rc != RN_OK) rn_adjacency_destroy(out);
  return rc;
}
