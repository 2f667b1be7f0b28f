/* rn_flows_read: long-format flows (origin, destination, value) from CSV or
 * any OGR attribute table, checked row by row against the units. */
#include "readers_internal.h"
#include "engine/threads.h"
#include "io/readers/flows_forms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cpl_string.h>
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>

#define RN_STOPPED (-2) /* a chunk after a failed one stopped early */

static int has_ext(const char *path, const char *ext) {
  size_t n = strlen(path), e = strlen(ext);
  return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* Where a row is, for messages: "file:line" for CSV (true file line, header
 * = line 1), "file (layer L): row N" for spreadsheets, else the feature id. */
typedef struct {
  const char *path, *layer;
  int csv, sheet, db;
  const rn_csv_lines_t *lines;
  int64_t header; /* records before the first data record: 0 or 1 */
} where_t;

static void where_fmt(const where_t *w, int64_t fid, char *buf, size_t size) {
  if (fid < 0 && w->db) { /* rows of a database's COPY, counted from 1 */
    snprintf(buf, size, "%s (%s): row %lld", w->path, w->layer, (long long)-fid);
  } else if (fid < 0) { /* the plain-CSV reader knows the line itself */
    snprintf(buf, size, "%s:%lld", w->path, (long long)-fid);
  } else if (w->csv) {
    int64_t rec = fid - 1 + w->header;
    if (w->lines && rec >= 0 && rec < w->lines->n)
      snprintf(buf, size, "%s:%lld", w->path, (long long)w->lines->line[rec]);
    else
      snprintf(buf, size, "%s: record %lld", w->path, (long long)fid);
  } else {
    snprintf(buf, size, "%s (layer %s): %s %lld", w->path, w->layer, w->sheet ? "row" : "feature",
             (long long)fid);
  }
}

/* Why a code may be unknown when a near-twin is known: text read without
 * its encoding is not UTF-8; codes are compared as text after trimming ASCII
 * blanks, so "011" and "11" differ, and so do two Unicode forms of one name
 * (README, "Codes"). Only called on the error path, so a scan is fine. */
static void code_hint(const rn_units_t *u, const char *code, size_t len, const char *enc,
                      char *buf, size_t size) {
  buf[0] = 0;
  if (!enc && !CPLIsUTF8(code, len > INT_MAX ? INT_MAX : (int)len)) {
    snprintf(buf, size, " (not UTF-8 text: give --flows-encoding, e.g. CP949)");
    return;
  }
  rn_code_hint(u->code, u->n, code, len, buf, size);
}

/* GDAL's CSV reader takes ',', ';' or tab and rejects (or reads as one
 * column) anything else; look at the first line to say so plainly. */
static int csv_delimiter_check(rn_ctx_t *ctx, const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return RN_OK; /* the opener names a missing or unreadable file */
  char line[512];
  int rc = RN_OK, ln = 0;
  while (fgets(line, sizeof line, fp)) {
    char *s = line;
    ln++;
    if (!strncmp(s, "\xEF\xBB\xBF", 3)) s += 3; /* UTF-8 byte-order mark */
    s[strcspn(s, "\r\n")] = 0;
    if (!s[0]) continue;
    if (!strpbrk(s, ",;\t")) {
      const char *d = strpbrk(s, "|: ");
      char guess[32] = "";
      if (d) snprintf(guess, sizeof guess, " (delimiter '%c'?)", *d);
      rc = rn_error(ctx, RN_EINPUT,
                    "%s:%d: no ',', ';' or tab delimiter in the first line '%.80s'%s; "
                    "write the flows with ',', ';' or tab between columns",
                    path, ln, s, guess);
    }
    break;
  }
  fclose(fp);
  return rc;
}

static int is_blank(const char *s) {
  if (!s) return 1;
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r') return 0;
  return 1;
}

/* The value of a row: numeric fields as they are, text through our parser. */
static const char *row_value(OGRFeatureH f, int fld, double *v, char **text) {
  *text = NULL;
  if (!OGR_F_IsFieldSetAndNotNull(f, fld)) return "empty";
  OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, fld));
  *text = strdup(OGR_F_GetFieldAsString(f, fld));
  if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
    *v = OGR_F_GetFieldAsDouble(f, fld);
    if (isnan(*v)) return "not a number (NaN)";
    if (isinf(*v)) return "infinite";
    if (*v < 0) return "negative";
    *v += 0.0;
    return NULL;
  }
  return rn_flow_value_parse(*text, v);
}

