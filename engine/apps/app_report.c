/* `regionet report OUT.gpkg -o report.html` and `regionet map OUT.gpkg
 * --level L -o L.png|svg|pdf`: a document and figures from any regionet
 * output, written through a temporary file renamed into place. */
#include "app_options.h"
#include "io/report/report_internal.h"
#include "regionet/app.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The figure or report through the run's output set: its folder must exist,
 * it may not be the input nor exist without --overwrite, a second run
 * writing it is locked out, and it appears under its name only when whole. */
static int target(rn_ctx_t *ctx, rn_outset_t *set, const char *in, const char *out, char **tmp) {
  *tmp = NULL;
  int rc = rn_outset_input(ctx, set, in);
  if (rc == RN_OK) rc = rn_outset_add(ctx, set, out, RN_OUT_CHECK | RN_OUT_LOCK);
  if (rc == RN_OK && !(*tmp = rn_outset_path(ctx, set, out))) rc = RN_EIO;
  return rc;
}

static int open_output(rn_ctx_t *ctx, const char *path, GDALDatasetH *ds) {
  const char *vec[] = {"GPKG", "SQLite", NULL};
  *ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, vec, NULL, NULL);
  if (!*ds)
    return rn_error(ctx, RN_EIO, "%s: cannot open as a regionet output (a GeoPackage): %s", path,
                    CPLGetLastErrorMsg());
  return RN_OK;
}

int rn_app_report(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  rn_opt_t opts[] = {{"--output", "-o", 1, "the report (HTML)", NULL},
                     {"--overwrite", NULL, 0, "replace an existing report", NULL},
                     {"--quiet", "-q", 0, "print nothing but errors", NULL},
                     {"--help", "-h", 0, "this help", NULL},
                     {NULL, NULL, 0, NULL, NULL}};
  const char *pos[1];
  int npos, rc = rn_opts_parse(ctx, "report", argc, argv, opts, pos, 1, &npos);
  if (rc != RN_OK) return rc;
  if (rn_opt(opts, "--help")) {
    rn_opts_help(out, "report", "OUT.gpkg -o report.html (any regionet output: delineate, sweep, "
                                "bootstrap, compare)", opts);
    return RN_OK;
  }
  const char *o = rn_opt(opts, "--output");
  if (npos != 1 || !o) return rn_error(ctx, RN_EPARAM, "give a regionet output and -o report.html");
  rn_outset_t set;
  rn_outset_init(&set, rn_opt(opts, "--overwrite") != NULL);
  char *tmp = NULL;
  GDALDatasetH ds = NULL;
  rn_buf_t b = {0};
  rc = target(ctx, &set, pos[0], o, &tmp);
  if (rc == RN_OK) rc = open_output(ctx, pos[0], &ds);
  if (rc == RN_OK) rc = rn_report_html(ctx, ds, pos[0], &b);
  if (ds) GDALClose(ds);
  if (rc == RN_OK) {
    FILE *f = fopen(tmp, "wb");
    if (!f) rc = rn_error(ctx, RN_EIO, "cannot write %s", o);
    else {
      int ok = fwrite(b.p, 1, b.len, f) == b.len;
      if (fclose(f) != 0 || !ok) rc = rn_error(ctx, RN_EIO, "cannot write %s", o);
    }
  }
  if (rc == RN_OK) rc = rn_outset_commit(ctx, &set);
  rn_outset_destroy(ctx, &set);
  if (rc == RN_OK && !rn_opt(opts, "--quiet"))
    fprintf(out, "wrote %s (%zu bytes, self-contained)\n", o, b.len);
  free(tmp);
  free(b.p);
  return rc;
}

static const char *extension(const char *p) {
  const char *dot = strrchr(p, '.'), *slash = strrchr(p, '/');
  return dot && (!slash || dot > slash) ? dot + 1 : "";
}

int rn_app_map(rn_ctx_t *ctx, int argc, char **argv, FILE *out) {
  rn_opt_t opts[] = {{"--level", NULL, 1, "the level to draw (a region layer of the output)", NULL},
                     {"--field", NULL, 1, "or a unit field in [0,1] (e.g. metro_stability)", NULL},
                     {"--output", "-o", 1, "the figure: .png, .svg or .pdf", NULL},
                     {"--width", NULL, 1, "width in pixels or points (default 1200)", NULL},
                     {"--height", NULL, 1, "height (default 860)", NULL},
                     {"--overwrite", NULL, 0, "replace an existing figure", NULL},
                     {"--help", "-h", 0, "this help", NULL},
                     {NULL, NULL, 0, NULL, NULL}};
  const char *pos[1];
  int npos, rc = rn_opts_parse(ctx, "map", argc, argv, opts, pos, 1, &npos);
  if (rc != RN_OK) return rc;
  if (rn_opt(opts, "--help")) {
    rn_opts_help(out, "map", "OUT.gpkg --level NAME -o FIGURE.png|svg|pdf", opts);
    return RN_OK;
  }
  const char *o = rn_opt(opts, "--output"), *level = rn_opt(opts, "--level"),
             *field = rn_opt(opts, "--field");
  if (npos != 1 || !o || (!level == !field))
    return rn_error(ctx, RN_EPARAM, "give a regionet output, --level NAME (or --field F) and -o FIGURE");
  const char *ext = extension(o);
  int kind = !strcasecmp(ext, "png") ? 0 : !strcasecmp(ext, "svg") ? 1 : !strcasecmp(ext, "pdf") ? 2 : -1;
  if (kind < 0) return rn_error(ctx, RN_EPARAM, "%s: the figure's name must end in .png, .svg or .pdf", o);
  double w = 1200, h = 860;
  const char *ws = rn_opt(opts, "--width"), *hs = rn_opt(opts, "--height");
  char *end;
  if (ws && (w = strtod(ws, &end), *end || !(w >= 300 && w <= 20000)))
    return rn_error(ctx, RN_EPARAM, "--width '%s': a number from 300 to 20000", ws);
  if (hs && (h = strtod(hs, &end), *end || !(h >= 200 && h <= 20000)))
    return rn_error(ctx, RN_EPARAM, "--height '%s': a number from 200 to 20000", hs);
  rn_outset_t set;
  rn_outset_init(&set, rn_opt(opts, "--overwrite") != NULL);
  char *tmp = NULL;
  GDALDatasetH ds = NULL;
  rc = target(ctx, &set, pos[0], o, &tmp);
  if (rc == RN_OK) rc = open_output(ctx, pos[0], &ds);
  if (rc == RN_OK) {
    cairo_surface_t *s = kind == 0 ? cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h)
                         : kind == 1 ? cairo_svg_surface_create(tmp, w, h)
                                     : cairo_pdf_surface_create(tmp, w, h);
    cairo_t *cr = cairo_create(s);
    rn_map_spec_t spec = {.level = level, .field = field, .title = level ? level : field};
    rc = rn_map_draw(ctx, ds, &spec, cr, w, h);
    cairo_destroy(cr);
    if (kind == 0 && rc == RN_OK && cairo_surface_write_to_png(s, tmp) != CAIRO_STATUS_SUCCESS)
      rc = rn_error(ctx, RN_EIO, "cannot write %s", o);
    cairo_surface_finish(s);
    if (rc == RN_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
      rc = rn_error(ctx, RN_EIO, "cannot write %s: %s", o, cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_destroy(s);
  }
  if (ds) GDALClose(ds);
  if (rc == RN_OK) rc = rn_outset_commit(ctx, &set);
  rn_outset_destroy(ctx, &set);
  free(tmp);
  if (rc == RN_OK) fprintf(out, "wrote %s\n", o);
  return rc;
}
