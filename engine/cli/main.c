/* regionet: a thin shell over the library's argv-style apps (rn_app_*). */
#include "regionet/app.h"
#include "regionet/regionet.h"

#include <gdal.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: regionet COMMAND [options]\n"
          "commands:\n"
          "  inspect     summarise units, flows and adjacency\n"
          "  delineate   metropolitan areas, urban areas and life zones (or --method NAME)\n"
          "  generate    synthetic units and flows of any size (benchmarks)\n"
          "  methods     the delineation methods available\n"
          "  version     library versions\n"
          "'regionet COMMAND --help' describes a command's options.\n");
}

int main(int argc, char **argv) {
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
  }
  rn_ctx_destroy(&ctx);
  return rc;
}
