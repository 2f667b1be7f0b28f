/* US OMB core-based statistical areas and combined areas (algorithms/README.md,
 * `cbsa`, after OMB's 2010 standards).
 *
 * Centres: units with a non-zero central-field. With area-field, central
 * units sharing its value form one area's centre (area-field alone: units
 * with a non-zero value are central). Without it, rook-connected central
 * units form one centre (counties of one urbanized area touch), and without
 * adjacency (contiguity ignore) every central unit is a centre of its own.
 *
 * Outlying units (shares to central units only: no chaining): unit i joins
 * area a when T(i -> centre a)/E_i >= threshold or T(centre a -> i)/J_i >=
 * threshold, E = employed-field else O_i, J = jobs-field else I_i; it joins
 * the area of the largest of these two shares (OMB: "the strongest tie as
 * measured by either"), ties to the larger principal mass. Contiguity as
 * algorithms/README.md (exclaves barred and tried on their next area; enclaves in).
 *
 * Merging (OMB §5: "two adjacent CBSAs merge when the central counties of
 * one, as a group, qualify as outlying to the central counties of the
 * other"): both tests on the centre groups, only between areas that touch
 * (any pair without adjacency); repeated (outlying units re-decided against
 * the merged centres) until no pair qualifies.
 *
 * Combined areas (second level `csa`): adjacent areas with employment
 * interchange T(S->L)/E(S) + T(L->S)/J(S) >= csa-threshold (0.15), S the
 * area of smaller mass; transitively. As with OMB, a CSA has at least two
 * CBSAs; units of uncombined areas are in no CSA. A CSA is keyed by its
 * largest area's principal unit; its cores are the areas' principal units. */
#include "methods_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const cbsa_options[] = {"threshold", "central-field", "area-field",
                                           "employed-field", "jobs-field", "csa-threshold",
                                           NULL};

typedef struct {
  int64_t a, b;
  double v;
} pair_t;

static int cmp_pair(const void *x, const void *y) {
  const pair_t *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  if (p->b != q->b) return p->b < q->b ? -1 : 1;
  return 0;
}

/* Sort and sum duplicates; returns the new length. */
static int64_t pairs_combine(pair_t *p, int64_t m) {
  if (m == 0) return 0;
  rn_qsort(p, (size_t)m, sizeof *p, cmp_pair);
  int64_t w = 0;
  for (int64_t r = 1; r < m; r++) {
    if (p[r].a == p[w].a && p[r].b == p[w].b) p[w].v += p[r].v;
    else p[++w] = p[r];
  }
  return w + 1;
}

static double pairs_get(const pair_t *p, int64_t m, int64_t a, int64_t b) {
  pair_t k = {a, b, 0};
  const pair_t *h = bsearch(&k, p, (size_t)m, sizeof *p, cmp_pair);
  return h ? h->v : 0;
}

/* Flows between groups grp[i] (>= 0) as combined (a, b, T) triples, a != b. */
static int group_flows(rn_ctx_t *ctx, const rn_flows_t *f, const int64_t *grp, pair_t **out,
                       int64_t *m) {
  pair_t *p = malloc(sizeof *p * (size_t)(f->nnz + 1));
  if (!p) return rn_error(ctx, RN_ENOMEM, "out of memory (cbsa)");
  int64_t k = 0;
  for (int64_t i = 0; i < f->n; i++)
    for (int64_t q = f->row[i]; q < f->row[i + 1]; q++) {
      int64_t a = grp[i], b = grp[f->col[q]];
      if (a >= 0 && b >= 0 && a != b) p[k++] = (pair_t){a, b, f->val[q]};
    }
  *m = pairs_combine(p, k);
  *out = p;
  return RN_OK;
}

/* Pairs (a < b) of groups that touch on the map, combined (v unused). */
static int group_touch(rn_ctx_t *ctx, const rn_problem_t *pb, const int64_t *grp, pair_t **out,
                       int64_t *m) {
  const rn_adjacency_t *a = pb->adj;
  pair_t *p = malloc(sizeof *p * (size_t)(a->row[a->n] + 1));
  if (!p) return rn_error(ctx, RN_ENOMEM, "out of memory (cbsa)");
  int64_t k = 0;
  for (int64_t i = 0; i < a->n; i++)
    for (int64_t q = a->row[i]; q < a->row[i + 1]; q++) {
      int64_t x = grp[i], y = grp[a->col[q]];
      if ((pb->queen || a->shared[q] > 0) && x >= 0 && y >= 0 && x < y) p[k++] = (pair_t){x, y, 0};
    }
  *m = pairs_combine(p, k);
  *out = p;
  return RN_OK;
}

