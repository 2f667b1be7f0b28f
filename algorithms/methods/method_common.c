/* What the alternative methods share: options, the problem they see, levels
 * and decisions in the result, keys from a labelled partition. */
#include "methods_internal.h"

#include <cpl_string.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int rn_mrun_init(rn_ctx_t *ctx, const char *method, const rn_method_input_t *in, char **options,
                 const char *const *allowed, int employed_attr, rn_result_t *out, rn_mrun_t *mr) {
  memset(mr, 0, sizeof *mr);
  mr->method = method;
  mr->out = out;
  rn_result_init(out);
  const rn_units_t *u = in->units;
  const rn_flows_t *f = in->flows;
  if (f->n != u->n)
    return rn_error(ctx, RN_EPARAM, "%s: flows are for %lld units, not %lld", method,
                    (long long)f->n, (long long)u->n);
  if (in->contiguity && !in->adj)
    return rn_error(ctx, RN_EPARAM, "%s: contiguity 'enforce' needs the adjacency of the units",
                    method);
  /* an option the method does not use is a mistake worth stopping for (e.g.
   * --regions given to leiden): the run would silently ignore it */
  for (char **o = options; o && *o; o++) {
    const char *eq = strchr(*o, '=');
    size_t len = eq ? (size_t)(eq - *o) : strlen(*o);
    int ok = 0;
    for (const char *const *a = allowed; *a && !ok; a++) ok = strlen(*a) == len && !strncmp(*a, *o, len);
    if (!ok) return rn_error(ctx, RN_EPARAM, "option '%.*s' does not apply to method %s", (int)len, *o, method);
  }
  mr->denom = malloc(sizeof *mr->denom * (size_t)(u->n + 1));
  if (!mr->denom) return rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; i < u->n; i++) mr->denom[i] = employed_attr >= 0 ? u->attr[employed_attr][i] : f->out[i];
  out->denom = employed_attr >= 0 ? RN_DENOM_FIELD : RN_DENOM_TOTAL;
  if (employed_attr >= 0)
    snprintf(out->denom_field, sizeof out->denom_field, "%s", u->attr_name[employed_attr]);
  mr->pb = (rn_problem_t){.units = u,
                          .flows = f,
                          .adj = in->contiguity ? in->adj : NULL,
                          .denom = mr->denom,
                          .mass = u->mass ? u->mass : f->in,
                          .queen = in->queen,
                          .contiguity = in->contiguity};
  return RN_OK;
}

void rn_mrun_destroy(rn_mrun_t *mr) {
  free(mr->denom);
  mr->denom = NULL;
}

int rn_mopt_double(rn_ctx_t *ctx, const char *method, char **options, const char *key, double def,
                   double lo, double hi, double *out) {
  const char *s = CSLFetchNameValue(options, key);
  *out = def;
  if (!s) return RN_OK;
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || !isfinite(v))
    return rn_error(ctx, RN_EPARAM, "%s: %s '%s' is not a number", method, key, s);
  if (v < lo || v > hi)
    return rn_error(ctx, RN_EPARAM, "%s: %s %g is outside [%g, %g]", method, key, v, lo, hi);
  *out = v;
  return RN_OK;
}

int rn_mopt_int(rn_ctx_t *ctx, const char *method, char **options, const char *key, long def,
                long lo, long hi, long *out) {
  const char *s = CSLFetchNameValue(options, key);
  *out = def;
  if (!s) return RN_OK;
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end) return rn_error(ctx, RN_EPARAM, "%s: %s '%s' is not an integer", method, key, s);
  if (v < lo || v > hi)
    return rn_error(ctx, RN_EPARAM, "%s: %s %ld is outside [%ld, %ld]", method, key, v, lo, hi);
  *out = v;
  return RN_OK;
}

int rn_mopt_field(rn_ctx_t *ctx, const char *method, char **options, const char *key,
                  const rn_units_t *u, int nonneg, int *out) {
  const char *name = CSLFetchNameValue(options, key);
  *out = -1;
  if (!name) return RN_OK;
  int k = rn_units_attr(u, name);
  if (k < 0)
    return rn_error(ctx, RN_EPARAM, "%s: %s '%s' was not loaded as a unit attribute", method, key,
                    name);
  for (int64_t i = 0; nonneg && i < u->n; i++)
    if (!(u->attr[k][i] >= 0) || !isfinite(u->attr[k][i]))
      return rn_error(ctx, RN_EINPUT, "%s: unit %s: field '%s' is not a number >= 0", method,
                      u->code[i], name);
  *out = k;
  return RN_OK;
}

