/* Radix sort by a 64-bit key. Grouping equal segments or vertices needs only
 * that equal items end up together, not a lexicographic order of their
 * coordinates: hashing them and sorting the hashes in four linear passes
 * replaces a comparison sort that was most of the exact adjacency's time. */
#include "sort_key.h"

#include <stdlib.h>
#include <string.h>

uint64_t rn_hash_doubles(const double *v, int n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (int k = 0; k < n; k++) {
    double d = v[k] == 0 ? 0.0 : v[k]; /* -0 == +0 */
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    h ^= b + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= h >> 33; /* murmur3's finaliser mixes every bit */
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
  }
  return h;
}

int rn_sort_by_key(void *base, size_t n, size_t size, uint64_t *key,
                   int (*cmp)(const void *, const void *)) {
  if (n < 2) return 1;
  uint32_t *ix = malloc(sizeof *ix * n), *iy = malloc(sizeof *iy * n);
  uint64_t *ky = malloc(sizeof *ky * n);
  unsigned char *tmp = malloc(size * n);
  size_t *count = malloc(sizeof *count * 65536);
  if (!ix || !iy || !ky || !tmp || !count || n > UINT32_MAX) {
    free(ix), free(iy), free(ky), free(tmp), free(count);
    return 0;
  }
  for (size_t k = 0; k < n; k++) ix[k] = (uint32_t)k;
  /* four passes: keys and indices end in key[] and ix[] again */
  uint64_t *ka = key, *kb = ky;
  for (int pass = 0; pass < 4; pass++) {
    int shift = 16 * pass;
    memset(count, 0, sizeof *count * 65536);
    for (size_t k = 0; k < n; k++) count[(ka[k] >> shift) & 0xffff]++;
    size_t sum = 0;
    for (size_t c = 0; c < 65536; c++) {
      size_t m = count[c];
      count[c] = sum;
      sum += m;
    }
    for (size_t k = 0; k < n; k++) {
      size_t p = count[(ka[k] >> shift) & 0xffff]++;
      iy[p] = ix[k];
      kb[p] = ka[k];
    }
    uint32_t *t = ix;
    ix = iy;
    iy = t;
    uint64_t *u = ka;
    ka = kb;
    kb = u;
  }
  const unsigned char *b = base;
  for (size_t k = 0; k < n; k++) memcpy(tmp + k * size, b + (size_t)ix[k] * size, size);
  memcpy(base, tmp, size * n);
  for (size_t s = 0; s < n;) {
    size_t e = s + 1;
    while (e < n && key[e] == key[s]) e++;
    if (e - s > 1) qsort((unsigned char *)base + s * size, e - s, size, cmp);
    s = e;
  }
  free(ix), free(iy), free(ky), free(tmp), free(count);
  return 1;
}
