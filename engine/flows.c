/* Flows in compressed sparse rows, built from (i, j, value) triples. */
#include "engine/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Triples are kept in segments: rn_flows_builder_add appends to the last
 * one, rn_flows_builder_join moves another builder's segments after them
 * (readers fill one builder per thread and join them in file order). Unit
 * ids fit 32 bits (the builder refuses more units): 16 bytes a triple. */
typedef struct { int32_t i, j; double v; } trip_t;
typedef struct { trip_t *t; int64_t len, cap; } seg_t;

struct rn_flows_builder {
  int64_t n;
  seg_t *seg;
  int nseg, segcap;
};

/* A destination and its flow while a row is sorted. */
typedef struct { int32_t c; double v; } cv_t;

void rn_flows_init(rn_flows_t *f) { memset(f, 0, sizeof *f); }

void rn_flows_destroy(rn_flows_t *f) {
  free(f->row);
  free(f->col);
  free(f->val);
  free(f->diag);
  free(f->out);
  free(f->in);
  free(f->path);
  rn_flows_init(f);
}

int rn_flows_builder_new(rn_ctx_t *ctx, int64_t n, rn_flows_builder_t **out) {
  *out = NULL;
  if (n < 0 || n > INT32_MAX)
    return rn_error(ctx, RN_EPARAM, "flows between %lld units: at most %d units", (long long)n,
                    (int)INT32_MAX);
  rn_flows_builder_t *b = calloc(1, sizeof *b);
  if (!b) return rn_error(ctx, RN_ENOMEM, "out of memory");
  b->n = n;
  *out = b;
  return RN_OK;
}

void rn_flows_builder_free(rn_flows_builder_t *b) {
  if (!b) return;
  for (int s = 0; s < b->nseg; s++) free(b->seg[s].t);
  free(b->seg);
  free(b);
}

static int seg_push(rn_flows_builder_t *b, seg_t s) {
  if (b->nseg == b->segcap) {
    int cap = b->segcap ? 2 * b->segcap : 4;
    seg_t *ns = realloc(b->seg, sizeof *ns * (size_t)cap);
    if (!ns) return -1;
    b->seg = ns;
    b->segcap = cap;
  }
  b->seg[b->nseg++] = s;
  return 0;
}

int rn_flows_builder_add(rn_ctx_t *ctx, rn_flows_builder_t *b, int64_t i, int64_t j, double v) {
  if (i < 0 || j < 0 || i >= b->n || j >= b->n)
    return rn_error(ctx, RN_EINPUT, "flow between unknown units %lld -> %lld", (long long)i,
                    (long long)j);
  if (!isfinite(v) || v < 0)
    return rn_error(ctx, RN_EINPUT, "flow value %g is not a finite number >= 0", v);
  if (!b->nseg && seg_push(b, (seg_t){NULL, 0, 0}))
    return rn_error(ctx, RN_ENOMEM, "out of memory reading flows");
  seg_t *s = &b->seg[b->nseg - 1];
  if (s->len == s->cap) {
    int64_t cap = s->cap ? s->cap * 2 : 1024;
    trip_t *nt = realloc(s->t, sizeof *nt * (size_t)cap);
    if (!nt) return rn_error(ctx, RN_ENOMEM, "out of memory reading flows");
    s->t = nt;
    s->cap = cap;
  }
  s->t[s->len++] = (trip_t){(int32_t)i, (int32_t)j, v};
  return RN_OK;
}

int rn_flows_builder_join(rn_ctx_t *ctx, rn_flows_builder_t *b, rn_flows_builder_t *part) {
  if (!part) return RN_OK;
  if (part->n != b->n) {
    int64_t pn = part->n;
    rn_flows_builder_free(part);
    return rn_error(ctx, RN_EPARAM, "joining flows between %lld and %lld units",
                    (long long)b->n, (long long)pn);
  }
  for (int s = 0; s < part->nseg; s++) {
    if (seg_push(b, part->seg[s])) {
      for (; s < part->nseg; s++) free(part->seg[s].t);
      free(part->seg);
      free(part);
      return rn_error(ctx, RN_ENOMEM, "out of memory reading flows");
    }
  }
  free(part->seg);
  free(part);
  return RN_OK;
}

