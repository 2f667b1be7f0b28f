/* Growth mode `dominant`: each non-core candidate points to the candidate that
 * receives its largest share when that share is >= theta; cycles are cut at
 * their largest-mass member; a unit joins the region of the core at the root
 * of its tree (METHOD.md §3). */
#include "algorithms/cluster_internal.h"

#include <stdlib.h>
#include <string.h>

/* The strongest tie of i among candidates, skipping regions i is barred from. */
static int64_t strongest_tie(const rn_level_run_t *run, int64_t i, const int64_t *prev_key,
                             double *share) {
  const rn_problem_t *pb = run->pb;
  const rn_flows_t *f = pb->flows;
  int64_t best = -1;
  double bs = 0;
  for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
    int64_t j = f->col[p];
    if (!run->incand[j]) continue;
    if (prev_key && prev_key[j] >= 0 && rn_bars_has(&run->bars, i, prev_key[j])) continue;
    double s = rn_share(pb, i, f->val[p]);
    if (best < 0 || s > bs || (s == bs && rn_better_unit(pb, j, best))) {
      best = j;
      bs = s;
    }
  }
  *share = bs;
  return best;
}

/* Cut every cycle of ptr at its largest-mass member. */
static int cut_cycles(rn_ctx_t *ctx, const rn_level_run_t *run, int64_t *ptr) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  unsigned char *state = calloc((size_t)n + 1, 1); /* 0 new, 1 on path, 2 done */
  int64_t *path = malloc(sizeof *path * (size_t)(run->ncand + 1));
  if (!state || !path) {
    free(state);
    free(path);
    return rn_error(ctx, RN_ENOMEM, "out of memory (dominant growth)");
  }
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t len = 0, x = run->cand[k];
    while (x >= 0 && state[x] == 0) {
      state[x] = 1;
      path[len++] = x;
      x = ptr[x];
    }
    if (x >= 0 && state[x] == 1) { /* a cycle from x to the end of the path */
      int64_t q = len - 1, cut = -1;
      while (q >= 0) {
        if (rn_better_unit(pb, path[q], cut)) cut = path[q];
        if (path[q] == x) break;
        q--;
      }
      ptr[cut] = -1;
    }
    for (int64_t q = 0; q < len; q++) state[path[q]] = 2;
  }
  free(state);
  free(path);
  return RN_OK;
}

int rn_grow_dominant(rn_ctx_t *ctx, rn_level_run_t *run, const int64_t *prev_key) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  int rc = RN_OK;
  int64_t *ptr = malloc(sizeof *ptr * (size_t)(n + 1));
  int64_t *gkey = malloc(sizeof *gkey * (size_t)(n + 1));
  unsigned char *is_core = calloc((size_t)n + 1, 1);
  int64_t *path = malloc(sizeof *path * (size_t)(run->ncand + 1));
  if (!ptr || !gkey || !is_core || !path) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (dominant growth)");
    goto done;
  }
  if (run->designated)
    for (int64_t g = 0; g < run->cores.ngroups; g++)
      for (int64_t p = run->cores.start[g]; p < run->cores.start[g + 1]; p++)
        is_core[run->cores.unit[p]] = 1;
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t i = run->cand[k];
    double s;
    ptr[i] = -1;
    if (is_core[i]) continue; /* designated cores do not point */
    int64_t j = strongest_tie(run, i, prev_key, &s);
    if (j >= 0 && rn_meets(s, run->lp->theta)) ptr[i] = j;
  }
  if ((rc = cut_cycles(ctx, run, ptr)) != RN_OK) goto done;
  if (!run->designated) {
    for (int64_t k = 0; k < run->ncand; k++) {
      int64_t i = run->cand[k];
      is_core[i] = ptr[i] < 0 && pb->mass[i] >= run->lp->min_mass;
    }
    if ((rc = rn_cores_rule_merge(ctx, run, is_core, &run->cores)) != RN_OK) goto done;
  }
  for (int64_t k = 0; k < run->ncand; k++) gkey[run->cand[k]] = -2; /* unresolved */
  for (int64_t g = 0; g < run->cores.ngroups; g++)
    for (int64_t p = run->cores.start[g]; p < run->cores.start[g + 1]; p++)
      gkey[run->cores.unit[p]] = run->cores.key[g];
  /* Resolve each tree top-down; a unit barred from its root's region is cut
   * off with everything below it. */
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t len = 0, x = run->cand[k];
    while (gkey[x] == -2 && ptr[x] >= 0) {
      path[len++] = x;
      x = ptr[x];
    }
    if (gkey[x] == -2) gkey[x] = -1; /* a root that is not a core: no region */
    int64_t key = gkey[x];
    while (len > 0) {
      int64_t y = path[--len];
      if (key >= 0 && rn_bars_has(&run->bars, y, key)) key = -1;
      gkey[y] = key;
    }
  }
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t i = run->cand[k];
    run->key[i] = gkey[i];
    run->role[i] = is_core[i] ? RN_ROLE_CORE : gkey[i] >= 0 ? RN_ROLE_MEMBER : RN_ROLE_NONE;
  }
done:
  free(ptr);
  free(gkey);
  free(is_core);
  free(path);
  return rc;
}
