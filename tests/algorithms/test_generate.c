/* rn_generate_*: the same seed gives the same units and flows; the counts
 * are those asked for; the cells form a valid coverage of the study square;
 * the written files read back through the ordinary readers. */
#include "io_test_util.h"

#include <cpl_conv.h>

static rn_ctx_t ctx;

/* exact: same vertices; else the same point sets (read back as multipolygons) */
static int same_units(const rn_units_t *a, const rn_units_t *b, int exact) {
  if (a->n != b->n) return 0;
  for (int64_t i = 0; i < a->n; i++)
    if (strcmp(a->code[i], b->code[i]) || a->mass[i] != b->mass[i] ||
        (exact ? GEOSEqualsExact_r(ctx.geos, a->geom[i], b->geom[i], 0)
               : GEOSEquals_r(ctx.geos, a->geom[i], b->geom[i])) != 1)
      return 0;
  return 1;
}

static int same_flows(const rn_flows_t *a, const rn_flows_t *b) {
  if (a->n != b->n || a->nnz != b->nnz) return 0;
  for (int64_t i = 0; i < a->n; i++)
    if (a->row[i + 1] != b->row[i + 1] || a->diag[i] != b->diag[i]) return 0;
  for (int64_t k = 0; k < a->nnz; k++)
    if (a->col[k] != b->col[k] || a->val[k] != b->val[k]) return 0;
  return 1;
}

int main(void) {
  t_setup();
  CHECK(rn_ctx_init(&ctx) == RN_OK);
  ctx.report = NULL;
  rn_generate_opts_t o = {.n_units = 600, .n_flows = 12000, .seed = 42};
  rn_units_t u, u2, u3;
  rn_flows_t f, f2;
  CHECK(rn_generate_units(&ctx, &o, &u) == RN_OK);
  CHECK(rn_generate_units(&ctx, &o, &u2) == RN_OK);
  CHECK(u.n == 600 && u.epsg == 3035 && u.mass);
  CHECK(same_units(&u, &u2, 1));
  CHECK(rn_generate_flows(&ctx, &o, &u, &f) == RN_OK);
  CHECK(rn_generate_flows(&ctx, &o, &u2, &f2) == RN_OK);
  CHECK(f.nnz + f.n_diag == 12000); /* every unit has its intra-unit row */
  CHECK(f.n_diag == 600);
  CHECK(same_flows(&f, &f2));
  rn_generate_opts_t o3 = o;
  o3.seed = 43;
  CHECK(rn_generate_units(&ctx, &o3, &u3) == RN_OK);
  CHECK(!same_units(&u, &u3, 1));

  /* a clean coverage: areas add up to the square, the coverage union is one
   * valid polygon of that area, and every unit has a rook neighbour (a corner
   * cell may have only one) */
  double sum = 0, side = sqrt(600 * 30e6);
  for (int64_t i = 0; i < u.n; i++) {
    double a;
    CHECK(GEOSisValid_r(ctx.geos, u.geom[i]) == 1);
    CHECK(GEOSArea_r(ctx.geos, u.geom[i], &a) && a > 0);
    sum += a;
  }
  CHECK(fabs(sum - side * side) < 1e-6 * side * side);
  GEOSGeometry **parts = malloc(sizeof *parts * (size_t)u.n);
  for (int64_t i = 0; i < u.n; i++) parts[i] = GEOSGeom_clone_r(ctx.geos, u.geom[i]);
  GEOSGeometry *coll = GEOSGeom_createCollection_r(ctx.geos, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)u.n);
  free(parts);
  GEOSGeometry *un = GEOSCoverageUnion_r(ctx.geos, coll);
  double ua = 0;
  CHECK(un && GEOSisValid_r(ctx.geos, un) == 1 && GEOSGetNumGeometries_r(ctx.geos, un) == 1);
  CHECK(un && GEOSArea_r(ctx.geos, un, &ua) && fabs(ua - side * side) < 1e-6 * side * side);
  if (un) GEOSGeom_destroy_r(ctx.geos, un);
  GEOSGeom_destroy_r(ctx.geos, coll);
  rn_adjacency_t adj;
  CHECK(rn_adjacency_build(&ctx, &u, 0.0, &adj) == RN_OK);
  for (int64_t i = 0; i < u.n; i++) {
    CHECK(rn_adjacency_degree(&adj, i, 0) >= 1);
    if (rn_adjacency_degree(&adj, i, 0) < 1) fprintf(stderr, "unit %s: %lld rook, %lld queen, outer %g of %g\n", u.code[i], (long long)rn_adjacency_degree(&adj, i, 0), (long long)rn_adjacency_degree(&adj, i, 1), adj.outer[i], adj.perimeter[i]);
  }
  rn_adjacency_destroy(&adj);

  /* written and read back */
  char up[1300], fp[1300];
  snprintf(up, sizeof up, "%s", TMP("gen_units.gpkg"));
  snprintf(fp, sizeof fp, "%s", TMP("gen_flows.csv"));
  CHECK(rn_generate_write(&ctx, &u, &f, up, fp) == RN_OK);
  rn_units_t r;
  rn_flows_t rf;
  rn_units_opts_t uo = {.path = up, .id_field = "code", .name_field = "name", .mass_field = "population"};
  CHECK(rn_units_read(&ctx, &uo, &r) == RN_OK);
  CHECK(r.n == 600 && r.epsg == 3035 && r.n_repaired == 0);
  CHECK(same_units(&u, &r, 0));
  rn_flows_opts_t fo = {.path = fp};
  CHECK(rn_flows_read(&ctx, &fo, &r, &rf) == RN_OK);
  CHECK(rf.rows_read == 12000 && rf.rows_dup == 0 && rf.rows_zero == 0);
  CHECK(same_flows(&f, &rf));
  rn_flows_destroy(&rf);
  rn_units_destroy(&ctx, &r);

  rn_flows_destroy(&f);
  rn_flows_destroy(&f2);
  rn_units_destroy(&ctx, &u);
  rn_units_destroy(&ctx, &u2);
  rn_units_destroy(&ctx, &u3);
  rn_ctx_destroy(&ctx);
  (void)t_write;
  (void)t_translate;
  /* sizes checked before any work: beyond memory, beyond 10^8 units */
  rn_generate_opts_t big = {.n_units = 100000000, .n_flows = 10000000000000, .seed = 1};
  CHECK_ERR(&ctx, rn_generate_check(&ctx, &big), RN_ENOMEM, "GB of memory");
  big.n_units = 1000000000;
  CHECK_ERR(&ctx, rn_generate_check(&ctx, &big), RN_EPARAM, "10^8");
  CHECK(rn_generate_check(&ctx, &o) == RN_OK);
#if !defined(__SANITIZE_ADDRESS__)
  /* an allocation that fails (10^12 units: terabytes) is reported at once;
   * the clean-up once looped over all 10^12 slots of arrays never made.
   * (Not under ASan, which aborts on such a request instead of failing.) */
  FILE *oc = fopen("/proc/sys/vm/overcommit_memory", "r");
  int mode = oc && fscanf(oc, "%d", &mode) == 1 ? mode : 1;
  if (oc) fclose(oc);
  if (mode != 1) { /* with "always overcommit" the request would succeed */
    rn_generate_opts_t huge = {.n_units = 1000000000000, .n_flows = 1000000000000, .seed = 1};
    rn_units_t hu;
    CHECK_ERR(&ctx, rn_generate_units(&ctx, &huge, &hu), RN_ENOMEM, "out of memory");
  }
#endif
  return t_report();
}
