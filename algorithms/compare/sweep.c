/* The threshold sweep (algorithms/README.md): each level of the hierarchy over a grid
 * of thresholds, every other parameter as given, and per unit how often it
 * stays in its default region.
 *
 * What is shared rather than rebuilt: the inputs, the adjacency, D_i, and the
 * earlier levels. A row (level l, threshold t) depends only on levels 0..l-1,
 * which are those of the default run, so a row runs level l alone and never
 * the levels after it. Rows are independent: worker threads take them by
 * index and write only their own row, so the result does not depend on the
 * number of threads or on scheduling. The clustering needs no GEOS; each
 * worker has its own context for its error text only. igraph is not built
 * thread-safe here, so the indices are computed after the workers finish. */
#include "algorithms/cluster_internal.h"
#include "engine/threads.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the grid */
static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Thresholds are shares: 12 decimals are far below any meaningful step and
 * make 0.02 + 7*0.01 come out as 0.09 exactly as typed. */
static double round12(double x) { return round(x * 1e12) / 1e12; }

static int push(double **v, int *n, int *cap, double x) {
  if (*n == *cap) {
    int c = *cap ? 2 * *cap : 32;
    double *w = realloc(*v, sizeof *w * (size_t)c);
    if (!w) return RN_ENOMEM;
    *v = w;
    *cap = c;
  }
  (*v)[(*n)++] = x;
  return RN_OK;
}

static int parse_number(rn_ctx_t *ctx, const char *t, const char *whole, double *x) {
  char *end;
  *x = strtod(t, &end);
  while (*end == ' ') end++;
  if (end == t || *end || !isfinite(*x))
    return rn_error(ctx, RN_EPARAM, "thresholds '%s': '%s' is not a number", whole, t);
  return RN_OK;
}

int rn_thresholds_parse(rn_ctx_t *ctx, const char *s, double **out, int *nout) {
  *out = NULL;
  *nout = 0;
  char *copy = strdup(s ? s : ""), *save = NULL;
  double *v = NULL;
  int n = 0, cap = 0, rc = copy ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
  for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && rc == RN_OK;
       t = strtok_r(NULL, ",", &save)) {
    while (*t == ' ') t++;
    char *c1 = strchr(t, ':');
    if (!c1) {
      double x;
      if ((rc = parse_number(ctx, t, s, &x)) == RN_OK && push(&v, &n, &cap, round12(x)) != RN_OK)
        rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      continue;
    }
    char *c2 = strchr(c1 + 1, ':');
    if (!c2) {
      rc = rn_error(ctx, RN_EPARAM, "thresholds '%s': a range is start:stop:step, not '%s'", s, t);
      break;
    }
    *c1 = *c2 = 0;
    double a, b, step;
    if ((rc = parse_number(ctx, t, s, &a)) != RN_OK || (rc = parse_number(ctx, c1 + 1, s, &b)) != RN_OK ||
        (rc = parse_number(ctx, c2 + 1, s, &step)) != RN_OK)
      break;
    if (!(step > 0) || b < a) {
      rc = rn_error(ctx, RN_EPARAM, "thresholds '%s': a range needs start <= stop and step > 0", s);
      break;
    }
    /* count from the number of steps, not by adding step repeatedly: the
     * last value is in when it is within rounding of stop */
    double ksteps = floor((b - a) / step + 1e-9);
    if (ksteps > 100000) {
      rc = rn_error(ctx, RN_EPARAM, "thresholds '%s': more than 100000 values", s);
      break;
    }
    for (int64_t k = 0; k <= (int64_t)ksteps && rc == RN_OK; k++)
      if (push(&v, &n, &cap, round12(a + (double)k * step)) != RN_OK)
        rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  free(copy);
  if (rc == RN_OK && n == 0) rc = rn_error(ctx, RN_EPARAM, "thresholds '%s': no values", s ? s : "");
  if (rc == RN_OK) {
    rn_qsort(v, (size_t)n, sizeof *v, cmp_double);
    int m = 0;
    for (int k = 0; k < n; k++) {
      if (!(v[k] > 0 && v[k] <= 1)) {
        rc = rn_error(ctx, RN_EPARAM, "thresholds '%s': %g is outside (0,1]", s, v[k]);
        break;
      }
      if (m == 0 || v[k] != v[m - 1]) v[m++] = v[k];
    }
    n = m;
  }
  if (rc != RN_OK) {
    free(v);
    return rc;
  }
  *out = v;
  *nout = n;
  return RN_OK;
}

/* ------------------------------------------------------------ the sweep */
void rn_sweep_init(rn_sweep_t *s) {
  memset(s, 0, sizeof *s);
  rn_result_init(&s->base);
}

