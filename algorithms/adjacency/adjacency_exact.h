/* Internal: the two ways adjacency is measured, and the CSR they both fill. */
#ifndef RN_ADJACENCY_EXACT_H
#define RN_ADJACENCY_EXACT_H

#include "engine/engine.h"

typedef struct rn_adj_pair {
  int64_t i, j; /* i < j */
  double shared;
} rn_adj_pair_t;

/* Symmetric CSR from pairs sorted by (i, j), with perimeters (taken over) and
 * outer = perimeter - sum of shared, clamped at 0. */
int rn_adjacency_from_pairs(rn_ctx_t *ctx, int64_t n, const rn_adj_pair_t *pairs, int64_t npairs,
                            double *perim, rn_adjacency_t *out);
/* The same from per-unit lists found[i] (nfound[i] pairs (i, j > i), sorted
 * by j), joined in i order: what the measuring workers produce. */
int rn_adjacency_from_found(rn_ctx_t *ctx, int64_t n, rn_adj_pair_t *const *found,
                            const int64_t *nfound, double *perim, rn_adjacency_t *out);

/* 1: the units are a clean coverage and out holds their exact adjacency;
 * 2: they are, but for the units flagged in messy[] (n bytes), whose pairs in
 *    out are to be measured again with the tolerance tol: borders that do not
 *    match, and (tol > 0) pairs the exact match cannot decide (a border
 *    shorter than tol, a point contact, a gap narrower than tol);
 * 0: they are not (out untouched); RN_E* codes come back negated. */
int rn_adjacency_exact(rn_ctx_t *ctx, const rn_units_t *u, double tol, rn_adjacency_t *out,
                       unsigned char *messy);

/* Borders measured with a tolerance (any data; shared_boundary.c); units
 * non-NULL and tolerance a finite number >= 0, as rn_adjacency_build checks. */
int rn_adjacency_measure(rn_ctx_t *ctx, const rn_units_t *u, double tolerance, rn_adjacency_t *out);
/* The same, for the pairs with at least one unit flagged in only[] (NULL: all). */
int rn_adjacency_measure_some(rn_ctx_t *ctx, const rn_units_t *u, double tolerance,
                              const unsigned char *only, rn_adjacency_t *out);
/* The two ways rn_adjacency_measure_some works: with GEOS overlays (buffers,
 * intersections; any tolerance, used for 0) and on segments in plain C
 * (adjacency_segments.c; tolerance > 0 only, used for every tolerance > 0).
 * Same contract; both are here so the tests can compare them. */
int rn_adjacency_measure_geos(rn_ctx_t *ctx, const rn_units_t *u, double tolerance,
                              const unsigned char *only, rn_adjacency_t *out);
int rn_adjacency_segments(rn_ctx_t *ctx, const rn_units_t *u, double tolerance,
                          const unsigned char *only, rn_adjacency_t *out);

#endif
