/* Intramax (algorithms/README.md, `intramax`; Masser and Brown 1975).
 *
 * Groups start as units. Repeatedly merge the candidate pair (a, b)
 * maximising T_ab/(O_a I_b) + T_ba/(O_b I_a), with T between groups summed
 * from the off-diagonal flows and O, I the groups' summed totals (diagonal
 * included, algorithms/README.md); stop at `regions` groups (default: a tenth of the
 * units, rounded, at least 1). Candidates: pairs with a flow between them;
 * under contiguity enforce only pairs that touch (rook, or queen) plus, as
 * islands are exempt, pairs with a flow where one group has no neighbour at
 * all. When no candidate is left before `regions` the run stops there and
 * says so. Ties: smaller first unit index, then smaller second.
 *
 * Efficiency: each group keeps a sorted list of its neighbours (flows both
 * ways, touching); a merge combines two lists and patches the neighbours'
 * lists (O(degree)); a binary heap holds candidate pairs with the versions of
 * both groups, stale entries are skipped when popped. */
#include "methods_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const intramax_options[] = {"regions", NULL};

typedef struct {
  int64_t g;
  double tab, tba; /* flow from the list's owner to g, and from g to it */
  unsigned char adj;
} nb_t;

typedef struct {
  nb_t *v;
  int64_t len, cap;
} nbl_t;

typedef struct {
  double val;
  int64_t a, b;
  uint32_t va, vb;
} hent_t;

typedef struct {
  hent_t *h;
  int64_t len, cap;
} heap_t;

static int hbefore(const hent_t *x, const hent_t *y) {
  if (x->val != y->val) return x->val > y->val;
  if (x->a != y->a) return x->a < y->a;
  return x->b < y->b;
}

static int heap_push(heap_t *hp, hent_t e) {
  if (hp->len == hp->cap) {
    int64_t cap = hp->cap ? 2 * hp->cap : 1024;
    hent_t *h = realloc(hp->h, sizeof *h * (size_t)cap);
    if (!h) return RN_ENOMEM;
    hp->h = h;
    hp->cap = cap;
  }
  int64_t k = hp->len++;
  while (k > 0) {
    int64_t p = (k - 1) / 2;
    if (!hbefore(&e, &hp->h[p])) break;
    hp->h[k] = hp->h[p];
    k = p;
  }
  hp->h[k] = e;
  return RN_OK;
}

static hent_t heap_pop(heap_t *hp) {
  hent_t top = hp->h[0], e = hp->h[--hp->len];
  int64_t k = 0;
  for (;;) {
    int64_t c = 2 * k + 1;
    if (c >= hp->len) break;
    if (c + 1 < hp->len && hbefore(&hp->h[c + 1], &hp->h[c])) c++;
    if (!hbefore(&hp->h[c], &e)) break;
    hp->h[k] = hp->h[c];
    k = c;
  }
  if (hp->len > 0) hp->h[k] = e;
  return top;
}

typedef struct {
  int64_t a, b;
  double tab, tba;
  unsigned char adj;
} trip_t;

