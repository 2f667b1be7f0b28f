/* The context: GEOS handle, error text, progress and report stream. */
/* getdents64 through syscall(): the only async-signal-safe way to list a
 * directory, for the signal-time clean-up below */
#define _GNU_SOURCE
#include "engine/engine.h"

#include <stdlib.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
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

int rn_ctx_temp_add(rn_ctx_t *ctx, const char *path, int is_dir) {
  size_t len = strlen(path);
  for (int k = 0; k < RN_CTX_TEMPS; k++) {
    if (ctx->temps[k].active) continue;
    if (len >= sizeof ctx->temps[k].path) break;
    memcpy(ctx->temps[k].path, path, len + 1);
    /* the handler must never see a half-copied name: flag after the copy */
    atomic_signal_fence(memory_order_seq_cst);
    ctx->temps[k].active = is_dir ? 1 : 2;
    return k;
  }
  rn_error(ctx, RN_EINTERNAL, "cannot register the temporary %s", path);
  return -1;
}

void rn_ctx_temp_drop(rn_ctx_t *ctx, int slot) {
  if (slot >= 0 && slot < RN_CTX_TEMPS) ctx->temps[slot].active = 0;
  atomic_signal_fence(memory_order_seq_cst);
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

/* Async-signal-safe removal of a directory's files (and of one level of
 * subdirectories), then of the directory: open, getdents64, unlinkat only;
 * no stdio, no malloc, no opendir. */
struct rn_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static void remove_tree(int parent, const char *name, int depth) {
  int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return;
  char buf[4096] __attribute__((aligned(8)));
  long n;
  while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
    for (long off = 0; off < n;) {
      struct rn_dirent64 *d = (struct rn_dirent64 *)(buf + off);
      off += d->d_reclen;
      const char *e = d->d_name;
      if (e[0] == '.' && (!e[1] || (e[1] == '.' && !e[2]))) continue;
      if (unlinkat(fd, e, 0) != 0 && depth > 0) remove_tree(fd, e, depth - 1);
    }
  }
  close(fd);
  unlinkat(parent, name, AT_REMOVEDIR);
}

int rn_ctx_signal_cleanup(rn_ctx_t *ctx, int always) {
  if (!ctx) return 0;
  int writing = 0;
  for (int k = 0; k < RN_CTX_TEMPS; k++) writing |= ctx->temps[k].active == 1;
  if (!writing && !always) return 0;
  /* directories first: a lock goes only once its run's files are gone */
  for (int pass = 1; pass <= 2; pass++)
    for (int k = 0; k < RN_CTX_TEMPS; k++) {
      if (ctx->temps[k].active != pass) continue;
      if (pass == 1) remove_tree(AT_FDCWD, ctx->temps[k].path, 1);
      else unlink(ctx->temps[k].path);
      ctx->temps[k].active = 0;
    }
  return 1;
}

/* GEOS 3.11 has one interrupt callback per process; each thread says which
 * cancel flag it honours. The request GEOS_interruptRequest makes is cleared
 * when the call returns (GEOS_interruptCancel), so it cannot stop a later one. */
static _Thread_local volatile sig_atomic_t *geos_cancel;

static void geos_interrupt_cb(void) {
  if (geos_cancel && *geos_cancel) GEOS_interruptRequest();
}

void rn_geos_interruptible(rn_ctx_t *ctx, int on) {
  static atomic_int registered;
  if (on && !atomic_exchange(&registered, 1)) GEOS_interruptRegisterCallback(geos_interrupt_cb);
  geos_cancel = on ? ctx->cancel : NULL;
  if (!on) GEOS_interruptCancel();
}
