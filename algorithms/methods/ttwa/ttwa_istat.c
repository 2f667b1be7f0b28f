/* Travel-to-work areas as LabourMarketAreas 3.4 computes them (`ttwa`,
 * `--compat istat`), from a reading of its findClusters and helpers. What
 * 3.4 does that the textbook does not (algorithms/README.md):
 *  - communities without residents, without jobs, or with only an intra flow
 *    are dropped first with their flows, until none is left; they are in no area;
 *  - areas are numbered by rank of community code (the package's "cluster");
 *    the least valid area is the first minimum in that order, and the
 *    validity is 1 when self-containment is exactly 1;
 *  - an area of k > 1 communities is taken apart one community per iteration:
 *    the communities are ordered by descending (inflow from outside + residents
 *    - intra flow), ties by code, and only the first is moved (to the area of
 *    highest cohesion when that area's validity does not drop, else to the
 *    reserve list). The others keep the area's number, but the package leaves
 *    their flow and marginal rows apart ("pieces", one per community), so the
 *    next validity of that area is taken over every pair (marginal row of a
 *    piece, flow row between pieces): its minimum selects, its maximum is what
 *    a community moving in must not lower. That is what makes the partial area
 *    come out least valid again, peeled until one community is left;
 *  - cohesion ties go to the last candidate in the package's row order:
 *    areas sending to the community (ascending number), then areas it only
 *    sends to (ascending number);
 *  - after convergence the reserve list goes, in descending community code,
 *    to the area of highest cohesion with no validity check, repeated while
 *    any community moves; those linked to no area stay in none.
 * When the first community of an area to peel has no link to any other area
 * (path "D" of the package) 3.4 leaves the rest as loose pieces with negative
 * numbers; the common cases of that are followed, the ones where the package
 * recycles vectors of unequal length are only approximated and counted in
 * stats->odd_paths. */
#include "ttwa_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct is {
  const rn_ttwa_net_t *net;
  const rn_ttwa_params_t *p;
  int64_t n, m;            /* units, communities kept */
  int64_t *rank;           /* per unit: position in the package's order; -1 dropped */
  int64_t *lab;            /* per unit: area number (1..m), 0 reserve, < 0 loose piece */
  double *res, *wrk, *dia; /* per unit over the kept flows */
  /* per area number 0..m */
  double *R, *W, *T;
  int64_t *cnt, *head;
  int64_t *nxt, *prv; /* per unit, members list */
  /* scratch */
  double *acc_o, *acc_i;   /* per area number */
  double acc_self;         /* flow between the unit and the other members of its area */
  int64_t *touched, ntouched;
  unsigned char *mark;     /* per unit */
  double *amts;
  double *okey;
  int64_t *mem;
  /* loose pieces (path D) */
  int64_t *loose, nloose;
  /* the area whose pieces are kept apart since the last iteration (0: none) */
  int64_t pm;
  double pm_min, pm_max;
  rn_ttwa_heap_t heap;
  rn_ttwa_stats_t *st;
} is_t;

static int kept(const is_t *s, int64_t v) { return s->rank[v] >= 0; }

static double vnorm(const is_t *s, int64_t a) {
  return rn_ttwa_validity(s->p, s->T[a], s->R[a], s->W[a]);
}

static void list_add(is_t *s, int64_t a, int64_t u) {
  s->prv[u] = -1;
  s->nxt[u] = s->head[a];
  if (s->head[a] >= 0) s->prv[s->head[a]] = u;
  s->head[a] = u;
  s->cnt[a]++;
}

static void list_del(is_t *s, int64_t a, int64_t u) {
  if (s->prv[u] >= 0) s->nxt[s->prv[u]] = s->nxt[u];
  else s->head[a] = s->nxt[u];
  if (s->nxt[u] >= 0) s->prv[s->nxt[u]] = s->prv[u];
  s->cnt[a]--;
}

