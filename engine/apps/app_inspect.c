/* `regionet inspect`: what the inputs hold, before any clustering. */
#include "app_options.h"
#include "inspect_shares.h"
#include "regionet/app.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOP_FLOWS 10

typedef struct {
  int64_t i, j;
  double v;
} flow_t;
static int cmp_flow_desc(const void *a, const void *b) {
  const flow_t *x = a, *y = b;
  if (x->v != y->v) return x->v > y->v ? -1 : 1;
  if (x->i != y->i) return x->i < y->i ? -1 : 1;
  return (x->j > y->j) - (x->j < y->j);
}

/* Connected components of an undirected graph given as CSR (rook edges only). */
static int adjacency_components(const rn_adjacency_t *a, igraph_integer_t *ncomp,
                                igraph_vector_int_t *csize) {
  igraph_vector_int_t edges;
  igraph_vector_int_init(&edges, 0);
  for (int64_t i = 0; i < a->n; i++)
    for (int64_t p = a->row[i]; p < a->row[i + 1]; p++)
      if (a->shared[p] > 0 && a->col[p] > i) {
        igraph_vector_int_push_back(&edges, i);
        igraph_vector_int_push_back(&edges, a->col[p]);
      }
  igraph_t g;
  int rc = igraph_create(&g, &edges, a->n, IGRAPH_UNDIRECTED);
  igraph_vector_int_destroy(&edges);
  if (rc) return RN_ENOMEM;
  rc = igraph_connected_components(&g, NULL, csize, ncomp, IGRAPH_WEAK);
  igraph_destroy(&g);
  return rc ? RN_ENOMEM : RN_OK;
}

static void print_int(FILE *out, double v) {
  /* thousands separators make counts readable */
  char buf[64], res[96];
  snprintf(buf, sizeof buf, "%.0f", v);
  int len = (int)strlen(buf), k = 0, neg = buf[0] == '-';
  for (int c = 0; c < len; c++) {
    res[k++] = buf[c];
    int left = len - c - 1;
    if (left > 0 && left % 3 == 0 && !(neg && c == 0)) res[k++] = ',';
  }
  res[k] = 0;
  fputs(res, out);
}

