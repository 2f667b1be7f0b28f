/* The bootstrap (algorithms/README.md): the default partition from the observed
 * flows, then R replicates of the flows, each clustered with the same
 * parameters, counted per unit (with its default region's anchor?), per pair
 * of neighbours (in one region?) and per region (its principal core a core?).
 *
 * As the threshold sweep (algorithms/compare/sweep.c): the inputs, adjacency
 * and D_i's definition are shared read-only; worker threads take replicates
 * by index, each with its own context, generator and flow buffers, and count
 * into their own integer tallies, summed at the end, so the result does not
 * depend on the number of threads or on scheduling. Replicates run only the
 * clustering: no dissolve, no output. */
#include "algorithms/bootstrap/bootstrap.h"
#include "algorithms/cluster_internal.h"
#include "engine/threads.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

void rn_bootstrap_init(rn_bootstrap_t *b) {
  memset(b, 0, sizeof *b);
  rn_result_init(&b->base);
  rn_params_init(&b->used);
}

void rn_bootstrap_destroy(rn_bootstrap_t *b) {
  for (int l = 0; l < RN_MAX_LEVELS; l++) {
    free(b->anchor[l]);
    free(b->confidence[l]);
    free(b->margin[l]);
    free(b->tie_gap[l]);
    free(b->strength[l]);
    free(b->mean_conf[l]);
    free(b->min_conf[l]);
    free(b->core_share[l]);
  }
  free(b->pair_a);
  free(b->pair_b);
  free(b->pair_len);
  rn_result_destroy(&b->base);
  rn_params_destroy(&b->used);
  rn_bootstrap_init(b);
}

/* What every worker reads. */
typedef struct boot_job {
  const rn_units_t *units;
  const rn_flows_t *flows;
  const rn_replicate_plan_t *plan; /* the draws of flows */
  const rn_adjacency_t *adj;
  const rn_params_t *p;       /* netcon: p with the default run's denominator */
  const rn_bootstrap_opts_t *o;
  const rn_bootstrap_t *b;    /* anchors, pairs, base regions */
  int64_t *ranchor[RN_MAX_LEVELS]; /* per default region: its principal core */
  volatile sig_atomic_t *cancel;
  rn_ctx_t *main;             /* progress, from the calling thread only */
  atomic_llong next;
} boot_job_t;

/* One worker's tallies and first error (in replicate order). */
typedef struct boot_worker {
  boot_job_t *job;
  int first; /* 1 for the calling thread */
  int64_t *stay[RN_MAX_LEVELS], *together[RN_MAX_LEVELS], *core[RN_MAX_LEVELS];
  int rc;
  int64_t err_rep;
  char err[sizeof(((rn_ctx_t *)0)->err)];
} boot_worker_t;

static int use_method(const rn_bootstrap_opts_t *o) {
  return o->method && strcmp(o->method->name, "netcon") != 0;
}

/* The partition of flows f under the run's parameters or method. */
static int partition(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f,
                     const rn_adjacency_t *adj, const rn_params_t *p,
                     const rn_bootstrap_opts_t *o, rn_params_t *used, rn_result_t *res) {
  if (!use_method(o)) return rn_delineate(ctx, u, f, p->contiguity ? adj : NULL, p, res);
  rn_method_input_t mi = {.units = u, .flows = f, .adj = p->contiguity ? adj : NULL,
                          .queen = p->queen, .contiguity = p->contiguity};
  used->contiguity = p->contiguity;
  used->queen = p->queen;
  snprintf(used->method, sizeof used->method, "%s", o->method->name);
  snprintf(used->preset, sizeof used->preset, "%s", o->method->name);
  return o->method->run(ctx, &mi, o->method_options, used, res);
}

