/* Text helpers: recoding to UTF-8 and trimming. */
#include "readers_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_string.h>

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
  while (*s && isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
  char *c = malloc(n + 1);
  if (!c) return NULL;
  memcpy(c, s, n);
  c[n] = 0;
  return c;
}
