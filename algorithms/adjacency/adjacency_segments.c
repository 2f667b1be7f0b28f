/* Adjacency with a tolerance t > 0, computed exactly on segments, in plain C
 * (the definition is in shared_boundary.c; adjacency_measure.c computes the
 * same thing with GEOS overlays, and still does for t == 0).
 *
 * s(i->j) is the length of B_i within distance t of P_j, piece by piece. A
 * point of B_i is within t of P_j when it is within t of B_j (covered) or
 * inside P_j. For a segment s of B_i and a segment e of B_j, the points of s
 * within t of e are the line of s cut by the capsule of e (its two end discs
 * and the slab between them); the capsule is convex, so that is one interval
 * of the segment's parameter. The union over the segments e near s is the
 * covered part of s. A stretch of B_i that is not covered cannot cross B_j
 * (it would be at distance 0 there), so it is wholly inside or wholly
 * outside P_j: one even-odd point-in-polygon test decides for the whole run
 * of uncovered stretches up to the next covered one. In-zone stretches are
 * joined along each ring into maximal pieces (wrapping round the ring's
 * start); a ring wholly in the zone counts in full, every other piece adds
 * max(0, length - 2t).
 *
 * Differences from the GEOS path: the zone here is the exact buffer (GEOS
 * approximates its round corners with chords, 8 per quarter circle), so a
 * piece ending at a convex corner of P_j can be a little longer here.
 *
 * Layout: all rings' vertices in one array; segment k runs from vertex k to
 * k + 1 of its ring. A uniform grid (CSR) holds the segments by cell.
 * Candidate pairs come from sweeping the unit envelopes (grown by t) along x.
 * Units i are shared among threads; pairs are kept per i and joined in i
 * order, so the result does not depend on the number of threads. */
#include "adjacency_exact.h"
#include "engine/threads.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  double x0, y0, x1, y1;
} box_t;

typedef struct {
  int64_t start, n; /* vertices xy[start .. start + n - 1], closed (first == last) */
  int64_t unit;
  box_t env;
} ring_t;

typedef struct {
  int64_t seg;  /* index of the segment's first vertex */
  int64_t unit;
} cell_item_t;

typedef struct {
  double t;
  int64_t n;
  double *xy;        /* 2 per vertex */
  int64_t nxy, capxy;
  ring_t *ring;
  int64_t nring, capring;
  int64_t *uring;    /* unit u's rings: uring[u] .. uring[u + 1] - 1 */
  box_t *uenv;
  unsigned char *has; /* unit has at least one ring */
  /* grid */
  double gx0, gy0, cell;
  int64_t nx, ny;
  int64_t *cstart;   /* nx * ny + 1 */
  cell_item_t *items;
  /* candidate pairs (i, j > i), CSR by i */
  int64_t *crow, *ccol;
} segs_t;

static int box_near(const box_t *a, const box_t *b, double t) {
  return a->x0 - t <= b->x1 && b->x0 <= a->x1 + t && a->y0 - t <= b->y1 && b->y0 <= a->y1 + t;
}

static int push_ring(segs_t *S, GEOSContextHandle_t h, const GEOSGeometry *r, int64_t unit) {
  const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, r);
  unsigned int m = 0;
  if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &m)) return RN_EINTERNAL;
  if (m < 2) return RN_OK;
  if (S->nxy + (int64_t)m > S->capxy) {
    int64_t cap = S->capxy ? 2 * S->capxy : 4096;
    while (cap < S->nxy + (int64_t)m) cap *= 2;
    double *p = realloc(S->xy, sizeof *p * 2 * (size_t)cap);
    if (!p) return RN_ENOMEM;
    S->xy = p;
    S->capxy = cap;
  }
  if (S->nring == S->capring) {
    int64_t cap = S->capring ? 2 * S->capring : 256;
    ring_t *p = realloc(S->ring, sizeof *p * (size_t)cap);
    if (!p) return RN_ENOMEM;
    S->ring = p;
    S->capring = cap;
  }
  double *v = S->xy + 2 * S->nxy;
  if (!GEOSCoordSeq_copyToBuffer_r(h, cs, v, 0, 0)) return RN_EINTERNAL;
  box_t b = {v[0], v[1], v[0], v[1]};
  for (unsigned int k = 1; k < m; k++) {
    b.x0 = fmin(b.x0, v[2 * k]), b.x1 = fmax(b.x1, v[2 * k]);
    b.y0 = fmin(b.y0, v[2 * k + 1]), b.y1 = fmax(b.y1, v[2 * k + 1]);
  }
  S->ring[S->nring++] = (ring_t){S->nxy, (int64_t)m, unit, b};
  S->nxy += m;
  return RN_OK;
}