/* Flows between unit u and the areas numbered > 0; flows with units marked
 * in s->mark (the other members of its own area) go to acc_self. */
static void links(is_t *s, int64_t u) {
  const rn_flows_t *f = s->net->f;
  s->ntouched = 0;
  s->acc_self = 0;
  for (int pass = 0; pass < 2; pass++) {
    const int64_t *row = pass ? s->net->irow : f->row;
    const int64_t *col = pass ? s->net->icol : f->col;
    const double *val = pass ? s->net->ival : f->val;
    double *acc = pass ? s->acc_i : s->acc_o;
    for (int64_t k = row[u]; k < row[u + 1]; k++) {
      int64_t v = col[k];
      if (!kept(s, v)) continue;
      if (s->mark[v]) s->acc_self += val[k];
      int64_t a = s->lab[v];
      if (a <= 0) continue;
      if (s->acc_o[a] == 0 && s->acc_i[a] == 0) s->touched[s->ntouched++] = a;
      acc[a] += val[k];
    }
  }
}

static void links_clear(is_t *s) {
  for (int64_t t = 0; t < s->ntouched; t++) s->acc_o[s->touched[t]] = s->acc_i[s->touched[t]] = 0;
  s->ntouched = 0;
}

static int cmp_i64(const void *x, const void *y) {
  int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
  return (a > b) - (a < b);
}

/* determineRegroupList for one community: the highest cohesion, ties to the
 * last row of the package's order (areas sending to u by number, then areas
 * u only sends to by number). -1 when u is linked to no area. */
static int64_t best_area(is_t *s, int64_t u) {
  if (s->ntouched == 0) return -1;
  rn_qsort(s->touched, (size_t)s->ntouched, sizeof *s->touched, cmp_i64);
  int64_t best = -1;
  double bs = 0;
  for (int phase = 0; phase < 2; phase++)
    for (int64_t t = 0; t < s->ntouched; t++) {
      int64_t a = s->touched[t];
      int sends = s->acc_i[a] != 0;
      if (sends != (phase == 0)) continue;
      /* data.table sums the two one-sided strengths in long double */
      long double c = 0;
      if (sends) c += rn_ttwa_term(s->acc_i[a], s->R[a], s->wrk[u]);
      if (s->acc_o[a] != 0) c += rn_ttwa_term(s->acc_o[a], s->res[u], s->W[a]);
      double cs = (double)c;
      if (best < 0 || cs >= bs) {
        bs = cs;
        best = a;
      }
    }
  return best;
}

static void join(is_t *s, int64_t u, int64_t a) {
  s->R[a] += s->res[u];
  s->W[a] += s->wrk[u];
  s->T[a] += s->acc_o[a] + s->acc_i[a] + s->dia[u];
  s->lab[u] = a;
  list_add(s, a, u);
}