static int count_replicate(rn_ctx_t *ctx, boot_worker_t *w, const rn_result_t *res) {
  const rn_bootstrap_t *b = w->job->b;
  if (res->nlevels != b->base.nlevels)
    return rn_error(ctx, RN_EINTERNAL, "a replicate made %d levels, the default run %d",
                    res->nlevels, b->base.nlevels);
  for (int l = 0; l < res->nlevels; l++) {
    const int64_t *reg = res->level[l].region;
    for (int64_t i = 0; i < b->n; i++) w->stay[l][i] += rn_stays(b->anchor[l], reg, i);
    for (int64_t k = 0; k < b->npairs; k++) {
      int64_t ra = reg[b->pair_a[k]];
      w->together[l][k] += ra >= 0 && ra == reg[b->pair_b[k]];
    }
    for (int64_t g = 0; g < b->base.level[l].nregions; g++) {
      int64_t c = w->job->ranchor[l][g];
      w->core[l][g] += c >= 0 && res->level[l].role[c] == RN_ROLE_CORE;
    }
  }
  return RN_OK;
}

static void *worker(void *arg) {
  boot_worker_t *w = arg;
  boot_job_t *job = w->job;
  rn_ctx_t wctx; /* no GEOS handle: the clustering does not use it */
  memset(&wctx, 0, sizeof wctx);
  wctx.cancel = job->cancel;
  rn_flows_t rep;
  rn_flows_init(&rep);
  gsl_rng *rng = rn_replicate_rng_new();
  if (!rng) {
    w->rc = rn_error(&wctx, RN_ENOMEM, "out of memory");
    w->err_rep = 0;
    memcpy(w->err, wctx.err, sizeof w->err);
    return NULL;
  }
  int64_t R = job->o->replicates;
  for (;;) {
    long long k = atomic_fetch_add(&job->next, 1);
    if (k >= R) break;
    if (job->cancel && *job->cancel) {
      w->rc = rn_error(&wctx, RN_EINTERRUPT, "interrupted");
    } else {
      rn_replicate_rng_seed(rng, job->o->seed, (uint64_t)k);
      w->rc = rn_flows_replicate(&wctx, rng, job->plan, &rep);
    }
    if (w->rc == RN_OK) {
      rn_result_t res;
      rn_result_init(&res);
      rn_params_t used;
      rn_params_init(&used);
      w->rc = partition(&wctx, job->units, &rep, job->adj, job->p, job->o, &used, &res);
      if (w->rc == RN_OK) w->rc = count_replicate(&wctx, w, &res);
      rn_result_destroy(&res);
      rn_params_destroy(&used);
    }
    if (w->rc != RN_OK) {
      w->err_rep = k;
      memcpy(w->err, wctx.err, sizeof w->err);
      atomic_store(&job->next, (long long)R); /* the others stop too */
      break;
    }
    if (w->first && !rn_progress(job->main, (double)k / (double)R, "bootstrap")) {
      w->rc = rn_error(&wctx, RN_EINTERRUPT, "interrupted");
      w->err_rep = k;
      memcpy(w->err, wctx.err, sizeof w->err);
      break;
    }
  }
  /* a worker that stopped on an error leaves the other replicates to the
   * others; the result is then the error of the first failing replicate */
  gsl_rng_free(rng);
  rn_flows_destroy(&rep);
  return NULL;
}

/* The pairs of neighbours (rook; queen also point contacts), a < b. */
static int make_pairs(rn_ctx_t *ctx, const rn_adjacency_t *adj, int queen, rn_bootstrap_t *b) {
  int64_t m = 0;
  for (int64_t i = 0; i < adj->n; i++)
    for (int64_t k = adj->row[i]; k < adj->row[i + 1]; k++)
      m += adj->col[k] > i && (queen || adj->shared[k] > 0);
  b->pair_a = malloc(sizeof *b->pair_a * (size_t)(m + 1));
  b->pair_b = malloc(sizeof *b->pair_b * (size_t)(m + 1));
  b->pair_len = malloc(sizeof *b->pair_len * (size_t)(m + 1));
  if (!b->pair_a || !b->pair_b || !b->pair_len) return rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int64_t i = 0; i < adj->n; i++)
    for (int64_t k = adj->row[i]; k < adj->row[i + 1]; k++)
      if (adj->col[k] > i && (queen || adj->shared[k] > 0)) {
        b->pair_a[b->npairs] = i;
        b->pair_b[b->npairs] = adj->col[k];
        b->pair_len[b->npairs++] = adj->shared[k];
      }
  return RN_OK;
}