static int push_geom(segs_t *S, GEOSContextHandle_t h, const GEOSGeometry *g, int64_t unit) {
  int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(h, g) == 1) return RN_OK;
    const GEOSGeometry *ext = GEOSGetExteriorRing_r(h, g);
    int ni = GEOSGetNumInteriorRings_r(h, g);
    if (!ext || ni < 0) return RN_EINTERNAL;
    int rc = push_ring(S, h, ext, unit);
    for (int k = 0; k < ni && rc == RN_OK; k++) {
      const GEOSGeometry *r = GEOSGetInteriorRingN_r(h, g, k);
      rc = r ? push_ring(S, h, r, unit) : RN_EINTERNAL;
    }
    return rc;
  }
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    int np = GEOSGetNumGeometries_r(h, g);
    for (int k = 0; k < np; k++) {
      const GEOSGeometry *c = GEOSGetGeometryN_r(h, g, k);
      if (!c || c == g) return RN_EINTERNAL;
      int rc = push_geom(S, h, c, unit);
      if (rc != RN_OK) return rc;
    }
  }
  return RN_OK; /* points and lines have no area and no boundary to share */
}

/* ------------------------------------------------------------ candidates */
typedef struct {
  double x0;
  int64_t u;
} xkey_t;

static int cmp_xkey(const void *a, const void *b) {
  const xkey_t *p = a, *q = b;
  if (p->x0 != q->x0) return p->x0 < q->x0 ? -1 : 1;
  return (p->u > q->u) - (p->u < q->u);
}

static int cmp_pair2(const void *a, const void *b) {
  const int64_t *p = a, *q = b;
  if (p[0] != q[0]) return p[0] < q[0] ? -1 : 1;
  return (p[1] > q[1]) - (p[1] < q[1]);
}

/* Pairs i < j whose envelopes come within t, with a unit flagged in only
 * (NULL: all), as CSR crow/ccol by i; need[] marks the units in any pair. */
static int candidates(segs_t *S, const unsigned char *only, unsigned char *need) {
  int64_t n = S->n, m = 0;
  xkey_t *k = malloc(sizeof *k * (size_t)(n + 1));
  if (!k) return RN_ENOMEM;
  for (int64_t u = 0; u < n; u++)
    if (S->has[u]) k[m++] = (xkey_t){S->uenv[u].x0, u};
  rn_qsort(k, (size_t)m, sizeof *k, cmp_xkey);
  int64_t np = 0, cap = 1024;
  int64_t *p = malloc(sizeof *p * 2 * (size_t)cap);
  if (!p) {
    free(k);
    return RN_ENOMEM;
  }
  for (int64_t a = 0; a < m; a++) {
    int64_t u = k[a].u;
    const box_t *bu = &S->uenv[u];
    for (int64_t b = a + 1; b < m && k[b].x0 <= bu->x1 + S->t; b++) {
      int64_t v = k[b].u;
      if (!box_near(bu, &S->uenv[v], S->t)) continue;
      if (only && !only[u] && !only[v]) continue;
      if (np == cap) {
        int64_t *q = realloc(p, sizeof *p * 4 * (size_t)cap);
        if (!q) {
          free(p);
          free(k);
          return RN_ENOMEM;
        }
        p = q;
        cap *= 2;
      }
      p[2 * np] = u < v ? u : v;
      p[2 * np + 1] = u < v ? v : u;
      np++;
    }
  }
  free(k);
  rn_qsort(p, (size_t)np, 2 * sizeof *p, cmp_pair2);
  S->crow = calloc((size_t)n + 1, sizeof *S->crow);
  S->ccol = malloc(sizeof *S->ccol * (size_t)(np + 1));
  if (!S->crow || !S->ccol) {
    free(p);
    return RN_ENOMEM;
  }
  for (int64_t q = 0; q < np; q++) {
    S->crow[p[2 * q] + 1]++;
    S->ccol[q] = p[2 * q + 1];
    need[p[2 * q]] = need[p[2 * q + 1]] = 1;
  }
  for (int64_t u = 0; u < n; u++) S->crow[u + 1] += S->crow[u];
  free(p);
  return RN_OK;
}