/* What reading has gathered so far; one data row at a time goes through
 * take_row, whichever reader (OGR or the plain-CSV one) produced it. The
 * plain-CSV reader has one per thread, each with its own context (for the
 * error text) and builder. */
typedef struct {
  rn_ctx_t *ctx;
  const rn_flows_opts_t *opts;
  const rn_units_t *units;
  const rn_code_hash_t *codes;
  const where_t *w;
  const char *vname;      /* value column name, for messages */
  rn_flows_builder_t *b;
  int64_t rows_read, rows_zero, rows_unknown;
  char ex[3][256];
  int nex;
  char last[2][64];   /* the codes of the row before, per column */
  size_t last_len[2];
  int64_t last_id[2];
  int64_t last_fid;   /* the OGR path's last feature, -1 before the first */
  char *vbuf;         /* a value's text, NUL-terminated, when it needs strtod */
  size_t vcap;
  /* threads: stop once a chunk before this one (index `chunk`) failed */
  atomic_int *failed;
  int chunk;
} rows_t;

static const char *const role[3] = {"origin", "destination", "value"};

static int clamp_int(size_t n) { return n > INT_MAX ? INT_MAX : (int)n; }

/* One row: the codes trimmed (txt[k] NULL when unset, len[k] bytes), blank:
 * a row of blanks (no data row), the value parsed (bad: why it was refused;
 * vtext: its text), pos: the FID or, for plain CSV, -line. Where the row is
 * gets formatted only for a message. */
static int take_row(rows_t *s, const char *const txt[2], const size_t len[2], int blank,
                    const char *bad, double v, const char *vtext, int64_t pos) {
  rn_ctx_t *ctx = s->ctx;
  char at[1200];
  /* a line of blanks (or an empty spreadsheet row) is not a data row */
  if (blank) return RN_OK;
  s->rows_read++;
  int64_t ij[2];
  for (int k = 0; k < 2; k++) {
    const char *t = txt[k] ? txt[k] : "";
    size_t n = txt[k] ? len[k] : 0;
    if (!n) { /* never a unit (units refuse blank codes): not "unknown" either */
      where_fmt(s->w, pos, at, sizeof at);
      return rn_error(ctx, RN_EINPUT, "%s: %s %s code", at, txt[k] ? "blank" : "no", role[k]);
    }
    /* files are mostly sorted by origin: the code of the row before is a hit */
    if (s->last_id[k] >= 0 && n == s->last_len[k] && !memcmp(s->last[k], t, n)) {
      ij[k] = s->last_id[k];
      continue;
    }
    ij[k] = rn_code_hash_find(s->codes, t, n);
    if (ij[k] >= 0 && n < sizeof s->last[k]) {
      memcpy(s->last[k], t, n);
      s->last_len[k] = n;
      s->last_id[k] = ij[k];
    }
    if (ij[k] >= 0) continue;
    where_fmt(s->w, pos, at, sizeof at);
    if (memchr(t, '\n', n)) { /* a stray '"' joined lines: never dropped as one row */
      int64_t nl = 1;
      for (const char *c = t; (c = memchr(c, '\n', n - (size_t)(c - t))); c++) nl++;
      return rn_error(ctx, RN_EINPUT,
                      "%s: the %s code runs over %lld lines (a stray '\"' opens a field that "
                      "only a later '\"' closes)",
                      at, role[k], (long long)nl);
    }
    if (!s->opts->drop_unknown) {
      char hint[160];
      code_hint(s->units, t, n, s->opts->encoding, hint, sizeof hint);
      return rn_error(ctx, RN_EINPUT, "%s: unknown %s code '%.*s'%s", at, role[k], clamp_int(n),
                      t, hint);
    }
    if (s->nex < 3)
      snprintf(s->ex[s->nex++], sizeof s->ex[0], "%.200s %s '%.*s'", at, role[k],
               n < 40 ? (int)n : 40, t);
    s->rows_unknown++;
    return RN_OK;
  }
  if (bad) {
    where_fmt(s->w, pos, at, sizeof at);
    return rn_error(ctx, RN_EINPUT, "%s: column '%s': value '%s' is %s%s", at, s->vname,
                    vtext ? vtext : "", bad,
                    vtext && strchr(vtext, ',') ? " (a decimal comma? give --decimal ,)" : "");
  }
  if (v == 0) {
    s->rows_zero++;
    return RN_OK;
  }
  return rn_flows_builder_add(ctx, s->b, ij[0], ij[1], v);
}

