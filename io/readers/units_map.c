/* Crosswalks (--units-map FILE): a table of `from,to` codes (a `to_name`
 * column optional) dissolving units into their targets, as si/gun/gu into
 * si/gun or municipalities into the one they merged into. Chains (a -> b,
 * b -> c) are followed; a cycle, a code given two targets or a `from` code
 * that is no unit is an error naming the file and line. Masses and loaded
 * fields are summed over the merged units, boundaries are unioned; the flows
 * may use the codes before or after the map, and are recoded and summed, a
 * pair made internal going to the diagonal. */
#include "io/readers/flows_forms.h"
#include "io/readers/units_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_string.h>

typedef struct {
  char *from, *to, *name;
  int64_t fid;
} entry_t;

static int by_from(const void *a, const void *b) {
  return strcmp(((const entry_t *)a)->from, ((const entry_t *)b)->from);
}

/* sorted by code, then by line: the first line of a code comes first */
static int by_from_line(const void *a, const void *b) {
  int c = by_from(a, b);
  if (c) return c;
  int64_t x = ((const entry_t *)a)->fid, y = ((const entry_t *)b)->fid;
  return (x > y) - (x < y);
}

static const entry_t *lookup(const entry_t *e, int64_t n, const char *code) {
  entry_t key = {.from = (char *)code};
  return bsearch(&key, e, (size_t)n, sizeof *e, by_from);
}

void rn_units_map_destroy(rn_units_map_t *m) {
  for (int64_t i = 0; m->old_code && i < m->n_units_before; i++) free(m->old_code[i]);
  free(m->old_code);
  free(m->old_to_new);
  free(m->path);
  memset(m, 0, sizeof *m);
}

