/* `compare A B -o OUT`: the change of every unit between the two partitions
 * written as a layer (app_compare_out.c). */
#ifndef RN_COMPARE_OUT_H
#define RN_COMPARE_OUT_H

#include "app_options.h"

/* spec_a/spec_b: the partitions' specs; a, b, c: as read and compared;
 * confidence: a bootstrap of A (FILE, or FILE:LAYER:FIELD), or NULL. Prints
 * the counts of each change class to out unless quiet. */
int rn_compare_write_changes(rn_ctx_t *ctx, int argc, char **argv, const char *spec_a,
                             const char *spec_b, const char *id_field, const rn_partition_t *a,
                             const rn_partition_t *b, const rn_partition_comparison_t *c,
                             const char *confidence, const rn_output_opts_t *oo, FILE *out,
                             int quiet);

#endif
