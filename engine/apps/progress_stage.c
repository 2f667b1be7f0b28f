/* Progress stages (see progress_stage.h). */
#include "progress_stage.h"

void rn_stage_begin(rn_ctx_t *ctx, double a, double b, rn_stage_t *saved) {
  saved->fn = ctx->progress;
  saved->arg = ctx->progress_arg;
  saved->scaled = NULL;
  if (!ctx->progress) return;
  saved->scaled = GDALCreateScaledProgress(a, b, ctx->progress, ctx->progress_arg);
  ctx->progress = GDALScaledProgress;
  ctx->progress_arg = saved->scaled;
}

void rn_stage_end(rn_ctx_t *ctx, rn_stage_t *saved) {
  if (saved->scaled) GDALDestroyScaledProgress(saved->scaled);
  ctx->progress = saved->fn;
  ctx->progress_arg = saved->arg;
  saved->scaled = NULL;
}
