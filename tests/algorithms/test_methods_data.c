/* The alternative methods on the bundled data (Korea's si/gun, Sardinia's
 * comuni, US counties without geometry): properties, not partitions.
 *   - coverage: every unit in at most one region (region index in range,
 *     region sizes add up); every unit in exactly one for dominant,
 *     intramax, leiden, louvain, infomap;
 *   - contiguity under enforce: every region's members that have a
 *     neighbour are rook-connected through members (islands exempt);
 *   - determinism: the same call twice (fixed seed) gives the same partition.
 * Timings go to stdout. Central units for cbsa are derived here: Korea's 8
 * metropolitan cities and Sejong; in Sardinia and the US, units of mass >=
 * a size. */
#include "engine/engine.h"
#include "rn_test.h"

#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char path_buf[4][1024];
static const char *data(int slot, const char *rel) {
  const char *d = getenv("RN_DATA");
  snprintf(path_buf[slot], sizeof path_buf[slot], "%s/%s", d ? d : "datasets", rel);
  return path_buf[slot];
}

typedef struct {
  const char *name;
  rn_units_t u;
  rn_flows_t f;
  rn_adjacency_t a;
  int have_adj;
} dset_t;

/* Add attribute `name` = 1 on units whose code is listed or whose mass >= min (min > 0). */
static void add_central(rn_units_t *u, const char *name, const char *const *codes, double min) {
  u->attr_name = realloc(u->attr_name, sizeof *u->attr_name * (size_t)(u->nattr + 1));
  u->attr = realloc(u->attr, sizeof *u->attr * (size_t)(u->nattr + 1));
  u->attr_name[u->nattr] = strdup(name);
  double *v = calloc((size_t)u->n, sizeof *v);
  for (int k = 0; codes && codes[k]; k++) {
    int64_t i = rn_units_find(u, codes[k]);
    CHECK(i >= 0, "code %s", codes[k]);
    if (i >= 0) v[i] = 1;
  }
  for (int64_t i = 0; min > 0 && u->mass && i < u->n; i++) v[i] = u->mass[i] >= min;
  u->attr[u->nattr++] = v;
}

static int load_polygons(rn_ctx_t *ctx, dset_t *d, const char *units, const char *id,
                         const char *name, const char *mass, const char *flows) {
  rn_units_opts_t uo = {.path = data(0, units), .id_field = id, .name_field = name, .mass_field = mass};
  int rc = rn_units_read(ctx, &uo, &d->u);
  CHECK(rc == RN_OK, "%s units: %s", d->name, ctx->err);
  if (rc) return rc;
  rn_flows_opts_t fo = {.path = data(1, flows)};
  rc = rn_flows_read(ctx, &fo, &d->u, &d->f);
  CHECK(rc == RN_OK, "%s flows: %s", d->name, ctx->err);
  if (rc) return rc;
  rc = rn_adjacency_build(ctx, &d->u, RN_ADJ_DEFAULT_TOLERANCE, &d->a);
  CHECK(rc == RN_OK, "%s adjacency: %s", d->name, ctx->err);
  d->have_adj = rc == RN_OK;
  return rc;
}

/* US counties: codes and population from the mass CSV, no geometry. */
static int load_us(rn_ctx_t *ctx, dset_t *d) {
  FILE *fp = fopen(data(0, "us/counties_2000_mass.csv"), "r");
  CHECK(fp != NULL, "US mass file");
  if (!fp) return RN_EIO;
  char line[256], *codes[4000];
  double mass[4000];
  int n = 0;
  if (!fgets(line, sizeof line, fp)) line[0] = 0; /* header */
  while (n < 4000 && fgets(line, sizeof line, fp)) {
    char *comma = strchr(line, ',');
    if (!comma) continue;
    *comma = 0;
    codes[n] = strdup(line);
    mass[n++] = atof(comma + 1);
  }
  fclose(fp);
  int rc = rn_units_from_arrays(ctx, n, (const char *const *)codes, NULL, mass, NULL, &d->u);
  for (int i = 0; i < n; i++) free(codes[i]);
  CHECK(rc == RN_OK, "US units: %s", ctx->err);
  if (rc) return rc;
  rn_flows_opts_t fo = {.path = data(1, "us/flows_us_county_2000_intercounty.csv")};
  rc = rn_flows_read(ctx, &fo, &d->u, &d->f);
  CHECK(rc == RN_OK, "US flows: %s", ctx->err);
  return rc;
}