/* ------------------------------------------------------------------ grid */
static void cell_range(const segs_t *S, double x0, double y0, double x1, double y1, int64_t *cx0,
                       int64_t *cy0, int64_t *cx1, int64_t *cy1) {
  double fx0 = floor((x0 - S->gx0) / S->cell), fx1 = floor((x1 - S->gx0) / S->cell);
  double fy0 = floor((y0 - S->gy0) / S->cell), fy1 = floor((y1 - S->gy0) / S->cell);
  *cx0 = fx0 < 0 ? 0 : fx0 >= (double)S->nx ? S->nx - 1 : (int64_t)fx0;
  *cx1 = fx1 < 0 ? 0 : fx1 >= (double)S->nx ? S->nx - 1 : (int64_t)fx1;
  *cy0 = fy0 < 0 ? 0 : fy0 >= (double)S->ny ? S->ny - 1 : (int64_t)fy0;
  *cy1 = fy1 < 0 ? 0 : fy1 >= (double)S->ny ? S->ny - 1 : (int64_t)fy1;
}

/* The cells of row cy that segment v (4 numbers) grown by pad may reach:
 * its x range over the row's band of y (grown by pad), grown by pad. A long
 * slanted segment then takes the cells along it, not its whole envelope. */
static void row_cells(const segs_t *S, const double *v, double pad, int64_t cy, int64_t *cx0,
                      int64_t *cx1) {
  double by0 = S->gy0 + (double)cy * S->cell - pad, by1 = by0 + S->cell + 2 * pad;
  double xa = v[0], xb = v[2];
  double dy = v[3] - v[1];
  if (dy != 0) { /* x where the segment meets the band, clamped to the segment */
    double ua = (by0 - v[1]) / dy, ub = (by1 - v[1]) / dy;
    if (ua > ub) {
      double w = ua;
      ua = ub, ub = w;
    }
    if (ua < 0) ua = 0;
    if (ub > 1) ub = 1;
    if (ua <= ub) {
      xa = v[0] + ua * (v[2] - v[0]);
      xb = v[0] + ub * (v[2] - v[0]);
    }
  }
  double lo = fmin(xa, xb) - pad, hi = fmax(xa, xb) + pad;
  double f0 = floor((lo - S->gx0) / S->cell), f1 = floor((hi - S->gx0) / S->cell);
  int64_t c0 = f0 < 0 ? 0 : f0 >= (double)S->nx ? S->nx - 1 : (int64_t)f0;
  int64_t c1 = f1 < 0 ? 0 : f1 >= (double)S->nx ? S->nx - 1 : (int64_t)f1;
  /* never outside the envelope's range (rounding at the band's ends) */
  *cx0 = c0 > *cx0 ? c0 : *cx0;
  *cx1 = c1 < *cx1 ? c1 : *cx1;
}

