/* `regionet compare A B`: two partitions of the same units, each
 * FILE[:LAYER]:FIELD -> adjusted Rand index, NMI, VI and a split/merge table. */
#include "app_balance.h"
#include "app_options.h"
#include "compare_out.h"
#include "regionet/app.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *x, const void *y) {
  return strcmp(*(char *const *)x, *(char *const *)y);
}

static const char *region_name(const char *const *ids, int64_t r) {
  return r >= 0 ? ids[r] : "(none)";
}

/* A piece of a region: the part of it in one region of the other side. */
typedef struct {
  int64_t region, n;
} piece_t;

/* Pieces of region r of one side: cells with that region, in the other's order. */
static int64_t pieces_of(const rn_partition_comparison_t *c, int side_b, int64_t r, piece_t *buf) {
  int64_t k = 0;
  for (int64_t q = 0; q < c->ncells; q++) {
    const rn_partition_cell_t *cl = &c->cells[q];
    if ((side_b ? cl->b : cl->a) != r) continue;
    buf[k].region = side_b ? cl->a : cl->b;
    buf[k].n = cl->n;
    k++;
  }
  return k;
}

static json_t *json_codes(char *const *codes, int64_t n) {
  json_t *a = json_array();
  for (int64_t i = 0; i < n; i++) json_array_append_new(a, json_string(codes[i]));
  return a;
}

static json_t *json_num(double x) { return isfinite(x) ? json_real(x) : json_null(); }

/* The split (side A) or merge (side B) list; text to out, or JSON array. */
/* "id (name)" of region r, or the id when there are no names */
static const char *labelled(char *buf, size_t size, const char *const *ids, char *const *names,
                            int64_t r) {
  const char *id = region_name(ids, r);
  if (!names || r < 0 || !names[r] || !strcmp(names[r], id)) return id;
  snprintf(buf, size, "%s (%s)", id, names[r]);
  return buf;
}

static int64_t split_merge(FILE *out, json_t *arr, const rn_partition_comparison_t *c, int side_b,
                           piece_t *buf, char **const name[2]) {
  int64_t nreg = side_b ? c->nregions_b : c->nregions_a, count = 0;
  char *const *ids = side_b ? c->region_b : c->region_a;
  char *const *other = side_b ? c->region_a : c->region_b;
  const int64_t *size = side_b ? c->size_b : c->size_a;
  char *const *nself = name[side_b], *const *nother = name[!side_b];
  char l1[300], l2[300];
  for (int64_t r = 0; r < nreg; r++) {
    int64_t k = pieces_of(c, side_b, r, buf);
    if (k < 2) continue;
    count++;
    if (arr) {
      json_t *o = json_object(), *ps = json_array();
      json_object_set_new(o, "region", json_string(ids[r]));
      if (nself) json_object_set_new(o, "name", nself[r] ? json_string(nself[r]) : json_null());
      json_object_set_new(o, "units", json_integer(size[r]));
      for (int64_t q = 0; q < k; q++) {
        json_t *p = json_object();
        json_object_set_new(p, "region",
                            buf[q].region >= 0 ? json_string(other[buf[q].region]) : json_null());
        if (nother)
          json_object_set_new(p, "name", buf[q].region >= 0 && nother[buf[q].region]
                                             ? json_string(nother[buf[q].region])
                                             : json_null());
        json_object_set_new(p, "units", json_integer(buf[q].n));
        json_array_append_new(ps, p);
      }
      json_object_set_new(o, "pieces", ps);
      json_array_append_new(arr, o);
    } else {
      fprintf(out, "  %s (%lld units) %s ", labelled(l1, sizeof l1, (const char *const *)ids, nself, r),
              (long long)size[r], side_b ? "<-" : "->");
      for (int64_t q = 0; q < k; q++)
        fprintf(out, "%s%s %lld", q ? ", " : "",
                labelled(l2, sizeof l2, (const char *const *)other, nother, buf[q].region),
                (long long)buf[q].n);
      fputc('\n', out);
    }
  }
  return count;
}

/* Regions of a whole side (its labels, NULL: none): the header counts them
 * apart from the regions among the units compared. */