static void uf_join(int64_t *uf, int64_t a, int64_t b) {
  a = rn_uf_find(uf, a);
  b = rn_uf_find(uf, b);
  if (a < b) uf[b] = a;
  else if (b < a) uf[a] = b;
}

typedef struct {
  rn_mrun_t *mr;
  const double *jobs;
  double theta;
  unsigned char *is_centre;
  int64_t *uf;
  int64_t *grp;  /* scratch: per unit */
  double *sumE, *sumJ, *mass;
} cbsa_t;

/* One merge round: pairs of touching areas whose centre groups qualify as
 * outlying to each other. Returns the number of unions made. */
static int merge_round(rn_ctx_t *ctx, cbsa_t *c, const int64_t *key, int64_t *nmerged) {
  const rn_problem_t *pb = &c->mr->pb;
  int64_t n = pb->units->n, mf = 0, mt = 0;
  pair_t *fl = NULL, *touch = NULL, *join = NULL;
  int64_t nj = 0;
  int rc;
  *nmerged = 0;
  /* centre group of each centre unit (its union-find root) */
  for (int64_t i = 0; i < n; i++) {
    c->grp[i] = c->is_centre[i] ? rn_uf_find(c->uf, i) : -1;
    c->sumE[i] = c->sumJ[i] = 0;
  }
  for (int64_t i = 0; i < n; i++)
    if (c->grp[i] >= 0) {
      c->sumE[c->grp[i]] += pb->denom[i];
      c->sumJ[c->grp[i]] += c->jobs[i];
    }
  if ((rc = group_flows(ctx, pb->flows, c->grp, &fl, &mf)) != RN_OK) goto done;
  if (pb->adj) {
    /* areas as they stand, named by their centre group */
    for (int64_t i = 0; i < n; i++) c->grp[i] = key[i] >= 0 ? rn_uf_find(c->uf, key[i]) : -1;
    if ((rc = group_touch(ctx, pb, c->grp, &touch, &mt)) != RN_OK) goto done;
  }
  join = malloc(sizeof *join * (size_t)(mf + 1));
  if (!join) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (cbsa)");
    goto done;
  }
  for (int64_t k = 0; k < mf; k++) {
    int64_t a = fl[k].a, b = fl[k].b; /* centres of a send fl[k].v to centres of b */
    pair_t ab = {a < b ? a : b, a < b ? b : a, 0};
    if (pb->adj && !bsearch(&ab, touch, (size_t)mt, sizeof *touch, cmp_pair)) continue;
    /* a's centres outlying to b's by residence (residents of a working in
     * b), or b's centres outlying to a's by jobs (jobs in b held by residents
     * of a); the reverse pair is the same test the other way round */
    int q = (c->sumE[a] > 0 && rn_meets(fl[k].v / c->sumE[a], c->theta)) ||
            (c->sumJ[b] > 0 && rn_meets(fl[k].v / c->sumJ[b], c->theta));
    if (q) join[nj++] = (pair_t){a, b, fl[k].v};
  }
  for (int64_t k = 0; k < nj; k++) {
    if (rn_uf_find(c->uf, join[k].a) != rn_uf_find(c->uf, join[k].b)) (*nmerged)++;
    rn_report(ctx, "cbsa: the centres of %s and %s merge (%s's central residents or jobs tie "
              "them at >= %g)", pb->units->code[join[k].a], pb->units->code[join[k].b],
              pb->units->code[join[k].a], c->theta);
    uf_join(c->uf, join[k].a, join[k].b);
  }
done:
  free(fl);
  free(touch);
  free(join);
  return rc;
}