/* The segments of the units flagged in need[], by cell. */
static int build_grid(segs_t *S, const unsigned char *need) {
  box_t b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
  double len = 0;
  int64_t nseg = 0;
  for (int64_t r = 0; r < S->nring; r++) {
    const ring_t *R = &S->ring[r];
    if (!need[R->unit]) continue;
    b.x0 = fmin(b.x0, R->env.x0), b.y0 = fmin(b.y0, R->env.y0);
    b.x1 = fmax(b.x1, R->env.x1), b.y1 = fmax(b.y1, R->env.y1);
    for (int64_t k = R->start; k < R->start + R->n - 1; k++)
      len += hypot(S->xy[2 * k + 2] - S->xy[2 * k], S->xy[2 * k + 3] - S->xy[2 * k + 1]);
    nseg += R->n - 1;
  }
  S->nx = S->ny = 1;
  S->gx0 = b.x0, S->gy0 = b.y0;
  S->cell = 1;
  if (nseg > 0) {
    double w = b.x1 - b.x0, hgt = b.y1 - b.y0;
    S->cell = fmax(2 * S->t, len / (double)nseg);
    /* at most ~2 cells per segment */
    double cells = (w / S->cell + 1) * (hgt / S->cell + 1);
    if (cells > 2.0 * (double)nseg + 1024)
      S->cell *= sqrt(cells / (2.0 * (double)nseg + 1024));
    if (!(S->cell > 0)) S->cell = 1;
    S->nx = (int64_t)(w / S->cell) + 1;
    S->ny = (int64_t)(hgt / S->cell) + 1;
  }
  int64_t nc = S->nx * S->ny;
  S->cstart = calloc((size_t)nc + 2, sizeof *S->cstart);
  if (!S->cstart) return RN_ENOMEM;
  for (int pass = 0; pass < 2; pass++) {
    for (int64_t r = 0; r < S->nring; r++) {
      const ring_t *R = &S->ring[r];
      if (!need[R->unit]) continue;
      for (int64_t k = R->start; k < R->start + R->n - 1; k++) {
        const double *v = S->xy + 2 * k;
        int64_t cx0, cy0, cx1, cy1;
        cell_range(S, fmin(v[0], v[2]), fmin(v[1], v[3]), fmax(v[0], v[2]), fmax(v[1], v[3]),
                   &cx0, &cy0, &cx1, &cy1);
        for (int64_t cy = cy0; cy <= cy1; cy++) {
          int64_t rx0 = cx0, rx1 = cx1;
          if (cy0 < cy1) row_cells(S, v, 1e-9 * S->cell, cy, &rx0, &rx1);
          for (int64_t cx = rx0; cx <= rx1; cx++) {
            if (pass == 0)
              S->cstart[cy * S->nx + cx + 2]++;
            else
              S->items[S->cstart[cy * S->nx + cx + 1]++] = (cell_item_t){k, R->unit};
          }
        }
      }
    }
    if (pass == 0) {
      for (int64_t c = 0; c < nc; c++) S->cstart[c + 2] += S->cstart[c + 1];
      S->items = malloc(sizeof *S->items * (size_t)(S->cstart[nc + 1] + 1));
      if (!S->items) return RN_ENOMEM;
    }
  }
  return RN_OK; /* cstart[c] .. cstart[c + 1] - 1: the items of cell c */
}

/* ------------------------------------------------------------- geometry */
/* Intersect [*lo, *hi] with {u : a <= c + k u <= b}. */
static void lin_clip(double c, double k, double a, double b, double *lo, double *hi) {
  if (k == 0) {
    if (c < a || c > b) *lo = INFINITY, *hi = -INFINITY;
    return;
  }
  double u1 = (a - c) / k, u2 = (b - c) / k;
  if (k < 0) {
    double s = u1;
    u1 = u2, u2 = s;
  }
  if (u1 > *lo) *lo = u1;
  if (u2 < *hi) *hi = u2;
}

/* {u : |A + u d - Q| <= t} widened into [*lo, *hi] (their hull). */
static void disc_hull(double ax, double ay, double dx, double dy, double dd, double qx, double qy,
                      double t, double *lo, double *hi) {
  double wx = ax - qx, wy = ay - qy;
  double b = dx * wx + dy * wy, c = wx * wx + wy * wy - t * t;
  double disc = b * b - dd * c;
  if (disc < 0) return;
  double r = sqrt(disc);
  double u1 = (-b - r) / dd, u2 = (-b + r) / dd;
  if (u1 < *lo) *lo = u1;
  if (u2 > *hi) *hi = u2;
}

/* The parameters u of segment A + u d (dd = |d|^2 > 0) within t of segment
 * C-D: one interval (the capsule is convex), empty when *lo > *hi. */
static void capsule(double ax, double ay, double dx, double dy, double dd, const double *e,
                    double t, double *lo, double *hi) {
  double cx = e[0], cy = e[1], fx = e[2] - e[0], fy = e[3] - e[1];
  double ff = fx * fx + fy * fy;
  double slo = -INFINITY, shi = INFINITY;
  if (ff > 0) { /* the slab: projection on C-D within it, perpendicular distance <= t */
    double wx = ax - cx, wy = ay - cy;
    lin_clip(wx * fx + wy * fy, dx * fx + dy * fy, 0, ff, &slo, &shi);
    double tf = t * sqrt(ff);
    if (slo <= shi) lin_clip(fx * wy - fy * wx, fx * dy - fy * dx, -tf, tf, &slo, &shi);
  }
  if (!(ff > 0) || !(slo <= shi)) slo = INFINITY, shi = -INFINITY; /* empty: the hull below starts afresh */
  disc_hull(ax, ay, dx, dy, dd, cx, cy, t, &slo, &shi);
  if (ff > 0) disc_hull(ax, ay, dx, dy, dd, e[2], e[3], t, &slo, &shi);
  *lo = slo, *hi = shi;
}

