/* The alternative methods of METHOD.md §6 behind the method table (not public API). */
#ifndef RN_METHODS_INTERNAL_H
#define RN_METHODS_INTERNAL_H

#include "regionet/regionet.h"

/* Travel-to-work areas (CURDS; `--compat istat`: LabourMarketAreas 3.4). */
int rn_method_ttwa(rn_ctx_t *ctx, const rn_method_input_t *in, char **options, rn_params_t *used,
                   rn_result_t *out);

#endif