/* Regions whose members with neighbours are not all rook-connected. */
static int64_t disconnected(const rn_adjacency_t *a, const rn_level_result_t *lr) {
  int64_t n = lr->n, bad = 0;
  unsigned char *seen = calloc((size_t)n, 1);
  unsigned char *done = calloc((size_t)lr->nregions + 1, 1);
  int64_t *q = malloc(sizeof *q * (size_t)n);
  for (int64_t s = 0; s < n; s++) {
    int64_t r = lr->region[s];
    if (r < 0 || done[r] || rn_adjacency_degree(a, s, 0) == 0) continue;
    done[r] = 1;
    int64_t qh = 0, qt = 0;
    q[qt++] = s;
    seen[s] = 1;
    while (qh < qt) {
      int64_t x = q[qh++];
      for (int64_t p = a->row[x]; p < a->row[x + 1]; p++) {
        int64_t y = a->col[p];
        if (a->shared[p] > 0 && !seen[y] && lr->region[y] == r) {
          seen[y] = 1;
          q[qt++] = y;
        }
      }
    }
  }
  for (int64_t i = 0; i < n; i++)
    if (lr->region[i] >= 0 && !seen[i] && rn_adjacency_degree(a, i, 0) > 0) {
      bad++;
      seen[i] = 1; /* count units, once */
    }
  free(seen);
  free(done);
  free(q);
  return bad;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int run(rn_ctx_t *ctx, dset_t *d, const char *method, int contig, const char *opts,
               rn_params_t *used, rn_result_t *r, double *secs) {
  char **o = opts ? CSLTokenizeString2(opts, " ", 0) : NULL;
  rn_method_input_t in = {.units = &d->u,
                          .flows = &d->f,
                          .adj = contig ? &d->a : NULL,
                          .contiguity = contig};
  rn_params_init(used);
  double t0 = now();
  int rc = rn_method_find(method)->run(ctx, &in, o, used, r);
  *secs = now() - t0;
  CSLDestroy(o);
  CHECK(rc == RN_OK, "%s %s: %s", d->name, method, ctx->err);
  return rc;
}

static void check_method(rn_ctx_t *ctx, dset_t *d, const char *method, const char *opts,
                         int cover_all) {
  int contig = d->have_adj;
  rn_params_t p1, p2;
  rn_result_t r1, r2;
  double s1, s2;
  if (run(ctx, d, method, contig, opts, &p1, &r1, &s1) != RN_OK) return;
  for (int l = 0; l < r1.nlevels; l++) {
    const rn_level_result_t *lr = &r1.level[l];
    int64_t covered = 0, sum = 0, out_of_range = 0;
    for (int64_t i = 0; i < d->u.n; i++) {
      out_of_range += lr->region[i] < -1 || lr->region[i] >= lr->nregions;
      covered += lr->region[i] >= 0;
    }
    for (int64_t g = 0; g < lr->nregions; g++) {
      sum += lr->regions[g].n_units;
      CHECK(lr->regions[g].n_units > 0, "%s %s: empty region %s", d->name, method, lr->regions[g].id);
    }
    CHECK(out_of_range == 0, "%s %s level %d: region index out of range", d->name, method, l);
    CHECK(sum == covered, "%s %s level %d: region sizes %lld, covered units %lld", d->name, method,
          l, (long long)sum, (long long)covered);
    if (cover_all && l == 0)
      CHECK(covered == d->u.n, "%s %s: %lld of %lld units in a region", d->name, method,
            (long long)covered, (long long)d->u.n);
    if (contig && l == 0) {
      int64_t bad = disconnected(&d->a, lr);
      CHECK(bad == 0, "%s %s: %lld units cut off from their region", d->name, method, (long long)bad);
    }
    printf("%-8s %-9s %-34s level %-9s %5lld regions, %5lld of %5lld units, %7.3f s\n", d->name,
           method, opts ? opts : "", p1.level[l].name, (long long)lr->nregions, (long long)covered,
           (long long)d->u.n, s1);
  }
  if (run(ctx, d, method, contig, opts, &p2, &r2, &s2) == RN_OK) {
    int same = r1.nlevels == r2.nlevels;
    for (int l = 0; same && l < r1.nlevels; l++) {
      same = r1.level[l].nregions == r2.level[l].nregions;
      for (int64_t i = 0; same && i < d->u.n; i++)
        same = r1.level[l].region[i] == r2.level[l].region[i];
      for (int64_t g = 0; same && g < r1.level[l].nregions; g++)
        same = !strcmp(r1.level[l].regions[g].id, r2.level[l].regions[g].id);
    }
    CHECK(same, "%s %s: two runs differ", d->name, method);
  }
  rn_result_destroy(&r1);
  rn_result_destroy(&r2);
  rn_params_destroy(&p1);
  rn_params_destroy(&p2);
}

static void check_all(rn_ctx_t *ctx, dset_t *d, const char *intramax_opts, const char *fua_opts) {
  check_method(ctx, d, "dominant", NULL, 1);
  check_method(ctx, d, "intramax", intramax_opts, 1);
  check_method(ctx, d, "leiden", "seed=1", 1);
  check_method(ctx, d, "louvain", "seed=1", 1);
  check_method(ctx, d, "infomap", "seed=1", 1);
  check_method(ctx, d, "fua", fua_opts, 0);
  check_method(ctx, d, "cbsa", "central-field=central", 0);
}

static void destroy(rn_ctx_t *ctx, dset_t *d) {
  rn_units_destroy(ctx, &d->u);
  rn_flows_destroy(&d->f);
  rn_adjacency_destroy(&d->a);
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  ctx.report = NULL;
  dset_t d[3] = {{.name = "korea"}, {.name = "sardinia"}, {.name = "us"}};
  for (int k = 0; k < 3; k++) {
    rn_units_init(&d[k].u);
    rn_flows_init(&d[k].f);
    rn_adjacency_init(&d[k].a);
  }
  if (load_polygons(&ctx, &d[0], "kr/KR_SiGun.gpkg", "SiGun_CD", "SiGun_NM", "population",
                    "kr/OD_SiGun_long.csv") == RN_OK) {
    /* Seoul, Busan, Daegu, Incheon, Gwangju, Daejeon, Ulsan, Sejong */
    const char *metro[] = {"11", "21", "22", "23", "24", "25", "26", "29", NULL};
    add_central(&d[0].u, "central", metro, 0);
    check_all(&ctx, &d[0], "regions=30", NULL);
  }
  {
    rn_units_opts_t uo = {.path = data(0, "it/shpSardinia.gpkg"), .id_field = "PRO_COM",
                          .name_field = "NOME_COM", .mass_field = "POP2001"};
    rn_flows_opts_t fo = {.path = data(1, "it/Sardinia_flows.csv"), .origin = "community_live",
                          .dest = "community_work", .value = "amount"};
    int rc = rn_units_read(&ctx, &uo, &d[1].u);
    CHECK(rc == RN_OK, "sardinia units: %s", ctx.err);
    if (rc == RN_OK) rc = rn_flows_read(&ctx, &fo, &d[1].u, &d[1].f);
    CHECK(rc == RN_OK, "sardinia flows: %s", ctx.err);
    if (rc == RN_OK) rc = rn_adjacency_build(&ctx, &d[1].u, RN_ADJ_DEFAULT_TOLERANCE, &d[1].a);
    CHECK(rc == RN_OK, "sardinia adjacency: %s", ctx.err);
    d[1].have_adj = rc == RN_OK;
    if (rc == RN_OK) {
      add_central(&d[1].u, "central", NULL, 30000);
      check_all(&ctx, &d[1], "regions=40", "min-mass=30000");
    }
  }
  if (load_us(&ctx, &d[2]) == RN_OK) {
    add_central(&d[2].u, "central", NULL, 250000);
    check_all(&ctx, &d[2], "regions=300", "min-mass=250000");
  }
  for (int k = 0; k < 3; k++) destroy(&ctx, &d[k]);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
