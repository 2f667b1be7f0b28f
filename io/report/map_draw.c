/* A map of one level (or of a unit field in [0,1]) drawn with cairo from a
 * regionet output: units in grey, regions in the palette of the QGIS style
 * (category k of a level has colour k, in feature order), policy spaces
 * outlined, links by class, cores marked, region names, a legend and a
 * scale bar. */
#include "report_internal.h"
#include "io/writers/writers_internal.h"

#include <math.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>

typedef struct view {
  double minx, miny, maxx, maxy; /* data extent */
  double s, x0, y0;              /* page = (x - minx) * s + x0, (maxy - y) * s + y0 */
} view_t;

static void to_page(const view_t *v, double x, double y, double *px, double *py) {
  *px = (x - v->minx) * v->s + v->x0;
  *py = (v->maxy - y) * v->s + v->y0;
}

/* the geometry's outline as a cairo path (points are left out) */
static void path_geom(cairo_t *cr, const view_t *v, OGRGeometryH g) {
  OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
  int n = OGR_G_GetGeometryCount(g);
  if (t == wkbPolygon || t == wkbMultiPolygon || t == wkbMultiLineString ||
      t == wkbGeometryCollection) {
    for (int k = 0; k < n; k++) {
      path_geom(cr, v, OGR_G_GetGeometryRef(g, k));
      if (t == wkbPolygon) cairo_close_path(cr);
    }
    return;
  }
  if (t != wkbLineString && t != wkbLinearRing) return;
  /* points closer than a third of a pixel to the last one drawn add nothing
   * but bytes (a coastline has thousands per pixel at national scale) */
  int np = OGR_G_GetPointCount(g);
  double lx = 0, ly = 0;
  for (int k = 0; k < np; k++) {
    double px, py;
    to_page(v, OGR_G_GetX(g, k), OGR_G_GetY(g, k), &px, &py);
    if (k && k < np - 1 && fabs(px - lx) < 0.33 && fabs(py - ly) < 0.33) continue;
    if (k) cairo_line_to(cr, px, py);
    else cairo_move_to(cr, px, py);
    lx = px, ly = py;
  }
}

static void set_rgb(cairo_t *cr, const int c[3], double a) {
  cairo_set_source_rgba(cr, c[0] / 255.0, c[1] / 255.0, c[2] / 255.0, a);
}

/* the colour of a value in [0,1]: red (0) - yellow - green (1) */
static void ramp(double t, int c[3]) {
  if (!(t >= 0)) t = 0;
  if (t > 1) t = 1;
  if (t < 0.5) c[0] = 215, c[1] = (int)(48 + 2 * t * (223 - 48)), c[2] = 39 + (int)(2 * t * 100);
  else c[0] = (int)(255 - 2 * (t - 0.5) * (255 - 26)), c[1] = (int)(223 - 2 * (t - 0.5) * (223 - 150)), c[2] = (int)(139 - 2 * (t - 0.5) * (139 - 65));
}

static void text(cairo_t *cr, double x, double y, const char *s, double size, int bold, int halo) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_move_to(cr, x, y);
  if (halo) {
    cairo_text_path(cr, s);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_set_line_width(cr, 2.5);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
    cairo_fill(cr);
  } else {
    cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
    cairo_show_text(cr, s);
  }
}

static double text_width(cairo_t *cr, const char *s, double size) {
  cairo_text_extents_t e;
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents(cr, s, &e);
  return e.x_advance;
}

/* fill (and outline) every feature of l; colour(f, k) picks the fill */
typedef int (*colour_fn)(OGRFeatureH f, int64_t k, void *arg, int rgb[3]);
static int draw_polygons(cairo_t *cr, const view_t *v, OGRLayerH l, colour_fn colour, void *arg,
                         const int line[3], double lw) {
  OGRFeatureH f;
  int64_t k = 0;
  OGR_L_ResetReading(l);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  while ((f = OGR_L_GetNextFeature(l)) != NULL) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    int rgb[3];
    if (g) {
      cairo_new_path(cr);
      path_geom(cr, v, g);
      if (colour && colour(f, k, arg, rgb)) {
        set_rgb(cr, rgb, 1);
        cairo_fill_preserve(cr);
      }
      set_rgb(cr, line, 1);
      cairo_set_line_width(cr, lw);
      cairo_stroke(cr);
    }
    OGR_F_Destroy(f);
    k++;
  }
  return RN_OK;
}