/* Combined areas from the final areas (keys). */
static int combine(rn_ctx_t *ctx, cbsa_t *c, double csa_theta, const int64_t *key, int64_t *ckey,
                   unsigned char *crole) {
  const rn_problem_t *pb = &c->mr->pb;
  int64_t n = pb->units->n, mf = 0, mt = 0;
  pair_t *fl = NULL, *touch = NULL;
  int64_t *uf = malloc(sizeof *uf * (size_t)(n + 1));
  int64_t *size = calloc((size_t)n + 1, sizeof *size);
  int64_t *best = malloc(sizeof *best * (size_t)(n + 1));
  int rc = RN_OK;
  if (!uf || !size || !best) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (csa)");
    goto done;
  }
  for (int64_t i = 0; i < n; i++) {
    uf[i] = i;
    c->sumE[i] = c->sumJ[i] = c->mass[i] = 0;
  }
  for (int64_t i = 0; i < n; i++)
    if (key[i] >= 0) {
      c->sumE[key[i]] += pb->denom[i];
      c->sumJ[key[i]] += c->jobs[i];
      c->mass[key[i]] += pb->mass[i];
    }
  if ((rc = group_flows(ctx, pb->flows, key, &fl, &mf)) != RN_OK) goto done;
  if (pb->adj && (rc = group_touch(ctx, pb, key, &touch, &mt)) != RN_OK) goto done;
  for (int64_t k = 0; k < mf; k++) {
    int64_t a = fl[k].a, b = fl[k].b;
    if (a > b) continue; /* each unordered pair once */
    if (pb->adj && !bsearch(&(pair_t){a, b, 0}, touch, (size_t)mt, sizeof *touch, cmp_pair))
      continue;
    /* S: the smaller area (mass), ties: the one with the worse principal unit */
    int a_small = c->mass[a] < c->mass[b] || (c->mass[a] == c->mass[b] && rn_better_unit(pb, b, a));
    int64_t s = a_small ? a : b, l = a_small ? b : a;
    double eim = (c->sumE[s] > 0 ? pairs_get(fl, mf, s, l) / c->sumE[s] : 0) +
                 (c->sumJ[s] > 0 ? pairs_get(fl, mf, l, s) / c->sumJ[s] : 0);
    if (rn_meets(eim, csa_theta)) {
      rn_report(ctx, "csa: %s and %s combine (employment interchange %.1f%%)", pb->units->code[s],
                pb->units->code[l], 100 * eim);
      uf_join(uf, a, b);
    }
  }
  for (int64_t i = 0; i < n; i++) best[i] = -1;
  for (int64_t k = 0; k < n; k++) {
    if (key[k] != k) continue;
    int64_t r = rn_uf_find(uf, k);
    size[r]++;
    if (best[r] < 0 || c->mass[k] > c->mass[best[r]] ||
        (c->mass[k] == c->mass[best[r]] && rn_better_unit(pb, k, best[r])))
      best[r] = k;
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t r = key[i] >= 0 ? rn_uf_find(uf, key[i]) : -1;
    ckey[i] = r >= 0 && size[r] >= 2 ? best[r] : -1;
    crole[i] = ckey[i] < 0 ? RN_ROLE_NONE : key[i] == i ? RN_ROLE_CORE : RN_ROLE_MEMBER;
  }
done:
  free(fl);
  free(touch);
  free(uf);
  free(size);
  free(best);
  return rc;
}

