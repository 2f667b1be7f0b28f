/* Clustering parameters from the apps' options (--preset, --params,
 * thresholds, --min-mass, --mode, --cores, --denominator, --contiguity,
 * --adjacency, --dominance), shared by delineate and sweep. */
#include "app_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "0.05,0.10,0.20" -> one value per level; one value alone applies to all. */
static int parse_list(rn_ctx_t *ctx, const char *opt, const char *s, int nlevels, double *v) {
  char *copy = strdup(s), *save = NULL;
  int k = 0, rc = RN_OK;
  for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    char *end;
    double x = strtod(t, &end);
    if (end == t || *end) {
      rc = rn_error(ctx, RN_EPARAM, "%s: '%s' is not a number", opt, t);
      break;
    }
    if (k >= nlevels) {
      rc = rn_error(ctx, RN_EPARAM, "%s: %d values for %d levels", opt, k + 1, nlevels);
      break;
    }
    v[k++] = x;
  }
  free(copy);
  if (rc == RN_OK && k != 1 && k != nlevels)
    rc = rn_error(ctx, RN_EPARAM, "%s: give one value, or one per level (%d)", opt, nlevels);
  for (int l = k; rc == RN_OK && l < nlevels; l++) v[l] = v[0];
  return rc;
}

int rn_app_params(rn_ctx_t *ctx, const rn_opt_t *opts, const char *thresholds_opt,
                  rn_params_t *p) {
  const char *s;
  int rc = rn_params_preset(ctx, (s = rn_opt(opts, "--preset")) ? s : "krihs", p);
  if (rc != RN_OK) return rc;
  if ((s = rn_opt(opts, "--params")) && (rc = rn_params_read_file(ctx, s, p)) != RN_OK) return rc;
  double v[RN_MAX_LEVELS];
  if (thresholds_opt && (s = rn_opt(opts, thresholds_opt))) {
    if ((rc = parse_list(ctx, thresholds_opt, s, p->nlevels, v)) != RN_OK) return rc;
    for (int l = 0; l < p->nlevels; l++) {
      if (!(v[l] > 0 && v[l] <= 1))
        return rn_error(ctx, RN_EPARAM, "%s: %g is outside (0,1]", thresholds_opt, v[l]);
      p->level[l].theta = v[l];
    }
  }
  if ((s = rn_opt(opts, "--min-mass"))) {
    if ((rc = parse_list(ctx, "--min-mass", s, p->nlevels, v)) != RN_OK) return rc;
    for (int l = 0; l < p->nlevels; l++) p->level[l].min_mass = v[l];
  }
  if ((s = rn_opt(opts, "--mode"))) {
    char *copy = strdup(s), *save = NULL;
    int k = 0;
    rn_mode_t m[RN_MAX_LEVELS];
    for (char *t = strtok_r(copy, ",", &save); t && rc == RN_OK; t = strtok_r(NULL, ",", &save)) {
      if (k >= p->nlevels || rn_mode_parse(t, &m[k]) != RN_OK)
        rc = rn_error(ctx, RN_EPARAM, "--mode: '%s' is not dominant, chain or core (or too many)", t);
      k++;
    }
    free(copy);
    if (rc != RN_OK) return rc;
    if (k != 1 && k != p->nlevels)
      return rn_error(ctx, RN_EPARAM, "--mode: give one mode, or one per level (%d)", p->nlevels);
    for (int l = 0; l < p->nlevels; l++) p->level[l].mode = m[k == 1 ? 0 : l];
  }
  if ((s = rn_opt(opts, "--cores"))) {
    free(p->level[0].cores);
    p->level[0].cores = strdup(s);
  }
  if ((s = rn_opt(opts, "--denominator")) && rn_denom_parse(s, p) != RN_OK)
    return rn_error(ctx, RN_EPARAM, "--denominator: '%s' is not total, out, auto or field:NAME", s);
  if ((s = rn_opt(opts, "--contiguity"))) {
    if (strcmp(s, "enforce") && strcmp(s, "ignore"))
      return rn_error(ctx, RN_EPARAM, "--contiguity: '%s' is not enforce or ignore", s);
    p->contiguity = !strcmp(s, "enforce");
  }
  if ((s = rn_opt(opts, "--adjacency"))) {
    if (strcmp(s, "rook") && strcmp(s, "queen"))
      return rn_error(ctx, RN_EPARAM, "--adjacency: '%s' is not rook or queen", s);
    p->queen = !strcmp(s, "queen");
  }
  if ((s = rn_opt(opts, "--dominance")) && rn_dominance_parse(s, &p->dominance_any) != RN_OK)
    return rn_error(ctx, RN_EPARAM, "--dominance: '%s' is not mass or any", s);
  return RN_OK;
}