/* Anchors of the default partition: each region's principal core (the unit
 * its id names), per region (ranchor) and per unit. */
static int make_anchors(rn_ctx_t *ctx, const rn_units_t *u, rn_bootstrap_t *b,
                        int64_t **ranchor) {
  for (int l = 0; l < b->base.nlevels; l++) {
    const rn_level_result_t *lr = &b->base.level[l];
    int64_t *key = ranchor[l] = calloc((size_t)lr->nregions + 1, sizeof *key);
    if (!key || !(b->anchor[l] = malloc(sizeof *b->anchor[l] * (size_t)(b->n + 1))))
      return rn_error(ctx, RN_ENOMEM, "out of memory");
    for (int64_t g = 0; g < lr->nregions; g++) key[g] = rn_units_find(u, lr->regions[g].id);
    for (int64_t i = 0; i < b->n; i++) b->anchor[l][i] = lr->region[i] >= 0 ? key[lr->region[i]] : -1;
  }
  return RN_OK;
}

static double *new_reals(int64_t n) { return calloc((size_t)n + 1, sizeof(double)); }

/* Shares from the summed tallies, the margins, and the regions' figures. */
static int finish(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f, int netcon,
                  boot_worker_t *w, int nw, rn_bootstrap_t *b) {
  double R = (double)b->replicates;
  double *denom = new_reals(b->n);
  if (!denom) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int rc = netcon ? rn_denominators(ctx, u, f, b->base.denom, b->base.denom_field, denom) : RN_OK;
  for (int l = 0; l < b->base.nlevels && rc == RN_OK; l++) {
    const rn_level_result_t *lr = &b->base.level[l];
    int64_t ng = lr->nregions;
    if (!(b->confidence[l] = new_reals(b->n)) || !(b->margin[l] = new_reals(b->n)) ||
        !(b->tie_gap[l] = new_reals(b->n)) ||
        !(b->strength[l] = new_reals(b->npairs)) || !(b->mean_conf[l] = new_reals(ng)) ||
        !(b->min_conf[l] = new_reals(ng)) || !(b->core_share[l] = new_reals(ng))) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      break;
    }
    /* integer sums: the same whatever thread counted which replicate */
    for (int64_t i = 0; i < b->n; i++) {
      int64_t c = 0;
      for (int t = 0; t < nw; t++) c += w[t].stay[l][i];
      b->confidence[l][i] = (double)c / R;
    }
    for (int64_t k = 0; k < b->npairs; k++) {
      int64_t c = 0;
      for (int t = 0; t < nw; t++) c += w[t].together[l][k];
      b->strength[l][k] = (double)c / R;
    }
    for (int64_t g = 0; g < ng; g++) {
      int64_t c = 0;
      for (int t = 0; t < nw; t++) c += w[t].core[l][g];
      b->core_share[l][g] = (double)c / R;
      b->min_conf[l][g] = INFINITY;
    }
    for (int64_t i = 0; i < b->n; i++) {
      int64_t g = lr->region[i];
      if (g < 0) continue;
      b->mean_conf[l][g] += b->confidence[l][i] / (double)lr->regions[g].n_units;
      b->min_conf[l][g] = fmin(b->min_conf[l][g], b->confidence[l][i]);
    }
    if (netcon && (rc = rn_level_margins(ctx, f, denom, &b->used.level[l], lr, b->margin[l])) == RN_OK)
      rc = rn_level_tie_gaps(ctx, f, denom, &b->used, &b->base, l, b->tie_gap[l]);
    if (!netcon)
      for (int64_t i = 0; i < b->n; i++) b->margin[l][i] = b->tie_gap[l][i] = NAN;
  }
  free(denom);
  return rc;
}

