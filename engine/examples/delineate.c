/* A program built against the installed libregionet: Brindisi's labour
 * market areas (Istat's rules, --method ttwa --compat istat) from the bundled
 * data, written as a GeoPackage.
 *
 *   cc delineate.c $(pkg-config --cflags --libs regionet) -o delineate
 *   ./delineate datasets/it out/brindisi.gpkg
 *
 * (or CMake: find_package(regionet) and target_link_libraries(... regionet::regionet),
 * see CMakeLists.txt here). */
#include <regionet/app.h>
#include <regionet/regionet.h>

#include <stdio.h>

/* Progress: the stage's message, once per stage. Returning 0 would stop the
 * run (RN_EINTERRUPT, nothing written). */
static int progress(double done, const char *msg, void *arg) {
  const char **last = arg;
  if (msg && *msg && (!*last || *last != msg)) fprintf(stderr, "[%3.0f%%] %s\n", 100 * done, msg);
  *last = msg;
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s DATASETS_IT_DIR OUT.gpkg\n", argv[0]);
    return 2;
  }
  char units[4096], flows[4096];
  snprintf(units, sizeof units, "%s/shpBrindisi.gpkg", argv[1]);
  snprintf(flows, sizeof flows, "%s/Brindisi_flows.csv", argv[1]);
  char *args[] = {"delineate", "--units", units,    "--id",     "PRO_COM", "--name",
                  "NOME_COM",  "--mass",  "POP2001", "--flows", flows,     "--method",
                  "ttwa",      "--compat", "istat",  "-o",      argv[2]};
  int nargs = (int)(sizeof args / sizeof args[0]);

  rn_init(); /* GDAL's drivers, once per process */
  rn_ctx_t *ctx = rn_ctx_new();
  if (!ctx) return RN_ENOMEM;
  const char *last = NULL;
  rn_ctx_set_progress(ctx, progress, &last);
  printf("%s\n", rn_version());
  int rc = rn_app_delineate(ctx, nargs, args, stdout);
  if (rc != RN_OK)
    fprintf(stderr, "delineate: %s (%s): %s\n", rn_err_name(rc), rn_strerror(rc),
            rn_ctx_errmsg(ctx));
  rn_ctx_free(ctx);
  return rc;
}
