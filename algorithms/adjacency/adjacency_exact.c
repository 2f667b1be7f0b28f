/* Adjacency of a clean coverage by matching edges, in O(v log v).
 *
 * When neighbouring polygons use the very same vertices along their common
 * borders (a clean coverage: Voronoi cells, TopoJSON arcs, cadastral data),
 * every border segment appears exactly twice, once in each unit's rings, and
 * every other segment lies on the outline of the whole study area. Then the
 * shared length of two units is the total length of the segments they have in
 * common, exactly, and units meeting only at a vertex are queen neighbours.
 *
 * The data is taken for a clean coverage when (a) no segment is used by more
 * than two rings or twice by one unit, and (b) every unmatched segment lies
 * on the outline: no other unit comes near its midpoint. Where (b) fails for
 * a few units only (a vertex one neighbour has and the other lacks, a sliver),
 * those units are marked messy and their pairs are measured with the
 * tolerance instead (rn_adjacency_build).
 * Overlaps, slivers and borders simplified unit by unit fail (a) or (b), and
 * rn_adjacency_build then measures borders with its tolerance instead; a gap
 * in an otherwise clean coverage (a lake, land left out) is a real edge here. */
#include "adjacency_exact.h"
#include "sort_key.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  double x1, y1, x2, y2; /* endpoints, smaller first */
  int64_t unit;
} seg_t;

typedef struct {
  double x, y;
  int64_t unit;
} vtx_t;

typedef rn_adj_pair_t link_t;

typedef struct {
  seg_t *seg;
  int64_t nseg, capseg;
  vtx_t *vtx;
  int64_t nvtx, capvtx;
  double *xy; /* one ring's coordinates, x y x y ... */
  size_t capxy;
} acc_t;

static int cmp_seg(const void *a, const void *b) {
  const seg_t *p = a, *q = b;
  if (p->x1 != q->x1) return p->x1 < q->x1 ? -1 : 1;
  if (p->y1 != q->y1) return p->y1 < q->y1 ? -1 : 1;
  if (p->x2 != q->x2) return p->x2 < q->x2 ? -1 : 1;
  if (p->y2 != q->y2) return p->y2 < q->y2 ? -1 : 1;
  return (p->unit > q->unit) - (p->unit < q->unit);
}

static int cmp_seg_key(const seg_t *p, const seg_t *q) {
  return !(p->x1 == q->x1 && p->y1 == q->y1 && p->x2 == q->x2 && p->y2 == q->y2);
}

static int cmp_vtx(const void *a, const void *b) {
  const vtx_t *p = a, *q = b;
  if (p->x != q->x) return p->x < q->x ? -1 : 1;
  if (p->y != q->y) return p->y < q->y ? -1 : 1;
  return (p->unit > q->unit) - (p->unit < q->unit);
}

/* Equal segments (vertices) together, in an order fixed by their
 * coordinates' hash: grouping is all that is needed of the sort. */
static int sort_segments(acc_t *a) {
  uint64_t *key = malloc(sizeof *key * (size_t)(a->nseg + 1));
  if (!key) return 0;
  for (int64_t k = 0; k < a->nseg; k++) {
    const seg_t *g = &a->seg[k];
    double v[4] = {g->x1, g->y1, g->x2, g->y2};
    key[k] = rn_hash_doubles(v, 4);
  }
  int ok = rn_sort_by_key(a->seg, (size_t)a->nseg, sizeof *a->seg, key, cmp_seg);
  free(key);
  return ok;
}

static int sort_vertices(acc_t *a) {
  uint64_t *key = malloc(sizeof *key * (size_t)(a->nvtx + 1));
  if (!key) return 0;
  for (int64_t k = 0; k < a->nvtx; k++) {
    double v[2] = {a->vtx[k].x, a->vtx[k].y};
    key[k] = rn_hash_doubles(v, 2);
  }
  int ok = rn_sort_by_key(a->vtx, (size_t)a->nvtx, sizeof *a->vtx, key, cmp_vtx);
  free(key);
  return ok;
}

