/* The dissolved polygon of every region, made once per output: the level
 * layers, urban_areas and the per-layer files of single-layer formats all
 * take them from here. Whether the units form a clean coverage is decided on
 * the first region of several units and then holds for all: a messy coverage
 * makes every coverage union invalid, and trying it first on each region
 * would double the cost. Regions are dissolved on every core, each by a
 * worker with its own GEOS handle; a region's polygon depends only on its
 * members and that one decision, so the output does not depend on the
 * number of threads. */
#include "geometry.h"
#include "engine/threads.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

void rn_shapes_init(rn_shapes_t *s, const rn_units_t *u, const rn_result_t *r) {
  memset(s, 0, sizeof *s);
  s->u = u;
  s->r = r;
  s->coverage = -1;
}

void rn_shapes_destroy(rn_shapes_t *s) {
  if (s->running) {
    pthread_join(s->thread, NULL);
    rn_ctx_destroy(&s->bg);
    s->running = 0;
  }
  for (int l = 0; l < RN_MAX_LEVELS; l++) {
    if (s->geom[l])
      for (int64_t g = 0; g < s->r->level[l].nregions; g++)
        if (s->geom[l][g]) OGR_G_DestroyGeometry(s->geom[l][g]);
    free(s->geom[l]);
    free(s->start[l]);
    free(s->mem[l]);
  }
  memset(s, 0, sizeof *s);
}

/* Members of each region of level l, in unit order (CSR). */
static int members(rn_shapes_t *s, int l) {
  const rn_level_result_t *lr = &s->r->level[l];
  int64_t nr = lr->nregions, n = s->u->n;
  int64_t *start = calloc((size_t)nr + 2, sizeof *start);
  int64_t *mem = malloc(sizeof *mem * (size_t)(n + 1));
  int64_t *fill = malloc(sizeof *fill * (size_t)(nr + 2));
  if (!start || !mem || !fill) {
    free(start);
    free(mem);
    free(fill);
    return RN_ENOMEM;
  }
  for (int64_t i = 0; i < n; i++)
    if (lr->region[i] >= 0) start[lr->region[i] + 1]++;
  for (int64_t g = 0; g < nr; g++) start[g + 1] += start[g];
  memcpy(fill, start, sizeof *fill * (size_t)(nr + 1));
  for (int64_t i = 0; i < n; i++)
    if (lr->region[i] >= 0) mem[fill[lr->region[i]]++] = i;
  free(fill);
  s->start[l] = start;
  s->mem[l] = mem;
  s->geom[l] = calloc((size_t)nr + 1, sizeof *s->geom[l]);
  return s->geom[l] ? RN_OK : RN_ENOMEM;
}

static OGRGeometryH dissolve(rn_ctx_t *ctx, rn_shapes_t *s, int l, int64_t g, int *coverage) {
  int64_t a = s->start[l][g], n = s->start[l][g + 1] - a;
  GEOSGeometry *dg = rn_dissolve(ctx, s->u, s->mem[l] + a, n, coverage);
  OGRGeometryH og = rn_geos_to_ogr(ctx, dg);
  if (dg) GEOSGeom_destroy_r(ctx->geos, dg);
  return og ? OGR_G_ForceToMultiPolygon(og) : NULL;
}

typedef struct {
  rn_shapes_t *s;
  int64_t ntask;
  int *tl;           /* task -> level */
  int64_t *tg;       /* task -> region */
  atomic_llong next;
  int coverage;      /* decided before the workers start */
} job_t;

static void *worker(void *arg) {
  job_t *j = arg;
  rn_ctx_t wctx;
  if (rn_ctx_init(&wctx) != RN_OK) return NULL;
  wctx.report = NULL;
  for (;;) {
    long long t = atomic_fetch_add(&j->next, 1);
    if (t >= j->ntask) break;
    int cov = j->coverage; /* per region: no region's outcome changes another's */
    j->s->geom[j->tl[t]][j->tg[t]] = dissolve(&wctx, j->s, j->tl[t], j->tg[t], &cov);
  }
  rn_ctx_destroy(&wctx);
  return NULL;
}

/* GEOS caches a geometry's envelope on first use: compute the units' here,
 * before several threads read them. */
