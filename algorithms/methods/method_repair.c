/* Contiguity repair of a whole partition (leiden, louvain, infomap, dominant,
 * intramax without the adjacency constraint): the exclave search of
 * algorithms/README.md (contiguity.c) with every region's key as its core; instead of
 * growing again, each detached part moves as a whole to the adjacent region
 * it sends most flow to. Moving whole parts, not units one by one, keeps the
 * answer independent of unit order and ends in one more pass: a part only
 * joins a region through a member that region keeps. */
#include "methods_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  rn_mrun_t *mr;
  const int64_t *key0;
  const unsigned char *role0;
} repair_t;

/* One core group per region: its key. */
static int cores_from_keys(rn_ctx_t *ctx, rn_level_run_t *run) {
  int64_t n = run->pb->units->n, ng = 0;
  rn_cores_destroy(&run->cores);
  for (int64_t i = 0; i < n; i++) ng += run->key[i] == i;
  rn_cores_t *c = &run->cores;
  c->start = malloc(sizeof *c->start * (size_t)(ng + 2));
  c->unit = malloc(sizeof *c->unit * (size_t)(ng + 1));
  c->key = malloc(sizeof *c->key * (size_t)(ng + 1));
  if (!c->start || !c->unit || !c->key) return rn_error(ctx, RN_ENOMEM, "out of memory (repair)");
  for (int64_t i = 0, g = 0; i < n; i++)
    if (run->key[i] == i) {
      c->start[g] = g;
      c->unit[g] = c->key[g] = i;
      g++;
    }
  c->start[ng] = ng;
  c->ngroups = ng;
  return RN_OK;
}

/* Move every part barred from its region (found by rn_contiguity_exclaves). */
static int move_exclaves(rn_ctx_t *ctx, rn_level_run_t *run, repair_t *rp) {
  const rn_problem_t *pb = run->pb;
  const rn_adjacency_t *a = pb->adj;
  const rn_flows_t *f = pb->flows;
  int64_t n = pb->units->n, nc = 0;
  int rc = RN_OK;
  int64_t *group = calloc((size_t)n + 1, sizeof *group);
  int64_t *comp = malloc(sizeof *comp * (size_t)(n + 1));
  int64_t *start = calloc((size_t)n + 2, sizeof *start);
  int64_t *member = malloc(sizeof *member * (size_t)(n + 1));
  int64_t *target = malloc(sizeof *target * (size_t)(n + 1));
  double *flow = calloc((size_t)n + 1, sizeof *flow);
  double *border = calloc((size_t)n + 1, sizeof *border);
  unsigned char *touch = calloc((size_t)n + 1, 1);
  int64_t *touched = malloc(sizeof *touched * (size_t)(n + 1));
  if (!group || !comp || !start || !member || !target || !flow || !border || !touch || !touched) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (repair)");
    goto done;
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t k = run->key[i];
    group[i] = k >= 0 && rn_bars_has(&run->bars, i, k) ? k : -1;
  }
  if ((rc = rn_member_components(ctx, pb, group, comp, &nc)) != RN_OK) goto done;
  for (int64_t i = 0; i < n; i++)
    if (comp[i] >= 0) start[comp[i] + 1]++;
  for (int64_t c = 0; c < nc; c++) start[c + 1] += start[c];
  {
    int64_t *fill = malloc(sizeof *fill * (size_t)(nc + 1));
    if (!fill) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory (repair)");
      goto done;
    }
    memcpy(fill, start, sizeof *fill * (size_t)(nc + 1));
    for (int64_t i = 0; i < n; i++)
      if (comp[i] >= 0) member[fill[comp[i]]++] = i;
    free(fill);
  }
  for (int64_t c = 0; c < nc; c++) {
    int64_t nt = 0, best = -1;
    /* adjacent regions, through members they keep */
    for (int64_t m = start[c]; m < start[c + 1]; m++) {
      int64_t i = member[m];
      for (int64_t p = a->row[i]; p < a->row[i + 1]; p++) {
        int64_t j = a->col[p], kj = run->key[j];
        if (!(pb->queen || a->shared[p] > 0) || comp[j] >= 0 || kj < 0) continue;
        if (!touch[kj]) {
          touch[kj] = 1;
          touched[nt++] = kj;
        }
        border[kj] += a->shared[p];
      }
    }
    for (int64_t m = start[c]; m < start[c + 1]; m++) {
      int64_t i = member[m];
      for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
        int64_t j = f->col[p], kj = run->key[j];
        if (kj >= 0 && comp[j] < 0 && touch[kj]) flow[kj] += f->val[p];
      }
    }
    for (int64_t t = 0; t < nt; t++) {
      int64_t k = touched[t];
      int barred = 0;
      for (int64_t m = start[c]; m < start[c + 1] && !barred; m++)
        barred = rn_bars_has(&run->bars, member[m], k);
      if (!barred &&
          (best < 0 || flow[k] > flow[best] ||
           (flow[k] == flow[best] &&
            (border[k] > border[best] || (border[k] == border[best] && rn_better_unit(pb, k, best))))))
        best = k;
    }
    for (int64_t t = 0; t < nt; t++) {
      touch[touched[t]] = 0;
      flow[touched[t]] = border[touched[t]] = 0;
    }
    int own = best < 0;
    if (own)
      for (int64_t m = start[c]; m < start[c + 1]; m++)
        if (rn_better_unit(pb, member[m], best)) best = member[m];
    for (int64_t m = start[c]; m < start[c + 1] && rc == RN_OK; m++) {
      int64_t i = member[m];
      target[i] = best;
      char why[200];
      if (own)
        snprintf(why, sizeof why, "exclave part of %lld unit(s) touching no other region: "
                 "a region of its own", (long long)(start[c + 1] - start[c]));
      else
        snprintf(why, sizeof why, "exclave part of %lld unit(s) moved to the adjacent region %s "
                 "(largest flow from the part)", (long long)(start[c + 1] - start[c]),
                 pb->units->code[best]);
      rc = rn_decision_add(ctx, run, i, best, RN_DECISION_EXCLAVE, why);
    }
  }
  /* applied together: every part was decided against the regions as they were */
  for (int64_t i = 0; i < n; i++) {
    if (comp[i] < 0) continue;
    run->key[i] = target[i];
    run->role[i] = target[i] == i ? RN_ROLE_CORE : RN_ROLE_MEMBER;
  }
  (void)rp;
