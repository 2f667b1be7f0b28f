/* One level on one group of candidates: growth, then exclaves removed and
 * growth re-run until the regions are contiguous, then enclaves absorbed. */
#include "algorithms/cluster_internal.h"

#include <stdlib.h>
#include <string.h>

static int grow_mode(rn_ctx_t *ctx, rn_level_run_t *run) {
  switch (run->lp->mode) {
  case RN_MODE_DOMINANT: return rn_grow_dominant(ctx, run);
  case RN_MODE_CHAIN: return rn_grow_chain(ctx, run, 0);
  case RN_MODE_CORE: return rn_grow_chain(ctx, run, 1);
  }
  return rn_error(ctx, RN_EPARAM, "unknown growth mode %d", (int)run->lp->mode);
}

/* The keys of each pass that barred a unit, kept while the bars need them. */
typedef struct {
  int64_t **a;
  int64_t len, cap;
} snaps_t;

/* A copy of the candidates' keys (bars only ask about candidates). */
static int64_t *snap_push(snaps_t *s, const int64_t *key, int64_t n, const int64_t *cand,
                          int64_t ncand) {
  if (s->len == s->cap) {
    int64_t cap = s->cap ? 2 * s->cap : 8;
    int64_t **na = realloc(s->a, sizeof *na * (size_t)cap);
    if (!na) return NULL;
    s->a = na;
    s->cap = cap;
  }
  int64_t *copy = malloc(sizeof *copy * (size_t)(n + 1));
  if (copy) {
    for (int64_t k = 0; k < ncand; k++) copy[cand[k]] = key[cand[k]];
    s->a[s->len++] = copy;
  }
  return copy;
}

static void snaps_free(snaps_t *s) {
  for (int64_t k = 0; k < s->len; k++) free(s->a[k]);
  free(s->a);
}

/* One round of a level on run's candidates: cores once, then growth, split
 * of unconnected polycentric rule cores and removal of exclaves until the
 * regions hold together, then enclaves and islands. Bars persist in run. */
static int level_round(rn_ctx_t *ctx, rn_level_run_t *run, snaps_t *snaps) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  int rc;
  if (run->tie) /* the candidates may have changed since the last round */
    for (int64_t k = 0; k < run->ncand; k++) run->tie_bars[run->cand[k]] = -2;
  rn_cores_init(&run->cores);
  if (run->designated) rc = rn_cores_designated(ctx, run, &run->cores);
  else rc = rn_cores_rule(ctx, run);
  int enforce = pb->contiguity && pb->adj;
  /* Each pass splits a group or bars at least one more (unit, region) pair,
   * so this ends; the bound only guards against a bug. */
  for (int64_t pass = 0; rc == RN_OK; pass++) {
    run->snap = NULL;
    if ((rc = grow_mode(ctx, run)) != RN_OK || !enforce) break;
    int64_t found = 0;
    if ((rc = rn_contiguity_split(ctx, run, &found)) != RN_OK) break;
    if (!found) {
      if (!(run->snap = snap_push(snaps, run->key, n, run->cand, run->ncand))) {
        rc = rn_error(ctx, RN_ENOMEM, "out of memory");
        break;
      }
      if ((rc = rn_contiguity_exclaves(ctx, run, &found)) != RN_OK) break;
      if (!found) { /* the snapshot barred nobody */
        free(snaps->a[--snaps->len]);
        run->snap = NULL;
        break;
      }
    }
    if (pass > run->ncand * run->ncand + 2)
      rc = rn_error(ctx, RN_EINTERNAL, "contiguity did not converge at level %s", run->lp->name);
  }
  if (rc == RN_OK && enforce) rc = rn_contiguity_enclaves(ctx, run);
  if (rc == RN_OK && enforce) rc = rn_contiguity_islands(ctx, run);
  rn_cores_destroy(&run->cores);
  return rc;
}

/* A level that covers every unit grows the units left in no region again
 * among themselves, every root a core (min_mass 0, no designated cores),
 * bars kept, until none is left; a round that places nobody (not expected:
 * its cores are placed) leaves the rest as regions of their own. */
static int cover_rest(rn_ctx_t *ctx, rn_level_run_t *run, snaps_t *snaps) {
  int64_t *rest = malloc(sizeof *rest * (size_t)(run->ncand + 1));
  if (!rest) return rn_error(ctx, RN_ENOMEM, "out of memory");
  rn_level_params_t lp = *run->lp;
  lp.min_mass = 0;
  lp.cores = NULL;
  int rc = RN_OK;
  for (int64_t before = run->ncand + 1;;) {
    int64_t nr = 0;
    for (int64_t k = 0; k < run->ncand; k++) {
      int64_t i = run->cand[k];
      if (run->key[i] < 0) rest[nr++] = i;
      else run->incand[i] = 0;
    }
    if (nr == 0 || nr == before || rc != RN_OK) {
      for (int64_t k = 0; k < nr; k++) { /* a region of its own */
        run->key[rest[k]] = rest[k];
        run->role[rest[k]] = RN_ROLE_CORE;
      }
      break;
    }
    before = nr;
    rn_level_run_t sub = *run;
    sub.lp = &lp;
    sub.designated = NULL;
    sub.ncand = nr;
    sub.cand = rest;
    rc = level_round(ctx, &sub, snaps);
    run->bars = sub.bars;
  }
  for (int64_t k = 0; k < run->ncand; k++) run->incand[run->cand[k]] = 1;
  free(rest);
  return rc;
}

int rn_level_run(rn_ctx_t *ctx, rn_level_run_t *run) {
  int64_t n = run->pb->units->n;
  snaps_t snaps = {0};
  rn_bars_init(&run->bars);
  int rc = rn_bars_reset(&run->bars, n, run->cand, run->ncand);
  if (rc != RN_OK) return rn_error(ctx, RN_ENOMEM, "out of memory");
  run->ptr = malloc(sizeof *run->ptr * (size_t)(n + 1));
  if (run->lp->mode == RN_MODE_DOMINANT) {
    run->tie = malloc(sizeof *run->tie * (size_t)(n + 1));
    run->tie_bars = malloc(sizeof *run->tie_bars * (size_t)(n + 1));
    run->tie_share = malloc(sizeof *run->tie_share * (size_t)(n + 1));
  }
  if (!run->ptr || (run->lp->mode == RN_MODE_DOMINANT &&
                    (!run->tie || !run->tie_bars || !run->tie_share)))
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  else
    for (int64_t k = 0; k < run->ncand; k++) run->ptr[run->cand[k]] = -1;
  if (rc == RN_OK) rc = level_round(ctx, run, &snaps);
  if (rc == RN_OK && run->lp->cover_all) rc = cover_rest(ctx, run, &snaps);
  free(run->ptr);
  free(run->tie);
  free(run->tie_bars);
  free(run->tie_share);
  run->ptr = run->tie = run->tie_bars = NULL;
  run->tie_share = NULL;
  rn_bars_destroy(&run->bars);
  snaps_free(&snaps);
  return rc;
}

int rn_level_run_grow(rn_ctx_t *ctx, rn_level_run_t *run, rn_grow_fn grow, void *arg) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  int rc = RN_OK;
  int64_t *prev = NULL;
  rn_bars_init(&run->bars);
  rn_cores_init(&run->cores);
  /* the methods ask about any unit: bars for all */
  if (rn_bars_reset(&run->bars, n, NULL, 0) != RN_OK) return rn_error(ctx, RN_ENOMEM, "out of memory");
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
