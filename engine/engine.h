/* regionet's engine: the data model every stage shares (units, flows,
 * adjacency, parameters, results) and the context's contents. Internal to the
 * library and its tests; the public, stable API is regionet/regionet.h and
 * regionet/app.h. Conventions (after igraph and GEOS):
 *   - every function takes the context first, returns an rn_err (RN_OK = 0),
 *     and writes its outputs into caller-initialised objects given last;
 *   - objects are set up with <noun>_init and released with <noun>_destroy;
 *   - the context holds the GEOS handle, the last error's text and the
 *     progress callback: no hidden globals. */
#ifndef RN_ENGINE_H
#define RN_ENGINE_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <geos_c.h>
#include <cpl_progress.h>
#include <igraph.h>
#include "regionet/regionet.h"

#ifdef __cplusplus
extern "C" {
#endif


/* qsort that takes (NULL, 0) and (p, 1): C leaves qsort(NULL, 0, ...)
 * undefined (UBSan reports it), and an empty or one-element array is a
 * normal case (a single unit, a level with no region). */
static inline void rn_qsort(void *base, size_t n, size_t size,
                            int (*cmp)(const void *, const void *)) {
  if (n > 1) qsort(base, n, size, cmp);
}

/* ---------------------------------------------------------------- context */
#define RN_CTX_TEMPS 8
struct rn_ctx {
  GEOSContextHandle_t geos;
  char err[2048];            /* text of the last error */
  GDALProgressFunc progress; /* may be NULL */
  void *progress_arg;
  FILE *report;              /* where reports (repairs, drops, decisions) go; NULL = silent */
  int quiet;
  int threads;               /* worker threads for parallel stages; 0 = one per core */
  /* Stopping on a signal (the CLI sets these; a library user may too).
   * rn_progress says stop once *cancel is non-zero, so work ends with
   * RN_EINTERRUPT and the output set removes its temporaries. Every
   * temporary directory and lock file of the run is registered in temps[]
   * (rn_ctx_temp_add): a handler for a signal arriving inside GDAL removes
   * them all with async-signal-safe calls (rn_ctx_signal_cleanup) and
   * _exit()s. A slot is in use while its `active` is non-zero. */
  volatile sig_atomic_t *cancel;
  struct rn_ctx_temp {
    volatile sig_atomic_t active; /* 0 free, 1 a directory (removed with its files), 2 a file */
    char path[4096];
  } temps[RN_CTX_TEMPS];
  /* Stage timings (`regionet --timings`): where rn_ctx_mark writes; NULL = off. */
  FILE *timings;
  double mark; /* monotonic seconds of the previous mark */
};

int rn_ctx_init(rn_ctx_t *ctx);
void rn_ctx_destroy(rn_ctx_t *ctx);
/* Set the error text (printf style) and return code. */
int rn_error(rn_ctx_t *ctx, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A line for the user (a repair, a dropped row, a decision); goes to ctx->report. */
void rn_report(rn_ctx_t *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* While on != 0, a long GEOS call made by this thread stops (returns NULL /
 * an exception) once ctx's cancel flag is set: GEOS polls a callback. */
void rn_geos_interruptible(rn_ctx_t *ctx, int on);
/* Register a temporary directory (is_dir 1: removed with every file in it,
 * one level of subdirectories included) or file (is_dir 0) for removal by a
 * signal handler; returns its slot, or -1 (RN_EINTERNAL set) when all slots are
 * taken or the path is too long. rn_ctx_temp_drop(ctx, slot) forgets it
 * (after the caller removed or renamed it); slot -1 is ignored. */
int rn_ctx_temp_add(rn_ctx_t *ctx, const char *path, int is_dir);
void rn_ctx_temp_drop(rn_ctx_t *ctx, int slot);
/* Progress in [0,1]; returns 0 when the user asked to stop (or *ctx->cancel). */
int rn_progress(rn_ctx_t *ctx, double done, const char *msg);
/* With ctx->timings set, write "label: seconds since the previous mark". */
void rn_ctx_mark(rn_ctx_t *ctx, const char *label);

/* ------------------------------------------------------------------ units */
typedef struct rn_units {
  int64_t n;
  char **code;          /* unit codes, sorted ascending (strcmp); index = unit id */
  char **name;          /* names (UTF-8); the code when no name field */
  double *mass;         /* the --mass field, NULL when none was given */
  GEOSGeometry **geom;  /* polygons in the working (metric) CRS; owned */
  char *crs_wkt;        /* working CRS as WKT */
  int epsg;             /* its EPSG code, 0 when none */
  char *path;           /* source path and layer, for messages and provenance */
  char *layer;
  int64_t n_repaired;   /* invalid geometries repaired with make-valid */
  int nattr;            /* extra numeric attributes asked for (e.g. a denominator field) */
  char **attr_name;
  double **attr;        /* attr[k][i] */
} rn_units_t;

typedef struct rn_units_opts {
  const char *path;
  const char *layer;       /* NULL: the first layer */
  const char *id_field;    /* unit code field (required) */
  const char *name_field;  /* optional */
  const char *mass_field;  /* optional */
  const char *crs;         /* target CRS (any PROJ/OGR definition); NULL: input if projected, else a suitable projected one */
  const char *src_crs;     /* CRS to assume when the source has none */
  const char *encoding;    /* attribute encoding override (e.g. CP949) */
  const char *const *extra_fields; /* numeric fields to load into attr[] */
  int n_extra;
  const unsigned char *extra_code; /* per extra field, may be NULL: 1 = a code or flag (area,
                            * central): text is read as a code (a number standing for it) and
                            * NULL as NaN (no area, not central); 0 = a number is needed */
  int empty_geometry;      /* a unit without geometry: 0 error, 1 drop (kept here without one,
                            * for rn_units_drop_empty), 2 island (kept without one) */
} rn_units_opts_t;

void rn_units_init(rn_units_t *u);
void rn_units_destroy(rn_ctx_t *ctx, rn_units_t *u);
int rn_units_read(rn_ctx_t *ctx, const rn_units_opts_t *opts, rn_units_t *out);
/* Build units from arrays (codes need not be sorted; geometries are taken over,
 * may be NULL). Used by tests and by bindings. */
int rn_units_from_arrays(rn_ctx_t *ctx, int64_t n, const char *const *code,
                         const char *const *name, const double *mass,
                         GEOSGeometry **geom, rn_units_t *out);
/* 1 when some unit has a geometry (units from a table or from the codes of
 * the flows may have none: then there is no adjacency, and outputs are tables). */
int rn_units_have_geometry(const rn_units_t *u);
/* Index of a code (trimmed by the rule below), -1 when absent (binary search). */
int64_t rn_units_find(const rn_units_t *u, const char *code);

/* The largest sum of flows (a unit's outflows, inflows, the total) or of
 * masses regionet takes: far below the largest double, so the products and
 * sums the methods form of them stay finite; the readers refuse more. */
#define RN_SUM_MAX 1e100

/* The one rule for codes (README, "Codes"), applied to units, flows,
 * --cores and compared partitions alike: a code is its text with the ASCII
 * blanks around it (space, tab, CR, LF, VT, FF) trimmed, compared byte for
 * byte; a code blank after trimming is refused. rn_units_from_arrays stores
 * codes trimmed and refuses two that are equal under the rule or differ
 * only in Unicode normalisation. */
static inline int rn_code_blank(char c) {
  return c == ' ' || (unsigned char)(c - '\t') <= '\r' - '\t'; /* \t \n \v \f \r */
}
/* Trim s[0..n) in place: *s moves past leading blanks; returns the new length. */
static inline size_t rn_code_trim(const char **s, size_t n) {
  const char *p = *s;
  while (n && rn_code_blank(*p)) p++, n--;
  while (n && rn_code_blank(p[n - 1])) n--;
  *s = p;
  return n;
}
/* Why code[0..len) (trimmed) is none of codes[0..n) though a near twin is:
 * " (unit 'X' differs only in leading zeros; ...)" when stripping leading
 * zeros, Unicode blanks or invisible characters around it, or Unicode
 * normalisation (NFC) would match; "" when none would. For error messages
 * only (a scan of all codes). */
void rn_code_hint(char *const *codes, int64_t n, const char *code, size_t len, char *buf,
                  size_t size);
/* Two of code[0..n) that differ as bytes but are equal in Unicode NFC:
 * their indices in twin (lowest pair in NFC order), else -1, -1. */
int rn_codes_nfc_twins(rn_ctx_t *ctx, int64_t n, const char *const *code, int64_t twin[2]);
/* Index of an attribute loaded through extra_fields, -1 when absent. */
int rn_units_attr(const rn_units_t *u, const char *name);

/* ------------------------------------------------------------------ flows */
/* Flows T[i][j] in compressed sparse rows. The diagonal T[i][i] is kept apart
 * (diag) so rows hold only i != j, sorted by destination. */
typedef struct rn_flows {
  int64_t n;            /* number of units */
  int64_t nnz;          /* off-diagonal non-zero pairs */
  int64_t *row;         /* n + 1 offsets */
  int64_t *col;         /* destination unit of each pair */
  double *val;          /* flow of each pair */
  double *diag;         /* T[i][i] */
  double *out;          /* O_i = sum_j T[i][j], diagonal included */
  double *in;           /* I_j = sum_i T[i][j], diagonal included */
  double total;         /* sum of all flows, diagonal included */
  int64_t n_diag;       /* units with T[i][i] > 0 */
  /* what reading did (for the report and provenance) */
  char *path;
  int64_t rows_read;    /* data rows seen */
  int64_t rows_zero;    /* zero flows dropped */
  int64_t rows_dup;     /* rows summed into an earlier pair */
  int64_t rows_unknown; /* rows dropped for unknown codes (--drop-unknown) */
} rn_flows_t;

typedef struct rn_flows_opts {
  const char *path;
  const char *layer;        /* OGR layer / table; NULL: the first */
  const char *origin;       /* column names; NULL: detected (first three columns) */
  const char *dest;
  const char *value;
  const char *encoding;     /* e.g. CP949; NULL: UTF-8 */
  int drop_unknown;         /* drop rows with unknown codes instead of failing */
  const char *layout;       /* "long", "matrix" (a cross-table) or NULL/"auto": detected */
  char decimal;             /* decimal mark '.' or ','; 0: '.', or learnt in a ';' file */
  const char *where;        /* OGR attribute filter choosing the rows; NULL: all */
  const char *sql;          /* a query run by the source (a database) instead of a layer */
} rn_flows_opts_t;

void rn_flows_init(rn_flows_t *f);
void rn_flows_destroy(rn_flows_t *f);
int rn_flows_read(rn_ctx_t *ctx, const rn_flows_opts_t *opts, const rn_units_t *units,
                  rn_flows_t *out);

/* Remove the units without geometry and their flows (--empty-geometry drop),
 * counted in the report; units and flows are replaced. */
int rn_units_drop_empty(rn_ctx_t *ctx, rn_units_t *units, rn_flows_t *flows);
/* Units that are the codes of the flows (io/readers/units_table.c): grid 1:
 * cells of the European grid made from the codes (EPSG:3035; an error names
 * a code that is not one), -1: cells when every code is one, 0: no geometry. */
int rn_units_from_flows(rn_ctx_t *ctx, const rn_flows_opts_t *fo, int grid, rn_units_t *out);

/* The directed weighted igraph graph of the off-diagonal flows (vertex = unit
 * id). g must be uninitialised; w is initialised here. Destroy both. */
int rn_flows_graph(rn_ctx_t *ctx, const rn_flows_t *f, igraph_t *g, igraph_vector_t *w);

/* Accumulate (origin, destination, value) triples, then build the CSR. The
 * readers use it; tests and bindings may too. Duplicates are summed (in value
 * order: the result does not depend on the order of the triples, except the
 * diagonal, summed in the order given), zeros dropped; out->rows_dup counts
 * the triples summed into an earlier one with the same (i, j). At most
 * INT32_MAX units. */
typedef struct rn_flows_builder rn_flows_builder_t;
int rn_flows_builder_new(rn_ctx_t *ctx, int64_t n, rn_flows_builder_t **out);
int rn_flows_builder_add(rn_ctx_t *ctx, rn_flows_builder_t *b, int64_t i, int64_t j, double v);
/* Move the triples of part (same n; part is freed) after those of b, without
 * copying: builders filled in parallel are joined in input order. */
int rn_flows_builder_join(rn_ctx_t *ctx, rn_flows_builder_t *b, rn_flows_builder_t *part);
int rn_flows_builder_finish(rn_ctx_t *ctx, rn_flows_builder_t *b, rn_flows_t *out); /* frees b */
/* The same, and dup = the smallest (i, j) given more than once ({-1, -1}: none). */
int rn_flows_builder_finish_dup(rn_ctx_t *ctx, rn_flows_builder_t *b, rn_flows_t *out,
                                int64_t dup[2]); /* frees b */
void rn_flows_builder_free(rn_flows_builder_t *b);

/* ------------------------------------------------------------- adjacency */
/* Neighbours of each unit in CSR, symmetric, sorted. shared[k] is the length
 * of the common boundary (> 0: rook neighbours; == 0: they touch at points
 * only, queen neighbours). outer[i] is unit i's boundary length shared with no
 * other unit (coastline, edge of the study area). */
typedef struct rn_adjacency {
  int64_t n;
  int64_t *row;
  int64_t *col;
  double *shared;
  double *perimeter;
  double *outer;
} rn_adjacency_t;

void rn_adjacency_init(rn_adjacency_t *a);
void rn_adjacency_destroy(rn_adjacency_t *a);
/* The default tolerance of the CLI (--snap): real boundary files are rarely
 * clean coverages (KR_SiGun's borders cross every few hundred metres); at
 * 100 m neighbours are found and inland units have no false coastline. */
#define RN_ADJ_DEFAULT_TOLERANCE 100.0
/* --snap against the data: RN_EPARAM when the tolerance is more than half
 * the median unit's width (the square root of its area). */
int rn_adjacency_check_tolerance(rn_ctx_t *ctx, const rn_units_t *u, double tolerance);
/* tolerance: boundary pieces shorter than this (metres) do not make rook neighbours. */
int rn_adjacency_build(rn_ctx_t *ctx, const rn_units_t *units, double tolerance,
                       rn_adjacency_t *out);
/* Number of neighbours of i (queen != 0 counts point contacts too). */
int64_t rn_adjacency_degree(const rn_adjacency_t *a, int64_t i, int queen);

/* User amendments of the adjacency (the method's contiguity): unit pairs to add (a
 * bridge, a tunnel, a ferry) or to remove (a border across a ridge with no
 * road), from a CSV file whose first two columns hold the codes. */
typedef struct rn_adjacency_edits {
  char *path;
  int remove;          /* 1: pairs to remove; 0: pairs to add */
  int64_t n;
  int64_t *a, *b;      /* unit ids of each pair, a < b */
  int64_t *line;       /* the file line of each pair */
  unsigned char *noop; /* set by rn_adjacency_amend: already adjacent (add), not adjacent (remove) */
} rn_adjacency_edits_t;
/* The shared length of an added pair: it makes the pair rook neighbours
 * without adding boundary (the units' outer boundary stays as measured). */
#define RN_ADJ_ADDED_SHARED 1e-3
void rn_adjacency_edits_init(rn_adjacency_edits_t *e);
void rn_adjacency_edits_destroy(rn_adjacency_edits_t *e);
/* Read the pairs; an unknown code, a unit paired with itself, a pair given
 * twice (in either order) or a file without pairs is an error naming the
 * file and line. */
int rn_adjacency_edits_read(rn_ctx_t *ctx, const char *path, const rn_units_t *units, int remove,
                            rn_adjacency_edits_t *out);
/* Apply add and remove (either may be NULL) to adj; a pair in both is an
 * error. Pairs that change nothing are marked in noop. */
int rn_adjacency_amend(rn_ctx_t *ctx, const rn_units_t *units, rn_adjacency_t *adj,
                       rn_adjacency_edits_t *add, rn_adjacency_edits_t *remove);

/* ------------------------------------------------------------- clustering */
#define RN_MAX_LEVELS 8

typedef enum { RN_MODE_DOMINANT = 0, RN_MODE_CHAIN = 1, RN_MODE_CORE = 2 } rn_mode_t;
typedef enum { RN_DENOM_AUTO = 0, RN_DENOM_TOTAL, RN_DENOM_OUT, RN_DENOM_FIELD } rn_denom_t;
/* Which units a level works on: those no earlier level put in a region, or
 * (nested) the members of each region of the earlier levels, one group per
 * region, plus the units in none as one more group. */
typedef enum { RN_SCOPE_REMAINING = 0, RN_SCOPE_NESTED = 1 } rn_scope_t;
typedef enum { RN_ROLE_NONE = 0, RN_ROLE_CORE, RN_ROLE_MEMBER, RN_ROLE_ENCLAVE } rn_role_t;

typedef struct rn_level_params {
  char name[32];
  double theta;
  double min_mass;
  /* min_mass as a share of the total mass of all units (0.02 for "2%"); 0:
   * min_mass is the number itself. The number used is rn_level_result_t.min_mass. */
  double min_mass_share;
  rn_mode_t mode;
  char *cores;       /* designated cores "11;21+26"; NULL = by rule; owned */
  rn_scope_t scope;
  int cover_all;     /* every candidate ends in a region (leftovers become their own) */
} rn_level_params_t;

typedef struct rn_params {
  char method[32];   /* "" or "netcon" for this clustering; another method's name otherwise */
  char preset[32];
  int nlevels;
  rn_level_params_t level[RN_MAX_LEVELS];
  rn_denom_t denom;
  char denom_field[128];
  int contiguity;    /* 1 = enforce, 0 = ignore */
  int queen;         /* 1 = queen adjacency, 0 = rook */
  int dominance_any; /* mode dominant: 1 = "any", point to the strongest tie whatever its mass (revision 1); 0 = "mass", only to a unit that dominates (Nystuen-Dacey) */
  int partition_only; /* netcon: each level's region and role per unit only, no region
                       * statistics, names or warnings (a bootstrap replicate) */
} rn_params_t;

void rn_params_init(rn_params_t *p);
void rn_params_destroy(rn_params_t *p);
/* Fill in a preset ("krihs"). */
int rn_params_preset(rn_ctx_t *ctx, const char *name, rn_params_t *p);
int rn_params_copy(const rn_params_t *src, rn_params_t *dst);
/* Levels and options from a JSON parameter file (see README); fields present
 * override those already in p. text/len: the file's contents; path: for messages. */
int rn_params_from_json(rn_ctx_t *ctx, const char *path, const char *text, size_t len,
                        rn_params_t *p);
int rn_params_read_file(rn_ctx_t *ctx, const char *path, rn_params_t *p);
/* The parameters as a JSON text (malloc'ed), the same schema the reader takes. */
struct rn_result;
char *rn_params_to_json(const rn_params_t *p, const struct rn_result *r);
int rn_mode_parse(const char *s, rn_mode_t *m);
/* "mass" (0) or "any" (1) into *any; RN_EPARAM otherwise. */
int rn_dominance_parse(const char *s, int *any);
/* "total", "out", "auto" or "field:NAME" into p; RN_EPARAM otherwise. */
int rn_denom_parse(const char *s, rn_params_t *p);

typedef enum {
  RN_DECISION_EXCLAVE = 1,
  RN_DECISION_ENCLAVE,
  RN_DECISION_ISLAND,
  RN_DECISION_SPLIT /* a polycentric rule core its region does not connect, split */
} rn_decision_kind_t;
typedef struct rn_decision {
  int level;
  int64_t unit;
  int64_t region;    /* region index within the level */
  rn_decision_kind_t kind;
  char reason[200];
} rn_decision_t;

/* A degenerate result, reported rather than left silent (the method's rule): the
 * text says what and why, with the figure; unit and value point at the
 * largest candidate of a level without core (-1 / NAN otherwise). */
typedef enum { RN_WARN_NO_CORE = 1, RN_WARN_NO_REGION, RN_WARN_SINGLETONS } rn_warning_kind_t;
typedef struct rn_warning {
  int level;
  rn_warning_kind_t kind;
  int64_t unit;
  double value;
  char text[480];
} rn_warning_t;
const char *rn_warning_kind_name(rn_warning_kind_t k);
/* The warnings of a delineation's result r (rn_delineate calls it; a caller
 * running levels on its own may too): appended to r->warnings. */
int rn_result_warnings(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                       const rn_params_t *p, struct rn_result *r);
/* The minimum core mass of a level: lp->min_mass, or its share of the total mass. */
double rn_level_min_mass(const rn_level_params_t *lp, const double *mass, int64_t n);

typedef struct rn_region {
  char *id;          /* text id: code of the principal core */
  char *name;        /* core names by mass, joined by '-' */
  int64_t ncores;
  int64_t *cores;    /* core units, by descending mass */
  int64_t n_units;
  double mass, residents, internal, inflow, sc_supply, sc_demand;
} rn_region_t;

typedef struct rn_level_result {
  int64_t n;
  int64_t *region;     /* per unit: region index, -1 none */
  unsigned char *role; /* rn_role_t */
  double *share;       /* per unit: share to its own region (NAN when none) */
  int64_t nregions;
  rn_region_t *regions;
  /* the minimum core mass the level used (a share resolved against the total mass) */
  double min_mass;
} rn_level_result_t;

/* Balance figures (algorithms/balance): one row per level, mass field and
 * policy space (group -1: all units). */
typedef struct rn_balance_row {
  int level;
  int field;                /* index into rn_balance_t.field */
  int64_t group;            /* -1: every unit; else the policy space */
  int64_t n_regions, n_units;
  double total;             /* sum of the field over the units considered */
  double primacy;           /* the largest region's share of total */
  double gini, theil;       /* over region totals */
  double theil_units, theil_between, theil_within; /* over units, regions as groups */
} rn_balance_row_t;
/* Each region's share of the total, per level and field. */
typedef struct rn_balance_region {
  int level, field;
  int64_t region;           /* index into the level's regions */
  double value, share;
} rn_balance_region_t;
typedef struct rn_balance {
  int nfields;
  char **field;             /* names; "mass" is the run's mass */
  int64_t nrows, nregions;
  rn_balance_row_t *row;
  rn_balance_region_t *region;
} rn_balance_t;

/* Policy spaces (--groups, --group-field): a group per unit (-1: none). */
typedef struct rn_groups {
  int64_t ngroups;
  char **name;
  int64_t *unit;            /* n units; NULL when the run has no groups */
  /* per level and region: the group holding most of its units' mass (-1:
   * none), and 1 when its units lie in more than one group */
  int64_t *region[RN_MAX_LEVELS];
  unsigned char *spans[RN_MAX_LEVELS];
} rn_groups_t;

typedef struct rn_result {
  int nlevels;
  rn_level_result_t level[RN_MAX_LEVELS];
  rn_denom_t denom;        /* the denominator actually used */
  char denom_field[128];
  int64_t ndecisions;
  rn_decision_t *decisions;
  rn_groups_t groups;      /* ngroups 0: none given */
  rn_balance_t balance;    /* nrows 0: not computed */
  /* degenerate results (a level without core or region, mostly single units) */
  int64_t nwarnings;
  struct rn_warning *warnings;
} rn_result_t;

/* ---------------------------------------------------- balance (§9) */
void rn_groups_destroy(rn_groups_t *g);
void rn_balance_destroy(rn_balance_t *b);
/* Gini and Theil index of n values >= 0 (NaN when n < 1 or they sum to 0). */
double rn_gini(const double *x, int64_t n);
double rn_theil(const double *x, int64_t n);
/* r->balance for every level of r and each field (values[k][i] of unit i),
 * over all units and within each policy space of r->groups. */
int rn_balance_compute(rn_ctx_t *ctx, const rn_units_t *u, int nfields, const char *const *names,
                       const double *const *values, rn_result_t *r);
/* Policy spaces from a CSV (first column a unit code or code prefix, second
 * the group; the longest matching prefix wins) into out; units it cannot
 * place get -1 and are reported. */
int rn_groups_read(rn_ctx_t *ctx, const char *path, const rn_units_t *u, rn_groups_t *out);
/* Policy spaces from a text field of the units' source (path, layer, id field). */
int rn_groups_from_field(rn_ctx_t *ctx, const char *path, const char *layer, const char *id_field,
                         const char *field, const rn_units_t *u, rn_groups_t *out);
/* g->region and g->spans for every level of r (mass: per unit, the run's mass). */
int rn_groups_of_regions(rn_ctx_t *ctx, const double *mass, int64_t n, rn_result_t *r);

void rn_result_init(rn_result_t *r);
void rn_result_destroy(rn_result_t *r);
void rn_level_result_destroy(rn_level_result_t *lr);
/* Run every level of p. adj may be NULL only when p->contiguity == 0. */
int rn_delineate(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                 const rn_adjacency_t *adj, const rn_params_t *p, rn_result_t *out);
const char *rn_mode_name(rn_mode_t m);
const char *rn_role_name(rn_role_t r);
const char *rn_denom_name(rn_denom_t d);
/* D_i for every unit (out: units->n values) under denominator d (`auto`
 * resolved as rn_delineate does; field: the unit attribute of
 * RN_DENOM_FIELD). Pass r->denom and r->denom_field for the one a run used. */
int rn_denominators(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                    rn_denom_t d, const char *field, double *out);

/* ---------------------------------------------------- alternative methods */
/* Every method (algorithms/README.md) writes its partition as an rn_result_t, so the
 * same writers serve all of them: one level per partition it makes, named
 * after the method (cbsa adds a second level, csa). */
typedef struct rn_method_input {
  const rn_units_t *units;
  const rn_flows_t *flows;
  const rn_adjacency_t *adj; /* NULL when contiguity is ignored */
  int queen;
  int contiguity;            /* 1 = enforce (repair as in algorithms/README.md) */
} rn_method_input_t;

/* options: "key=value" strings (GDAL CSL list, may be NULL), e.g.
 * "threshold=0.25", "central-field=central", "seed=1". used: the method fills
 * in its levels (names, thresholds) and whatever else describes the run. */
typedef int (*rn_method_fn)(rn_ctx_t *ctx, const rn_method_input_t *in, char **options,
                            rn_params_t *used, struct rn_result *out);
typedef struct rn_method {
  const char *name;
  const char *summary;
  rn_method_fn run;
} rn_method_t;
const rn_method_t *rn_method_find(const char *name);
/* NULL-terminated table of all methods. */
const rn_method_t *rn_methods(void);

/* ------------------------------------------------------ synthetic inputs */
/* Realistic inputs of any size, for benchmarks and tests: units are the
 * Voronoi cells of clustered random points (a few hundred cluster centres
 * with Gaussian scatter over a uniform background) in a square study area in
 * EPSG:3035 metres, with heavy-tailed (Pareto) masses; flows follow a gravity
 * model with exponential distance decay towards each unit's nearest
 * neighbours, plus an intra-unit share. Everything follows from the seed. */
typedef struct rn_generate_opts {
  int64_t n_units;
  int64_t n_flows;    /* rows of the flow table, intra-unit rows included */
  uint64_t seed;
  int64_t n_clusters; /* 0: n_units / 250, between 4 and 400 */
  double unit_area;   /* mean unit area in square metres; 0: 30 km^2 */
} rn_generate_opts_t;

/* Before any work: sizes that make sense (at least 2 units, at least one flow
 * row per unit) and fit in this machine's memory. */
int rn_generate_check(rn_ctx_t *ctx, const rn_generate_opts_t *o);
/* Units with codes "000001".. (zero-padded), names, masses and cells, in EPSG:3035. */
int rn_generate_units(rn_ctx_t *ctx, const rn_generate_opts_t *o, rn_units_t *out);
/* Gravity flows between units (their centroids), o->n_flows rows in all
 * (fewer only when n_flows > n_units^2). */
int rn_generate_flows(rn_ctx_t *ctx, const rn_generate_opts_t *o, const rn_units_t *u,
                      rn_flows_t *out);
/* Units as a GeoPackage (layer units: code, name, population) and flows as a
 * CSV (origin,destination,flow), each created anew (an existing file is replaced). */
int rn_generate_write(rn_ctx_t *ctx, const rn_units_t *u, const rn_flows_t *f,
                      const char *units_path, const char *flows_path);

/* ------------------------------------------------------ the output set */
/* Every file a run writes, made under its final name in a hidden temporary
 * folder beside its target (.TARGET.tmp-PID/) and moved into place together
 * at the end, or not at all (io/writers/output_set.c). Use: init; input()
 * for every input file; add() for every target (checked and locked before
 * any work); path() for where to write a file now; commit(); destroy()
 * always (removes temporaries and locks). */
#define RN_OUTSET_MAX 8
#define RN_OUT_CHECK 1 /* refuse the target itself if it exists (without overwrite) */
#define RN_OUT_LOCK 2  /* lock it against a second run writing it at the same time */
typedef struct rn_outset {
  int overwrite;
  int ninputs;
  struct rn_outset_input {
    dev_t dev;
    ino_t ino;
    char *path;
  } *inputs;
  int ntargets;
  struct rn_outset_target {
    char *path, *canon; /* as given; real folder + name */
    char *lock;         /* "dir/.NAME.lock" */
    int lockfd, slot;   /* slot: in the context's temporaries */
  } target[RN_OUTSET_MAX];
  int ndirs;
  struct rn_outset_dir {
    char *dir, *canon, *tmp;
    int slot;
  } dir[RN_OUTSET_MAX];
  /* rename(2) and link(2); tests inject failures */
  int (*rename_fn)(const char *from, const char *to);
  int (*link_fn)(const char *from, const char *to);
} rn_outset_t;

void rn_outset_init(rn_outset_t *s, int overwrite);
/* A file the run reads: no output may resolve to it (same device and inode;
 * a Shapefile's or MapInfo table's sibling files included). Paths that are
 * not local files (PG:..., /vsicurl/...) are ignored. */
int rn_outset_input(rn_ctx_t *ctx, rn_outset_t *s, const char *path);
/* A target: its folder must exist, it must not be another target of the run;
 * flags RN_OUT_CHECK and/or RN_OUT_LOCK. */
int rn_outset_add(rn_ctx_t *ctx, rn_outset_t *s, const char *path, int flags);
/* May path be written? Not an input, not a directory, not existing unless
 * overwrite (RN_EPARAM, RN_EIO, RN_EEXISTS). */
int rn_outset_check(rn_ctx_t *ctx, const rn_outset_t *s, const char *path);
/* Where to write the file that will become path (malloc'ed; NULL with the
 * error set). Its folder's temporary folder is created on first use. */
char *rn_outset_path(rn_ctx_t *ctx, rn_outset_t *s, const char *path);
/* Move every file written into place (each checked again first); on any
 * failure every file replaced so far is restored. Signals wait meanwhile. */
int rn_outset_commit(rn_ctx_t *ctx, rn_outset_t *s);
void rn_outset_destroy(rn_ctx_t *ctx, rn_outset_t *s);

/* ----------------------------------------------------------------- output */
typedef struct rn_output_opts {
  const char *path;
  const char *format;       /* OGR driver name (-f); NULL: from the extension, GPKG without */
  int overwrite;            /* replace an existing output */
  char **lco;               /* layer creation options (CSL list), may be NULL */
  char **dsco;              /* dataset creation options */
  const char *provenance;   /* JSON text stored as dataset metadata, may be NULL */
  const char *schema;       /* PostgreSQL output (path "PG:..."): the schema written */
  rn_outset_t *set;         /* where the files are made (rn_output_check adds the target) */
  const char *driver;       /* set by rn_output_check: the driver's short name */
} rn_output_opts_t;

/* Before any work: the driver (o->format, else the extension's, as ogr2ogr
 * chooses it; only the drivers listed in the README, which write complete
 * files), the target added to o->set (folder exists, not an input, locked)
 * and refused when it exists without overwrite. Sets o->driver. */
int rn_output_check(rn_ctx_t *ctx, rn_output_opts_t *o);
/* After rn_output_check: 1 when the driver holds every layer in one dataset
 * (GPKG, SQLite, GML), 0 when it writes a file per layer. */
int rn_output_one_dataset(const rn_output_opts_t *o);
/* The drivers regionet writes, space-separated, for messages and --help. */
const char *rn_output_formats(void);
/* Write the layers into o->set (after rn_output_check); they reach their
 * final names when the caller commits the set. The one place where the kind
 * of target is dispatched (files through GDAL today). */
int rn_output_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_units_t *u,
                    const rn_flows_t *f, const rn_params_t *p, const rn_result_t *r);
/* The names of the layers an output of this run holds, comma-separated. */
void rn_output_layers(const rn_params_t *p, const struct rn_result *r, char *buf, size_t size);
/* SHA-256 of a file as 64 hex digits; "" for a database source (no file). */
int rn_file_sha256(rn_ctx_t *ctx, const char *path, char hex[65]);
/* A database input has no file checksum: these digest the data as read
 * (units: code, name, mass, WKB in the working CRS; flows: every pair,
 * codes and value), in unit-code order, whatever the order of the rows. */
int rn_units_data_sha256(rn_ctx_t *ctx, const rn_units_t *u, char hex[65]);
int rn_flows_data_sha256(const rn_units_t *u, const rn_flows_t *f, char hex[65]);
/* Sources that are GDAL connection strings, not files (PG:..., postgresql://,
 * MySQL:...); rn_source_is_pg: PostgreSQL ones. rn_source_name: the source
 * as it may be shown and recorded, without its password. */
int rn_source_is_db(const char *src);
int rn_source_is_pg(const char *src);
void rn_source_name(const char *src, char *buf, size_t size);
/* GDAL's last error on one line (a server's messages span several), without
 * the server's quote of the statement (LINE 1: ...). */
const char *rn_source_error(char *buf, size_t size);

/* ------------------------------------------------- comparing partitions */
/* Two partitions of the same units (algorithms/README.md). A partition is given by
 * unit code -> region id; a NULL region id means "in no region". */
typedef struct rn_partition {
  int64_t n;
  char **code;   /* unit codes, sorted ascending (strcmp) */
  char **label;  /* region id of each unit; NULL: in no region */
  char *source;  /* where it came from, for messages */
} rn_partition_t;

/* What a unit in no region is when computing the indices. */
typedef enum {
  RN_NULLS_SINGLETON = 0, /* each a region of its own (default) */
  RN_NULLS_CLASS = 1,     /* all together one class "(none)" */
  RN_NULLS_DROP = 2       /* left out of the indices (on either side) */
} rn_nulls_t;

void rn_partition_init(rn_partition_t *p);
void rn_partition_destroy(rn_partition_t *p);
/* Codes need not be sorted; labels may hold NULL; a duplicate code is an
 * error naming it. source may be NULL. */
int rn_partition_from_arrays(rn_ctx_t *ctx, int64_t n, const char *const *code,
                             const char *const *label, const char *source, rn_partition_t *out);
/* spec "FILE[:LAYER]:FIELD" (any OGR source or CSV; attributes only):
 * FIELD is after the last ':'; the rest is the file when it exists, else its
 * last ':' separates a LAYER. id_field: the unit code field. Blank ids are NULL. */
int rn_partition_read(rn_ctx_t *ctx, const char *spec, const char *id_field, rn_partition_t *out);
int rn_nulls_parse(const char *s, rn_nulls_t *out);

/* One non-zero cell of the contingency table: regions a (of A) and b (of B),
 * indices into region_a / region_b, -1 for units in no region. */
typedef struct rn_partition_cell {
  int64_t a, b, n;
} rn_partition_cell_t;

/* Its strings (codes, region ids) point into the two partitions compared:
 * keep them until the comparison is destroyed. */
typedef struct rn_partition_comparison {
  int64_t n_common;          /* units on both sides */
  int64_t n_compared;        /* of these, in the indices (all but dropped NULLs) */
  int64_t n_only_a, n_only_b;
  char **only_a, **only_b;   /* codes on one side only, sorted */
  int64_t n_null_a, n_null_b;/* common units in no region */
  int64_t nregions_a, nregions_b; /* region ids among the common units */
  char **region_a, **region_b;    /* sorted */
  int64_t *size_a, *size_b;       /* common units per region */
  int64_t ncells;
  rn_partition_cell_t *cells;     /* sorted by (a, b) */
  double rand, ari, nmi, vi;      /* igraph: Rand, adjusted Rand, NMI, VI (natural log) */
} rn_partition_comparison_t;

void rn_partition_comparison_init(rn_partition_comparison_t *c);
void rn_partition_comparison_destroy(rn_partition_comparison_t *c);
int rn_partition_compare(rn_ctx_t *ctx, const rn_partition_t *a, const rn_partition_t *b,
                         rn_nulls_t nulls, rn_partition_comparison_t *out);
/* The four indices for two membership vectors of n units (ids >= 0; < 0 is
 * "no region", treated as nulls says). Any of the outputs may be NULL. */
int rn_membership_compare(rn_ctx_t *ctx, int64_t n, const int64_t *ma, const int64_t *mb,
                          rn_nulls_t nulls, double *rand, double *ari, double *nmi, double *vi);

/* -------------------------------------------------------- threshold sweep */
/* A grid of thresholds: "start:stop:step" (inclusive; value k is
 * start + k*step rounded to 12 decimals, so 0.02:0.30:0.01 has 29 values) or
 * "a,b,c"; pieces may be mixed with ','. Sorted ascending, duplicates
 * removed, every value in (0,1]. *out is malloc'ed. */
int rn_thresholds_parse(rn_ctx_t *ctx, const char *s, double **out, int *nout);

typedef struct rn_sweep_opts {
  int ngrid[RN_MAX_LEVELS];     /* thresholds swept per level; 0: level not swept */
  const double *grid[RN_MAX_LEVELS];
  int nthreads;                 /* 0: one per core; 1: serial */
} rn_sweep_opts_t;

/* One threshold of one level: that level's threshold set to theta, every
 * other parameter as in p (earlier levels at their own thresholds). */
typedef struct rn_sweep_row {
  int level;
  double theta;
  int64_t nregions, covered;
  double mean_sc;    /* mean supply self-containment of the regions (unweighted) */
  double ari, nmi;   /* against the level's default partition (NULL = singleton) */
  int64_t *region;   /* per unit: region index at this threshold, -1 none */
} rn_sweep_row_t;

typedef struct rn_sweep {
  rn_result_t base;  /* the default partition: p as given */
  int64_t nrows;
  rn_sweep_row_t *rows; /* by level, then threshold */
  int64_t n;
  double *stability[RN_MAX_LEVELS]; /* per unit; NULL for a level not swept */
} rn_sweep_t;

void rn_sweep_init(rn_sweep_t *s);
void rn_sweep_destroy(rn_sweep_t *s);
/* Run the sweep. Threads share the inputs read-only; results do not depend on
 * the number of threads. Same inputs as rn_delineate. */
int rn_sweep_run(rn_ctx_t *ctx, const rn_units_t *units, const rn_flows_t *flows,
                 const rn_adjacency_t *adj, const rn_params_t *p, const rn_sweep_opts_t *o,
                 rn_sweep_t *out);
/* A GeoPackage (or other OGR format) with the layer "units" (code, name,
 * mass: the field or the inflow of f; per swept level L: L_id at the
 * default, L_stability) and the table "sweep". */
int rn_sweep_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_units_t *u,
                   const rn_flows_t *f, const rn_params_t *p, const rn_sweep_t *s);

#ifdef __cplusplus
}
#endif
#endif
