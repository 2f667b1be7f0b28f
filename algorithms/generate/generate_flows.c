/* Synthetic flows: a gravity model. Unit i sends O_i = 0.45 m_i commuters
 * (the employed share of its mass); a share s_i, larger for larger units,
 * stays inside; the rest goes to its k nearest neighbours j in proportion to
 * m_j exp(-d_ij / d_i), d_i = 1.5 mean unit spacings times log10(m_i / 1000)
 * (at least 1): big places send commuters farther and more diffusely, so a
 * city's largest outflow share stays small and it stays a core. k is chosen so the table
 * has n_flows rows, intra-unit rows included; every row is >= 1 (no zeros).
 * Neighbours come from a uniform grid over the centroids, searched ring by
 * ring until the k-th nearest is certain. */
#include "generate_rng.h"
#include "engine/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  double d2;
  int64_t j;
} cand_t;

static int cmp_cand(const void *a, const void *b) {
  const cand_t *x = a, *y = b;
  if (x->d2 != y->d2) return x->d2 < y->d2 ? -1 : 1;
  return (x->j > y->j) - (x->j < y->j);
}

typedef struct {
  double x0, y0, cs;
  int64_t gx, gy;
  int64_t *start, *item; /* CSR: cell -> units */
} grid_t;

static int grid_build(const double *x, const double *y, int64_t n, grid_t *g) {
  double x1 = x[0], y1 = y[0];
  g->x0 = x[0], g->y0 = y[0];
  for (int64_t i = 1; i < n; i++) {
    g->x0 = fmin(g->x0, x[i]), g->y0 = fmin(g->y0, y[i]);
    x1 = fmax(x1, x[i]), y1 = fmax(y1, y[i]);
  }
  double w = fmax(x1 - g->x0, 1.0), h = fmax(y1 - g->y0, 1.0);
  g->cs = sqrt(w * h / (double)n) * 1.5; /* about two units per cell on average */
  g->gx = (int64_t)(w / g->cs) + 1;
  g->gy = (int64_t)(h / g->cs) + 1;
  g->start = calloc((size_t)(g->gx * g->gy + 1), sizeof *g->start);
  g->item = malloc(sizeof *g->item * (size_t)n);
  if (!g->start || !g->item) return -1;
  for (int64_t i = 0; i < n; i++) {
    int64_t cx = (int64_t)((x[i] - g->x0) / g->cs), cy = (int64_t)((y[i] - g->y0) / g->cs);
    g->start[cy * g->gx + cx + 1]++;
  }
  for (int64_t c = 0; c < g->gx * g->gy; c++) g->start[c + 1] += g->start[c];
  int64_t *fill = malloc(sizeof *fill * (size_t)(g->gx * g->gy + 1));
  if (!fill) return -1;
  memcpy(fill, g->start, sizeof *fill * (size_t)(g->gx * g->gy + 1));
  for (int64_t i = 0; i < n; i++) {
    int64_t cx = (int64_t)((x[i] - g->x0) / g->cs), cy = (int64_t)((y[i] - g->y0) / g->cs);
    g->item[fill[cy * g->gx + cx]++] = i;
  }
  free(fill);
  return 0;
}

/* The k nearest units of i (not i), nearest first, ties by index. */
static int64_t knn(const grid_t *g, const double *x, const double *y, int64_t i, int64_t k,
                   cand_t **buf, int64_t *cap) {
  int64_t cx = (int64_t)((x[i] - g->x0) / g->cs), cy = (int64_t)((y[i] - g->y0) / g->cs);
  int64_t nb = 0, rmax = g->gx > g->gy ? g->gx : g->gy;
  for (int64_t r = 0; r <= rmax; r++) {
    for (int64_t yy = cy - r; yy <= cy + r; yy++) {
      if (yy < 0 || yy >= g->gy) continue;
      int64_t step = (yy == cy - r || yy == cy + r) ? 1 : 2 * r; /* the ring only */
      for (int64_t xx = cx - r; xx <= cx + r; xx += step ? step : 1) {
        if (xx < 0 || xx >= g->gx) continue;
        int64_t c = yy * g->gx + xx;
        for (int64_t p = g->start[c]; p < g->start[c + 1]; p++) {
          int64_t j = g->item[p];
          if (j == i) continue;
          if (nb == *cap) {
            int64_t nc = *cap ? 2 * *cap : 1024;
            cand_t *b = realloc(*buf, sizeof *b * (size_t)nc);
            if (!b) return -1;
            *buf = b, *cap = nc;
          }
          double dx = x[j] - x[i], dy = y[j] - y[i];
          (*buf)[nb++] = (cand_t){dx * dx + dy * dy, j};
        }
        if (step == 0) break;
      }
    }
    /* anything beyond ring r is at least r cells away */
    if (nb >= k) {
      rn_qsort(*buf, (size_t)nb, sizeof **buf, cmp_cand);
      double reach = (double)r * g->cs;
      if ((*buf)[k - 1].d2 <= reach * reach || r == rmax) return k;
    }
  }
  if (nb > 1) rn_qsort(*buf, (size_t)nb, sizeof **buf, cmp_cand);
  return nb < k ? nb : k;
}