/* Order of a row's entries: destination, then value. */
static inline int cv_less(cv_t a, cv_t b) { return a.c < b.c || (a.c == b.c && a.v < b.v); }
static int cmp_cv(const void *a, const void *b) {
  const cv_t *x = a, *y = b;
  return cv_less(*x, *y) ? -1 : cv_less(*y, *x);
}

static void cv_insertion(cv_t *a, int64_t len) {
  for (int64_t k = 1; k < len; k++) {
    cv_t x = a[k];
    int64_t p = k;
    for (; p > 0 && cv_less(x, a[p - 1]); p--) a[p] = a[p - 1];
    a[p] = x;
  }
}

/* Quicksort (median of three, insertion sort for short ranges); after too
 * many uneven splits the C library's sort finishes the range. Any correct
 * sort gives the same array: equal entries are identical. */
static void cv_sort(cv_t *a, int64_t len, int depth) {
  while (len > 24) {
    if (depth-- <= 0) {
      rn_qsort(a, (size_t)len, sizeof *a, cmp_cv);
      return;
    }
    int64_t mid = len / 2;
    cv_t *x = &a[0], *y = &a[mid], *z = &a[len - 1], t;
    if (cv_less(*y, *x)) t = *x, *x = *y, *y = t;
    if (cv_less(*z, *y)) t = *y, *y = *z, *z = t;
    if (cv_less(*y, *x)) t = *x, *x = *y, *y = t;
    cv_t pv = *y;
    int64_t lo = 0, hi = len - 1;
    for (;;) { /* Hoare: runs of equal keys split evenly */
      while (cv_less(a[lo], pv)) lo++;
      while (cv_less(pv, a[hi])) hi--;
      if (lo >= hi) break;
      t = a[lo], a[lo] = a[hi], a[hi] = t;
      lo++, hi--;
    }
    /* [0, hi] <= pivot <= [hi + 1, len): recurse into the smaller side */
    int64_t nl = hi + 1, nr = len - nl;
    if (nl < nr) {
      cv_sort(a, nl, depth);
      a += nl;
      len = nr;
    } else {
      cv_sort(a + nl, nr, depth);
      len = nl;
    }
  }
  cv_insertion(a, len);
}

/* Sort row entries col/val[0..len) by (destination, value), through tmp
 * (room for len entries); rows often come in order already. */
static void row_sort(int64_t *col, double *val, int64_t len, cv_t *tmp) {
  int64_t k = 1;
  while (k < len && col[k - 1] < col[k]) k++;
  if (k >= len) return;
  for (k = 0; k < len; k++) tmp[k] = (cv_t){(int32_t)col[k], val[k]};
  int depth = 2;
  for (int64_t m = len; m > 1; m >>= 1) depth += 2;
  cv_sort(tmp, len, depth);
  for (k = 0; k < len; k++) {
    col[k] = tmp[k].c;
    val[k] = tmp[k].v;
  }
}

