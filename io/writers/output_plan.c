/* Which layers an output holds, decided once so that the writers, the
 * styles and the per-layer files of single-layer formats all agree. */
#include "writers_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rn_urban_levels(const rn_params_t *p, const rn_result_t *r, int levels[RN_MAX_LEVELS]) {
  int n = 0;
  /* the urban areas are the network-constraint clustering's metropolitan and
   * small/medium levels; other methods' partitions are not urban areas */
  if (p->method[0] && strcmp(p->method, "netcon") != 0) return 0;
  for (int l = 0; l < r->nlevels && l < p->nlevels; l++)
    if (p->level[l].scope == RN_SCOPE_REMAINING && !p->level[l].cover_all) levels[n++] = l;
  return n;
}

const char *rn_urban_type(const rn_params_t *p, const int *levels, int k) {
  /* the KRIHS study's two kinds; further levels keep their own name */
  if (k == 0) return "metropolitan";
  if (k == 1) return "small_medium";
  return p->level[levels[k]].name;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int rn_link_classes(const rn_params_t *p, const rn_result_t *r, double theta[RN_MAX_LEVELS]) {
  int n = 0;
  for (int l = 0; l < r->nlevels && l < p->nlevels; l++) {
    double t = p->level[l].theta;
    if (!(t > 0 && t <= 1)) continue;
    int dup = 0;
    for (int k = 0; k < n; k++) dup |= theta[k] == t;
    if (!dup) theta[n++] = t;
  }
  rn_qsort(theta, (size_t)n, sizeof *theta, cmp_double);
  return n;
}

int rn_output_plan(const rn_params_t *p, const rn_result_t *r, rn_layer_plan_t *plan) {
  int n = 0, lv[RN_MAX_LEVELS];
  double th[RN_MAX_LEVELS];
  plan[n] = (rn_layer_plan_t){.kind = RN_LAYER_UNITS, .level = -1};
  snprintf(plan[n++].name, sizeof plan->name, "units");
  for (int l = 0; l < r->nlevels; l++) {
    plan[n] = (rn_layer_plan_t){.kind = RN_LAYER_LEVEL, .level = l};
    snprintf(plan[n++].name, sizeof plan->name, "%s", p->level[l].name);
  }
  if (rn_urban_levels(p, r, lv) > 0) {
    plan[n] = (rn_layer_plan_t){.kind = RN_LAYER_URBAN_AREAS, .level = -1};
    snprintf(plan[n++].name, sizeof plan->name, "urban_areas");
  }
  plan[n] = (rn_layer_plan_t){.kind = RN_LAYER_CORES, .level = -1};
  snprintf(plan[n++].name, sizeof plan->name, "cores");
  if (rn_link_classes(p, r, th) > 0) {
    plan[n] = (rn_layer_plan_t){.kind = RN_LAYER_LINKS, .level = -1};
    snprintf(plan[n++].name, sizeof plan->name, "links");
  }
  if (r->groups.unit) {
    plan[n] = (rn_layer_plan_t){.kind = RN_LAYER_GROUPS, .level = -1};
    snprintf(plan[n++].name, sizeof plan->name, "groups");
  }
  if (r->balance.nrows) {
    plan[n] = (rn_layer_plan_t){.kind = RN_LAYER_BALANCE, .level = -1};
    snprintf(plan[n++].name, sizeof plan->name, "balance");
    plan[n] = (rn_layer_plan_t){.kind = RN_LAYER_BALANCE_REGIONS, .level = -1};
    snprintf(plan[n++].name, sizeof plan->name, "balance_regions");
  }
  return n;
}

void rn_output_layers(const rn_params_t *p, const rn_result_t *r, char *buf, size_t size) {
  rn_layer_plan_t plan[RN_MAX_LAYERS];
  int n = rn_output_plan(p, r, plan);
  size_t len = 0;
  buf[0] = 0;
  for (int k = 0; k < n && len < size; k++)
    len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? ", " : "", plan[k].name);
}
