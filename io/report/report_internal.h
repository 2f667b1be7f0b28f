/* Figures and the HTML report drawn from a regionet output (io/report/;
 * not part of the public API). Drawing is cairo's: a map is paths of the
 * output's own geometry, in the colours of the QGIS styles. */
#ifndef RN_REPORT_INTERNAL_H
#define RN_REPORT_INTERNAL_H

#include "engine/engine.h"
#include <cairo.h>
#include <gdal.h>
#include <ogr_api.h>

/* What a map shows: a level's regions (level != NULL), or the units
 * coloured by a numeric field in [0,1] (field != NULL: stability,
 * confidence), each over the units, with policy spaces, links and cores
 * when the output has them. */
typedef struct rn_map_spec {
  const char *level;
  const char *field;
  const char *title;
} rn_map_spec_t;

/* Draw the map of spec from the open output ds onto cr, a w x h area
 * (points or pixels; the legend takes the right part). */
int rn_map_draw(rn_ctx_t *ctx, GDALDatasetH ds, const rn_map_spec_t *spec, cairo_t *cr,
                double w, double h);
/* A map as an SVG document in memory (malloc'ed, *len bytes). */
int rn_map_svg(rn_ctx_t *ctx, GDALDatasetH ds, const rn_map_spec_t *spec, double w, double h,
               unsigned char **out, size_t *len);

/* The same as PNG, drawn at scale x (w, h) pixels. */
int rn_map_png(rn_ctx_t *ctx, GDALDatasetH ds, const rn_map_spec_t *spec, double w, double h,
               double scale, unsigned char **out, size_t *len);

/* A line chart of a sweep table: regions (left axis) and ARI (right axis)
 * against the threshold, one colour per level; SVG in memory. */
int rn_sweep_chart_svg(rn_ctx_t *ctx, GDALDatasetH ds, double w, double h, unsigned char **out,
                       size_t *len);

/* Growing byte buffer (cairo's stream callback appends to it). */
typedef struct rn_buf {
  unsigned char *p;
  size_t len, cap;
  int failed;
} rn_buf_t;
cairo_status_t rn_buf_write(void *closure, const unsigned char *data, unsigned int length);
void rn_buf_printf(rn_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* text escaped for HTML */
void rn_buf_html(rn_buf_t *b, const char *text);

/* The whole report of the output ds (opened from path) into b. */
int rn_report_html(rn_ctx_t *ctx, GDALDatasetH ds, const char *path, rn_buf_t *b);

/* The run's provenance JSON kept in the output (metadata or sidecar), or NULL. */
char *rn_report_provenance(GDALDatasetH ds, const char *path);

#endif