static int cmp_trip(const void *x, const void *y) {
  const trip_t *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

typedef struct {
  int64_t n;
  double *O, *I;
  unsigned char *island, *alive;
  uint32_t *ver;
  nbl_t *nb;
  heap_t heap;
  int constrained;
} imx_t;

static double value(const imx_t *s, int64_t a, const nb_t *e) {
  int64_t b = e->g;
  double v = 0;
  if (s->O[a] > 0 && s->I[b] > 0) v += e->tab / (s->O[a] * s->I[b]);
  if (s->O[b] > 0 && s->I[a] > 0) v += e->tba / (s->O[b] * s->I[a]);
  return v;
}

static int candidate(const imx_t *s, int64_t a, const nb_t *e) {
  int flow = e->tab + e->tba > 0;
  if (!s->constrained) return flow;
  return e->adj || (flow && (s->island[a] || s->island[e->g]));
}

static int push_pair(imx_t *s, int64_t a, const nb_t *e) {
  if (!candidate(s, a, e)) return RN_OK;
  int64_t b = e->g;
  hent_t h = {value(s, a, e), a < b ? a : b, a < b ? b : a, 0, 0};
  h.va = s->ver[h.a];
  h.vb = s->ver[h.b];
  return heap_push(&s->heap, h);
}

static nb_t *find_nb(nbl_t *l, int64_t g) {
  int64_t lo = 0, hi = l->len;
  while (lo < hi) {
    int64_t mid = (lo + hi) / 2;
    if (l->v[mid].g < g) lo = mid + 1;
    else hi = mid;
  }
  return lo < l->len && l->v[lo].g == g ? &l->v[lo] : NULL;
}

/* In c's list, fold the entry for b into the one for a (a < b). */
static void patch_neighbour(nbl_t *l, int64_t a, int64_t b) {
  nb_t *eb = find_nb(l, b);
  if (!eb) return;
  nb_t moved = *eb;
  memmove(eb, eb + 1, sizeof *eb * (size_t)(l->len - (eb - l->v) - 1));
  l->len--;
  nb_t *ea = find_nb(l, a);
  if (ea) {
    ea->tab += moved.tab;
    ea->tba += moved.tba;
    ea->adj |= moved.adj;
    return;
  }
  int64_t pos = 0;
  while (pos < l->len && l->v[pos].g < a) pos++;
  memmove(&l->v[pos + 1], &l->v[pos], sizeof *l->v * (size_t)(l->len - pos));
  moved.g = a;
  l->v[pos] = moved;
  l->len++; /* fits: the entry for b was removed */
}

static int merge(imx_t *s, int64_t a, int64_t b) {
  nbl_t *la = &s->nb[a], *lb = &s->nb[b];
  nbl_t m = {malloc(sizeof(nb_t) * (size_t)(la->len + lb->len + 1)), 0, la->len + lb->len + 1};
  if (!m.v) return RN_ENOMEM;
  int64_t x = 0, y = 0;
  while (x < la->len || y < lb->len) {
    nb_t e;
    if (y >= lb->len || (x < la->len && la->v[x].g < lb->v[y].g)) e = la->v[x++];
    else if (x >= la->len || lb->v[y].g < la->v[x].g) e = lb->v[y++];
    else {
      e = la->v[x++];
      e.tab += lb->v[y].tab;
      e.tba += lb->v[y].tba;
      e.adj |= lb->v[y].adj;
      y++;
    }
    if (e.g != a && e.g != b) m.v[m.len++] = e;
  }
  for (int64_t k = 0; k < lb->len; k++)
    if (lb->v[k].g != a) patch_neighbour(&s->nb[lb->v[k].g], a, b);
  /* neighbours of a alone keep a correct entry for a: nothing of b in it */
  free(la->v);
  free(lb->v);
  *la = m;
  memset(lb, 0, sizeof *lb);
  s->O[a] += s->O[b];
  s->I[a] += s->I[b];
  s->island[a] = s->island[a] && s->island[b];
  s->alive[b] = 0;
  s->ver[a]++;
  s->ver[b]++;
  for (int64_t k = 0; k < la->len; k++)
    if (push_pair(s, a, &la->v[k]) != RN_OK) return RN_ENOMEM;
  return RN_OK;
}

static int build(rn_ctx_t *ctx, const rn_problem_t *pb, imx_t *s) {
  const rn_flows_t *f = pb->flows;
  const rn_adjacency_t *a = pb->adj;
  int64_t n = f->n, m = 0, cap = 2 * f->nnz + (a ? a->row[a->n] : 0) + 1;
  trip_t *t = malloc(sizeof *t * (size_t)cap);
  if (!t) return rn_error(ctx, RN_ENOMEM, "out of memory (intramax)");
  for (int64_t i = 0; i < n; i++)
    for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
      t[m++] = (trip_t){i, f->col[p], f->val[p], 0, 0};
      t[m++] = (trip_t){f->col[p], i, 0, f->val[p], 0};
    }
  if (a && s->constrained)
    for (int64_t i = 0; i < n; i++)
      for (int64_t p = a->row[i]; p < a->row[i + 1]; p++)
        if ((pb->queen || a->shared[p] > 0) && a->col[p] != i)
          t[m++] = (trip_t){i, a->col[p], 0, 0, 1};
  rn_qsort(t, (size_t)m, sizeof *t, cmp_trip);
  int64_t w = -1;
  for (int64_t r = 0; r < m; r++) {
    if (w >= 0 && t[w].a == t[r].a && t[w].b == t[r].b) {
      t[w].tab += t[r].tab;
      t[w].tba += t[r].tba;
      t[w].adj |= t[r].adj;
    } else
      t[++w] = t[r];
  }
  m = w + 1;
  int64_t r = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t q = r;
    while (q < m && t[q].a == i) q++;
    nbl_t *l = &s->nb[i];
    l->len = l->cap = q - r;
    l->v = malloc(sizeof *l->v * (size_t)(l->cap + 1));
    if (!l->v) {
      free(t);
      return rn_error(ctx, RN_ENOMEM, "out of memory (intramax)");
    }
    for (int64_t k = r; k < q; k++) l->v[k - r] = (nb_t){t[k].b, t[k].tab, t[k].tba, t[k].adj};
    r = q;
  }
  free(t);
  for (int64_t i = 0; i < n; i++)
    for (int64_t k = 0; k < s->nb[i].len; k++)
      if (s->nb[i].v[k].g > i && push_pair(s, i, &s->nb[i].v[k]) != RN_OK)
        return rn_error(ctx, RN_ENOMEM, "out of memory (intramax)");
  return RN_OK;
}

