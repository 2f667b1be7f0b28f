/* Near twins of codes, for messages: what a code would match if leading
 * zeros, Unicode blanks or invisible characters around it, or its Unicode
 * normalisation form were ignored. The rule itself (ASCII blanks trimmed,
 * bytes compared) is rn_code_trim in engine.h; Unicode comes from
 * libunistring (NFC, character properties). */
#include "engine/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

static int ascii(const char *s, size_t n) {
  for (size_t k = 0; k < n; k++)
    if ((unsigned char)s[k] >= 0x80) return 0;
  return 1;
}

static int invisible(ucs4_t c) {
  return uc_is_property_white_space(c) || uc_is_property_default_ignorable_code_point(c);
}

/* s[0..n) without Unicode blanks or invisible characters (NBSP, U+3000,
 * zero-width space, a byte-order mark ...) at either end. Invalid UTF-8
 * stops the stripping there. */
static size_t strip_unicode(const char **s, size_t n) {
  const uint8_t *p = (const uint8_t *)*s, *end = p + n;
  ucs4_t c;
  int k;
  while (p < end && (k = u8_mbtoucr(&c, p, (size_t)(end - p))) > 0 && invisible(c)) p += k;
  while (end > p) {
    const uint8_t *q = end - 1;
    while (q > p && (*q & 0xC0) == 0x80) q--;
    if (u8_mbtoucr(&c, q, (size_t)(end - q)) != end - q || !invisible(c)) break;
    end = q;
  }
  *s = (const char *)p;
  return (size_t)(end - p);
}

/* The comparison key of a hint: stripped as above, then NFC. malloc'ed, or
 * NULL (invalid UTF-8, out of memory): then no hint. */
static char *twin_key(const char *s, size_t n, int nfc, size_t *klen) {
  n = strip_unicode(&s, n);
  if (!nfc || ascii(s, n)) {
    char *k = malloc(n + 1);
    if (k) memcpy(k, s, n), k[n] = 0;
    *klen = n;
    return k;
  }
  if (u8_check((const uint8_t *)s, n)) return NULL;
  uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, klen);
  return (char *)r;
}

static int same_key(const char *a, size_t alen, const char *b, size_t blen, int nfc) {
  size_t ka, kb;
  char *x = twin_key(a, alen, nfc, &ka), *y = x ? twin_key(b, blen, nfc, &kb) : NULL;
  int same = x && y && ka == kb && !memcmp(x, y, ka);
  free(x);
  free(y);
  return same;
}

/* The digits s[0..len) ends with, without leading zeros (one kept): "GM0363"
 * -> "363"; NULL when it ends in no digit. */
static const char *tail_digits(const char *s, size_t len, size_t *tl) {
  size_t k = len;
  while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9') k--;
  if (k == len) return NULL;
  while (k + 1 < len && s[k] == '0') k++;
  *tl = len - k;
  return s + k;
}

void rn_code_hint(char *const *codes, int64_t n, const char *code, size_t len, char *buf,
                  size_t size) {
  buf[0] = 0;
  const char *a = code;
  size_t alen = len;
  while (alen > 1 && *a == '0') a++, alen--;
  for (int64_t i = 0; i < n; i++) {
    const char *b = codes[i];
    while (*b == '0' && b[1]) b++;
    if (strlen(b) == alen && !memcmp(a, b, alen) &&
        !(strlen(codes[i]) == len && !memcmp(code, codes[i], len))) {
      snprintf(buf, size,
               " (unit '%.40s' differs only in leading zeros; codes are compared as text)",
               codes[i]);
      return;
    }
  }
  /* blanks and forms of Unicode: only codes that are not plain ASCII */
  for (int nfc = 0; nfc < 2; nfc++)
    for (int64_t i = 0; i < n; i++) {
      size_t blen = strlen(codes[i]);
      if (ascii(code, len) && ascii(codes[i], blen)) continue;
      if (!same_key(code, len, codes[i], blen, nfc)) continue;
      snprintf(buf, size,
               nfc ? " (unit '%.40s' is the same text in another Unicode normalisation form "
                     "(NFC/NFD); codes are compared byte for byte: write both alike)"
                   : " (unit '%.40s' differs only in Unicode blanks or invisible characters "
                     "around it, which are not trimmed)",
               codes[i]);
      return;
    }
  /* the same number with another prefix or padding: a statistics office may
   * write "GM0363" where another file has "0363" or "363" */
  size_t atl, btl;
  const char *at = tail_digits(code, len, &atl);
  for (int64_t i = 0; at && i < n; i++) {
    const char *bt = tail_digits(codes[i], strlen(codes[i]), &btl);
    if (bt && atl == btl && !memcmp(at, bt, atl) &&
        !(strlen(codes[i]) == len && !memcmp(code, codes[i], len))) {
      snprintf(buf, size,
               " (unit '%.40s' has the same number with another prefix or padding; codes are "
               "compared as text: give the codes as the units have them)",
               codes[i]);
      return;
    }
  }
}

typedef struct {
  char *key;
  size_t len;
  int64_t idx;
} key_t;

static int cmp_key(const void *x, const void *y) {
  const key_t *a = x, *b = y;
  size_t m = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->key, b->key, m);
  if (c) return c;
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

int rn_codes_nfc_twins(rn_ctx_t *ctx, int64_t n, const char *const *code, int64_t twin[2]) {
  twin[0] = twin[1] = -1;
  int64_t m = 0;
  for (int64_t i = 0; i < n; i++)
    if (!ascii(code[i], strlen(code[i]))) m++;
  if (m < 2) return RN_OK;
  key_t *k = calloc((size_t)m, sizeof *k);
  if (!k) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int64_t q = 0;
  int rc = RN_OK;
  for (int64_t i = 0; i < n && !rc; i++) {
    size_t len = strlen(code[i]);
    if (ascii(code[i], len)) continue;
    k[q].idx = i;
    /* invalid UTF-8 is compared as it is (the readers refuse it anyway) */
    if (u8_check((const uint8_t *)code[i], len)) {
      k[q].key = malloc(len + 1);
      if (k[q].key) memcpy(k[q].key, code[i], len + 1), k[q].len = len;
    } else {
      k[q].key = (char *)u8_normalize(UNINORM_NFC, (const uint8_t *)code[i], len, NULL,
                                      &k[q].len);
    }
    if (!k[q++].key) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  if (!rc) {
    qsort(k, (size_t)m, sizeof *k, cmp_key);
    for (int64_t i = 1; i < m; i++)
      if (k[i].len == k[i - 1].len && !memcmp(k[i].key, k[i - 1].key, k[i].len)) {
        twin[0] = k[i - 1].idx;
        twin[1] = k[i].idx;
        break;
      }
  }
  for (int64_t i = 0; i < q; i++) free(k[i].key);
  free(k);
  return rc;
}