static int cmp_link(const void *a, const void *b) {
  const link_t *p = a, *q = b;
  if (p->i != q->i) return p->i < q->i ? -1 : 1;
  if (p->j != q->j) return p->j < q->j ? -1 : 1;
  return (p->shared > q->shared) - (p->shared < q->shared);
}

static int push_seg(acc_t *a, seg_t s) {
  if (a->nseg == a->capseg) {
    int64_t cap = a->capseg ? 2 * a->capseg : 4096;
    seg_t *p = realloc(a->seg, sizeof *p * (size_t)cap);
    if (!p) return 0;
    a->seg = p;
    a->capseg = cap;
  }
  a->seg[a->nseg++] = s;
  return 1;
}

static int push_vtx(acc_t *a, vtx_t v) {
  if (a->nvtx == a->capvtx) {
    int64_t cap = a->capvtx ? 2 * a->capvtx : 4096;
    vtx_t *p = realloc(a->vtx, sizeof *p * (size_t)cap);
    if (!p) return 0;
    a->vtx = p;
    a->capvtx = cap;
  }
  a->vtx[a->nvtx++] = v;
  return 1;
}

static int add_ring(GEOSContextHandle_t h, const GEOSGeometry *ring, int64_t unit, acc_t *a) {
  const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned int np = 0;
  if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &np)) return 0;
  /* the ring's coordinates in one block, not a GEOS call a point */
  if (2 * (size_t)np > a->capxy) {
    size_t cap = 2 * (size_t)np + 256;
    double *b = realloc(a->xy, sizeof *b * cap);
    if (!b) return 0;
    a->xy = b;
    a->capxy = cap;
  }
  if (np && !GEOSCoordSeq_copyToBuffer_r(h, cs, a->xy, 0, 0)) return 0;
  double px = 0, py = 0;
  for (unsigned int k = 0; k < np; k++) {
    double x = a->xy[2 * k], y = a->xy[2 * k + 1];
    if (k > 0 && (x != px || y != py)) {
      seg_t s = {px, py, x, y, unit};
      if (x < px || (x == px && y < py)) s = (seg_t){x, y, px, py, unit};
      if (!push_seg(a, s) || !push_vtx(a, (vtx_t){x, y, unit})) return 0;
    }
    px = x;
    py = y;
  }
  return 1;
}

static int add_polygon(GEOSContextHandle_t h, const GEOSGeometry *p, int64_t unit, acc_t *a) {
  if (!add_ring(h, GEOSGetExteriorRing_r(h, p), unit, a)) return 0;
  int nh = GEOSGetNumInteriorRings_r(h, p);
  for (int k = 0; k < nh; k++)
    if (!add_ring(h, GEOSGetInteriorRingN_r(h, p, k), unit, a)) return 0;
  return 1;
}

typedef struct {
  int64_t *hit;
  int64_t n, cap;
} hits_t;

static void hit_cb(void *item, void *userdata) {
  hits_t *h = userdata;
  if (h->n < h->cap) h->hit[h->n++] = *(const int64_t *)item;
}

/* Which units have borders that do not match? In messy data an unmatched
 * piece of border runs inside the neighbour (an overlap) or a hair's breadth
 * from it (a gap, or a vertex one side has and the other lacks), so its
 * midpoint is within a tenth of its length (at most half a metre) of another
 * unit: both units are marked messy. Unmatched segments of a clean coverage
 * lie alone on its outline. Returns how many units are messy, or -1 (out of
 * memory); stops counting once more than half are (then nothing is exact). */