/* Plain decimals, the usual flow values: 1 to 15 digits with at most one
 * '.', nothing else. The value is then m / 10^f with m and 10^f exact
 * doubles, and one IEEE division rounds correctly, as strtod does: the same
 * double rn_flow_value_parse gives. Anything else (blanks, signs, exponents,
 * more digits) goes to rn_flow_value_parse. */
static int value_plain(const char *p, size_t n, double *v) {
  static const double p10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  if (n == 0 || n > 16) return 0;
  uint64_t m = 0;
  int digits = 0, frac = -1;
  for (size_t k = 0; k < n; k++) {
    unsigned d = (unsigned char)p[k] - (unsigned)'0';
    if (d <= 9) {
      m = m * 10 + d;
      digits++;
      if (frac >= 0) frac++;
    } else if (p[k] == '.' && frac < 0) {
      frac = 0;
    } else {
      return 0;
    }
  }
  if (digits == 0 || digits > 15) return 0;
  *v = frac > 0 ? (double)m / p10[frac] : (double)m;
  return 1;
}

/* A row of the plain-CSV reader: fields in place, codes trimmed by the
 * rule (rn_code_trim); the value copied out only when strtod must read it. */
static int fast_row(void *arg, const char *const *field, const size_t *len, int64_t line) {
  rows_t *s = arg;
  const char *txt[2];
  size_t tl[2];
  for (int k = 0; k < 2; k++) {
    const char *f = field[k];
    size_t n = len[k];
    if (f) n = rn_code_trim(&f, n);
    txt[k] = f;
    tl[k] = f ? n : 0;
  }
  double v = 0;
  const char *bad = NULL, *vtext = NULL;
  int blank_value = 0;
  if (!field[2]) {
    bad = "empty";
    blank_value = 1;
  } else if (!value_plain(field[2], len[2], &v)) {
    if (len[2] + 1 > s->vcap) {
      char *b = realloc(s->vbuf, len[2] + 64);
      if (!b) return rn_error(s->ctx, RN_ENOMEM, "out of memory reading %s", s->w->path);
      s->vbuf = b;
      s->vcap = len[2] + 64;
    }
    memcpy(s->vbuf, field[2], len[2]);
    s->vbuf[len[2]] = 0;
    vtext = s->vbuf;
    bad = rn_flow_value_parse(vtext, &v);
    blank_value = is_blank(vtext);
  }
  int rc = take_row(s, txt, tl, !tl[0] && !tl[1] && blank_value, bad, v, vtext, -line);
  if (!rc && s->rows_read % 16384 == 0) {
    if (s->failed && atomic_load_explicit(s->failed, memory_order_relaxed) < s->chunk)
      return RN_STOPPED;
    if (!rn_progress(s->ctx, 0, "reading flows"))
      rc = rn_error(s->ctx, RN_EINTERRUPT, "%s: reading interrupted", s->w->path);
  }
  return rc;
}

/* ------------------------------------------------ plain CSV, in parallel */
/* The file is cut at line starts into one chunk per thread. A first pass
 * checks that every chunk is plain and counts its lines (so each chunk
 * knows its first line number); a second reads each chunk into its own
 * rows_t (own context copy, counters, examples, builder). Chunk 0 runs on
 * the calling thread, the only one that reports progress. The chunks are
 * then joined in file order: counters added, the first three examples
 * kept, the error of the first failed chunk (its first bad row is the
 * file's) returned; so the read is the same whatever the thread count. */
#define CHUNKS_MAX 8
#define CHUNK_MIN ((size_t)1 << 20) /* smaller files: one thread */

typedef struct {
  const char *p;
  size_t n;
  int64_t lines; /* '\n' in the chunk; -1: not plain */
  int64_t line0; /* file line of its first line */
  rn_ctx_t ctx;  /* private copy: rn_error writes here */
  rows_t s;
  char delim;
  int header;
  const int *col;
  int rc;
} chunk_t;