int rn_bootstrap_run(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                     const rn_adjacency_t *adj, const rn_params_t *p,
                     const rn_bootstrap_opts_t *o, rn_bootstrap_t *out) {
  rn_bootstrap_destroy(out);
  if (o->replicates < 1) return rn_error(ctx, RN_EPARAM, "bootstrap: at least one replicate is needed");
  if (!(o->fraction > 0 && o->fraction <= 1))
    return rn_error(ctx, RN_EPARAM, "sample fraction %g is outside (0,1]", o->fraction);
  if (!adj) return rn_error(ctx, RN_EPARAM, "bootstrap: the adjacency of the units is needed");
  int netcon = !use_method(o);
  out->n = units->n;
  out->replicates = o->replicates;
  int rc = partition(ctx, units, flows, adj, p, o, &out->used, &out->base);
  if (rc != RN_OK) return rc;
  if (netcon && (rc = rn_params_copy(p, &out->used)) != RN_OK)
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  /* replicates keep the denominator the observed flows decided (`auto` could
   * otherwise switch when a draw leaves no intra-unit flow) */
  rn_params_t q = *p; /* shallow: read only */
  q.denom = out->base.denom;
  q.partition_only = 1; /* replicates are counted by their partitions alone */
  snprintf(q.denom_field, sizeof q.denom_field, "%s", out->base.denom_field);
  boot_job_t job = {.units = units, .flows = flows, .adj = adj, .p = &q, .o = o, .b = out,
                    .cancel = ctx->cancel, .main = ctx};
  atomic_init(&job.next, 0);
  rn_replicate_plan_t plan;
  rn_replicate_plan_init(&plan);
  job.plan = &plan;
  /* igraph (the community methods) is not built thread-safe here */
  int serial = !netcon && (!strcmp(o->method->name, "leiden") || !strcmp(o->method->name, "louvain") ||
                           !strcmp(o->method->name, "infomap"));
  int nw = rn_threads_count(serial ? 1 : o->nthreads, o->replicates);
  boot_worker_t *w = calloc((size_t)nw, sizeof *w);
  if (!w) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  if (rc == RN_OK) rc = rn_replicate_plan_build(ctx, flows, o->sampling, o->fraction, &plan);
  if (rc == RN_OK) rc = make_pairs(ctx, adj, p->queen, out);
  if (rc == RN_OK) rc = make_anchors(ctx, units, out, job.ranchor);
  for (int t = 0; t < nw && rc == RN_OK; t++) {
    w[t].job = &job;
    w[t].first = t == 0;
    for (int l = 0; l < out->base.nlevels; l++)
      if (!(w[t].stay[l] = calloc((size_t)out->n + 1, sizeof(int64_t))) ||
          !(w[t].together[l] = calloc((size_t)out->npairs + 1, sizeof(int64_t))) ||
          !(w[t].core[l] = calloc((size_t)out->base.level[l].nregions + 1, sizeof(int64_t))))
        rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  if (rc == RN_OK) {
    rn_threads_run(nw, worker, w, sizeof *w);
    /* the error of the first failing replicate, whatever thread met it */
    int first = -1;
    for (int t = 0; t < nw; t++)
      if (w[t].rc != RN_OK && (first < 0 || w[t].err_rep < w[first].err_rep)) first = t;
    if (first >= 0) {
      memcpy(ctx->err, w[first].err, sizeof ctx->err);
      rc = w[first].rc;
    }
  }
  if (rc == RN_OK) rc = finish(ctx, units, flows, netcon, w, nw, out);
  if (rc == RN_OK && !rn_progress(ctx, 1.0, "bootstrap")) rc = rn_error(ctx, RN_EINTERRUPT, "interrupted");
  for (int t = 0; w && t < nw; t++)
    for (int l = 0; l < RN_MAX_LEVELS; l++) {
      free(w[t].stay[l]);
      free(w[t].together[l]);
      free(w[t].core[l]);
    }
  free(w);
  rn_replicate_plan_destroy(&plan);
  for (int l = 0; l < RN_MAX_LEVELS; l++) free(job.ranchor[l]);
  if (rc != RN_OK) rn_bootstrap_destroy(out);
  return rc;
}
