/* `compare A B -o changes.gpkg [--confidence A_boot.gpkg]`: per unit both
 * regions (ids and names) and the change class, the lineage of A's regions,
 * styled by change; a change of a unit whose bootstrap confidence in A is
 * below 0.9 is within the noise of A: `moved (uncertain)`. */
#include "compare_out.h"
#include "provenance.h"
#include "algorithms/compare/changes.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#define RN_CONFIDENCE_CUT 0.9

/* "metro_id" -> "metro"; NULL when the field is not L_id */
static char *level_of(const char *field) {
  size_t n = strlen(field);
  if (n < 4 || strcmp(field + n - 3, "_id")) return NULL;
  return strndup(field, n - 3);
}

/* The region names of one side: from the level layer of a regionet output
 * (ids not found there, and other sources, are named by their id). */
typedef struct {
  char **ids, **names;
  int64_t n;
} names_t;

static int names_load(rn_ctx_t *ctx, const char *spec, names_t *nm) {
  memset(nm, 0, sizeof *nm);
  char *file, *layer, *field;
  int rc = rn_partition_spec_split(ctx, spec, &file, &layer, &field);
  char *level = rc == RN_OK ? level_of(field) : NULL;
  if (level) rc = rn_region_names_read(ctx, file, level, &nm->ids, &nm->names, &nm->n);
  free(level);
  free(file);
  free(layer);
  free(field);
  return rc;
}

static const char *name_of(const names_t *nm, const char *id) {
  if (!id) return NULL;
  for (int64_t k = 0; k < nm->n; k++)
    if (!strcmp(nm->ids[k], id)) return nm->names[k] ? nm->names[k] : id;
  return id;
}

static void names_free(names_t *nm) {
  for (int64_t k = 0; k < nm->n; k++) {
    free(nm->ids[k]);
    free(nm->names[k]);
  }
  free(nm->ids);
  free(nm->names);
}

