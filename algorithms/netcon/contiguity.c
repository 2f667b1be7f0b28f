/* Contiguity (algorithms/README.md): exclaves removed and barred, islands exempt,
 * enclaves absorbed. */
#include "algorithms/cluster_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* A boundary counts as wholly shared when what is left over is below this
 * fraction of the perimeter: slivers of imperfect coverages are not coastline. */
#define RN_OUTER_EPS_REL 1e-2

static int is_neighbour_edge(const rn_adjacency_t *a, int64_t p, int queen) {
  return queen || a->shared[p] > 0;
}

int rn_contiguity_exclaves(rn_ctx_t *ctx, rn_level_run_t *run, int64_t *nfound) {
  const rn_problem_t *pb = run->pb;
  const rn_adjacency_t *a = pb->adj;
  int64_t n = pb->units->n;
  *nfound = 0;
  unsigned char *reached = calloc((size_t)n + 1, 1);
  int64_t *queue = malloc(sizeof *queue * (size_t)(run->ncand + 1));
  if (!reached || !queue) {
    free(reached);
    free(queue);
    return rn_error(ctx, RN_ENOMEM, "out of memory (contiguity)");
  }
  for (int64_t g = 0; g < run->cores.ngroups; g++) {
    int64_t key = run->cores.key[g], qh = 0, qt = 0;
    for (int64_t p = run->cores.start[g]; p < run->cores.start[g + 1]; p++) {
      int64_t c = run->cores.unit[p];
      if (run->key[c] == key && !reached[c] && rn_adjacency_degree(a, c, pb->queen) > 0) {
        reached[c] = 1;
        queue[qt++] = c;
      }
    }
    /* A core on an island reaches nothing by land: then the mainland part of
     * its region must hang together, grown from its largest member. */
    if (qt == 0) {
      int64_t seed = -1;
      for (int64_t k = 0; k < run->ncand; k++) {
        int64_t i = run->cand[k];
        if (run->key[i] == key && rn_adjacency_degree(a, i, pb->queen) > 0 &&
            rn_better_unit(pb, i, seed))
          seed = i;
      }
      if (seed >= 0) {
        reached[seed] = 1;
        queue[qt++] = seed;
      }
    }
    while (qh < qt) {
      int64_t x = queue[qh++];
      for (int64_t p = a->row[x]; p < a->row[x + 1]; p++) {
        int64_t y = a->col[p];
        if (!is_neighbour_edge(a, p, pb->queen) || reached[y] || !run->incand[y] ||
            run->key[y] != key)
          continue;
        reached[y] = 1;
        queue[qt++] = y;
      }
    }
  }
  int rc = RN_OK;
  for (int64_t k = 0; k < run->ncand && rc == RN_OK; k++) {
    int64_t i = run->cand[k], key = run->key[i];
    if (key < 0 || reached[i] || rn_adjacency_degree(a, i, pb->queen) == 0) continue;
    /* mode dominant: a unit below an exclave in its tree is not barred; it
     * keeps pointing to that unit and follows it */
    int64_t up = run->ptr && run->lp->mode == RN_MODE_DOMINANT ? run->ptr[i] : -1;
    int follows = up >= 0 && run->key[up] == key && !reached[up] &&
                  rn_adjacency_degree(a, up, pb->queen) > 0;
    char why[200];
    if (follows) {
      snprintf(why, sizeof why,
               "exclave: cannot reach the core %s through adjacent members; points to %s, "
               "which cannot either, and follows it",
               pb->units->code[key], pb->units->code[up]);
      rc = rn_decision_add(ctx, run, i, key, RN_DECISION_EXCLAVE, why);
      continue;
    }
    snprintf(why, sizeof why,
             "exclave: cannot reach the core %s through adjacent members; removed and barred",
             pb->units->code[key]);
    if (rn_bars_add_snap(&run->bars, i, key, run->snap) != RN_OK)
      rc = rn_error(ctx, RN_ENOMEM, "out of memory (contiguity)");
    else
      rc = rn_decision_add(ctx, run, i, key, RN_DECISION_EXCLAVE, why);
    (*nfound)++;
  }
  free(reached);
  free(queue);
  return rc;
}

int rn_contiguity_islands(rn_ctx_t *ctx, rn_level_run_t *run) {
  const rn_problem_t *pb = run->pb;
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t i = run->cand[k];
    if (run->key[i] < 0 || run->role[i] == RN_ROLE_CORE ||
        rn_adjacency_degree(pb->adj, i, pb->queen) > 0)
      continue;
    int rc = rn_decision_add(ctx, run, i, run->key[i], RN_DECISION_ISLAND,
                             "island: no neighbour, kept by its flows alone");
    if (rc != RN_OK) return rc;
  }
  return RN_OK;
}

/* The one region all of i's rook neighbours belong to, or -1. */
static int64_t surrounding_region(const rn_level_run_t *run, int64_t i) {
  const rn_adjacency_t *a = run->pb->adj;
  if (a->outer[i] > RN_OUTER_EPS_REL * a->perimeter[i]) return -1;
  int64_t key = -1;
  for (int64_t p = a->row[i]; p < a->row[i + 1]; p++) {
    if (a->shared[p] <= 0) continue;
    int64_t j = a->col[p];
    int64_t kj = run->incand[j] ? run->key[j] : -1;
    if (kj < 0 || (key >= 0 && kj != key)) return -1;
    key = kj;
  }
  return key;
}

int rn_contiguity_enclaves(rn_ctx_t *ctx, rn_level_run_t *run) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  int64_t *join = malloc(sizeof *join * (size_t)(n + 1));
  if (!join) return rn_error(ctx, RN_ENOMEM, "out of memory (enclaves)");
  int rc = RN_OK;
  /* rounds, each decided against the regions at its start: an enclave inside
   * a ring of enclaves joins one round later, independent of unit order */
  for (int changed = 1; changed && rc == RN_OK;) {
    changed = 0;
    for (int64_t k = 0; k < run->ncand; k++) {
      int64_t i = run->cand[k];
      join[i] = run->key[i] < 0 ? surrounding_region(run, i) : -1;
    }
    for (int64_t k = 0; k < run->ncand && rc == RN_OK; k++) {
      int64_t i = run->cand[k];
      if (join[i] < 0) continue;
      run->key[i] = join[i];
      run->role[i] = RN_ROLE_ENCLAVE;
      changed = 1;
      char why[200];
      snprintf(why, sizeof why, "enclave: whole boundary shared with region %s; absorbed",
               pb->units->code[join[i]]);
      rc = rn_decision_add(ctx, run, i, join[i], RN_DECISION_ENCLAVE, why);
    }
  }
  free(join);
  return rc;
}
