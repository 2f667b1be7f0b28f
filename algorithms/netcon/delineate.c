/* The hierarchy of levels (algorithms/README.md, "The hierarchy"): each level runs on the units no
 * earlier level took, or (nested) inside each earlier region. */
#include "algorithms/cluster_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rn_result_init(rn_result_t *r) { memset(r, 0, sizeof *r); }

void rn_level_result_destroy(rn_level_result_t *lr) {
  for (int64_t g = 0; g < lr->nregions; g++) {
    free(lr->regions[g].id);
    free(lr->regions[g].name);
    free(lr->regions[g].cores);
  }
  free(lr->regions);
  free(lr->region);
  free(lr->role);
  free(lr->share);
  memset(lr, 0, sizeof *lr);
}

void rn_result_destroy(rn_result_t *r) {
  for (int l = 0; l < r->nlevels; l++) rn_level_result_destroy(&r->level[l]);
  free(r->decisions);
  rn_groups_destroy(&r->groups);
  rn_balance_destroy(&r->balance);
  free(r->warnings);
  rn_result_init(r);
}

int rn_params_check(rn_ctx_t *ctx, const rn_params_t *p, int have_adj) {
  if (p->nlevels < 1 || p->nlevels > RN_MAX_LEVELS)
    return rn_error(ctx, RN_EPARAM, "between 1 and %d levels are needed", RN_MAX_LEVELS);
  for (int l = 0; l < p->nlevels; l++) {
    const rn_level_params_t *lp = &p->level[l];
    if (!(lp->theta > 0 && lp->theta <= 1))
      return rn_error(ctx, RN_EPARAM, "threshold %g of level %s is outside (0,1]", lp->theta,
                      lp->name);
    if (!(lp->min_mass >= 0))
      return rn_error(ctx, RN_EPARAM, "minimum mass of level %s must be >= 0", lp->name);
    if (!(lp->min_mass_share >= 0 && lp->min_mass_share <= 1))
      return rn_error(ctx, RN_EPARAM, "minimum mass share of level %s must be in [0%%,100%%]",
                      lp->name);
    if (lp->cores && lp->scope == RN_SCOPE_NESTED)
      return rn_error(ctx, RN_EPARAM, "level %s is nested: designated cores are not supported",
                      lp->name);
  }
  if (p->contiguity && !have_adj)
    return rn_error(ctx, RN_EPARAM, "contiguity 'enforce' needs the adjacency of the units");
  return RN_OK;
}

/* The denominator a run uses (`auto` resolved as algorithms/README.md says), recorded
 * in res, and its D_i. */
int rn_denominators_resolve(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f,
                            const rn_params_t *p, rn_result_t *res, double *denom) {
  res->denom = p->denom;
  if (res->denom == RN_DENOM_AUTO) res->denom = f->n_diag > 0 ? RN_DENOM_TOTAL : RN_DENOM_OUT;
  if (res->denom == RN_DENOM_FIELD)
    snprintf(res->denom_field, sizeof res->denom_field, "%s", p->denom_field);
  return rn_denominators(ctx, u, f, res->denom, res->denom_field, denom);
}

/* The group a unit belongs to at a nested level: its region at the latest
 * earlier level that put it in one (as "level*n + key"), or -1. */
static int64_t parent_group(int l, int64_t n, const int64_t *const *keys, int64_t i) {
  for (int e = l - 1; e >= 0; e--)
    if (keys[e][i] >= 0) return (int64_t)e * n + keys[e][i];
  return -1;
}

typedef struct {
  int64_t g, unit;
} gu_t;
static int cmp_gu(const void *a, const void *b) {
  const gu_t *x = a, *y = b;
  if (x->g != y->g) return x->g < y->g ? -1 : 1;
  return (x->unit > y->unit) - (x->unit < y->unit);
}

/* Level l of the hierarchy: reads keys[0..l-1] of the earlier levels, writes
 * keys[l] and role (per unit) and the level's regions; decisions appended. */