/* Each chunk on its own thread (rn_threads_run): chunk 0 on the calling one,
 * which alone reports progress. */
static void *chunk_scan(void *arg) {
  chunk_t *c = arg;
  c->lines = rn_csv_fast_scan(c->p, c->n, c->delim);
  return NULL;
}

static void *chunk_read(void *arg) {
  chunk_t *c = arg;
  rows_t *s = &c->s;
  c->rc = rn_flows_builder_new(&c->ctx, s->units->n, &s->b);
  if (!c->rc)
    c->rc = rn_csv_fast_rows(c->p, c->n, c->line0, c->delim, c->header, 3, c->col, fast_row, s);
  if (c->rc && c->rc != RN_STOPPED) {
    /* the chunks after this one may stop: their rows come after its error */
    int f = atomic_load(s->failed);
    while (s->chunk < f && !atomic_compare_exchange_weak(s->failed, &f, s->chunk)) {
    }
  }
  return NULL;
}

/* Read the mapped plain CSV into st (its counters, examples and builder),
 * or RN_CSV_FAST_NO, before any row, when the file is not plain after all. */
static int fast_read(rn_ctx_t *ctx, rows_t *st, const rn_csv_map_t *m, char delim, int header,
                     const int *col) {
  size_t most = m->size / CHUNK_MIN; /* smaller files: one thread */
  int nc = rn_threads_count(ctx->threads, most < CHUNKS_MAX ? (int64_t)most : CHUNKS_MAX);
  chunk_t *c = calloc((size_t)nc, sizeof *c);
  if (!c) return rn_error(ctx, RN_ENOMEM, "out of memory reading %s", st->w->path);
  size_t from = 0;
  for (int t = 0; t < nc; t++) {
    size_t to = t + 1 < nc ? rn_csv_map_cut(m, m->size / (size_t)nc * (size_t)(t + 1)) : m->size;
    if (to < from) to = from;
    c[t].p = m->buf + from;
    c[t].n = to - from;
    c[t].delim = delim;
    from = to;
  }
  rn_threads_run(nc, chunk_scan, c, sizeof *c);
  int rc = RN_OK;
  for (int t = 0; t < nc; t++) {
    if (c[t].lines < 0) {
      free(c);
      return RN_CSV_FAST_NO;
    }
    c[t].line0 = t ? c[t - 1].line0 + c[t - 1].lines : 1;
  }
  atomic_int failed;
  atomic_init(&failed, INT_MAX);
  for (int t = 0; t < nc; t++) {
    c[t].ctx = *ctx;
    c[t].ctx.geos = NULL; /* not for threads */
    c[t].ctx.report = NULL;
    c[t].ctx.timings = NULL;
    if (t) c[t].ctx.progress = NULL; /* the cancel flag is kept */
    c[t].s = *st;
    c[t].s.ctx = &c[t].ctx;
    c[t].s.b = NULL;
    c[t].s.failed = &failed;
    c[t].s.chunk = t;
    c[t].header = t == 0 && header;
    c[t].col = col;
  }
  rn_threads_run(nc, chunk_read, c, sizeof *c);
  for (int t = 0; t < nc && !rc; t++) {
    if (c[t].rc) { /* the first failed chunk in file order */
      rc = c[t].rc == RN_STOPPED ? rn_error(ctx, RN_EINTERNAL, "flow reading stopped")
                                 : c[t].rc;
      if (c[t].rc != RN_STOPPED) memcpy(ctx->err, c[t].ctx.err, sizeof ctx->err);
    }
  }
  for (int t = 0; t < nc; t++) {
    rows_t *s = &c[t].s;
    if (!rc) {
      st->rows_read += s->rows_read;
      st->rows_zero += s->rows_zero;
      st->rows_unknown += s->rows_unknown;
      for (int k = 0; k < s->nex && st->nex < 3; k++)
        memcpy(st->ex[st->nex++], s->ex[k], sizeof s->ex[k]);
      rc = rn_flows_builder_join(ctx, st->b, s->b);
      s->b = NULL;
    }
    rn_flows_builder_free(s->b);
    free(s->vbuf);
  }
  free(c);
  return rc;
}

/* The delimiter GDAL would pick for this first line, when it is certain:
 * exactly one kind of , ; or tab on it (inside quotes too: the fast path
 * takes no delimiter inside quotes). */
