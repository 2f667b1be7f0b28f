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

/* A code or flag field (--area-field, --central-field) as the number the
 * methods compare: numbers as they are, numeric text parsed, other text
 * ("C1018") a number standing for it (equal texts, equal numbers; never 0),
 * NULL or blank NaN (no area, not central). */
double rn_unit_code_text(const char *s);
double rn_unit_code_value(OGRFeatureH f, int field, const char *enc);

/* Units from a table without geometry (code, name, mass, extra fields). */
int rn_units_read_table(rn_ctx_t *ctx, const rn_units_opts_t *opts, rn_units_t *out);

/* A crosswalk applied (units_map.c). */
typedef struct rn_units_map {
  char *path;
  int64_t n_entries;                     /* rows of the map */
  int64_t n_units_before, n_units_after; /* units before and after */
  int64_t n_merged;                      /* new units made of several */
  int64_t *old_to_new;                   /* old unit id -> new unit id */
  char **old_code;                       /* the old codes, sorted */
  int64_t n_internal;                    /* flow pairs made internal */
  double internal_sum;
} rn_units_map_t;
/* Dissolve units (in place) through the map at path. */
int rn_units_map_apply(rn_ctx_t *ctx, const char *path, rn_units_t *units, rn_units_map_t *out);
/* Read the flows (codes before or after the map) and recode them to the merged units. */
int rn_units_map_flows(rn_ctx_t *ctx, rn_units_map_t *m, const rn_flows_opts_t *fo,
                       const rn_units_t *merged, rn_flows_t *out);
void rn_units_map_destroy(rn_units_map_t *m);

#endif
