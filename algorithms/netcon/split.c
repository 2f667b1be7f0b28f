/* Polycentric rule cores merged by their flows need not touch. The group is
 * kept when its grown region connects its cores through adjacent members;
 * otherwise it splits into the connected parts, each its own core group, and
 * growth runs again. Cores on islands are exempt: an island core stays with
 * the part whose cores receive its largest share (tie or none: the part of
 * larger mass). Designated groups are the user's and never split. */
#include "algorithms/cluster_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int64_t *comp;  /* per unit: connected part (index of its first core), -1 */
  int64_t *queue; /* every unit labelled since the last clear, in order */
  int64_t *uf;
  unsigned char *is_core;
  int64_t *group;            /* per core unit: its group before the split */
  unsigned char *was_split;  /* per group */
  int64_t nlabelled;         /* units in queue */
} split_work_t;

/* Label the members of region key reached from core c by land with label. */
static void flood(const rn_level_run_t *run, split_work_t *w, int64_t key, int64_t c,
                  int64_t label) {
  const rn_adjacency_t *a = run->pb->adj;
  int64_t qh = w->nlabelled, qt = w->nlabelled;
  w->comp[c] = label;
  w->queue[qt++] = c;
  while (qh < qt) {
    int64_t x = w->queue[qh++];
    for (int64_t p = a->row[x]; p < a->row[x + 1]; p++) {
      int64_t y = a->col[p];
      if (!(run->pb->queen || a->shared[p] > 0) || !run->incand[y] || run->key[y] != key ||
          w->comp[y] >= 0)
        continue;
      w->comp[y] = label;
      w->queue[qt++] = y;
    }
  }
  w->nlabelled = qt;
}

/* Mass of the region's members labelled label. */
static double part_mass(const rn_level_run_t *run, const split_work_t *w, int64_t label) {
  double m = 0;
  for (int64_t k = 0; k < run->ncand; k++)
    if (w->comp[run->cand[k]] == label) m += run->pb->mass[run->cand[k]];
  return m;
}

/* The part island core c goes with: largest share to the part's cores, then
 * larger part mass, then the part first in core order. */
static int64_t island_part(const rn_level_run_t *run, const split_work_t *w, int64_t g,
                           int64_t c) {
  const rn_problem_t *pb = run->pb;
  const rn_flows_t *f = pb->flows;
  int64_t best = -1;
  double bs = 0, bm = 0;
  for (int64_t q = run->cores.start[g]; q < run->cores.start[g + 1]; q++) {
    int64_t label = w->comp[run->cores.unit[q]];
    if (label != run->cores.unit[q]) continue; /* not a part's first core, or an island */
    double s = 0;
    for (int64_t p = f->row[c]; p < f->row[c + 1]; p++)
      if (w->is_core[f->col[p]] && w->comp[f->col[p]] == label) s += rn_share(pb, c, f->val[p]);
    double m = part_mass(run, w, label);
    if (best < 0 || s > bs || (s == bs && m > bm)) best = label, bs = s, bm = m;
  }
  return best;
}

/* Group g's cores into parts: comp[c] of each core; returns the number of parts. */
static int64_t label_parts(const rn_level_run_t *run, split_work_t *w, int64_t g) {
  const rn_problem_t *pb = run->pb;
  int64_t key = run->cores.key[g], nparts = 0;
  for (int64_t q = run->cores.start[g]; q < run->cores.start[g + 1]; q++) {
    int64_t c = run->cores.unit[q];
    if (w->comp[c] >= 0 || rn_adjacency_degree(pb->adj, c, pb->queen) == 0) continue;
    flood(run, w, key, c, c);
    nparts++;
  }
  return nparts;
}

/* Only what flood labelled: a pass over every candidate per group made the
 * split check quadratic. */
static void clear_labels(split_work_t *w) {
  for (int64_t k = 0; k < w->nlabelled; k++) w->comp[w->queue[k]] = -1;
  w->nlabelled = 0;
}

/* "P+Q" of old group g. */
static void group_codes(const rn_problem_t *pb, const rn_cores_t *c, int64_t g, char *buf,
                        size_t size) {
  buf[0] = 0;
  for (int64_t q = c->start[g]; q < c->start[g + 1]; q++) {
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s", q > c->start[g] ? "+" : "",
             pb->units->code[c->unit[q]]);
  }
}