static int64_t mark_messy(rn_ctx_t *ctx, const rn_units_t *u, const acc_t *a,
                          unsigned char *messy) {
  GEOSContextHandle_t h = ctx->geos;
  int64_t n = u->n, *ids = malloc(sizeof *ids * (size_t)(n + 1)), cand[64], nmessy = 0;
  const GEOSPreparedGeometry **prep = calloc((size_t)n + 1, sizeof *prep);
  GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
  if (!ids || !prep || !tree) nmessy = -1;
  for (int64_t i = 0; nmessy == 0 && i < n; i++) {
    ids[i] = i;
    if (u->geom[i] && GEOSisEmpty_r(h, u->geom[i]) == 0)
      GEOSSTRtree_insert_r(h, tree, u->geom[i], &ids[i]);
  }
  for (int64_t s = 0; nmessy >= 0 && nmessy <= n / 2 && s < a->nseg;) {
    int64_t e = s + 1;
    while (e < a->nseg && !cmp_seg_key(&a->seg[s], &a->seg[e])) e++;
    /* a messy unit's other unmatched segments add nothing: its neighbours'
     * own unmatched segments find them */
    if (e - s == 1 && !messy[a->seg[s].unit]) {
      const seg_t *g = &a->seg[s];
      double len = hypot(g->x2 - g->x1, g->y2 - g->y1), eps = fmin(0.5, 0.1 * len);
      double mx = 0.5 * (g->x1 + g->x2), my = 0.5 * (g->y1 + g->y2);
      GEOSGeometry *box = GEOSGeom_createRectangle_r(h, mx - eps, my - eps, mx + eps, my + eps);
      GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, mx, my);
      hits_t hs = {cand, 0, 64};
      if (box && pt) GEOSSTRtree_query_r(h, tree, box, hit_cb, &hs);
      else nmessy = -1;
      for (int64_t c = 0; nmessy >= 0 && c < hs.n; c++) {
        int64_t k = hs.hit[c];
        if (k == g->unit) continue;
        if (!prep[k]) prep[k] = GEOSPrepare_r(h, u->geom[k]);
        if (!prep[k]) nmessy = -1;
        else if (GEOSPreparedDistanceWithin_r(h, prep[k], pt, eps) != 0) {
          nmessy += !messy[g->unit] + !messy[k];
          messy[g->unit] = messy[k] = 1;
        }
      }
      if (box) GEOSGeom_destroy_r(h, box);
      if (pt) GEOSGeom_destroy_r(h, pt);
    }
    s = e;
  }
  for (int64_t i = 0; prep && i < n; i++)
    if (prep[i]) GEOSPreparedGeom_destroy_r(h, prep[i]);
  if (tree) GEOSSTRtree_destroy_r(h, tree);
  free(prep);
  free(ids);
  return nmessy;
}

static int cmp_link_key(const void *key, const void *elem) {
  const link_t *x = key, *y = elem;
  if (x->i != y->i) return x->i < y->i ? -1 : 1;
  return (x->j > y->j) - (x->j < y->j);
}

/* Exact length shared by i and k (-1: no pair), from the merged links. */
static double link_length(const link_t *links, int64_t np, int64_t i, int64_t k) {
  link_t key = {i < k ? i : k, i < k ? k : i, 0};
  const link_t *f = bsearch(&key, links, (size_t)np, sizeof *links, cmp_link_key);
  return f ? f->shared : -1;
}

/* With a tolerance t, the pairs the exact match cannot decide by the one
 * definition of adjacency (algorithms/README.md) are measured with it: a
 * common border shorter than t, or a point contact (the measure may give
 * less than t), and units that do not touch but come within t of each other
 * (queen neighbours by the definition; rook ones where enough border runs
 * within t, as across a gap narrower than t). A common border of length
 * >= t is rook by the measure too: each stretch of it, with the t at both ends where the
 * boundary runs on within t, counts at least its own length. The unit of
 * such a pair that is not yet measured is flagged. Returns how many were
 * flagged, or -1 (out of memory); stops once more than limit are. */
