/* The user's amendments of a built adjacency (the method's contiguity): pairs added (a
 * bridge, a tunnel, a ferry: they become rook neighbours with a nominal
 * shared length, RN_ADJ_ADDED_SHARED) and pairs removed (no contact at all,
 * neither rook nor queen). Perimeters and outer boundaries stay as measured:
 * a bridge does not turn a coast into a border, and a removed border is not
 * coast. The result depends only on the unit ids, never on the files' order. */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  int64_t i, j;
  double shared;
} entry_t;
static int cmp_entry(const void *a, const void *b) {
  const entry_t *x = a, *y = b;
  if (x->i != y->i) return x->i < y->i ? -1 : 1;
  return (x->j > y->j) - (x->j < y->j);
}

/* Index of entry (i, j) in adj, or -1. Rows are sorted. */
static int64_t find(const rn_adjacency_t *adj, int64_t i, int64_t j) {
  int64_t lo = adj->row[i], hi = adj->row[i + 1] - 1;
  while (lo <= hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (adj->col[mid] == j) return mid;
    if (adj->col[mid] < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/* A pair in both files is a contradiction, named with both lines. */
static int check_both(rn_ctx_t *ctx, const rn_units_t *u, const rn_adjacency_edits_t *add,
                      const rn_adjacency_edits_t *rem) {
  for (int64_t x = 0; x < add->n; x++)
    for (int64_t y = 0; y < rem->n; y++)
      if (add->a[x] == rem->a[y] && add->b[x] == rem->b[y])
        return rn_error(ctx, RN_EINPUT, "%s:%lld: the pair %s,%s is also to be removed (%s:%lld)",
                        add->path, (long long)add->line[x], u->code[add->a[x]],
                        u->code[add->b[x]], rem->path, (long long)rem->line[y]);
  return RN_OK;
}

int rn_adjacency_amend(rn_ctx_t *ctx, const rn_units_t *units, rn_adjacency_t *adj,
                       rn_adjacency_edits_t *add, rn_adjacency_edits_t *remove) {
  int64_t n = adj->n, nadd = add ? add->n : 0, nrem = remove ? remove->n : 0;
  int rc;
  if (add && remove && (rc = check_both(ctx, units, add, remove)) != RN_OK) return rc;
  int64_t ne = adj->row[n];
  entry_t *e = malloc(sizeof *e * (size_t)(ne + 2 * nadd + 1));
  int64_t *row = calloc((size_t)n + 2, sizeof *row);
  if (!e || !row) {
    free(e);
    free(row);
    return rn_error(ctx, RN_ENOMEM, "out of memory (adjacency amendments)");
  }
  /* mark removals in place (shared < 0), then copy what stays */
  for (int64_t k = 0; k < nrem; k++) {
    int64_t p = find(adj, remove->a[k], remove->b[k]), q = find(adj, remove->b[k], remove->a[k]);
    remove->noop[k] = p < 0;
    if (p >= 0) adj->shared[p] = adj->shared[q] = -1;
  }
  /* added pairs: a point contact (queen only) becomes a rook pair in place;
   * a pair with no contact gets two new entries */
  for (int64_t k = 0; k < nadd; k++) {
    int64_t p = find(adj, add->a[k], add->b[k]), q = find(adj, add->b[k], add->a[k]);
    add->noop[k] = p >= 0 && adj->shared[p] > 0;
    if (p >= 0 && !add->noop[k]) adj->shared[p] = adj->shared[q] = RN_ADJ_ADDED_SHARED;
  }
  int64_t m = 0;
  for (int64_t i = 0; i < n; i++)
    for (int64_t p = adj->row[i]; p < adj->row[i + 1]; p++)
      if (adj->shared[p] >= 0) e[m++] = (entry_t){i, adj->col[p], adj->shared[p]};
  for (int64_t k = 0; k < nadd; k++) {
    if (find(adj, add->a[k], add->b[k]) >= 0) continue;
    e[m++] = (entry_t){add->a[k], add->b[k], RN_ADJ_ADDED_SHARED};
    e[m++] = (entry_t){add->b[k], add->a[k], RN_ADJ_ADDED_SHARED};
  }
  qsort(e, (size_t)m, sizeof *e, cmp_entry);
  int64_t *col = malloc(sizeof *col * (size_t)(m + 1));
  double *shared = malloc(sizeof *shared * (size_t)(m + 1));
  if (!col || !shared) {
    free(e);
    free(row);
    free(col);
    free(shared);
    return rn_error(ctx, RN_ENOMEM, "out of memory (adjacency amendments)");
  }
  for (int64_t x = 0; x < m; x++) {
    row[e[x].i + 1]++;
    col[x] = e[x].j;
    shared[x] = e[x].shared;
  }
  for (int64_t i = 0; i < n; i++) row[i + 1] += row[i];
  free(e);
  free(adj->row);
  free(adj->col);
  free(adj->shared);
  adj->row = row;
  adj->col = col;
  adj->shared = shared;
  return RN_OK;
}
