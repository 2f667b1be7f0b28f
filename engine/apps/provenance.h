/* What a run records about itself: command, parameters, inputs and their
 * checksums, counts, library versions, run time and contiguity decisions. */
#ifndef RN_PROVENANCE_H
#define RN_PROVENANCE_H

#include "app_options.h"

int rn_provenance_json(rn_ctx_t *ctx, int argc, char **argv, rn_inputs_t *in,
                       const rn_params_t *p, const rn_result_t *r, const rn_output_opts_t *o,
                       double seconds, char **out);
/* OUT.gpkg -> OUT.gpkg.json; malloc'ed. */
char *rn_provenance_sidecar_path(const char *output);
/* Write the sidecar into the output set (its target added beforehand). */
int rn_provenance_sidecar(rn_ctx_t *ctx, rn_outset_t *set, const char *output, const char *json);
/* Before any work: the output set of a run writing o (and its sidecar):
 * every input file option of opts protected, the target checked and locked. */
int rn_app_outputs(rn_ctx_t *ctx, const rn_opt_t *opts, rn_output_opts_t *o, int sidecar);

#endif