/* Even-odd test of (px, py) against every ring of unit j. */
static int inside_unit(const segs_t *S, int64_t j, double px, double py) {
  const box_t *e = &S->uenv[j];
  if (px < e->x0 || px > e->x1 || py < e->y0 || py > e->y1) return 0;
  int in = 0;
  for (int64_t r = S->uring[j]; r < S->uring[j + 1]; r++) {
    const ring_t *R = &S->ring[r];
    if (py < R->env.y0 || py > R->env.y1 || px > R->env.x1) continue;
    const double *v = S->xy + 2 * R->start;
    for (int64_t k = 0; k < R->n - 1; k++, v += 2) {
      double y1 = v[1], y2 = v[3];
      if ((y1 > py) != (y2 > py)) {
        double x = v[0] + (py - y1) * (v[2] - v[0]) / (y2 - y1);
        if (px < x) in ^= 1;
      }
    }
  }
  return in;
}

/* ---------------------------------------------------------------- worker */
typedef struct {
  double lo, hi;
} ival_t;

typedef struct {
  ival_t *iv;
  int64_t niv, capiv;
  ival_t *pc; /* pieces of the current ring, in arc length */
  int64_t npc, cappc;
  int oom;
} scratch_t;

static int cmp_ival(const void *a, const void *b) {
  const ival_t *p = a, *q = b;
  return (p->lo > q->lo) - (p->lo < q->lo);
}

static int grow(void **p, int64_t *cap, size_t size) {
  int64_t c = *cap ? 2 * *cap : 64;
  void *q = realloc(*p, size * (size_t)c);
  if (!q) return 0;
  *p = q;
  *cap = c;
  return 1;
}

static void add_piece(scratch_t *w, double a, double b) {
  if (w->npc > 0 && a <= w->pc[w->npc - 1].hi) {
    if (b > w->pc[w->npc - 1].hi) w->pc[w->npc - 1].hi = b;
    return;
  }
  if (w->npc == w->cappc && !grow((void **)&w->pc, &w->cappc, sizeof *w->pc)) {
    w->oom = 1;
    return;
  }
  w->pc[w->npc++] = (ival_t){a, b};
}

