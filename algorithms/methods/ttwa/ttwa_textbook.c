/* Travel-to-work areas, the textbook CURDS algorithm (algorithms/README.md, `ttwa`):
 * every unit starts as an area; the least valid area is dissolved and each of
 * its units joins the area it is most cohesive with, unless that would lower
 * the area's validity (then it waits in a reserve list, assigned at the end).
 * Area totals (R, W, internal flow) are kept incrementally: a unit's links to
 * the areas are read from its own flow rows, so one dissolution costs the
 * degree of its units, not the size of the map. */
#include "ttwa_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct tb {
  const rn_ttwa_net_t *net;
  const rn_ttwa_params_t *p;
  int64_t n;
  int64_t *area;          /* per unit: area id (its founding unit), -1 = detached */
  int64_t *head, *next;   /* members of each area */
  double *R, *W, *T;      /* per area */
  unsigned char *alive;   /* per area id */
  double *acc_o, *acc_i;  /* scratch per area: flow unit -> area, area -> unit */
  int64_t *touched;
  int64_t ntouched;
  double *order;          /* scratch per unit: ordering key */
} tb_t;

static double tb_valid(const tb_t *s, int64_t a) {
  return rn_ttwa_validity(s->p, s->T[a], s->R[a], s->W[a]);
}

/* Flows between unit u and the areas (detached units belong to none). */
static void tb_links(tb_t *s, int64_t u) {
  const rn_flows_t *f = s->net->f;
  s->ntouched = 0;
  for (int pass = 0; pass < 2; pass++) {
    const int64_t *row = pass ? s->net->irow : f->row;
    const int64_t *col = pass ? s->net->icol : f->col;
    const double *val = pass ? s->net->ival : f->val;
    double *acc = pass ? s->acc_i : s->acc_o;
    for (int64_t k = row[u]; k < row[u + 1]; k++) {
      int64_t a = s->area[col[k]];
      if (a < 0) continue;
      if (s->acc_o[a] == 0 && s->acc_i[a] == 0) s->touched[s->ntouched++] = a;
      acc[a] += val[k];
    }
  }
}

static void tb_clear(tb_t *s) {
  for (int64_t t = 0; t < s->ntouched; t++) s->acc_o[s->touched[t]] = s->acc_i[s->touched[t]] = 0;
  s->ntouched = 0;
}

/* The area of highest cohesion with u among those linked (ties: smaller id), -1 none. */
static int64_t tb_best(const tb_t *s, int64_t u) {
  const rn_flows_t *f = s->net->f;
  int64_t best = -1;
  double bs = -1;
  for (int64_t t = 0; t < s->ntouched; t++) {
    int64_t a = s->touched[t];
    double c = rn_ttwa_term(s->acc_o[a], f->out[u], s->W[a]) +
               rn_ttwa_term(s->acc_i[a], s->R[a], f->in[u]);
    if (c > bs || (c == bs && a < best)) {
      bs = c;
      best = a;
    }
  }
  return best;
}

static void tb_join(tb_t *s, int64_t u, int64_t a) {
  const rn_flows_t *f = s->net->f;
  s->R[a] += f->out[u];
  s->W[a] += f->in[u];
  s->T[a] += s->acc_o[a] + s->acc_i[a] + f->diag[u];
  s->area[u] = a;
  s->next[u] = s->head[a];
  s->head[a] = u;
}

static int cmp_order(const void *x, const void *y, void *arg) {
  const double *key = arg;
  int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
  if (key[a] != key[b]) return key[a] > key[b] ? -1 : 1;
  return (a > b) - (a < b);
}

