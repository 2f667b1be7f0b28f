/* The PostgreSQL/PostGIS output (pg_write.c). */
#ifndef RN_PG_WRITE_H
#define RN_PG_WRITE_H

#include "writers_internal.h"

/* --schema given and well formed, the server reachable, and the schema
 * absent (or, with --overwrite, one regionet wrote). */
int rn_pg_output_check(rn_ctx_t *ctx, const rn_output_opts_t *o);
/* fill() writes the layers of plan into ds with the layer options given;
 * the rest (styles, provenance, swap, commit) is done here. */
typedef int (*rn_pg_fill_fn)(rn_ctx_t *ctx, GDALDatasetH ds, char **lco, void *arg);
int rn_pg_output_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_layer_plan_t *plan,
                       int nplan, const rn_units_t *u, const rn_params_t *p,
                       const rn_result_t *r, rn_pg_fill_fn fill, void *arg);
#endif
