/* regionet: functional regions from boundaries and commuting flows.
 *
 * The public, stable C API: a context and the error codes. The work itself is
 * done by the argv-style apps of regionet/app.h (the same options as the
 * command line), so this header needs no GDAL, GEOS or igraph headers and a
 * new internal field breaks no caller: the context is opaque.
 *
 * Link with libregionet (pkg-config regionet, or CMake's
 * find_package(regionet) and the target regionet::regionet).
 *
 * Stability: every function declared here and in regionet/app.h keeps its
 * name, signature and meaning within a major version (the soname,
 * libregionet.so.0); error codes keep their values. Nothing else the library
 * contains is exported.
 *
 * Thread safety: a context is used by one thread at a time; several contexts
 * may run at once in one process. Functions without a context are thread-safe.
 * GDAL's drivers must be registered once per process before a run
 * (GDALAllRegister(); rn_init() does it for callers without GDAL headers). */
#ifndef REGIONET_H
#define REGIONET_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "regionet/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every function that can fail returns one of these (RN_OK = 0); the CLI
 * exits with it. The values are stable. */
typedef enum rn_err {
  RN_OK = 0,
  RN_EINPUT = 1,    /* bad input data (file contents): the message names the file, line or unit */
  RN_EIO = 2,       /* cannot open / read / write a file */
  RN_ENOMEM = 3,    /* out of memory */
  RN_EPARAM = 4,    /* bad parameter or option */
  RN_EINTERNAL = 5, /* a bug or a library failure that should not happen */
  RN_EEXISTS = 6,   /* the output exists and --overwrite was not given */
  RN_EINTERRUPT = 7 /* interrupted (the cancel flag, or the progress callback said stop) */
} rn_err;

/* A short constant name for an error code ("RN_EINPUT"; "RN_E?" for an
 * unknown code). Static storage; thread-safe. */
RN_API const char *rn_err_name(int code);
/* What an error code means, in a few words ("bad input data"); static
 * storage, thread-safe. The run's own message is rn_ctx_errmsg. */
RN_API const char *rn_strerror(int code);

/* The context: the GEOS handle, the last error's text, progress, threads.
 * No hidden globals: everything a run needs hangs off it. Opaque. */
typedef struct rn_ctx rn_ctx_t;

/* Register GDAL's drivers (GDALAllRegister) for a caller that does not link
 * GDAL itself; call once per process before the first run. Thread-safe
 * after the first call returns. */
RN_API void rn_init(void);

/* A new context (NULL when out of memory or GEOS cannot start); the caller
 * owns it and frees it with rn_ctx_free (NULL is accepted). Reports
 * (repairs, dropped rows, decisions) go to stderr until rn_ctx_set_report
 * says otherwise. */
RN_API rn_ctx_t *rn_ctx_new(void);
RN_API void rn_ctx_free(rn_ctx_t *ctx);
/* The text of the last error set on ctx ("" when none); owned by ctx, valid
 * until the next call on it. */
RN_API const char *rn_ctx_errmsg(const rn_ctx_t *ctx);
/* Worker threads for the parallel stages (0: one per core). Results do not
 * depend on it. An app's --threads option overrides it for that run. */
RN_API void rn_ctx_set_threads(rn_ctx_t *ctx, int threads);
/* Where reports go (NULL: nowhere). The caller keeps ownership of the
 * stream, which must stay open while ctx runs. */
RN_API void rn_ctx_set_report(rn_ctx_t *ctx, FILE *report);
/* Progress in [0,1] with a stage message; returning 0 asks the run to stop
 * (it then ends with RN_EINTERRUPT and leaves no output). Called on the
 * thread running the app; arg is passed back untouched. */
typedef int (*rn_progress_fn)(double done, const char *msg, void *arg);
RN_API void rn_ctx_set_progress(rn_ctx_t *ctx, rn_progress_fn fn, void *arg);
/* A flag set from a signal handler or another thread: once non-zero, the
 * run stops as above at its next progress point. The caller owns the flag,
 * which must outlive the run; NULL removes it. */
RN_API void rn_ctx_set_cancel(rn_ctx_t *ctx, volatile sig_atomic_t *flag);

/* Per-stage timings written to f ("label: seconds"), NULL: off. The caller
 * owns f. */
RN_API void rn_ctx_set_timings(rn_ctx_t *ctx, FILE *f);
/* For a signal handler: when a run is writing its output (its temporary
 * files are on disk; GDAL may write for a while without calling back), or
 * always != 0 (a second signal), remove every temporary file and directory
 * and the lock files of the run and return 1 (the handler should then
 * _exit); else 0 and nothing is touched. Async-signal-safe. */
RN_API int rn_ctx_signal_cleanup(rn_ctx_t *ctx, int always);

/* The library's version, "0.1.0" (static storage). */
RN_API const char *rn_version(void);
/* Library versions as one line into buf (truncated to size, always
 * terminated): "regionet X; GDAL X; PROJ X; GEOS X; igraph X". */
RN_API void rn_versions_string(char *buf, size_t size);

/* Free memory the library handed to the caller (rn_app_run's text). */
RN_API void rn_free(void *p);

#ifdef __cplusplus
}
#endif
#endif
