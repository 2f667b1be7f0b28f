/* A small seeded generator for the synthetic inputs: xoshiro256** seeded
 * through splitmix64. Our own rather than rand(), so a seed gives the same
 * data on every platform and libc. */
#ifndef RN_GENERATE_RNG_H
#define RN_GENERATE_RNG_H

#include <math.h>
#include <stdint.h>

typedef struct rn_rng { uint64_t s[4]; } rn_rng_t;

static inline uint64_t rn_splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* stream: independent sequences from one seed (points, masses, flows ...). */
static inline void rn_rng_seed(rn_rng_t *r, uint64_t seed, uint64_t stream) {
  uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
  for (int k = 0; k < 4; k++) r->s[k] = rn_splitmix64(&x);
}

static inline uint64_t rn_rng_next(rn_rng_t *r) {
  uint64_t *s = r->s;
  uint64_t x = s[1] * 5, res = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = (s[3] << 45) | (s[3] >> 19);
  return res;
}

/* uniform in [0, 1) with 53 bits */
static inline double rn_rng_uniform(rn_rng_t *r) {
  return (double)(rn_rng_next(r) >> 11) * 0x1.0p-53;
}

/* uniform in (0, 1]: safe under log() */
static inline double rn_rng_uniform_pos(rn_rng_t *r) { return 1.0 - rn_rng_uniform(r); }

/* standard normal (Box-Muller; one value per call keeps the stream simple) */
static inline double rn_rng_normal(rn_rng_t *r) {
  double u = rn_rng_uniform_pos(r), v = rn_rng_uniform(r);
  return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Pareto with minimum xm and tail index alpha (heavier for smaller alpha) */
static inline double rn_rng_pareto(rn_rng_t *r, double xm, double alpha) {
  return xm * pow(rn_rng_uniform_pos(r), -1.0 / alpha);
}

#endif
