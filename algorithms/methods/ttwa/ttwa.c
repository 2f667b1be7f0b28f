/* `regionet delineate --method ttwa`: travel-to-work areas (algorithms/README.md).
 * Options: min-size, min-sc, target-size, target-sc (Istat's defaults 1000,
 * 0.6667, 10000, 0.75) and compat=istat (LabourMarketAreas 3.4). The method
 * ignores contiguity, as the package does. */
#include "algorithms/cluster_internal.h"
#include "algorithms/methods/methods_internal.h"
#include "ttwa_internal.h"

#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>

static int option(rn_ctx_t *ctx, char **options, const char *key, double def, double *v) {
  const char *s = CSLFetchNameValue(options, key);
  *v = def;
  if (!s) return RN_OK;
  char *end;
  *v = strtod(s, &end);
  if (end == s || *end) return rn_error(ctx, RN_EPARAM, "ttwa: %s '%s' is not a number", key, s);
  return RN_OK;
}

static int read_params(rn_ctx_t *ctx, char **options, rn_ttwa_params_t *p) {
  int rc;
  if ((rc = option(ctx, options, "min-size", 1000, &p->min_size)) ||
      (rc = option(ctx, options, "min-sc", 0.6667, &p->min_sc)) ||
      (rc = option(ctx, options, "target-size", 10000, &p->target_size)) ||
      (rc = option(ctx, options, "target-sc", 0.75, &p->target_sc)))
    return rc;
  const char *c = CSLFetchNameValue(options, "compat");
  p->compat = 0;
  if (c && !strcmp(c, "istat")) p->compat = 1;
  else if (c && strcmp(c, "none") && strcmp(c, "textbook"))
    return rn_error(ctx, RN_EPARAM, "ttwa: compat '%s' is unknown (istat)", c);
  /* the package refuses non-positive parameters; tarSZ = minSZ divides by 0 */
  if (!(p->min_size > 0 && p->min_sc > 0 && p->target_size > 0 && p->target_sc > 0))
    return rn_error(ctx, RN_EPARAM, "ttwa: sizes and self-containments must be > 0");
  if (!(p->target_size > p->min_size) || !(p->target_sc >= p->min_sc))
    return rn_error(ctx, RN_EPARAM,
                    "ttwa: target size must exceed min size, target sc be >= min sc");
  return RN_OK;
}

int rn_ttwa_run(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                const rn_ttwa_params_t *p, int64_t *group, rn_ttwa_stats_t *st) {
  if (units->n != flows->n)
    return rn_error(ctx, RN_EINPUT, "ttwa: %lld units but flows for %lld", (long long)units->n,
                    (long long)flows->n);
  rn_ttwa_net_t net;
  int rc = rn_ttwa_net_init(ctx, flows, &net);
  if (rc != RN_OK) return rc;
  rc = p->compat ? rn_ttwa_istat(ctx, units, &net, p, group, st)
                 : rn_ttwa_textbook(ctx, &net, p, group, st);
  rn_ttwa_net_destroy(&net);
  return rc;
}

/* Groups -> region keys: an area is keyed (and named) by its member with the
 * most jobs, ties by code, as the package names an LMA after it. */
static int finish(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f, const int64_t *group,
                  const rn_level_params_t *lp, rn_level_result_t *out) {
  int64_t n = u->n;
  int64_t *key = malloc(sizeof *key * (size_t)(n + 1));
  int64_t *best = malloc(sizeof *best * (size_t)(n + 2));
  unsigned char *role = malloc((size_t)n + 1);
  double *mass = malloc(sizeof *mass * (size_t)(n + 1));
  int rc = RN_OK;
  if (!key || !best || !role || !mass) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  /* group numbers are below n + 1 (unit ids or the package's 1..m) */
  for (int64_t g = 0; g <= n; g++) best[g] = -1;
  for (int64_t i = 0; i < n; i++) {
    int64_t g = group[i];
    if (g < 0) continue;
    if (best[g] < 0 || f->in[i] > f->in[best[g]]) best[g] = i;
  }
  for (int64_t i = 0; i < n; i++) {
    key[i] = group[i] >= 0 ? best[group[i]] : -1;
    role[i] = key[i] < 0 ? RN_ROLE_NONE : key[i] == i ? RN_ROLE_CORE : RN_ROLE_MEMBER;
    mass[i] = u->mass ? u->mass[i] : f->out[i];
  }
  rn_problem_t pb = {.units = u, .flows = f, .denom = f->out, .mass = mass};
  rc = rn_regions_finish(ctx, &pb, key, role, lp, out);
done:
  free(key);
  free(best);
  free(role);
  free(mass);
  return rc;
}

int rn_method_ttwa(rn_ctx_t *ctx, const rn_method_input_t *in, char **options, rn_params_t *used,
                   rn_result_t *out) {
  rn_ttwa_params_t p;
  int rc = read_params(ctx, options, &p);
  if (rc != RN_OK) return rc;
  int64_t n = in->units->n;
  int64_t *group = malloc(sizeof *group * (size_t)(n + 1));
  if (!group) return rn_error(ctx, RN_ENOMEM, "out of memory");
  rn_ttwa_stats_t st;
  rc = rn_ttwa_run(ctx, in->units, in->flows, &p, group, &st);
  if (rc == RN_OK) {
    rn_result_init(out);
    used->nlevels = 1;
    rn_level_params_t *lp = &used->level[0];
    snprintf(lp->name, sizeof lp->name, "ttwa");
    lp->theta = p.min_sc;
    lp->min_mass = p.min_size;
    lp->cover_all = !p.compat;
    snprintf(used->preset, sizeof used->preset, "%s", p.compat ? "ttwa-istat" : "ttwa");
    used->contiguity = 0; /* the method ignores contiguity */
    out->denom = RN_DENOM_TOTAL;
    out->nlevels = 1;
    rc = finish(ctx, in->units, in->flows, group, lp, &out->level[0]);
  }
  if (rc == RN_OK) {
    rn_report(ctx,
              "ttwa%s (minSZ %g, minSC %g, tarSZ %g, tarSC %g): %lld areas, min validity %.10f, "
              "%lld below 1; %lld dissolutions, %lld reserve-list entries, %lld units in the "
              "reserve at convergence, %lld %s",
              p.compat ? " --compat istat" : "", p.min_size, p.min_sc, p.target_size,
              p.target_sc, (long long)st.nareas, st.min_validity, (long long)st.below,
              (long long)st.iterations, (long long)st.reserve_entries,
              (long long)st.reserve_units, (long long)st.not_assigned,
              p.compat ? "never assigned" : "linked to no area (own area)");
    if (p.compat && st.dropped)
      rn_report(ctx, "ttwa: %lld units dropped first (no residents, no jobs, or only an intra flow)",
                (long long)st.dropped);
    if (st.odd_paths)
      rn_report(ctx, "ttwa: %lld steps took LabourMarketAreas 3.4 paths only approximated here",
                (long long)st.odd_paths);
  }
  free(group);
  return rc;
}
