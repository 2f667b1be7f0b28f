/* The flow matrix as a directed weighted igraph graph. */
#include "engine/engine.h"

int rn_flows_graph(rn_ctx_t *ctx, const rn_flows_t *f, igraph_t *g, igraph_vector_t *w) {
  igraph_vector_int_t edges;
  if (igraph_vector_int_init(&edges, 2 * f->nnz)) return rn_error(ctx, RN_ENOMEM, "out of memory");
  if (igraph_vector_init(w, f->nnz)) {
    igraph_vector_int_destroy(&edges);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t i = 0; i < f->n; i++)
    for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
      VECTOR(edges)[2 * p] = i;
      VECTOR(edges)[2 * p + 1] = f->col[p];
      VECTOR(*w)[p] = f->val[p];
    }
  int rc = igraph_create(g, &edges, f->n, IGRAPH_DIRECTED);
  igraph_vector_int_destroy(&edges);
  if (rc) {
    igraph_vector_destroy(w);
    return rn_error(ctx, RN_ENOMEM, "igraph: cannot build the flow graph");
  }
  return RN_OK;
}