/* insertion sort with a context: dissolved areas are small */
static void sort_units(int64_t *v, int64_t len, const double *key) {
  for (int64_t i = 1; i < len; i++) {
    int64_t x = v[i], j = i - 1;
    while (j >= 0 && cmp_order(&x, &v[j], (void *)key) < 0) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

/* Merge sort for the (possibly long) reserve list, same order. */
static void msort(int64_t *v, int64_t *tmp, int64_t len, const double *key) {
  if (len < 16) {
    sort_units(v, len, key);
    return;
  }
  int64_t h = len / 2;
  msort(v, tmp, h, key);
  msort(v + h, tmp, len - h, key);
  int64_t i = 0, j = h, k = 0;
  while (i < h && j < len) tmp[k++] = cmp_order(&v[j], &v[i], (void *)key) < 0 ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < len) tmp[k++] = v[j++];
  memcpy(v, tmp, sizeof *v * (size_t)len);
}

static void tb_free(tb_t *s) {
  free(s->area);
  free(s->head);
  free(s->next);
  free(s->R);
  free(s->W);
  free(s->T);
  free(s->alive);
  free(s->acc_o);
  free(s->acc_i);
  free(s->touched);
  free(s->order);
}

int rn_ttwa_textbook(rn_ctx_t *ctx, const rn_ttwa_net_t *net, const rn_ttwa_params_t *p,
                     int64_t *group, rn_ttwa_stats_t *st) {
  const rn_flows_t *f = net->f;
  int64_t n = net->n;
  tb_t s = {.net = net, .p = p, .n = n};
  size_t nn = (size_t)n + 1;
  s.area = malloc(sizeof(int64_t) * nn);
  s.head = malloc(sizeof(int64_t) * nn);
  s.next = malloc(sizeof(int64_t) * nn);
  s.R = malloc(sizeof(double) * nn);
  s.W = malloc(sizeof(double) * nn);
  s.T = malloc(sizeof(double) * nn);
  s.alive = malloc(nn);
  s.acc_o = calloc(nn, sizeof(double));
  s.acc_i = calloc(nn, sizeof(double));
  s.touched = malloc(sizeof(int64_t) * nn);
  s.order = malloc(sizeof(double) * nn);
  int64_t *mem = malloc(sizeof(int64_t) * nn), *reserve = malloc(sizeof(int64_t) * nn);
  int64_t *tmp = malloc(sizeof(int64_t) * nn);
  rn_ttwa_heap_t h;
  int rc = RN_OK;
  if (!s.area || !s.head || !s.next || !s.R || !s.W || !s.T || !s.alive || !s.acc_o || !s.acc_i ||
      !s.touched || !s.order || !mem || !reserve || !tmp) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = rn_ttwa_heap_init(ctx, n, &h)) != RN_OK) goto done;
  memset(st, 0, sizeof *st);
  for (int64_t i = 0; i < n; i++) {
    s.area[i] = i;
    s.head[i] = i;
    s.next[i] = -1;
    s.R[i] = f->out[i];
    s.W[i] = f->in[i];
    s.T[i] = f->diag[i];
    s.alive[i] = 1;
    rn_ttwa_heap_set(&h, i, tb_valid(&s, i));
  }
  int64_t nres = 0;
  for (;;) {
    int64_t a = rn_ttwa_heap_top(&h);
    if (a < 0 || h.key[a] >= 1) break;
    rn_ttwa_heap_remove(&h, a);
    s.alive[a] = 0;
    st->iterations++;
    int64_t k = 0;
    for (int64_t u = s.head[a]; u >= 0; u = s.next[u]) mem[k++] = u;
    /* the order of Istat's peeling: inflow from outside + residents - intra */
    for (int64_t q = 0; q < k; q++) {
      int64_t u = mem[q];
      double in_out = 0;
      for (int64_t e = net->irow[u]; e < net->irow[u + 1]; e++)
        if (s.area[net->icol[e]] != a) in_out += net->ival[e];
      s.order[u] = in_out + f->out[u] - f->diag[u];
    }
    for (int64_t q = 0; q < k; q++) s.area[mem[q]] = -1;
    s.head[a] = -1;
    sort_units(mem, k, s.order);
    for (int64_t q = 0; q < k; q++) {
      int64_t u = mem[q];
      tb_links(&s, u);
      int64_t b = tb_best(&s, u);
      int ok = 0;
      if (b >= 0) {
        double before = tb_valid(&s, b);
        double after = rn_ttwa_validity(p, s.T[b] + s.acc_o[b] + s.acc_i[b] + f->diag[u],
                                        s.R[b] + f->out[u], s.W[b] + f->in[u]);
        if (after >= before) {
          tb_join(&s, u, b);
          rn_ttwa_heap_set(&h, b, after);
          ok = 1;
        }
      }
      tb_clear(&s);
      if (!ok) {
        reserve[nres++] = u;
        st->reserve_entries++;
      }
    }
  }
  st->reserve_units = nres;
  /* the reserve list: largest residents first, each to its most cohesive area
   * without a validity check; units linked to no area seed one of their own */
  for (int64_t q = 0; q < nres; q++) s.order[reserve[q]] = f->out[reserve[q]];
  msort(reserve, tmp, nres, s.order);
  int64_t left = nres;
  while (left > 0) {
    int changed = 0;
    for (int64_t q = 0; q < nres; q++) {
      int64_t u = reserve[q];
      if (u < 0) continue;
      tb_links(&s, u);
      int64_t b = tb_best(&s, u);
      if (b >= 0) {
        tb_join(&s, u, b);
        reserve[q] = -1;
        left--;
        changed = 1;
      }
      tb_clear(&s);
    }
    if (changed || left == 0) continue;
    for (int64_t q = 0; q < nres; q++) {
      int64_t u = reserve[q];
      if (u < 0) continue;
      s.alive[u] = 1;
      s.head[u] = -1;
      s.R[u] = s.W[u] = s.T[u] = 0;
      tb_links(&s, u); /* links to nothing: no area is linked to it */
      tb_join(&s, u, u);
      tb_clear(&s);
      st->not_assigned++;
      reserve[q] = -1;
      left--;
      break;
    }
  }
  st->min_validity = 1e300;
  for (int64_t i = 0; i < n; i++) {
    group[i] = s.area[i];
    if (!s.alive[i]) continue;
    st->nareas++;
    double v = tb_valid(&s, i);
    if (v < st->min_validity) st->min_validity = v;
    if (v < 1) st->below++;
  }
  rn_ttwa_heap_destroy(&h);
done:
  tb_free(&s);
  free(mem);
  free(reserve);
  free(tmp);
  return rc;
}
