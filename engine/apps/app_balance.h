/* Policy spaces and balance figures in the delineate app (app_balance.c). */
#ifndef RN_APP_BALANCE_H
#define RN_APP_BALANCE_H

#include "app_options.h"
#include <jansson.h>

#define RN_BALANCE_OPTIONS                                                                       \
  {"--groups", NULL, RN_OPT_FILE, "policy spaces: CSV of unit code or code prefix, group name", NULL},   \
      {"--group-field", NULL, 1, "policy spaces: a text field of the units", NULL},             \
      {"--balance-fields", NULL, 1, "balance figures of these numeric unit fields (default mass)", \
       NULL}

/* The unit fields of --balance-fields other than "mass", to load with the
 * units (a CSL list: CSLDestroy it after the run). */
char **rn_balance_fields(const rn_opt_t *opts);
/* Read the policy spaces and compute r->balance. */
int rn_balance_run(rn_ctx_t *ctx, const rn_opt_t *opts, const rn_inputs_t *in, rn_result_t *r);
void rn_balance_print(FILE *out, const rn_params_t *p, const rn_result_t *r);
/* {"figures": [...], "policy_spaces": [...]}, or NULL when there are none. */
json_t *rn_balance_json(const rn_units_t *u, const rn_params_t *p, const rn_result_t *r);

/* `compare A.gpkg B.gpkg --balance`: each balance figure of A and B and its
 * change B - A, as a table or JSON (compare_balance.c). */
int rn_compare_balance(rn_ctx_t *ctx, const char *a, const char *b, int as_json, FILE *out);

#endif
