/* Stages of a long run report progress as parts of one 0..1 scale, through
 * GDAL's scaled progress, so `--progress` prints one 0...10...20...100 line. */
#ifndef RN_PROGRESS_STAGE_H
#define RN_PROGRESS_STAGE_H

#include "engine/engine.h"

typedef struct rn_stage {
  GDALProgressFunc fn;
  void *arg;
  void *scaled;
} rn_stage_t;

/* Map the context's progress to [a, b] of the current scale until rn_stage_end. */
void rn_stage_begin(rn_ctx_t *ctx, double a, double b, rn_stage_t *saved);
void rn_stage_end(rn_ctx_t *ctx, rn_stage_t *saved);

#endif