static int64_t regions_all(const rn_partition_t *p) {
  int64_t n = 0;
  char **l = malloc(sizeof *l * (size_t)(p->n + 1));
  if (!l) return -1;
  for (int64_t i = 0; i < p->n; i++)
    if (p->label[i]) l[n++] = p->label[i];
  qsort(l, (size_t)n, sizeof *l, cmp_str);
  int64_t r = 0;
  for (int64_t i = 0; i < n; i++) r += i == 0 || strcmp(l[i], l[i - 1]) != 0;
  free(l);
  return r;
}

/* Fewer than two units compared say nothing (an index of one unit is 1 or
 * 0/0): an error, with a hint when codes of A are near twins of B's. */
static int too_few(rn_ctx_t *ctx, const rn_partition_t *a, const rn_partition_t *b,
                   const rn_partition_comparison_t *c) {
  char hint[300] = "";
  for (int64_t i = 0; i < c->n_only_a && !hint[0]; i++) {
    char h[240];
    rn_code_hint(b->code, b->n, c->only_a[i], strlen(c->only_a[i]), h, sizeof h);
    if (h[0]) snprintf(hint, sizeof hint, "; A's '%.40s'%s", c->only_a[i], h);
  }
  return rn_error(ctx, RN_EINPUT,
                  "%s and %s: %lld units in both, %lld compared (of %lld and %lld); at least two "
                  "are needed%s",
                  a->source, b->source, (long long)c->n_common, (long long)c->n_compared,
                  (long long)a->n, (long long)b->n, hint);
}

/* The name of each region of a side: the --name field of the unit whose code
 * is the region id (regionet names a region after its principal core), else
 * of its first unit in code order. Read as a second partition of the same
 * spec with the name field in place of the region field. */
static int region_names(rn_ctx_t *ctx, const char *spec, const char *id, const char *field,
                        const rn_partition_t *p, char **regions, int64_t nr, char ***out) {
  *out = NULL;
  const char *colon = strrchr(spec, ':');
  size_t stem = colon ? (size_t)(colon - spec) : strlen(spec);
  char *s2 = malloc(stem + strlen(field) + 2);
  if (!s2) return rn_error(ctx, RN_ENOMEM, "out of memory");
  snprintf(s2, stem + strlen(field) + 2, "%.*s:%s", (int)stem, spec, field);
  rn_partition_t nm;
  rn_partition_init(&nm);
  int rc = rn_partition_read(ctx, s2, id, &nm);
  free(s2);
  if (rc != RN_OK) return rc;
  char **names = calloc((size_t)nr + 1, sizeof *names);
  if (!names) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t r = 0; !rc && r < nr; r++) {
    const char *best = NULL;
    for (int64_t i = 0; i < nm.n && !best; i++)
      if (!strcmp(nm.code[i], regions[r])) best = nm.label[i];
    for (int64_t i = 0; i < p->n && !best; i++)
      if (p->label[i] && !strcmp(p->label[i], regions[r]))
        for (int64_t k = 0; k < nm.n && !best; k++)
          if (!strcmp(nm.code[k], p->code[i])) best = nm.label[k];
    names[r] = best ? strdup(best) : NULL;
  }
  rn_partition_destroy(&nm);
  *out = names;
  return rc;
}

static void list_codes(FILE *out, const char *what, char *const *codes, int64_t n) {
  if (!n) return;
  fprintf(out, "units only in %s (%lld):", what, (long long)n);
  for (int64_t i = 0; i < n; i++) fprintf(out, " %s", codes[i]);
  fputc('\n', out);
}

