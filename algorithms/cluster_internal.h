/* Internal structures shared by the clustering files (not public API). */
#ifndef RN_CLUSTER_INTERNAL_H
#define RN_CLUSTER_INTERNAL_H

#include "engine/engine.h"

/* What a level sees of the inputs. */
typedef struct rn_problem {
  const rn_units_t *units;
  const rn_flows_t *flows;
  const rn_adjacency_t *adj; /* NULL when contiguity is ignored */
  const double *denom;       /* D_i, 0 when a unit sends nothing */
  const double *mass;        /* m_i */
  int queen;
  int contiguity;
  int dominance_any;         /* mode dominant without the dominance condition */
  int partition_only;        /* rn_params_t.partition_only */
  /* Optional (NULL: none): per unit i its strong ties, the units it sends a
   * share that meets the run's lowest threshold (rn_meets), strongest first
   * (share, then the better unit): ties[ties_start[i] .. ties_start[i + 1]),
   * their shares alongside. No other flow can meet a level's threshold, so
   * mode dominant's pointer and the merge of rule cores look at these only. */
  const int64_t *ties_start, *ties;
  const double *ties_share;
} rn_problem_t;

/* The problem a run of p sees: adjacency only under contiguity `enforce`,
 * mass from the units' field or else the inflow I_j (algorithms/README.md, "Quantities"). */
static inline rn_problem_t rn_problem_make(const rn_units_t *u, const rn_flows_t *f,
                                           const rn_adjacency_t *adj, const rn_params_t *p,
                                           const double *denom) {
  rn_problem_t pb = {.units = u,
                     .flows = f,
                     .adj = p->contiguity ? adj : NULL,
                     .denom = denom,
                     .mass = u->mass ? u->mass : f->in,
                     .queen = p->queen,
                     .contiguity = p->contiguity,
                     .dominance_any = p->dominance_any,
                     .partition_only = p->partition_only};
  return pb;
}

/* Core groups of one level run: group g holds units unit[start[g] .. start[g+1]). */
typedef struct rn_cores {
  int64_t ngroups;
  int64_t *start;
  int64_t *unit;
  int64_t *key;   /* principal core (largest mass, then smallest code) of each group */
} rn_cores_t;

/* Bars: unit i may not join the region keyed k (after being its exclave).
 * snap[b], when set, holds every unit's key in the pass the bar was made:
 * the members region k had then, which the barred unit may not point into. */
typedef struct rn_bars {
  int64_t len, cap;
  int64_t *unit, *key, *next;
  const int64_t **snap;
  int64_t *head; /* per unit, -1 = none */
} rn_bars_t;

/* One level on one group of candidate units. */
typedef struct rn_level_run {
  const rn_problem_t *pb;
  const rn_level_params_t *lp;
  int level;              /* level index, for decisions */
  int64_t ncand;
  const int64_t *cand;    /* candidate units, ascending */
  unsigned char *incand;  /* per unit, 1 when a candidate of this run */
  const char *designated; /* core spec or NULL */
  /* outputs, per unit (only candidates are written) */
  int64_t *key;           /* region key (principal core unit) or -1 */
  unsigned char *role;
  rn_bars_t bars;
  rn_cores_t cores;
  /* netcon only (NULL for the other methods' runs): */
  int64_t *ptr;           /* mode dominant: each candidate's pointer of the last pass, -1 none */
  const int64_t *snap;    /* keys of the current pass, recorded with its bars */
  /* mode dominant, per unit: its strongest tie among the candidates it may
   * point to (-1 none) and its share, found (from its strong ties, or its
   * row) and kept while its bars do not change (tie_bars: bars.head then,
   * -2 not yet); NULL: found every time. Growth reruns every contiguity
   * pass, and a unit's tie changes only with its bars or a new round. */
  int64_t *tie, *tie_bars;
  double *tie_share;
  /* decisions, appended */
  rn_decision_t **dec;
  int64_t *ndec, *capdec;
} rn_level_run_t;

/* s(i,j) for the largest-share rule: T / D_i; 0 when D_i is 0. */
static inline double rn_share(const rn_problem_t *pb, int64_t i, double t) {
  return pb->denom[i] > 0 ? t / pb->denom[i] : 0.0;
}

/* s >= theta, forgiving the last bits of rounding (12 decimals): a share of
 * 50/1000 meets a threshold of 0.05 however it was summed. */
static inline int rn_meets(double s, double theta) { return s >= theta - 1e-12; }

/* Is a better than b as a target: larger mass, then smaller code (index). */
static inline int rn_better_unit(const rn_problem_t *pb, int64_t a, int64_t b) {
  if (b < 0) return 1;
  if (pb->mass[a] != pb->mass[b]) return pb->mass[a] > pb->mass[b];
  return a < b;
}

void rn_cores_init(rn_cores_t *c);
void rn_cores_destroy(rn_cores_t *c);
/* Group the units marked is_core[i] != 0 by the merge relation given in
 * link (union-find parent array already built), choosing keys. */
int rn_cores_from_sets(rn_ctx_t *ctx, const rn_problem_t *pb, const int64_t *cand, int64_t ncand,
                       const unsigned char *is_core, int64_t *uf, rn_cores_t *out);
int rn_cores_designated(rn_ctx_t *ctx, rn_level_run_t *run, rn_cores_t *out);
int rn_cores_rule_merge(rn_ctx_t *ctx, rn_level_run_t *run, const unsigned char *is_core,
                        rn_cores_t *out);
int64_t rn_uf_find(int64_t *uf, int64_t x);

