/* Dominant flows, Nystuen-Dacey (algorithms/README.md, `dominant`).
 *
 * m(i): the unit receiving i's largest outflow (diagonal excluded; ties:
 * larger mass, then smaller code). i is dominated when I_m(i) > I_i (m(i)
 * receives more in total, diagonal included), otherwise a terminal. Since I
 * grows strictly along the arcs i -> m(i) of dominated units they form a
 * forest; each tree is a nodal region, named after its terminal (role core).
 * Optional threshold (default 0, the pure method): a largest outflow below
 * threshold * O_i does not count, so i is a terminal. The key is the tree's
 * member of largest mass (its terminal when mass is I). Depth (arcs to the
 * terminal) is reported as the deepest tree. Under contiguity enforce the
 * trees are repaired as partitions (method_repair.c). */
#include "methods_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const dominant_options[] = {"threshold", NULL};

int rn_method_dominant(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                       rn_params_t *used, rn_result_t *out) {
  const char *M = "dominant";
  rn_mrun_t mr;
  double theta;
  int rc;
  rn_result_init(out);
  if ((rc = rn_mrun_init(ctx, M, in, options, dominant_options, -1, out, &mr)) != RN_OK) goto fail;
  if ((rc = rn_mopt_double(ctx, M, options, "threshold", 0, 0, 1, &theta)) != RN_OK) goto fail;
  const rn_problem_t *pb = &mr.pb;
  const rn_flows_t *f = pb->flows;
  int64_t n = f->n;
  int64_t *up = malloc(sizeof *up * (size_t)(n + 1));
  int64_t *root = malloc(sizeof *root * (size_t)(n + 1));
  int64_t *depth = calloc((size_t)n + 1, sizeof *depth);
  int64_t *key = malloc(sizeof *key * (size_t)(n + 1));
  int64_t *stack = malloc(sizeof *stack * (size_t)(n + 1));
  unsigned char *role = calloc((size_t)n + 1, 1);
  if (!up || !root || !depth || !key || !stack || !role) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    goto done;
  }
  int64_t nterm = 0, maxdepth = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t m = -1;
    double best = 0;
    for (int64_t p = f->row[i]; p < f->row[i + 1]; p++) {
      int64_t j = f->col[p];
      if (m < 0 || f->val[p] > best || (f->val[p] == best && rn_better_unit(pb, j, m))) {
        m = j;
        best = f->val[p];
      }
    }
    int counts = m >= 0 && best > 0 && (theta == 0 || rn_meets(rn_share(pb, i, best), theta));
    up[i] = counts && f->in[m] > f->in[i] ? m : -1;
    root[i] = -1;
  }
  /* roots by walking up; I strictly increases, so every walk ends */
  for (int64_t i = 0; i < n; i++) {
    int64_t sp = 0, x = i;
    while (root[x] < 0 && up[x] >= 0) {
      stack[sp++] = x;
      x = up[x];
    }
    if (root[x] < 0) {
      root[x] = x;
      depth[x] = 0;
    }
    while (sp > 0) {
      int64_t y = stack[--sp];
      root[y] = root[x];
      depth[y] = depth[x] + 1;
      x = y;
    }
  }
  for (int64_t i = 0; i < n; i++) {
    nterm += up[i] < 0;
    if (depth[i] > maxdepth) maxdepth = depth[i];
  }
  if ((rc = rn_keys_from_labels(ctx, &mr, root, key, role)) != RN_OK) goto done;
  for (int64_t i = 0; i < n; i++) role[i] = up[i] < 0 ? RN_ROLE_CORE : RN_ROLE_MEMBER;
  rn_mlevel(used, 0, M, theta);
  used->level[0].mode = RN_MODE_DOMINANT;
  rn_report(ctx, "dominant: %lld terminals (nodal regions before contiguity), deepest tree %lld arcs",
            (long long)nterm, (long long)maxdepth);
  if ((rc = rn_partition_repair(ctx, &mr, 0, key, role)) != RN_OK) goto done;
  if ((rc = rn_mrun_finish_level(ctx, &mr, 0, used, key, role)) != RN_OK) goto done;
  rn_mrun_decisions_done(&mr);
done:
  free(up);
  free(root);
  free(depth);
  free(key);
  free(stack);
  free(role);
fail:
  rn_mrun_destroy(&mr);
  if (rc != RN_OK) rn_result_destroy(out);
  return rc;
}