static int cmp_dbl(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

static int has_amount(const double *v, int64_t len, double t) {
  int64_t lo = 0, hi = len - 1;
  while (lo <= hi) {
    int64_t mid = (lo + hi) / 2;
    if (v[mid] == t) return 1;
    if (v[mid] < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/* Area a after a peel: its totals, and the min and max validity over
 * (piece marginal, flow row between pieces). The validity grows with the
 * flow except where self-containment is exactly 1, so the extreme flows and
 * t = max(R_p, W_p) are the only candidates. */
static void pieces(is_t *s, int64_t a) {
  const rn_flows_t *f = s->net->f;
  int64_t na = 0;
  double R = 0, W = 0, T = 0;
  for (int64_t u = s->head[a]; u >= 0; u = s->nxt[u]) s->mark[u] = 1;
  for (int64_t u = s->head[a]; u >= 0; u = s->nxt[u]) {
    R += s->res[u];
    W += s->wrk[u];
    if (s->dia[u] > 0) s->amts[na++] = s->dia[u];
    for (int64_t k = f->row[u]; k < f->row[u + 1]; k++)
      if (s->mark[f->col[k]]) s->amts[na++] = f->val[k];
  }
  for (int64_t u = s->head[a]; u >= 0; u = s->nxt[u]) s->mark[u] = 0;
  rn_qsort(s->amts, (size_t)na, sizeof *s->amts, cmp_dbl);
  for (int64_t q = 0; q < na; q++) T += s->amts[q];
  s->R[a] = R;
  s->W[a] = W;
  s->T[a] = T;
  double lo = 1e300, hi = -1e300;
  for (int64_t u = s->head[a]; u >= 0; u = s->nxt[u]) {
    double r = s->res[u], w = s->wrk[u];
    double vmin = na ? rn_ttwa_validity(s->p, s->amts[0], r, w) : 0;
    double vmax = na ? rn_ttwa_validity(s->p, s->amts[na - 1], r, w) : 0;
    double ts = r > w ? r : w;
    if (na && has_amount(s->amts, na, ts)) {
      double v = rn_ttwa_validity(s->p, ts, r, w);
      if (v < vmin) vmin = v;
      if (v > vmax) vmax = v;
    }
    if (vmin < lo) lo = vmin;
    if (vmax > hi) hi = vmax;
  }
  s->pm = a;
  s->pm_min = lo;
  s->pm_max = hi;
}

static void to_reserve(is_t *s, int64_t u) {
  s->lab[u] = 0;
  list_add(s, 0, u);
  s->st->reserve_entries++;
}

static void loose_del(is_t *s, int64_t u) {
  for (int64_t q = 0; q < s->nloose; q++)
    if (s->loose[q] == u) {
      s->loose[q] = s->loose[--s->nloose];
      return;
    }
}

/* The least valid loose piece: most negative number first among equals. */
static int64_t loose_least(const is_t *s, double *v) {
  int64_t best = -1;
  for (int64_t q = 0; q < s->nloose; q++) {
    int64_t u = s->loose[q];
    double x = rn_ttwa_validity(s->p, s->dia[u], s->res[u], s->wrk[u]);
    if (best < 0 || x < *v || (x == *v && s->lab[u] < s->lab[best])) {
      best = u;
      *v = x;
    }
  }
  return best;
}

static void area_to_reserve(is_t *s, int64_t a) {
  while (s->head[a] >= 0) {
    int64_t u = s->head[a];
    list_del(s, a, u);
    s->lab[u] = 0;
    list_add(s, 0, u);
  }
  s->R[a] = s->W[a] = s->T[a] = 0;
  rn_ttwa_heap_remove(&s->heap, a);
  s->st->reserve_entries++;
}

/* Path D: the first community of the area had no link; the others are loose
 * pieces, and for each of them the package regroups the least valid area of
 * the moment, whichever it is (without a convergence test). */
static void path_d(is_t *s, int64_t k) {
  for (int64_t ncom = 2; ncom <= k; ncom++) {
    double vl = 0;
    int64_t lu = loose_least(s, &vl);
    int64_t top = rn_ttwa_heap_top(&s->heap);
    double vt = top >= 0 ? s->heap.key[top] : 2;
    if (lu >= 0 && vl <= vt && vl <= 1) {
      /* a loose piece: to its most cohesive area, if that area does not get worse */
      links(s, lu);
      int64_t b = best_area(s, lu);
      loose_del(s, lu);
      if (b < 0) {
        links_clear(s);
        to_reserve(s, lu);
        continue;
      }
      double after = rn_ttwa_validity(s->p, s->T[b] + s->acc_o[b] + s->acc_i[b] + s->dia[lu],
                                      s->R[b] + s->res[lu], s->W[b] + s->wrk[lu]);
      if (after >= vnorm(s, b)) {
        join(s, lu, b);
        rn_ttwa_heap_set(&s->heap, b, after);
      } else {
        to_reserve(s, lu);
      }
      links_clear(s);
      continue;
    }
    if (top < 0 || vt > 1) continue; /* the fictitious area 0 (validity 1): nothing to do */
    /* an area: it takes the loose pieces linked to it (the package compares its
     * validity with none, so it always does); with none it goes to the reserve */
    int64_t nl = 0;
    for (int64_t q = 0; q < s->nloose; q++) {
      int64_t u = s->loose[q];
      links(s, u);
      int linked = s->acc_o[top] != 0 || s->acc_i[top] != 0;
      links_clear(s);
      if (linked) s->mem[nl++] = u;
    }
    if (nl == 0) {
      area_to_reserve(s, top);
      continue;
    }
    if (nl > 1) s->st->odd_paths++; /* 3.4 recycles cluster vectors here */
    for (int64_t q = 0; q < nl; q++) {
      int64_t u = s->mem[q];
      links(s, u);
      join(s, u, top);
      links_clear(s);
      loose_del(s, u);
    }
    rn_ttwa_heap_set(&s->heap, top, vnorm(s, top));
  }
}

static int cmp_by_key(const void *x, const void *y, const is_t *s) {
  int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
  if (s->okey[a] != s->okey[b]) return s->okey[a] > s->okey[b] ? -1 : 1;
  return (s->rank[a] > s->rank[b]) - (s->rank[a] < s->rank[b]);
}

static void sort_members(const is_t *s, int64_t *v, int64_t len) {
  for (int64_t i = 1; i < len; i++) {
    int64_t x = v[i], j = i - 1;
    while (j >= 0 && cmp_by_key(&x, &v[j], s) < 0) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

/* One iteration of the package's loop on area a (the least valid). */
static void iterate(is_t *s, int64_t a, int64_t old_pm, double old_pm_max) {
  const rn_ttwa_net_t *net = s->net;
  int64_t k = 0;
  for (int64_t u = s->head[a]; u >= 0; u = s->nxt[u]) s->mem[k++] = u;
  /* members by code, as the package numbers them -1..-k */
  for (int64_t q = 0; q < k; q++) s->okey[s->mem[q]] = 0;
  sort_members(s, s->mem, k);
  if (s->nloose) {
    /* loose pieces take numbers -1..-k too: the package would mix them up */
    s->st->odd_paths++;
  }
  int64_t u = s->mem[0];
  if (k > 1) {
    for (int64_t q = 0; q < k; q++) s->mark[s->mem[q]] = 1;
    for (int64_t q = 0; q < k; q++) {
      int64_t v = s->mem[q];
      double from_out = 0;
      for (int64_t e = net->irow[v]; e < net->irow[v + 1]; e++)
        if (kept(s, net->icol[e]) && !s->mark[net->icol[e]]) from_out += net->ival[e];
      s->okey[v] = from_out + s->res[v] - s->dia[v];
    }
    sort_members(s, s->mem, k);
    u = s->mem[0];
  } else {
    s->mark[u] = 1;
  }
  /* dissolve: a's members become pieces outside every area */
  for (int64_t q = 0; q < k; q++) s->lab[s->mem[q]] = -1;
  rn_ttwa_heap_remove(&s->heap, a);
  links(s, u);
  int64_t b = best_area(s, u);
  int moved = 0;
  if (b >= 0) {
    double before = b == old_pm ? old_pm_max : vnorm(s, b);
    double after = rn_ttwa_validity(s->p, s->T[b] + s->acc_o[b] + s->acc_i[b] + s->dia[u],
                                    s->R[b] + s->res[u], s->W[b] + s->wrk[u]);
    if (after >= before) {
      list_del(s, a, u);
      join(s, u, b);
      rn_ttwa_heap_set(&s->heap, b, after);
      moved = 1;
    }
  }
  links_clear(s);
  for (int64_t q = 0; q < k; q++) s->mark[s->mem[q]] = 0;
  if (!moved) {
    list_del(s, a, u);
    to_reserve(s, u);
  }
  if (k == 1) {
    s->R[a] = s->W[a] = s->T[a] = 0;
    return;
  }
  if (b < 0) {
    /* path D: the rest stay loose pieces numbered by code rank in the area */
    int64_t pos = 0;
    int64_t *bycode = s->mem + k; /* room after the members */
    for (int64_t w = s->head[a]; w >= 0; w = s->nxt[w]) bycode[pos++] = w;
    for (int64_t q = 0; q < pos; q++) s->okey[bycode[q]] = 0;
    sort_members(s, bycode, pos);
    for (int64_t q = 0; q < pos; q++) {
      int64_t w = bycode[q];
      int64_t num = 1;
      for (int64_t r = 0; r < k; r++)
        if (s->rank[s->mem[r]] < s->rank[w]) num++;
      list_del(s, a, w);
      s->lab[w] = -num;
      s->loose[s->nloose++] = w;
    }
    s->R[a] = s->W[a] = s->T[a] = 0;
    s->st->loose_paths++;
    path_d(s, k);
    return;
  }
  for (int64_t w = s->head[a]; w >= 0; w = s->nxt[w]) s->lab[w] = a;
  pieces(s, a);
  rn_ttwa_heap_set(&s->heap, a, s->pm_min);
}

/* Numeric codes sort as numbers (the package takes integer ids), others as text. */
static int numeric_code(const char *c, long long *v) {
  char *end;
  if (!*c) return 0;
  *v = strtoll(c, &end, 10);
  return *end == 0;
}

typedef struct {
  long long v;
  int64_t i;
} code_t;
static int cmp_code(const void *x, const void *y) {
  const code_t *a = x, *b = y;
  if (a->v != b->v) return a->v < b->v ? -1 : 1;
  return (a->i > b->i) - (a->i < b->i);
}

static int package_order(rn_ctx_t *ctx, const rn_units_t *u, int64_t *order) {
  int numeric = 1;
  long long v;
  for (int64_t i = 0; i < u->n && numeric; i++) numeric = numeric_code(u->code[i], &v);
  if (!numeric) {
    for (int64_t i = 0; i < u->n; i++) order[i] = i; /* units are sorted by strcmp */
    return RN_OK;
  }
  code_t *c = malloc(sizeof *c * (size_t)(u->n + 1));
  if (!c) return rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; i < u->n; i++) {
    numeric_code(u->code[i], &c[i].v);
    c[i].i = i;
  }
  rn_qsort(c, (size_t)u->n, sizeof *c, cmp_code);
  for (int64_t i = 0; i < u->n; i++) order[i] = c[i].i;
  free(c);
  return RN_OK;
}

/* Drop, repeatedly, communities with no residents, no jobs, or only an intra flow. */
static void drop_zero(is_t *s, const int64_t *order) {
  const rn_flows_t *f = s->net->f;
  int64_t n = s->n;
  for (int64_t i = 0; i < n; i++) s->rank[i] = 0; /* 0 = kept for now */
  for (;;) {
    for (int64_t i = 0; i < n; i++) s->res[i] = s->wrk[i] = 0;
    for (int64_t i = 0; i < n; i++) {
      if (s->rank[i] < 0) continue;
      s->res[i] += f->diag[i];
      s->wrk[i] += f->diag[i];
      for (int64_t k = f->row[i]; k < f->row[i + 1]; k++) {
        int64_t j = f->col[k];
        if (s->rank[j] < 0) continue;
        s->res[i] += f->val[k];
        s->wrk[j] += f->val[k];
      }
    }
    int64_t drop = 0;
    for (int64_t i = 0; i < n; i++) {
      if (s->rank[i] < 0) continue;
      double d = f->diag[i];
      if (s->res[i] == 0 || s->wrk[i] == 0 || (d > 0 && d == s->res[i] && d == s->wrk[i])) {
        s->rank[i] = -1;
        drop++;
      }
    }
    if (!drop) break;
    s->st->dropped += drop;
  }
  s->m = 0;
  for (int64_t q = 0; q < n; q++) {
    int64_t i = order[q];
    if (s->rank[i] >= 0) s->rank[i] = s->m++;
  }
  for (int64_t i = 0; i < n; i++) s->dia[i] = s->rank[i] >= 0 ? f->diag[i] : 0;
}

static void is_free(is_t *s) {
  free(s->rank);
  free(s->lab);
  free(s->res);
  free(s->wrk);
  free(s->dia);
  free(s->R);
  free(s->W);
  free(s->T);
  free(s->cnt);
  free(s->head);
  free(s->nxt);
  free(s->prv);
  free(s->acc_o);
  free(s->acc_i);
  free(s->touched);
  free(s->mark);
  free(s->amts);
  free(s->okey);
  free(s->mem);
  free(s->loose);
  rn_ttwa_heap_destroy(&s->heap);
}

int rn_ttwa_istat(rn_ctx_t *ctx, const rn_units_t *un, const rn_ttwa_net_t *net,
                  const rn_ttwa_params_t *p, int64_t *group, rn_ttwa_stats_t *st) {
  const rn_flows_t *f = net->f;
  int64_t n = net->n;
  size_t nn = (size_t)n + 2;
  is_t s = {.net = net, .p = p, .n = n, .st = st};
  memset(st, 0, sizeof *st);
  int64_t *order = malloc(sizeof(int64_t) * nn);
  s.rank = malloc(sizeof(int64_t) * nn);
  s.lab = malloc(sizeof(int64_t) * nn);
  s.res = malloc(sizeof(double) * nn);
  s.wrk = malloc(sizeof(double) * nn);
  s.dia = malloc(sizeof(double) * nn);
  s.R = calloc(nn, sizeof(double));
  s.W = calloc(nn, sizeof(double));
  s.T = calloc(nn, sizeof(double));
  s.cnt = calloc(nn, sizeof(int64_t));
  s.head = malloc(sizeof(int64_t) * nn);
  s.nxt = malloc(sizeof(int64_t) * nn);
  s.prv = malloc(sizeof(int64_t) * nn);
  s.acc_o = calloc(nn, sizeof(double));
  s.acc_i = calloc(nn, sizeof(double));
  s.touched = malloc(sizeof(int64_t) * nn);
  s.mark = calloc(nn, 1);
  s.amts = malloc(sizeof(double) * ((size_t)f->row[n] + nn));
  s.okey = malloc(sizeof(double) * nn);
  s.mem = malloc(sizeof(int64_t) * 2 * nn);
  s.loose = malloc(sizeof(int64_t) * nn);
  int rc = RN_OK;
  if (!order || !s.rank || !s.lab || !s.res || !s.wrk || !s.dia || !s.R || !s.W || !s.T ||
      !s.cnt || !s.head || !s.nxt || !s.prv || !s.acc_o || !s.acc_i || !s.touched || !s.mark ||
      !s.amts || !s.okey || !s.mem || !s.loose) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = rn_ttwa_heap_init(ctx, n + 1, &s.heap)) != RN_OK) goto done;
  if ((rc = package_order(ctx, un, order)) != RN_OK) goto done;
  drop_zero(&s, order);
  for (int64_t a = 0; a <= n; a++) s.head[a] = -1;
  /* every community its own area, numbered 1..m by code */
  for (int64_t i = 0; i < n; i++) {
    s.lab[i] = -1;
    if (s.rank[i] < 0) continue;
    int64_t a = s.rank[i] + 1;
    s.lab[i] = a;
    list_add(&s, a, i);
    s.R[a] = s.res[i];
    s.W[a] = s.wrk[i];
    s.T[a] = s.dia[i];
    rn_ttwa_heap_set(&s.heap, a, vnorm(&s, a));
  }
  for (;;) {
    double vl = 0;
    int64_t lu = loose_least(&s, &vl);
    int64_t a = rn_ttwa_heap_top(&s.heap);
    double va = a >= 0 ? s.heap.key[a] : 1;
    if (lu >= 0 && vl <= va) {
      /* a loose piece first (negative numbers sort first): it is dissolved
       * like a one-community area */
      if (vl >= 1) break;
      st->iterations++;
      int64_t old_pm = s.pm;
      s.pm = 0;
      if (old_pm) rn_ttwa_heap_set(&s.heap, old_pm, vnorm(&s, old_pm));
      loose_del(&s, lu);
      if (s.nloose) st->odd_paths++;
      s.mark[lu] = 1;
      links(&s, lu);
      s.mark[lu] = 0;
      int64_t b = best_area(&s, lu);
      double before = b < 0 ? 0 : b == old_pm ? s.pm_max : vnorm(&s, b);
      double after = b < 0 ? -1
                           : rn_ttwa_validity(p, s.T[b] + s.acc_o[b] + s.acc_i[b] + s.dia[lu],
                                              s.R[b] + s.res[lu], s.W[b] + s.wrk[lu]);
      if (b >= 0 && after >= before) {
        join(&s, lu, b);
        rn_ttwa_heap_set(&s.heap, b, after);
      } else {
        to_reserve(&s, lu);
      }
      links_clear(&s);
      continue;
    }
    if (a < 0 || va >= 1) break;
    st->iterations++;
    int64_t old_pm = s.pm;
    double old_pm_max = s.pm_max;
    s.pm = 0;
    /* the pieces of the last peeled area are joined back in this iteration's
     * first aggregation, unless that area is the one dissolved now */
    if (old_pm && old_pm != a && s.cnt[old_pm] > 0)
      rn_ttwa_heap_set(&s.heap, old_pm, vnorm(&s, old_pm));
    iterate(&s, a, old_pm, old_pm_max);
  }
  if (s.pm) rn_ttwa_heap_set(&s.heap, s.pm, vnorm(&s, s.pm));
  /* the reserve list, in descending community code, with no validity check */
  int64_t nres = 0;
  for (int64_t u = s.head[0]; u >= 0; u = s.nxt[u]) s.mem[nres++] = u;
  st->reserve_units = nres;
  if (s.nloose) st->odd_paths++;
  for (int64_t q = 0; q < s.nloose; q++) s.mem[nres++] = s.loose[q];
  for (int64_t q = 0; q < nres; q++) {
    s.okey[s.mem[q]] = (double)s.rank[s.mem[q]];
    s.lab[s.mem[q]] = -1;
  }
  /* descending rank: sort by key descending, rank ascending on ties (none) */
  sort_members(&s, s.mem, nres);
  int changed = 1;
  while (changed) {
    changed = 0;
    for (int64_t q = 0; q < nres; q++) {
      int64_t u = s.mem[q];
      if (s.lab[u] > 0) continue;
      links(&s, u);
      int64_t b = best_area(&s, u);
      if (b >= 0) {
        join(&s, u, b);
        changed = 1;
      }
      links_clear(&s);
    }
  }
  st->min_validity = 1e300;
  for (int64_t i = 0; i < n; i++) {
    group[i] = s.rank[i] >= 0 && s.lab[i] > 0 ? s.lab[i] : -1;
    if (s.rank[i] >= 0 && s.lab[i] <= 0) st->not_assigned++;
  }
  for (int64_t a = 1; a <= n; a++) {
    if (s.cnt[a] <= 0) continue;
    st->nareas++;
    double v = vnorm(&s, a);
    if (v < st->min_validity) st->min_validity = v;
    if (v < 1) st->below++;
  }
done:
  free(order);
  is_free(&s);
  return rc;
}