void rn_bars_init(rn_bars_t *b);
void rn_bars_destroy(rn_bars_t *b);
int rn_bars_add(rn_bars_t *b, int64_t unit, int64_t key);
/* The same, recording the keys of the pass (see rn_bars_t; snap must outlive b). */
int rn_bars_add_snap(rn_bars_t *b, int64_t unit, int64_t key, const int64_t *snap);
int rn_bars_has(const rn_bars_t *b, int64_t unit, int64_t key);
/* May unit not point to target: was target a member of a region unit was
 * barred from, in the pass it was barred? */
int rn_bars_excludes(const rn_bars_t *b, int64_t unit, int64_t target);
/* Bars for n units of which the ncand in cand can be barred (cand NULL: any). */
int rn_bars_reset(rn_bars_t *b, int64_t n, const int64_t *cand, int64_t ncand);

/* Rule cores of a level, decided once before growth (algorithms/README.md): roots
 * of mass >= min_mass, merged by the flow rule; into run->cores. */
int rn_cores_rule(rn_ctx_t *ctx, rn_level_run_t *run);
/* Mode dominant: the unit i points to (its strongest tie among the
 * candidates it may point to, when >= theta and, unless dominance is
 * `any`, dominating i), or -1; M: per unit the mass it dominates with. */
int64_t rn_dominant_pointer(const rn_level_run_t *run, const double *M, int64_t i);
/* The strong ties of every unit (rn_problem_t.ties) for the threshold
 * theta: three arrays allocated here (free them). */
typedef struct rn_ties {
  int64_t *start, *unit;
  double *share;
} rn_ties_t;
int rn_ties_build(rn_ctx_t *ctx, const rn_problem_t *pb, double theta, rn_ties_t *out);
void rn_ties_free(rn_ties_t *t);
/* Cut every cycle of ptr (over the candidates) at its largest-mass member. */
int rn_cut_cycles(rn_ctx_t *ctx, const rn_level_run_t *run, int64_t *ptr);
/* M(j) of the dominance condition: the total mass of j's core group when j
 * is a designated core, else m_j; n values into M. */
void rn_dominance_mass(const rn_level_run_t *run, double *M);

/* Growth modes: fill run->key/role for candidates from scratch from
 * run->cores, honouring bars. */
int rn_grow_dominant(rn_ctx_t *ctx, rn_level_run_t *run);
int rn_grow_chain(rn_ctx_t *ctx, rn_level_run_t *run, int core_only);
/* The rule cores of modes chain and core: mass >= min_mass and no share
 * >= theta to a candidate of larger mass; is_core per unit. */
void rn_chain_rule_cores(const rn_level_run_t *run, unsigned char *is_core);

/* Contiguity: bar every exclave; returns the number found in *nfound. */
int rn_contiguity_exclaves(rn_ctx_t *ctx, rn_level_run_t *run, int64_t *nfound);
int rn_contiguity_enclaves(rn_ctx_t *ctx, rn_level_run_t *run);
int rn_contiguity_islands(rn_ctx_t *ctx, rn_level_run_t *run);
/* Split every polycentric rule core whose mainland cores the grown region
 * does not connect into its connected parts; *nsplit: groups split. */
int rn_contiguity_split(rn_ctx_t *ctx, rn_level_run_t *run, int64_t *nsplit);

int rn_decision_add(rn_ctx_t *ctx, rn_level_run_t *run, int64_t unit, int64_t key,
                    rn_decision_kind_t kind, const char *reason);

int rn_level_run(rn_ctx_t *ctx, rn_level_run_t *run);

/* The same loop (growth, exclaves barred, growth again, then enclaves and
 * islands) with any growth: a function that fills run->key/role for the
 * candidates from scratch, honouring run->bars, and sets run->cores (the
 * units the exclave search starts from). prev_key as for the growth modes. */
typedef int (*rn_grow_fn)(rn_ctx_t *ctx, rn_level_run_t *run, const int64_t *prev_key, void *arg);
int rn_level_run_grow(rn_ctx_t *ctx, rn_level_run_t *run, rn_grow_fn grow, void *arg);

/* Regions of a level from per-unit keys (key[key[i]] == key[i], -1 = none)
 * and roles: ids, names (from the CORE units) and statistics. */
int rn_regions_finish(rn_ctx_t *ctx, const rn_problem_t *pb, const int64_t *key,
                      const unsigned char *role, const rn_level_params_t *lp,
                      rn_level_result_t *out);

/* The pieces of rn_delineate, for callers that run levels on their own (the
 * threshold sweep): parameter checks, D_i (res->denom/denom_field filled in),
 * and level l of the hierarchy, which reads keys[0..l-1] of the earlier
 * levels and writes keys[l], role and the level's regions. */
int rn_params_check(rn_ctx_t *ctx, const rn_params_t *p, int have_adj);
int rn_denominators_resolve(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f, const rn_params_t *p,
                    rn_result_t *res, double *denom);
int rn_hierarchy_level(rn_ctx_t *ctx, const rn_problem_t *pb, const rn_level_params_t *lp, int l,
                       int64_t *const *keys, unsigned char *role, rn_decision_t **dec,
                       int64_t *ndec, int64_t *capdec, rn_level_result_t *out);

/* Does unit i stay with its default region in another partition (region per
 * unit, -1 none)? anchor[i]: the principal core of i's default region, -1
 * when i is in none. A co-membership test: i stays when it is in a region
 * together with its anchor, or, in none at the default, when it is in none;
 * a region that merges with another or loses other members still counts.
 * The sweep's stability and the bootstrap's confidence both count it. */
static inline int rn_stays(const int64_t *anchor, const int64_t *region, int64_t i) {
  if (anchor[i] < 0) return region[i] < 0;
  return region[i] >= 0 && region[i] == region[anchor[i]];
}

#endif
