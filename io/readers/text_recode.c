/* Text helpers: recoding to UTF-8 and trimming. */
#include "readers_internal.h"

#include <stdlib.h>
#include <string.h>
#include <cpl_string.h>
#include <iconv.h>

char *rn_io_recode(const char *s, const char *encoding) {
  if (!s) return NULL;
  if (!encoding || !encoding[0]) return strdup(s);
  /* CPLRecode allocates with CPLMalloc; hand back a malloc'ed copy so callers free() */
  char *r = CPLRecode(s, encoding, CPL_ENC_UTF8);
  char *c = strdup(r ? r : s);
  CPLFree(r);
  return c;
}

char *rn_io_trim(const char *s) {
  if (!s) return NULL;
  size_t n = rn_code_trim(&s, strlen(s)); /* the rule for codes (engine.h) */
  char *c = malloc(n + 1);
  if (!c) return NULL;
  memcpy(c, s, n);
  c[n] = 0;
  return c;
}

/* CPLRecode on an encoding iconv does not know warns once and hands the
 * bytes back as they are: ask iconv first. */
int rn_io_encoding_check(rn_ctx_t *ctx, const char *encoding, const char *option) {
  if (!encoding || !encoding[0]) return RN_OK;
  iconv_t cd = iconv_open("UTF-8", encoding);
  if (cd == (iconv_t)-1)
    return rn_error(ctx, RN_EPARAM, "%s: unknown encoding '%s' (names as iconv knows them: "
                    "CP949, EUC-KR, ISO-8859-1, CP1252, ...; `iconv -l` lists them)",
                    option, encoding);
  iconv_close(cd);
  return RN_OK;
}
