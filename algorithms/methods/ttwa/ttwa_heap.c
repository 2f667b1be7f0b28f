/* Indexed binary min-heap on (key, id): areas change validity one or two at
 * a time, so the least valid one is found in log time, ties by id. */
#include "ttwa_internal.h"

#include <stdlib.h>
#include <string.h>

int rn_ttwa_heap_init(rn_ctx_t *ctx, int64_t n, rn_ttwa_heap_t *h) {
  memset(h, 0, sizeof *h);
  h->n = n;
  h->item = malloc(sizeof *h->item * (size_t)(n + 1));
  h->pos = malloc(sizeof *h->pos * (size_t)(n + 1));
  h->key = malloc(sizeof *h->key * (size_t)(n + 1));
  if (!h->item || !h->pos || !h->key) {
    rn_ttwa_heap_destroy(h);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  for (int64_t i = 0; i < n; i++) h->pos[i] = -1;
  return RN_OK;
}

void rn_ttwa_heap_destroy(rn_ttwa_heap_t *h) {
  free(h->item);
  free(h->pos);
  free(h->key);
  memset(h, 0, sizeof *h);
}

static int less(const rn_ttwa_heap_t *h, int64_t a, int64_t b) {
  if (h->key[a] != h->key[b]) return h->key[a] < h->key[b];
  return a < b;
}

static void place(rn_ttwa_heap_t *h, int64_t q, int64_t id) {
  h->item[q] = id;
  h->pos[id] = q;
}

static void up(rn_ttwa_heap_t *h, int64_t q) {
  int64_t id = h->item[q];
  while (q > 0) {
    int64_t p = (q - 1) / 2;
    if (!less(h, id, h->item[p])) break;
    place(h, q, h->item[p]);
    q = p;
  }
  place(h, q, id);
}

static void down(rn_ttwa_heap_t *h, int64_t q) {
  int64_t id = h->item[q];
  for (;;) {
    int64_t c = 2 * q + 1;
    if (c >= h->len) break;
    if (c + 1 < h->len && less(h, h->item[c + 1], h->item[c])) c++;
    if (!less(h, h->item[c], id)) break;
    place(h, q, h->item[c]);
    q = c;
  }
  place(h, q, id);
}

void rn_ttwa_heap_set(rn_ttwa_heap_t *h, int64_t id, double key) {
  if (h->pos[id] < 0) {
    h->key[id] = key;
    place(h, h->len++, id);
    up(h, h->len - 1);
    return;
  }
  h->key[id] = key;
  up(h, h->pos[id]);
  down(h, h->pos[id]);
}

void rn_ttwa_heap_remove(rn_ttwa_heap_t *h, int64_t id) {
  int64_t q = h->pos[id];
  if (q < 0) return;
  h->pos[id] = -1;
  int64_t last = h->item[--h->len];
  if (q == h->len) return;
  place(h, q, last);
  up(h, q);
  down(h, h->pos[last]);
}
