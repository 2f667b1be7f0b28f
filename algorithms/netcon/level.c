/* One level on one group of candidates: growth, then exclaves removed and
 * growth re-run until the regions are contiguous, then enclaves absorbed. */
#include "algorithms/cluster_internal.h"

#include <stdlib.h>
#include <string.h>

static int grow_mode(rn_ctx_t *ctx, rn_level_run_t *run, const int64_t *prev_key, void *arg) {
  (void)arg;
  switch (run->lp->mode) {
  case RN_MODE_DOMINANT: return rn_grow_dominant(ctx, run, prev_key);
  case RN_MODE_CHAIN: return rn_grow_chain(ctx, run, 0);
  case RN_MODE_CORE: return rn_grow_chain(ctx, run, 1);
  }
  return rn_error(ctx, RN_EPARAM, "unknown growth mode %d", (int)run->lp->mode);
}

int rn_level_run(rn_ctx_t *ctx, rn_level_run_t *run) {
  return rn_level_run_grow(ctx, run, grow_mode, NULL);
}

int rn_level_run_grow(rn_ctx_t *ctx, rn_level_run_t *run, rn_grow_fn grow, void *arg) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  int rc = RN_OK;
  int64_t *prev = NULL;
  rn_bars_init(&run->bars);
  rn_cores_init(&run->cores);
  if (rn_bars_reset(&run->bars, n) != RN_OK) return rn_error(ctx, RN_ENOMEM, "out of memory");
  if (run->designated && (rc = rn_cores_designated(ctx, run, &run->cores)) != RN_OK) goto done;
  int enforce = pb->contiguity && pb->adj;
  if (enforce && !(prev = malloc(sizeof *prev * (size_t)(n + 1)))) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  /* Each pass bars at least one more (unit, region) pair, so this ends; the
   * bound only guards against a bug. */
  for (int64_t pass = 0;; pass++) {
    if ((rc = grow(ctx, run, pass ? prev : NULL, arg)) != RN_OK) goto done;
    if (!enforce) break;
    int64_t found = 0;
    if ((rc = rn_contiguity_exclaves(ctx, run, &found)) != RN_OK) goto done;
    if (!found) break;
    if (pass > run->ncand * run->ncand + 2) {
      rc = rn_error(ctx, RN_EINTERNAL, "contiguity did not converge at level %s", run->lp->name);
      goto done;
    }
    for (int64_t k = 0; k < run->ncand; k++) prev[run->cand[k]] = run->key[run->cand[k]];
  }
  if (enforce) {
    if ((rc = rn_contiguity_enclaves(ctx, run)) != RN_OK) goto done;
    if ((rc = rn_contiguity_islands(ctx, run)) != RN_OK) goto done;
  }
  if (run->lp->cover_all)
    for (int64_t k = 0; k < run->ncand; k++) {
      int64_t i = run->cand[k];
      if (run->key[i] >= 0) continue;
      run->key[i] = i; /* a region of its own */
      run->role[i] = RN_ROLE_CORE;
    }
done:
  free(prev);
  rn_bars_destroy(&run->bars);
  rn_cores_destroy(&run->cores);
  return rc;
}
