/* The context: GEOS handle, error text, progress and report stream. */
#include "regionet/regionet.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <gdal.h>
#include <igraph.h>
#include <proj.h>

static double rn_ctx_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void rn_ctx_mark(rn_ctx_t *ctx, const char *label) {
  if (!ctx->timings) return;
  double now = rn_ctx_now();
  fprintf(ctx->timings, "  %-28s %8.3f s\n", label, now - ctx->mark);
  ctx->mark = now;
}

static void geos_message(const char *fmt, ...) { (void)fmt; }

int rn_ctx_init(rn_ctx_t *ctx) {
  memset(ctx, 0, sizeof *ctx);
  ctx->geos = GEOS_init_r();
  if (!ctx->geos) return RN_ENOMEM;
  /* GEOS notices are not errors for us; errors come back as NULL results. */
  GEOSContext_setNoticeHandler_r(ctx->geos, geos_message);
  GEOSContext_setErrorHandler_r(ctx->geos, geos_message);
  ctx->report = stderr;
  ctx->mark = rn_ctx_now();
  return RN_OK;
}

void rn_ctx_destroy(rn_ctx_t *ctx) {
  if (ctx->geos) GEOS_finish_r(ctx->geos);
  ctx->geos = NULL;
}

int rn_error(rn_ctx_t *ctx, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ctx->err, sizeof ctx->err, fmt, ap);
  va_end(ap);
  return code;
}

void rn_report(rn_ctx_t *ctx, const char *fmt, ...) {
  if (!ctx->report || ctx->quiet) return;
  va_list ap;
  va_start(ap, fmt);
  flockfile(ctx->report); /* a whole line, when threads report */
  vfprintf(ctx->report, fmt, ap);
  fputc('\n', ctx->report);
  funlockfile(ctx->report);
  va_end(ap);
}

void rn_ctx_temp(rn_ctx_t *ctx, const char *path) {
  ctx->temp_active = 0;
  /* the handler must never see a half-copied name: flag after the copy */
  atomic_signal_fence(memory_order_seq_cst);
  if (!path || strlen(path) >= sizeof ctx->temp_path) return;
  memcpy(ctx->temp_path, path, strlen(path) + 1);
  atomic_signal_fence(memory_order_seq_cst);
  ctx->temp_active = 1;
}

int rn_progress(rn_ctx_t *ctx, double done, const char *msg) {
  if (ctx->cancel && *ctx->cancel) return 0;
  if (!ctx->progress) return 1;
  return ctx->progress(done, msg, ctx->progress_arg);
}

const char *rn_version(void) { return RN_VERSION; }

void rn_versions_string(char *buf, size_t size) {
  int maj, min, pat;
  igraph_version(NULL, &maj, &min, &pat);
  PJ_INFO pi = proj_info();
  snprintf(buf, size, "regionet %s; GDAL %s; PROJ %s; GEOS %s; igraph %d.%d.%d",
           RN_VERSION, GDALVersionInfo("RELEASE_NAME"), pi.version, GEOSversion(),
           (int)maj, (int)min, (int)pat);
}