/* The new unit of every old one: its code followed through the map. */
int rn_units_map_apply(rn_ctx_t *ctx, const char *path, rn_units_t *units, rn_units_map_t *out) {
  memset(out, 0, sizeof *out);
  rn_sheet_t sh;
  int rc = rn_sheet_open(ctx, path, NULL, NULL, 1, &sh);
  if (rc) return rc;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(sh.lyr);
  int cf = rn_io_field_index(defn, "from", NULL), ct = rn_io_field_index(defn, "to", NULL);
  int cn = rn_io_field_index(defn, "to_name", NULL);
  if (cf < 0 && ct < 0 && sh.ncol >= 2) cf = 0, ct = 1;
  if (cf < 0 || ct < 0) {
    char fields[512];
    rn_io_field_list(defn, NULL, fields, sizeof fields);
    rn_sheet_close(&sh);
    return rn_error(ctx, RN_EINPUT, "%s: needs columns 'from' and 'to' (and 'to_name' if you like); columns: %s",
                    path, fields);
  }
  entry_t *e = NULL;
  int64_t n = 0, cap = 0, fid;
  char **cells = NULL, at[400], at2[400];
  while (!(rc = rn_sheet_next(ctx, &sh, &cells, &fid)) && cells) {
    if (!cells[cf][0] && !cells[ct][0]) {
      CSLDestroy(cells);
      continue;
    }
    rn_sheet_where(&sh, fid, at, sizeof at);
    if (!cells[cf][0] || !cells[ct][0]) {
      rc = rn_error(ctx, RN_EINPUT, "%s: an empty '%s' code", at, cells[cf][0] ? "to" : "from");
      break;
    }
    if (n == cap) {
      entry_t *x = realloc(e, sizeof *e * (size_t)(cap = cap ? 2 * cap : 256));
      if (!x) {
        rc = rn_error(ctx, RN_ENOMEM, "out of memory");
        break;
      }
      e = x;
    }
    e[n].from = strdup(cells[cf]);
    e[n].to = strdup(cells[ct]);
    e[n].name = cn >= 0 && cells[cn][0] ? strdup(cells[cn]) : NULL;
    e[n++].fid = fid;
    CSLDestroy(cells);
    cells = NULL;
  }
  CSLDestroy(cells);
  if (!rc && n == 0) rc = rn_error(ctx, RN_EINPUT, "%s: no rows", path);
  if (!rc) qsort(e, (size_t)n, sizeof *e, by_from_line);
  /* one target per code; every `from` a unit (or the target of a chain) */
  for (int64_t k = 0; !rc && k < n; k++) {
    rn_sheet_where(&sh, e[k].fid, at, sizeof at);
    if (k && !strcmp(e[k].from, e[k - 1].from)) {
      rn_sheet_where(&sh, e[k - 1].fid, at2, sizeof at2);
      if (strcmp(e[k].to, e[k - 1].to))
        rc = rn_error(ctx, RN_EINPUT, "%s: '%s' -> '%s', but %s has it -> '%s'", at, e[k].from,
                      e[k].to, at2, e[k - 1].to);
    }
    if (!rc && rn_units_find(units, e[k].from) < 0) {
      int chained = 0;
      for (int64_t j = 0; j < n && !chained; j++) chained = !strcmp(e[j].to, e[k].from);
      if (!chained) {
        char hint[200];
        rn_code_hint(units->code, units->n, e[k].from, strlen(e[k].from), hint, sizeof hint);
        rc = rn_error(ctx, RN_EINPUT, "%s: unknown code '%s': no unit of %s has it%s", at,
                      e[k].from, units->path ? units->path : "the units", hint);
      }
    }
  }
  /* targets: codes followed through the map, a cycle refused */
  char **target = rc ? NULL : calloc((size_t)units->n + 1, sizeof *target);
  if (!rc && !target) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; !rc && i < units->n; i++) {
    const char *c = units->code[i];
    const entry_t *x;
    int64_t steps = 0;
    while ((x = lookup(e, n, c)) && strcmp(x->to, c)) {
      c = x->to;
      if (++steps > n) {
        rn_sheet_where(&sh, x->fid, at, sizeof at);
        rc = rn_error(ctx, RN_EINPUT, "%s: a cycle: '%s' leads back to itself through the map",
                      at, x->from);
        break;
      }
    }
    target[i] = (char *)c;
  }
  /* the new units, in code order; old -> new */
  rn_units_t nu;
  rn_units_init(&nu);
  int64_t m = 0;
  char **codes = NULL, **names = NULL;
  double *mass = NULL;
  GEOSGeometry **geom = NULL;
  int64_t *first = NULL;
  int geometry = rn_units_have_geometry(units);
  if (!rc) {
    codes = calloc((size_t)units->n + 1, sizeof *codes);
    names = calloc((size_t)units->n + 1, sizeof *names);
    first = calloc((size_t)units->n + 1, sizeof *first);
    out->old_to_new = malloc(sizeof *out->old_to_new * ((size_t)units->n + 1));
    if (!codes || !names || !first || !out->old_to_new) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t i = 0; !rc && i < units->n; i++) {
    int64_t k = 0;
    while (k < m && strcmp(codes[k], target[i])) k++; /* few targets per code run; see below */
    if (k == m) {
      codes[m] = target[i];
      const entry_t *x = NULL;
      for (int64_t j = 0; j < n && !x; j++)
        if (!strcmp(e[j].to, target[i]) && e[j].name) x = &e[j];
      int64_t self = rn_units_find(units, target[i]);
      names[m] = x ? x->name : self >= 0 ? units->name[self] : target[i];
      first[m++] = i;
    }
    out->old_to_new[i] = k;
  }
  if (!rc && units->mass && !(mass = calloc((size_t)m + 1, sizeof *mass)))
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; !rc && mass && i < units->n; i++) mass[out->old_to_new[i]] += units->mass[i];
  if (!rc && geometry) {
    geom = calloc((size_t)m + 1, sizeof *geom);
    for (int64_t k = 0; geom && k < m && !rc; k++) {
      int64_t cnt = 0;
      for (int64_t i = 0; i < units->n; i++) cnt += out->old_to_new[i] == k && units->geom[i];
      GEOSGeometry **parts = calloc((size_t)cnt + 1, sizeof *parts);
      int64_t p = 0;
      for (int64_t i = 0; parts && i < units->n; i++)
        if (out->old_to_new[i] == k && units->geom[i])
          parts[p++] = GEOSGeom_clone_r(ctx->geos, units->geom[i]);
      GEOSGeometry *coll = parts ? GEOSGeom_createCollection_r(ctx->geos, GEOS_GEOMETRYCOLLECTION,
                                                               parts, (unsigned)p)
                                 : NULL;
      geom[k] = coll ? GEOSUnaryUnion_r(ctx->geos, coll) : NULL;
      if (coll) GEOSGeom_destroy_r(ctx->geos, coll);
      free(parts);
      if (!geom[k]) rc = rn_error(ctx, RN_EINTERNAL, "cannot union the units merged into '%s'", codes[k]);
    }
    if (!geom) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  if (!rc)
    rc = rn_units_from_arrays(ctx, m, (const char *const *)codes, (const char *const *)names, mass,
                              geom, &nu);
  if (!rc) {
    /* from_arrays sorts the codes: renumber old -> new, carry the fields over */
    int64_t *perm = malloc(sizeof *perm * ((size_t)m + 1));
    if (!perm) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    for (int64_t k = 0; !rc && k < m; k++) perm[k] = rn_units_find(&nu, codes[k]);
    for (int64_t i = 0; !rc && i < units->n; i++) out->old_to_new[i] = perm[out->old_to_new[i]];
    free(perm);
    nu.nattr = units->nattr;
    if (!rc && units->nattr) {
      nu.attr_name = calloc((size_t)units->nattr, sizeof *nu.attr_name);
      nu.attr = calloc((size_t)units->nattr, sizeof *nu.attr);
      for (int a = 0; nu.attr && nu.attr_name && a < units->nattr; a++) {
        nu.attr_name[a] = strdup(units->attr_name[a]);
        nu.attr[a] = calloc((size_t)m + 1, sizeof **nu.attr);
        for (int64_t i = 0; nu.attr[a] && i < units->n; i++)
          nu.attr[a][out->old_to_new[i]] += units->attr[a][i];
      }
    }
    nu.crs_wkt = units->crs_wkt ? strdup(units->crs_wkt) : NULL;
    nu.epsg = units->epsg;
    nu.path = units->path ? strdup(units->path) : NULL;
    nu.layer = units->layer ? strdup(units->layer) : NULL;
    nu.n_repaired = units->n_repaired;
  }
  if (!rc) {
    out->path = strdup(path);
    out->n_entries = n;
    out->n_units_before = units->n;
    out->n_units_after = m;
    int64_t merged = 0;
    for (int64_t k = 0; k < m; k++) {
      int64_t c = 0;
      for (int64_t i = 0; i < units->n; i++) c += out->old_to_new[i] == k;
      merged += c > 1;
    }
    (void)first;
    rn_report(ctx, "%s: %lld units -> %lld (%lld of them merged from several units)%s", path,
              (long long)units->n, (long long)m, (long long)merged,
              units->nattr ? "; fields summed over the merged units" : "");
    out->n_merged = merged;
    /* the old codes (sorted, as the units had them) for flows given in them */
    out->old_code = units->code;
    units->code = NULL;
    for (int64_t i = 0; i < units->n; i++) {
      free(units->name[i]);
      if (units->geom && units->geom[i]) GEOSGeom_destroy_r(ctx->geos, units->geom[i]);
    }
    free(units->name);
    free(units->geom);
    units->name = NULL;
    units->geom = NULL;
    units->n = 0;
    rn_units_destroy(ctx, units);
    *units = nu;
  } else {
    rn_units_destroy(ctx, &nu);
    free(out->old_to_new);
    out->old_to_new = NULL;
  }
  if (geom && rc)
    for (int64_t k = 0; k < m; k++)
      if (geom[k]) GEOSGeom_destroy_r(ctx->geos, geom[k]);
  free(geom);
  free(codes);
  free(names);
  free(first);
  free(mass);
  free(target);
  for (int64_t k = 0; k < n; k++) {
    free(e[k].from);
    free(e[k].to);
    free(e[k].name);
  }
  free(e);
  rn_sheet_close(&sh);
  return rc;
}

