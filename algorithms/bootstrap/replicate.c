/* Replicates of the flow matrix (algorithms/README.md): the draws are GSL's
 * (gsl_ran_multinomial, gsl_ran_poisson, gsl_ran_discrete) on a xoshiro256**
 * engine, so a replicate is fixed by (seed, replicate index) alone.
 *
 * Most flows are small (half the US county flows are below 10 trips), and a
 * binomial or Poisson variate per flow was a third of a replicate's time.
 * So each origin's small flows (expected count below RN_SMALL_TRIPS) are
 * drawn together, exactly: their total as one more cell of the multinomial
 * (or one Poisson variate of their summed mean), then spread over them one
 * trip at a time from an alias table (gsl_ran_discrete) built once for all
 * replicates. Conditional on that total the small cells are multinomial with
 * their own proportions, under either model, so the draw is the same
 * distribution as one variate per flow; a few trips cost less than a
 * variate each. */
#include "algorithms/bootstrap/bootstrap.h"
#include "algorithms/generate/generate_rng.h"

#include <gsl/gsl_randist.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int rn_sampling_parse(const char *s, rn_sampling_t *out) {
  if (!strcmp(s, "multinomial")) *out = RN_SAMPLING_MULTINOMIAL;
  else if (!strcmp(s, "poisson")) *out = RN_SAMPLING_POISSON;
  else return RN_EPARAM;
  return RN_OK;
}

const char *rn_sampling_name(rn_sampling_t s) {
  return s == RN_SAMPLING_POISSON ? "poisson" : "multinomial";
}

/* xoshiro256** as a GSL engine: GSL's samplers take their uniforms from
 * get_double, in [0,1) with 53 bits */
static void xo_set(void *state, unsigned long seed) { rn_rng_seed(state, seed, 0); }
static unsigned long xo_get(void *state) { return (unsigned long)(rn_rng_next(state) >> 32); }
static double xo_get_double(void *state) { return rn_rng_uniform(state); }
static const gsl_rng_type xoshiro_type = {"xoshiro256**", 0xffffffffUL, 0, sizeof(rn_rng_t),
                                          xo_set, xo_get, xo_get_double};

gsl_rng *rn_replicate_rng_new(void) { return gsl_rng_alloc(&xoshiro_type); }

void rn_replicate_rng_seed(gsl_rng *r, uint64_t seed, uint64_t stream) {
  rn_rng_seed((rn_rng_t *)r->state, seed, stream + 1); /* stream 0 is xo_set's */
}

/* A flow is small when its expected count in the sample is below this. A
 * trip from the alias table costs a few nanoseconds, a binomial variate
 * about a hundred: drawing the US counties' flows (interleaved runs, best of
 * eight) takes 11.2 ms at 12, 9.5 at 20, 8.6 at 30, 8.7 at 40, 9.6 at 60. */
#define RN_SMALL_TRIPS 30.0

/* x rounded down or up at random, up with probability frac(x): mean x */
static double round_random(gsl_rng *r, double x) {
  double f = floor(x);
  return f + (gsl_rng_uniform(r) < x - f);
}

void rn_replicate_plan_init(rn_replicate_plan_t *pl) { memset(pl, 0, sizeof *pl); }

void rn_replicate_plan_destroy(rn_replicate_plan_t *pl) {
  free(pl->alias);
  free(pl->has_alias);
  free(pl->order);
  free(pl->nlarge);
  free(pl->small_sum);
  free(pl->cells);
  rn_replicate_plan_init(pl);
}

