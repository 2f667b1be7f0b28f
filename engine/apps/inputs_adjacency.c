/* The user's adjacency amendments as the apps take them: --adjacency-add and
 * --adjacency-remove files read after the units, applied once the adjacency
 * is built, reported, and recorded in the provenance. */
#include "app_options.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *const edit_opt[2] = {"--adjacency-add", "--adjacency-remove"};

int rn_inputs_edits_read(rn_ctx_t *ctx, const rn_opt_t *opts, int need_adj, rn_inputs_t *in) {
  for (int k = 0; k < 2; k++) {
    const char *path = rn_opt(opts, edit_opt[k]);
    if (!path) continue;
    if (!need_adj)
      return rn_error(ctx, RN_EPARAM,
                      "%s: the adjacency is not used with --contiguity ignore; leave it out",
                      edit_opt[k]);
    int rc = rn_adjacency_edits_read(ctx, path, &in->units, k, &in->edits[k]);
    if (rc == RN_OK) rc = rn_file_sha256(ctx, path, in->edits_sha[k]);
    if (rc != RN_OK) return rc;
  }
  return RN_OK;
}

/* "file:line: ..." of a pair that changes nothing. */
static void noop_text(const rn_inputs_t *in, int k, int64_t x, char *buf, size_t size) {
  const rn_adjacency_edits_t *e = &in->edits[k];
  snprintf(buf, size, "%s:%lld: %s (%s) and %s (%s) %s; the pair changes nothing", e->path,
           (long long)e->line[x], in->units.code[e->a[x]], in->units.name[e->a[x]],
           in->units.code[e->b[x]], in->units.name[e->b[x]],
           k ? "are not adjacent" : "are rook neighbours already");
}

int rn_inputs_edits_apply(rn_ctx_t *ctx, rn_inputs_t *in) {
  rn_adjacency_edits_t *add = in->edits[0].path ? &in->edits[0] : NULL;
  rn_adjacency_edits_t *rem = in->edits[1].path ? &in->edits[1] : NULL;
  if (!add && !rem) return RN_OK;
  int rc = rn_adjacency_amend(ctx, &in->units, &in->adj, add, rem);
  if (rc != RN_OK) return rc;
  for (int k = 0; k < 2; k++) {
    const rn_adjacency_edits_t *e = &in->edits[k];
    int64_t done = 0;
    char text[600];
    for (int64_t x = 0; x < e->n; x++) {
      if (!e->noop[x]) {
        done++;
        continue;
      }
      noop_text(in, k, x, text, sizeof text);
      rn_report(ctx, "warning: %s", text);
    }
    if (e->path)
      rn_report(ctx, "%s: %lld of %lld pairs %s the adjacency", e->path, (long long)done,
                (long long)e->n, k ? "removed from" : "added to");
  }
  rn_ctx_mark(ctx, "adjacency amendments");
  return RN_OK;
}

json_t *rn_inputs_adjacency_json(const rn_inputs_t *in) {
  if (!in->edits[0].path && !in->edits[1].path) return NULL;
  json_t *o = json_object();
  for (int k = 0; k < 2; k++) {
    const rn_adjacency_edits_t *e = &in->edits[k];
    if (!e->path) continue;
    json_t *pairs = json_array();
    for (int64_t x = 0; x < e->n; x++)
      json_array_append_new(pairs, json_pack("{s:s,s:s,s:I,s:b}", "a", in->units.code[e->a[x]],
                                             "b", in->units.code[e->b[x]], "line",
                                             (json_int_t)e->line[x], "applied", !e->noop[x]));
    json_object_set_new(o, k ? "remove" : "add",
                        json_pack("{s:s,s:s,s:o}", "path", e->path, "sha256", in->edits_sha[k],
                                  "pairs", pairs));
  }
  return o;
}

void rn_inputs_warnings_json(const rn_inputs_t *in, json_t *warn) {
  char text[600];
  for (int k = 0; k < 2; k++) {
    const rn_adjacency_edits_t *e = &in->edits[k];
    for (int64_t x = 0; e->path && x < e->n; x++) {
      if (!e->noop[x]) continue;
      noop_text(in, k, x, text, sizeof text);
      json_array_append_new(warn, json_pack("{s:s,s:s,s:I,s:s}", "kind",
                                            k ? "adjacency_remove_noop" : "adjacency_add_noop",
                                            "file", e->path, "line", (json_int_t)e->line[x],
                                            "message", text));
    }
  }
}
