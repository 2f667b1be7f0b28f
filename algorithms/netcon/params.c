/* Parameters of a delineation and the `krihs` preset (algorithms/README.md, "The hierarchy"). */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>

void rn_params_init(rn_params_t *p) {
  memset(p, 0, sizeof *p);
  p->denom = RN_DENOM_AUTO;
  p->contiguity = 1;
}

void rn_params_destroy(rn_params_t *p) {
  for (int l = 0; l < RN_MAX_LEVELS; l++) free(p->level[l].cores);
  rn_params_init(p);
}

int rn_params_copy(const rn_params_t *src, rn_params_t *dst) {
  *dst = *src;
  for (int l = 0; l < RN_MAX_LEVELS; l++) {
    dst->level[l].cores = NULL;
    if (src->level[l].cores && !(dst->level[l].cores = strdup(src->level[l].cores))) {
      rn_params_destroy(dst);
      return RN_ENOMEM;
    }
  }
  return RN_OK;
}

static void set_level(rn_level_params_t *l, const char *name, double theta, double min_mass,
                      rn_scope_t scope, int cover_all) {
  snprintf(l->name, sizeof l->name, "%s", name);
  l->theta = theta;
  l->min_mass = min_mass;
  l->mode = RN_MODE_DOMINANT;
  l->scope = scope;
  l->cover_all = cover_all;
}

int rn_params_preset(rn_ctx_t *ctx, const char *name, rn_params_t *p) {
  if (strcmp(name, "krihs") != 0)
    return rn_error(ctx, RN_EPARAM, "unknown preset '%s' (known: krihs)", name);
  rn_params_destroy(p);
  snprintf(p->preset, sizeof p->preset, "%s", name);
  p->nlevels = 3;
  set_level(&p->level[0], "metro", 0.05, 1000000, RN_SCOPE_REMAINING, 0);
  set_level(&p->level[1], "urban", 0.10, 50000, RN_SCOPE_REMAINING, 0);
  set_level(&p->level[2], "life", 0.20, 0, RN_SCOPE_NESTED, 1);
  return RN_OK;
}

const char *rn_mode_name(rn_mode_t m) {
  switch (m) {
  case RN_MODE_DOMINANT: return "dominant";
  case RN_MODE_CHAIN: return "chain";
  case RN_MODE_CORE: return "core";
  }
  return "?";
}

const char *rn_role_name(rn_role_t r) {
  switch (r) {
  case RN_ROLE_NONE: return "none";
  case RN_ROLE_CORE: return "core";
  case RN_ROLE_MEMBER: return "member";
  case RN_ROLE_ENCLAVE: return "enclave";
  }
  return "?";
}

const char *rn_denom_name(rn_denom_t d) {
  switch (d) {
  case RN_DENOM_AUTO: return "auto";
  case RN_DENOM_TOTAL: return "total";
  case RN_DENOM_OUT: return "out";
  case RN_DENOM_FIELD: return "field";
  }
  return "?";
}
