/* Helpers shared by the readers (io/readers/; not part of the public API). */
#ifndef RN_READERS_INTERNAL_H
#define RN_READERS_INTERNAL_H

#include "engine/engine.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

/* Open a vector source read-only. allowed/open_opts may be NULL. Distinguishes
 * a missing file from one no OGR driver reads. */
int rn_io_open_vector(rn_ctx_t *ctx, const char *path, const char *const *allowed,
                      const char *const *open_opts, GDALDatasetH *out);
/* The named layer, or the first; errors list the layers there are. */
int rn_io_layer(rn_ctx_t *ctx, GDALDatasetH ds, const char *path, const char *name,
                OGRLayerH *out);
/* Field index by exact name (then case-insensitive); -1 when absent.
 * encoding != NULL: field names are recoded from it before comparing. */
int rn_io_field_index(OGRFeatureDefnH defn, const char *name, const char *encoding);
/* "a, b, c": the layer's field names (recoded when encoding != NULL), for messages. */
void rn_io_field_list(OGRFeatureDefnH defn, const char *encoding, char *buf, size_t size);
/* A field as text: integers in decimal, Reals holding an integer without
 * decimals, strings recoded from encoding (NULL: as they are). Returns a
 * malloc'ed string, or NULL when the field is NULL/unset. */
char *rn_io_field_text(OGRFeatureH f, int field, const char *encoding);
/* Recode s from encoding to UTF-8 (encoding NULL: copy). malloc'ed. */
char *rn_io_recode(const char *s, const char *encoding);
/* Copy of s trimmed by the rule for codes (rn_code_trim). malloc'ed. */
char *rn_io_trim(const char *s);
/* Last GDAL/CPL error text, or "" */
const char *rn_io_cpl_msg(void);
/* GDAL errors while a layer is read: between push and pop (same thread) the
 * first failure is kept in e (failed, msg) instead of printed. */
typedef struct rn_io_errors {
  int failed;
  char msg[512];
} rn_io_errors_t;
void rn_io_errors_push(rn_io_errors_t *e);
void rn_io_errors_pop(void);
/* RN_OK when iconv knows the encoding (NULL or "": none), else RN_EPARAM naming the option. */
int rn_io_encoding_check(rn_ctx_t *ctx, const char *encoding, const char *option);

/* Parse a flow value: decimal text with optional surrounding blanks, finite
 * and >= 0. Returns NULL on success, else why it was refused ("value ... is <why>"). */
const char *rn_flow_value_parse(const char *text, double *out);

/* Unit codes hashed for the flow readers (same answers as rn_units_find). */
typedef struct rn_code_slot {
  int64_t id;    /* unit id, -1 = empty */
  uint32_t len;  /* strlen of the code */
  char key[20];  /* the code itself when it fits: one memory access per lookup */
} rn_code_slot_t;
typedef struct rn_code_hash {
  const rn_units_t *units;
  uint64_t mask;
  rn_code_slot_t *slot;
  /* numeric codes instead: id of number dense_lo + k is dense[k] (-1: none);
   * every code has dense_width digits, or (width 0) no leading zero */
  int32_t *dense;
  int64_t dense_lo;
  uint64_t dense_span;
  uint32_t dense_width;
} rn_code_hash_t;
int rn_code_hash_build(rn_ctx_t *ctx, const rn_units_t *u, rn_code_hash_t *out);
/* Id of the code s[0..len), -1 when absent; s need not be NUL-terminated. */
int64_t rn_code_hash_find(const rn_code_hash_t *h, const char *s, size_t len);
void rn_code_hash_free(rn_code_hash_t *h);