void rn_mlevel(rn_params_t *used, int l, const char *name, double theta) {
  rn_level_params_t *lp = &used->level[l];
  snprintf(lp->name, sizeof lp->name, "%s", name);
  lp->theta = theta;
  lp->mode = RN_MODE_CORE;
  lp->scope = RN_SCOPE_REMAINING;
  if (used->nlevels < l + 1) used->nlevels = l + 1;
}

void rn_mrun_level(rn_mrun_t *mr, int level, const rn_level_params_t *lp, int64_t *cand,
                   unsigned char *incand, int64_t *key, unsigned char *role, rn_level_run_t *run) {
  int64_t n = mr->pb.units->n;
  for (int64_t i = 0; i < n; i++) {
    cand[i] = i;
    incand[i] = 1;
  }
  *run = (rn_level_run_t){.pb = &mr->pb,
                          .lp = lp,
                          .level = level,
                          .ncand = n,
                          .cand = cand,
                          .incand = incand,
                          .key = key,
                          .role = role,
                          .dec = &mr->out->decisions,
                          .ndec = &mr->out->ndecisions,
                          .capdec = &mr->capdec};
}

int rn_mrun_decision(rn_ctx_t *ctx, rn_mrun_t *mr, int level, int64_t unit, int64_t key,
                     rn_decision_kind_t kind, const char *reason) {
  rn_level_run_t run = {.level = level,
                        .dec = &mr->out->decisions,
                        .ndec = &mr->out->ndecisions,
                        .capdec = &mr->capdec};
  return rn_decision_add(ctx, &run, unit, key, kind, reason);
}

int rn_keys_from_labels(rn_ctx_t *ctx, const rn_mrun_t *mr, const int64_t *label, int64_t *key,
                        unsigned char *role) {
  const rn_problem_t *pb = &mr->pb;
  int64_t n = pb->units->n;
  int64_t *best = malloc(sizeof *best * (size_t)(n + 1));
  if (!best) return rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; i < n; i++) best[i] = -1;
  for (int64_t i = 0; i < n; i++) {
    if (label[i] < 0) continue;
    if (label[i] >= n) {
      free(best);
      return rn_error(ctx, RN_EINTERNAL, "%s: label %lld out of range", mr->method,
                      (long long)label[i]);
    }
    if (rn_better_unit(pb, i, best[label[i]])) best[label[i]] = i;
  }
  for (int64_t i = 0; i < n; i++) {
    key[i] = label[i] >= 0 ? best[label[i]] : -1;
    role[i] = key[i] < 0 ? RN_ROLE_NONE : key[i] == i ? RN_ROLE_CORE : RN_ROLE_MEMBER;
  }
  free(best);
  return RN_OK;
}

int rn_mrun_finish_level(rn_ctx_t *ctx, rn_mrun_t *mr, int l, const rn_params_t *used,
                         const int64_t *key, const unsigned char *role) {
  if (mr->out->nlevels < l + 1) mr->out->nlevels = l + 1;
  return rn_regions_finish(ctx, &mr->pb, key, role, &used->level[l], &mr->out->level[l]);
}

/* Decisions carry the key unit of their region until the levels are final;
 * the region is then the one that unit ended in. */
void rn_mrun_decisions_done(rn_mrun_t *mr) {
  rn_result_t *r = mr->out;
  for (int64_t d = 0; d < r->ndecisions; d++) {
    rn_decision_t *dc = &r->decisions[d];
    dc->region = dc->region >= 0 ? r->level[dc->level].region[dc->region] : -1;
  }
}

int rn_inflows_build(rn_ctx_t *ctx, const rn_flows_t *f, rn_inflows_t *t) {
  int64_t n = f->n;
  t->row = calloc((size_t)n + 2, sizeof *t->row);
  t->col = malloc(sizeof *t->col * (size_t)(f->nnz + 1));
  t->val = malloc(sizeof *t->val * (size_t)(f->nnz + 1));
  if (!t->row || !t->col || !t->val) {
    rn_inflows_destroy(t);
    return rn_error(ctx, RN_ENOMEM, "out of memory (inflows)");
  }
  for (int64_t p = 0; p < f->nnz; p++) t->row[f->col[p] + 1]++;
  for (int64_t j = 0; j < n; j++) t->row[j + 1] += t->row[j];
  int64_t *fill = malloc(sizeof *fill * (size_t)(n + 1));
  if (!fill) {
    rn_inflows_destroy(t);
    return rn_error(ctx, RN_ENOMEM, "out of memory (inflows)");
  }
  memcpy(fill, t->row, sizeof *fill * (size_t)n);
  /* origins in ascending order within each row, since rows are visited in order */
  for (int64_t i = 0; i < n; i++)
    for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
      int64_t q = fill[f->col[p]]++;
      t->col[q] = i;
      t->val[q] = f->val[p];
    }
  free(fill);
  return RN_OK;
}