int rn_app_compare(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  rn_opt_t opts[] = {
      {"--id", NULL, 1, "unit code field on both sides (default: code)", NULL},
      {"--id-a", NULL, 1, "unit code field of A (default: --id)", NULL},
      {"--id-b", NULL, 1, "unit code field of B (default: --id)", NULL},
      {"--name", NULL, 1, "name field (on both sides) shown beside region ids", NULL},
      {"--nulls", NULL, 1, "units in no region: singleton (default), class or drop", NULL},
      {"--json", NULL, 0, "print JSON", NULL},
      {"--balance", NULL, 0, "A, B: two delineate outputs; the change of each balance figure", NULL},
      {"--output", "-o", 1, "write the change of every unit (needs unit geometry in A or B)", NULL},
      {"--format", "-f", 1, "OGR driver of the output (default GPKG)", NULL},
      {"--confidence", NULL, 1, "a bootstrap of A (FILE, or FILE:LAYER:FIELD): mark changes within its noise", NULL},
      {"--overwrite", NULL, 0, "replace an existing output", NULL},
      {"--help", "-h", 0, "this help", NULL},
      {NULL, NULL, 0, NULL, NULL}};
  const char *pos[2];
  int npos, rc = rn_opts_parse(ctx, "compare", argc, argv, opts, pos, 2, &npos);
  if (rc != RN_OK) return rc;
  if (rn_opt(opts, "--help")) {
    rn_opts_help(out, "compare", "[--id FIELD | --id-a F --id-b F] [--name FIELD] A B [--json] [-o CHANGES.gpkg [--confidence A_BOOT.gpkg]]\n  A, B: FILE[:LAYER]:FIELD (FIELD holds the region id)", opts);
    return RN_OK;
  }
  if (npos == 2 && rn_opt(opts, "--balance"))
    return rn_compare_balance(ctx, pos[0], pos[1], rn_opt(opts, "--json") != NULL, out);
  if (npos != 2) return rn_error(ctx, RN_EPARAM, "compare: give two partitions A and B (FILE[:LAYER]:FIELD)");
  rn_nulls_t nulls = RN_NULLS_SINGLETON;
  const char *s = rn_opt(opts, "--nulls");
  if (s && rn_nulls_parse(s, &nulls) != RN_OK)
    return rn_error(ctx, RN_EPARAM, "--nulls: '%s' is not singleton, class or drop", s);
  const char *id = rn_opt(opts, "--id") ? rn_opt(opts, "--id") : "code";
  rn_partition_t a, b;
  rn_partition_init(&a);
  rn_partition_init(&b);
  rn_partition_comparison_t c;
  rn_partition_comparison_init(&c);
  piece_t *buf = NULL;
  const char *ida = rn_opt(opts, "--id-a") ? rn_opt(opts, "--id-a") : id;
  const char *idb = rn_opt(opts, "--id-b") ? rn_opt(opts, "--id-b") : id;
  char **names[2] = {NULL, NULL};
  if ((rc = rn_partition_read(ctx, pos[0], ida, &a)) != RN_OK) goto done;
  if ((rc = rn_partition_read(ctx, pos[1], idb, &b)) != RN_OK) goto done;
  if ((rc = rn_partition_compare(ctx, &a, &b, nulls, &c)) != RN_OK) goto done;
  if (c.n_compared < 2) {
    rc = too_few(ctx, &a, &b, &c);
    goto done;
  }
  int64_t all_a = regions_all(&a), all_b = regions_all(&b);
  if (rn_opt(opts, "--name")) {
    if ((rc = region_names(ctx, pos[0], ida, rn_opt(opts, "--name"), &a, c.region_a,
                           c.nregions_a, &names[0])) != RN_OK ||
        (rc = region_names(ctx, pos[1], idb, rn_opt(opts, "--name"), &b, c.region_b,
                           c.nregions_b, &names[1])) != RN_OK)
      goto done;
  }
  if (!(buf = malloc(sizeof *buf * (size_t)(c.ncells + 1)))) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  if (rn_opt(opts, "--confidence") && !rn_opt(opts, "--output")) {
    rc = rn_error(ctx, RN_EPARAM, "--confidence goes with -o (the changes' layer)");
    goto done;
  }
  if (rn_opt(opts, "--output")) {
    rn_output_opts_t oo = {.path = rn_opt(opts, "--output"), .format = rn_opt(opts, "--format"),
                           .overwrite = rn_opt(opts, "--overwrite") != NULL};
    if ((rc = rn_compare_write_changes(ctx, argc, argv, pos[0], pos[1], id, &a, &b, &c,
                                       rn_opt(opts, "--confidence"), &oo,
                                       rn_opt(opts, "--json") ? stderr : out, 0)) != RN_OK)
      goto done;
  }
  static const char *const null_names[] = {"singleton", "class", "drop"};
  if (rn_opt(opts, "--json")) {
    json_t *o = json_object(), *sa = json_object(), *sb = json_object();
    json_object_set_new(sa, "source", json_string(a.source));
    json_object_set_new(sa, "units", json_integer(a.n));
    json_object_set_new(sa, "regions", json_integer(c.nregions_a));
    json_object_set_new(sa, "regions_all", json_integer(all_a));
    json_object_set_new(sa, "no_region", json_integer(c.n_null_a));
    json_object_set_new(sa, "only_here", json_codes(c.only_a, c.n_only_a));
    json_object_set_new(sb, "source", json_string(b.source));
    json_object_set_new(sb, "units", json_integer(b.n));
    json_object_set_new(sb, "regions", json_integer(c.nregions_b));
    json_object_set_new(sb, "regions_all", json_integer(all_b));
    json_object_set_new(sb, "no_region", json_integer(c.n_null_b));
    json_object_set_new(sb, "only_here", json_codes(c.only_b, c.n_only_b));
    json_object_set_new(o, "a", sa);
    json_object_set_new(o, "b", sb);
    json_object_set_new(o, "units_common", json_integer(c.n_common));
    json_object_set_new(o, "units_compared", json_integer(c.n_compared));
    json_object_set_new(o, "nulls", json_string(null_names[nulls]));
    json_object_set_new(o, "adjusted_rand", json_num(c.ari));
    json_object_set_new(o, "rand", json_num(c.rand));
    json_object_set_new(o, "nmi", json_num(c.nmi));
    json_object_set_new(o, "vi", json_num(c.vi));
    json_t *sp = json_array(), *mg = json_array();
    split_merge(NULL, sp, &c, 0, buf, names);
    split_merge(NULL, mg, &c, 1, buf, names);
    json_object_set_new(o, "split", sp);
    json_object_set_new(o, "merged", mg);
    char *txt = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(o);
    if (txt) fprintf(out, "%s\n", txt);
    free(txt);
    goto done;
  }
  /* counts of a whole side, then of the units in both (those compared) */
  fprintf(out, "A: %s: %lld units in %lld regions; of the units in both: %lld regions, %lld in no region\n",
          a.source, (long long)a.n, (long long)all_a, (long long)c.nregions_a, (long long)c.n_null_a);
  fprintf(out, "B: %s: %lld units in %lld regions; of the units in both: %lld regions, %lld in no region\n",
          b.source, (long long)b.n, (long long)all_b, (long long)c.nregions_b, (long long)c.n_null_b);
  fprintf(out, "units in both: %lld; compared: %lld (units in no region: %s)\n",
          (long long)c.n_common, (long long)c.n_compared, null_names[nulls]);
  list_codes(out, "A", c.only_a, c.n_only_a);
  list_codes(out, "B", c.only_b, c.n_only_b);
  fprintf(out, "\nadjusted Rand index            %.6f\n", c.ari);
  fprintf(out, "Rand index                     %.6f\n", c.rand);
  fprintf(out, "normalised mutual information  %.6f\n", c.nmi);
  fprintf(out, "variation of information       %.6f\n", c.vi);
  fprintf(out, "\nregions of A split across B (region (units) -> pieces in B with units):\n");
  if (!split_merge(out, NULL, &c, 0, buf, names)) fprintf(out, "  none\n");
  fprintf(out, "\nregions of B merging several of A (region (units) <- pieces of A with units):\n");
  if (!split_merge(out, NULL, &c, 1, buf, names)) fprintf(out, "  none\n");
done:
  for (int k = 0; k < 2; k++) {
    int64_t nr = k ? c.nregions_b : c.nregions_a;
    for (int64_t r = 0; names[k] && r < nr; r++) free(names[k][r]);
    free(names[k]);
  }
  free(buf);
  rn_partition_comparison_destroy(&c);
  rn_partition_destroy(&a);
  rn_partition_destroy(&b);
  return rc;
}
