/* Option parsing and input loading shared by the apps. */
#include "app_options.h"
#include "progress_stage.h"
#include "io/readers/units_forms.h"

#include <cpl_string.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static rn_opt_t *find(rn_opt_t *opts, const char *arg) {
  for (rn_opt_t *o = opts; o->name; o++)
    if (!strcmp(o->name, arg) || (o->alias && !strcmp(o->alias, arg))) return o;
  return NULL;
}

/* A file to read must be a regular file (or a folder, which some OGR
 * formats are): open() on a FIFO blocks until a writer comes, a device may
 * never end. stat() itself does not block. Names that are not local files
 * (PG:..., /vsizip/...) are left to GDAL. */
static int input_file(rn_ctx_t *ctx, const char *opt, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) return RN_OK;
  const char *what = S_ISFIFO(st.st_mode)   ? "a FIFO (named pipe)"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "a device";
  return rn_error(ctx, RN_EIO, "%s: %s is %s, not a regular file: save the data to a file first",
                  opt, path, what);
}

/* The parser proper; collect != NULL also gathers every value of that option
 * into *list (rn_opt_t has one value slot, and growing the struct would touch
 * every options table). */
static int parse(rn_ctx_t *ctx, const char *cmd, int argc, char **argv, rn_opt_t *opts,
                 const char **pos, int maxpos, int *npos, const char *collect, char ***list) {
  *npos = 0;
  for (int k = 1; k < argc; k++) {
    const char *a = argv[k];
    if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9')) {
      char name[128];
      const char *eq = strchr(a, '=');
      size_t len = eq && a[1] == '-' ? (size_t)(eq - a) : strlen(a);
      if (len >= sizeof name) len = sizeof name - 1;
      memcpy(name, a, len);
      name[len] = 0;
      rn_opt_t *o = find(opts, name);
      if (!o) return rn_error(ctx, RN_EPARAM, "%s: unknown option '%s' (see --help)", cmd, name);
      if (!o->takes_value) {
        /* --help=man: the same table as a manual page (rn_opts_help) */
        o->value = eq && a[1] == '-' && !strcmp(o->name, "--help") ? eq + 1 : "1";
      } else if (eq && a[1] == '-') {
        o->value = eq + 1;
      } else {
        if (k + 1 >= argc) return rn_error(ctx, RN_EPARAM, "%s: option %s needs a value", cmd, name);
        o->value = argv[++k];
      }
      if (collect && !strcmp(o->name, collect)) *list = CSLAddString(*list, o->value);
      int rc = o->takes_value == RN_OPT_FILE ? input_file(ctx, o->name, o->value) : RN_OK;
      if (rc != RN_OK) return rc;
    } else {
      if (*npos >= maxpos) return rn_error(ctx, RN_EPARAM, "%s: unexpected argument '%s'", cmd, a);
      pos[(*npos)++] = a;
    }
  }
  return RN_OK;
}

int rn_opts_parse(rn_ctx_t *ctx, const char *cmd, int argc, char **argv, rn_opt_t *opts,
                  const char **pos, int maxpos, int *npos) {
  return parse(ctx, cmd, argc, argv, opts, pos, maxpos, npos, NULL, NULL);
}

char **rn_opt_list(int argc, char **argv, rn_opt_t *opts, const char *name) {
  rn_ctx_t quiet = {0};
  const char *pos[64];
  int npos;
  char **list = NULL;
  /* argv was parsed once already, so this pass cannot fail on the options;
   * positionals beyond pos are of no interest here */
  parse(&quiet, "", argc, argv, opts, pos, 64, &npos, name, &list);
  return list;
}

const char *rn_opt(const rn_opt_t *opts, const char *name) {
  for (const rn_opt_t *o = opts; o->name; o++)
    if (!strcmp(o->name, name)) return o->value;
  return NULL;
}

void rn_opts_help(FILE *out, const char *cmd, const char *synopsis, const rn_opt_t *opts) {
  const char *h = rn_opt(opts, "--help");
  if (h && !strcmp(h, "man")) {
    rn_opts_man(out, cmd, synopsis, opts);
    return;
  }
  fprintf(out, "usage: regionet %s %s\n\noptions:\n", cmd, synopsis);
  for (const rn_opt_t *o = opts; o->name; o++) {
    char left[64];
    snprintf(left, sizeof left, "%s%s%s%s", o->alias ? o->alias : "", o->alias ? ", " : "",
             o->name, o->takes_value ? " X" : "");
    fprintf(out, "  %-24s %s\n", left, o->help);
  }
}

