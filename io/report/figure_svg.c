/* Figures as SVG in memory (for the report) and the sweep's chart. */
#include "report_internal.h"

#include <cairo-svg.h>
#include <cpl_conv.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cairo_status_t rn_buf_write(void *closure, const unsigned char *data, unsigned int length) {
  rn_buf_t *b = closure;
  if (b->failed) return CAIRO_STATUS_WRITE_ERROR;
  if (b->len + length + 1 > b->cap) {
    size_t cap = (b->cap ? 2 * b->cap : 65536) + length;
    unsigned char *p = realloc(b->p, cap);
    if (!p) {
      b->failed = 1;
      return CAIRO_STATUS_WRITE_ERROR;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, data, length);
  b->len += length;
  b->p[b->len] = 0;
  return CAIRO_STATUS_SUCCESS;
}

void rn_buf_printf(rn_buf_t *b, const char *fmt, ...) {
  char small[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = 1;
    return;
  }
  if ((size_t)n < sizeof small) {
    rn_buf_write(b, (const unsigned char *)small, (unsigned)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) {
    b->failed = 1;
    return;
  }
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  rn_buf_write(b, (const unsigned char *)big, (unsigned)n);
  free(big);
}

void rn_buf_html(rn_buf_t *b, const char *t) {
  for (; t && *t; t++) switch (*t) {
    case '&': rn_buf_printf(b, "&amp;"); break;
    case '<': rn_buf_printf(b, "&lt;"); break;
    case '>': rn_buf_printf(b, "&gt;"); break;
    case '"': rn_buf_printf(b, "&quot;"); break;
    default: rn_buf_write(b, (const unsigned char *)t, 1);
    }
}

typedef int (*draw_fn)(rn_ctx_t *ctx, GDALDatasetH ds, const void *arg, cairo_t *cr, double w,
                       double h);

static int svg(rn_ctx_t *ctx, GDALDatasetH ds, const void *arg, draw_fn draw, double w, double h,
               unsigned char **out, size_t *len) {
  rn_buf_t b = {0};
  cairo_surface_t *s = cairo_svg_surface_create_for_stream(rn_buf_write, &b, w, h);
  cairo_t *cr = cairo_create(s);
  int rc = draw(ctx, ds, arg, cr, w, h);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  if (rc == RN_OK && (b.failed || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS))
    rc = rn_error(ctx, RN_ENOMEM, "cannot make the SVG figure");
  cairo_surface_destroy(s);
  if (rc != RN_OK) {
    free(b.p);
    return rc;
  }
  *out = b.p;
  *len = b.len;
  return RN_OK;
}

static int draw_map(rn_ctx_t *ctx, GDALDatasetH ds, const void *arg, cairo_t *cr, double w,
                    double h) {
  return rn_map_draw(ctx, ds, arg, cr, w, h);
}

int rn_map_svg(rn_ctx_t *ctx, GDALDatasetH ds, const rn_map_spec_t *spec, double w, double h,
               unsigned char **out, size_t *len) {
  return svg(ctx, ds, spec, draw_map, w, h, out, len);
}

/* A national map's coastline is megabytes as SVG paths; as PNG a few
 * hundred kilobytes, drawn at scale x the page size for sharp text. */
int rn_map_png(rn_ctx_t *ctx, GDALDatasetH ds, const rn_map_spec_t *spec, double w, double h,
               double scale, unsigned char **out, size_t *len) {
  cairo_surface_t *s =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * scale), (int)(h * scale));
  cairo_t *cr = cairo_create(s);
  cairo_scale(cr, scale, scale);
  int rc = rn_map_draw(ctx, ds, spec, cr, w, h);
  cairo_destroy(cr);
  rn_buf_t b = {0};
  if (rc == RN_OK && (cairo_surface_write_to_png_stream(s, rn_buf_write, &b) != CAIRO_STATUS_SUCCESS ||
                      b.failed))
    rc = rn_error(ctx, RN_ENOMEM, "cannot make the PNG figure");
  cairo_surface_destroy(s);
  if (rc != RN_OK) {
    free(b.p);
    return rc;
  }
  *out = b.p;
  *len = b.len;
  return RN_OK;
}

/* ------------------------------------------------------------ sweep chart */
#define MAXL 8
#define MAXP 512
typedef struct {
  char level[MAXL][64];
  int nl, np[MAXL];
  double th[MAXL][MAXP], regions[MAXL][MAXP], ari[MAXL][MAXP];
} series_t;

static const double line_rgb[MAXL][3] = {{0.84, 0.15, 0.16}, {0.17, 0.51, 0.73}, {0.2, 0.63, 0.17},
                                         {0.6, 0.31, 0.64}, {1.0, 0.5, 0.0},    {0.65, 0.34, 0.16},
                                         {0.97, 0.51, 0.75}, {0.4, 0.4, 0.4}};

