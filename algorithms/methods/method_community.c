/* Community detection through igraph (algorithms/README.md: `leiden`, `louvain`,
 * `infomap`), followed by the contiguity repair of method_repair.c.
 *
 * leiden and louvain maximise modularity on the undirected graph whose
 * weights are T_ij + T_ji (i < j): modularity is defined for undirected
 * graphs in both igraph routines. infomap runs on the directed weighted
 * graph, where the direction of commuting matters for the random walk. The
 * diagonal (people working where they live) is left out everywhere: as
 * self-loops it would only weigh every unit towards staying alone.
 * Options: resolution (leiden, louvain; default 1), seed (default 1, so a run
 * is reproducible unless asked otherwise), trials (infomap; default 10).
 * igraph's random generator is seeded just before the call. */
#include "methods_internal.h"

#include <stdlib.h>
#include <string.h>

typedef enum { COMM_LEIDEN, COMM_LOUVAIN, COMM_INFOMAP } comm_kind_t;

static const char *const modularity_options[] = {"resolution", "seed", NULL};
static const char *const infomap_options[] = {"seed", "trials", NULL};

typedef struct {
  int64_t a, b;
  double v;
} upair_t;

static int cmp_upair(const void *x, const void *y) {
  const upair_t *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

/* Undirected graph, one edge per unordered pair with its summed flow. */
static int undirected_graph(rn_ctx_t *ctx, const rn_flows_t *f, igraph_t *g, igraph_vector_t *w) {
  upair_t *p = malloc(sizeof *p * (size_t)(f->nnz + 1));
  if (!p) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int64_t m = 0;
  for (int64_t i = 0; i < f->n; i++)
    for (int64_t q = f->row[i]; q < f->row[i + 1]; q++) {
      int64_t j = f->col[q];
      p[m++] = (upair_t){i < j ? i : j, i < j ? j : i, f->val[q]};
    }
  rn_qsort(p, (size_t)m, sizeof *p, cmp_upair);
  int64_t k = -1;
  for (int64_t r = 0; r < m; r++) {
    if (k >= 0 && p[k].a == p[r].a && p[k].b == p[r].b) p[k].v += p[r].v;
    else p[++k] = p[r];
  }
  m = k + 1;
  igraph_vector_int_t edges;
  if (igraph_vector_int_init(&edges, 2 * m)) {
    free(p);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  if (igraph_vector_init(w, m)) {
    igraph_vector_int_destroy(&edges);
    free(p);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t e = 0; e < m; e++) {
    VECTOR(edges)[2 * e] = p[e].a;
    VECTOR(edges)[2 * e + 1] = p[e].b;
    VECTOR(*w)[e] = p[e].v;
  }
  free(p);
  int rc = igraph_create(g, &edges, f->n, IGRAPH_UNDIRECTED);
  igraph_vector_int_destroy(&edges);
  if (rc) {
    igraph_vector_destroy(w);
    return rn_error(ctx, RN_ENOMEM, "igraph: cannot build the flow graph");
  }
  return RN_OK;
}

/* The igraph call proper; membership is initialised by the caller. */
static int detect(rn_ctx_t *ctx, comm_kind_t kind, const igraph_t *g, const igraph_vector_t *w,
                  double resolution, long trials, igraph_vector_int_t *membership, double *quality) {
  igraph_error_t e = IGRAPH_SUCCESS;
  if (kind == COMM_LEIDEN) {
    igraph_vector_t strength;
    double total = 0;
    if (igraph_vector_init(&strength, 0)) return rn_error(ctx, RN_ENOMEM, "out of memory");
    e = igraph_strength(g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, w);
    for (igraph_integer_t k = 0; k < igraph_vector_size(w); k++) total += VECTOR(*w)[k];
    igraph_integer_t nc = 0;
    /* modularity: node weights = strengths, resolution / 2m (igraph's recipe) */
    if (!e)
      e = igraph_community_leiden(g, w, &strength, total > 0 ? resolution / (2 * total) : resolution,
                                  0.01, 0, -1, membership, &nc, quality);
    igraph_vector_destroy(&strength);
  } else if (kind == COMM_LOUVAIN) {
    igraph_vector_t q;
    if (igraph_vector_init(&q, 0)) return rn_error(ctx, RN_ENOMEM, "out of memory");
    e = igraph_community_multilevel(g, w, resolution, membership, NULL, &q);
    *quality = !e && igraph_vector_size(&q) > 0 ? igraph_vector_tail(&q) : 0;
    igraph_vector_destroy(&q);
  } else {
    igraph_real_t codelength = 0;
    e = igraph_community_infomap(g, w, NULL, (igraph_integer_t)trials, membership, &codelength);
    *quality = codelength;
  }
  if (e) return rn_error(ctx, RN_EINTERNAL, "igraph: %s", igraph_strerror(e));
  return RN_OK;
}

static int community(rn_ctx_t *ctx, const rn_method_input_t *in, char **options, rn_params_t *used,
                     rn_result_t *out, comm_kind_t kind) {
  const char *M = kind == COMM_LEIDEN ? "leiden" : kind == COMM_LOUVAIN ? "louvain" : "infomap";
  rn_mrun_t mr;
  double resolution = 1;
  long seed, trials = 10;
  int rc;
  rn_result_init(out);
  if ((rc = rn_mrun_init(ctx, M, in, options,
                         kind == COMM_INFOMAP ? infomap_options : modularity_options, -1, out,
                         &mr)) != RN_OK)
    goto fail;
  if (kind != COMM_INFOMAP &&
      (rc = rn_mopt_double(ctx, M, options, "resolution", 1, 1e-12, 1e12, &resolution)) != RN_OK)
    goto fail;
  if ((rc = rn_mopt_int(ctx, M, options, "seed", 1, 0, 2147483647L, &seed)) != RN_OK) goto fail;
  if (kind == COMM_INFOMAP &&
      (rc = rn_mopt_int(ctx, M, options, "trials", 10, 1, 1000, &trials)) != RN_OK)
    goto fail;
  int64_t n = in->units->n;
  int64_t *label = malloc(sizeof *label * (size_t)(n + 1));
  int64_t *key = malloc(sizeof *key * (size_t)(n + 1));
  unsigned char *role = calloc((size_t)n + 1, 1);
  igraph_t g;
  igraph_vector_t w;
  igraph_vector_int_t membership;
  int have_graph = 0, have_memb = 0;
  double quality = 0;
  if (!label || !key || !role) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  rc = kind == COMM_INFOMAP ? rn_flows_graph(ctx, in->flows, &g, &w)
                            : undirected_graph(ctx, in->flows, &g, &w);
  if (rc != RN_OK) goto done;
  have_graph = 1;
  if (igraph_vector_int_init(&membership, n)) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  have_memb = 1;
  /* igraph aborts on errors by default: report them as ours instead */
  igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
  igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
  rc = detect(ctx, kind, &g, &w, resolution, trials, &membership, &quality);
  igraph_set_error_handler(old);
  if (rc != RN_OK) goto done;
  for (int64_t i = 0; i < n; i++) label[i] = VECTOR(membership)[i];
  if ((rc = rn_keys_from_labels(ctx, &mr, label, key, role)) != RN_OK) goto done;
  int64_t ncomm = 0;
  for (int64_t i = 0; i < n; i++) ncomm += key[i] == i;
  rn_report(ctx, "%s: %lld communities (seed %ld%s%g), %s %.6g", M, (long long)ncomm, seed,
            kind == COMM_INFOMAP ? ", trials " : ", resolution ",
            kind == COMM_INFOMAP ? (double)trials : resolution,
            kind == COMM_INFOMAP ? "codelength" : "modularity", quality);
  rn_mlevel(used, 0, M, 0);
  if ((rc = rn_partition_repair(ctx, &mr, 0, key, role)) != RN_OK) goto done;
  if ((rc = rn_mrun_finish_level(ctx, &mr, 0, used, key, role)) != RN_OK) goto done;
  rn_mrun_decisions_done(&mr);
done:
  if (have_memb) igraph_vector_int_destroy(&membership);
  if (have_graph) {
    igraph_destroy(&g);
    igraph_vector_destroy(&w);
  }
  free(label);
  free(key);
  free(role);
fail:
  rn_mrun_destroy(&mr);
  if (rc != RN_OK) rn_result_destroy(out);
  return rc;
}

int rn_method_leiden(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                     rn_params_t *used, rn_result_t *out) {
  return community(ctx, in, options, used, out, COMM_LEIDEN);
}

int rn_method_louvain(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                      rn_params_t *used, rn_result_t *out) {
  return community(ctx, in, options, used, out, COMM_LOUVAIN);
}

int rn_method_infomap(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                      rn_params_t *used, rn_result_t *out) {
  return community(ctx, in, options, used, out, COMM_INFOMAP);
}