void rn_inputs_init(rn_inputs_t *in) {
  memset(in, 0, sizeof *in);
  rn_units_init(&in->units);
  rn_flows_init(&in->flows);
  rn_adjacency_init(&in->adj);
}

static void *hash_thread(void *arg) {
  rn_inputs_t *in = arg;
  rn_ctx_t c;
  memset(&c, 0, sizeof c); /* rn_file_sha256 only sets the error text */
  in->hash_rc = rn_file_sha256(&c, in->units.path, in->units_sha);
  if (in->hash_rc == RN_OK) in->hash_rc = rn_file_sha256(&c, in->flows.path, in->flows_sha);
  if (in->hash_rc != RN_OK) snprintf(in->hash_err, sizeof in->hash_err, "%.500s", c.err);
  return NULL;
}

/* Start hashing the input files (or, if no thread can start, leave it to
 * rn_inputs_hashes). */
static void hashes_start(rn_inputs_t *in) {
  in->hashing = in->units.path && in->flows.path &&
                pthread_create(&in->hasher, NULL, hash_thread, in) == 0;
}

int rn_inputs_hashes(rn_ctx_t *ctx, rn_inputs_t *in, const char **units_sha,
                     const char **flows_sha) {
  if (in->hashing) {
    pthread_join(in->hasher, NULL);
    in->hashing = 0;
    if (in->hash_rc != RN_OK) return rn_error(ctx, in->hash_rc, "%s", in->hash_err);
  } else if (!in->units_sha[0]) {
    int rc = rn_file_sha256(ctx, in->units.path, in->units_sha);
    if (rc == RN_OK) rc = rn_file_sha256(ctx, in->flows.path, in->flows_sha);
    if (rc != RN_OK) return rc;
  }
  *units_sha = in->units_sha;
  *flows_sha = in->flows_sha;
  return RN_OK;
}

void rn_inputs_destroy(rn_ctx_t *ctx, rn_inputs_t *in) {
  if (in->hashing) pthread_join(in->hasher, NULL);
  in->hashing = 0;
  rn_adjacency_edits_destroy(&in->edits[0]);
  rn_adjacency_edits_destroy(&in->edits[1]);
  rn_adjacency_destroy(&in->adj);
  rn_flows_destroy(&in->flows);
  rn_units_destroy(ctx, &in->units);
}

/* Reading the flows on a thread of its own: a private context without
 * progress (its reports go out as they come, a line at a time), whose error
 * is copied back. */
typedef struct {
  rn_ctx_t ctx;
  const rn_flows_opts_t *fo;
  const rn_units_t *units;
  rn_flows_t *flows;
  int rc;
  double secs;
  pthread_t thread;
} flows_job_t;

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void *flows_thread(void *arg) {
  flows_job_t *j = arg;
  double t0 = now_s();
  j->rc = rn_flows_read(&j->ctx, j->fo, j->units, j->flows);
  j->secs = now_s() - t0;
  return NULL;
}

static int flows_start(rn_ctx_t *ctx, const rn_flows_opts_t *fo, const rn_units_t *units,
                       rn_flows_t *flows, flows_job_t *j) {
  memset(j, 0, sizeof *j);
  j->ctx = *ctx;
  j->ctx.geos = NULL; /* the flow readers use no GEOS */
  j->ctx.progress = NULL;
  j->ctx.timings = NULL;
  j->fo = fo;
  j->units = units;
  j->flows = flows;
  return pthread_create(&j->thread, NULL, flows_thread, j) == 0;
}

static int flows_join(rn_ctx_t *ctx, flows_job_t *j) {
  pthread_join(j->thread, NULL);
  if (j->rc != RN_OK) memcpy(ctx->err, j->ctx.err, sizeof ctx->err);
  if (ctx->timings) fprintf(ctx->timings, "  %-28s %8.3f s (alongside)\n", "read flows", j->secs);
  return j->rc;
}