void rn_sweep_destroy(rn_sweep_t *s) {
  for (int64_t k = 0; k < s->nrows; k++) free(s->rows[k].region);
  free(s->rows);
  for (int l = 0; l < RN_MAX_LEVELS; l++) free(s->stability[l]);
  rn_result_destroy(&s->base);
  rn_sweep_init(s);
}

typedef struct sweep_job {
  const rn_problem_t *pb;
  const rn_params_t *p;
  int64_t *const *base_keys;   /* keys of the default run, per level */
  rn_sweep_row_t *rows;
  int64_t nrows;
  int *rc;                     /* per row */
  char (*err)[sizeof(((rn_ctx_t *)0)->err)];
  atomic_llong next;
} sweep_job_t;

/* Level row->level at row->theta, the earlier levels as in the default run. */
static int run_row(rn_ctx_t *ctx, const sweep_job_t *job, rn_sweep_row_t *row) {
  const rn_problem_t *pb = job->pb;
  int64_t n = pb->units->n;
  int l = row->level;
  rn_level_params_t lp = job->p->level[l]; /* shallow: cores is only read */
  lp.theta = row->theta;
  int64_t *keys[RN_MAX_LEVELS] = {0};
  for (int e = 0; e < l; e++) keys[e] = job->base_keys[e];
  int64_t *own = malloc(sizeof *own * (size_t)(n + 1));
  unsigned char *role = calloc((size_t)n + 1, 1);
  rn_decision_t *dec = NULL;
  int64_t ndec = 0, capdec = 0;
  rn_level_result_t lr;
  memset(&lr, 0, sizeof lr);
  int rc = own && role ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
  keys[l] = own;
  if (rc == RN_OK)
    rc = rn_hierarchy_level(ctx, pb, &lp, l, keys, role, &dec, &ndec, &capdec, &lr);
  if (rc == RN_OK) {
    row->nregions = lr.nregions;
    row->covered = 0;
    for (int64_t i = 0; i < n; i++) row->covered += lr.region[i] >= 0;
    double sum = 0;
    int64_t cnt = 0;
    for (int64_t g = 0; g < lr.nregions; g++)
      if (isfinite(lr.regions[g].sc_supply)) {
        sum += lr.regions[g].sc_supply;
        cnt++;
      }
    row->mean_sc = cnt ? sum / (double)cnt : NAN;
    row->region = lr.region; /* kept: the row's partition */
    lr.region = NULL;
  }
  rn_level_result_destroy(&lr);
  free(own);
  free(role);
  free(dec);
  return rc;
}

static void *worker(void *arg) {
  sweep_job_t *job = arg;
  rn_ctx_t wctx; /* no GEOS handle: the clustering does not use it */
  memset(&wctx, 0, sizeof wctx);
  for (;;) {
    long long k = atomic_fetch_add(&job->next, 1);
    if (k >= job->nrows) break;
    job->rc[k] = run_row(&wctx, job, &job->rows[k]);
    if (job->rc[k] != RN_OK) memcpy(job->err[k], wctx.err, sizeof wctx.err);
  }
  return NULL;
}

/* The default run, as rn_delineate does it, keeping every level's keys. */
static int run_base(rn_ctx_t *ctx, const rn_problem_t *pb, const rn_params_t *p, int64_t **keys,
                    rn_result_t *res) {
  int64_t n = pb->units->n, capdec = 0;
  res->nlevels = p->nlevels;
  for (int l = 0; l < p->nlevels; l++) {
    unsigned char *role = calloc((size_t)n + 1, 1);
    if (!role) return rn_error(ctx, RN_ENOMEM, "out of memory");
    int rc = rn_hierarchy_level(ctx, pb, &p->level[l], l, keys, role, &res->decisions,
                                &res->ndecisions, &capdec, &res->level[l]);
    free(role);
    if (rc != RN_OK) return rc;
  }
  for (int64_t d = 0; d < res->ndecisions; d++) {
    rn_decision_t *dc = &res->decisions[d];
    int64_t key = dc->region;
    dc->region = key >= 0 && keys[dc->level][key] == key ? res->level[dc->level].region[key] : -1;
  }
  return rn_result_warnings(ctx, pb->units, pb->flows, p, res);
}

