/* Policy spaces and balance figures for delineate (--groups, --group-field,
 * --balance-fields): read the groups, compute the figures of every level,
 * print them, and put them in the provenance. */
#include "app_balance.h"

#include <cpl_string.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

char **rn_balance_fields(const rn_opt_t *opts) {
  const char *bf = rn_opt(opts, "--balance-fields");
  char **names = bf ? CSLTokenizeString2(bf, ",", CSLT_STRIPLEADSPACES | CSLT_STRIPENDSPACES)
                    : NULL, **out = NULL;
  for (char **n = names; n && *n; n++)
    if (strcmp(*n, "mass") != 0) out = CSLAddString(out, *n);
  CSLDestroy(names);
  return out;
}

int rn_balance_run(rn_ctx_t *ctx, const rn_opt_t *opts, const rn_inputs_t *in, rn_result_t *r) {
  const char *gfile = rn_opt(opts, "--groups"), *gfield = rn_opt(opts, "--group-field");
  const rn_units_t *u = &in->units;
  int rc = RN_OK;
  if (gfile && gfield)
    return rn_error(ctx, RN_EPARAM, "give --groups or --group-field, not both");
  if (gfile) rc = rn_groups_read(ctx, gfile, u, &r->groups);
  else if (gfield)
    rc = rn_groups_from_field(ctx, u->path, rn_opt(opts, "--units-layer"), rn_opt(opts, "--id"),
                              gfield, u, &r->groups);
  if (rc != RN_OK) return rc;
  const char *bf = rn_opt(opts, "--balance-fields");
  if (bf && !bf[strspn(bf, " ,")])
    return rn_error(ctx, RN_EPARAM, "--balance-fields: give field names, e.g. population,jobs");
  char **names = bf ? CSLTokenizeString2(bf, ",", CSLT_STRIPLEADSPACES | CSLT_STRIPENDSPACES)
                    : CSLAddString(NULL, "mass");
  int n = CSLCount(names);
  const double **values = calloc((size_t)(n ? n : 1), sizeof *values);
  if (!values) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int k = 0; rc == RN_OK && k < n; k++) {
    for (int j = 0; j < k && rc == RN_OK; j++)
      if (!strcmp(names[j], names[k]))
        rc = rn_error(ctx, RN_EPARAM, "--balance-fields: '%s' is given twice", names[k]);
    if (rc != RN_OK) break;
    if (!strcmp(names[k], "mass")) {
      values[k] = u->mass ? u->mass : in->flows.in;
      continue;
    }
    int a = rn_units_attr(u, names[k]);
    if (a < 0) rc = rn_error(ctx, RN_EPARAM, "--balance-fields: no numeric unit field '%s'", names[k]);
    else values[k] = u->attr[a];
  }
  if (rc == RN_OK)
    rc = rn_groups_of_regions(ctx, u->mass ? u->mass : in->flows.in, u->n, r);
  if (rc == RN_OK)
    rc = rn_balance_compute(ctx, u, n, (const char *const *)names, values, r);
  free(values);
  CSLDestroy(names);
  return rc;
}

static void fig(FILE *out, double v) {
  if (isnan(v)) fprintf(out, " %9s", "-");
  else fprintf(out, " %9.4f", v);
}

void rn_balance_print(FILE *out, const rn_params_t *p, const rn_result_t *r) {
  const rn_balance_t *b = &r->balance;
  if (!b->nrows) return;
  fprintf(out, "\nbalance (shares of the total over regions; Theil over units split between "
               "and within regions):\n");
  fprintf(out, "  %-10s %-14s %-20s %7s %9s %9s %9s %9s %9s %9s\n", "level", "field", "space",
          "regions", "primacy", "gini", "theil", "T_units", "T_between", "T_within");
  for (int64_t k = 0; k < b->nrows; k++) {
    const rn_balance_row_t *w = &b->row[k];
    fprintf(out, "  %-10s %-14.14s %-20.20s %7lld", p->level[w->level].name, b->field[w->field],
            w->group < 0 ? "(all)" : r->groups.name[w->group], (long long)w->n_regions);
    fig(out, w->primacy);
    fig(out, w->gini);
    fig(out, w->theil);
    fig(out, w->theil_units);
    fig(out, w->theil_between);
    fig(out, w->theil_within);
    fputc('\n', out);
  }
}

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

json_t *rn_balance_json(const rn_units_t *u, const rn_params_t *p, const rn_result_t *r) {
  const rn_balance_t *b = &r->balance;
  if (!b->nrows) return NULL;
  json_t *rows = json_array();
  for (int64_t k = 0; k < b->nrows; k++) {
    const rn_balance_row_t *w = &b->row[k];
    json_t *o = json_pack("{s:s,s:s,s:s?,s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "level",
                          p->level[w->level].name, "field", b->field[w->field], "policy_space",
                          w->group < 0 ? NULL : r->groups.name[w->group], "regions",
                          (json_int_t)w->n_regions, "units", (json_int_t)w->n_units, "total",
                          num(w->total), "primacy", num(w->primacy), "gini", num(w->gini),
                          "theil", num(w->theil), "theil_units", num(w->theil_units),
                          "theil_between", num(w->theil_between), "theil_within",
                          num(w->theil_within));
    json_array_append_new(rows, o);
  }
  json_t *spaces = json_null();
  if (r->groups.unit) {
    spaces = json_array();
    for (int64_t g = 0; g < r->groups.ngroups; g++) {
      json_int_t n = 0;
      for (int64_t i = 0; i < u->n; i++) n += r->groups.unit[i] == g;
      json_array_append_new(spaces, json_pack("{s:s,s:I}", "name", r->groups.name[g], "units", n));
    }
  }
  return json_pack("{s:o,s:o}", "figures", rows, "policy_spaces", spaces);
}
