/* Unit codes -> unit ids by hashing: the flow readers look up two codes per
 * row, and a binary search of strcmp's over 100 000 codes costs more than the
 * rest of the row. Same answers as rn_units_find (exact byte comparison). */
#include "io_internal.h"

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

int rn_code_hash_build(rn_ctx_t *ctx, const rn_units_t *u, rn_code_hash_t *out) {
  out->units = u;
  out->mask = 0;
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
  h->slot = NULL;
}