void rn_inflows_destroy(rn_inflows_t *t) {
  free(t->row);
  free(t->col);
  free(t->val);
  memset(t, 0, sizeof *t);
}

static int is_edge(const rn_adjacency_t *a, int64_t p, int queen) { return queen || a->shared[p] > 0; }

int rn_member_components(rn_ctx_t *ctx, const rn_problem_t *pb, const int64_t *group,
                         int64_t *comp, int64_t *ncomp) {
  const rn_adjacency_t *a = pb->adj;
  int64_t n = pb->units->n, nc = 0;
  int64_t *queue = malloc(sizeof *queue * (size_t)(n + 1));
  if (!queue) return rn_error(ctx, RN_ENOMEM, "out of memory (components)");
  for (int64_t i = 0; i < n; i++) comp[i] = -1;
  for (int64_t s = 0; s < n; s++) {
    if (group[s] < 0 || comp[s] >= 0) continue;
    int64_t qh = 0, qt = 0;
    comp[s] = nc;
    queue[qt++] = s;
    while (a && qh < qt) {
      int64_t x = queue[qh++];
      for (int64_t p = a->row[x]; p < a->row[x + 1]; p++) {
        int64_t y = a->col[p];
        if (!is_edge(a, p, pb->queen) || comp[y] >= 0 || group[y] != group[s]) continue;
        comp[y] = nc;
        queue[qt++] = y;
      }
    }
    nc++;
  }
  free(queue);
  *ncomp = nc;
  return RN_OK;
}

int rn_split_disconnected(rn_ctx_t *ctx, rn_mrun_t *mr, int64_t *key, unsigned char *role,
                          int64_t *nsplit) {
  const rn_problem_t *pb = &mr->pb;
  int64_t n = pb->units->n, nc = 0;
  *nsplit = 0;
  if (!pb->adj) return RN_OK;
  int64_t *comp = malloc(sizeof *comp * (size_t)(n + 1));
  int64_t *mainc = malloc(sizeof *mainc * (size_t)(n + 1));
  int64_t *seed = malloc(sizeof *seed * (size_t)(n + 1));
  int64_t *newkey = malloc(sizeof *newkey * (size_t)(n + 1));
  int rc = RN_OK;
  if (!comp || !mainc || !seed || !newkey) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (split)");
    goto done;
  }
  if ((rc = rn_member_components(ctx, pb, key, comp, &nc)) != RN_OK) goto done;
  /* the main part: the key's, or (key on an island) that of the region's
   * largest member on the mainland, as rn_contiguity_exclaves decides it */
  for (int64_t i = 0; i < n; i++) seed[i] = -1;
  for (int64_t i = 0; i < n; i++) {
    int64_t k = key[i];
    if (k < 0 || rn_adjacency_degree(pb->adj, i, pb->queen) == 0) continue;
    if (i == k || (seed[k] != k && rn_better_unit(pb, i, seed[k]))) seed[k] = i;
  }
  for (int64_t i = 0; i < n; i++) mainc[i] = key[i] == i && seed[i] >= 0 ? comp[seed[i]] : -1;
  /* each other part: keyed by its best core unit, or its best unit */
  for (int64_t c = 0; c < nc; c++) newkey[c] = -1;
  for (int64_t i = 0; i < n; i++) {
    int64_t k = key[i];
    if (k < 0 || rn_adjacency_degree(pb->adj, i, pb->queen) == 0 || comp[i] == mainc[k]) continue;
    int64_t c = comp[i], b = newkey[c];
    int ci = role[i] == RN_ROLE_CORE, cb = b >= 0 && role[b] == RN_ROLE_CORE;
    if (b < 0 || ci > cb || (ci == cb && rn_better_unit(pb, i, b))) newkey[c] = i;
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t k = key[i];
    if (k < 0 || rn_adjacency_degree(pb->adj, i, pb->queen) == 0 || comp[i] == mainc[k]) continue;
    int64_t nk = newkey[comp[i]];
    if (nk == i) {
      (*nsplit)++;
      rn_report(ctx, "%s: region %s is not connected on the map; its part around %s (%s) "
                "becomes a region of its own",
                mr->method, pb->units->code[k], pb->units->code[i], pb->units->name[i]);
    }
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t k = key[i];
    if (k < 0 || rn_adjacency_degree(pb->adj, i, pb->queen) == 0 || comp[i] == mainc[k]) continue;
    key[i] = newkey[comp[i]];
    if (key[i] == i && role[i] != RN_ROLE_CORE) role[i] = RN_ROLE_CORE;
  }
done:
  free(comp);
  free(mainc);
  free(seed);
  free(newkey);
  return rc;
}