/* s(i->j); *near set when some point of B_i is within t of P_j. */
static double measure(const segs_t *S, scratch_t *w, int64_t i, int64_t j, int *near) {
  const double t = S->t;
  const box_t *ej = &S->uenv[j];
  double total = 0;
  for (int64_t r = S->uring[i]; r < S->uring[i + 1]; r++) {
    const ring_t *R = &S->ring[r];
    if (!box_near(&R->env, ej, t)) continue;
    w->npc = 0;
    int status = -1; /* of the current uncovered run: -1 unknown, 0 outside P_j, 1 inside */
    double arc = 0;
    for (int64_t k = R->start; k < R->start + R->n - 1; k++) {
      const double *v = S->xy + 2 * k;
      double ax = v[0], ay = v[1], dx = v[2] - v[0], dy = v[3] - v[1];
      double dd = dx * dx + dy * dy;
      if (!(dd > 0)) continue;
      double L = sqrt(dd);
      box_t sb = {fmin(v[0], v[2]), fmin(v[1], v[3]), fmax(v[0], v[2]), fmax(v[1], v[3])};
      if (!box_near(&sb, ej, t)) { /* far from P_j: outside, and no crossing */
        status = 0;
        arc += L;
        continue;
      }
      w->niv = 0;
      int64_t cx0, cy0, cx1, cy1;
      cell_range(S, sb.x0 - t, sb.y0 - t, sb.x1 + t, sb.y1 + t, &cx0, &cy0, &cx1, &cy1);
      for (int64_t cy = cy0; cy <= cy1; cy++) {
        int64_t rx0 = cx0, rx1 = cx1;
        if (cy0 < cy1) row_cells(S, v, t, cy, &rx0, &rx1);
        for (int64_t c = cy * S->nx + rx0; c <= cy * S->nx + rx1; c++)
          for (int64_t q = S->cstart[c]; q < S->cstart[c + 1]; q++) {
            if (S->items[q].unit != j) continue;
            const double *e = S->xy + 2 * S->items[q].seg;
            if (fmin(e[0], e[2]) > sb.x1 + t || fmax(e[0], e[2]) < sb.x0 - t ||
                fmin(e[1], e[3]) > sb.y1 + t || fmax(e[1], e[3]) < sb.y0 - t)
              continue;
            double lo, hi;
            capsule(ax, ay, dx, dy, dd, e, t, &lo, &hi);
            if (lo < 0) lo = 0;
            if (hi > 1) hi = 1;
            if (!(lo <= hi)) continue;
            if (w->niv == w->capiv && !grow((void **)&w->iv, &w->capiv, sizeof *w->iv)) {
              w->oom = 1;
              return 0;
            }
            w->iv[w->niv++] = (ival_t){lo, hi};
          }
      }
      if (w->niv > 1) rn_qsort(w->iv, (size_t)w->niv, sizeof *w->iv, cmp_ival);
      /* walk the segment: uncovered gaps and covered intervals in turn */
      double pos = 0;
      int64_t q = 0;
      for (;;) {
        double a = 1, b = 1;
        int last = q >= w->niv;
        if (!last) { /* next covered interval, merged with those overlapping it */
          a = w->iv[q].lo, b = w->iv[q].hi;
          for (q++; q < w->niv && w->iv[q].lo <= b + 1e-12; q++)
            if (w->iv[q].hi > b) b = w->iv[q].hi;
        }
        if (a > pos) { /* an uncovered gap [pos, a] */
          if (status < 0) {
            double um = 0.5 * (pos + a);
            status = inside_unit(S, j, ax + um * dx, ay + um * dy);
          }
          if (status == 1) {
            *near = 1;
            add_piece(w, arc + pos * L, arc + a * L);
          }
        }
        if (last) break;
        *near = 1;
        add_piece(w, arc + a * L, arc + b * L);
        status = -1;
        if (b > pos) pos = b;
      }
      if (w->oom) return 0;
      arc += L;
    }
    if (w->npc == 0) continue;
    /* the ring is closed: a piece at its start continues the last one */
    ival_t *p = w->pc;
    int64_t np = w->npc;
    if (np == 1 && p[0].lo <= 0 && p[0].hi >= arc) {
      total += arc; /* the whole ring: a closed piece, not shortened */
      continue;
    }
    if (np >= 2 && p[0].lo <= 0 && p[np - 1].hi >= arc) {
      p[np - 1].hi += p[0].hi - p[0].lo;
      p++, np--; /* the first piece is counted with the last */
    }
    for (int64_t k = 0; k < np; k++) {
      double len = p[k].hi - p[k].lo - 2 * t;
      if (len > 0) total += len;
    }
  }
  return total;
}

typedef struct {
  const segs_t *S;
  const rn_units_t *units;
  rn_adj_pair_t **found;
  int64_t *nfound;
  atomic_llong next;
  atomic_int failed;
  int fail_code;
  pthread_mutex_t lock;
  rn_ctx_t *main_ctx;
} job_t;

typedef struct {
  job_t *job;
  int main_thread;
} warg_t;

static void fail(job_t *J, int code) {
  pthread_mutex_lock(&J->lock);
  if (!atomic_load(&J->failed)) J->fail_code = code;
  atomic_store(&J->failed, 1);
  pthread_mutex_unlock(&J->lock);
}

static void *worker(void *arg) {
  warg_t *wa = arg;
  job_t *J = wa->job;
  const segs_t *S = J->S;
  scratch_t w = {0};
  for (long long i; !atomic_load(&J->failed) && (i = atomic_fetch_add(&J->next, 1)) < S->n;) {
    /* every thread stops on a signal, not only the one reporting progress */
    if ((J->main_ctx->cancel && *J->main_ctx->cancel) ||
        (wa->main_thread && i % 16 == 0 &&
         !rn_progress(J->main_ctx, 0.99 * (double)i / (double)(S->n ? S->n : 1), "adjacency"))) {
      fail(J, RN_EINTERRUPT);
      break;
    }
    int64_t nc = S->crow[i + 1] - S->crow[i];
    if (nc == 0) continue;
    rn_adj_pair_t *out = malloc(sizeof *out * (size_t)nc);
    if (!out) {
      fail(J, RN_ENOMEM);
      break;
    }
    int64_t nout = 0;
    for (int64_t c = S->crow[i]; c < S->crow[i + 1]; c++) {
      int64_t j = S->ccol[c];
      int near = 0;
      double sij = measure(S, &w, i, j, &near);
      double sji = measure(S, &w, j, i, &near);
      if (w.oom) break;
      if (!near) continue;
      double s = 0.5 * (sij + sji);
      /* rook when each side counts at least t: a point contact or a border too short is queen only */
      if (!(sij > 0 && sji > 0 && sij >= S->t && sji >= S->t)) s = 0;
      out[nout++] = (rn_adj_pair_t){i, j, s};
    }
    J->found[i] = out;
    J->nfound[i] = nout;
    if (w.oom) {
      fail(J, RN_ENOMEM);
      break;
    }
  }
  free(w.iv);
  free(w.pc);
  return NULL;
}

