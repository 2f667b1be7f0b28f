/* Clustering parameters from the apps' options (--preset, --params,
 * thresholds, --min-mass, --mode, --cores, --denominator, --contiguity,
 * --adjacency, --dominance), shared by delineate and sweep. */
#include "app_options.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "a, b, c" of the levels, for messages. */
static void level_names(const rn_params_t *p, char *buf, size_t size) {
  size_t k = 0;
  buf[0] = 0;
  for (int l = 0; l < p->nlevels && k < size; l++)
    k += (size_t)snprintf(buf + k, size - k, "%s%s", l ? ", " : "", p->level[l].name);
}

int rn_level_index(const rn_params_t *p, const char *name) {
  for (int l = 0; l < p->nlevels; l++)
    if (!strcmp(p->level[l].name, name)) return l;
  char *end;
  long k = strtol(name, &end, 10);
  return end != name && !*end && k >= 1 && k <= p->nlevels ? (int)k - 1 : -1;
}

/* One value per level ("0.05,0.10,0.20") or NAME=VALUE pairs
 * ("metro=2%,life=0"; the levels not named keep their value). A count that
 * does not match the levels is an error naming them: one value is not
 * silently copied to every level. percent: a value may end in '%' (share[l]
 * is then 1 and v[l] the fraction). set[l]: the level was given. */
static int parse_levels(rn_ctx_t *ctx, const char *opt, const char *s, const rn_params_t *p,
                        int percent, double *v, int *share, int *set) {
  char names[RN_MAX_LEVELS * 34], *copy = strdup(s), *save = NULL;
  if (!copy) return rn_error(ctx, RN_ENOMEM, "out of memory");
  level_names(p, names, sizeof names);
  int k = 0, named = -1, rc = RN_OK;
  for (int l = 0; l < p->nlevels; l++) set[l] = share[l] = 0;
  for (char *t = strtok_r(copy, ",", &save); t && rc == RN_OK; t = strtok_r(NULL, ",", &save), k++) {
    char *eq = strchr(t, '='), *val = eq ? eq + 1 : t;
    int l = k;
    if (named >= 0 && named != (eq != NULL)) {
      rc = rn_error(ctx, RN_EPARAM, "%s: give one value per level or NAME=VALUE pairs, not both",
                    opt);
      break;
    }
    named = eq != NULL;
    if (eq) {
      *eq = 0;
      if ((l = rn_level_index(p, t)) < 0) {
        rc = rn_error(ctx, RN_EPARAM, "%s: no level '%s' (levels: %s)", opt, t, names);
        break;
      }
      if (set[l]) {
        rc = rn_error(ctx, RN_EPARAM, "%s: level %s is given twice", opt, p->level[l].name);
        break;
      }
    } else if (l >= p->nlevels) {
      continue; /* counted below */
    }
    char *end;
    double x = strtod(val, &end);
    int pct = percent && end != val && *end == '%' && !end[1];
    if (end == val || (*end && !pct) || !isfinite(x)) {
      rc = rn_error(ctx, RN_EPARAM, "%s: '%s' is not a number%s", opt, val,
                    percent ? " or a share such as 2%" : "");
      break;
    }
    v[l] = pct ? x / 100 : x;
    share[l] = pct;
    set[l] = 1;
  }
  free(copy);
  if (rc == RN_OK && named == 0 && k != p->nlevels)
    rc = rn_error(ctx, RN_EPARAM,
                  "%s: %d value%s for %d levels (%s): give one per level, in that order, or "
                  "NAME=VALUE pairs (e.g. %s=%s)",
                  opt, k, k == 1 ? "" : "s", p->nlevels, names, p->level[0].name,
                  percent ? "2%" : "0.05");
  if (rc == RN_OK && named < 0)
    rc = rn_error(ctx, RN_EPARAM, "%s: no value given (levels: %s)", opt, names);
  return rc;
}

int rn_app_params(rn_ctx_t *ctx, const rn_opt_t *opts, const char *thresholds_opt,
                  rn_params_t *p) {
  const char *s;
  int rc = rn_params_preset(ctx, (s = rn_opt(opts, "--preset")) ? s : "krihs", p);
  if (rc != RN_OK) return rc;
  if ((s = rn_opt(opts, "--params")) && (rc = rn_params_read_file(ctx, s, p)) != RN_OK) return rc;
  double v[RN_MAX_LEVELS];
  int share[RN_MAX_LEVELS], set[RN_MAX_LEVELS];
  if (thresholds_opt && (s = rn_opt(opts, thresholds_opt))) {
    if ((rc = parse_levels(ctx, thresholds_opt, s, p, 0, v, share, set)) != RN_OK) return rc;
    for (int l = 0; l < p->nlevels; l++) {
      if (!set[l]) continue;
      if (!(v[l] > 0 && v[l] <= 1))
        return rn_error(ctx, RN_EPARAM, "%s: %g is outside (0,1] (level %s)", thresholds_opt,
                        v[l], p->level[l].name);
      p->level[l].theta = v[l];
    }
  }
  /* another --method takes --min-mass as its own single number */
  const char *method = rn_opt(opts, "--method");
  if ((s = rn_opt(opts, "--min-mass")) && (!method || !strcmp(method, "netcon"))) {
    if ((rc = parse_levels(ctx, "--min-mass", s, p, 1, v, share, set)) != RN_OK) return rc;
    for (int l = 0; l < p->nlevels; l++) {
      if (!set[l]) continue;
      if (!(v[l] >= 0) || (share[l] && v[l] > 1))
        return rn_error(ctx, RN_EPARAM,
                        "--min-mass: %g%s is not a mass >= 0 or a share in [0%%,100%%] (level %s)",
                        share[l] ? 100 * v[l] : v[l], share[l] ? "%" : "", p->level[l].name);
      p->level[l].min_mass = share[l] ? 0 : v[l];
      p->level[l].min_mass_share = share[l] ? v[l] : 0;
    }
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
