/* Public helpers for callers without a FILE * or GDAL headers (bindings):
 * run an app into a string, free what the library allocated, name an error. */
#include "regionet/app.h"
#include "engine/engine.h"

#include <gdal.h>
#include <stdlib.h>
#include <string.h>

void rn_init(void) { GDALAllRegister(); }

void rn_free(void *p) { free(p); }

/* Names and meanings, indexed by code (regionet.h). */
static const char *const err_names[][2] = {
    {"RN_OK", "success"},
    {"RN_EINPUT", "bad input data"},
    {"RN_EIO", "cannot open, read or write a file"},
    {"RN_ENOMEM", "out of memory"},
    {"RN_EPARAM", "bad parameter or option"},
    {"RN_EINTERNAL", "internal error"},
    {"RN_EEXISTS", "the output exists and --overwrite was not given"},
    {"RN_EINTERRUPT", "interrupted; no output is left behind"}};
#define N_ERRS ((int)(sizeof err_names / sizeof err_names[0]))

const char *rn_err_name(int code) { return code >= 0 && code < N_ERRS ? err_names[code][0] : "RN_E?"; }
const char *rn_strerror(int code) {
  return code >= 0 && code < N_ERRS ? err_names[code][1] : "unknown error";
}

int rn_app_run(rn_ctx_t *ctx, int argc, char **argv, char **text) {
  if (text) *text = NULL;
  if (argc < 1 || !argv || !argv[0]) return rn_error(ctx, RN_EPARAM, "no command given");
  const rn_app_t *app = rn_app_find(argv[0]);
  if (!app) return rn_error(ctx, RN_EPARAM, "unknown command '%s'", argv[0]);
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  if (!out) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int rc = app->run(ctx, argc, argv, out);
  fclose(out);
  if (text)
    *text = buf;
  else
    free(buf);
  return rc;
}
