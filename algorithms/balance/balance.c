/* Balance across regions (the method's §9, algorithms/README.md): per level,
 * mass field and policy space, each region's share of the total, the
 * largest region's share (primacy), Gini and Theil over region totals, and
 * Theil over units split into its between-region and within-region parts.
 *
 * Units in no region of a level are groups of one unit in the decomposition
 * over units (they belong to no agglomeration), and are left out of the
 * figures over regions; they count in the total. Within a policy space only
 * its units are considered, so a region spanning two spaces is cut by them
 * (such regions are flagged in the output). */
#include "engine/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* x ln x with 0 ln 0 = 0 */
static double xlogx(double x) { return x > 0 ? x * log(x) : 0.0; }

double rn_theil(const double *x, int64_t n) {
  double sum = 0;
  for (int64_t i = 0; i < n; i++) sum += x[i];
  if (n < 1 || !(sum > 0)) return NAN;
  double mu = sum / (double)n, t = 0;
  for (int64_t i = 0; i < n; i++) t += xlogx(x[i] / mu);
  return t / (double)n;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Gini = sum_a sum_b |x_a - x_b| / (2 n^2 mu), from the sorted values:
 * sum_i (2i - n - 1) x_(i) / (n^2 mu), i = 1..n. */
double rn_gini(const double *x, int64_t n) {
  if (n < 1) return NAN;
  double *s = malloc(sizeof *s * (size_t)n);
  if (!s) return NAN;
  memcpy(s, x, sizeof *s * (size_t)n);
  qsort(s, (size_t)n, sizeof *s, cmp_double);
  double sum = 0, w = 0;
  for (int64_t i = 0; i < n; i++) {
    sum += s[i];
    w += (2.0 * (double)(i + 1) - (double)n - 1.0) * s[i];
  }
  free(s);
  return sum > 0 ? w / ((double)n * sum) : NAN;
}

void rn_groups_destroy(rn_groups_t *g) {
  for (int64_t k = 0; k < g->ngroups; k++) free(g->name[k]);
  free(g->name);
  free(g->unit);
  for (int l = 0; l < RN_MAX_LEVELS; l++) {
    free(g->region[l]);
    free(g->spans[l]);
  }
  memset(g, 0, sizeof *g);
}

/* Each region's policy space: the one holding most of its units' mass. */
int rn_groups_of_regions(rn_ctx_t *ctx, const double *mass, int64_t n, rn_result_t *r) {
  rn_groups_t *g = &r->groups;
  if (!g->unit || g->ngroups < 1) return RN_OK;
  double *m = malloc(sizeof *m * (size_t)g->ngroups);
  int rc = m ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int l = 0; rc == RN_OK && l < r->nlevels; l++) {
    const rn_level_result_t *lr = &r->level[l];
    int64_t nr = lr->nregions;
    g->region[l] = malloc(sizeof *g->region[l] * (size_t)(nr ? nr : 1));
    g->spans[l] = calloc((size_t)(nr ? nr : 1), 1);
    int64_t *first = malloc(sizeof *first * (size_t)(nr ? nr : 1));
    if (!g->region[l] || !g->spans[l] || !first) {
      free(first);
      rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      break;
    }
    for (int64_t k = 0; k < nr; k++) first[k] = -2;
    for (int64_t i = 0; i < n; i++) {
      int64_t k = lr->region[i];
      if (k < 0) continue;
      if (first[k] == -2) first[k] = g->unit[i];
      else if (first[k] != g->unit[i]) g->spans[l][k] = 1;
    }
    /* the units of each region together (counting sort), so a level costs
     * O(units + regions x groups) */
    int64_t *start = calloc((size_t)nr + 1, sizeof *start), *mem = malloc(sizeof *mem * (size_t)(n ? n : 1));
    if (!start || !mem) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    for (int64_t i = 0; rc == RN_OK && i < n; i++)
      if (lr->region[i] >= 0) start[lr->region[i] + 1]++;
    for (int64_t k = 0; rc == RN_OK && k < nr; k++) start[k + 1] += start[k];
    for (int64_t i = 0; rc == RN_OK && i < n; i++)
      if (lr->region[i] >= 0) mem[start[lr->region[i]]++] = i;
    for (int64_t k = nr; rc == RN_OK && k > 0; k--) start[k] = start[k - 1];
    if (rc == RN_OK) start[0] = 0;
    for (int64_t k = 0; rc == RN_OK && k < nr; k++) {
      for (int64_t q = 0; q < g->ngroups; q++) m[q] = 0;
      for (int64_t e = start[k]; e < start[k + 1]; e++) {
        int64_t i = mem[e];
        if (g->unit[i] >= 0) m[g->unit[i]] += mass[i] > 0 ? mass[i] : 0;
      }
      int64_t best = first[k] >= 0 ? first[k] : -1;
      for (int64_t q = 0; q < g->ngroups; q++)
        if (m[q] > 0 && (best < 0 || m[q] > m[best])) best = q;
      g->region[l][k] = best;
    }
    free(start);
    free(mem);
    free(first);
  }
  free(m);
  return rc;
}

void rn_balance_destroy(rn_balance_t *b) {
  for (int k = 0; k < b->nfields; k++) free(b->field[k]);
  free(b->field);
  free(b->row);
  free(b->region);
  memset(b, 0, sizeof *b);
}