int rn_method_cbsa(rn_ctx_t *ctx, const rn_method_input_t *in, char **options, rn_params_t *used,
                   rn_result_t *out) {
  const char *M = "cbsa";
  const rn_units_t *u = in->units;
  rn_mrun_t mr;
  int emp, jf, cf, af, rc;
  double theta, csa_theta;
  rn_result_init(out);
  memset(&mr, 0, sizeof mr);
  if ((rc = rn_mopt_field(ctx, M, options, "employed-field", u, 1, &emp)) != RN_OK) return rc;
  if ((rc = rn_mrun_init(ctx, M, in, options, cbsa_options, emp, out, &mr)) != RN_OK) goto fail;
  if ((rc = rn_mopt_field(ctx, M, options, "jobs-field", u, 1, &jf)) != RN_OK) goto fail;
  if ((rc = rn_mopt_field(ctx, M, options, "central-field", u, 0, &cf)) != RN_OK) goto fail;
  if ((rc = rn_mopt_field(ctx, M, options, "area-field", u, 0, &af)) != RN_OK) goto fail;
  if ((rc = rn_mopt_double(ctx, M, options, "threshold", 0.25, 1e-9, 1, &theta)) != RN_OK) goto fail;
  if ((rc = rn_mopt_double(ctx, M, options, "csa-threshold", 0.15, 1e-9, 2, &csa_theta)) != RN_OK)
    goto fail;
  if (cf < 0 && af < 0) {
    rc = rn_error(ctx, RN_EPARAM, "cbsa needs its central units: give --central-field (or --area-field)");
    goto fail;
  }
  const rn_problem_t *pb = &mr.pb;
  int64_t n = u->n;
  cbsa_t c = {.mr = &mr, .jobs = jf >= 0 ? u->attr[jf] : in->flows->in, .theta = theta};
  rn_inflows_t inflows = {0};
  c.is_centre = calloc((size_t)n + 1, 1);
  c.uf = malloc(sizeof *c.uf * (size_t)(n + 1));
  c.grp = malloc(sizeof *c.grp * (size_t)(n + 1));
  c.sumE = malloc(sizeof *c.sumE * (size_t)(n + 1));
  c.sumJ = malloc(sizeof *c.sumJ * (size_t)(n + 1));
  c.mass = malloc(sizeof *c.mass * (size_t)(n + 1));
  int64_t *key[2] = {malloc(sizeof(int64_t) * (size_t)(n + 1)), malloc(sizeof(int64_t) * (size_t)(n + 1))};
  unsigned char *role[2] = {calloc((size_t)n + 1, 1), calloc((size_t)n + 1, 1)};
  int64_t *cand = malloc(sizeof *cand * (size_t)(n + 1));
  unsigned char *incand = malloc((size_t)n + 1);
  if (!c.is_centre || !c.uf || !c.grp || !c.sumE || !c.sumJ || !c.mass || !key[0] || !key[1] ||
      !role[0] || !role[1] || !cand || !incand) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = rn_inflows_build(ctx, in->flows, &inflows)) != RN_OK) goto done;
  int64_t ncentral = 0;
  for (int64_t i = 0; i < n; i++) {
    double v = cf >= 0 ? u->attr[cf][i] : u->attr[af][i];
    c.is_centre[i] = v != 0 && !isnan(v);
    ncentral += c.is_centre[i];
    c.uf[i] = i;
  }
  if (af >= 0) {
    /* one centre per area value: sort the central units by value */
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++)
      if (c.is_centre[i]) cand[m++] = i;
    pair_t *pv = malloc(sizeof *pv * (size_t)(m + 1));
    if (!pv) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      goto done;
    }
    for (int64_t k = 0; k < m; k++) {
      double v = u->attr[af][cand[k]];
      /* values as bit-exact keys: areas are codes stored as numbers */
      pv[k] = (pair_t){isnan(v) ? INT64_MIN : (int64_t)llround(v * 1e6), cand[k], v};
    }
    rn_qsort(pv, (size_t)m, sizeof *pv, cmp_pair);
    for (int64_t k = 1; k < m; k++)
      if (pv[k].a == pv[k - 1].a) uf_join(c.uf, pv[k].b, pv[k - 1].b);
    free(pv);
  } else if (pb->adj) {
    const rn_adjacency_t *a = pb->adj;
    for (int64_t i = 0; i < n; i++)
      for (int64_t p = a->row[i]; p < a->row[i + 1]; p++)
        if (c.is_centre[i] && c.is_centre[a->col[p]] && (pb->queen || a->shared[p] > 0))
          uf_join(c.uf, i, a->col[p]);
  }
  rn_mlevel(used, 0, M, theta);
  rn_report(ctx, "cbsa: %lld central units, threshold %g, combined areas at %g", (long long)ncentral,
            theta, csa_theta);
  rn_centres_t cs = {.is_centre = c.is_centre, .uf = c.uf, .jobs = c.jobs, .inflows = &inflows,
                     .theta = theta};
  for (int round = 0;; round++) {
    rn_level_run_t run;
    rn_mrun_level(&mr, 0, &used->level[0], cand, incand, key[0], role[0], &run);
    /* decisions of earlier rounds describe areas that merged since: keep the last round's */
    out->ndecisions = 0;
    if ((rc = rn_level_run_grow(ctx, &run, rn_grow_centres, &cs)) != RN_OK) goto done;
    int64_t merged;
    if ((rc = merge_round(ctx, &c, key[0], &merged)) != RN_OK) goto done;
    if (!merged) break;
    if (round > n) {
      rc = rn_error(ctx, RN_EINTERNAL, "cbsa: merging did not end");
      goto done;
    }
  }
  if (!(used->level[0].cores = rn_centres_spec(pb, c.is_centre, c.uf))) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  int64_t nsplit;
  if ((rc = rn_split_disconnected(ctx, &mr, key[0], role[0], &nsplit)) != RN_OK) goto done;
  if ((rc = rn_mrun_finish_level(ctx, &mr, 0, used, key[0], role[0])) != RN_OK) goto done;
  rn_mlevel(used, 1, "csa", csa_theta);
  if ((rc = combine(ctx, &c, csa_theta, key[0], key[1], role[1])) != RN_OK) goto done;
  if ((rc = rn_mrun_finish_level(ctx, &mr, 1, used, key[1], role[1])) != RN_OK) goto done;
  rn_mrun_decisions_done(&mr);
done:
  rn_inflows_destroy(&inflows);
  free(c.is_centre);
  free(c.uf);
  free(c.grp);
  free(c.sumE);
  free(c.sumJ);
  free(c.mass);
  free(key[0]);
  free(key[1]);
  free(role[0]);
  free(role[1]);
  free(cand);
  free(incand);
fail:
  rn_mrun_destroy(&mr);
  if (rc != RN_OK) rn_result_destroy(out);
  return rc;
}
