/* regionet: a thin shell over the library's argv-style apps (rn_app_*). */
#include "regionet/app.h"
#include "regionet/regionet.h"

#include <gdal.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* SIGINT/SIGTERM: the first one asks the library to stop (rn_progress turns
 * the flag into RN_EINTERRUPT and the writer deletes its temporary file).
 * A signal while a temporary file is on disk (GDAL may write for a while
 * without calling back), or a second signal, ends the process at once after
 * unlinking that file, with async-signal-safe calls only. */
static rn_ctx_t *sig_ctx;
static volatile sig_atomic_t sig_stop;

static void unlink_with(const char *path, const char *suffix) {
  char p[sizeof sig_ctx->temp_path + 16];
  size_t n = 0;
  for (; path[n] && n < sizeof p - 16; n++) p[n] = path[n];
  for (size_t k = 0; suffix[k]; k++) p[n++] = suffix[k];
  p[n] = 0;
  unlink(p);
}

static void on_signal(int sig) {
  if (sig_ctx && sig_ctx->temp_active) {
    static const char *const sfx[] = {"", "-journal", "-wal", "-shm"};
    for (int k = 0; k < 4; k++) unlink_with(sig_ctx->temp_path, sfx[k]);
    _exit(128 + sig);
  }
  if (sig_stop) _exit(128 + sig);
  sig_stop = sig;
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: regionet COMMAND [options]\n"
          "commands:\n"
          "  inspect     summarise units, flows and adjacency\n"
          "  delineate   metropolitan areas, urban areas and life zones (or --method NAME)\n"
          "  compare     two partitions of the same units: ARI, NMI, VI, splits and merges\n"
          "  sweep       the clustering over a grid of thresholds, with per-unit stability\n"
          "  generate    synthetic units and flows of any size (benchmarks)\n"
          "  methods     the delineation methods available\n"
          "  version     library versions\n"
          "'regionet COMMAND --help' describes a command's options.\n"
          "'regionet --timings COMMAND ...' prints the time of each stage to stderr.\n");
}

int main(int argc, char **argv) {
  int timings = argc > 1 && !strcmp(argv[1], "--timings");
  if (timings) {
    argv[1] = argv[0];
    argv++;
    argc--;
  }
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  GDALAllRegister();
  rn_ctx_t ctx;
  if (rn_ctx_init(&ctx) != RN_OK) {
    fprintf(stderr, "regionet: cannot initialise GEOS\n");
    return 3;
  }
  if (timings) ctx.timings = stderr;
  sig_ctx = &ctx;
  ctx.cancel = &sig_stop;
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
      usage(stderr);
      rn_ctx_destroy(&ctx);
      return 2;
    }
    rc = app->run(&ctx, argc - 1, argv + 1, stdout);
    if (rc != RN_OK) fprintf(stderr, "regionet %s: %s\n", cmd, ctx.err);
    /* stopped by a signal: the shell's convention, 128 + its number */
    if (rc == RN_EINTERRUPT && sig_stop) rc = 128 + sig_stop;
  }
  sig_ctx = NULL;
  rn_ctx_destroy(&ctx);
  return rc;
}