int rn_replicate_plan_build(rn_ctx_t *ctx, const rn_flows_t *obs, rn_sampling_t model,
                            double fraction, rn_replicate_plan_t *pl) {
  rn_replicate_plan_destroy(pl);
  if (!(fraction > 0 && fraction <= 1))
    return rn_error(ctx, RN_EPARAM, "sample fraction %g is outside (0,1]", fraction);
  int64_t n = obs->n;
  pl->obs = obs;
  pl->model = model;
  pl->fraction = fraction;
  pl->order = malloc(sizeof *pl->order * (size_t)(obs->nnz + 1));
  pl->nlarge = malloc(sizeof *pl->nlarge * (size_t)(n + 1));
  pl->small_sum = malloc(sizeof *pl->small_sum * (size_t)(n + 1));
  pl->cells = malloc(sizeof *pl->cells * (size_t)(obs->nnz + 2 * n + 1));
  pl->alias = malloc(sizeof *pl->alias * (size_t)(obs->nnz + 1));
  pl->has_alias = calloc((size_t)n + 1, 1);
  double *w = NULL;
  int64_t maxrow = 0;
  for (int64_t i = 0; i < n; i++)
    if (obs->row[i + 1] - obs->row[i] > maxrow) maxrow = obs->row[i + 1] - obs->row[i];
  w = malloc(sizeof *w * (size_t)(maxrow + 1));
  if (!pl->order || !pl->nlarge || !pl->small_sum || !pl->cells || !pl->alias || !pl->has_alias || !w ||
      maxrow >= (int64_t)UINT32_MAX)
    goto nomem;
  /* the weights are positive and more than one, so a table fails only when
   * memory does (GSL's handler is process-wide: not changed here) */
  int failed = 0;
  for (int64_t i = 0; i < n && !failed; i++) {
    int64_t a = obs->row[i], len = obs->row[i + 1] - a, nl = 0, ns = 0;
    /* the row's positions, large flows first, then the small ones, each in row order */
    for (int64_t k = 0; k < len; k++)
      if (fraction * obs->val[a + k] >= RN_SMALL_TRIPS) pl->order[a + nl++] = k;
    double sum = 0;
    for (int64_t k = 0; k < len; k++)
      if (fraction * obs->val[a + k] < RN_SMALL_TRIPS) {
        pl->order[a + nl + ns] = k;
        w[ns++] = obs->val[a + k];
        sum += obs->val[a + k];
      }
    pl->nlarge[i] = nl;
    pl->small_sum[i] = sum;
    /* the multinomial's cells: the large flows, the small ones together, and
     * the diagonal last, which then takes what is left without a variate */
    double *cell = pl->cells + a + 2 * i;
    for (int64_t q = 0; q < nl; q++) cell[q] = obs->val[a + pl->order[a + q]];
    cell[nl] = sum;
    cell[nl + 1] = obs->diag[i];
    if (ns < 2) continue;
    gsl_ran_discrete_t *g = gsl_ran_discrete_preproc((size_t)ns, w);
    if (!g) {
      failed = 1;
      break;
    }
    /* GSL's table with the row positions it leads to, one cell per entry */
    for (int64_t c = 0; c < ns; c++) {
      rn_alias_cell_t *e = &pl->alias[a + nl + c];
      e->f = g->F[c];
      e->here = (uint32_t)(1 + pl->order[a + nl + c]);
      e->there = (uint32_t)(1 + pl->order[a + nl + (int64_t)g->A[c]]);
    }
    gsl_ran_discrete_free(g);
    pl->has_alias[i] = 1;
  }
  free(w);
  if (failed) {
    rn_replicate_plan_destroy(pl);
    return rn_error(ctx, RN_ENOMEM, "out of memory (replicate tables)");
  }
  pl->maxrow = maxrow;
  return RN_OK;
nomem:
  free(w);
  rn_replicate_plan_destroy(pl);
  return rn_error(ctx, RN_ENOMEM, "out of memory");
}