int rn_hierarchy_level(rn_ctx_t *ctx, const rn_problem_t *pb, const rn_level_params_t *lp_given,
                       int l, int64_t *const *keys, unsigned char *role, rn_decision_t **dec,
                       int64_t *ndec, int64_t *capdec, rn_level_result_t *out) {
  int64_t n = pb->units->n;
  int rc = RN_OK;
  /* the growth sees the number; a share is resolved here, once */
  rn_level_params_t lp_used = *lp_given;
  lp_used.min_mass = rn_level_min_mass(lp_given, pb->mass, n);
  const rn_level_params_t *lp = &lp_used;
  unsigned char *incand = calloc((size_t)n + 1, 1);
  gu_t *gu = malloc(sizeof *gu * (size_t)(n + 1));
  int64_t *cand = malloc(sizeof *cand * (size_t)(n + 1));
  if (!incand || !gu || !cand) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  for (int64_t i = 0; i < n; i++) keys[l][i] = -1;
  /* candidates grouped: one group of the untaken units, or one per parent region */
  int64_t m = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t g;
    if (lp->scope == RN_SCOPE_NESTED) {
      g = parent_group(l, n, (const int64_t *const *)keys, i);
    } else {
      g = 0;
      for (int e = 0; e < l; e++)
        if (keys[e][i] >= 0) g = -2; /* taken by an earlier level */
      if (g == -2) continue;
    }
    gu[m].g = g;
    gu[m].unit = i;
    m++;
  }
  int sorted = 1; /* one group (scope untaken) comes in unit order already */
  for (int64_t k = 1; k < m && sorted; k++) sorted = cmp_gu(&gu[k - 1], &gu[k]) < 0;
  if (!sorted) rn_qsort(gu, (size_t)m, sizeof *gu, cmp_gu);
  for (int64_t a = 0; a < m;) {
    int64_t b = a, nc = 0;
    while (b < m && gu[b].g == gu[a].g) {
      cand[nc++] = gu[b].unit;
      incand[gu[b].unit] = 1;
      b++;
    }
    rn_level_run_t run = {.pb = pb,
                          .lp = lp,
                          .level = l,
                          .ncand = nc,
                          .cand = cand,
                          .incand = incand,
                          .designated = lp->cores,
                          .key = keys[l],
                          .role = role,
                          .dec = dec,
                          .ndec = ndec,
                          .capdec = capdec};
    rc = rn_level_run(ctx, &run);
    for (int64_t k = 0; k < nc; k++) incand[cand[k]] = 0;
    if (rc != RN_OK) goto done;
    a = b;
  }
  rc = rn_regions_finish(ctx, pb, keys[l], role, lp, out);
  if (rc == RN_OK) out->min_mass = lp->min_mass;
done:
  free(incand);
  free(gu);
  free(cand);
  return rc;
}

int rn_delineate(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                 const rn_adjacency_t *adj, const rn_params_t *p, rn_result_t *res) {
  int64_t n = units->n;
  int rc;
  rn_result_init(res);
  if (flows->n != n)
    return rn_error(ctx, RN_EPARAM, "flows are for %lld units, not %lld", (long long)flows->n,
                    (long long)n);
  if ((rc = rn_params_check(ctx, p, adj != NULL)) != RN_OK) return rc;
  double *denom = malloc(sizeof *denom * (size_t)(n + 1));
  int64_t *keys[RN_MAX_LEVELS] = {0};
  unsigned char *roles[RN_MAX_LEVELS] = {0};
  int64_t capdec = 0;
  rn_ties_t ties = {0};
  if (!denom) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = rn_denominators_resolve(ctx, units, flows, p, res, denom)) != RN_OK) goto done;
  rn_problem_t pb = rn_problem_make(units, flows, adj, p, denom);
  /* the flows that can meet a threshold, found once for every level */
  double theta = 1;
  for (int l = 0; l < p->nlevels; l++) theta = fmin(theta, p->level[l].theta);
  if ((rc = rn_ties_build(ctx, &pb, theta, &ties)) != RN_OK) goto done;
  pb.ties_start = ties.start;
  pb.ties = ties.unit;
  pb.ties_share = ties.share;
  res->nlevels = p->nlevels;
  for (int l = 0; l < p->nlevels; l++) {
    const rn_level_params_t *lp = &p->level[l];
    keys[l] = malloc(sizeof(int64_t) * (size_t)(n + 1));
    roles[l] = calloc((size_t)n + 1, 1);
    if (!keys[l] || !roles[l]) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      goto done;
    }
    for (int64_t i = 0; i < n; i++) keys[l][i] = -1;
    if ((rc = rn_hierarchy_level(ctx, &pb, lp, l, keys, roles[l], &res->decisions,
                                 &res->ndecisions, &capdec, &res->level[l])) != RN_OK)
      goto done;
    if (!rn_progress(ctx, (l + 1.0) / p->nlevels, lp->name)) {
      rc = rn_error(ctx, RN_EINTERRUPT, "interrupted");
      goto done;
    }
  }
  /* decisions name regions by index, now that the levels are final */
  for (int64_t d = 0; d < res->ndecisions; d++) {
    rn_decision_t *dc = &res->decisions[d];
    int64_t key = dc->region;
    const rn_level_result_t *lr = &res->level[dc->level];
    dc->region = key >= 0 && keys[dc->level][key] == key ? lr->region[key] : -1;
  }
  if (!p->partition_only) rc = rn_result_warnings(ctx, units, flows, p, res);
done:
  for (int l = 0; l < RN_MAX_LEVELS; l++) {
    free(keys[l]);
    free(roles[l]);
  }
  free(denom);
  rn_ties_free(&ties);
  if (rc != RN_OK) rn_result_destroy(res);
  return rc;
}