/* One row: the units i with (group < 0 || ug[i] == group), of level lr. */
static int balance_row(rn_ctx_t *ctx, const rn_units_t *u, const double *x,
                       const rn_level_result_t *lr, const int64_t *ug, int64_t group,
                       double *tot, int64_t *cnt, double *buf, rn_balance_row_t *row) {
  int64_t ng = lr->nregions;
  memset(tot, 0, sizeof *tot * (size_t)ng);
  memset(cnt, 0, sizeof *cnt * (size_t)ng);
  double total = 0;
  int64_t nu = 0;
  for (int64_t i = 0; i < u->n; i++) {
    if (group >= 0 && ug[i] != group) continue;
    if (!(x[i] >= 0) || !isfinite(x[i]))
      return rn_error(ctx, RN_EINPUT, "unit %s: balance field value %g is not a number >= 0",
                      u->code[i], x[i]);
    total += x[i];
    nu++;
    if (lr->region[i] >= 0) {
      tot[lr->region[i]] += x[i];
      cnt[lr->region[i]]++;
    }
  }
  if (!isfinite(total)) return rn_error(ctx, RN_EINPUT, "balance field: the total overflows");
  int64_t nr = 0;
  double top = 0;
  for (int64_t g = 0; g < ng; g++)
    if (cnt[g] > 0) {
      buf[nr++] = tot[g];
      if (tot[g] > top) top = tot[g];
    }
  row->group = group;
  row->n_regions = nr;
  row->n_units = nu;
  row->total = total;
  row->primacy = nr > 0 && total > 0 ? top / total : NAN;
  row->gini = nr > 0 ? rn_gini(buf, nr) : NAN;
  row->theil = nr > 0 ? rn_theil(buf, nr) : NAN;
  /* over units: T = sum_g s_g ln(s_g N / n_g) + sum_g s_g T_g */
  if (nu < 1 || !(total > 0)) {
    row->theil_units = row->theil_between = row->theil_within = NAN;
    return RN_OK;
  }
  double mu = total / (double)nu, t = 0, within = 0, between = 0;
  for (int64_t i = 0; i < u->n; i++) {
    if (group >= 0 && ug[i] != group) continue;
    t += xlogx(x[i] / mu);
    int64_t g = lr->region[i];
    if (g >= 0 && tot[g] > 0) {
      /* s_g T_g = sum_{i in g} (x_i / X) ln(x_i / mu_g) */
      double mug = tot[g] / (double)cnt[g];
      if (x[i] > 0) within += x[i] / total * log(x[i] / mug);
    } else if (g < 0 && x[i] > 0) {
      /* a unit in no region is a group of one: T_g = 0, s_g ln(s_g N) */
      between += x[i] / total * log(x[i] / total * (double)nu);
    }
  }
  for (int64_t g = 0; g < lr->nregions; g++)
    if (cnt[g] > 0 && tot[g] > 0)
      between += tot[g] / total * log(tot[g] / total * (double)nu / (double)cnt[g]);
  row->theil_units = t / (double)nu;
  row->theil_within = within;
  row->theil_between = between;
  return RN_OK;
}

static int push_row(rn_ctx_t *ctx, rn_balance_t *b, const rn_balance_row_t *r, int64_t *cap) {
  if (b->nrows == *cap) {
    *cap = *cap ? 2 * *cap : 16;
    rn_balance_row_t *p = realloc(b->row, sizeof *p * (size_t)*cap);
    if (!p) return rn_error(ctx, RN_ENOMEM, "out of memory (balance)");
    b->row = p;
  }
  b->row[b->nrows++] = *r;
  return RN_OK;
}

int rn_balance_compute(rn_ctx_t *ctx, const rn_units_t *u, int nfields, const char *const *names,
                       const double *const *values, rn_result_t *r) {
  rn_balance_t *b = &r->balance;
  rn_balance_destroy(b);
  int64_t maxg = 1, nreg = 0;
  for (int l = 0; l < r->nlevels; l++) {
    if (r->level[l].nregions > maxg) maxg = r->level[l].nregions;
    nreg += r->level[l].nregions;
  }
  double *tot = malloc(sizeof *tot * (size_t)maxg), *buf = malloc(sizeof *buf * (size_t)maxg);
  int64_t *cnt = malloc(sizeof *cnt * (size_t)maxg);
  b->field = calloc((size_t)nfields, sizeof *b->field);
  b->region = malloc(sizeof *b->region * (size_t)(nreg * nfields + 1));
  int rc = tot && buf && cnt && b->field && b->region ? RN_OK
                                                      : rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int k = 0; rc == RN_OK && k < nfields; k++) {
    b->field[k] = strdup(names[k]);
    if (!b->field[k]) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    else b->nfields = k + 1;
  }
  int64_t cap = 0;
  for (int l = 0; rc == RN_OK && l < r->nlevels; l++)
    for (int k = 0; rc == RN_OK && k < nfields; k++) {
      rn_balance_row_t row = {.level = l, .field = k};
      rc = balance_row(ctx, u, values[k], &r->level[l], r->groups.unit, -1, tot, cnt, buf, &row);
      if (rc == RN_OK) rc = push_row(ctx, b, &row, &cap);
      /* tot[] still holds the national region totals: each region's share */
      for (int64_t g = 0; rc == RN_OK && g < r->level[l].nregions; g++)
        b->region[b->nregions++] = (rn_balance_region_t){
            .level = l, .field = k, .region = g, .value = tot[g],
            .share = row.total > 0 ? tot[g] / row.total : NAN};
      for (int64_t gr = 0; rc == RN_OK && r->groups.unit && gr < r->groups.ngroups; gr++) {
        rn_balance_row_t grow = {.level = l, .field = k};
        rc = balance_row(ctx, u, values[k], &r->level[l], r->groups.unit, gr, tot, cnt, buf, &grow);
        if (rc == RN_OK) rc = push_row(ctx, b, &grow, &cap);
      }
    }
  free(tot);
  free(buf);
  free(cnt);
  if (rc != RN_OK) rn_balance_destroy(b);
  return rc;
}
