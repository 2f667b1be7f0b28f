/* Replicates of the flow matrix (algorithms/README.md): the draws are GSL's
 * (gsl_ran_multinomial, gsl_ran_poisson) on a xoshiro256** engine, so a
 * replicate is fixed by (seed, replicate index) alone. */
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

/* x rounded down or up at random, up with probability frac(x): mean x */
static double round_random(gsl_rng *r, double x) {
  double f = floor(x);
  return f + (gsl_rng_uniform(r) < x - f);
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

int rn_flows_replicate(rn_ctx_t *ctx, gsl_rng *r, const rn_flows_t *obs, rn_sampling_t model,
                       double fraction, rn_flows_t *out) {
  if (!(fraction > 0 && fraction <= 1))
    return rn_error(ctx, RN_EPARAM, "sample fraction %g is outside (0,1]", fraction);
  int rc;
  if (!out->row && (rc = alloc_like(ctx, obs, out)) != RN_OK) return rc;
  int64_t n = obs->n, maxrow = 0;
  for (int64_t i = 0; i < n; i++)
    if (obs->row[i + 1] - obs->row[i] > maxrow) maxrow = obs->row[i + 1] - obs->row[i];
  /* one row's proportions and counts, diagonal first */
  double *p = malloc(sizeof *p * (size_t)(maxrow + 1));
  unsigned int *cnt = malloc(sizeof *cnt * (size_t)(maxrow + 1));
  if (!p || !cnt) {
    free(p);
    free(cnt);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  memset(out->in, 0, sizeof *out->in * (size_t)n);
  out->total = 0;
  out->n_diag = 0;
  out->nnz = 0;
  rc = RN_OK;
  for (int64_t i = 0; i < n && rc == RN_OK; i++) {
    int64_t a = obs->row[i], len = obs->row[i + 1] - a;
    out->row[i] = out->nnz;
    if (model == RN_SAMPLING_MULTINOMIAL) {
      double trips = round_random(r, fraction * obs->out[i]);
      if (trips > (double)UINT_MAX) {
        rc = rn_error(ctx, RN_EPARAM,
                      "origin %lld sends %.0f trips, too many for a multinomial draw; "
                      "use --sampling poisson",
                      (long long)i, trips);
        break;
      }
      p[0] = obs->diag[i];
      memcpy(p + 1, obs->val + a, sizeof *p * (size_t)len);
      if (trips > 0) gsl_ran_multinomial(r, (size_t)len + 1, (unsigned int)trips, p, cnt);
      else memset(cnt, 0, sizeof *cnt * (size_t)(len + 1));
    } else {
      cnt[0] = obs->diag[i] > 0 ? gsl_ran_poisson(r, fraction * obs->diag[i]) : 0;
      for (int64_t k = 0; k < len; k++) cnt[k + 1] = gsl_ran_poisson(r, fraction * obs->val[a + k]);
    }
    double sum = out->diag[i] = cnt[0] / fraction;
    out->n_diag += cnt[0] > 0;
    out->in[i] += out->diag[i];
    for (int64_t k = 0; k < len; k++) {
      if (!cnt[k + 1]) continue;
      double v = cnt[k + 1] / fraction;
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
  free(p);
  free(cnt);
  return rc;
}