static int read_series(rn_ctx_t *ctx, GDALDatasetH ds, series_t *s) {
  OGRLayerH l = GDALDatasetGetLayerByName(ds, "sweep");
  if (!l) return rn_error(ctx, RN_EINPUT, "the output has no 'sweep' table");
  OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
  int kl = OGR_FD_GetFieldIndex(d, "level"), kt = OGR_FD_GetFieldIndex(d, "threshold"),
      kr = OGR_FD_GetFieldIndex(d, "regions"), ka = OGR_FD_GetFieldIndex(d, "ari");
  if (ka < 0) ka = OGR_FD_GetFieldIndex(d, "adjusted_rand");
  if (kl < 0 || kt < 0 || kr < 0) return rn_error(ctx, RN_EINPUT, "the 'sweep' table lacks level, threshold or regions");
  memset(s, 0, sizeof *s);
  OGRFeatureH f;
  OGR_L_ResetReading(l);
  while ((f = OGR_L_GetNextFeature(l)) != NULL) {
    const char *lv = OGR_F_GetFieldAsString(f, kl);
    int k = 0;
    while (k < s->nl && strcmp(s->level[k], lv)) k++;
    if (k == s->nl && s->nl < MAXL) snprintf(s->level[s->nl++], 64, "%s", lv);
    if (k < s->nl && s->np[k] < MAXP) {
      int p = s->np[k]++;
      s->th[k][p] = OGR_F_GetFieldAsDouble(f, kt);
      s->regions[k][p] = OGR_F_GetFieldAsDouble(f, kr);
      s->ari[k][p] = ka >= 0 && OGR_F_IsFieldSetAndNotNull(f, ka) ? OGR_F_GetFieldAsDouble(f, ka) : NAN;
    }
    OGR_F_Destroy(f);
  }
  return RN_OK;
}

static void label(cairo_t *cr, double x, double y, const char *s, double size) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s);
}

static int draw_sweep(rn_ctx_t *ctx, GDALDatasetH ds, const void *arg, cairo_t *cr, double w,
                      double h) {
  (void)arg;
  series_t *s = malloc(sizeof *s);
  if (!s) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int rc = read_series(ctx, ds, s);
  if (rc != RN_OK) {
    free(s);
    return rc;
  }
  double tmin = INFINITY, tmax = -INFINITY, rmax = 1;
  for (int k = 0; k < s->nl; k++)
    for (int p = 0; p < s->np[k]; p++) {
      tmin = fmin(tmin, s->th[k][p]);
      tmax = fmax(tmax, s->th[k][p]);
      rmax = fmax(rmax, s->regions[k][p]);
    }
  if (!(tmax > tmin)) tmax = tmin + 0.01;
  double x0 = 60, x1 = w - 60, y0 = 30, y1 = h - 45;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke(cr);
  char t[64];
  for (int k = 0; k <= 4; k++) {
    double tv = tmin + (tmax - tmin) * k / 4, x = x0 + (x1 - x0) * k / 4;
    snprintf(t, sizeof t, "%.3g%%", tv * 100);
    label(cr, x - 12, y1 + 16, t, 10);
    snprintf(t, sizeof t, "%.0f", rmax * k / 4);
    label(cr, 8, y1 - (y1 - y0) * k / 4 + 4, t, 10);
    snprintf(t, sizeof t, "%.2f", k / 4.0);
    label(cr, x1 + 6, y1 - (y1 - y0) * k / 4 + 4, t, 10);
  }
  label(cr, (x0 + x1) / 2 - 30, h - 8, "threshold", 11);
  label(cr, 8, 18, "regions (solid)", 11);
  label(cr, x1 - 70, 18, "ARI (dashed)", 11);
  for (int k = 0; k < s->nl; k++) {
    for (int pass = 0; pass < 2; pass++) {
      int started = 0;
      cairo_new_path(cr);
      for (int p = 0; p < s->np[k]; p++) {
        double v = pass ? s->ari[k][p] : s->regions[k][p] / rmax;
        if (!isfinite(v)) continue;
        double x = x0 + (x1 - x0) * (s->th[k][p] - tmin) / (tmax - tmin), y = y1 - (y1 - y0) * v;
        if (started) cairo_line_to(cr, x, y);
        else cairo_move_to(cr, x, y);
        started = 1;
      }
      const double dash[] = {5, 3};
      cairo_set_dash(cr, dash, pass ? 2 : 0, 0);
      cairo_set_source_rgb(cr, line_rgb[k][0], line_rgb[k][1], line_rgb[k][2]);
      cairo_set_line_width(cr, 2);
      cairo_stroke(cr);
      cairo_set_dash(cr, NULL, 0, 0);
    }
    cairo_set_source_rgb(cr, line_rgb[k][0], line_rgb[k][1], line_rgb[k][2]);
    cairo_rectangle(cr, x0 + 10 + 90 * k, y0 + 8, 12, 4);
    cairo_fill(cr);
    label(cr, x0 + 26 + 90 * k, y0 + 14, s->level[k], 10);
  }
  free(s);
  return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? RN_OK : rn_error(ctx, RN_EINTERNAL, "drawing failed");
}

int rn_sweep_chart_svg(rn_ctx_t *ctx, GDALDatasetH ds, double w, double h, unsigned char **out,
                       size_t *len) {
  return svg(ctx, ds, NULL, draw_sweep, w, h, out, len);
}

char *rn_report_provenance(GDALDatasetH ds, const char *path) {
  const char *m = GDALGetMetadataItem(ds, "REGIONET_PROVENANCE", NULL);
  if (!m) m = GDALGetMetadataItem(ds, "PROVENANCE", "REGIONET");
  if (!m) {
    char **dom = GDALGetMetadata(ds, "REGIONET");
    if (dom && dom[0] && strchr(dom[0], '=')) m = strchr(dom[0], '=') + 1;
  }
  if (m) return strdup(m);
  /* a sidecar: OUT.gpkg.json or OUT.json */
  const char *forms[] = {"%s.json", "%.*s.json"};
  for (int k = 0; k < 2; k++) {
    char side[4096];
    const char *dot = strrchr(path, '.');
    if (k == 0) snprintf(side, sizeof side, forms[0], path);
    else snprintf(side, sizeof side, forms[1], (int)(dot ? dot - path : (long)strlen(path)), path);
    FILE *f = fopen(side, "rb");
    if (!f) continue;
    rn_buf_t b = {0};
    unsigned char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) rn_buf_write(&b, chunk, (unsigned)got);
    fclose(f);
    if (!b.failed && b.p) return (char *)b.p;
    free(b.p);
  }
  return NULL;
}
