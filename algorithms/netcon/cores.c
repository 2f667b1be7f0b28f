/* Cores of a level: designated groups ("11;21+26") or rule cores merged into
 * polycentric cores when one sends the other a share >= theta (transitively). */
#include "algorithms/cluster_internal.h"

#include <stdlib.h>
#include <string.h>

void rn_cores_init(rn_cores_t *c) { memset(c, 0, sizeof *c); }

void rn_cores_destroy(rn_cores_t *c) {
  free(c->start);
  free(c->unit);
  free(c->key);
  rn_cores_init(c);
}

int64_t rn_uf_find(int64_t *uf, int64_t x) {
  while (uf[x] != x) {
    uf[x] = uf[uf[x]];
    x = uf[x];
  }
  return x;
}

static void uf_union(int64_t *uf, int64_t a, int64_t b) {
  a = rn_uf_find(uf, a);
  b = rn_uf_find(uf, b);
  if (a == b) return;
  /* the smaller index becomes the root: no dependence on visiting order */
  if (a < b) uf[b] = a;
  else uf[a] = b;
}

int rn_cores_from_sets(rn_ctx_t *ctx, const rn_problem_t *pb, const int64_t *cand, int64_t ncand,
                       const unsigned char *is_core, int64_t *uf, rn_cores_t *out) {
  rn_cores_destroy(out);
  int64_t n = pb->units->n, ncore = 0;
  for (int64_t k = 0; k < ncand; k++)
    if (is_core[cand[k]]) ncore++;
  int64_t *gid = malloc(sizeof *gid * (size_t)(n + 1));
  out->unit = malloc(sizeof *out->unit * (size_t)(ncore + 1));
  out->start = malloc(sizeof *out->start * (size_t)(ncore + 2));
  out->key = malloc(sizeof *out->key * (size_t)(ncore + 1));
  if (!gid || !out->unit || !out->start || !out->key) {
    free(gid);
    return rn_error(ctx, RN_ENOMEM, "out of memory (cores)");
  }
  /* groups numbered in order of their root (smallest unit index) */
  int64_t ng = 0;
  for (int64_t k = 0; k < ncand; k++) {
    int64_t i = cand[k];
    if (is_core[i] && rn_uf_find(uf, i) == i) gid[i] = ng++;
  }
  int64_t *cnt = calloc((size_t)ng + 2, sizeof *cnt);
  if (!cnt) {
    free(gid);
    return rn_error(ctx, RN_ENOMEM, "out of memory (cores)");
  }
  for (int64_t k = 0; k < ncand; k++)
    if (is_core[cand[k]]) cnt[gid[rn_uf_find(uf, cand[k])] + 1]++;
  for (int64_t g = 0; g < ng; g++) cnt[g + 1] += cnt[g];
  memcpy(out->start, cnt, sizeof *cnt * (size_t)(ng + 1));
  for (int64_t k = 0; k < ncand; k++) {
    int64_t i = cand[k];
    if (is_core[i]) out->unit[cnt[gid[rn_uf_find(uf, i)]]++] = i;
  }
  for (int64_t g = 0; g < ng; g++) {
    int64_t best = -1;
    for (int64_t p = out->start[g]; p < out->start[g + 1]; p++)
      if (rn_better_unit(pb, out->unit[p], best)) best = out->unit[p];
    out->key[g] = best;
  }
  out->ngroups = ng;
  free(cnt);
  free(gid);
  return RN_OK;
}

/* Neighbours on the map (rook, or queen when asked). */
static int neighbours(const rn_problem_t *pb, int64_t a, int64_t b) {
  const rn_adjacency_t *adj = pb->adj;
  for (int64_t p = adj->row[a]; p < adj->row[a + 1]; p++)
    if (adj->col[p] == b) return pb->queen || adj->shared[p] > 0;
  return 0;
}

/* Two rule cores merge by the flow rule alone, whether they touch or not:
 * under contiguity `enforce` a group its grown region does not connect is
 * split afterwards (rn_contiguity_split). */
int rn_cores_rule_merge(rn_ctx_t *ctx, rn_level_run_t *run, const unsigned char *is_core,
                        rn_cores_t *out) {
  const rn_problem_t *pb = run->pb;
  const rn_flows_t *f = pb->flows;
  int64_t n = pb->units->n;
  int64_t *uf = malloc(sizeof *uf * (size_t)(n + 1));
  if (!uf) return rn_error(ctx, RN_ENOMEM, "out of memory (cores)");
  for (int64_t k = 0; k < run->ncand; k++) uf[run->cand[k]] = run->cand[k]; /* only candidates merge */
  for (int64_t k = 0; k < run->ncand; k++) {
    int64_t a = run->cand[k];
    if (!is_core[a]) continue;
    if (pb->ties) { /* only strong ties can meet theta */
      for (int64_t q = pb->ties_start[a]; q < pb->ties_start[a + 1]; q++) {
        int64_t b = pb->ties[q];
        if (run->incand[b] && is_core[b] && rn_meets(pb->ties_share[q], run->lp->theta))
          uf_union(uf, a, b);
      }
      continue;
    }
    for (int64_t p = f->row[a]; p < f->row[a + 1]; p++) {
      int64_t b = f->col[p];
      if (run->incand[b] && is_core[b] && rn_meets(rn_share(pb, a, f->val[p]), run->lp->theta))
        uf_union(uf, a, b);
    }
  }
  int rc = rn_cores_from_sets(ctx, pb, run->cand, run->ncand, is_core, uf, out);
  free(uf);
  return rc;
}

