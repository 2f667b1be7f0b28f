/* regionet: functional regions from boundaries and commuting flows.
 * The public, stable C API: a context and the error codes. The work itself is
 * done by the argv-style apps of regionet/app.h (the same options as the
 * command line), so this header needs no GDAL, GEOS or igraph headers and a
 * new internal field breaks no caller: the context is opaque.
 *
 * Thread safety: a context is used by one thread at a time; several contexts
 * may run at once in one process. */
#ifndef REGIONET_H
#define REGIONET_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every function returns one of these (RN_OK = 0); the CLI exits with it. */
typedef enum rn_err {
  RN_OK = 0,
  RN_EINPUT = 1,    /* bad input data (file contents) */
  RN_EIO = 2,       /* cannot open / read / write */
  RN_ENOMEM = 3,
  RN_EPARAM = 4,    /* bad parameter or option */
  RN_EINTERNAL = 5,
  RN_EEXISTS = 6,   /* output exists and --overwrite not given */
  RN_EINTERRUPT = 7 /* interrupted (a signal, or the progress callback said stop) */
} rn_err;

/* The context: the GEOS handle, the last error's text, progress, threads.
 * No hidden globals: everything a run needs hangs off it. */
typedef struct rn_ctx rn_ctx_t;

/* A new context (NULL when out of memory or GEOS cannot start); free with
 * rn_ctx_free. Reports (repairs, dropped rows, decisions) go to stderr until
 * rn_ctx_set_report says otherwise. */
rn_ctx_t *rn_ctx_new(void);
void rn_ctx_free(rn_ctx_t *ctx);
/* The text of the last error set on ctx ("" when none); owned by ctx, valid
 * until the next call on it. */
const char *rn_ctx_errmsg(const rn_ctx_t *ctx);
/* Worker threads for the parallel stages (0: one per core). Results do not
 * depend on it. */
void rn_ctx_set_threads(rn_ctx_t *ctx, int threads);
/* Where reports go (NULL: nowhere). */
void rn_ctx_set_report(rn_ctx_t *ctx, FILE *report);
/* Progress in [0,1] with a stage message; returning 0 asks the run to stop
 * (it then ends with RN_EINTERRUPT and leaves no output). */
typedef int (*rn_progress_fn)(double done, const char *msg, void *arg);
void rn_ctx_set_progress(rn_ctx_t *ctx, rn_progress_fn fn, void *arg);
/* A flag a signal handler sets: once non-zero, the run stops as above. */
void rn_ctx_set_cancel(rn_ctx_t *ctx, volatile sig_atomic_t *flag);

/* Per-stage timings written to f ("label: seconds"), NULL: off. */
void rn_ctx_set_timings(rn_ctx_t *ctx, FILE *f);
/* For a signal handler: when a run is writing its output (its temporary
 * files are on disk; GDAL may write for a while without calling back), or
 * always != 0 (a second signal), remove every temporary file and directory
 * and the lock files of the run and return 1 (the handler should then
 * _exit); else 0 and nothing is touched. Async-signal-safe. */
int rn_ctx_signal_cleanup(rn_ctx_t *ctx, int always);

/* "0.1.0" */
const char *rn_version(void);
/* Library versions as one line: "regionet X; GDAL X; PROJ X; GEOS X; igraph X". */
void rn_versions_string(char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
