/* EU-OECD functional urban areas (algorithms/README.md, `fua`).
 *
 * Cities: units with a non-zero central-field, or without it every unit of
 * mass >= min-mass (default 50,000: the EU-OECD city has an urban centre of
 * at least 50,000 inhabitants; with --mass population this is the closest a
 * unit-level rule gets). A city sending >= threshold (0.15) of its employed
 * residents to another city is merged with it (transitively, shares counted
 * unit to unit, as the definition names cities, not merged groups). Every
 * other unit sending >= threshold to a city (group) joins the one with the
 * highest share (ties: larger principal city mass, then smaller code).
 * Employed residents: employed-field, else O_i. Under contiguity enforce,
 * exclaves are removed and may join their next best city (algorithms/README.md),
 * enclaves are added; a city group whose cities do not touch on the map is
 * split into its connected parts (each part keyed by its largest city). */
#include "methods_internal.h"

#include <cpl_string.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const fua_options[] = {"threshold", "central-field", "employed-field",
                                          "min-mass", NULL};

/* "a+b;c": the city groups, for the parameters record. */
char *rn_centres_spec(const rn_problem_t *pb, const unsigned char *is_centre, int64_t *uf) {
  int64_t n = pb->units->n;
  size_t len = 1;
  for (int64_t i = 0; i < n; i++)
    if (is_centre[i]) len += strlen(pb->units->code[i]) + 1;
  char *s = malloc(len);
  if (!s) return NULL;
  s[0] = 0;
  for (int64_t r = 0; r < n; r++) {
    if (!is_centre[r] || rn_uf_find(uf, r) != r) continue;
    if (s[0]) strcat(s, ";");
    int first = 1;
    for (int64_t i = r; i < n; i++)
      if (is_centre[i] && rn_uf_find(uf, i) == r) {
        if (!first) strcat(s, "+");
        strcat(s, pb->units->code[i]);
        first = 0;
      }
  }
  return s;
}

int rn_method_fua(rn_ctx_t *ctx, const rn_method_input_t *in, char **options, rn_params_t *used,
                  rn_result_t *out) {
  const char *M = "fua";
  rn_mrun_t mr;
  int emp, cf, rc;
  double theta, min_mass;
  rn_result_init(out);
  if ((rc = rn_mopt_field(ctx, M, options, "employed-field", in->units, 1, &emp)) != RN_OK) return rc;
  if ((rc = rn_mrun_init(ctx, M, in, options, fua_options, emp, out, &mr)) != RN_OK) goto fail;
  if ((rc = rn_mopt_double(ctx, M, options, "threshold", 0.15, 1e-9, 1, &theta)) != RN_OK) goto fail;
  if ((rc = rn_mopt_field(ctx, M, options, "central-field", in->units, 0, &cf)) != RN_OK) goto fail;
  if ((rc = rn_mopt_double(ctx, M, options, "min-mass", 50000, 0, INFINITY, &min_mass)) != RN_OK)
    goto fail;
  if (cf >= 0 && CSLFetchNameValue(options, "min-mass")) {
    rc = rn_error(ctx, RN_EPARAM, "fua: give --central-field or --min-mass, not both");
    goto fail;
  }
  const rn_problem_t *pb = &mr.pb;
  const rn_flows_t *f = pb->flows;
  int64_t n = pb->units->n;
  unsigned char *is_city = calloc((size_t)n + 1, 1);
  int64_t *uf = malloc(sizeof *uf * (size_t)(n + 1));
  int64_t *key = malloc(sizeof *key * (size_t)(n + 1));
  unsigned char *role = calloc((size_t)n + 1, 1);
  int64_t *cand = malloc(sizeof *cand * (size_t)(n + 1));
  unsigned char *incand = malloc((size_t)n + 1);
  if (!is_city || !uf || !key || !role || !cand || !incand) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  int64_t ncity = 0;
  for (int64_t i = 0; i < n; i++) {
    double v = cf >= 0 ? in->units->attr[cf][i] : 0;
    is_city[i] = cf >= 0 ? (v != 0 && !isnan(v)) : pb->mass[i] >= min_mass;
    ncity += is_city[i];
    uf[i] = i;
  }
  for (int64_t a = 0; a < n; a++) {
    if (!is_city[a]) continue;
    for (int64_t p = f->row[a]; p < f->row[a + 1]; p++) {
      int64_t b = f->col[p];
      if (!is_city[b] || !rn_meets(rn_share(pb, a, f->val[p]), theta)) continue;
      int64_t ra = rn_uf_find(uf, a), rb = rn_uf_find(uf, b);
      if (ra < rb) uf[rb] = ra; /* the smaller index roots: no dependence on order */
      else if (rb < ra) uf[ra] = rb;
    }
  }
  rn_mlevel(used, 0, M, theta);
  used->level[0].min_mass = cf >= 0 ? 0 : min_mass;
  if (!(used->level[0].cores = rn_centres_spec(pb, is_city, uf))) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  rn_report(ctx, "fua: %lld cities (%s), threshold %g", (long long)ncity,
            cf >= 0 ? "from the central field" : "by mass", theta);
  rn_level_run_t run;
  rn_centres_t cs = {.is_centre = is_city, .uf = uf, .jobs = NULL, .inflows = NULL, .theta = theta};
  rn_mrun_level(&mr, 0, &used->level[0], cand, incand, key, role, &run);
  if ((rc = rn_level_run_grow(ctx, &run, rn_grow_centres, &cs)) != RN_OK) goto done;
  int64_t nsplit;
  if ((rc = rn_split_disconnected(ctx, &mr, key, role, &nsplit)) != RN_OK) goto done;
  if ((rc = rn_mrun_finish_level(ctx, &mr, 0, used, key, role)) != RN_OK) goto done;
  rn_mrun_decisions_done(&mr);
done:
  free(is_city);
  free(uf);
  free(key);
  free(role);
  free(cand);
  free(incand);
fail:
  rn_mrun_destroy(&mr);
  if (rc != RN_OK) rn_result_destroy(out);
  return rc;
}