static int alloc_like(rn_ctx_t *ctx, const rn_flows_t *obs, rn_flows_t *out) {
  size_t n = (size_t)obs->n + 1, nnz = (size_t)obs->nnz + 1;
  out->n = obs->n;
  out->row = malloc(sizeof *out->row * n);
  out->col = malloc(sizeof *out->col * nnz);
  out->val = malloc(sizeof *out->val * nnz);
  out->diag = malloc(sizeof *out->diag * n);
  out->out = malloc(sizeof *out->out * n);
  out->in = malloc(sizeof *out->in * n);
  if (!out->row || !out->col || !out->val || !out->diag || !out->out || !out->in) {
    rn_flows_destroy(out);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  return RN_OK;
}

/* gsl_ran_discrete on the cells of one row, inlined: the same uniform u
 * from r's stream and the same lookup in GSL's table (cell c = floor(u K);
 * c itself when u is below its F, which GSL stores as (c + f) / K, else its
 * alias), without the calls through function pointers that took most of
 * its time at a million trips a replicate. test_bootstrap checks the draws
 * against gsl_ran_discrete's, so a change of GSL's table fails there.
 * Returns 1 + the row position drawn. */
static inline uint32_t alias_draw(rn_rng_t *st, const rn_alias_cell_t *cell, int64_t K) {
  double u = rn_rng_uniform(st);
  const rn_alias_cell_t *e = &cell[(int64_t)(u * (double)K)];
  /* without a branch: which way it goes is a coin toss, mispredicted half the time */
  uint32_t mask = -(uint32_t)(u < e->f);
  return e->there ^ ((e->here ^ e->there) & mask);
}

/* Origin i's counts: cnt[0] the diagonal, cnt[1 + k] the row's position k. */
static int draw_row(rn_ctx_t *ctx, gsl_rng *r, const rn_replicate_plan_t *pl, int64_t i,
                    unsigned int *big, unsigned int *cnt) {
  const rn_flows_t *obs = pl->obs;
  const double F = pl->fraction;
  int64_t a = obs->row[i], len = obs->row[i + 1] - a, nl = pl->nlarge[i];
  const int64_t *ord = pl->order + a;
  unsigned int m; /* the small flows' trips */
  memset(cnt, 0, sizeof *cnt * (size_t)(len + 1));
  if (pl->model == RN_SAMPLING_MULTINOMIAL) {
    double trips = round_random(r, F * obs->out[i]);
    if (trips > (double)UINT_MAX)
      return rn_error(ctx, RN_EPARAM,
                      "origin %lld sends %.0f trips, too many for a multinomial draw; "
                      "use --sampling poisson",
                      (long long)i, trips);
    if (trips == 0) return RN_OK;
    gsl_ran_multinomial(r, (size_t)nl + 2, (unsigned int)trips, pl->cells + a + 2 * i, big);
    for (int64_t q = 0; q < nl; q++) cnt[1 + ord[q]] = big[q];
    m = big[nl];
    cnt[0] = big[nl + 1];
  } else {
    cnt[0] = obs->diag[i] > 0 ? gsl_ran_poisson(r, F * obs->diag[i]) : 0;
    for (int64_t q = 0; q < nl; q++) cnt[1 + ord[q]] = gsl_ran_poisson(r, F * obs->val[a + ord[q]]);
    m = pl->small_sum[i] > 0 ? gsl_ran_poisson(r, F * pl->small_sum[i]) : 0;
  }
  if (m == 0) return RN_OK;
  if (!pl->has_alias[i]) { /* one small flow takes them all */
    cnt[1 + ord[nl]] = m;
  } else {
    const rn_alias_cell_t *cell = pl->alias + a + nl;
    rn_rng_t st = *(rn_rng_t *)r->state; /* r's stream, in registers for the loop */
    for (unsigned int t = 0; t < m; t++) cnt[alias_draw(&st, cell, len - nl)]++;
    *(rn_rng_t *)r->state = st;
  }
  return RN_OK;
}

int rn_flows_replicate(rn_ctx_t *ctx, gsl_rng *r, const rn_replicate_plan_t *pl, rn_flows_t *out) {
  const rn_flows_t *obs = pl->obs;
  if (!obs) return rn_error(ctx, RN_EINTERNAL, "replicate: no plan built");
  int rc;
  if (!out->row && (rc = alloc_like(ctx, obs, out)) != RN_OK) return rc;
  int64_t n = obs->n;
  unsigned int *big = malloc(sizeof *big * (size_t)(pl->maxrow + 2));
  unsigned int *cnt = malloc(sizeof *cnt * (size_t)(pl->maxrow + 2));
  if (!big || !cnt) {
    free(big);
    free(cnt);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  const double F = pl->fraction;
  memset(out->in, 0, sizeof *out->in * (size_t)n);
  out->total = 0;
  out->n_diag = 0;
  out->nnz = 0;
  rc = RN_OK;
  for (int64_t i = 0; i < n && rc == RN_OK; i++) {
    int64_t a = obs->row[i], len = obs->row[i + 1] - a;
    out->row[i] = out->nnz;
    if ((rc = draw_row(ctx, r, pl, i, big, cnt)) != RN_OK) break;
    double sum = out->diag[i] = cnt[0] / F;
    out->n_diag += cnt[0] > 0;
    out->in[i] += out->diag[i];
    for (int64_t k = 0; k < len; k++) {
      if (!cnt[k + 1]) continue;
      double v = cnt[k + 1] / F;
      int64_t j = obs->col[a + k];
      out->col[out->nnz] = j;
      out->val[out->nnz++] = v;
      out->in[j] += v;
      sum += v;
    }
    out->out[i] = sum;
    out->total += sum;
  }
  out->row[n] = out->nnz;
  free(big);
  free(cnt);
  return rc;
}