static void cache_envelopes(rn_ctx_t *ctx, const rn_units_t *u) {
  for (int64_t i = 0; i < u->n; i++)
    if (u->geom[i]) {
      double x;
      GEOSGeom_getXMin_r(ctx->geos, u->geom[i], &x);
    }
}

int rn_shapes_prepare(rn_ctx_t *ctx, rn_shapes_t *s) {
  int64_t ntask = 0;
  for (int l = 0; l < s->r->nlevels; l++) {
    if (!s->geom[l] && members(s, l) != RN_OK) return rn_error(ctx, RN_ENOMEM, "out of memory");
    ntask += s->r->level[l].nregions;
  }
  job_t j = {.s = s, .ntask = 0};
  j.tl = malloc(sizeof *j.tl * (size_t)(ntask + 1));
  j.tg = malloc(sizeof *j.tg * (size_t)(ntask + 1));
  if (!j.tl || !j.tg) {
    free(j.tl);
    free(j.tg);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  /* The smallest region of several units settles the coverage question
   * (the first such in level and region order): when the units are messy,
   * its robust union runs alone before the workers start. */
  int tl = -1;
  int64_t tg = -1, tn = 0;
  for (int l = 0; l < s->r->nlevels; l++)
    for (int64_t g = 0; g < s->r->level[l].nregions; g++) {
      int64_t m = s->start[l][g + 1] - s->start[l][g];
      if (m > 1 && (tl < 0 || m < tn)) tl = l, tg = g, tn = m;
    }
  if (s->coverage < 0 && tl >= 0 && !s->geom[tl][tg])
    s->geom[tl][tg] = dissolve(ctx, s, tl, tg, &s->coverage);
  for (int l = 0; l < s->r->nlevels; l++)
    for (int64_t g = 0; g < s->r->level[l].nregions; g++) {
      if (!s->geom[l][g]) {
        j.tl[j.ntask] = l;
        j.tg[j.ntask++] = g;
      }
    }
  j.coverage = s->coverage;
  cache_envelopes(ctx, s->u);
  atomic_init(&j.next, 0);
  rn_threads_run(rn_threads_count(ctx->threads, j.ntask), worker, &j, 0);
  free(j.tl);
  free(j.tg);
  return rn_progress(ctx, 1.0, "regions dissolved") ? RN_OK
                                                     : rn_error(ctx, RN_EINTERRUPT, "interrupted");
}

static void *background(void *arg) {
  rn_shapes_t *s = arg;
  s->rc = rn_shapes_prepare(&s->bg, s);
  return NULL;
}

int rn_shapes_start(rn_ctx_t *ctx, rn_shapes_t *s) {
  cache_envelopes(ctx, s->u); /* this thread and the dissolving ones share the units */
  if (rn_ctx_init(&s->bg) != RN_OK) return rn_error(ctx, RN_ENOMEM, "out of memory");
  /* silent: progress and reports belong to the calling thread */
  s->bg.report = NULL;
  s->bg.threads = ctx->threads;
  s->bg.cancel = ctx->cancel;
  if (pthread_create(&s->thread, NULL, background, s) != 0) {
    rn_ctx_destroy(&s->bg);
    return rn_shapes_prepare(ctx, s);
  }
  s->running = 1;
  return RN_OK;
}

int rn_shapes_wait(rn_ctx_t *ctx, rn_shapes_t *s) {
  if (!s->running) return RN_OK;
  pthread_join(s->thread, NULL);
  s->running = 0;
  int rc = s->rc;
  if (rc != RN_OK) rn_error(ctx, rc, "%s", s->bg.err);
  rn_ctx_destroy(&s->bg);
  return rc;
}

OGRGeometryH rn_shapes_get(rn_ctx_t *ctx, rn_shapes_t *s, int l, int64_t g) {
  if (s->running && rn_shapes_wait(ctx, s) != RN_OK) return NULL;
  if (!s->geom[l] && members(s, l) != RN_OK) return NULL;
  if (!s->geom[l][g]) {
    int cov = s->coverage;
    s->geom[l][g] = dissolve(ctx, s, l, g, &cov);
    if (s->coverage < 0 && s->start[l][g + 1] - s->start[l][g] > 1) s->coverage = cov;
  }
  return s->geom[l][g];
}
