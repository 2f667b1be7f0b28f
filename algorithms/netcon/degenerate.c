/* Degenerate results, reported rather than silent (the method's rule): a level
 * with no core (no candidate reaches min_mass),
 * with no region, or whose regions are mostly single units. And the minimum
 * core mass of a level, which may be a share of the total mass. */
#include "algorithms/cluster_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More than this share of a level's regions being single units is "mostly". */
#define RN_SINGLETONS_MOSTLY 0.5

double rn_level_min_mass(const rn_level_params_t *lp, const double *mass, int64_t n) {
  if (!(lp->min_mass_share > 0)) return lp->min_mass;
  double total = 0; /* in unit order: the same number whatever the threads */
  for (int64_t i = 0; i < n; i++) total += mass[i];
  return lp->min_mass_share * total;
}

const char *rn_warning_kind_name(rn_warning_kind_t k) {
  switch (k) {
  case RN_WARN_NO_CORE: return "no_core";
  case RN_WARN_NO_REGION: return "no_region";
  case RN_WARN_SINGLETONS: return "single_units";
  }
  return "?";
}

static int add(rn_ctx_t *ctx, rn_result_t *r, int level, rn_warning_kind_t kind, int64_t unit,
               double value, const char *text) {
  rn_warning_t *w = realloc(r->warnings, sizeof *w * (size_t)(r->nwarnings + 1));
  if (!w) return rn_error(ctx, RN_ENOMEM, "out of memory (warnings)");
  r->warnings = w;
  w += r->nwarnings++;
  w->level = level;
  w->kind = kind;
  w->unit = unit;
  w->value = value;
  snprintf(w->text, sizeof w->text, "%s", text);
  return RN_OK;
}

/* A level's candidates are the units no earlier level put in a region, or
 * every unit when the level is nested. */
static int is_candidate(const rn_result_t *r, const rn_params_t *p, int l, int64_t i) {
  if (p->level[l].scope == RN_SCOPE_NESTED) return 1;
  for (int e = 0; e < l; e++)
    if (r->level[e].region[i] >= 0) return 0;
  return 1;
}

static int level_warnings(rn_ctx_t *ctx, const rn_units_t *u, const double *mass, double total,
                          const rn_params_t *p, rn_result_t *r, int l) {
  const rn_level_params_t *lp = &p->level[l];
  const rn_level_result_t *lr = &r->level[l];
  const char *nm = lp->name;
  int64_t ncand = 0, ncores = 0, nreach = 0, big = -1;
  for (int64_t i = 0; i < u->n; i++) {
    if (!is_candidate(r, p, l, i)) continue;
    ncand++;
    ncores += lr->role[i] == RN_ROLE_CORE;
    nreach += mass[i] >= lr->min_mass;
    if (big < 0 || mass[i] > mass[big]) big = i; /* ties: the smaller code, seen first */
  }
  char text[480];
  int rc = RN_OK;
  if (lr->nregions == 0) {
    snprintf(text, sizeof text, "%s: no region: none of the %lld candidate units is in a region",
             nm, (long long)ncand);
    rc = add(ctx, r, l, RN_WARN_NO_REGION, -1, (double)ncand, text);
  }
  /* The largest candidate is never tied to a larger unit, so it is a rule
   * core whenever it reaches min_mass: no rule core means none reaches it. */
  if (rc == RN_OK && ncores == 0 && !lp->cores && big >= 0 && nreach == 0) {
    const char *what = u->mass ? "" : "; the mass is the inflow I_j, no --mass field given";
    char share[128] = "";
    if (total > 0)
      snprintf(share, sizeof share, " (%.3g%% of the total mass%s)", 100 * mass[big] / total, what);
    snprintf(text, sizeof text,
             "%s: no core: no candidate reaches the minimum mass %.0f; the largest, %s (%s), "
             "has %.0f%s. Designate cores (--cores) or give the minimum mass as a share of the "
             "total (e.g. --min-mass %s=2%%)",
             nm, lr->min_mass, u->code[big], u->name[big], mass[big], share, nm);
    rc = add(ctx, r, l, RN_WARN_NO_CORE, big, mass[big], text);
  }
  int64_t single = 0;
  for (int64_t g = 0; g < lr->nregions; g++) single += lr->regions[g].n_units == 1;
  if (rc == RN_OK && lr->nregions > 1 &&
      (double)single > RN_SINGLETONS_MOSTLY * (double)lr->nregions) {
    snprintf(text, sizeof text,
             "%s: %lld of its %lld regions (%.0f%%) are single units: the threshold %.4g%% or "
             "the minimum mass %.0f may not suit these data",
             nm, (long long)single, (long long)lr->nregions,
             100.0 * (double)single / (double)lr->nregions, 100 * lp->theta, lr->min_mass);
    rc = add(ctx, r, l, RN_WARN_SINGLETONS, -1, (double)single, text);
  }
  return rc;
}

int rn_result_warnings(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                       const rn_params_t *p, rn_result_t *r) {
  const double *mass = units->mass ? units->mass : flows->in;
  double total = 0;
  for (int64_t i = 0; i < units->n; i++) total += mass[i];
  for (int l = 0; l < r->nlevels && l < p->nlevels; l++) {
    int rc = level_warnings(ctx, units, mass, total, p, r, l);
    if (rc != RN_OK) return rc;
  }
  return RN_OK;
}
