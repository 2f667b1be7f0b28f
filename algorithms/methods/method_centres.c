/* Growth towards given centres, shared by cbsa and fua: algorithms/README.md mode
 * `core` (shares to the centre units only, so no chaining and one round),
 * with OMB's second test on jobs when asked. Called again after every
 * exclave search; barred (unit, area) pairs are skipped, so an exclave goes to
 * its next best area that still qualifies. */
#include "methods_internal.h"

#include <stdlib.h>
#include <string.h>

int rn_grow_centres(rn_ctx_t *ctx, rn_level_run_t *run, const int64_t *prev_key, void *arg) {
  (void)prev_key;
  const rn_centres_t *c = arg;
  const rn_problem_t *pb = run->pb;
  const rn_flows_t *f = pb->flows;
  const rn_inflows_t *in = c->inflows;
  int64_t n = pb->units->n;
  int rc = rn_cores_from_sets(ctx, pb, run->cand, run->ncand, c->is_centre, c->uf, &run->cores);
  if (rc != RN_OK) return rc;
  int64_t ng = run->cores.ngroups;
  int64_t *gid = malloc(sizeof *gid * (size_t)(n + 1));
  double *res = calloc((size_t)ng + 1, sizeof *res);
  double *emp = calloc((size_t)ng + 1, sizeof *emp);
  unsigned char *touch = calloc((size_t)ng + 1, 1);
  int64_t *touched = malloc(sizeof *touched * (size_t)(ng + 1));
  if (!gid || !res || !emp || !touch || !touched) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (centres)");
    goto done;
  }
  for (int64_t i = 0; i < n; i++) gid[i] = -1;
  for (int64_t g = 0; g < ng; g++)
    for (int64_t p = run->cores.start[g]; p < run->cores.start[g + 1]; p++)
      gid[run->cores.unit[p]] = g;
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t i = run->cand[k], nt = 0;
    if (gid[i] >= 0) {
      run->key[i] = run->cores.key[gid[i]];
      run->role[i] = RN_ROLE_CORE;
      continue;
    }
    for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
      int64_t g = gid[f->col[p]];
      if (g < 0) continue;
      if (!touch[g]) touch[g] = 1, touched[nt++] = g;
      res[g] += f->val[p];
    }
    if (c->jobs && in)
      for (int64_t p = in->row[i]; p < in->row[i + 1]; p++) {
        int64_t g = gid[in->col[p]];
        if (g < 0) continue;
        if (!touch[g]) touch[g] = 1, touched[nt++] = g;
        emp[g] += in->val[p];
      }
    int64_t best = -1;
    double bt = 0;
    for (int64_t t = 0; t < nt; t++) {
      int64_t g = touched[t];
      double tie = rn_share(pb, i, res[g]);
      if (c->jobs && c->jobs[i] > 0 && emp[g] / c->jobs[i] > tie) tie = emp[g] / c->jobs[i];
      touch[g] = 0;
      res[g] = emp[g] = 0;
      if (!rn_meets(tie, c->theta) || rn_bars_has(&run->bars, i, run->cores.key[g])) continue;
      if (best < 0 || tie > bt ||
          (tie == bt && rn_better_unit(pb, run->cores.key[g], run->cores.key[best]))) {
        best = g;
        bt = tie;
      }
    }
    run->key[i] = best >= 0 ? run->cores.key[best] : -1;
    run->role[i] = best >= 0 ? RN_ROLE_MEMBER : RN_ROLE_NONE;
  }
done:
  free(gid);
  free(res);
  free(emp);
  free(touch);
  free(touched);
  return rc;
}