static int64_t mark_undecided(rn_ctx_t *ctx, const rn_units_t *u, const link_t *links,
                              int64_t np, double tol, int64_t limit, unsigned char *messy) {
  GEOSContextHandle_t h = ctx->geos;
  int64_t n = u->n, nm = 0, cand[256];
  for (int64_t k = 0; k < np; k++)
    if (links[k].shared < tol && !messy[links[k].i] && !messy[links[k].j]) {
      messy[links[k].i] = 1;
      nm++;
    }
  int64_t *ids = malloc(sizeof *ids * (size_t)(n + 1));
  const GEOSPreparedGeometry **prep = calloc((size_t)n + 1, sizeof *prep);
  GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
  if (!ids || !prep || !tree) nm = -1;
  for (int64_t i = 0; nm >= 0 && i < n; i++) {
    ids[i] = i;
    if (u->geom[i] && GEOSisEmpty_r(h, u->geom[i]) == 0)
      GEOSSTRtree_insert_r(h, tree, u->geom[i], &ids[i]);
  }
  /* units that do not touch but come within t: queen neighbours by the
   * definition, and rook ones where enough of the borders runs within t */
  for (int64_t i = 0; nm >= 0 && nm <= limit && i < n; i++) {
    if (!u->geom[i] || GEOSisEmpty_r(h, u->geom[i]) != 0) continue;
    double x0, y0, x1, y1;
    if (!GEOSGeom_getXMin_r(h, u->geom[i], &x0) || !GEOSGeom_getYMin_r(h, u->geom[i], &y0) ||
        !GEOSGeom_getXMax_r(h, u->geom[i], &x1) || !GEOSGeom_getYMax_r(h, u->geom[i], &y1)) {
      nm = -1;
      break;
    }
    GEOSGeometry *box = GEOSGeom_createRectangle_r(h, x0 - tol, y0 - tol, x1 + tol, y1 + tol);
    hits_t hs = {cand, 0, 256};
    if (box) GEOSSTRtree_query_r(h, tree, box, hit_cb, &hs);
    else nm = -1;
    if (nm >= 0 && hs.n == hs.cap && !messy[i]) { /* too many to look at: measure i */
      messy[i] = 1;
      nm++;
    }
    for (int64_t c = 0; nm >= 0 && c < hs.n && !messy[i]; c++) {
      int64_t k = hs.hit[c];
      if (k <= i || messy[k] || link_length(links, np, i, k) >= 0) continue;
      if (!prep[k]) prep[k] = GEOSPrepare_r(h, u->geom[k]);
      if (!prep[k]) nm = -1;
      else if (GEOSPreparedDistanceWithin_r(h, prep[k], u->geom[i], tol) == 1) {
        messy[i] = 1;
        nm++;
      }
    }
    if (box) GEOSGeom_destroy_r(h, box);
  }
  for (int64_t i = 0; prep && i < n; i++)
    if (prep[i]) GEOSPreparedGeom_destroy_r(h, prep[i]);
  if (tree) GEOSSTRtree_destroy_r(h, tree);
  free(prep);
  free(ids);
  return nm;
}

