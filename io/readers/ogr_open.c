/* Opening OGR sources and layers with messages that say what is there. */
/* VSIStatBufL is struct stat64 on glibc */
#define _LARGEFILE64_SOURCE 1
#include "readers_internal.h"

#include <stdio.h>
#include <string.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>

const char *rn_io_cpl_msg(void) {
  const char *m = CPLGetLastErrorMsg();
  return m ? m : "";
}

int rn_io_open_vector(rn_ctx_t *ctx, const char *path, const char *const *allowed,
                      const char *const *open_opts, GDALDatasetH *out) {
  *out = NULL;
  if (!path || !path[0]) return rn_error(ctx, RN_EPARAM, "no input file given");
  GDALAllRegister(); /* idempotent; the library may be used without the CLI */
  /* "CSV:" prefixes select a driver and are not file names; a database
   * connection is no file either, and is named without its password. */
  const char *file = strncmp(path, "CSV:", 4) == 0 ? path + 4 : path;
  char shown[4096];
  rn_source_name(file, shown, sizeof shown);
  int db = rn_source_is_db(file);
  VSIStatBufL st;
  if (!db && VSIStatExL(file, &st, VSI_STAT_EXISTS_FLAG) != 0)
    return rn_error(ctx, RN_EIO, "%s: no such file", file);
  CPLErrorReset();
  /* Quiet: the reason goes into ctx->err rather than to stderr. */
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed, open_opts, NULL);
  CPLPopErrorHandler();
  if (!ds) {
    const char *m = rn_io_cpl_msg();
    char why[1024];
    if (db)
      return rn_error(ctx, RN_EIO, "%s: cannot open the database: %s", shown,
                      rn_source_error(why, sizeof why)[0] ? why : "no reason given");
    return rn_error(ctx, RN_EIO, "%s: not a vector dataset OGR can read%s%s", file,
                    m[0] ? ": " : "", m);
  }
  if (GDALDatasetGetLayerCount(ds) < 1 && !db) {
    GDALClose(ds);
    return rn_error(ctx, RN_EINPUT, "%s: has no layers", file);
  }
  *out = ds;
  return RN_OK;
}

int rn_io_layer(rn_ctx_t *ctx, GDALDatasetH ds, const char *path, const char *name,
                OGRLayerH *out) {
  *out = name ? GDALDatasetGetLayerByName(ds, name) : GDALDatasetGetLayer(ds, 0);
  if (*out) return RN_OK;
  char list[1024] = "";
  size_t len = 0;
  int nl = GDALDatasetGetLayerCount(ds);
  for (int k = 0; k < nl && len < sizeof list; k++) {
    OGRLayerH l = GDALDatasetGetLayer(ds, k);
    len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s'", k ? ", " : "",
                            l ? OGR_L_GetName(l) : "?");
  }
  return rn_error(ctx, RN_EPARAM, "%s: no layer '%s'; layers: %s", path, name ? name : "",
                  list);
}

/* A GDAL error while features are read (a line over the CSV driver's limit,
 * a damaged file) otherwise only prints "ERROR 1" and ends the layer early,
 * as if the file ended there: record it so the reader fails instead. */
static void CPL_STDCALL errors_handler(CPLErr cls, CPLErrorNum no, const char *msg) {
  rn_io_errors_t *e = CPLGetErrorHandlerUserData();
  if (cls == CE_Failure || cls == CE_Fatal) {
    if (e && !e->failed) {
      e->failed = 1;
      snprintf(e->msg, sizeof e->msg, "%s", msg ? msg : "");
    }
    return;
  }
  CPLDefaultErrorHandler(cls, no, msg); /* warnings and debug output as before */
}

void rn_io_errors_push(rn_io_errors_t *e) {
  e->failed = 0;
  e->msg[0] = 0;
  CPLErrorReset();
  CPLPushErrorHandlerEx(errors_handler, e);
}

void rn_io_errors_pop(void) { CPLPopErrorHandler(); }
