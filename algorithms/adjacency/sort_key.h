/* Sorting large arrays by a 64-bit key in linear time (sort_key.c). */
#ifndef RN_SORT_KEY_H
#define RN_SORT_KEY_H

#include <stddef.h>
#include <stdint.h>

/* Reorder base (n items of size bytes) by key[] ascending (LSD radix, 16 bits
 * a pass), then each run of equal keys by cmp, so items that cmp calls equal
 * end up together whatever collisions the key has. key is clobbered.
 * Returns 0 when out of memory (base untouched). */
int rn_sort_by_key(void *base, size_t n, size_t size, uint64_t *key,
                   int (*cmp)(const void *, const void *));

/* A well-mixed 64-bit hash of n doubles' bit patterns (+0 and -0 alike). */
uint64_t rn_hash_doubles(const double *v, int n);

#endif
