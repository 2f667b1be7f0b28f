/* --empty-geometry drop: units without geometry leave with their flows.
 * Done after reading both (the flows may name them), before the adjacency;
 * the rows and flow dropped are counted in the report. */
#include "io/readers/readers_internal.h"

#include <stdlib.h>
#include <string.h>

int rn_units_drop_empty(rn_ctx_t *ctx, rn_units_t *units, rn_flows_t *flows) {
  int64_t n = units->n, m = 0;
  int64_t *to = malloc(sizeof *to * ((size_t)n + 1));
  char **code = calloc((size_t)n + 1, sizeof *code), **name = calloc((size_t)n + 1, sizeof *name);
  double *mass = units->mass ? malloc(sizeof *mass * ((size_t)n + 1)) : NULL;
  GEOSGeometry **geom = calloc((size_t)n + 1, sizeof *geom);
  int rc = to && code && name && geom && (mass || !units->mass) ? RN_OK
                                                                : rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; !rc && i < n; i++) {
    to[i] = units->geom[i] ? m : -1;
    if (!units->geom[i]) continue;
    code[m] = units->code[i];
    name[m] = units->name[i];
    if (mass) mass[m] = units->mass[i];
    geom[m++] = units->geom[i];
  }
  rn_units_t nu;
  rn_units_init(&nu);
  if (!rc && m == 0) rc = rn_error(ctx, RN_EINPUT, "%s: no unit has a geometry", units->path);
  if (!rc) rc = rn_units_from_arrays(ctx, m, (const char *const *)code, (const char *const *)name,
                                     mass, geom, &nu);
  /* the order is kept (codes were sorted): new id = to[old] */
  rn_flows_builder_t *b = NULL;
  if (!rc) rc = rn_flows_builder_new(ctx, m, &b);
  int64_t pairs = 0;
  double sum = 0;
  for (int64_t i = 0; !rc && i < n; i++) {
    if (flows->diag[i] > 0) {
      if (to[i] >= 0) rc = rn_flows_builder_add(ctx, b, to[i], to[i], flows->diag[i]);
      else pairs++, sum += flows->diag[i];
    }
    for (int64_t k = flows->row[i]; !rc && k < flows->row[i + 1]; k++) {
      int64_t j = flows->col[k];
      if (to[i] >= 0 && to[j] >= 0) rc = rn_flows_builder_add(ctx, b, to[i], to[j], flows->val[k]);
      else pairs++, sum += flows->val[k];
    }
  }
  rn_flows_t nf;
  rn_flows_init(&nf);
  if (!rc) {
    rc = rn_flows_builder_finish(ctx, b, &nf);
    b = NULL;
  }
  if (!rc) {
    for (int a = 0; a < units->nattr; a++) {
      int64_t k = 0;
      for (int64_t i = 0; i < n; i++)
        if (to[i] >= 0) units->attr[a][k++] = units->attr[a][i];
    }
    nu.nattr = units->nattr, units->nattr = 0;
    nu.attr_name = units->attr_name, units->attr_name = NULL;
    nu.attr = units->attr, units->attr = NULL;
    nu.crs_wkt = units->crs_wkt, units->crs_wkt = NULL;
    nu.epsg = units->epsg;
    nu.path = units->path, units->path = NULL;
    nu.layer = units->layer, units->layer = NULL;
    nu.n_repaired = units->n_repaired;
    nf.rows_read = flows->rows_read;
    nf.rows_zero = flows->rows_zero;
    nf.rows_dup = flows->rows_dup;
    nf.rows_unknown = flows->rows_unknown;
    nf.path = flows->path, flows->path = NULL;
    rn_report(ctx, "--empty-geometry drop: %lld units dropped, with %lld flow pairs (%.10g in all)",
              (long long)(n - m), (long long)pairs, sum);
    /* the geometries now belong to nu */
    for (int64_t i = 0; i < n; i++) units->geom[i] = NULL;
    rn_units_destroy(ctx, units);
    *units = nu;
    rn_flows_destroy(flows);
    *flows = nf;
  } else {
    rn_units_destroy(ctx, &nu);
  }
  rn_flows_builder_free(b);
  free(to);
  free(code);
  free(name);
  free(mass);
  free(geom);
  return rc;
}
