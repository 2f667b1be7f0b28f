/* The table of apps behind the CLI's subcommands. */
#include "regionet/app.h"
#include "engine/engine.h"

#include <string.h>

static const rn_app_t apps[] = {
    {"inspect", rn_app_inspect, "summarise units, flows and adjacency"},
    {"delineate", rn_app_delineate,
     "metropolitan areas, urban areas and life zones (or --method NAME)"},
    {"compare", rn_app_compare, "two partitions of the same units: ARI, NMI, VI, splits and merges"},
    {"sweep", rn_app_sweep, "the clustering over a grid of thresholds, with per-unit stability"},
    {"bootstrap", rn_app_bootstrap,
     "replicates of the flows: confidence of units, strength of boundaries"},
    {"generate", rn_app_generate, "synthetic units and flows of any size (benchmarks)"},
    {"report", rn_app_report, "a self-contained HTML report of any regionet output"},
    {"map", rn_app_map, "one map of an output as PNG, SVG or PDF"},
    {"methods", rn_app_methods, "the delineation methods available"},
    {"version", rn_app_version, "library versions"},
};

const rn_app_t *rn_app_at(int k) {
  return k >= 0 && k < (int)(sizeof apps / sizeof apps[0]) ? &apps[k] : NULL;
}

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
