/* Bars: a unit removed as an exclave may not rejoin that region. */
#include "algorithms/cluster_internal.h"

#include <stdlib.h>
#include <string.h>

void rn_bars_init(rn_bars_t *b) { memset(b, 0, sizeof *b); }

void rn_bars_destroy(rn_bars_t *b) {
  free(b->unit);
  free(b->key);
  free(b->next);
  free(b->snap);
  free(b->head);
  rn_bars_init(b);
}

int rn_bars_reset(rn_bars_t *b, int64_t n, const int64_t *cand, int64_t ncand) {
  rn_bars_destroy(b);
  b->head = malloc(sizeof *b->head * (size_t)(n + 1));
  if (!b->head) return RN_ENOMEM;
  /* only candidates are barred or asked about: a level nested in hundreds
   * of regions would otherwise fill n entries for each */
  if (!cand)
    for (int64_t i = 0; i <= n; i++) b->head[i] = -1;
  else
    for (int64_t k = 0; k < ncand; k++) b->head[cand[k]] = -1;
  return RN_OK;
}

int rn_bars_has(const rn_bars_t *b, int64_t unit, int64_t key) {
  for (int64_t k = b->head[unit]; k >= 0; k = b->next[k])
    if (b->key[k] == key) return 1;
  return 0;
}

int rn_bars_excludes(const rn_bars_t *b, int64_t unit, int64_t target) {
  for (int64_t k = b->head[unit]; k >= 0; k = b->next[k])
    if (b->snap[k] && b->snap[k][target] == b->key[k]) return 1;
  return 0;
}

int rn_bars_add(rn_bars_t *b, int64_t unit, int64_t key) {
  return rn_bars_add_snap(b, unit, key, NULL);
}

int rn_bars_add_snap(rn_bars_t *b, int64_t unit, int64_t key, const int64_t *snap) {
  if (rn_bars_has(b, unit, key)) return RN_OK;
  if (b->len == b->cap) {
    int64_t cap = b->cap ? 2 * b->cap : 16;
    int64_t *u = realloc(b->unit, sizeof *u * (size_t)cap);
    if (u) b->unit = u;
    int64_t *k = realloc(b->key, sizeof *k * (size_t)cap);
    if (k) b->key = k;
    int64_t *nx = realloc(b->next, sizeof *nx * (size_t)cap);
    if (nx) b->next = nx;
    const int64_t **sn = realloc(b->snap, sizeof *sn * (size_t)cap);
    if (sn) b->snap = sn;
    if (!u || !k || !nx || !sn) return RN_ENOMEM;
    b->cap = cap;
  }
  b->unit[b->len] = unit;
  b->key[b->len] = key;
  b->snap[b->len] = snap;
  b->next[b->len] = b->head[unit];
  b->head[unit] = b->len++;
  return RN_OK;
}