/* the level's regions: category k in feature order, as the QGIS style; a
 * level of many regions is coloured by feature id ($id) there */
typedef struct {
  int64_t n;
} regions_arg_t;
static int region_colour(OGRFeatureH f, int64_t k, void *arg, int rgb[3]) {
  const regions_arg_t *a = arg;
  rn_style_palette(a->n > 500 ? OGR_F_GetFID(f) : k, rgb);
  return 1;
}

static int grey(OGRFeatureH f, int64_t k, void *arg, int rgb[3]) {
  (void)f, (void)k, (void)arg;
  rgb[0] = rgb[1] = rgb[2] = 238;
  return 1;
}

typedef struct {
  int field;
} field_arg_t;
static int field_colour(OGRFeatureH f, int64_t k, void *arg, int rgb[3]) {
  (void)k;
  const field_arg_t *a = arg;
  if (!OGR_F_IsFieldSetAndNotNull(f, a->field)) {
    rgb[0] = rgb[1] = rgb[2] = 238;
    return 1;
  }
  ramp(OGR_F_GetFieldAsDouble(f, a->field), rgb);
  return 1;
}

static double nice_length(double max) {
  double p = pow(10, floor(log10(max))), best = p;
  const double m[] = {1, 2, 5};
  for (int k = 0; k < 3; k++)
    if (m[k] * p <= max) best = m[k] * p;
  return best;
}

static void scale_bar(cairo_t *cr, const view_t *v, OGRLayerH l, double x, double y, double maxw) {
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(l);
  if (!srs || !OSRIsProjected(srs)) {
    text(cr, x, y, "(no scale bar: the layer is not in a projected CRS)", 9, 0, 0);
    return;
  }
  double metres = OSRGetLinearUnits(srs, NULL);
  double ground = nice_length(maxw / v->s * metres);
  double len = ground / metres * v->s;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_rectangle(cr, x, y - 4, len / 2, 4);
  cairo_fill(cr);
  cairo_rectangle(cr, x, y - 4, len, 4);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  char s[64];
  if (ground >= 1000) snprintf(s, sizeof s, "%g km", ground / 1000);
  else snprintf(s, sizeof s, "%g m", ground);
  text(cr, x + len + 6, y, s, 10, 0, 0);
}

static void legend_swatch(cairo_t *cr, double x, double y, const int rgb[3], const char *label) {
  set_rgb(cr, rgb, 1);
  cairo_rectangle(cr, x, y - 9, 14, 10);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  cairo_set_line_width(cr, 0.6);
  cairo_stroke(cr);
  text(cr, x + 20, y, label, 10, 0, 0);
}

static void star(cairo_t *cr, double x, double y, double r) {
  for (int k = 0; k < 10; k++) {
    double a = -M_PI / 2 + k * M_PI / 5, rr = k % 2 ? r * 0.45 : r;
    if (k) cairo_line_to(cr, x + rr * cos(a), y + rr * sin(a));
    else cairo_move_to(cr, x + rr * cos(a), y + rr * sin(a));
  }
  cairo_close_path(cr);
}

static void core_marker(cairo_t *cr, double x, double y) {
  star(cr, x, y, 6);
  cairo_set_source_rgb(cr, 215 / 255.0, 25 / 255.0, 28 / 255.0);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.14, 0.14, 0.14);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);
}

/* links of this level's class and above, widths as the QGIS style */
static void draw_links(cairo_t *cr, const view_t *v, OGRLayerH l, double theta) {
  int kc = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "class");
  if (kc < 0) return;
  OGRFeatureH f;
  OGR_L_ResetReading(l);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  while ((f = OGR_L_GetNextFeature(l)) != NULL) {
    double c = OGR_F_GetFieldAsDouble(f, kc);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g && c >= theta - 1e-12) {
      cairo_new_path(cr);
      path_geom(cr, v, g);
      cairo_set_source_rgba(cr, 40 / 255.0, 50 / 255.0, 110 / 255.0, 0.75);
      cairo_set_line_width(cr, c >= 0.2 - 1e-12 ? 2.2 : c >= 0.1 - 1e-12 ? 1.3 : 0.6);
      cairo_stroke(cr);
    }
    OGR_F_Destroy(f);
  }
}