int rn_adjacency_segments(rn_ctx_t *ctx, const rn_units_t *units, double tolerance,
                          const unsigned char *only, rn_adjacency_t *out) {
  rn_adjacency_init(out);
  GEOSContextHandle_t h = ctx->geos;
  const int64_t n = units->n;
  int rc = RN_OK;
  segs_t S = {.t = tolerance, .n = n};
  job_t J = {.S = &S, .units = units, .main_ctx = ctx};
  pthread_mutex_init(&J.lock, NULL);
  atomic_init(&J.next, 0);
  atomic_init(&J.failed, 0);
  S.uring = calloc((size_t)n + 1, sizeof *S.uring);
  S.uenv = calloc((size_t)n + 1, sizeof *S.uenv);
  S.has = calloc((size_t)n + 1, 1);
  unsigned char *need = calloc((size_t)n + 1, 1);
  double *perim = calloc((size_t)n + 1, sizeof *perim);
  J.found = calloc((size_t)n + 1, sizeof *J.found);
  J.nfound = calloc((size_t)n + 1, sizeof *J.nfound);
  if (!S.uring || !S.uenv || !S.has || !need || !perim || !J.found || !J.nfound) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  /* rings, perimeters, envelopes */
  for (int64_t i = 0; i < n; i++) {
    S.uring[i] = S.nring;
    const GEOSGeometry *g = units->geom ? units->geom[i] : NULL;
    if (!g) continue;
    int r = push_geom(&S, h, g, i);
    if (r != RN_OK) {
      rc = r == RN_ENOMEM ? rn_error(ctx, RN_ENOMEM, "out of memory")
                          : rn_error(ctx, RN_EINPUT,
                                     "adjacency: cannot read the rings of unit '%s'",
                                     units->code[i]);
      goto done;
    }
    box_t b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int64_t q = S.uring[i]; q < S.nring; q++) {
      const ring_t *R = &S.ring[q];
      b.x0 = fmin(b.x0, R->env.x0), b.y0 = fmin(b.y0, R->env.y0);
      b.x1 = fmax(b.x1, R->env.x1), b.y1 = fmax(b.y1, R->env.y1);
      for (int64_t k = R->start; k < R->start + R->n - 1; k++)
        perim[i] += hypot(S.xy[2 * k + 2] - S.xy[2 * k], S.xy[2 * k + 3] - S.xy[2 * k + 1]);
    }
    S.uenv[i] = b;
    S.has[i] = S.nring > S.uring[i];
  }
  S.uring[n] = S.nring;
  if (candidates(&S, only, need) != RN_OK || build_grid(&S, need) != RN_OK) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  {
    int nth = rn_threads_count(ctx->threads, RN_THREADS_MAX);
    warg_t wa[RN_THREADS_MAX];
    for (int k = 0; k < nth; k++) wa[k] = (warg_t){&J, k == 0};
    rn_threads_run(nth, worker, wa, sizeof *wa);
  }
  if (atomic_load(&J.failed)) {
    rc = J.fail_code == RN_EINTERRUPT ? rn_error(ctx, RN_EINTERRUPT, "adjacency: interrupted")
                                      : rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  rc = rn_adjacency_from_found(ctx, n, J.found, J.nfound, perim, out);
  perim = NULL;
  if (rc == RN_OK) rn_progress(ctx, 1.0, "adjacency");
done:
  if (J.found)
    for (int64_t i = 0; i < n; i++) free(J.found[i]);
  free(J.found);
  free(J.nfound);
  free(perim);
  free(need);
  free(S.xy);
  free(S.ring);
  free(S.uring);
  free(S.uenv);
  free(S.has);
  free(S.cstart);
  free(S.items);
  free(S.crow);
  free(S.ccol);
  pthread_mutex_destroy(&J.lock);
  if (rc != RN_OK) rn_adjacency_destroy(out);
  return rc;
}
