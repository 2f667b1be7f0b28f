/* Internal interface of the alternative methods (algorithms/README.md): not public API. */
#ifndef RN_METHODS_INTERNAL_H
#define RN_METHODS_INTERNAL_H

#include "algorithms/cluster_internal.h"

/* Travel-to-work areas (CURDS; `--compat istat`: LabourMarketAreas 3.4). */
int rn_method_ttwa(rn_ctx_t *ctx, const rn_method_input_t *in, char **options, rn_params_t *used,
                   rn_result_t *out);

/* ======================================================================
 * cbsa, fua, dominant, intramax, leiden, louvain, infomap
 * (method_cbsa.c, method_fua.c, method_centres.c, method_dominant.c,
 *  method_intramax.c, method_community.c, method_common.c)
 * ====================================================================== */

int rn_method_cbsa(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                   rn_params_t *used, rn_result_t *out);
int rn_method_fua(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                  rn_params_t *used, rn_result_t *out);
int rn_method_dominant(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                       rn_params_t *used, rn_result_t *out);
int rn_method_intramax(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                       rn_params_t *used, rn_result_t *out);
int rn_method_leiden(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                     rn_params_t *used, rn_result_t *out);
int rn_method_louvain(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                      rn_params_t *used, rn_result_t *out);
int rn_method_infomap(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                      rn_params_t *used, rn_result_t *out);

/* What one method run shares with the helpers below. */
typedef struct rn_mrun {
  const char *method;      /* for messages */
  rn_problem_t pb;         /* units, flows, adjacency (NULL unless enforced), D_i, m_i */
  double *denom;           /* owned storage behind pb.denom */
  rn_result_t *out;
  int64_t capdec;          /* capacity of out->decisions */
} rn_mrun_t;

/* Set up a run: D_i = the attribute employed_attr (>= 0) or O_i; m_i = the
 * units' mass or I_i. Checks every option name against allowed (NULL-terminated). */
int rn_mrun_init(rn_ctx_t *ctx, const char *method, const rn_method_input_t *in, char **options,
                 const char *const *allowed, int employed_attr, rn_result_t *out, rn_mrun_t *mr);
void rn_mrun_destroy(rn_mrun_t *mr);

/* Options. A number (default def when absent) in [lo, hi]. */
int rn_mopt_double(rn_ctx_t *ctx, const char *method, char **options, const char *key, double def,
                   double lo, double hi, double *out);
/* The attribute named by option key (e.g. "central-field"): its index, or -1
 * when the option is absent; an error when named but not loaded or not finite
 * and >= 0 where nonneg is set. */
int rn_mopt_field(rn_ctx_t *ctx, const char *method, char **options, const char *key,
                  const rn_units_t *u, int nonneg, int *out);

/* Name level l of used after the method (threshold theta) and count it. */
void rn_mlevel(rn_params_t *used, int l, const char *name, double theta);

/* A level's run over all units, for rn_level_run_grow; lp must outlive it. */
void rn_mrun_level(rn_mrun_t *mr, int level, const rn_level_params_t *lp, int64_t *cand,
                   unsigned char *incand, int64_t *key, unsigned char *role, rn_level_run_t *run);

/* Keys of a partition given as labels (label[i] >= 0, -1 = none): each
 * region's key is its member of largest mass (then smaller code); role CORE
 * on the key, MEMBER on the others. */
int rn_keys_from_labels(rn_ctx_t *ctx, const rn_mrun_t *mr, const int64_t *label, int64_t *key,
                        unsigned char *role);

/* Contiguity repair of a partition (algorithms/README.md applied to regions without
 * growth): per region, the part that reaches its key through adjacent members
 * stays; every other connected part (exclave) moves to the adjacent region it
 * sends most flow to (ties: longer common boundary, then larger key mass), or
 * becomes a region of its own when it touches no other region. Islands are
 * exempt. Decisions are appended to mr->out. No-op without adjacency. */
int rn_partition_repair(rn_ctx_t *ctx, rn_mrun_t *mr, int level, int64_t *key,
                        unsigned char *role);

/* A region whose members fall into several rook-connected parts (a
 * polycentric core whose centres do not touch) keeps the part with its key;
 * every other part becomes a region of its own, keyed by its best core unit.
 * No-op without adjacency. Returns the number of parts split off. */
int rn_split_disconnected(rn_ctx_t *ctx, rn_mrun_t *mr, int64_t *key, unsigned char *role,
                          int64_t *nsplit);

/* rn_regions_finish into out->level[l]; after the last level, call
 * rn_mrun_decisions_done to turn decision keys into region indices. */
int rn_mrun_finish_level(rn_ctx_t *ctx, rn_mrun_t *mr, int l, const rn_params_t *used,
                         const int64_t *key, const unsigned char *role);
void rn_mrun_decisions_done(rn_mrun_t *mr);

/* Append a decision (region = key until rn_mrun_decisions_done). */
int rn_mrun_decision(rn_ctx_t *ctx, rn_mrun_t *mr, int level, int64_t unit, int64_t key,
                     rn_decision_kind_t kind, const char *reason);

/* Incoming flows as CSR (rows = destination), for shares of jobs. */
typedef struct rn_inflows {
  int64_t *row, *col; /* col = origin */
  double *val;
} rn_inflows_t;
int rn_inflows_build(rn_ctx_t *ctx, const rn_flows_t *f, rn_inflows_t *out);
void rn_inflows_destroy(rn_inflows_t *t);

/* Growth towards given centres (cbsa, fua: algorithms/README.md mode `core`): a
 * non-centre unit joins the centre group it is most tied to when that tie is
 * >= theta: tie = max(s_res, s_emp) with s_res = T(i -> centres)/D_i and, when
 * jobs != NULL, s_emp = T(centres -> i)/jobs_i. Ties: larger key mass, then
 * smaller code. Centre groups: is_centre and the union-find uf over units. */
typedef struct rn_centres {
  const unsigned char *is_centre;
  int64_t *uf;
  const double *jobs;        /* NULL: residence shares only (fua) */
  const rn_inflows_t *inflows;
  double theta;
} rn_centres_t;
int rn_grow_centres(rn_ctx_t *ctx, rn_level_run_t *run, const int64_t *prev_key, void *arg);
/* The centre groups as "a+b;c" (malloc'ed; NULL when out of memory). */
char *rn_centres_spec(const rn_problem_t *pb, const unsigned char *is_centre, int64_t *uf);

/* Connected parts of the groups: units i, j with group[i] == group[j] >= 0
 * are linked when rook (queen) neighbours. comp[i] = part id (numbered by
 * smallest unit) or -1 when group[i] < 0; the count in *ncomp. */
int rn_member_components(rn_ctx_t *ctx, const rn_problem_t *pb, const int64_t *group,
                         int64_t *comp, int64_t *ncomp);

/* Integers: the option as an integer in [lo, hi] (default def). */
int rn_mopt_int(rn_ctx_t *ctx, const char *method, char **options, const char *key, long def,
                long lo, long hi, long *out);

#endif
