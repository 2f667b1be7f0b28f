/* Change between two partitions, unit by unit (`compare -o`). Region ids are
 * compared as text: a regionet run names each region after its principal
 * core's code, so the same id is the same centre. */
#include "algorithms/compare/changes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *rn_change_name(rn_change_class_t c, int uncertain) {
  static const char *const name[] = {"same", "moved", "joined", "left", "only in A", "only in B"};
  static const char *const unc[] = {"same", "moved (uncertain)", "joined (uncertain)",
                                    "left (uncertain)", "only in A", "only in B"};
  return (uncertain ? unc : name)[c];
}

static rn_change_class_t classify(const char *ra, const char *rb) {
  if (!ra && !rb) return RN_CHANGE_SAME;
  if (!ra) return RN_CHANGE_JOINED;
  if (!rb) return RN_CHANGE_LEFT;
  return strcmp(ra, rb) ? RN_CHANGE_MOVED : RN_CHANGE_SAME;
}

/* index of code in a sorted partition, -1 when absent */
static int64_t find(const rn_partition_t *p, const char *code) {
  int64_t lo = 0, hi = p->n - 1;
  while (lo <= hi) {
    int64_t mid = lo + (hi - lo) / 2;
    int c = strcmp(p->code[mid], code);
    if (!c) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

int rn_partition_changes(rn_ctx_t *ctx, const rn_partition_t *a, const rn_partition_t *b,
                         const rn_partition_t *conf, double cut, rn_change_t **out, int64_t *n) {
  *out = NULL;
  *n = 0;
  rn_change_t *c = malloc(sizeof *c * (size_t)(a->n + b->n + 1));
  if (!c) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int64_t i = 0, j = 0, m = 0;
  while (i < a->n || j < b->n) {
    int cmp = i >= a->n ? 1 : j >= b->n ? -1 : strcmp(a->code[i], b->code[j]);
    rn_change_t *x = &c[m++];
    memset(x, 0, sizeof *x);
    x->confidence = NAN;
    if (cmp < 0) {
      x->code = a->code[i];
      x->region_a = a->label[i++];
      x->cls = RN_CHANGE_ONLY_A;
    } else if (cmp > 0) {
      x->code = b->code[j];
      x->region_b = b->label[j++];
      x->cls = RN_CHANGE_ONLY_B;
    } else {
      x->code = a->code[i];
      x->region_a = a->label[i++];
      x->region_b = b->label[j++];
      x->cls = classify(x->region_a, x->region_b);
    }
    if (conf && x->cls != RN_CHANGE_ONLY_B) {
      int64_t k = find(conf, x->code);
      char *end;
      if (k >= 0 && conf->label[k]) {
        x->confidence = strtod(conf->label[k], &end);
        if (*end || !(x->confidence >= 0 && x->confidence <= 1)) {
          int rc = rn_error(ctx, RN_EINPUT, "%s: unit %s: confidence '%s' is not a share in [0,1]",
                            conf->source, x->code, conf->label[k]);
          free(c);
          return rc;
        }
      }
      x->uncertain = x->cls != RN_CHANGE_SAME && x->cls != RN_CHANGE_ONLY_A && x->confidence < cut;
    }
  }
  *out = c;
  *n = m;
  return RN_OK;
}