done:
  free(group);
  free(comp);
  free(start);
  free(member);
  free(target);
  free(flow);
  free(border);
  free(touch);
  free(touched);
  return rc;
}

static int repair_grow(rn_ctx_t *ctx, rn_level_run_t *run, const int64_t *prev_key, void *arg) {
  repair_t *rp = arg;
  int64_t n = run->pb->units->n;
  if (!prev_key) {
    memcpy(run->key, rp->key0, sizeof *run->key * (size_t)n);
    memcpy(run->role, rp->role0, (size_t)n);
  } else {
    int rc = move_exclaves(ctx, run, rp);
    if (rc != RN_OK) return rc;
  }
  return cores_from_keys(ctx, run);
}

int rn_partition_repair(rn_ctx_t *ctx, rn_mrun_t *mr, int level, int64_t *key,
                        unsigned char *role) {
  if (!mr->pb.adj) return RN_OK;
  int64_t n = mr->pb.units->n;
  rn_level_params_t lp;
  memset(&lp, 0, sizeof lp);
  snprintf(lp.name, sizeof lp.name, "%s", mr->method);
  int64_t *cand = malloc(sizeof *cand * (size_t)(n + 1));
  unsigned char *incand = malloc((size_t)n + 1);
  int64_t *key0 = malloc(sizeof *key0 * (size_t)(n + 1));
  unsigned char *role0 = malloc((size_t)n + 1);
  int rc = RN_OK;
  if (!cand || !incand || !key0 || !role0) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (repair)");
    goto done;
  }
  memcpy(key0, key, sizeof *key0 * (size_t)n);
  memcpy(role0, role, (size_t)n);
  repair_t rp = {.mr = mr, .key0 = key0, .role0 = role0};
  rn_level_run_t run;
  rn_mrun_level(mr, level, &lp, cand, incand, key, role, &run);
  rc = rn_level_run_grow(ctx, &run, repair_grow, &rp);
done:
  free(cand);
  free(incand);
  free(key0);
  free(role0);
  return rc;
}