/* Plain CSV read without OGR, for large flow files. It serves only files
 * whose every record is one line of fields unquoted or quoted whole ("11",
 * no quote or delimiter inside; no '\r' or NUL byte anywhere, no byte-order
 * mark), split at a delimiter, so GDAL's CSV driver would read the same
 * fields. rn_csv_map_open maps the file
 * (RN_CSV_FAST_NO: a byte-order mark, a first empty line, or not a mappable
 * file); rn_csv_map_cut gives the first line start at or after a byte
 * offset, so chunks [cut(a), cut(b)) hold whole lines; rn_csv_fast_scan
 * counts a chunk's '\n' (-1 when it has a '\r', a NUL or other quoting:
 * then the file is not plain); rn_csv_fast_rows reads a chunk whose first line is `line`
 * (skip_header: its first record is the header). row() gets the wanted
 * fields' text (not NUL-terminated; NULL when the record has fewer fields)
 * and the record's file line; a non-zero return stops the read and is
 * returned. */
#define RN_CSV_FAST_NO (-1)
typedef struct rn_csv_map {
  const char *buf;
  size_t size;
} rn_csv_map_t;
typedef int (*rn_csv_row_fn)(void *arg, const char *const *field, const size_t *len,
                             int64_t line);
int rn_csv_map_open(const char *path, rn_csv_map_t *m);
void rn_csv_map_close(rn_csv_map_t *m);
size_t rn_csv_map_cut(const rn_csv_map_t *m, size_t at);
int64_t rn_csv_fast_scan(const char *p, size_t n, char delim);
int rn_csv_fast_rows(const char *p, size_t n, int64_t line, char delim, int skip_header,
                     int nwant, const int *want, rn_csv_row_fn row, void *arg);
/* Flow rows from PostgreSQL (src a PG: source; shown: its name for
 * messages) by COPY (SELECT col[0..2] FROM layer or (sql)) TO STDOUT, given to
 * row() as rn_csv_fast_rows gives them (NULL fields for SQL NULLs) with the
 * row number as the line (pg_copy.c). */
int rn_pg_copy_rows(rn_ctx_t *ctx, const char *src, const char *shown, const char *layer,
                    const char *sql, const char *const col[3], rn_csv_row_fn row, void *arg);
/* The first line of a file (malloc'ed, without its newline), or NULL. */
char *rn_csv_first_line(const char *path);

/* CSV record layout: line (1-based) where each non-blank record starts, the
 * header included. Follows the rules of GDAL's CSV reader: records end at a
 * newline outside double quotes; empty lines are skipped. RN_EINPUT with the
 * line for a NUL byte or a '"' never closed. */
typedef struct rn_csv_lines {
  int64_t n;
  int64_t *line;
  int64_t multi, multi_first; /* records over several lines; the first one's line */
} rn_csv_lines_t;
int rn_csv_lines_scan(rn_ctx_t *ctx, const char *path, rn_csv_lines_t *out);
void rn_csv_lines_free(rn_csv_lines_t *l);

/* Points of the data in lon/lat (each unit's centre and box corners; the
 * parts' of a unit spanning more than 180 degrees, as an Aleutian county
 * across the antimeridian): where the automatic projection is centred and
 * checked. rn_crs_points_add returns 0 when out of memory; free xy. */
typedef struct rn_crs_points {
  double *xy; /* lon, lat pairs */
  int64_t n, cap;
} rn_crs_points_t;
int rn_crs_points_add(rn_crs_points_t *p, OGRGeometryH g);
/* Target CRS for units: opts->crs, else src if projected, else a UTM zone
 * when the data span at most 6 degrees of longitude, else a Lambert
 * azimuthal equal-area projection centred on the data (mean longitude on the
 * circle, mean latitude of pts); a warning when it scales lengths by more
 * than RN_CRS_DISTORTION anywhere in pts. *out is new. */
#define RN_CRS_DISTORTION 0.03
int rn_crs_choose(rn_ctx_t *ctx, const char *path, OGRSpatialReferenceH src, const char *crs,
                  const OGREnvelope *extent, const rn_crs_points_t *pts,
                  OGRSpatialReferenceH *out);
/* WKT2 text and EPSG code (0 when none) of srs. */
int rn_crs_describe(rn_ctx_t *ctx, OGRSpatialReferenceH srs, char **wkt, int *epsg);

#endif
