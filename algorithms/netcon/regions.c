/* Regions of a level from per-unit keys: ids, names, and the statistics of
 * algorithms/README.md (mass, residents, internal flow, self-containment). */
#include "algorithms/cluster_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_core_mass(const void *a, const void *b, const rn_problem_t *pb) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return rn_better_unit(pb, x, y) ? -1 : rn_better_unit(pb, y, x) ? 1 : 0;
}

/* insertion sort: a region has few cores, and qsort has no context argument */
static void sort_cores(const rn_problem_t *pb, int64_t *c, int64_t n) {
  for (int64_t a = 1; a < n; a++) {
    int64_t x = c[a], q = a - 1;
    while (q >= 0 && cmp_core_mass(&x, &c[q], pb) < 0) {
      c[q + 1] = c[q];
      q--;
    }
    c[q + 1] = x;
  }
}

int rn_regions_finish(rn_ctx_t *ctx, const rn_problem_t *pb, const int64_t *key,
                      const unsigned char *role, const rn_level_params_t *lp,
                      rn_level_result_t *out) {
  (void)lp;
  const rn_units_t *u = pb->units;
  const rn_flows_t *f = pb->flows;
  int64_t n = u->n;
  memset(out, 0, sizeof *out);
  out->n = n;
  out->region = malloc(sizeof *out->region * (size_t)(n + 1));
  out->role = malloc((size_t)n + 1);
  out->share = malloc(sizeof *out->share * (size_t)(n + 1));
  if (!out->region || !out->role || !out->share) return rn_error(ctx, RN_ENOMEM, "out of memory");
  /* regions numbered in key order (= code order of their principal core) */
  int64_t nr = 0;
  for (int64_t i = 0; i < n; i++) out->region[i] = -1;
  for (int64_t i = 0; i < n; i++)
    if (key[i] == i) out->region[i] = nr++;
  for (int64_t i = 0; i < n; i++) {
    if (key[i] >= 0 && key[key[i]] != key[i])
      return rn_error(ctx, RN_EINTERNAL, "unit %s: region key %s is not in its own region",
                      u->code[i], u->code[key[i]]);
    out->region[i] = key[i] >= 0 ? out->region[key[i]] : -1;
    out->role[i] = key[i] >= 0 ? role[i] : RN_ROLE_NONE;
  }
  out->nregions = nr;
  out->regions = calloc((size_t)nr + 1, sizeof *out->regions);
  if (!out->regions) return rn_error(ctx, RN_ENOMEM, "out of memory");
  if (pb->partition_only) { /* a replicate: what the region of each unit is, no more */
    for (int64_t i = 0; i < n; i++) out->share[i] = NAN;
    return RN_OK;
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t r = out->region[i];
    if (r < 0) continue;
    rn_region_t *g = &out->regions[r];
    g->n_units++;
    if (out->role[i] == RN_ROLE_CORE) g->ncores++;
    g->mass += pb->mass[i];
    g->residents += f->out[i];
    g->inflow += f->in[i];
    g->internal += f->diag[i];
    double toreg = 0;
    for (int64_t p = f->row[i]; p < f->row[i + 1]; p++)
      if (out->region[f->col[p]] == r) toreg += f->val[p];
    g->internal += toreg;
    out->share[i] = pb->denom[i] > 0 ? toreg / pb->denom[i] : NAN;
  }
  for (int64_t i = 0; i < n; i++)
    if (out->region[i] < 0) out->share[i] = NAN;
  for (int64_t r = 0; r < nr; r++) {
    rn_region_t *g = &out->regions[r];
    g->cores = malloc(sizeof *g->cores * (size_t)(g->ncores + 1));
    if (!g->cores) return rn_error(ctx, RN_ENOMEM, "out of memory");
    g->ncores = 0;
    g->sc_supply = g->residents > 0 ? g->internal / g->residents : NAN;
    g->sc_demand = g->inflow > 0 ? g->internal / g->inflow : NAN;
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t r = out->region[i];
    if (r >= 0 && out->role[i] == RN_ROLE_CORE) out->regions[r].cores[out->regions[r].ncores++] = i;
  }
  for (int64_t i = 0; i < n; i++) {
    if (key[i] != i) continue;
    rn_region_t *g = &out->regions[out->region[i]];
    sort_cores(pb, g->cores, g->ncores);
    size_t len = 1;
    for (int64_t c = 0; c < g->ncores; c++) len += strlen(u->name[g->cores[c]]) + 1;
    g->id = strdup(u->code[i]);
    g->name = malloc(len + strlen(u->name[i]) + 1);
    if (!g->id || !g->name) return rn_error(ctx, RN_ENOMEM, "out of memory");
    g->name[0] = 0;
    if (g->ncores == 0) strcpy(g->name, u->name[i]); /* not expected: keys are cores */
    for (int64_t c = 0; c < g->ncores; c++) {
      if (c) strcat(g->name, "-");
      strcat(g->name, u->name[g->cores[c]]);
    }
  }
  return RN_OK;
}