static double level_threshold(OGRLayerH regions) {
  int k = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(regions), "threshold");
  double t = 0;
  OGRFeatureH f;
  OGR_L_ResetReading(regions);
  if (k >= 0 && (f = OGR_L_GetNextFeature(regions)) != NULL) {
    t = OGR_F_GetFieldAsDouble(f, k);
    OGR_F_Destroy(f);
  }
  return t;
}

int rn_map_draw(rn_ctx_t *ctx, GDALDatasetH ds, const rn_map_spec_t *spec, cairo_t *cr,
                double w, double h) {
  OGRLayerH units = GDALDatasetGetLayerByName(ds, "units");
  OGRLayerH regions = spec->level ? GDALDatasetGetLayerByName(ds, spec->level) : NULL;
  if (!units) return rn_error(ctx, RN_EINPUT, "the output has no 'units' layer to draw");
  if (spec->level && (!regions || OGR_L_GetGeomType(regions) == wkbNone))
    return rn_error(ctx, RN_EPARAM, "the output has no polygon layer '%s'", spec->level);
  int field = -1;
  if (spec->field && (field = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(units), spec->field)) < 0)
    return rn_error(ctx, RN_EPARAM, "the units layer has no field '%s'", spec->field);
  OGREnvelope e;
  if (OGR_L_GetExtent(units, &e, TRUE) != OGRERR_NONE || !(e.MaxX > e.MinX) || !(e.MaxY > e.MinY))
    return rn_error(ctx, RN_EINPUT, "the units layer has no extent to draw");
  double legend = 230, top = 34, pad = 12;
  double mw = w - legend - 2 * pad, mh = h - top - 2 * pad - 18;
  view_t v = {e.MinX, e.MinY, e.MaxX, e.MaxY, 0, 0, 0};
  v.s = fmin(mw / (e.MaxX - e.MinX), mh / (e.MaxY - e.MinY));
  v.x0 = pad + (mw - (e.MaxX - e.MinX) * v.s) / 2;
  v.y0 = top + pad + (mh - (e.MaxY - e.MinY) * v.s) / 2;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  text(cr, pad, 22, spec->title ? spec->title : spec->level ? spec->level : spec->field, 16, 1, 0);
  const int outline[3] = {150, 150, 150}, dark[3] = {60, 60, 60}, space[3] = {40, 40, 40};
  int rc = RN_OK;
  if (field >= 0) {
    field_arg_t fa = {field};
    draw_polygons(cr, &v, units, field_colour, &fa, outline, 0.4);
  } else {
    draw_polygons(cr, &v, units, grey, NULL, outline, 0.4);
    regions_arg_t ra = {OGR_L_GetFeatureCount(regions, TRUE)};
    draw_polygons(cr, &v, regions, region_colour, &ra, dark, 0.7);
  }
  OGRLayerH groups = GDALDatasetGetLayerByName(ds, "groups");
  if (groups) draw_polygons(cr, &v, groups, NULL, NULL, space, 1.3);
  OGRLayerH links = GDALDatasetGetLayerByName(ds, "links");
  double theta = regions ? level_threshold(regions) : 1;
  if (links && regions) draw_links(cr, &v, links, theta);
  OGRLayerH cores = GDALDatasetGetLayerByName(ds, "cores");
  int64_t ncores = 0;
  if (cores && regions) {
    int kl = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(cores), "level");
    OGRFeatureH f;
    OGR_L_ResetReading(cores);
    while (kl >= 0 && (f = OGR_L_GetNextFeature(cores)) != NULL) {
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      if (g && !strcmp(OGR_F_GetFieldAsString(f, kl), spec->level)) {
        double px, py;
        to_page(&v, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), &px, &py);
        core_marker(cr, px, py);
        ncores++;
      }
      OGR_F_Destroy(f);
    }
  }
  /* region names, when few enough to read */
  int64_t nreg = regions ? OGR_L_GetFeatureCount(regions, TRUE) : 0;
  int kn = regions ? OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(regions), "name") : -1;
  if (regions && kn >= 0 && nreg <= 60) {
    OGRFeatureH f;
    OGR_L_ResetReading(regions);
    while ((f = OGR_L_GetNextFeature(regions)) != NULL) {
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      OGRGeometryH p = g ? OGR_G_PointOnSurface(g) : NULL;
      if (p) {
        double px, py;
        const char *nm = OGR_F_GetFieldAsString(f, kn);
        to_page(&v, OGR_G_GetX(p, 0), OGR_G_GetY(p, 0), &px, &py);
        text(cr, px - text_width(cr, nm, 9) / 2, py + 14, nm, 9, 0, 1);
        OGR_G_DestroyGeometry(p);
      }
      OGR_F_Destroy(f);
    }
  }
  /* legend */
  double lx = w - legend + 4, ly = top + pad + 12;
  text(cr, lx, ly, field >= 0 ? spec->field : "Regions", 11, 1, 0);
  ly += 18;
  if (field >= 0) {
    const double stops[] = {1.0, 0.99, 0.9, 0.5, 0.0};
    for (int k = 0; k < 5; k++, ly += 16) {
      int rgb[3];
      char s[32];
      ramp(stops[k], rgb);
      snprintf(s, sizeof s, "%g", stops[k]);
      legend_swatch(cr, lx, ly, rgb, s);
    }
  } else {
    OGRFeatureH f;
    int64_t k = 0, shown = 0;
    OGR_L_ResetReading(regions);
    while ((f = OGR_L_GetNextFeature(regions)) != NULL) {
      if (shown < 22) {
        int rgb[3];
        regions_arg_t ra = {nreg};
        region_colour(f, k, &ra, rgb);
        char s[64];
        snprintf(s, sizeof s, "%.28s", kn >= 0 ? OGR_F_GetFieldAsString(f, kn) : "");
        legend_swatch(cr, lx, ly, rgb, s);
        ly += 15;
        shown++;
      }
      OGR_F_Destroy(f);
      k++;
    }
    if (k > shown) {
      char s[64];
      snprintf(s, sizeof s, "... and %lld more", (long long)(k - shown));
      text(cr, lx + 20, ly, s, 10, 0, 0);
      ly += 15;
    }
  }
  ly += 8;
  const int none[3] = {238, 238, 238};
  legend_swatch(cr, lx, ly, none, field >= 0 ? "no value" : "in no region");
  ly += 18;
  if (ncores) {
    core_marker(cr, lx + 7, ly - 4);
    text(cr, lx + 20, ly, "core", 10, 0, 0);
    ly += 18;
  }
  if (links && regions) {
    cairo_set_source_rgba(cr, 40 / 255.0, 50 / 255.0, 110 / 255.0, 0.75);
    cairo_set_line_width(cr, theta >= 0.2 - 1e-12 ? 2.2 : theta >= 0.1 - 1e-12 ? 1.3 : 0.6);
    cairo_move_to(cr, lx, ly - 4);
    cairo_line_to(cr, lx + 14, ly - 4);
    cairo_stroke(cr);
    char s[64];
    snprintf(s, sizeof s, "tie of %g%% or more", theta * 100);
    text(cr, lx + 20, ly, s, 10, 0, 0);
    ly += 18;
  }
  if (groups) {
    set_rgb(cr, space, 1);
    cairo_set_line_width(cr, 1.3);
    cairo_rectangle(cr, lx, ly - 9, 14, 10);
    cairo_stroke(cr);
    text(cr, lx + 20, ly, "policy space", 10, 0, 0);
  }
  scale_bar(cr, &v, units, pad, h - pad, mw / 4);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    rc = rn_error(ctx, RN_EINTERNAL, "drawing failed: %s", cairo_status_to_string(cairo_status(cr)));
  return rc;
}
