/* The table of methods behind `regionet delineate --method NAME`. */
#include "methods_internal.h"

#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>

/* netcon: the network-constraint clustering of algorithms/README.md. Its options
 * come through rn_params_t, which the delineate app builds; here only the
 * preset applies, for callers that use the table directly. */
static int netcon_run(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                      rn_params_t *used, rn_result_t *out) {
  const char *preset = CSLFetchNameValueDef(options, "preset", "krihs");
  if (used->nlevels == 0) {
    int rc = rn_params_preset(ctx, preset, used);
    if (rc != RN_OK) return rc;
  }
  used->contiguity = in->contiguity;
  used->queen = in->queen;
  return rn_delineate(ctx, in->units, in->flows, in->adj, used, out);
}

static const rn_method_t methods[] = {
    {"netcon", "network-constraint clustering (algorithms/README.md; the default)", netcon_run},
    {"ttwa", "travel-to-work areas, CURDS; --compat istat = LabourMarketAreas 3.4", rn_method_ttwa},
    /* methods branch: algorithms/README.md except ttwa */
    {"cbsa", "US OMB core-based statistical areas and combined areas (csa)", rn_method_cbsa},
    {"fua", "EU-OECD functional urban areas (15% rule)", rn_method_fua},
    {"dominant", "dominant flows, Nystuen-Dacey nodal regions", rn_method_dominant},
    {"intramax", "Intramax hierarchical merging, cut at --regions", rn_method_intramax},
    {"leiden", "Leiden communities (modularity) through igraph", rn_method_leiden},
    {"louvain", "Louvain communities (multilevel modularity) through igraph", rn_method_louvain},
    {"infomap", "Infomap communities on the directed flow graph through igraph", rn_method_infomap},
    /* end methods branch */
    {NULL, NULL, NULL}};

const rn_method_t *rn_methods(void) { return methods; }

const rn_method_t *rn_method_find(const char *name) {
  for (const rn_method_t *m = methods; m->name; m++)
    if (!strcmp(m->name, name)) return m;
  return NULL;
}
