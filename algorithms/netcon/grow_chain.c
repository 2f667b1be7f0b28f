/* Growth modes `chain` and `core` (algorithms/README.md): regions start as their
 * cores; each round every unassigned candidate joins the region receiving its
 * largest share when that share is >= theta, all decided against the regions
 * as they were at the start of the round. `core` counts shares to core units
 * only, so nothing chains and one round decides. */
#include "algorithms/cluster_internal.h"

#include <stdlib.h>
#include <string.h>

void rn_chain_rule_cores(const rn_level_run_t *run, unsigned char *is_core) {
  const rn_problem_t *pb = run->pb;
  const rn_flows_t *f = pb->flows;
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t i = run->cand[k];
    int core = pb->mass[i] >= run->lp->min_mass;
    for (int64_t p = f->row[i]; core && p < f->row[i + 1]; p++) {
      int64_t j = f->col[p];
      if (run->incand[j] && pb->mass[j] > pb->mass[i] &&
          rn_meets(rn_share(pb, i, f->val[p]), run->lp->theta))
        core = 0;
    }
    is_core[i] = (unsigned char)core;
  }
}

/* Is region g a better pick than h at equal share: larger core mass, then smaller code. */
static int better_region(const rn_level_run_t *run, int64_t g, int64_t h) {
  return h < 0 || rn_better_unit(run->pb, run->cores.key[g], run->cores.key[h]);
}

int rn_grow_chain(rn_ctx_t *ctx, rn_level_run_t *run, int core_only) {
  const rn_problem_t *pb = run->pb;
  const rn_flows_t *f = pb->flows;
  int64_t n = pb->units->n;
  int rc = RN_OK;
  unsigned char *is_core = calloc((size_t)n + 1, 1);
  int64_t *gid = malloc(sizeof *gid * (size_t)(n + 1));
  int64_t *next = malloc(sizeof *next * (size_t)(n + 1));
  double *acc = NULL;
  int64_t *touched = NULL;
  if (!is_core || !gid || !next) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (chain growth)");
    goto done;
  }
  int64_t ng = run->cores.ngroups;
  acc = calloc((size_t)ng + 1, sizeof *acc);
  touched = malloc(sizeof *touched * (size_t)(ng + 1));
  if (!acc || !touched) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (chain growth)");
    goto done;
  }
  for (int64_t k = 0; k < run->ncand; k++) gid[run->cand[k]] = -1;
  for (int64_t g = 0; g < ng; g++)
    for (int64_t p = run->cores.start[g]; p < run->cores.start[g + 1]; p++) {
      gid[run->cores.unit[p]] = g;
      is_core[run->cores.unit[p]] = 1;
    }
  for (int changed = 1; changed;) {
    changed = 0;
    for (int64_t k = 0; k < run->ncand; k++) next[run->cand[k]] = gid[run->cand[k]];
    for (int64_t k = 0; k < run->ncand; k++) {
      int64_t i = run->cand[k];
      if (gid[i] >= 0) continue;
      int64_t nt = 0;
      for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
        int64_t j = f->col[p], g = gid[j];
        if (!run->incand[j] || g < 0 || (core_only && !is_core[j])) continue;
        if (acc[g] == 0) touched[nt++] = g;
        acc[g] += f->val[p];
      }
      int64_t best = -1;
      double bs = 0;
      for (int64_t t = 0; t < nt; t++) {
        int64_t g = touched[t];
        double s = rn_share(pb, i, acc[g]);
        acc[g] = 0;
        if (rn_bars_has(&run->bars, i, run->cores.key[g])) continue;
        if (best < 0 || s > bs || (s == bs && better_region(run, g, best))) {
          best = g;
          bs = s;
        }
      }
      if (best >= 0 && rn_meets(bs, run->lp->theta)) {
        next[i] = best;
        changed = 1;
      }
    }
    for (int64_t k = 0; k < run->ncand; k++) gid[run->cand[k]] = next[run->cand[k]];
  }
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t i = run->cand[k];
    run->key[i] = gid[i] >= 0 ? run->cores.key[gid[i]] : -1;
    run->role[i] = is_core[i] ? RN_ROLE_CORE : gid[i] >= 0 ? RN_ROLE_MEMBER : RN_ROLE_NONE;
  }
done:
  free(is_core);
  free(gid);
  free(next);
  free(acc);
  free(touched);
  return rc;
}
