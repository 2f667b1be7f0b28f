/* libFuzzer target: bytes as a JSON parameter file (rn_params_from_json),
 * over the krihs preset as delineate does. What it accepts must write back
 * (rn_params_to_json) to a text the parser takes again with the same
 * levels: a run's OUT.json is meant to be re-used with --params. */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static rn_ctx_t ctx;
  static int ready;
  if (!ready) {
    if (rn_ctx_init(&ctx) != RN_OK) abort();
    ctx.report = NULL;
    ready = 1;
  }
  rn_params_t p;
  rn_params_init(&p);
  if (rn_params_preset(&ctx, "krihs", &p) != RN_OK) abort();
  int rc = rn_params_from_json(&ctx, "fuzz.json", (const char *)data, size, &p);
  if (rc == RN_OK) {
    char *s = rn_params_to_json(&p, NULL);
    if (!s) abort(); /* accepted parameters must be writable */
    rn_params_t q;
    rn_params_init(&q);
    if (rn_params_from_json(&ctx, "again.json", s, strlen(s), &q) != RN_OK) abort();
    if (q.nlevels != p.nlevels) abort();
    for (int l = 0; l < p.nlevels; l++)
      if (strcmp(q.level[l].name, p.level[l].name) || q.level[l].theta != p.level[l].theta ||
          q.level[l].mode != p.level[l].mode)
        abort();
    rn_params_destroy(&q);
    free(s);
  } else if (!ctx.err[0]) {
    abort();
  }
  ctx.err[0] = 0;
  rn_params_destroy(&p);
  return 0;
}
