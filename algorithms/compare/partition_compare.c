/* Comparing two partitions of the same units (algorithms/README.md): the indices
 * through igraph, and the contingency table behind the split/merge report. */
#include "engine/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rn_partition_init(rn_partition_t *p) { memset(p, 0, sizeof *p); }

void rn_partition_destroy(rn_partition_t *p) {
  for (int64_t i = 0; i < p->n; i++) {
    free(p->code[i]);
    free(p->label[i]);
  }
  free(p->code);
  free(p->label);
  free(p->source);
  rn_partition_init(p);
}

int rn_nulls_parse(const char *s, rn_nulls_t *out) {
  if (!strcmp(s, "singleton")) *out = RN_NULLS_SINGLETON;
  else if (!strcmp(s, "class")) *out = RN_NULLS_CLASS;
  else if (!strcmp(s, "drop")) *out = RN_NULLS_DROP;
  else return RN_EPARAM;
  return RN_OK;
}

typedef struct {
  const char *code, *label;
} cl_t;
static int cmp_cl(const void *a, const void *b) {
  return strcmp(((const cl_t *)a)->code, ((const cl_t *)b)->code);
}

int rn_partition_from_arrays(rn_ctx_t *ctx, int64_t n, const char *const *code,
                             const char *const *label, const char *source, rn_partition_t *out) {
  rn_partition_destroy(out);
  const char *src = source ? source : "partition";
  cl_t *v = malloc(sizeof *v * (size_t)(n + 1));
  if (!v) return rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; i < n; i++) {
    if (!code[i]) {
      free(v);
      return rn_error(ctx, RN_EINPUT, "%s: a unit without a code (record %lld)", src,
                      (long long)i + 1);
    }
    v[i].code = code[i];
    v[i].label = label[i];
  }
  rn_qsort(v, (size_t)n, sizeof *v, cmp_cl);
  /* duplicates: name up to ten of them, and how many there are */
  int64_t ndup = 0;
  char list[512] = "";
  size_t len = 0;
  for (int64_t i = 1; i < n; i++) {
    if (strcmp(v[i].code, v[i - 1].code)) continue;
    if (i >= 2 && !strcmp(v[i].code, v[i - 2].code)) continue; /* counted once */
    if (ndup < 10 && len < sizeof list)
      len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s'", ndup ? ", " : "", v[i].code);
    ndup++;
  }
  if (ndup) {
    free(v);
    return rn_error(ctx, RN_EINPUT, "%s: %lld duplicate unit code%s: %s%s", src, (long long)ndup,
                    ndup > 1 ? "s" : "", list, ndup > 10 ? ", ..." : "");
  }
  out->code = calloc((size_t)n + 1, sizeof *out->code);
  out->label = calloc((size_t)n + 1, sizeof *out->label);
  out->source = strdup(src);
  int rc = out->code && out->label && out->source ? RN_OK : RN_ENOMEM;
  for (int64_t i = 0; i < n && rc == RN_OK; i++) {
    out->n = i + 1;
    out->code[i] = strdup(v[i].code);
    out->label[i] = v[i].label ? strdup(v[i].label) : NULL;
    if (!out->code[i] || (v[i].label && !out->label[i])) rc = RN_ENOMEM;
  }
  free(v);
  if (rc != RN_OK) {
    rn_partition_destroy(out);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  out->n = n;
  return RN_OK;
}

void rn_partition_comparison_init(rn_partition_comparison_t *c) {
  memset(c, 0, sizeof *c);
  c->rand = c->ari = c->nmi = c->vi = NAN;
}

void rn_partition_comparison_destroy(rn_partition_comparison_t *c) {
  /* code and region strings point into the partitions: only the arrays are ours */
  free(c->only_a);
  free(c->only_b);
  free(c->region_a);
  free(c->region_b);
  free(c->size_a);
  free(c->size_b);
  free(c->cells);
  rn_partition_comparison_init(c);
}

