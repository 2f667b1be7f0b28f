/* The context: GEOS handle, error text, progress and report stream. */
#include "engine/engine.h"

#include <stdlib.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
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

/* The public, opaque side of the context (regionet/regionet.h). */
rn_ctx_t *rn_ctx_new(void) {
  rn_ctx_t *ctx = malloc(sizeof *ctx);
  if (!ctx) return NULL;
  if (rn_ctx_init(ctx) != RN_OK) {
    free(ctx);
    return NULL;
  }
  return ctx;
}

void rn_ctx_free(rn_ctx_t *ctx) {
  if (!ctx) return;
  rn_ctx_destroy(ctx);
  free(ctx);
}

const char *rn_ctx_errmsg(const rn_ctx_t *ctx) { return ctx->err; }
void rn_ctx_set_threads(rn_ctx_t *ctx, int threads) { ctx->threads = threads < 0 ? 0 : threads; }
void rn_ctx_set_report(rn_ctx_t *ctx, FILE *report) { ctx->report = report; }
void rn_ctx_set_cancel(rn_ctx_t *ctx, volatile sig_atomic_t *flag) { ctx->cancel = flag; }

void rn_ctx_set_progress(rn_ctx_t *ctx, rn_progress_fn fn, void *arg) {
  /* the same signature as GDAL's progress functions, which the stages chain */
  ctx->progress = (GDALProgressFunc)fn;
  ctx->progress_arg = arg;
}

void rn_ctx_set_timings(rn_ctx_t *ctx, FILE *f) { ctx->timings = f; }

/* async-signal-safe: no stdio, no malloc */
static void unlink_with(const char *path, const char *suffix) {
  char p[sizeof ((rn_ctx_t *)0)->temp_path + 16];
  size_t n = 0;
  for (; path[n] && n < sizeof p - 16; n++) p[n] = path[n];
  for (size_t k = 0; suffix[k]; k++) p[n++] = suffix[k];
  p[n] = 0;
  unlink(p);
}

int rn_ctx_signal_cleanup(rn_ctx_t *ctx) {
  if (!ctx || !ctx->temp_active) return 0;
  static const char *const sfx[] = {"", "-journal", "-wal", "-shm"};
  for (int k = 0; k < 4; k++) unlink_with(ctx->temp_path, sfx[k]);
  return 1;
}