int rn_inputs_load(rn_ctx_t *ctx, const rn_opt_t *opts, int need_adj, const char *const *extra,
                   int nextra, rn_inputs_t *in) {
  if (!rn_opt(opts, "--flows")) return rn_error(ctx, RN_EPARAM, "--flows FILE is required");
  rn_flows_opts_t fo = {.path = rn_opt(opts, "--flows"),
                        .layer = rn_opt(opts, "--flows-layer"),
                        .origin = rn_opt(opts, "--origin"),
                        .dest = rn_opt(opts, "--dest"),
                        .value = rn_opt(opts, "--value"),
                        .encoding = rn_opt(opts, "--flows-encoding"),
                        .drop_unknown = rn_opt(opts, "--drop-unknown") != NULL,
                        .layout = rn_opt(opts, "--flows-layout"),
                        .where = rn_opt(opts, "--flows-where"),
                        .sql = rn_opt(opts, "--flows-sql")};
  const char *dm = rn_opt(opts, "--decimal");
  if (dm && ((dm[0] != '.' && dm[0] != ',') || dm[1]))
    return rn_error(ctx, RN_EPARAM, "--decimal: '%s' is not . or ,", dm);
  fo.decimal = dm ? dm[0] : 0;
  const char *units = rn_opt(opts, "--units"), *eg = rn_opt(opts, "--empty-geometry");
  int rc, empty = 0;
  if (eg && !strcmp(eg, "drop")) empty = 1;
  else if (eg && !strcmp(eg, "island")) empty = 2;
  else if (eg)
    return rn_error(ctx, RN_EPARAM, "--empty-geometry: '%s' is not drop or island", eg);
  if (!units || !strcmp(units, "grid")) {
    /* the units are the codes of the flows (cells of the grid, or none) */
    if (nextra > 0)
      return rn_error(ctx, RN_EPARAM,
                      "field '%s' is a unit field: give --units FILE (a table or boundaries) "
                      "holding it",
                      extra[0]);
    if (rn_opt(opts, "--mass"))
      return rn_error(ctx, RN_EPARAM, "--mass names a unit field: give --units FILE holding it");
    rc = rn_units_from_flows(ctx, &fo, units ? 1 : -1, &in->units);
  } else {
    if (!rn_opt(opts, "--id"))
      return rn_error(ctx, RN_EPARAM, "--id FIELD (the unit code field) is required");
    rn_units_opts_t uo = {.path = units,
                          .layer = rn_opt(opts, "--units-layer"),
                          .id_field = rn_opt(opts, "--id"),
                          .name_field = rn_opt(opts, "--name"),
                          .mass_field = rn_opt(opts, "--mass"),
                          .crs = rn_opt(opts, "--crs"),
                          .src_crs = rn_opt(opts, "--src-crs"),
                          .encoding = rn_opt(opts, "--encoding"),
                          .extra_fields = extra,
                          .n_extra = nextra,
                          .extra_code = in->extra_code,
                          .empty_geometry = empty};
    rc = rn_units_read(ctx, &uo, &in->units);
  }
  if (rc != RN_OK) return rc;
  in->mass_field = rn_opt(opts, "--mass");
  rn_ctx_mark(ctx, "read units");
  const char *map = rn_opt(opts, "--units-map");
  rn_units_map_t um;
  memset(&um, 0, sizeof um);
  if (map && (rc = rn_units_map_apply(ctx, map, &in->units, &um)) != RN_OK) return rc;
  if (!rn_units_have_geometry(&in->units)) {
    /* no boundaries, no neighbours: only methods without contiguity run */
    in->no_geometry = 1;
    const char *c = rn_opt(opts, "--contiguity");
    if (need_adj && c && !strcmp(c, "enforce"))
      return rn_error(ctx, RN_EPARAM,
                      "units without geometry have no neighbours: --contiguity enforce needs "
                      "boundaries (--units FILE with polygons); give --contiguity ignore");
    if (need_adj)
      rn_report(ctx, "units without geometry: contiguity ignored (no neighbours to enforce)");
    need_adj = 0;
  }
  if ((rc = rn_inputs_edits_read(ctx, opts, need_adj, in)) != RN_OK) return rc;
  double tol = RN_ADJ_DEFAULT_TOLERANCE;
  const char *snap = rn_opt(opts, "--snap");
  if (snap) {
    char *end;
    tol = strtod(snap, &end);
    if (*end || !(tol >= 0))
      return rn_error(ctx, RN_EPARAM, "--snap: '%s' is not a distance >= 0", snap);
  }
  int dropping = 0;
  for (int64_t i = 0; empty == 1 && !in->no_geometry && i < in->units.n; i++)
    dropping |= !in->units.geom[i];
  if (map || dropping) {
    /* the flows (recoded through the map), units without geometry dropped
     * with their flows, then the neighbours of the units that are left */
    if (map) {
      rc = rn_units_map_flows(ctx, &um, &fo, &in->units, &in->flows);
      if (rc == RN_OK) rc = rn_file_sha256(ctx, map, in->map_sha);
      snprintf(in->map_path, sizeof in->map_path, "%s", map);
      in->map_before = um.n_units_before;
      in->map_after = um.n_units_after;
      in->map_merged = um.n_merged;
      in->map_internal = um.n_internal;
      in->map_internal_sum = um.internal_sum;
      rn_units_map_destroy(&um);
    } else {
      rc = rn_flows_read(ctx, &fo, &in->units, &in->flows);
    }
    if (rc == RN_OK && dropping) rc = rn_units_drop_empty(ctx, &in->units, &in->flows);
    if (rc != RN_OK) return rc;
    rn_ctx_mark(ctx, "read flows");
    if (need_adj) {
      if ((rc = rn_adjacency_build(ctx, &in->units, tol, &in->adj)) != RN_OK) return rc;
      in->have_adj = 1;
    }
    hashes_start(in);
    return rn_progress(ctx, 1.0, "inputs read") ? RN_OK
                                                : rn_error(ctx, RN_EINTERRUPT, "interrupted");
  }
  if (!need_adj) {
    if ((rc = rn_flows_read(ctx, &fo, &in->units, &in->flows)) != RN_OK) return rc;
    rn_ctx_mark(ctx, "read flows");
    hashes_start(in);
    return rn_progress(ctx, 1.0, "inputs read") ? RN_OK
                                                : rn_error(ctx, RN_EINTERRUPT, "interrupted");
  }
  /* the flows are read on another thread while this one builds the
   * adjacency: neither needs the other, only the units */
  if ((rc = rn_adjacency_check_tolerance(ctx, &in->units, tol)) != RN_OK) return rc;
  flows_job_t job;
  int bg = flows_start(ctx, &fo, &in->units, &in->flows, &job);
  if (!bg && (rc = rn_flows_read(ctx, &fo, &in->units, &in->flows)) != RN_OK) return rc;
  rn_stage_t st;
  rn_stage_begin(ctx, 0.0, 1.0, &st);
  rc = rn_adjacency_build(ctx, &in->units, tol, &in->adj);
  rn_stage_end(ctx, &st);
  int frc = bg ? flows_join(ctx, &job) : RN_OK;
  /* the flows' error first, as when they were read before the adjacency */
  if (frc != RN_OK) return frc;
  if (rc != RN_OK) return rc;
  if ((rc = rn_inputs_edits_apply(ctx, in)) != RN_OK) return rc;
  rn_ctx_mark(ctx, bg ? "adjacency (flows alongside)" : "flows and adjacency");
  in->have_adj = 1;
  hashes_start(in);
  return RN_OK;
}

