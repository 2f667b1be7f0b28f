/* Exclave, enclave and island decisions, kept for the report and provenance. */
#include "algorithms/cluster_internal.h"

#include <stdlib.h>
#include <string.h>

int rn_decision_add(rn_ctx_t *ctx, rn_level_run_t *run, int64_t unit, int64_t key,
                    rn_decision_kind_t kind, const char *reason) {
  if (*run->ndec == *run->capdec) {
    int64_t cap = *run->capdec ? 2 * *run->capdec : 64;
    rn_decision_t *d = realloc(*run->dec, sizeof *d * (size_t)cap);
    if (!d) return rn_error(ctx, RN_ENOMEM, "out of memory (decisions)");
    *run->dec = d;
    *run->capdec = cap;
  }
  rn_decision_t *d = &(*run->dec)[(*run->ndec)++];
  memset(d, 0, sizeof *d);
  d->level = run->level;
  d->unit = unit;
  d->region = key; /* a key until rn_delineate turns it into a region index */
  d->kind = kind;
  snprintf(d->reason, sizeof d->reason, "%s", reason);
  return RN_OK;
}