/* One decision per new group made of a split group's cores, keyed by it. */
static int report_splits(rn_ctx_t *ctx, rn_level_run_t *run, const rn_cores_t *old,
                         const int64_t *old_group, const unsigned char *was_split) {
  const rn_problem_t *pb = run->pb;
  int rc = RN_OK;
  for (int64_t g = 0; g < run->cores.ngroups && rc == RN_OK; g++) {
    int64_t key = run->cores.key[g], og = old_group[key];
    if (!was_split[og]) continue;
    char from[100], part[100], why[320];
    group_codes(pb, old, og, from, sizeof from);
    group_codes(pb, &run->cores, g, part, sizeof part);
    snprintf(why, sizeof why,
             "split: the polycentric core %s is not connected by its region's members; %s "
             "becomes a core of its own",
             from, part);
    rc = rn_decision_add(ctx, run, key, key, RN_DECISION_SPLIT, why);
  }
  return rc;
}

int rn_contiguity_split(rn_ctx_t *ctx, rn_level_run_t *run, int64_t *nsplit) {
  const rn_problem_t *pb = run->pb;
  int64_t n = pb->units->n;
  *nsplit = 0;
  if (run->designated || !pb->adj) return RN_OK;
  int multi = 0;
  for (int64_t g = 0; g < run->cores.ngroups; g++)
    multi |= run->cores.start[g + 1] - run->cores.start[g] > 1;
  if (!multi) return RN_OK;
  split_work_t w = {.comp = malloc(sizeof(int64_t) * (size_t)(n + 1)),
                    .queue = malloc(sizeof(int64_t) * (size_t)(n + 1)),
                    .uf = malloc(sizeof(int64_t) * (size_t)(n + 1)),
                    .is_core = calloc((size_t)n + 1, 1),
                    .group = malloc(sizeof(int64_t) * (size_t)(n + 1)),
                    .was_split = calloc((size_t)run->cores.ngroups + 1, 1)};
  int rc = RN_OK;
  if (!w.comp || !w.queue || !w.uf || !w.is_core || !w.group || !w.was_split) {
    rc = rn_error(ctx, RN_ENOMEM, "out of memory (split)");
    goto done;
  }
  /* labels and sets of the candidates only (cores are candidates) */
  for (int64_t k = 0; k < run->ncand; k++) {
    w.uf[run->cand[k]] = run->cand[k];
    w.comp[run->cand[k]] = -1;
  }
  for (int64_t q = 0; q < run->cores.start[run->cores.ngroups]; q++)
    w.is_core[run->cores.unit[q]] = 1;
  for (int64_t g = 0; g < run->cores.ngroups && rc == RN_OK; g++) {
    int64_t a = run->cores.start[g], b = run->cores.start[g + 1];
    int64_t nparts = b - a > 1 ? label_parts(run, &w, g) : 0;
    for (int64_t q = a; q < b; q++) w.group[run->cores.unit[q]] = g;
    if (nparts <= 1) { /* kept whole */
      for (int64_t q = a; q < b; q++) w.uf[run->cores.unit[q]] = run->cores.unit[a];
      clear_labels(&w);
      continue;
    }
    (*nsplit)++;
    w.was_split[g] = 1;
    /* each core to its part (labelled by the part's first core) */
    for (int64_t q = a; q < b; q++) {
      int64_t c = run->cores.unit[q];
      w.uf[c] = w.comp[c] >= 0 ? w.comp[c] : island_part(run, &w, g, c);
    }
    clear_labels(&w);
  }
  if (rc == RN_OK && *nsplit) {
    rn_cores_t old = run->cores;
    rn_cores_init(&run->cores);
    rc = rn_cores_from_sets(ctx, pb, run->cand, run->ncand, w.is_core, w.uf, &run->cores);
    if (rc == RN_OK) rc = report_splits(ctx, run, &old, w.group, w.was_split);
    rn_cores_destroy(&old);
  }
done:
  free(w.group);
  free(w.was_split);
  free(w.comp);
  free(w.queue);
  free(w.uf);
  free(w.is_core);
  return rc;
}