int rn_opt_threads(rn_ctx_t *ctx, const rn_opt_t *opts, int *n) {
  const char *th = rn_opt(opts, "--threads");
  *n = 0;
  if (!th) return RN_OK;
  char *end;
  long t = strtol(th, &end, 10);
  if (end == th || *end || t < 1 || t > 256)
    return rn_error(ctx, RN_EPARAM, "--threads: '%s' is not a number of threads (1-256)", th);
  *n = (int)t;
  return RN_OK;
}

char **rn_app_method_options(const rn_opt_t *opts, int with_seed, const char **extra,
                              unsigned char *extra_code, int *nextra) {
  static const char *const keys[] = {
      "--threshold", "--central-field", "--area-field", "--employed-field", "--jobs-field",
      "--min-size",  "--min-sc",        "--target-size", "--target-sc",    "--compat",
      "--regions",   "--resolution",    "--min-mass",    "--seed",         NULL};
  char **mopts = NULL;
  for (int k = 0; keys[k]; k++) {
    if (!with_seed && !strcmp(keys[k], "--seed")) continue;
    const char *v = rn_opt(opts, keys[k]);
    if (v && strstr(keys[k], "-field")) {
      /* an area or a central flag is a code: text and NULL allowed */
      if (extra_code)
        extra_code[*nextra] = !strcmp(keys[k], "--area-field") || !strcmp(keys[k], "--central-field");
      extra[(*nextra)++] = v;
    }
    if (v) mopts = CSLSetNameValue(mopts, keys[k] + 2, v);
  }
  return mopts;
}
