/* Small helpers for the reader tests: checks, paths under $RN_DATA/$RN_TMP,
 * and writing scratch files. */
#ifndef IO_TEST_UTIL_H
#define IO_TEST_UTIL_H

#include "engine/engine.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int t_failures = 0;
#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
      t_failures++;                                                              \
    }                                                                            \
  } while (0)
/* the call returned code and ctx->err holds every given fragment */
#define CHECK_ERR(ctx, rc, want, ...)                                            \
  do {                                                                           \
    int rc_ = (rc);                                                              \
    if (rc_ != (want)) {                                                         \
      fprintf(stderr, "%s:%d: got %d, want %d (%s)\n", __FILE__, __LINE__, rc_,  \
              (int)(want), (ctx)->err);                                          \
      t_failures++;                                                              \
    }                                                                            \
    const char *frag_[] = {__VA_ARGS__, NULL};                                   \
    for (int k_ = 0; frag_[k_]; k_++)                                            \
      if (!strstr((ctx)->err, frag_[k_])) {                                      \
        fprintf(stderr, "%s:%d: error text lacks '%s': %s\n", __FILE__, __LINE__, \
                frag_[k_], (ctx)->err);                                          \
        t_failures++;                                                            \
      }                                                                          \
  } while (0)

static char t_data[1024], t_tmp[1024];

static void t_setup(void) {
  const char *d = getenv("RN_DATA"), *t = getenv("RN_TMP");
  if (!d || !t) {
    fprintf(stderr, "RN_DATA and RN_TMP must be set (ctest sets them)\n");
    exit(2);
  }
  snprintf(t_data, sizeof t_data, "%s", d);
  snprintf(t_tmp, sizeof t_tmp, "%s", t);
  mkdir(t_tmp, 0777);
  GDALAllRegister();
}

/* path in a static ring of buffers, so a few can be alive at once */
static const char *t_path(const char *base, const char *rel) {
  static char buf[8][1200];
  static int k = 0;
  k = (k + 1) % 8;
  snprintf(buf[k], sizeof buf[k], "%s/%s", base, rel);
  return buf[k];
}
#define DATA(rel) t_path(t_data, rel)
#define TMP(rel) t_path(t_tmp, rel)

static const char *t_write(const char *rel, const char *bytes) {
  const char *p = TMP(rel);
  FILE *fp = fopen(p, "wb");
  if (!fp) {
    perror(p);
    exit(2);
  }
  fputs(bytes, fp);
  fclose(fp);
  return p;
}

/* ogr2ogr in process: src -> dst with the given extra arguments */
static int t_translate(const char *src, const char *dst, const char *const *args) {
  remove(dst);
  GDALDatasetH in = GDALOpenEx(src, GDAL_OF_VECTOR, NULL, NULL, NULL);
  if (!in) return -1;
  GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew((char **)args, NULL);
  int err = 0;
  GDALDatasetH out = GDALVectorTranslate(dst, NULL, 1, &in, o, &err);
  GDALVectorTranslateOptionsFree(o);
  GDALClose(in);
  if (!out) return -1;
  GDALClose(out);
  return 0;
}

static int t_report(void) {
  if (t_failures) fprintf(stderr, "%d check(s) failed\n", t_failures);
  else printf("all checks passed\n");
  return t_failures ? 1 : 0;
}

#endif
