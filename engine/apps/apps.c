/* The table of apps behind the CLI's subcommands. */
#include "regionet/app.h"
#include "engine/engine.h"

#include <string.h>

static const rn_app_t apps[] = {
    {"inspect", rn_app_inspect},
    {"delineate", rn_app_delineate},
    {"compare", rn_app_compare},
    {"sweep", rn_app_sweep},
    {"bootstrap", rn_app_bootstrap},
    {"generate", rn_app_generate},
    {"methods", rn_app_methods},
    {"version", rn_app_version},
};

const rn_app_t *rn_app_find(const char *name) {
  for (size_t k = 0; k < sizeof apps / sizeof apps[0]; k++)
    if (!strcmp(apps[k].name, name)) return &apps[k];
  return NULL;
}

int rn_app_version(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  (void)ctx;
  (void)argc;
  (void)argv;
  char buf[512];
  rn_versions_string(buf, sizeof buf);
  fprintf(out, "%s\n", buf);
  return RN_OK;
}

int rn_app_methods(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  (void)ctx;
  (void)argc;
  (void)argv;
  for (const rn_method_t *m = rn_methods(); m->name; m++) fprintf(out, "%-10s %s\n", m->name, m->summary);
  return RN_OK;
}