static char plain_delimiter(const char *line) {
  int has[3] = {strchr(line, ',') != NULL, strchr(line, ';') != NULL, strchr(line, '\t') != NULL};
  if (has[0] + has[1] + has[2] != 1) return 0;
  return has[0] ? ',' : has[1] ? ';' : '\t';
}

/* Did OGR take the first line as the header? 1 yes, 0 no, -1 cannot tell
 * (then the fast path is not taken). */
static int header_taken(OGRFeatureDefnH defn, const char *line, char delim) {
  int nf = OGR_FD_GetFieldCount(defn), k = 0, named = 1, generic = 1;
  const char *p = line;
  for (; k < nf; k++) {
    const char *d = strchr(p, delim);
    size_t len = d ? (size_t)(d - p) : strlen(p);
    const char *f = p;
    if (len >= 2 && f[0] == '"' && f[len - 1] == '"') f++, len -= 2; /* "origin" */
    const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k));
    char gen[32];
    snprintf(gen, sizeof gen, "field_%d", k + 1);
    if (strlen(name) != len || strncmp(name, f, len)) named = 0;
    if (strcmp(name, gen)) generic = 0;
    if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, k)) != OFTString) return -1;
    if (!d) {
      k++;
      break;
    }
    p = d + 1;
  }
  if (k != nf || named == generic) return -1;
  return named;
}

/* The rows through OGR, with the file lines of CSV records (lines->n == 0:
 * not CSV). The last feature read is kept for a message should GDAL fail
 * on the next. */
static int ogr_rows(rn_ctx_t *ctx, rows_t *st, OGRLayerH lyr, rn_csv_lines_t *lines, where_t *w,
                    const int col[3], const char *enc) {
  int rc = RN_OK;
  if (w->csv) {
    /* whether OGR took line 1 as a header shows in the number of features
     * it gives against the records there are */
    GIntBig nfeat = OGR_L_GetFeatureCount(lyr, TRUE);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int named = OGR_FD_GetFieldCount(defn) > 0 &&
                strcmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, 0)), "field_1") != 0;
    if (lines->n == nfeat + 1) w->header = 1;
    else if (lines->n == nfeat) w->header = 0;
    else if (lines->n > nfeat + named) w->header = named; /* GDAL stopped early */
    else rn_csv_lines_free(lines); /* layouts disagree: cite record numbers */
    w->lines = lines->line ? lines : NULL;
  }
  OGR_L_ResetReading(lyr);
  OGRFeatureH f;
  while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
    char *txt[3] = {NULL, NULL, NULL};
    for (int k = 0; k < 2; k++) {
      char *raw = rn_io_field_text(f, col[k], enc);
      txt[k] = rn_io_trim(raw);
      free(raw);
    }
    double v = 0;
    int blank_value = !OGR_F_IsFieldSetAndNotNull(f, col[2]) ||
                      is_blank(OGR_F_GetFieldAsString(f, col[2]));
    const char *bad = row_value(f, col[2], &v, &txt[2]);
    const char *code[2] = {txt[0], txt[1]};
    size_t len[2] = {txt[0] ? strlen(txt[0]) : 0, txt[1] ? strlen(txt[1]) : 0};
    st->last_fid = (int64_t)OGR_F_GetFID(f);
    rc = take_row(st, code, len, is_blank(txt[0]) && is_blank(txt[1]) && blank_value, bad, v,
                  txt[2], st->last_fid);
    for (int k = 0; k < 3; k++) free(txt[k]);
    OGR_F_Destroy(f);
    if (rc) break;
    if (st->rows_read % 16384 == 0 && !rn_progress(ctx, 0, "reading flows")) {
      rc = rn_error(ctx, RN_EINTERRUPT, "%s: reading interrupted", w->path);
      break;
    }
  }
  return rc;
}

/* Sums formed from the flows stay finite, and far enough below the largest
 * double that the methods' products and sums of them do too (README,
 * "Inputs"): checked where they are formed, naming the unit. */