typedef struct {
  int64_t a, b;
} pair_t;
static int cmp_pair(const void *x, const void *y) {
  const pair_t *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

/* Ids renumbered 0..k-1 (igraph wants them below the number of units);
 * *k: how many. Ids are small here (region indices, then singletons), so an
 * index array does it in linear time; sorting is the fallback for wide ids. */
static int dense_ids(igraph_vector_int_t *vec, int64_t m, int64_t *k) {
  igraph_integer_t max = -1;
  for (int64_t q = 0; q < m; q++)
    if (VECTOR(*vec)[q] > max) max = VECTOR(*vec)[q];
  *k = 0;
  if (max < 4 * m + 16) {
    int64_t *map = malloc(sizeof *map * (size_t)(max + 2));
    if (!map) return RN_ENOMEM;
    for (igraph_integer_t x = 0; x <= max; x++) map[x] = -1;
    for (int64_t q = 0; q < m; q++) {
      igraph_integer_t x = VECTOR(*vec)[q];
      if (map[x] < 0) map[x] = (*k)++;
      VECTOR(*vec)[q] = map[x];
    }
    free(map);
    return RN_OK;
  }
  pair_t *v = malloc(sizeof *v * (size_t)(m + 1));
  if (!v) return RN_ENOMEM;
  for (int64_t q = 0; q < m; q++) {
    v[q].a = VECTOR(*vec)[q];
    v[q].b = q;
  }
  rn_qsort(v, (size_t)m, sizeof *v, cmp_pair);
  for (int64_t q = 0; q < m; q++) {
    if (q == 0 || v[q].a != v[q - 1].a) (*k)++;
    VECTOR(*vec)[v[q].b] = *k - 1;
  }
  free(v);
  return RN_OK;
}

/* Same partition up to relabelling (dense ids, ka and kb classes): as many
 * classes on each side and every class of A meets one class of B only. */
static int identical(const igraph_vector_int_t *va, const igraph_vector_int_t *vb, int64_t m,
                     int64_t ka, int64_t kb, int *out) {
  *out = 0;
  if (ka != kb) return RN_OK;
  int64_t *to = malloc(sizeof *to * (size_t)(ka + 1));
  if (!to) return RN_ENOMEM;
  for (int64_t x = 0; x < ka; x++) to[x] = -1;
  int same = 1;
  for (int64_t q = 0; q < m && same; q++) {
    igraph_integer_t a = VECTOR(*va)[q], b = VECTOR(*vb)[q];
    if (to[a] < 0) to[a] = b;
    else if (to[a] != b) same = 0;
  }
  free(to);
  *out = same;
  return RN_OK;
}

int rn_membership_compare(rn_ctx_t *ctx, int64_t n, const int64_t *ma, const int64_t *mb,
                          rn_nulls_t nulls, double *rand, double *ari, double *nmi, double *vi) {
  double r[4] = {NAN, NAN, NAN, NAN};
  double *want[4] = {rand, ari, nmi, vi};
  int64_t maxa = -1, maxb = -1;
  for (int64_t i = 0; i < n; i++) {
    if (ma[i] > maxa) maxa = ma[i];
    if (mb[i] > maxb) maxb = mb[i];
  }
  igraph_vector_int_t va, vb;
  if (igraph_vector_int_init(&va, n) != IGRAPH_SUCCESS) return rn_error(ctx, RN_ENOMEM, "out of memory");
  if (igraph_vector_int_init(&vb, n) != IGRAPH_SUCCESS) {
    igraph_vector_int_destroy(&va);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  int rc = RN_OK;
  int64_t m = 0, nexta = maxa + 1, nextb = maxb + 1, ka = 0, kb = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t a = ma[i], b = mb[i];
    if ((a < 0 || b < 0) && nulls == RN_NULLS_DROP) continue;
    /* a unit in no region: a class of its own, or the one class after the ids */
    if (a < 0) a = nulls == RN_NULLS_CLASS ? maxa + 1 : nexta++;
    if (b < 0) b = nulls == RN_NULLS_CLASS ? maxb + 1 : nextb++;
    VECTOR(va)[m] = a;
    VECTOR(vb)[m] = b;
    m++;
  }
  if (igraph_vector_int_resize(&va, m) || igraph_vector_int_resize(&vb, m) ||
      dense_ids(&va, m, &ka) != RN_OK || dense_ids(&vb, m, &kb) != RN_OK)
    rc = RN_ENOMEM;
  int same = 0;
  if (rc == RN_OK && m > 0 && identical(&va, &vb, m, ka, kb, &same) != RN_OK) rc = RN_ENOMEM;
  if (rc == RN_OK && m > 0 && same) {
    /* ARI 1 even where its formula is 0/0 (all singletons on both sides), as
     * is the usual convention */
    r[0] = r[1] = r[2] = 1;
    r[3] = 0;
  } else if (rc == RN_OK && m > 0) {
    static const igraph_community_comparison_t method[4] = {
        IGRAPH_COMMCMP_RAND, IGRAPH_COMMCMP_ADJUSTED_RAND, IGRAPH_COMMCMP_NMI, IGRAPH_COMMCMP_VI};
    /* igraph aborts on errors by default; its errors become ours here */
    igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
    for (int k = 0; k < 4 && rc == RN_OK; k++) {
      if (!want[k] || (k < 2 && m < 2)) continue; /* Rand indices need a pair of units */
      igraph_real_t x;
      if (igraph_compare_communities(&va, &vb, &x, method[k]) != IGRAPH_SUCCESS)
        rc = rn_error(ctx, RN_EINTERNAL, "igraph_compare_communities failed");
      else r[k] = x;
    }
    igraph_set_error_handler(old);
  }
  igraph_vector_int_destroy(&va);
  igraph_vector_int_destroy(&vb);
  if (rc == RN_ENOMEM) return rn_error(ctx, RN_ENOMEM, "out of memory");
  if (rc != RN_OK) return rc;
  for (int k = 0; k < 4; k++)
    if (want[k]) *want[k] = r[k];
  return RN_OK;
}

typedef struct {
  const char *label;
  int64_t unit;
} lu_t;
static int cmp_lu(const void *a, const void *b) {
  return strcmp(((const lu_t *)a)->label, ((const lu_t *)b)->label);
}

/* Region index of each listed unit of one side (-1 for NULL), regions in
 * label order; ids/sizes malloc'ed, strings borrowed from the partition. */
static int regions_of(const rn_partition_t *p, const int64_t *units, int64_t m, int64_t *reg,
                      char ***ids, int64_t **sizes, int64_t *nreg) {
  lu_t *v = malloc(sizeof *v * (size_t)(m + 1));
  *ids = malloc(sizeof **ids * (size_t)(m + 1));
  *sizes = calloc((size_t)m + 1, sizeof **sizes);
  if (!v || !*ids || !*sizes) {
    free(v);
    return RN_ENOMEM;
  }
  int64_t k = 0;
  for (int64_t q = 0; q < m; q++) {
    reg[q] = -1;
    if (p->label[units[q]]) {
      v[k].label = p->label[units[q]];
      v[k].unit = q;
      k++;
    }
  }
  rn_qsort(v, (size_t)k, sizeof *v, cmp_lu);
  int64_t nr = 0;
  for (int64_t t = 0; t < k; t++) {
    if (t == 0 || strcmp(v[t].label, v[t - 1].label)) (*ids)[nr++] = (char *)v[t].label;
    reg[v[t].unit] = nr - 1;
    (*sizes)[nr - 1]++;
  }
  *nreg = nr;
  free(v);
  return RN_OK;
}

int rn_partition_compare(rn_ctx_t *ctx, const rn_partition_t *a, const rn_partition_t *b,
                         rn_nulls_t nulls, rn_partition_comparison_t *out) {
  rn_partition_comparison_destroy(out);
  int64_t cap = a->n + b->n + 1;
  int64_t *ua = malloc(sizeof *ua * (size_t)cap), *ub = malloc(sizeof *ub * (size_t)cap);
  int64_t *ra = malloc(sizeof *ra * (size_t)cap), *rb = malloc(sizeof *rb * (size_t)cap);
  pair_t *cells = NULL;
  out->only_a = malloc(sizeof *out->only_a * (size_t)(a->n + 1));
  out->only_b = malloc(sizeof *out->only_b * (size_t)(b->n + 1));
  int rc = RN_OK;
  if (!ua || !ub || !ra || !rb || !out->only_a || !out->only_b) {
    rc = RN_ENOMEM;
    goto done;
  }
  /* both sides are sorted by code: one merge pass matches them */
  int64_t i = 0, j = 0, m = 0;
  while (i < a->n || j < b->n) {
    int c = i >= a->n ? 1 : j >= b->n ? -1 : strcmp(a->code[i], b->code[j]);
    if (c < 0) out->only_a[out->n_only_a++] = a->code[i++];
    else if (c > 0) out->only_b[out->n_only_b++] = b->code[j++];
    else {
      ua[m] = i++;
      ub[m] = j++;
      m++;
    }
  }
  out->n_common = m;
  if ((rc = regions_of(a, ua, m, ra, &out->region_a, &out->size_a, &out->nregions_a)) != RN_OK ||
      (rc = regions_of(b, ub, m, rb, &out->region_b, &out->size_b, &out->nregions_b)) != RN_OK)
    goto done;
  for (int64_t q = 0; q < m; q++) {
    out->n_null_a += ra[q] < 0;
    out->n_null_b += rb[q] < 0;
    out->n_compared += nulls != RN_NULLS_DROP || (ra[q] >= 0 && rb[q] >= 0);
  }
  /* the contingency table, NULLs as region -1 whatever the policy */
  if (!(cells = malloc(sizeof *cells * (size_t)(m + 1))) ||
      !(out->cells = malloc(sizeof *out->cells * (size_t)(m + 1)))) {
    rc = RN_ENOMEM;
    goto done;
  }
  for (int64_t q = 0; q < m; q++) {
    cells[q].a = ra[q];
    cells[q].b = rb[q];
  }
  rn_qsort(cells, (size_t)m, sizeof *cells, cmp_pair);
  for (int64_t q = 0; q < m; q++) {
    if (q && cells[q].a == cells[q - 1].a && cells[q].b == cells[q - 1].b) {
      out->cells[out->ncells - 1].n++;
      continue;
    }
    out->cells[out->ncells++] = (rn_partition_cell_t){cells[q].a, cells[q].b, 1};
  }
  rc = rn_membership_compare(ctx, m, ra, rb, nulls, &out->rand, &out->ari, &out->nmi, &out->vi);
done:
  free(ua);
  free(ub);
  free(ra);
  free(rb);
  free(cells);
  if (rc == RN_ENOMEM) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  if (rc != RN_OK) rn_partition_comparison_destroy(out);
  return rc;
}