int rn_app_inspect(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  rn_opt_t opts[] = {RN_INPUT_OPTIONS,
                     {"--preset", NULL, 1, "preset whose thresholds are checked (default krihs)", NULL},
                     {"--json", NULL, 0, "print JSON for machines", NULL},
                     {"--help", "-h", 0, "this help", NULL},
                     {NULL, NULL, 0, NULL, NULL}};
  const char *pos[1];
  int npos, rc = rn_opts_parse(ctx, "inspect", argc, argv, opts, pos, 0, &npos);
  if (rc != RN_OK) return rc;
  if (rn_opt(opts, "--help")) {
    rn_opts_help(out, "inspect", "--units F --id FIELD --flows F [options]", opts);
    return RN_OK;
  }
  rn_inputs_t in;
  rn_inputs_init(&in);
  if ((rc = rn_inputs_load(ctx, opts, 1, NULL, 0, &in)) != RN_OK) {
    rn_inputs_destroy(ctx, &in);
    return rc;
  }
  const rn_units_t *u = &in.units;
  const rn_flows_t *f = &in.flows;
  const rn_adjacency_t *a = &in.adj;
  int64_t n = u->n;

  double diag_sum = 0;
  for (int64_t i = 0; i < n; i++) diag_sum += f->diag[i];
  const char *denom = f->n_diag > 0 ? "total" : "out";
  int64_t nodata = 0, noout = 0, nisland = 0;
  for (int64_t i = 0; i < n; i++) {
    if (f->out[i] == 0 && f->in[i] == 0) nodata++;
    if (f->out[i] - f->diag[i] == 0) noout++;
    if (rn_adjacency_degree(a, i, 0) == 0) nisland++;
  }
  igraph_integer_t ncomp = 0;
  igraph_vector_int_t csize;
  igraph_vector_int_init(&csize, 0);
  if (adjacency_components(a, &ncomp, &csize) != RN_OK) {
    igraph_vector_int_destroy(&csize);
    rn_inputs_destroy(ctx, &in);
    return rn_error(ctx, RN_ENOMEM, "out of memory (components)");
  }
  igraph_vector_int_sort(&csize);
  igraph_vector_int_reverse(&csize);
  igraph_t fg;
  igraph_vector_t fw;
  igraph_integer_t nflowcomp = 0;
  if ((rc = rn_flows_graph(ctx, f, &fg, &fw)) == RN_OK) {
    igraph_connected_components(&fg, NULL, NULL, &nflowcomp, IGRAPH_WEAK);
    igraph_destroy(&fg);
    igraph_vector_destroy(&fw);
  }
  flow_t *top = malloc(sizeof *top * (size_t)(f->nnz + 1));
  int64_t ntop = 0;
  for (int64_t i = 0; top && i < n; i++)
    for (int64_t p = f->row[i]; p < f->row[i + 1]; p++)
      top[ntop++] = (flow_t){i, f->col[p], f->val[p]};
  if (top) rn_qsort(top, (size_t)ntop, sizeof *top, cmp_flow_desc);
  if (ntop > TOP_FLOWS) ntop = TOP_FLOWS;

  rn_params_t pp;
  rn_params_init(&pp);
  rn_shares_t sh;
  rc = rn_params_preset(ctx, rn_opt(opts, "--preset") ? rn_opt(opts, "--preset") : "krihs", &pp);
  if (rc == RN_OK) rc = rn_inspect_shares(ctx, u, f, &pp, &sh);
  rn_params_destroy(&pp);
  if (rc != RN_OK) {
    free(top);
    igraph_vector_int_destroy(&csize);
    rn_inputs_destroy(ctx, &in);
    return rc;
  }
  const char *preset = rn_opt(opts, "--preset") ? rn_opt(opts, "--preset") : "krihs";
  rn_snap_diff_t sd;
  memset(&sd, 0, sizeof sd);
  const char *snap = rn_opt(opts, "--snap") ? rn_opt(opts, "--snap") : "100";
  if (in.have_adj && (rc = rn_inspect_snap_diff(ctx, u, a, &sd)) != RN_OK) {
    free(top);
    igraph_vector_int_destroy(&csize);
    rn_inputs_destroy(ctx, &in);
    return rc;
  }
  if (rn_opt(opts, "--json")) {
    json_t *ties = json_array(), *noout_j = json_array(), *qs = json_object();
    static const char *const qn[RN_SHARE_QUANTILES] = {"min", "p10", "p25", "median", "p75", "p90", "max"};
    for (int q = 0; q < RN_SHARE_QUANTILES; q++) json_object_set_new(qs, qn[q], json_real(sh.q[q]));
    json_object_set_new(qs, "units", json_integer(sh.n));
    json_object_set_new(qs, "denominator", json_string(denom));
    for (int l = 0; l < sh.nlevels; l++)
      json_array_append_new(ties, json_pack("{s:s,s:f,s:I,s:I,s:s}", "level", sh.name[l], "threshold",
                                            sh.theta[l], "units_with_tie", (json_int_t)sh.count[l],
                                            "of", (json_int_t)sh.n, "denominator", denom));
    for (int64_t i = 0; i < n; i++)
      if (f->out[i] - f->diag[i] == 0) json_array_append_new(noout_j, json_string(u->code[i]));
    json_t *islands = json_array(), *nof = json_array(), *tops = json_array(), *sizes = json_array();
    for (int64_t i = 0; i < n; i++) {
      if (rn_adjacency_degree(a, i, 0) == 0) json_array_append_new(islands, json_string(u->code[i]));
      if (f->out[i] == 0 && f->in[i] == 0) json_array_append_new(nof, json_string(u->code[i]));
    }
    for (int64_t k = 0; k < ntop; k++)
      json_array_append_new(tops, json_pack("{s:s,s:s,s:f}", "origin", u->code[top[k].i], "dest",
                                            u->code[top[k].j], "flow", top[k].v));
    for (igraph_integer_t c = 0; c < igraph_vector_int_size(&csize); c++)
      json_array_append_new(sizes, json_integer(VECTOR(csize)[c]));
    json_t *root = json_pack(
        "{s:{s:s,s:s?,s:I,s:I,s:s},s:{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:I,s:f,s:s},"
        "s:o,s:o,s:{s:I,s:o},s:I,s:o}",
        "units", "path", u->path, "layer", u->layer, "count", (json_int_t)n, "epsg",
        (json_int_t)u->epsg, "crs_wkt", u->crs_wkt ? u->crs_wkt : "", "flows", "path", f->path,
        "rows", (json_int_t)f->rows_read, "pairs", (json_int_t)(f->nnz + f->n_diag), "offdiagonal",
        (json_int_t)f->nnz, "zero_rows", (json_int_t)f->rows_zero, "duplicate_rows",
        (json_int_t)f->rows_dup, "unknown_rows", (json_int_t)f->rows_unknown, "total", f->total,
        "intra_pairs", (json_int_t)f->n_diag, "intra_total", diag_sum, "default_denominator",
        denom, "units_without_flows", nof, "islands", islands, "adjacency_components", "count",
        (json_int_t)ncomp, "sizes", sizes, "flow_components", (json_int_t)nflowcomp, "top_flows",
        tops);
    json_t *amend = rn_inputs_adjacency_json(&in);
    if (amend) json_object_set_new(root, "adjacency_amendments", amend);
    json_object_set_new(root, "units_without_outflow", noout_j);
    json_object_set_new(root, "strongest_share", qs);
    json_object_set_new(root, "preset", json_string(preset));
    if (in.have_adj)
      json_object_set_new(root, "snap",
                          json_pack("{s:s,s:I,s:I,s:I,s:I}", "metres", snap, "rook_pairs",
                                    (json_int_t)sd.pairs, "rook_pairs_exact",
                                    (json_int_t)sd.strict_pairs, "added", (json_int_t)sd.added,
                                    "removed", (json_int_t)sd.removed));
    json_object_set_new(root, "ties", ties);
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    fprintf(out, "%s\n", s);
    free(s);
    json_decref(root);
  } else {
    fprintf(out, "units        ");
    print_int(out, (double)n);
    fprintf(out, "  (%s%s%s; ", u->path, u->layer ? ", layer " : "", u->layer ? u->layer : "");
    if (u->epsg) fprintf(out, "CRS EPSG:%d", u->epsg);
    else fprintf(out, "CRS without EPSG code");
    fprintf(out, "; %lld geometries repaired)\n", (long long)u->n_repaired);
    fprintf(out, "flows        ");
    print_int(out, (double)(f->nnz + f->n_diag));
    fprintf(out, " pairs from ");
    print_int(out, (double)f->rows_read);
    fprintf(out, " rows (%lld zero dropped, %lld duplicate rows summed, %lld unknown dropped)\n",
            (long long)f->rows_zero, (long long)f->rows_dup, (long long)f->rows_unknown);
    fprintf(out, "total        ");
    print_int(out, floor(f->total));
    if (f->total != floor(f->total)) fprintf(out, ".%02d", (int)((f->total - floor(f->total)) * 100));
    fprintf(out, "\n");
    fprintf(out, "intra-unit   %lld units with T[i][i] > 0, sum %.6g -> default denominator: %s\n",
            (long long)f->n_diag, diag_sum, denom);
    fprintf(out, "no flows     %lld units send and receive nothing", (long long)nodata);
    for (int64_t i = 0, k = 0; i < n && k < 10; i++)
      if (f->out[i] == 0 && f->in[i] == 0) fprintf(out, "%s%s", k++ ? " " : ": ", u->code[i]);
    fprintf(out, "\nno outflow   %lld units send nothing to other units", (long long)noout);
    for (int64_t i = 0, k = 0; i < n && k < 20; i++)
      if (f->out[i] - f->diag[i] == 0)
        fprintf(out, "%s%s (%s)", k++ ? ", " : ": ", u->code[i], u->name[i]);
    fprintf(out, "%s\n", noout > 20 ? ", ..." : "");
    fprintf(out, "strongest    share of each unit's largest flow to another unit (T_ij / D_i, "
                 "denominator %s), %lld units: min %.1f%%, 10%% %.1f%%, 25%% %.1f%%, median "
                 "%.1f%%, 75%% %.1f%%, 90%% %.1f%%, max %.1f%%\n",
            denom, (long long)sh.n, 100 * sh.q[0], 100 * sh.q[1], 100 * sh.q[2], 100 * sh.q[3],
            100 * sh.q[4], 100 * sh.q[5], 100 * sh.q[6]);
    fprintf(out, "ties         preset %s:", preset);
    for (int l = 0; l < sh.nlevels; l++)
      fprintf(out, "%s %s %.4g%%: %lld of %lld units have a tie at or above it", l ? ";" : "",
              sh.name[l], 100 * sh.theta[l], (long long)sh.count[l], (long long)sh.n);
    fprintf(out, " (denominator %s)\n", denom);
    if (in.no_geometry) {
      fprintf(out, "adjacency    none: the units have no geometry (methods without contiguity "
                   "only); %lld components of the flow graph\n", (long long)nflowcomp);
    } else {
      fprintf(out, "islands      %lld units without a rook neighbour", (long long)nisland);
      for (int64_t i = 0, k = 0; i < n && k < 20; i++)
        if (rn_adjacency_degree(a, i, 0) == 0)
          fprintf(out, "%s%s (%s)", k++ ? ", " : ": ", u->code[i], u->name[i]);
      fputc('\n', out);
      for (int k = 0; k < 2; k++) {
        const rn_adjacency_edits_t *e = &in.edits[k];
        if (!e->path) continue;
        fprintf(out, "%-12s %lld pairs from %s", k ? "removed" : "added", (long long)e->n, e->path);
        for (int64_t x = 0; x < e->n; x++)
          fprintf(out, "%s%s-%s (%s-%s)%s", x ? ", " : ": ", u->code[e->a[x]], u->code[e->b[x]],
                  u->name[e->a[x]], u->name[e->b[x]], e->noop[x] ? " [no change]" : "");
        fputc('\n', out);
      }
      fprintf(out, "components   %lld of the rook adjacency graph (largest:", (long long)ncomp);
      for (igraph_integer_t c = 0; c < igraph_vector_int_size(&csize) && c < 5; c++)
        fprintf(out, " %lld", (long long)VECTOR(csize)[c]);
      fprintf(out, "); %lld of the flow graph\n", (long long)nflowcomp);
      fprintf(out, "snap         --snap %s m: %lld rook pairs; read exactly (0 m): %lld; the "
                   "tolerance adds %lld",
              snap, (long long)sd.pairs, (long long)sd.strict_pairs, (long long)sd.added);
      if (sd.ex_added[0] >= 0)
        fprintf(out, " (e.g. %s-%s)", u->code[sd.ex_added[0]], u->code[sd.ex_added[1]]);
      fprintf(out, " and removes %lld", (long long)sd.removed);
      if (sd.ex_removed[0] >= 0)
        fprintf(out, " (e.g. %s-%s: a common boundary shorter than the tolerance)",
                u->code[sd.ex_removed[0]], u->code[sd.ex_removed[1]]);
      fputc('\n', out);
    }
    fprintf(out, "top flows\n");
    for (int64_t k = 0; k < ntop; k++)
      fprintf(out, "  %-10s -> %-10s %14.1f  (%s -> %s)\n", u->code[top[k].i], u->code[top[k].j],
              top[k].v, u->name[top[k].i], u->name[top[k].j]);
  }
  free(top);
  igraph_vector_int_destroy(&csize);
  rn_inputs_destroy(ctx, &in);
  return RN_OK;
}
