/* Why a code may be unknown when a near-twin is known: codes are compared as
 * text, so "011" and "11" differ, and a statistics office may write a code
 * with a prefix ("GM0363") where another file has it bare ("0363", or "363"). */
#include "io/readers/flows_forms.h"

#include <stdio.h>
#include <string.h>

/* s without leading zeros (one digit kept), its length in *len */
static const char *unpadded(const char *s, size_t *len) {
  while (*s == '0' && s[1] >= '0' && s[1] <= '9') s++;
  *len = strlen(s);
  return s;
}

/* The digits a code ends with, zeros unpadded: "GM0363" -> "363"; NULL when
 * it ends in no digit. */
static const char *tail_digits(const char *s, size_t *len) {
  size_t n = strlen(s), k = n;
  while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9') k--;
  if (k == n) return NULL;
  return unpadded(s + k, len);
}

void rn_code_hint(const rn_units_t *u, const char *code, char *buf, size_t size) {
  buf[0] = 0;
  size_t alen, atl;
  const char *a = unpadded(code, &alen), *at = tail_digits(code, &atl);
  const char *pad = NULL, *prefix = NULL;
  for (int64_t i = 0; i < u->n && !pad; i++) {
    const char *c = u->code[i];
    size_t blen, btl;
    const char *b = unpadded(c, &blen), *bt = tail_digits(c, &btl);
    if (strcmp(c, code) && blen == alen && !memcmp(a, b, alen)) pad = c;
    else if (!prefix && at && bt && atl == btl && !memcmp(at, bt, atl) && strcmp(c, code))
      prefix = c;
  }
  if (pad)
    snprintf(buf, size, " (unit '%.40s' differs only in leading zeros; codes are compared as text)",
             pad);
  else if (prefix)
    snprintf(buf, size,
             " (unit '%.40s' has the same number with another prefix or padding; codes are "
             "compared as text: give the codes as the units have them)",
             prefix);
}