int rn_method_intramax(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                       rn_params_t *used, rn_result_t *out) {
  const char *M = "intramax";
  rn_mrun_t mr;
  imx_t s;
  int rc;
  long K;
  memset(&s, 0, sizeof s);
  rn_result_init(out);
  if ((rc = rn_mrun_init(ctx, M, in, options, intramax_options, -1, out, &mr)) != RN_OK) goto fail;
  int64_t n = in->units->n;
  long kdef = (long)((n + 5) / 10);
  if (kdef < 1) kdef = 1;
  if ((rc = rn_mopt_int(ctx, M, options, "regions", kdef, 1, n > 0 ? (long)n : 1, &K)) != RN_OK)
    goto fail;
  const rn_problem_t *pb = &mr.pb;
  s.n = n;
  s.constrained = pb->adj != NULL;
  s.O = malloc(sizeof *s.O * (size_t)(n + 1));
  s.I = malloc(sizeof *s.I * (size_t)(n + 1));
  s.island = malloc((size_t)n + 1);
  s.alive = malloc((size_t)n + 1);
  s.ver = calloc((size_t)n + 1, sizeof *s.ver);
  s.nb = calloc((size_t)n + 1, sizeof *s.nb);
  int64_t *uf = malloc(sizeof *uf * (size_t)(n + 1));
  int64_t *key = malloc(sizeof *key * (size_t)(n + 1));
  unsigned char *role = calloc((size_t)n + 1, 1);
  if (!s.O || !s.I || !s.island || !s.alive || !s.ver || !s.nb || !uf || !key || !role) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  for (int64_t i = 0; i < n; i++) {
    s.O[i] = pb->flows->out[i];
    s.I[i] = pb->flows->in[i];
    s.island[i] = pb->adj ? rn_adjacency_degree(pb->adj, i, pb->queen) == 0 : 0;
    s.alive[i] = 1;
    uf[i] = i;
  }
  if ((rc = build(ctx, pb, &s)) != RN_OK) goto done;
  int64_t groups = n;
  double last = 0;
  while (groups > K && s.heap.len > 0) {
    hent_t e = heap_pop(&s.heap);
    if (!s.alive[e.a] || !s.alive[e.b] || s.ver[e.a] != e.va || s.ver[e.b] != e.vb) continue;
    if (merge(&s, e.a, e.b) != RN_OK) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory (intramax)");
      goto done;
    }
    uf[e.b] = e.a;
    last = e.val;
    groups--;
    if ((groups & 1023) == 0 && !rn_progress(ctx, (double)(n - groups) / (double)(n - K + 1), M)) {
      rc = rn_error(ctx, RN_EINTERRUPT, "interrupted");
      goto done;
    }
  }
  if (groups > K)
    rn_report(ctx, "intramax: no candidate pair left at %lld regions (asked for %ld)%s",
              (long long)groups, K, s.constrained ? ": the map falls apart in more pieces" : "");
  rn_report(ctx, "intramax: %lld regions, last merge at %.6g, %s pairs", (long long)groups, last,
            s.constrained ? "touching" : "all");
  for (int64_t i = 0; i < n; i++) uf[i] = rn_uf_find(uf, i);
  if ((rc = rn_keys_from_labels(ctx, &mr, uf, key, role)) != RN_OK) goto done;
  rn_mlevel(used, 0, M, 0);
  /* touching merges keep regions whole; the repair only checks that */
  if ((rc = rn_partition_repair(ctx, &mr, 0, key, role)) != RN_OK) goto done;
  if ((rc = rn_mrun_finish_level(ctx, &mr, 0, used, key, role)) != RN_OK) goto done;
  rn_mrun_decisions_done(&mr);
done:
  for (int64_t i = 0; s.nb && i < n; i++) free(s.nb[i].v);
  free(s.nb);
  free(s.heap.h);
  free(s.O);
  free(s.I);
  free(s.island);
  free(s.alive);
  free(s.ver);
  free(uf);
  free(key);
  free(role);
fail:
  rn_mrun_destroy(&mr);
  if (rc != RN_OK) rn_result_destroy(out);
  return rc;
}
