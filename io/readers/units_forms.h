/* Units in the forms planners have them (io/readers/units_*.c): a table
 * without geometry (CSV, XLSX: code, name, mass), the codes of the flows,
 * cells of the European grid made from their codes. */
#ifndef RN_UNITS_FORMS_H
#define RN_UNITS_FORMS_H

#include "io/readers/readers_internal.h"

/* A cell of the EPSG:3035 grid: lower-left corner and side, metres. */
typedef struct rn_grid_cell {
  double x, y, size;
} rn_grid_cell_t;
/* 1 when code is a grid cell code ("1kmN1756E4220",
 * "CRS3035RES1000mN1756000E4220000"), its cell in *c. */
int rn_grid_code_parse(const char *code, rn_grid_cell_t *c);
/* 1 when every one of the n codes is a grid cell code (and n > 0). */
int rn_grid_codes(char *const *code, int64_t n);
GEOSGeometry *rn_grid_cell(GEOSContextHandle_t h, const rn_grid_cell_t *c);

/* Units from a table without geometry (code, name, mass, extra fields). */
int rn_units_read_table(rn_ctx_t *ctx, const rn_units_opts_t *opts, rn_units_t *out);

#endif
