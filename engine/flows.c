/* Flows in compressed sparse rows, built from (i, j, value) triples. */
#include "regionet/regionet.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int64_t c; double v; } pair_t;
static int cmp_pair(const void *a, const void *b) {
  const pair_t *x = a, *y = b;
  if (x->c != y->c) return x->c < y->c ? -1 : 1;
  return (x->v > y->v) - (x->v < y->v);
}

struct rn_flows_builder {
  int64_t n, len, cap;
  int64_t *i, *j;
  double *v;
};

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
  rn_flows_builder_t *b = calloc(1, sizeof *b);
  if (!b) return rn_error(ctx, RN_ENOMEM, "out of memory");
  b->n = n;
  *out = b;
  return RN_OK;
}

void rn_flows_builder_free(rn_flows_builder_t *b) {
  if (!b) return;
  free(b->i);
  free(b->j);
  free(b->v);
  free(b);
}

int rn_flows_builder_add(rn_ctx_t *ctx, rn_flows_builder_t *b, int64_t i, int64_t j, double v) {
  if (i < 0 || j < 0 || i >= b->n || j >= b->n)
    return rn_error(ctx, RN_EINPUT, "flow between unknown units %lld -> %lld", (long long)i,
                    (long long)j);
  if (!isfinite(v) || v < 0)
    return rn_error(ctx, RN_EINPUT, "flow value %g is not a finite number >= 0", v);
  if (b->len == b->cap) {
    int64_t cap = b->cap ? b->cap * 2 : 1024;
    int64_t *ni = realloc(b->i, sizeof *ni * (size_t)cap);
    if (ni) b->i = ni;
    int64_t *nj = realloc(b->j, sizeof *nj * (size_t)cap);
    if (nj) b->j = nj;
    double *nv = realloc(b->v, sizeof *nv * (size_t)cap);
    if (nv) b->v = nv;
    if (!ni || !nj || !nv) return rn_error(ctx, RN_ENOMEM, "out of memory reading flows");
    b->cap = cap;
  }
  b->i[b->len] = i;
  b->j[b->len] = j;
  b->v[b->len] = v;
  b->len++;
  return RN_OK;
}

int rn_flows_builder_finish(rn_ctx_t *ctx, rn_flows_builder_t *b, rn_flows_t *f) {
  int64_t n = b->n, m = b->len;
  rn_flows_init(f);
  f->n = n;
  f->row = calloc((size_t)n + 1, sizeof *f->row);
  f->diag = calloc((size_t)n + 1, sizeof *f->diag);
  f->out = calloc((size_t)n + 1, sizeof *f->out);
  f->in = calloc((size_t)n + 1, sizeof *f->in);
  int64_t *cnt = calloc((size_t)n + 1, sizeof *cnt);
  int64_t *col = malloc(sizeof *col * (size_t)(m + 1));
  double *val = malloc(sizeof *val * (size_t)(m + 1));
  if (!f->row || !f->diag || !f->out || !f->in || !cnt || !col || !val) {
    free(cnt);
    free(col);
    free(val);
    rn_flows_builder_free(b);
    rn_flows_destroy(f);
    return rn_error(ctx, RN_ENOMEM, "out of memory building the flow matrix");
  }
  /* Counting sort by origin, then insertion order inside a row is replaced by
   * a sort on destination: the result does not depend on the input order. */
  for (int64_t k = 0; k < m; k++)
    if (b->i[k] != b->j[k]) cnt[b->i[k] + 1]++;
  for (int64_t i = 0; i < n; i++) cnt[i + 1] += cnt[i];
  for (int64_t k = 0; k < m; k++) {
    int64_t i = b->i[k], j = b->j[k];
    if (i == j) {
      f->diag[i] += b->v[k];
      continue;
    }
    int64_t p = cnt[i]++;
    col[p] = j;
    val[p] = b->v[k];
  }
  /* cnt[i] now is the end of row i; rebuild starts. */
  int64_t nnz = 0, start = 0, longest = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t len = cnt[i] - (i ? cnt[i - 1] : 0);
    if (len > longest) longest = len;
  }
  pair_t *tmp = malloc(sizeof *tmp * (size_t)(longest + 1));
  if (!tmp) {
    free(cnt);
    free(col);
    free(val);
    rn_flows_builder_free(b);
    rn_flows_destroy(f);
    return rn_error(ctx, RN_ENOMEM, "out of memory building the flow matrix");
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t end = cnt[i];
    /* sort by (col, val): duplicates of a pair become adjacent and are summed
     * in value order, so the sum does not depend on the input order. */
    for (int64_t a = start; a < end; a++) {
      tmp[a - start].c = col[a];
      tmp[a - start].v = val[a];
    }
    qsort(tmp, (size_t)(end - start), sizeof *tmp, cmp_pair);
    for (int64_t a = start; a < end; a++) {
      col[a] = tmp[a - start].c;
      val[a] = tmp[a - start].v;
    }
    f->row[i] = nnz;
    for (int64_t a = start; a < end; a++) {
      if (nnz > f->row[i] && col[nnz - 1] == col[a]) {
        val[nnz - 1] += val[a];
      } else {
        col[nnz] = col[a];
        val[nnz] = val[a];
        nnz++;
      }
    }
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
  f->row[n] = nnz;
  f->nnz = nnz;
  f->col = realloc(col, sizeof *col * (size_t)(nnz + 1));
  f->val = realloc(val, sizeof *val * (size_t)(nnz + 1));
  if (!f->col) f->col = col;
  if (!f->val) f->val = val;
  free(cnt);
  rn_flows_builder_free(b);
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
