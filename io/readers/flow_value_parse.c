/* Flow values are parsed from text here rather than by OGR, so every refusal
 * (empty, NaN, inf, negative, overflow, junk) can be named precisely. */
#include "readers_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

const char *rn_flow_value_parse(const char *text, double *out) {
  *out = 0;
  if (!text) return "empty";
  const char *s = text;
  while (*s && isspace((unsigned char)*s)) s++;
  if (!*s) return "empty";
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s) return "not a number";
  int range = errno == ERANGE;
  while (*end && isspace((unsigned char)*end)) end++;
  if (*end) return "not a number";
  if (isnan(v)) return "not a number (NaN)";
  /* overflow: strtod gives HUGE_VAL with ERANGE; underflow to ~0 is accepted */
  if (range && fabs(v) == HUGE_VAL) return "out of range (overflow)";
  if (isinf(v)) return "infinite";
  if (v < 0) return "negative";
  *out = v + 0.0; /* -0 becomes 0 */
  return NULL;
}