int rn_adjacency_exact(rn_ctx_t *ctx, const rn_units_t *u, double tol, rn_adjacency_t *out,
                       unsigned char *messy) {
  GEOSContextHandle_t h = ctx->geos;
  int64_t n = u->n;
  acc_t a = {0};
  link_t *links = NULL;
  int64_t nlinks = 0, caplinks = 0;
  int clean = 1, rc = RN_OK;
  for (int64_t i = 0; i < n && clean; i++) {
    const GEOSGeometry *g = u->geom ? u->geom[i] : NULL;
    if (!g || GEOSisEmpty_r(h, g) != 0) continue;
    int type = GEOSGeomTypeId_r(h, g), ok = 1;
    if (type == GEOS_POLYGON) ok = add_polygon(h, g, i, &a);
    else if (type == GEOS_MULTIPOLYGON)
      for (int k = 0; k < GEOSGetNumGeometries_r(h, g) && ok; k++)
        ok = add_polygon(h, GEOSGetGeometryN_r(h, g, k), i, &a);
    else clean = 0;
    if (!ok) rc = RN_ENOMEM;
  }
  if (rc != RN_OK || !clean) goto done;
  if (!sort_segments(&a)) {
    rc = RN_ENOMEM;
    goto done;
  }
  for (int64_t s = 0; s < a.nseg && clean;) {
    int64_t e = s + 1;
    while (e < a.nseg && !cmp_seg_key(&a.seg[s], &a.seg[e])) e++;
    double len = hypot(a.seg[s].x2 - a.seg[s].x1, a.seg[s].y2 - a.seg[s].y1);
    if (e - s == 1) {
      /* on the outline, if the coverage is clean: checked below */
    } else if (e - s == 2 && a.seg[s].unit != a.seg[s + 1].unit) {
      if (nlinks == caplinks) {
        int64_t cap = caplinks ? 2 * caplinks : 4096;
        link_t *p = realloc(links, sizeof *p * (size_t)cap);
        if (!p) {
          rc = RN_ENOMEM;
          break;
        }
        links = p;
        caplinks = cap;
      }
      links[nlinks++] = (link_t){a.seg[s].unit, a.seg[s + 1].unit, len};
    } else {
      clean = 0; /* an edge of three rings, or twice in one unit */
    }
    s = e;
  }
  if (rc != RN_OK || !clean) goto done;
  /* Nothing matched, or most segments unmatched (borders simplified unit by
   * unit, as in KR_SiGun): no coverage to speak of, and looking for the
   * messy units one by one would cost more than measuring everything. (Only
   * from 64 units on: in a handful of units the outline is most of it.) */
  if ((nlinks == 0 && n > 1) || (n >= 64 && a.nseg - 2 * nlinks > a.nseg / 2)) {
    clean = 0;
    goto done;
  }
  memset(messy, 0, (size_t)n);
  int64_t nmessy = mark_messy(ctx, u, &a, messy);
  if (nmessy < 0) rc = RN_ENOMEM;
  if (nmessy < 0 || nmessy > n / 2) {
    clean = 0;
    goto done;
  }
  if (nmessy > 0) clean = 2;
  /* units meeting at a vertex: queen pairs (length 0 unless an edge joins them) */
  if (!sort_vertices(&a)) {
    rc = RN_ENOMEM;
    goto done;
  }
  for (int64_t s = 0; s < a.nvtx;) {
    int64_t e = s + 1;
    while (e < a.nvtx && a.vtx[e].x == a.vtx[s].x && a.vtx[e].y == a.vtx[s].y) e++;
    for (int64_t p = s; p < e; p++)
      for (int64_t q = p + 1; q < e; q++) {
        if (a.vtx[p].unit == a.vtx[q].unit) continue;
        if (nlinks == caplinks) {
          int64_t cap = caplinks ? 2 * caplinks : 4096;
          link_t *lp = realloc(links, sizeof *lp * (size_t)cap);
          if (!lp) {
            rc = RN_ENOMEM;
            goto done;
          }
          links = lp;
          caplinks = cap;
        }
        links[nlinks++] = (link_t){a.vtx[p].unit, a.vtx[q].unit, 0};
      }
    s = e;
  }
  /* every link as (i < j), both directions in the CSR; lengths summed in a
   * fixed order so the result depends on the unit ids only */
  for (int64_t k = 0; k < nlinks; k++)
    if (links[k].i > links[k].j) {
      int64_t t = links[k].i;
      links[k].i = links[k].j;
      links[k].j = t;
    }
  rn_qsort(links, (size_t)nlinks, sizeof *links, cmp_link);
  int64_t np = 0;
  for (int64_t k = 0; k < nlinks; k++) {
    if (np > 0 && links[np - 1].i == links[k].i && links[np - 1].j == links[k].j)
      links[np - 1].shared += links[k].shared;
    else links[np++] = links[k];
  }
  if (tol > 0) {
    int64_t more = mark_undecided(ctx, u, links, np, tol, n / 2 - nmessy, messy);
    if (more < 0) {
      rc = RN_ENOMEM;
      goto done;
    }
    nmessy += more;
    if (nmessy > n / 2) {
      clean = 0;
      goto done;
    }
    if (nmessy > 0) clean = 2;
  }
  double *perim = calloc((size_t)n + 1, sizeof *perim);
  if (!perim) {
    rc = RN_ENOMEM;
    goto done;
  }
  for (int64_t i = 0; i < n; i++)
    if (u->geom && u->geom[i] && GEOSisEmpty_r(h, u->geom[i]) == 0)
      GEOSLength_r(h, u->geom[i], &perim[i]);
  rc = rn_adjacency_from_pairs(ctx, n, links, np, perim, out);
  if (rc != RN_OK) {
    free(a.seg);
    free(a.vtx);
    free(a.xy);
    free(links);
    return -rc;
  }
done:
  free(a.seg);
  free(a.vtx);
  free(a.xy);
  free(links);
  if (rc != RN_OK) return -rn_error(ctx, rc, "adjacency: out of memory");
  return clean;
}
