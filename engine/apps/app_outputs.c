/* The output set of an app's run, set up before any work: the files it reads
 * protected, its targets checked and locked. */
#include "app_options.h"
#include "provenance.h"

#include <stdlib.h>

int rn_app_protect_inputs(rn_ctx_t *ctx, const rn_opt_t *opts, rn_outset_t *set) {
  int rc = RN_OK;
  for (const rn_opt_t *o = opts; o->name && rc == RN_OK; o++)
    if (o->takes_value == RN_OPT_FILE && o->value) rc = rn_outset_input(ctx, set, o->value);
  return rc;
}

int rn_app_outputs(rn_ctx_t *ctx, const rn_opt_t *opts, rn_output_opts_t *o, int sidecar) {
  int rc = rn_app_protect_inputs(ctx, opts, o->set);
  if (rc == RN_OK) rc = rn_output_check(ctx, o);
  if (rc == RN_OK && sidecar) {
    char *side = rn_provenance_sidecar_path(o->path);
    rc = side ? rn_outset_add(ctx, o->set, side, RN_OUT_CHECK)
              : rn_error(ctx, RN_ENOMEM, "out of memory");
    free(side);
  }
  return rc;
}
