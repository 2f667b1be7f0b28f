/* Unit codes -> unit ids by hashing: the flow readers look up two codes per
 * row, and a binary search of strcmp's over 100 000 codes costs more than the
 * rest of the row. Same answers as rn_units_find (exact byte comparison).
 *
 * Numeric codes get a direct table instead: when every code is decimal
 * digits, all of one length ("000123") or all without leading zeros
 * ("123"), a digit string of that form is one code exactly when its number
 * is, so the number indexes an array of ids. A hash probe on 100 000 codes
 * misses the cache on nearly every destination; the array (4 bytes a
 * number, built only when the numbers are dense) mostly does not. */
#include "readers_internal.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t len) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (size_t k = 0; k < len; k++) {
    h ^= (unsigned char)s[k];
    h *= 1099511628211ULL;
  }
  /* FNV's low bits vary little across codes like 000123, 000124: mix them
   * (murmur3's finaliser) or probe chains grow long */
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 33);
}

#define DIGITS_MAX 18 /* 10^18 < 2^63 */

/* The number of s[0..len) when it is 1..18 digits, else -1. */
static int64_t digits_value(const char *s, size_t len) {
  if (len == 0 || len > DIGITS_MAX) return -1;
  int64_t v = 0;
  for (size_t k = 0; k < len; k++) {
    unsigned d = (unsigned char)s[k] - (unsigned)'0';
    if (d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/* The direct table, when the codes allow it (else h->dense stays NULL). */
static int dense_build(rn_ctx_t *ctx, const rn_units_t *u, rn_code_hash_t *h) {
  if (u->n <= 0 || u->n > INT32_MAX) return RN_OK;
  size_t width = strlen(u->code[0]);
  int fixed = 1, canonical = 1;
  int64_t lo = INT64_MAX, hi = -1;
  for (int64_t i = 0; i < u->n; i++) {
    size_t len = strlen(u->code[i]);
    int64_t v = digits_value(u->code[i], len);
    if (v < 0) return RN_OK;
    if (len != width) fixed = 0;
    if (len > 1 && u->code[i][0] == '0') canonical = 0;
    if (!fixed && !canonical) return RN_OK;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  /* dense enough: at most 4 slots a code (plus a little for tiny sets) */
  uint64_t span = (uint64_t)(hi - lo) + 1;
  if (span > 4 * (uint64_t)u->n + 1024) return RN_OK;
  int32_t *t = malloc(sizeof *t * span);
  if (!t) return rn_error(ctx, RN_ENOMEM, "out of memory (code index)");
  memset(t, 0xff, sizeof *t * span); /* -1 */
  for (int64_t i = 0; i < u->n; i++) {
    int64_t v = digits_value(u->code[i], strlen(u->code[i]));
    if (t[v - lo] < 0) t[v - lo] = (int32_t)i; /* the first of equal codes, as the hash */
  }
  h->dense = t;
  h->dense_lo = lo;
  h->dense_span = span;
  h->dense_width = fixed ? (uint32_t)width : 0;
  return RN_OK;
}

int rn_code_hash_build(rn_ctx_t *ctx, const rn_units_t *u, rn_code_hash_t *out) {
  memset(out, 0, sizeof *out);
  out->units = u;
  int rc = dense_build(ctx, u, out);
  if (rc || out->dense) return rc;
  uint64_t cap = 16;
  while (cap < 2 * (uint64_t)u->n) cap <<= 1; /* load <= 1/2 */
  out->slot = malloc(sizeof *out->slot * cap);
  if (!out->slot) return rn_error(ctx, RN_ENOMEM, "out of memory (code index)");
  for (uint64_t p = 0; p < cap; p++) out->slot[p].id = -1;
  out->mask = cap - 1;
  for (int64_t i = 0; i < u->n; i++) {
    size_t len = strlen(u->code[i]);
    uint64_t p = hash_bytes(u->code[i], len) & out->mask;
    while (out->slot[p].id >= 0) p = (p + 1) & out->mask;
    rn_code_slot_t *sl = &out->slot[p];
    sl->id = i;
    sl->len = (uint32_t)len;
    if (len <= sizeof sl->key) memcpy(sl->key, u->code[i], len);
  }
  return RN_OK;
}

int64_t rn_code_hash_find(const rn_code_hash_t *h, const char *s, size_t len) {
  if (h->dense) {
    /* the form of every code: that width, or no leading zero */
    if (h->dense_width ? len != h->dense_width : len > 1 && s[0] == '0') return -1;
    int64_t v = digits_value(s, len);
    if (v < h->dense_lo || (uint64_t)(v - h->dense_lo) >= h->dense_span) return -1;
    return h->dense[v - h->dense_lo];
  }
  uint64_t p = hash_bytes(s, len) & h->mask;
  for (const rn_code_slot_t *sl; (sl = &h->slot[p])->id >= 0; p = (p + 1) & h->mask) {
    if (sl->len != len) continue;
    const char *key = len <= sizeof sl->key ? sl->key : h->units->code[sl->id];
    if (memcmp(key, s, len) == 0) return sl->id;
  }
  return -1;
}

void rn_code_hash_free(rn_code_hash_t *h) {
  free(h->slot);
  free(h->dense);
  h->slot = NULL;
  h->dense = NULL;
}