static int64_t old_find(const rn_units_map_t *m, const char *code) {
  int64_t lo = 0, hi = m->n_units_before - 1;
  while (lo <= hi) {
    int64_t mid = lo + (hi - lo) / 2;
    int c = strcmp(m->old_code[mid], code);
    if (!c) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

int rn_units_map_flows(rn_ctx_t *ctx, rn_units_map_t *m, const rn_flows_opts_t *fo,
                       const rn_units_t *merged, rn_flows_t *out) {
  rn_flows_init(out);
  /* the flows may name units before the map or after it: read them against both */
  int64_t ne = 0;
  char **codes = calloc((size_t)(merged->n + m->n_units_before) + 1, sizeof *codes);
  if (!codes) return rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t k = 0; k < merged->n; k++) codes[ne++] = merged->code[k];
  for (int64_t i = 0; i < m->n_units_before; i++)
    if (rn_units_find(merged, m->old_code[i]) < 0) codes[ne++] = m->old_code[i];
  rn_units_t ext;
  rn_flows_t raw;
  rn_flows_init(&raw);
  int rc = rn_units_from_arrays(ctx, ne, (const char *const *)codes, NULL, NULL, NULL, &ext);
  free(codes);
  if (rc) return rc;
  int64_t *t = malloc(sizeof *t * ((size_t)ne + 1));
  if (!t) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t k = 0; !rc && k < ne; k++) {
    int64_t j = rn_units_find(merged, ext.code[k]);
    t[k] = j >= 0 ? j : m->old_to_new[old_find(m, ext.code[k])];
  }
  if (!rc) rc = rn_flows_read(ctx, fo, &ext, &raw);
  rn_flows_builder_t *b = NULL;
  if (!rc) rc = rn_flows_builder_new(ctx, merged->n, &b);
  int64_t internal = 0;
  double internal_sum = 0;
  for (int64_t i = 0; !rc && i < ne; i++) {
    if (raw.diag[i] > 0) rc = rn_flows_builder_add(ctx, b, t[i], t[i], raw.diag[i]);
    for (int64_t k = raw.row[i]; !rc && k < raw.row[i + 1]; k++) {
      int64_t j = raw.col[k];
      if (t[i] == t[j]) internal++, internal_sum += raw.val[k];
      rc = rn_flows_builder_add(ctx, b, t[i], t[j], raw.val[k]);
    }
  }
  if (!rc) {
    rc = rn_flows_builder_finish(ctx, b, out);
    b = NULL;
  }
  if (!rc) {
    out->rows_read = raw.rows_read;
    out->rows_zero = raw.rows_zero;
    out->rows_dup = raw.rows_dup;
    out->rows_unknown = raw.rows_unknown;
    out->path = raw.path;
    raw.path = NULL;
    m->n_internal = internal;
    m->internal_sum = internal_sum;
    rn_report(ctx,
              "%s: flows recoded through %s: %lld pairs between units merged into one became "
              "internal (diagonal), %.10g in all",
              fo->path, m->path, (long long)internal, internal_sum);
  }
  rn_flows_builder_free(b);
  rn_flows_destroy(&raw);
  free(t);
  rn_units_destroy(ctx, &ext);
  return rc;
}
