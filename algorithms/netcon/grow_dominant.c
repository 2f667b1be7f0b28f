/* Growth mode `dominant`: each non-core candidate points to the candidate that
 * receives its largest share when that share is >= theta and that unit
 * dominates it (Nystuen-Dacey: larger mass; a designated core with its
 * group's mass); a unit joins the region of the core at the root of its tree.
 * Dominance `any` drops the condition (revision 1): cycles are then cut at
 * their largest-mass member. See algorithms/README.md. */
#include "algorithms/cluster_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rn_dominance_mass(const rn_level_run_t *run, double *M) {
  const rn_problem_t *pb = run->pb;
  for (int64_t k = 0; k < run->ncand; k++) M[run->cand[k]] = pb->mass[run->cand[k]];
  if (!run->designated) return;
  for (int64_t g = 0; g < run->cores.ngroups; g++) {
    double sum = 0;
    for (int64_t p = run->cores.start[g]; p < run->cores.start[g + 1]; p++)
      sum += pb->mass[run->cores.unit[p]];
    for (int64_t p = run->cores.start[g]; p < run->cores.start[g + 1]; p++)
      M[run->cores.unit[p]] = sum;
  }
}

/* Does j dominate i: M(j) > m_i; equal masses, the smaller code. */
static int dominates(const rn_problem_t *pb, const double *M, int64_t j, int64_t i) {
  if (M[j] != pb->mass[i]) return M[j] > pb->mass[i];
  return j < i;
}

/* Is (j, share s) stronger than (best, share bs): larger share, then the
 * better unit. */
static int stronger(const rn_problem_t *pb, int64_t j, double s, int64_t best, double bs) {
  return best < 0 || s > bs || (s == bs && rn_better_unit(pb, j, best));
}

void rn_ties_free(rn_ties_t *t) {
  free(t->start);
  free(t->unit);
  free(t->share);
  memset(t, 0, sizeof *t);
}

int rn_ties_build(rn_ctx_t *ctx, const rn_problem_t *pb, double theta, rn_ties_t *out) {
  const rn_flows_t *f = pb->flows;
  int64_t n = pb->units->n;
  memset(out, 0, sizeof *out);
  if (!(out->start = malloc(sizeof *out->start * (size_t)(n + 1))))
    return rn_error(ctx, RN_ENOMEM, "out of memory (strong ties)");
  /* A share is the flow over D_i, rounded: a flow below theta D_i by more
   * than rounding can reach cannot meet theta, and needs no division. */
  for (int pass = 0; pass < 2; pass++) {
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++) {
      out->start[i] = m;
      if (!(pb->denom[i] > 0)) continue; /* every share 0 */
      double cut = (theta - 1e-12) * pb->denom[i] * (1 - 1e-9);
      int64_t first = m;
      for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
        if (f->val[p] < cut) continue;
        double s = rn_share(pb, i, f->val[p]);
        if (!rn_meets(s, theta)) continue;
        if (pass) { /* insertion, strongest first */
          int64_t q = m;
          while (q > first && stronger(pb, f->col[p], s, out->unit[q - 1], out->share[q - 1])) {
            out->unit[q] = out->unit[q - 1];
            out->share[q] = out->share[q - 1];
            q--;
          }
          out->unit[q] = f->col[p];
          out->share[q] = s;
        }
        m++;
      }
    }
    out->start[n] = m;
    if (!pass && (!(out->unit = malloc(sizeof *out->unit * (size_t)(m + 1))) ||
                  !(out->share = malloc(sizeof *out->share * (size_t)(m + 1))))) {
      rn_ties_free(out);
      return rn_error(ctx, RN_ENOMEM, "out of memory (strong ties)");
    }
  }
  return RN_OK;
}

/* Unit i's strongest tie among the candidates it may point to (largest
 * share; equal shares, the better unit), -1 none; its share in *share. */
static int64_t strongest_tie(const rn_level_run_t *run, int64_t i, double *share) {
  const rn_problem_t *pb = run->pb;
  const rn_flows_t *f = pb->flows;
  int barred = run->bars.head[i] >= 0; /* most units have no bar: no call per flow */
  if (pb->ties) {
    /* the first strong tie i may point to beats every other it may; with
     * none, no flow it may point to meets a threshold */
    for (int64_t q = pb->ties_start[i]; q < pb->ties_start[i + 1]; q++) {
      int64_t j = pb->ties[q];
      if (run->incand[j] && !(barred && rn_bars_excludes(&run->bars, i, j))) {
        *share = pb->ties_share[q];
        return j;
      }
    }
    *share = 0;
    return -1;
  }
  int64_t best = -1;
  double bs = 0;
  for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
    int64_t j = f->col[p];
    if (!run->incand[j] || (barred && rn_bars_excludes(&run->bars, i, j))) continue;
    double s = rn_share(pb, i, f->val[p]);
    if (stronger(pb, j, s, best, bs)) {
      best = j;
      bs = s;
    }
  }
  *share = bs;
  return best;
}

int64_t rn_dominant_pointer(const rn_level_run_t *run, const double *M, int64_t i) {
  const rn_problem_t *pb = run->pb;
  int64_t best;
  double share;
  if (!run->tie) {
    best = strongest_tie(run, i, &share);
  } else if (run->tie_bars[i] == run->bars.head[i]) {
    best = run->tie[i];
    share = run->tie_share[i];
  } else {
    best = run->tie[i] = strongest_tie(run, i, &share);
    run->tie_share[i] = share;
    run->tie_bars[i] = run->bars.head[i];
  }
  if (best < 0 || !rn_meets(share, run->lp->theta)) return -1;
  if (!pb->dominance_any && !dominates(pb, M, best, i)) return -1;
  return best;
}

int rn_cut_cycles(rn_ctx_t *ctx, const rn_level_run_t *run, int64_t *ptr) {
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

int rn_grow_dominant(rn_ctx_t *ctx, rn_level_run_t *run) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  int rc = RN_OK;
  int64_t *ptr = run->ptr;
  int64_t *gkey = malloc(sizeof *gkey * (size_t)(n + 1));
  double *M = malloc(sizeof *M * (size_t)(n + 1));
  int64_t *path = malloc(sizeof *path * (size_t)(run->ncand + 1));
  if (!ptr || !gkey || !M || !path) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (dominant growth)");
    goto done;
  }
  rn_dominance_mass(run, M);
  for (int64_t k = 0; k < run->ncand; k++) gkey[run->cand[k]] = -2; /* unresolved, no core */
  for (int64_t g = 0; g < run->cores.ngroups; g++)
    for (int64_t p = run->cores.start[g]; p < run->cores.start[g + 1]; p++)
      gkey[run->cores.unit[p]] = run->cores.key[g];
  /* cores do not point: they were decided before growth, once */
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t i = run->cand[k];
    ptr[i] = gkey[i] == -2 ? rn_dominant_pointer(run, M, i) : -1;
  }
  if (pb->dominance_any && (rc = rn_cut_cycles(ctx, run, ptr)) != RN_OK) goto done;
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t i = run->cand[k];
    run->role[i] = gkey[i] >= 0 ? RN_ROLE_CORE : RN_ROLE_MEMBER;
  }
  /* Resolve each tree top-down. A unit is cut off (with what hangs below it)
   * only where it would land in a region it is barred from, which its
   * pointer avoids unless a chain of other units leads back there. */
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
    if (gkey[i] < 0) run->role[i] = RN_ROLE_NONE;
  }
done:
  free(gkey);
  free(M);
  free(path);
  return rc;
}