/* --confidence FILE: the bootstrap's units layer, field L_confidence of A's L_id */
static int confidence_spec(rn_ctx_t *ctx, const char *given, const char *spec_a, char **out) {
  *out = NULL;
  struct stat st;
  if (stat(given, &st) != 0) return (*out = strdup(given)) ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
  char *file, *layer, *field;
  int rc = rn_partition_spec_split(ctx, spec_a, &file, &layer, &field);
  char *level = rc == RN_OK ? level_of(field) : NULL;
  if (rc == RN_OK && !level)
    rc = rn_error(ctx, RN_EPARAM, "--confidence: A's field '%s' is not a level's L_id; give "
                                  "--confidence FILE:units:L_confidence", field);
  if (rc == RN_OK) {
    size_t len = strlen(given) + strlen(level) + 32;
    if ((*out = malloc(len))) snprintf(*out, len, "%s:units:%s_confidence", given, level);
    else rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  free(level);
  free(file);
  free(layer);
  free(field);
  return rc;
}

static json_t *input_json(rn_ctx_t *ctx, const char *spec, int *rc) {
  char *file, *layer, *field;
  char sha[65] = "";
  if ((*rc = rn_partition_spec_split(ctx, spec, &file, &layer, &field)) == RN_OK)
    *rc = rn_file_sha256(ctx, strncmp(file, "CSV:", 4) ? file : file + 4, sha);
  json_t *o = json_pack("{s:s,s:s}", "spec", spec, "sha256", sha);
  free(file);
  free(layer);
  free(field);
  return o;
}

static int provenance(rn_ctx_t *ctx, int argc, char **argv, const char *spec_a, const char *spec_b,
                      const char *conf, char **out) {
  char versions[512], when[32];
  rn_versions_string(versions, sizeof versions);
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  json_t *cmd = json_array();
  json_array_append_new(cmd, json_string("regionet"));
  for (int k = 0; k < argc; k++) json_array_append_new(cmd, json_string(argv[k]));
  int rc = RN_OK;
  json_t *inputs = json_object();
  json_object_set_new(inputs, "a", input_json(ctx, spec_a, &rc));
  if (rc == RN_OK) json_object_set_new(inputs, "b", input_json(ctx, spec_b, &rc));
  if (rc == RN_OK && conf) json_object_set_new(inputs, "confidence", input_json(ctx, conf, &rc));
  json_t *root = json_pack("{s:s,s:o,s:o,s:f,s:s,s:s}", "tool", "regionet", "command", cmd,
                           "inputs", inputs, "uncertain_below", RN_CONFIDENCE_CUT, "versions",
                           versions, "run_at", when);
  *out = rc == RN_OK && root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
  json_decref(root);
  if (rc != RN_OK) return rc;
  return *out ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
}

int rn_compare_write_changes(rn_ctx_t *ctx, int argc, char **argv, const char *spec_a,
                             const char *spec_b, const char *id_field, const rn_partition_t *a,
                             const rn_partition_t *b, const rn_partition_comparison_t *c,
                             const char *confidence, const rn_output_opts_t *oo, FILE *out,
                             int quiet) {
  rn_output_opts_t o = *oo;
  rn_partition_t conf;
  rn_partition_init(&conf);
  rn_change_t *ch = NULL;
  int64_t n = 0;
  names_t na, nb;
  memset(&na, 0, sizeof na);
  memset(&nb, 0, sizeof nb);
  OGRGeometryH *geom = NULL;
  OGRSpatialReferenceH srs = NULL;
  char **codes = NULL, *cspec = NULL, *prov = NULL;
  const char **name_a = NULL, **name_b = NULL, **rname_a = NULL, **rname_b = NULL;
  rn_outset_t set;
  rn_outset_init(&set, o.overwrite);
  o.set = &set;
  /* the partitions' files are inputs: no output may be one of them */
  int rc = RN_OK, found = 0;
  const char *in[] = {spec_a, spec_b, confidence};
  for (int k = 0; k < 3 && rc == RN_OK; k++)
    if (in[k]) {
      char *file = strdup(in[k]), *colon = NULL;
      /* FILE[:LAYER]:FIELD: the file is what exists of its prefixes */
      while (file && (colon = strrchr(file, ':')) && access(file, F_OK) != 0) *colon = 0;
      rc = file ? rn_outset_input(ctx, &set, file) : rn_error(ctx, RN_ENOMEM, "out of memory");
      free(file);
    }
  if (rc == RN_OK) rc = rn_output_check(ctx, &o);
  if (rc == RN_OK && !rn_output_one_dataset(&o))
    rc = rn_error(ctx, RN_EPARAM, "compare -o: %s writes one layer per file: give .gpkg, .sqlite or .gml",
                  o.driver);
  if (rc == RN_OK) {
    char *side = rn_provenance_sidecar_path(o.path);
    rc = side ? rn_outset_add(ctx, &set, side, RN_OUT_CHECK) : rn_error(ctx, RN_ENOMEM, "out of memory");
    free(side);
  }
  if (rc == RN_OK && confidence && (rc = confidence_spec(ctx, confidence, spec_a, &cspec)) == RN_OK)
    rc = rn_partition_read(ctx, cspec, id_field, &conf);
  if (rc == RN_OK)
    rc = rn_partition_changes(ctx, a, b, confidence ? &conf : NULL, RN_CONFIDENCE_CUT, &ch, &n);
  if (rc == RN_OK && !(codes = malloc(sizeof *codes * (size_t)(n + 1))))
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; rc == RN_OK && i < n; i++) codes[i] = (char *)ch[i].code;
  /* the geometry of A's source, else B's */
  if (rc == RN_OK) rc = rn_unit_geometries_read(ctx, spec_a, id_field, n, codes, &geom, &srs, &found);
  if (rc == RN_OK && !found)
    rc = rn_unit_geometries_read(ctx, spec_b, id_field, n, codes, &geom, &srs, &found);
  if (rc == RN_OK && !found)
    rc = rn_error(ctx, RN_EPARAM, "compare -o: neither %s nor %s has unit geometry (give a "
                                  "regionet output's units layer as A or B)", spec_a, spec_b);
  if (rc == RN_OK && (rc = names_load(ctx, spec_a, &na)) == RN_OK) rc = names_load(ctx, spec_b, &nb);
  if (rc == RN_OK) {
    name_a = calloc((size_t)n + 1, sizeof *name_a);
    name_b = calloc((size_t)n + 1, sizeof *name_b);
    rname_a = calloc((size_t)c->nregions_a + 1, sizeof *rname_a);
    rname_b = calloc((size_t)c->nregions_b + 1, sizeof *rname_b);
    if (!name_a || !name_b || !rname_a || !rname_b) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  int64_t count[RN_CHANGE_ONLY_B + 1] = {0}, unc = 0;
  for (int64_t i = 0; rc == RN_OK && i < n; i++) {
    name_a[i] = name_of(&na, ch[i].region_a);
    name_b[i] = name_of(&nb, ch[i].region_b);
    count[ch[i].cls]++;
    unc += ch[i].uncertain;
  }
  for (int64_t r = 0; rc == RN_OK && r < c->nregions_a; r++) rname_a[r] = name_of(&na, c->region_a[r]);
  for (int64_t r = 0; rc == RN_OK && r < c->nregions_b; r++) rname_b[r] = name_of(&nb, c->region_b[r]);
  if (rc == RN_OK) rc = provenance(ctx, argc, argv, spec_a, spec_b, cspec, &prov);
  if (rc == RN_OK) {
    o.provenance = prov;
    rn_compare_out_t w = {.units = ch, .n = n, .name_a = name_a, .name_b = name_b, .geom = geom,
                          .srs = srs, .cmp = c, .rname_a = rname_a, .rname_b = rname_b,
                          .with_confidence = confidence != NULL};
    rc = rn_compare_write(ctx, &o, &w);
  }
  if (rc == RN_OK) rc = rn_provenance_sidecar(ctx, &set, o.path, prov);
  if (rc == RN_OK) rc = rn_outset_commit(ctx, &set);
  rn_outset_destroy(ctx, &set);
  if (rc == RN_OK && !quiet) {
    fprintf(out, "\nchanges: same %lld, moved %lld, joined %lld, left %lld",
            (long long)count[RN_CHANGE_SAME], (long long)count[RN_CHANGE_MOVED],
            (long long)count[RN_CHANGE_JOINED], (long long)count[RN_CHANGE_LEFT]);
    if (confidence) fprintf(out, " (%lld of the changes within A's noise: confidence < %g)", (long long)unc, RN_CONFIDENCE_CUT);
    fprintf(out, "\nwrote %s (layers: units, lineage)\n", o.path);
  }
  for (int64_t i = 0; geom && i < n; i++)
    if (geom[i]) OGR_G_DestroyGeometry(geom[i]);
  free(geom);
  if (srs) OSRDestroySpatialReference(srs);
  names_free(&na);
  names_free(&nb);
  free(name_a);
  free(name_b);
  free(rname_a);
  free(rname_b);
  free(codes);
  free(ch);
  free(cspec);
  free(prov);
  rn_partition_destroy(&conf);
  return rc;
}