int rn_cores_rule(rn_ctx_t *ctx, rn_level_run_t *run) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  int rc = RN_OK;
  unsigned char *is_core = calloc((size_t)n + 1, 1);
  int64_t *ptr = NULL;
  double *M = NULL;
  if (!is_core) return rn_error(ctx, RN_ENOMEM, "out of memory (cores)");
  if (run->lp->mode == RN_MODE_DOMINANT) {
    /* the roots of the strongest-tie forest, as growth will draw it */
    ptr = malloc(sizeof *ptr * (size_t)(n + 1));
    M = malloc(sizeof *M * (size_t)(n + 1));
    if (!ptr || !M) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory (cores)");
      goto done;
    }
    rn_dominance_mass(run, M);
    for (int64_t k = 0; k < run->ncand; k++) ptr[run->cand[k]] = rn_dominant_pointer(run, M, run->cand[k]);
    if (pb->dominance_any && (rc = rn_cut_cycles(ctx, run, ptr)) != RN_OK) goto done;
    for (int64_t k = 0; k < run->ncand; k++) {
      int64_t i = run->cand[k];
      is_core[i] = ptr[i] < 0 && pb->mass[i] >= run->lp->min_mass;
    }
  } else {
    rn_chain_rule_cores(run, is_core);
  }
  rc = rn_cores_rule_merge(ctx, run, is_core, &run->cores);
done:
  free(is_core);
  free(ptr);
  free(M);
  return rc;
}

/* A designated polycentric core whose units do not touch (through each
 * other) makes a region that cannot be contiguous: say so, as the user chose it. */
static void warn_apart(rn_ctx_t *ctx, const rn_level_run_t *run, const rn_cores_t *c) {
  const rn_problem_t *pb = run->pb;
  for (int64_t g = 0; g < c->ngroups; g++) {
    int64_t a = c->start[g], b = c->start[g + 1];
    if (b - a < 2) continue;
    /* grow the set reached from the first core until nothing changes */
    unsigned char reached[64] = {1};
    if (b - a > 64) continue;
    for (int changed = 1; changed;) {
      changed = 0;
      for (int64_t x = a; x < b; x++)
        for (int64_t y = a; y < b; y++)
          if (reached[x - a] && !reached[y - a] && neighbours(pb, c->unit[x], c->unit[y]))
            reached[y - a] = 1, changed = 1;
    }
    for (int64_t x = a; x < b; x++)
      if (!reached[x - a]) {
        rn_report(ctx,
                  "level %s: the designated cores of %s are not neighbours (%s): its region "
                  "cannot be contiguous",
                  run->lp->name, pb->units->code[c->key[g]], pb->units->code[c->unit[x]]);
        break;
      }
  }
}

/* "11;21+26;22": groups split at ';' (or ','), codes within a group at '+'. */
int rn_cores_designated(rn_ctx_t *ctx, rn_level_run_t *run, rn_cores_t *out) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  unsigned char *is_core = calloc((size_t)n + 1, 1);
  int64_t *uf = malloc(sizeof *uf * (size_t)(n + 1));
  char *spec = strdup(run->designated);
  if (!is_core || !uf || !spec) {
    free(is_core);
    free(uf);
    free(spec);
    return rn_error(ctx, RN_ENOMEM, "out of memory (cores)");
  }
  for (int64_t i = 0; i < n; i++) uf[i] = i;
  int rc = RN_OK;
  char *gsave = NULL;
  int64_t ncore = 0;
  for (char *grp = strtok_r(spec, ";,", &gsave); grp && rc == RN_OK;
       grp = strtok_r(NULL, ";,", &gsave)) {
    char *csave = NULL;
    int64_t first = -1;
    for (char *code = strtok_r(grp, "+", &csave); code; code = strtok_r(NULL, "+", &csave)) {
      const char *c = code; /* the rule for codes: blanks around are trimmed */
      size_t len = rn_code_trim(&c, strlen(code));
      code = (char *)c;
      code[len] = 0;
      if (!len) continue;
      int64_t i = rn_units_find(pb->units, code);
      if (i < 0) {
        char hint[240];
        rn_code_hint(pb->units->code, n, code, len, hint, sizeof hint);
        rc = rn_error(ctx, RN_EPARAM, "designated core '%s' (level %s) is not a unit code%s",
                      code, run->lp->name, hint);
        break;
      }
      if (!run->incand[i]) {
        rc = rn_error(ctx, RN_EPARAM,
                      "designated core '%s' (level %s) is not a candidate of this level "
                      "(already in a region of an earlier level)",
                      code, run->lp->name);
        break;
      }
      if (is_core[i]) {
        rc = rn_error(ctx, RN_EPARAM, "designated core '%s' (level %s) is named twice", code,
                      run->lp->name);
        break;
      }
      is_core[i] = 1;
      ncore++;
      if (first < 0) first = i;
      else uf_union(uf, first, i);
    }
  }
  if (rc == RN_OK && ncore == 0)
    rc = rn_error(ctx, RN_EPARAM, "no designated cores in '%s' (level %s)", run->designated,
                  run->lp->name);
  if (rc == RN_OK) rc = rn_cores_from_sets(ctx, pb, run->cand, run->ncand, is_core, uf, out);
  if (rc == RN_OK && pb->contiguity && pb->adj) warn_apart(ctx, run, out);
  free(is_core);
  free(uf);
  free(spec);
  return rc;
}
