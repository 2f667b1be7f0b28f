/* Command-line apps as library calls taking argv-style options (after GDAL's
 * apps library), so the CLI, bindings or a QGIS plugin share one code path.
 * argv[0] is the command name. Output goes to `out`; errors to ctx->err. */
#ifndef REGIONET_APP_H
#define REGIONET_APP_H

#include <stdio.h>
#include "regionet/regionet.h"

typedef struct rn_app {
  const char *name;
  int (*run)(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
} rn_app_t;

int rn_app_version(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
int rn_app_methods(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
int rn_app_inspect(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
int rn_app_delineate(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
int rn_app_compare(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
int rn_app_sweep(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
int rn_app_bootstrap(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
int rn_app_generate(rn_ctx_t *ctx, int argc, char **argv, FILE *out);
const rn_app_t *rn_app_find(const char *name);

#endif