static int finish(rn_ctx_t *ctx, rn_flows_builder_t *b, rn_flows_t *f, int64_t dup[2]) {
  int64_t n = b->n, m = 0;
  for (int s = 0; s < b->nseg; s++) m += b->seg[s].len;
  rn_flows_init(f);
  f->n = n;
  dup[0] = dup[1] = -1;
  f->row = calloc((size_t)n + 1, sizeof *f->row);
  f->diag = calloc((size_t)n + 1, sizeof *f->diag);
  f->out = calloc((size_t)n + 1, sizeof *f->out);
  f->in = calloc((size_t)n + 1, sizeof *f->in);
  int64_t *cnt = calloc((size_t)n + 1, sizeof *cnt);
  int64_t *ndiag = calloc((size_t)n + 1, sizeof *ndiag);
  int64_t *col = malloc(sizeof *col * (size_t)(m + 1));
  double *val = malloc(sizeof *val * (size_t)(m + 1));
  if (!f->row || !f->diag || !f->out || !f->in || !cnt || !ndiag || !col || !val) {
    free(cnt);
    free(ndiag);
    free(col);
    free(val);
    rn_flows_builder_free(b);
    rn_flows_destroy(f);
    return rn_error(ctx, RN_ENOMEM, "out of memory building the flow matrix");
  }
  /* Counting sort by origin; the diagonal is summed apart, in input order. */
  for (int s = 0; s < b->nseg; s++)
    for (const trip_t *t = b->seg[s].t, *e = t + b->seg[s].len; t < e; t++)
      if (t->i != t->j) cnt[t->i + 1]++;
  for (int64_t i = 0; i < n; i++) cnt[i + 1] += cnt[i];
  for (int s = 0; s < b->nseg; s++) {
    for (const trip_t *t = b->seg[s].t, *e = t + b->seg[s].len; t < e; t++) {
      if (t->i == t->j) {
        f->diag[t->i] += t->v;
        ndiag[t->i]++;
      } else {
        int64_t p = cnt[t->i]++;
        col[p] = t->j;
        val[p] = t->v;
      }
    }
    free(b->seg[s].t);
    b->seg[s].t = NULL;
  }
  rn_flows_builder_free(b);
  /* cnt[i] now is the end of row i. */
  int64_t longest = 0;
  for (int64_t i = 0; i < n; i++)
    if (cnt[i] - (i ? cnt[i - 1] : 0) > longest) longest = cnt[i] - (i ? cnt[i - 1] : 0);
  cv_t *tmp = malloc(sizeof *tmp * (size_t)(longest + 1));
  if (!tmp) {
    free(cnt);
    free(ndiag);
    free(col);
    free(val);
    rn_flows_destroy(f);
    return rn_error(ctx, RN_ENOMEM, "out of memory building the flow matrix");
  }
  /* Each row is sorted by (destination, value): duplicates of a pair become
   * adjacent and are summed in value order, so the result does not depend
   * on the input order. */
  int64_t nnz = 0, start = 0, rows_dup = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t end = cnt[i], first = -1;
    row_sort(col + start, val + start, end - start, tmp);
    f->row[i] = nnz;
    for (int64_t a = start; a < end; a++) {
      if (nnz > f->row[i] && col[nnz - 1] == col[a]) {
        val[nnz - 1] += val[a];
        rows_dup++;
        if (first < 0) first = col[a];
      } else {
        col[nnz] = col[a];
        val[nnz] = val[a];
        nnz++;
      }
    }
    if (ndiag[i] > 1) {
      rows_dup += ndiag[i] - 1;
      if (first < 0 || i < first) first = i;
    }
    if (first >= 0 && dup[0] < 0) dup[0] = i, dup[1] = first;
    /* zero pairs (all-zero duplicates) are dropped */
    int64_t w = f->row[i];
    for (int64_t a = f->row[i]; a < nnz; a++)
      if (val[a] > 0) {
        col[w] = col[a];
        val[w] = val[a];
        w++;
      }
    nnz = w;
    start = end;
  }
  free(tmp);
  free(cnt);
  free(ndiag);
  f->row[n] = nnz;
  f->nnz = nnz;
  f->rows_dup = rows_dup;
  f->col = realloc(col, sizeof *col * (size_t)(nnz + 1));
  f->val = realloc(val, sizeof *val * (size_t)(nnz + 1));
  if (!f->col) f->col = col;
  if (!f->val) f->val = val;
  for (int64_t i = 0; i < n; i++) {
    double o = f->diag[i];
    for (int64_t k = f->row[i]; k < f->row[i + 1]; k++) {
      o += f->val[k];
      f->in[f->col[k]] += f->val[k];
    }
    f->out[i] = o;
    f->in[i] += f->diag[i];
    f->total += o;
    if (f->diag[i] > 0) f->n_diag++;
  }
  return RN_OK;
}

int rn_flows_builder_finish(rn_ctx_t *ctx, rn_flows_builder_t *b, rn_flows_t *f) {
  int64_t dup[2];
  return finish(ctx, b, f, dup);
}

int rn_flows_builder_finish_dup(rn_ctx_t *ctx, rn_flows_builder_t *b, rn_flows_t *f,
                                int64_t dup[2]) {
  return finish(ctx, b, f, dup);
}
