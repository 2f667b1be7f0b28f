/* regionet: a thin shell over the library's argv-style apps (rn_app_*). */
#include "regionet/app.h"
#include "regionet/regionet.h"
#include "usage.h"

#include <gdal.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* SIGINT/SIGTERM: the first one asks the library to stop (rn_progress turns
 * the flag into RN_EINTERRUPT and the output set removes its temporaries).
 * A signal while the run's temporary files are on disk (GDAL may write for a
 * while without calling back), or a second signal, ends the process at once
 * after removing every temporary file, directory and lock of the run, with
 * async-signal-safe calls only. */
static rn_ctx_t *sig_ctx;
static volatile sig_atomic_t sig_stop;

static void on_signal(int sig) {
  if (rn_ctx_signal_cleanup(sig_ctx, sig_stop != 0) || sig_stop) _exit(128 + sig);
  sig_stop = sig;
}

int main(int argc, char **argv) {
  int timings = argc > 1 && !strcmp(argv[1], "--timings");
  if (timings) {
    argv[1] = argv[0];
    argv++;
    argc--;
  }
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
    rn_cli_usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  GDALAllRegister();
  rn_ctx_t *ctx = rn_ctx_new();
  if (!ctx) {
    fprintf(stderr, "regionet: cannot initialise GEOS\n");
    return 3;
  }
  if (timings) rn_ctx_set_timings(ctx, stderr);
  sig_ctx = ctx;
  rn_ctx_set_cancel(ctx, &sig_stop);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  int rc;
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--version")) cmd = "version";
  {
    const rn_app_t *app = rn_app_find(cmd);
    if (!app) {
      fprintf(stderr, "regionet: unknown command '%s'\n", cmd);
      rn_cli_usage(stderr);
      rn_ctx_free(ctx);
      return 2;
    }
    rc = app->run(ctx, argc - 1, argv + 1, stdout);
    if (rc != RN_OK) fprintf(stderr, "regionet %s: %s\n", cmd, rn_ctx_errmsg(ctx));
    /* stopped by a signal: the shell's convention, 128 + its number */
    if (rc == RN_EINTERRUPT && sig_stop) rc = 128 + sig_stop;
  }
  sig_ctx = NULL;
  rn_ctx_free(ctx);
  return rc;
}