int rn_generate_flows(rn_ctx_t *ctx, const rn_generate_opts_t *o, const rn_units_t *u,
                      rn_flows_t *out) {
  rn_flows_init(out);
  int64_t n = u->n;
  if (n < 2 || !u->mass) return rn_error(ctx, RN_EPARAM, "generate: flows need units with masses");
  if (o->n_flows < n) return rn_error(ctx, RN_EPARAM, "generate: %lld flows are fewer than the %lld units",
                                      (long long)o->n_flows, (long long)n);
  GEOSContextHandle_t h = ctx->geos;
  double *x = malloc(sizeof *x * (size_t)n), *y = malloc(sizeof *y * (size_t)n);
  grid_t g = {0};
  cand_t *buf = NULL;
  int64_t cap = 0;
  double *w = NULL;
  rn_flows_builder_t *b = NULL;
  int rc = RN_OK;
  if (!x || !y) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (generating flows)");
    goto done;
  }
  for (int64_t i = 0; i < n; i++) {
    GEOSGeometry *c = u->geom[i] ? GEOSGetCentroid_r(h, u->geom[i]) : NULL;
    if (!c || !GEOSGeomGetX_r(h, c, &x[i]) || !GEOSGeomGetY_r(h, c, &y[i])) {
      if (c) GEOSGeom_destroy_r(h, c);
      rc = rn_error(ctx, RN_EINPUT, "generate: unit %s has no centroid", u->code[i]);
      goto done;
    }
    GEOSGeom_destroy_r(h, c);
  }
  if (grid_build(x, y, n, &g)) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (generating flows)");
    goto done;
  }
  double d0 = 1.5 * g.cs / 1.5;
  int64_t base = o->n_flows / n, extra = o->n_flows % n;
  if (!(w = malloc(sizeof *w * (size_t)(base + 2)))) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (generating flows)");
    goto done;
  }
  if ((rc = rn_flows_builder_new(ctx, n, &b)) != RN_OK) goto done;
  for (int64_t i = 0; i < n && rc == RN_OK; i++) {
    if ((i & 4095) == 0 && !rn_progress(ctx, 0.9 + 0.1 * i / n, "generating flows")) {
      rc = rn_error(ctx, RN_EINTERRUPT, "interrupted while generating flows");
      break;
    }
    int64_t rows = base + (i < extra), k = rows - 1 < n - 1 ? rows - 1 : n - 1;
    double m = u->mass[i] > 1 ? u->mass[i] : 1, oi = 0.45 * m;
    double s = fmin(fmax(0.3 + 0.15 * log10(m / 1000.0), 0.1), 0.92);
    /* big places send their out-commuters farther and more diffusely */
    double di = d0 * fmax(1.0, log10(m / 1000.0));
    rc = rn_flows_builder_add(ctx, b, i, i, fmax(1.0, round(oi * s)));
    if (k <= 0 || rc != RN_OK) continue;
    int64_t got = knn(&g, x, y, i, k, &buf, &cap);
    if (got < 0) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory (generating flows)");
      break;
    }
    double wsum = 0;
    for (int64_t t = 0; t < got; t++) {
      int64_t j = buf[t].j;
      w[t] = (u->mass[j] > 1 ? u->mass[j] : 1) * exp(-sqrt(buf[t].d2) / di);
      wsum += w[t];
    }
    for (int64_t t = 0; t < got && rc == RN_OK; t++) {
      double v = wsum > 0 ? oi * (1 - s) * w[t] / wsum : 0;
      rc = rn_flows_builder_add(ctx, b, i, buf[t].j, fmax(1.0, round(v)));
    }
  }
  if (rc == RN_OK) {
    rc = rn_flows_builder_finish(ctx, b, out);
    b = NULL;
  }
  if (rc == RN_OK) {
    out->rows_read = out->nnz + out->n_diag;
    out->path = strdup("generated");
  }
done:
  rn_flows_builder_free(b);
  free(x), free(y), free(g.start), free(g.item), free(buf), free(w);
  if (rc != RN_OK) rn_flows_destroy(out);
  return rc;
}