static int totals_check(rn_ctx_t *ctx, const char *path, const rn_units_t *u,
                        const rn_flows_t *f) {
  for (int64_t i = 0; i < f->n; i++) {
    int out_big = !(f->out[i] <= RN_SUM_MAX), in_big = !(f->in[i] <= RN_SUM_MAX);
    if (out_big || in_big)
      return rn_error(ctx, RN_EINPUT,
                      "%s: the %s of unit '%s' sum to %g, beyond %g, the largest sum regionet "
                      "takes",
                      path, out_big ? "outflows" : "inflows", u->code[i],
                      out_big ? f->out[i] : f->in[i], RN_SUM_MAX);
  }
  if (!(f->total <= RN_SUM_MAX))
    return rn_error(ctx, RN_EINPUT, "%s: the flows sum to %g, beyond %g, the largest sum regionet takes",
                    path, f->total, RN_SUM_MAX);
  return RN_OK;
}

/* One column, one role: --origin X --dest X, or a header naming a column
 * twice ("code,code,flow": a name then finds only the first), would make
 * every flow intra-unit or read codes as values. */
static int roles_check(rn_ctx_t *ctx, const char *path, OGRFeatureDefnH defn, const int col[3],
                       const char *enc) {
  for (int a = 0; a < 3; a++)
    for (int b = a + 1; b < 3; b++)
      if (col[a] == col[b]) {
        char *n = rn_io_recode(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, col[a])), enc);
        int rc = rn_error(ctx, RN_EPARAM,
                          "%s: column '%s' is given as both the %s and the %s column; "
                          "give three different columns (--origin, --dest, --value)",
                          path, n ? n : "?", role[a], role[b]);
        free(n);
        return rc;
      }
  int nf = OGR_FD_GetFieldCount(defn);
  for (int k = 0; k < 3; k++) {
    const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, col[k]));
    for (int j = 0; j < nf; j++)
      if (j != col[k] && !strcasecmp(name, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, j)))) {
        char *n = rn_io_recode(name, enc);
        int rc = rn_error(ctx, RN_EINPUT,
                          "%s: the header names column '%s' twice (columns %d and %d); "
                          "name each column once",
                          path, n ? n : "?", (col[k] < j ? col[k] : j) + 1,
                          (col[k] < j ? j : col[k]) + 1);
        free(n);
        return rc;
      }
  }
  return RN_OK;
}

