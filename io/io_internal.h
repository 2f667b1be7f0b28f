/* Helpers shared by the readers in io/ (not part of the public API). */
#ifndef RN_IO_INTERNAL_H
#define RN_IO_INTERNAL_H

#include "regionet/regionet.h"

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
/* Trimmed copy of s without leading/trailing blanks. malloc'ed. */
char *rn_io_trim(const char *s);
/* Last GDAL/CPL error text, or "" */
const char *rn_io_cpl_msg(void);

/* Parse a flow value: decimal text with optional surrounding blanks, finite
 * and >= 0. Returns NULL on success, else why it was refused ("value ... is <why>"). */
const char *rn_flow_value_parse(const char *text, double *out);

/* CSV record layout: line (1-based) where each non-blank record starts, the
 * header included. Follows the rules of GDAL's CSV reader: records end at a
 * newline outside double quotes; empty lines are skipped. */
typedef struct rn_csv_lines {
  int64_t n;
  int64_t *line;
} rn_csv_lines_t;
int rn_csv_lines_scan(rn_ctx_t *ctx, const char *path, rn_csv_lines_t *out);
void rn_csv_lines_free(rn_csv_lines_t *l);

/* Target CRS for units: opts->crs, else src if projected, else UTM / LAEA
 * from the lon/lat extent (minx..maxy of the data in src). *out is new;
 * *epsg filled as for rn_units_t. */
int rn_crs_choose(rn_ctx_t *ctx, const char *path, OGRSpatialReferenceH src, const char *crs,
                  const OGREnvelope *extent, OGRSpatialReferenceH *out);
/* WKT2 text and EPSG code (0 when none) of srs. */
int rn_crs_describe(rn_ctx_t *ctx, OGRSpatialReferenceH srs, char **wkt, int *epsg);

/* OGR geometry (already in the working CRS) to a valid polygonal GEOS
 * geometry. *repaired set when make-valid was needed; *reason (static
 * buffer of size reason_size) then holds GEOS's reason. */
int rn_geom_to_geos(rn_ctx_t *ctx, OGRGeometryH g, GEOSGeometry **out, int *repaired,
                    char *reason, size_t reason_size);

#endif
