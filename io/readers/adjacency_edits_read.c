/* Unit pairs that amend the adjacency (a bridge, a ferry; a ridge with no
 * road), from a CSV file: a header, then the two unit codes of a pair in the
 * first two columns; further columns (a name, a year, a source) are the
 * user's notes and not read. */
#include "readers_internal.h"

#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>

void rn_adjacency_edits_init(rn_adjacency_edits_t *e) { memset(e, 0, sizeof *e); }

void rn_adjacency_edits_destroy(rn_adjacency_edits_t *e) {
  free(e->path);
  free(e->a);
  free(e->b);
  free(e->line);
  free(e->noop);
  rn_adjacency_edits_init(e);
}

static int grow(rn_adjacency_edits_t *e, int64_t *cap) {
  if (e->n < *cap) return 1;
  int64_t c = *cap ? 2 * *cap : 64;
  int64_t *a = realloc(e->a, sizeof *a * (size_t)c);
  if (a) e->a = a;
  int64_t *b = realloc(e->b, sizeof *b * (size_t)c);
  if (b) e->b = b;
  int64_t *l = realloc(e->line, sizeof *l * (size_t)c);
  if (l) e->line = l;
  if (!a || !b || !l) return 0;
  *cap = c;
  return 1;
}

typedef struct {
  int64_t a, b, k;
} key_t;
static int cmp_key(const void *x, const void *y) {
  const key_t *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  if (p->b != q->b) return p->b < q->b ? -1 : 1;
  return (p->k > q->k) - (p->k < q->k);
}

/* The first pair given twice, as the later one's index (and *first the
 * earlier's), or -1. */
static int64_t first_duplicate(const rn_adjacency_edits_t *e, int64_t *first) {
  key_t *k = malloc(sizeof *k * (size_t)(e->n + 1));
  if (!k) return -2;
  for (int64_t i = 0; i < e->n; i++) k[i] = (key_t){e->a[i], e->b[i], i};
  qsort(k, (size_t)e->n, sizeof *k, cmp_key);
  int64_t dup = -1;
  /* within a group of equal pairs (sorted by index) the second is the
   * earliest repeat; report the earliest of those */
  for (int64_t i = 1; i < e->n; i++) {
    int same = k[i].a == k[i - 1].a && k[i].b == k[i - 1].b;
    int second = same && (i == 1 || k[i - 2].a != k[i].a || k[i - 2].b != k[i].b);
    if (second && (dup < 0 || k[i].k < dup)) {
      dup = k[i].k;
      *first = k[i - 1].k;
    }
  }
  free(k);
  return dup;
}

int rn_adjacency_edits_read(rn_ctx_t *ctx, const char *path, const rn_units_t *units, int remove,
                            rn_adjacency_edits_t *out) {
  rn_adjacency_edits_init(out);
  out->remove = remove;
  const char *const opt = remove ? "--adjacency-remove" : "--adjacency-add";
  const char *allowed[] = {"CSV", NULL};
  const char *oo[] = {"HEADERS=YES", "AUTODETECT_TYPE=NO", NULL};
  /* OGR reads no one-column CSV at all: say what is missing */
  char *line1 = rn_csv_first_line(path);
  int one_column = line1 && !strpbrk(line1, ",;\t|");
  free(line1);
  if (one_column)
    return rn_error(ctx, RN_EINPUT,
                    "%s: %s needs a header and two columns of unit codes (e.g. a,b,name)", path,
                    opt);
  size_t plen = strlen(path);
  int csv_ext = plen > 4 && !strcasecmp(path + plen - 4, ".csv");
  char *open_path = csv_ext ? strdup(path) : CPLStrdup(CPLSPrintf("CSV:%s", path));
  GDALDatasetH ds = NULL;
  rn_csv_lines_t lines = {0};
  int64_t cap = 0;
  int rc = rn_io_open_vector(ctx, open_path, allowed, oo, &ds);
  if (csv_ext) free(open_path);
  else CPLFree(open_path);
  if (rc != RN_OK) goto done;
  OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
  if (OGR_FD_GetFieldCount(defn) < 2) {
    char list[512];
    rn_io_field_list(defn, NULL, list, sizeof list);
    rc = rn_error(ctx, RN_EINPUT,
                  "%s: %s needs a header and two columns of unit codes (e.g. a,b,name); "
                  "columns: %s", path, opt, list);
    goto done;
  }
  /* OGR numbers records; messages cite file lines (header = line 1) */
  if ((rc = rn_csv_lines_scan(ctx, path, &lines)) != RN_OK) goto done;
  int lines_ok = lines.n == OGR_L_GetFeatureCount(lyr, TRUE) + 1;
  OGR_L_ResetReading(lyr);
  OGRFeatureH f;
  int64_t rec = 0;
  while (rc == RN_OK && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
    rec++;
    int64_t line = lines_ok ? lines.line[rec] : rec + 1;
    char *code[2];
    int64_t id[2];
    for (int k = 0; k < 2; k++) {
      char *raw = rn_io_field_text(f, k, NULL);
      code[k] = rn_io_trim(raw ? raw : "");
      free(raw);
    }
    OGR_F_Destroy(f);
    for (int k = 0; k < 2 && rc == RN_OK; k++) {
      if (!code[k] || !code[k][0])
        rc = rn_error(ctx, RN_EINPUT, "%s:%lld: a pair needs two unit codes (columns 1 and 2)",
                      path, (long long)line);
      else if ((id[k] = rn_units_find(units, code[k])) < 0)
        rc = rn_error(ctx, RN_EINPUT,
                      "%s:%lld: unknown unit code '%s' (codes are compared as text)", path,
                      (long long)line, code[k]);
    }
    if (rc == RN_OK && id[0] == id[1])
      rc = rn_error(ctx, RN_EINPUT, "%s:%lld: unit '%s' is paired with itself", path,
                    (long long)line, code[0]);
    free(code[0]);
    free(code[1]);
    if (rc != RN_OK) break;
    if (!grow(out, &cap)) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      break;
    }
    out->a[out->n] = id[0] < id[1] ? id[0] : id[1];
    out->b[out->n] = id[0] < id[1] ? id[1] : id[0];
    out->line[out->n++] = line;
  }
  if (rc != RN_OK) goto done;
  if (out->n == 0) {
    rc = rn_error(ctx, RN_EINPUT, "%s: %s: no pairs (only a header?)", path, opt);
    goto done;
  }
  int64_t first = -1, dup = first_duplicate(out, &first);
  if (dup == -2) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  else if (dup >= 0)
    rc = rn_error(ctx, RN_EINPUT, "%s:%lld: the pair %s,%s repeats line %lld", path,
                  (long long)out->line[dup], units->code[out->a[dup]], units->code[out->b[dup]],
                  (long long)out->line[first]);
  if (rc == RN_OK && !(out->noop = calloc((size_t)out->n, 1)))
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  if (rc == RN_OK && !(out->path = strdup(path))) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
done:
  rn_csv_lines_free(&lines);
  if (ds) GDALClose(ds);
  if (rc != RN_OK) {
    rn_adjacency_edits_destroy(out);
    out->remove = remove;
  }
  return rc;
}