int rn_flows_read(rn_ctx_t *ctx, const rn_flows_opts_t *opts, const rn_units_t *units,
                  rn_flows_t *out) {
  rn_flows_init(out);
  if (!opts || !opts->path) return rn_error(ctx, RN_EPARAM, "no flow file given");
  if (!units || units->n <= 0) return rn_error(ctx, RN_EPARAM, "no units to read flows against");
  /* path: the source as messages and provenance name it (no password) */
  char shown[4096];
  rn_source_name(opts->path, shown, sizeof shown);
  const char *path = shown, *enc = opts->encoding && opts->encoding[0] ? opts->encoding : NULL;
  if (opts->sql && opts->layer)
    return rn_error(ctx, RN_EPARAM, "%s: give a layer or a query (--flows-sql), not both", path);
  int db = rn_source_is_db(opts->path);
  if (db && !opts->sql && !opts->layer)
    return rn_error(ctx, RN_EPARAM, "%s: a database: give --flows-layer SCHEMA.TABLE or --flows-sql QUERY",
                    path);
  if (!db) {
    /* cross-tables, filters, summed columns, decimal commas, spreadsheets */
    rn_flows_form_t form;
    int frc = rn_flows_form(ctx, opts, units, &form);
    if (frc) return frc;
    if (form != RN_FLOWS_PLAIN) return rn_flows_read_form(ctx, form, opts, units, out);
  }
  int csv = !db && (has_ext(path, ".csv") || has_ext(path, ".tsv") || has_ext(path, ".txt"));
  GDALDatasetH ds = NULL;
  int rc = rn_io_encoding_check(ctx, enc, "--flows-encoding");
  if (rc) return rc;
  if (csv) {
    /* Codes stay text (leading zeros); the driver guesses the delimiter
     * (, ; tab) from the first line and whether that line is a header. The
     * CSV: prefix lets .txt files through. */
    static const char *const allowed[] = {"CSV", NULL};
    static const char *const oo[] = {"AUTODETECT_TYPE=NO", "HEADERS=AUTO",
                                     "EMPTY_STRING_AS_NULL=NO", NULL};
    size_t len = strlen(path) + 5;
    char *p = malloc(len);
    if (!p) return rn_error(ctx, RN_ENOMEM, "out of memory");
    snprintf(p, len, "CSV:%s", path);
    rc = csv_delimiter_check(ctx, path);
    if (!rc) rc = rn_io_open_vector(ctx, p, allowed, oo, &ds);
    free(p);
  } else {
    rc = rn_io_open_vector(ctx, opts->path, NULL, NULL, &ds);
  }
  if (rc) return rc;
  OGRLayerH lyr = NULL, sql_lyr = NULL;
  int pg = rn_source_is_pg(opts->path);
  if (opts->sql) { /* run by the source: a database aggregates there */
    CPLErrorReset();
    /* PostgreSQL: only the columns here (LIMIT 0 runs nothing); COPY reads the rows */
    char *q = pg ? malloc(strlen(opts->sql) + 64) : NULL;
    if (q) sprintf(q, "SELECT * FROM (%s) AS q LIMIT 0", opts->sql);
    CPLPushErrorHandler(CPLQuietErrorHandler); /* the reason goes into the message */
    lyr = sql_lyr = GDALDatasetExecuteSQL(ds, q ? q : opts->sql, NULL, NULL);
    CPLPopErrorHandler();
    free(q);
    char why[1024];
    if (!lyr)
      rc = rn_error(ctx, RN_EINPUT, "%s: the query --flows-sql failed: %s", path,
                    rn_source_error(why, sizeof why)[0] ? why : "no result");
  } else {
    rc = rn_io_layer(ctx, ds, path, opts->layer, &lyr);
  }
  if (rc) {
    GDALClose(ds);
    return rc;
  }
  GDALDriverH drv = GDALGetDatasetDriver(ds);
  const char *dname = drv ? GDALGetDriverShortName(drv) : "";
  where_t w = {path, sql_lyr ? "--flows-sql" : OGR_L_GetName(lyr), csv,
               strcasecmp(dname, "XLSX") == 0 || strcasecmp(dname, "ODS") == 0, pg, NULL, 0};

  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
  int nf = OGR_FD_GetFieldCount(defn);
  char fields[1024];
  rn_io_field_list(defn, enc, fields, sizeof fields);
  const char *want[3] = {opts->origin, opts->dest, opts->value};
  const char *role[3] = {"origin", "destination", "value"};
  int col[3];
  for (int k = 0; k < 3; k++) {
    col[k] = want[k] ? rn_io_field_index(defn, want[k], enc) : (k < nf ? k : -1);
    if (col[k] < 0) {
      if (sql_lyr) GDALDatasetReleaseResultSet(ds, sql_lyr);
      GDALClose(ds);
      if (want[k])
        return rn_error(ctx, RN_EPARAM, "%s: no %s column '%s'; columns: %s%s", path, role[k],
                        want[k], fields,
                        !enc && !CPLIsUTF8(fields, -1)
                            ? " (not UTF-8 text: give --flows-encoding, e.g. CP949)"
                            : "");
      return rn_error(ctx, RN_EINPUT,
                      "%s: needs three columns (origin, destination, value); columns: %s", path,
                      fields);
    }
  }
  if ((rc = roles_check(ctx, path, defn, col, enc))) {
    GDALClose(ds);
    return rc;
  }
  char *cname[3];
  for (int k = 0; k < 3; k++)
    cname[k] = rn_io_recode(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, col[k])), enc);
  rn_report(ctx, "%s: origin column '%s', destination '%s', value '%s'", path, cname[0],
            cname[1], cname[2]);

  rn_csv_lines_t lines = {0, NULL, 0, 0};
  rn_code_hash_t codes = {0};
  rows_t st = {.ctx = ctx, .opts = opts, .units = units, .codes = &codes, .w = &w,
               .vname = cname[2], .last_id = {-1, -1}, .last_fid = -1};
  if ((rc = rn_code_hash_build(ctx, units, &codes))) goto done;
  if ((rc = rn_flows_builder_new(ctx, units->n, &st.b))) goto done;
  rc = RN_CSV_FAST_NO;
  if (pg) { /* the rows by COPY: GDAL's row-by-row reading is ~10x slower */
    const char *cn[3];
    for (int k = 0; k < 3; k++) cn[k] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, col[k]));
    rc = rn_pg_copy_rows(ctx, opts->path, path, OGR_L_GetName(lyr), opts->sql, cn, fast_row, &st);
  }
  if (csv && !enc && col[0] < 64 && col[1] < 64 && col[2] < 64) {
    /* plain CSV: read it ourselves when GDAL would surely read it alike */
    char *first = rn_csv_first_line(path);
    char delim = first ? plain_delimiter(first) : 0;
    int header = delim ? header_taken(defn, first, delim) : -1;
    free(first);
    rn_csv_map_t map;
    if (header >= 0 && rn_csv_map_open(path, &map) == RN_OK) {
      rc = fast_read(ctx, &st, &map, delim, header, col);
      rn_csv_map_close(&map);
    }
  }
  if (rc == RN_CSV_FAST_NO) {
    rc = RN_OK;
    if (csv) {
      /* records to file lines; NUL bytes and runaway quotes refused */
      if ((rc = rn_csv_lines_scan(ctx, path, &lines))) goto done;
    }
    rn_io_errors_t gerr;
    rn_io_errors_push(&gerr);
    rc = ogr_rows(ctx, &st, lyr, &lines, &w, col, enc);
    rn_io_errors_pop();
    if (!rc && gerr.failed) {
      char at[1200];
      if (st.last_fid >= 0) {
        where_fmt(&w, st.last_fid, at, sizeof at);
        rc = rn_error(ctx, RN_EINPUT, "%s: the record after this one could not be read: %s (GDAL)",
                      at, gerr.msg);
      } else {
        rc = rn_error(ctx, RN_EINPUT, "%s: the first record could not be read: %s (GDAL)", path,
                      gerr.msg);
      }
    }
  }
  if (rc) goto done;
  if (st.rows_read == 0) {
    rc = rn_error(ctx, RN_EINPUT, "%s: no data rows (only a header?)", path);
    goto done;
  }
  if (st.rows_unknown) {
    rn_report(ctx, "%s: dropped %lld rows with codes not among the units, e.g. %s%s%s%s%s", path,
              (long long)st.rows_unknown, st.ex[0], st.nex > 1 ? "; " : "",
              st.nex > 1 ? st.ex[1] : "", st.nex > 2 ? "; " : "", st.nex > 2 ? st.ex[2] : "");
  }
  if (lines.multi) /* quoted line breaks: say so, lest a stray '"' join lines unseen */
    rn_report(ctx, "%s: %lld records run over several lines (a quoted line break), the first "
              "from line %lld; each was read as one row",
              path, (long long)lines.multi, (long long)lines.multi_first);
  if (st.rows_zero) rn_report(ctx, "%s: dropped %lld zero flows", path, (long long)st.rows_zero);
  /* the builder sums repeated pairs and says which came first */
  int64_t rows_read = st.rows_read, rows_unknown = st.rows_unknown, dup[2];
  rc = rn_flows_builder_finish_dup(ctx, st.b, out, dup);
  st.b = NULL;
  if (rc) goto done;
  out->rows_read = rows_read;
  out->rows_zero = st.rows_zero;
  out->rows_unknown = rows_unknown;
  if (out->rows_dup)
    rn_report(ctx, "%s: %lld rows repeat an earlier (origin, destination) pair and were summed, e.g. %s -> %s%s",
              path, (long long)out->rows_dup, units->code[dup[0]], units->code[dup[1]],
              nf > 3 ? " (rows of several kinds, e.g. travel modes? choose with --flows-where)" : "");
  if ((rc = totals_check(ctx, path, units, out))) goto done;
  if (!(out->total > 0)) {
    rc = rn_error(ctx, RN_EINPUT, "%s: all %lld flows are zero%s", path, (long long)rows_read,
                  rows_unknown ? " or were dropped for unknown codes" : "");
    goto done;
  }
  if (!(out->path = strdup(path))) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
done:
  if (rc) rn_flows_destroy(out);
  rn_flows_builder_free(st.b);
  free(st.vbuf); /* the COPY path fills it through fast_row */
  rn_code_hash_free(&codes);
  rn_csv_lines_free(&lines);
  for (int k = 0; k < 3; k++) free(cname[k]);
  if (sql_lyr) GDALDatasetReleaseResultSet(ds, sql_lyr);
  GDALClose(ds);
  return rc;
}