int rn_sweep_run(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                 const rn_adjacency_t *adj, const rn_params_t *p, const rn_sweep_opts_t *o,
                 rn_sweep_t *out) {
  rn_sweep_destroy(out);
  int64_t n = units->n;
  if (flows->n != n)
    return rn_error(ctx, RN_EPARAM, "flows are for %lld units, not %lld", (long long)flows->n,
                    (long long)n);
  int rc = rn_params_check(ctx, p, adj != NULL);
  if (rc != RN_OK) return rc;
  int64_t nrows = 0;
  for (int l = 0; l < p->nlevels; l++) {
    if (o->ngrid[l] < 0 || (o->ngrid[l] > 0 && !o->grid[l]))
      return rn_error(ctx, RN_EPARAM, "sweep: bad grid for level %s", p->level[l].name);
    for (int k = 0; k < o->ngrid[l]; k++)
      if (!(o->grid[l][k] > 0 && o->grid[l][k] <= 1))
        return rn_error(ctx, RN_EPARAM, "sweep: threshold %g of level %s is outside (0,1]",
                        o->grid[l][k], p->level[l].name);
    nrows += o->ngrid[l];
  }
  for (int l = p->nlevels; l < RN_MAX_LEVELS; l++)
    if (o->ngrid[l] > 0) return rn_error(ctx, RN_EPARAM, "sweep: a grid for level %d of %d", l + 1, p->nlevels);
  double *denom = malloc(sizeof *denom * (size_t)(n + 1));
  int64_t *keys[RN_MAX_LEVELS] = {0};
  rn_ties_t ties = {0};
  int *rcs = calloc((size_t)nrows + 1, sizeof *rcs);
  char(*errs)[sizeof ctx->err] = calloc((size_t)nrows + 1, sizeof *errs);
  out->n = n;
  out->rows = calloc((size_t)nrows + 1, sizeof *out->rows);
  if (!denom || !rcs || !errs || !out->rows) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  for (int l = 0; l < p->nlevels; l++)
    if (!(keys[l] = malloc(sizeof *keys[l] * (size_t)(n + 1)))) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      goto done;
    }
  if ((rc = rn_denominators_resolve(ctx, units, flows, p, &out->base, denom)) != RN_OK) goto done;
  rn_problem_t pb = rn_problem_make(units, flows, adj, p, denom);
  /* the flows that can meet any threshold of the run or the grid, found once */
  double theta = 1;
  for (int l = 0; l < p->nlevels; l++) {
    theta = fmin(theta, p->level[l].theta);
    for (int k = 0; k < o->ngrid[l]; k++) theta = fmin(theta, o->grid[l][k]);
  }
  if ((rc = rn_ties_build(ctx, &pb, theta, &ties)) != RN_OK) goto done;
  pb.ties_start = ties.start;
  pb.ties = ties.unit;
  pb.ties_share = ties.share;
  if ((rc = run_base(ctx, &pb, p, keys, &out->base)) != RN_OK) goto done;
  out->nrows = nrows;
  int64_t r = 0;
  for (int l = 0; l < p->nlevels; l++)
    for (int k = 0; k < o->ngrid[l]; k++) {
      out->rows[r].level = l;
      out->rows[r].theta = o->grid[l][k];
      r++;
    }
  sweep_job_t job = {.pb = &pb, .p = p, .base_keys = keys, .rows = out->rows, .nrows = nrows,
                     .rc = rcs, .err = errs};
  atomic_init(&job.next, 0);
  rn_threads_run(rn_threads_count(o->nthreads, nrows), worker, &job, 0);
  /* the first failing row in row order, whatever thread met it first */
  for (int64_t k = 0; k < nrows; k++)
    if (rcs[k] != RN_OK) {
      memcpy(ctx->err, errs[k], sizeof ctx->err);
      rc = rcs[k];
      goto done;
    }
  for (int64_t k = 0; k < nrows && rc == RN_OK; k++) {
    rn_sweep_row_t *row = &out->rows[k];
    rc = rn_membership_compare(ctx, n, out->base.level[row->level].region, row->region,
                               RN_NULLS_SINGLETON, NULL, &row->ari, &row->nmi, NULL);
  }
  for (int l = 0; l < p->nlevels && rc == RN_OK; l++) {
    if (!o->ngrid[l]) continue;
    double *st = calloc((size_t)n + 1, sizeof *st);
    if (!st) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      break;
    }
    out->stability[l] = st;
    for (int64_t k = 0; k < nrows; k++) {
      if (out->rows[k].level != l) continue;
      for (int64_t i = 0; i < n; i++) st[i] += rn_stays(keys[l], out->rows[k].region, i);
    }
    for (int64_t i = 0; i < n; i++) st[i] /= o->ngrid[l];
  }
  if (rc == RN_OK && !rn_progress(ctx, 1.0, "sweep")) rc = rn_error(ctx, RN_EINTERRUPT, "interrupted");
done:
  for (int l = 0; l < RN_MAX_LEVELS; l++) free(keys[l]);
  rn_ties_free(&ties);
  free(denom);
  free(rcs);
  free(errs);
  if (rc != RN_OK) rn_sweep_destroy(out);
  return rc;
}
