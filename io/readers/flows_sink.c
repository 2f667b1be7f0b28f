/* Where the readers of flows_matrix.c and flows_table.c put their flows:
 * codes to unit ids (unknown ones an error, or dropped and counted under
 * --drop-unknown), zeros counted, the rest to the builder; at the end the
 * same reports as the long reader gives. */
#include "io/readers/flows_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_conv.h>

int rn_flow_sink_init(rn_ctx_t *ctx, const rn_flows_opts_t *opts, const rn_units_t *units,
                      rn_flow_sink_t *s) {
  memset(s, 0, sizeof *s);
  s->ctx = ctx;
  s->units = units;
  s->path = opts->path;
  s->drop_unknown = opts->drop_unknown;
  if (!units) {
    s->codes = CPLHashSetNew(CPLHashSetHashStr, CPLHashSetEqualStr, free);
    return s->codes ? RN_OK : rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  return rn_flows_builder_new(ctx, units->n, &s->b);
}

int rn_flow_sink_code(rn_flow_sink_t *s, const char *code, const char *role, const char *at,
                      int64_t *id) {
  if (s->codes) { /* gathering the codes: every one is a unit */
    *id = 0;
    if (!code[0])
      return rn_error(s->ctx, RN_EINPUT, "%s: empty %s code", at, role);
    if (CPLHashSetLookup(s->codes, code)) return RN_OK;
    char *c = strdup(code);
    if (!c || !CPLHashSetInsert(s->codes, c))
      return rn_error(s->ctx, RN_ENOMEM, "out of memory");
    return RN_OK;
  }
  *id = rn_units_find(s->units, code);
  if (*id >= 0) return RN_OK;
  if (!s->drop_unknown) {
    char hint[200];
    rn_code_hint(s->units->code, s->units->n, code, strlen(code), hint, sizeof hint);
    return rn_error(s->ctx, RN_EINPUT, "%s: unknown %s code '%.80s'%s", at, role, code, hint);
  }
  s->rows_unknown++;
  if (s->nex < 3)
    snprintf(s->ex[s->nex++], sizeof s->ex[0], "%.200s %s '%.40s'", at, role, code);
  return RN_OK;
}

int rn_flow_sink_add(rn_flow_sink_t *s, int64_t i, int64_t j, double v) {
  if (s->codes) return RN_OK;
  if (v == 0) {
    s->rows_zero++;
    return RN_OK;
  }
  return rn_flows_builder_add(s->ctx, s->b, i, j, v);
}

int rn_flow_sink_finish(rn_flow_sink_t *s, rn_flows_t *out) {
  rn_ctx_t *ctx = s->ctx;
  const char *path = s->path;
  if (s->rows_read == 0) return rn_error(ctx, RN_EINPUT, "%s: no data rows (only a header?)", path);
  if (s->rows_unknown)
    rn_report(ctx, "%s: dropped %lld %s with codes not among the units, e.g. %s%s%s%s%s",
              path, (long long)s->rows_unknown, s->what ? s->what : "rows", s->ex[0], s->nex > 1 ? "; " : "",
              s->nex > 1 ? s->ex[1] : "", s->nex > 2 ? "; " : "", s->nex > 2 ? s->ex[2] : "");
  if (s->rows_zero) rn_report(ctx, "%s: dropped %lld zero flows", path, (long long)s->rows_zero);
  int64_t dup[2];
  int rc = rn_flows_builder_finish_dup(ctx, s->b, out, dup);
  s->b = NULL;
  if (rc) return rc;
  out->rows_read = s->rows_read;
  out->rows_zero = s->rows_zero;
  out->rows_unknown = s->rows_unknown;
  if (out->rows_dup)
    rn_report(ctx,
              "%s: %lld rows repeat an earlier (origin, destination) pair and were summed, e.g. "
              "%s -> %s (rows of several kinds, e.g. travel modes? choose with --flows-where)",
              path, (long long)out->rows_dup, s->units->code[dup[0]], s->units->code[dup[1]]);
  if (!(out->total > 0)) {
    rc = rn_error(ctx, RN_EINPUT, "%s: all %lld flows are zero%s", path, (long long)s->rows_read,
                  s->rows_unknown ? " or were dropped for unknown codes" : "");
    rn_flows_destroy(out);
    return rc;
  }
  if (!(out->path = strdup(path))) {
    rn_flows_destroy(out);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  return RN_OK;
}

void rn_flow_sink_destroy(rn_flow_sink_t *s) {
  rn_flows_builder_free(s->b);
  s->b = NULL;
  if (s->codes) CPLHashSetDestroy(s->codes);
  s->codes = NULL;
}
