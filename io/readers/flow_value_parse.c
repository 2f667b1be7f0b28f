/* Flow values are parsed from text here rather than by OGR, so every refusal
 * (empty, NaN, inf, negative, overflow, junk) can be named precisely.
 *
 * The grammar (README, "Inputs"), the one both CSV paths and text fields of
 * other formats use: optional blanks, an optional sign, decimal digits with
 * at most one '.', an optional exponent (e or E, optional sign, digits),
 * optional blanks. strtod reads more (hex "0x10", "0x1p3", "inf", "nan",
 * locale forms); only text that passes the grammar reaches it. */
#include "readers_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <strings.h>

/* the blanks around a value are those around a code (rn_code_blank) */
static int blank(char c) { return rn_code_blank(c); }
static int digit(char c) { return c >= '0' && c <= '9'; }

/* The end of the number at s when it follows the grammar, else NULL. */
static const char *decimal_end(const char *s) {
  if (*s == '+' || *s == '-') s++;
  int digits = 0;
  while (digit(*s)) s++, digits++;
  if (*s == '.') {
    s++;
    while (digit(*s)) s++, digits++;
  }
  if (!digits) return NULL;
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-') s++;
    if (!digit(*s)) return NULL;
    while (digit(*s)) s++;
  }
  return s;
}

/* inf, infinity, nan with an optional sign: named for what they are. */
static const char *special(const char *s, size_t n) {
  if (n && (*s == '+' || *s == '-')) s++, n--;
  if ((n == 3 && !strncasecmp(s, "inf", 3)) || (n == 8 && !strncasecmp(s, "infinity", 8)))
    return "infinite";
  if (n == 3 && !strncasecmp(s, "nan", 3)) return "not a number (NaN)";
  return NULL;
}

const char *rn_flow_value_parse(const char *text, double *out) {
  *out = 0;
  if (!text) return "empty";
  const char *s = text;
  while (blank(*s)) s++;
  if (!*s) return "empty";
  const char *end = decimal_end(s), *rest = end ? end : s;
  if (end)
    while (blank(*rest)) rest++;
  if (!end || *rest) {
    size_t n = 0;
    while (s[n] && !blank(s[n])) n++;
    const char *why = special(s, n);
    const char *after = s + n;
    while (blank(*after)) after++;
    if (why && !*after) return why;
    return "not a number (plain decimals only: digits, one '.', an exponent)";
  }
  errno = 0;
  double v = strtod(s, NULL);
  /* overflow: strtod gives HUGE_VAL with ERANGE; underflow to ~0 is accepted */
  if (errno == ERANGE && fabs(v) == HUGE_VAL) return "out of range (overflow)";
  if (v < 0) return "negative";
  *out = v + 0.0; /* -0 becomes 0 */
  return NULL;
}
