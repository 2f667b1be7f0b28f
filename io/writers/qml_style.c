/* QGIS styles (QML) for the output's layers, so they open styled: region
 * layers categorised by region with a fixed palette and labelled by name,
 * urban_areas by type, links graduated by class (thin 5%, medium 10%,
 * thick 20% as on the KRIHS map), cores as marked points by level, units as
 * plain outlines. Only what QGIS needs is written; it fills in the rest with
 * its defaults (checked with QGIS 3.22 in tests/qgis_check.py). */
#include "writers_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sb {
  char *s;
  size_t len, cap;
  int failed;
} sb_t;

static void sb_printf(sb_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sb_t *b, const char *fmt, ...) {
  if (b->failed) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
      b->failed = 1;
      return;
    }
    if (b->s && b->len + (size_t)n < b->cap) {
      b->len += (size_t)n;
      return;
    }
    size_t cap = (b->cap ? b->cap * 2 : 4096) + (size_t)n;
    char *s = realloc(b->s, cap);
    if (!s) {
      b->failed = 1;
      return;
    }
    b->s = s;
    b->cap = cap;
  }
}

/* text as an XML attribute value */
static void sb_attr(sb_t *b, const char *t) {
  for (; t && *t; t++) switch (*t) {
    case '&': sb_printf(b, "&amp;"); break;
    case '<': sb_printf(b, "&lt;"); break;
    case '>': sb_printf(b, "&gt;"); break;
    case '"': sb_printf(b, "&quot;"); break;
    case '\'': sb_printf(b, "&apos;"); break;
    default: sb_printf(b, "%c", *t);
    }
}

typedef struct rgba {
  int r, g, b, a;
} rgba_t;

/* The k-th colour of the palette: hues a golden angle apart, so neighbours in
 * the list (regions in id order) differ, and the same run gets the same colours. */
/* more regions than this: one data-defined symbol instead of categories */
#define RN_STYLE_MAX_CATEGORIES 500
static rgba_t palette(int64_t k);

void rn_style_palette(int64_t k, int rgb[3]) {
  rgba_t c = palette(k);
  rgb[0] = c.r, rgb[1] = c.g, rgb[2] = c.b;
}

static rgba_t palette(int64_t k) {
  double h = fmod((double)k * 137.50776, 360.0) / 60.0;
  double s = k % 2 ? 0.45 : 0.60, v = k % 3 == 1 ? 0.85 : 0.95;
  double c = v * s, x = c * (1 - fabs(fmod(h, 2.0) - 1)), m = v - c;
  double rr = 0, gg = 0, bb = 0;
  switch ((int)h) {
  case 0: rr = c, gg = x; break;
  case 1: rr = x, gg = c; break;
  case 2: gg = c, bb = x; break;
  case 3: gg = x, bb = c; break;
  case 4: rr = x, bb = c; break;
  default: rr = c, bb = x; break;
  }
  return (rgba_t){(int)lround((rr + m) * 255), (int)lround((gg + m) * 255),
                  (int)lround((bb + m) * 255), 255};
}

/* symbol layer properties: both the QGIS >= 3.20 Option map and the older
 * prop elements, so older and newer releases read the same style */
static void props(sb_t *b, const char *const *kv) {
  sb_printf(b, "<Option type=\"Map\">");
  for (const char *const *p = kv; *p; p += 2) {
    sb_printf(b, "<Option type=\"QString\" name=\"%s\" value=\"", p[0]);
    sb_attr(b, p[1]);
    sb_printf(b, "\"/>");
  }
  sb_printf(b, "</Option>");
  for (const char *const *p = kv; *p; p += 2) {
    sb_printf(b, "<prop k=\"%s\" v=\"", p[0]);
    sb_attr(b, p[1]);
    sb_printf(b, "\"/>");
  }
}

static void symbol_begin(sb_t *b, const char *type, int name) {
  sb_printf(b, "<symbol type=\"%s\" name=\"%d\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">",
            type, name);
}

/* colour_expr: a QGIS expression computing the fill colour per feature, or NULL */
static void fill_symbol_dd(sb_t *b, int name, rgba_t fill, int filled, rgba_t line, double width,
                           const char *colour_expr) {
  char fc[32], lc[32], w[32];
  snprintf(fc, sizeof fc, "%d,%d,%d,%d", fill.r, fill.g, fill.b, fill.a);
  snprintf(lc, sizeof lc, "%d,%d,%d,%d", line.r, line.g, line.b, line.a);
  snprintf(w, sizeof w, "%g", width);
  const char *kv[] = {"color", fc, "style", filled ? "solid" : "no", "outline_color", lc,
                      "outline_style", "solid", "outline_width", w, "outline_width_unit", "MM",
                      "joinstyle", "bevel", NULL};
  symbol_begin(b, "fill", name);
  sb_printf(b, "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">");
  props(b, kv);
  if (colour_expr) {
    /* a data-defined property of type 3: an expression */
    sb_printf(b, "<data_defined_properties><Option type=\"Map\">"
                 "<Option type=\"QString\" name=\"name\" value=\"\"/>"
                 "<Option type=\"Map\" name=\"properties\"><Option type=\"Map\" name=\"fillColor\">"
                 "<Option type=\"bool\" name=\"active\" value=\"true\"/>"
                 "<Option type=\"QString\" name=\"expression\" value=\"");
    sb_attr(b, colour_expr);
    sb_printf(b, "\"/><Option type=\"int\" name=\"type\" value=\"3\"/></Option></Option>"
                 "<Option type=\"QString\" name=\"type\" value=\"collection\"/>"
                 "</Option></data_defined_properties>");
  }
  sb_printf(b, "</layer></symbol>");
}

static void fill_symbol(sb_t *b, int name, rgba_t fill, int filled, rgba_t line, double width) {
  fill_symbol_dd(b, name, fill, filled, line, width, NULL);
}

static void line_symbol(sb_t *b, int name, rgba_t col, double width) {
  char c[32], w[32];
  snprintf(c, sizeof c, "%d,%d,%d,%d", col.r, col.g, col.b, col.a);
  snprintf(w, sizeof w, "%g", width);
  const char *kv[] = {"line_color", c, "line_style", "solid", "line_width", w,
                      "line_width_unit", "MM", "capstyle", "round", "joinstyle", "round", NULL};
  symbol_begin(b, "line", name);
  sb_printf(b, "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">");
  props(b, kv);
  sb_printf(b, "</layer></symbol>");
}

static void marker_symbol(sb_t *b, int name, const char *shape, rgba_t col, double size,
                          int pass) {
  char c[32], s[32];
  snprintf(c, sizeof c, "%d,%d,%d,%d", col.r, col.g, col.b, col.a);
  snprintf(s, sizeof s, "%g", size);
  const char *kv[] = {"name", shape, "color", c, "size", s, "size_unit", "MM",
                      "outline_color", "35,35,35,255", "outline_style", "solid",
                      "outline_width", "0.3", "outline_width_unit", "MM", NULL};
  symbol_begin(b, "marker", name);
  sb_printf(b, "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"%d\">", pass);
  props(b, kv);
  sb_printf(b, "</layer></symbol>");
}

/* levels != 0: symbols drawn in the order of their layers' pass */
static void renderer_begin(sb_t *b, const char *type, const char *attr, int levels) {
  sb_printf(b, "<renderer-v2 type=\"%s\"", type);
  if (attr) {
    sb_printf(b, " attr=\"");
    sb_attr(b, attr);
    sb_printf(b, "\"");
  }
  sb_printf(b, " symbollevels=\"%d\" forceraster=\"0\" enableorderby=\"0\">", levels);
}

static void category(sb_t *b, int symbol, const char *value, const char *label) {
  sb_printf(b, "<category render=\"true\" symbol=\"%d\" value=\"", symbol);
  sb_attr(b, value);
  sb_printf(b, "\" label=\"");
  sb_attr(b, label);
  sb_printf(b, "\"/>");
}

/* labels by a field: on a point inside a polygon, or beside a point */
static void labeling(sb_t *b, const char *field, double size, int polygon) {
  sb_printf(b, "<labeling type=\"simple\"><settings calloutType=\"simple\">"
               "<text-style fieldName=\"");
  sb_attr(b, field);
  sb_printf(b, "\" isExpression=\"0\" fontFamily=\"DejaVu Sans\" fontSize=\"%g\" "
               "fontSizeUnit=\"Point\" fontWeight=\"50\" textColor=\"20,20,20,255\" "
               "textOpacity=\"1\"><text-buffer bufferDraw=\"1\" bufferSize=\"0.7\" "
               "bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"0.85\" "
               "bufferNoFill=\"1\"/></text-style>",
            size);
  sb_printf(b, "<placement placement=\"%d\" centroidInside=\"1\" centroidWhole=\"0\" "
               "dist=\"1\" offsetType=\"0\" priority=\"5\"/>",
            polygon ? 1 : 0);
  sb_printf(b, "<rendering drawLabels=\"1\" obstacle=\"1\" obstacleType=\"1\" "
               "labelPerPart=\"0\" displayAll=\"0\" upsidedownLabels=\"0\"/>"
               "</settings></labeling>");
}

static void regions_renderer(sb_t *b, const rn_level_result_t *lr) {
  if (lr->nregions > RN_STYLE_MAX_CATEGORIES) {
    /* a legend of thousands of categories helps nobody and makes the style
     * megabytes long: one symbol coloured per feature, hues a golden angle
     * apart in feature order as the palette */
    renderer_begin(b, "singleSymbol", NULL, 0);
    sb_printf(b, "<symbols>");
    fill_symbol_dd(b, 0, palette(0), 1, (rgba_t){60, 60, 60, 255}, 0.3,
                   "color_hsv(($id * 137.50776) % 360, if($id % 2, 45, 60), "
                   "if($id % 3 = 1, 85, 95))");
    sb_printf(b, "</symbols></renderer-v2>");
    return;
  }
  renderer_begin(b, "categorizedSymbol", "region_id", 0);
  sb_printf(b, "<categories>");
  for (int64_t g = 0; g < lr->nregions; g++)
    category(b, (int)g, lr->regions[g].id, lr->regions[g].name);
  sb_printf(b, "</categories><symbols>");
  for (int64_t g = 0; g < lr->nregions; g++)
    fill_symbol(b, (int)g, palette(g), 1, (rgba_t){60, 60, 60, 255}, 0.3);
  sb_printf(b, "</symbols></renderer-v2>");
}

char *rn_qml_style(const rn_layer_plan_t *lp, const rn_units_t *u, const rn_params_t *p,
                   const rn_result_t *r) {
  (void)u;
  sb_t b = {0};
  if (!rn_layer_has_geometry(lp->kind)) return NULL;
  int labels = lp->kind == RN_LAYER_LEVEL || lp->kind == RN_LAYER_URBAN_AREAS ||
               lp->kind == RN_LAYER_GROUPS;
  int gtype = lp->kind == RN_LAYER_CORES ? 0 : lp->kind == RN_LAYER_LINKS ? 1 : 2;
  sb_printf(&b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                "<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\" "
                "labelsEnabled=\"%d\" hasScaleBasedVisibilityFlag=\"0\" readOnly=\"0\">\n",
            labels);
  switch (lp->kind) {
  case RN_LAYER_UNITS:
    renderer_begin(&b, "singleSymbol", NULL, 0);
    sb_printf(&b, "<symbols>");
    fill_symbol(&b, 0, (rgba_t){255, 255, 255, 0}, 0, (rgba_t){128, 128, 128, 255}, 0.15);
    sb_printf(&b, "</symbols></renderer-v2>");
    break;
  case RN_LAYER_LEVEL:
    regions_renderer(&b, &r->level[lp->level]);
    labeling(&b, "name", 8, 1);
    break;
  case RN_LAYER_URBAN_AREAS: {
    int lv[RN_MAX_LEVELS], n = rn_urban_levels(p, r, lv);
    /* the KRIHS map's two kinds, darker for the metropolitan areas */
    static const rgba_t kind[] = {{230, 97, 1, 255}, {253, 184, 99, 255}};
    renderer_begin(&b, "categorizedSymbol", "type", 0);
    sb_printf(&b, "<categories>");
    for (int k = 0; k < n; k++) {
      char label[96];
      snprintf(label, sizeof label, "%s (%s)", rn_urban_type(p, lv, k), p->level[lv[k]].name);
      category(&b, k, rn_urban_type(p, lv, k), label);
    }
    sb_printf(&b, "</categories><symbols>");
    for (int k = 0; k < n; k++)
      fill_symbol(&b, k, k < 2 ? kind[k] : palette(k), 1, (rgba_t){60, 60, 60, 255}, 0.3);
    sb_printf(&b, "</symbols></renderer-v2>");
    labeling(&b, "name", 8, 1);
    break;
  }
  case RN_LAYER_CORES: {
    renderer_begin(&b, "categorizedSymbol", "level", 1);
    sb_printf(&b, "<categories>");
    for (int l = 0; l < r->nlevels; l++) category(&b, l, p->level[l].name, p->level[l].name);
    sb_printf(&b, "</categories><symbols>");
    /* the first level's cores stand out, drawn last (on top of the same
     * unit's core at a later level); later levels' are smaller */
    for (int l = 0; l < r->nlevels; l++)
      marker_symbol(&b, l, l == 0 ? "star" : "circle",
                    l == 0 ? (rgba_t){215, 25, 28, 255}
                           : l == 1 ? (rgba_t){253, 174, 97, 255} : (rgba_t){255, 255, 191, 255},
                    l == 0 ? 4.0 : l == 1 ? 2.6 : 1.8, r->nlevels - l);
    sb_printf(&b, "</symbols></renderer-v2>");
    break;
  }
  case RN_LAYER_GROUPS:
    /* policy spaces: outlines over the regions, labelled */
    renderer_begin(&b, "singleSymbol", NULL, 0);
    sb_printf(&b, "<symbols>");
    fill_symbol(&b, 0, (rgba_t){255, 255, 255, 0}, 0, (rgba_t){50, 50, 50, 255}, 0.9);
    sb_printf(&b, "</symbols></renderer-v2>");
    labeling(&b, "name", 11, 1);
    break;
  case RN_LAYER_BALANCE:
  case RN_LAYER_BALANCE_REGIONS:
    break;
  case RN_LAYER_LINKS: {
    double th[RN_MAX_LEVELS];
    int nt = rn_link_classes(p, r, th);
    renderer_begin(&b, "graduatedSymbol", "class", 0);
    sb_printf(&b, "<ranges>");
    for (int k = 0; k < nt; k++) {
      /* class holds a threshold exactly; a range ends just below the next
       * one because QGIS takes the first range whose bounds include a value */
      double upper = k + 1 < nt ? th[k + 1] - 1e-9 : 1.0;
      char label[64];
      snprintf(label, sizeof label, "share >= %g%%", th[k] * 100);
      sb_printf(&b, "<range render=\"true\" symbol=\"%d\" lower=\"%.15g\" upper=\"%.15g\" "
                    "label=\"%s\"/>",
                k, th[k], upper, label);
    }
    sb_printf(&b, "</ranges><symbols>");
    static const double width[] = {0.15, 0.45, 0.9, 1.3, 1.7, 2.1, 2.5, 2.9};
    for (int k = 0; k < nt; k++)
      line_symbol(&b, k, (rgba_t){40, 50, 110, k == 0 ? 110 : 200}, width[k]);
    sb_printf(&b, "</symbols><classificationMethod id=\"Custom\"/></renderer-v2>");
    break;
  }
  }
  sb_printf(&b, "\n<layerGeometryType>%d</layerGeometryType>\n</qgis>\n", gtype);
  if (b.failed) {
    free(b.s);
    return NULL;
  }
  return b.s;
}

char *rn_qml_classes(const char *attr, int graduated, int gtype, const rn_qml_class_t *c, int n) {
  sb_t b = {0};
  sb_printf(&b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                "<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\" "
                "labelsEnabled=\"0\" hasScaleBasedVisibilityFlag=\"0\" readOnly=\"0\">\n");
  renderer_begin(&b, graduated ? "graduatedSymbol" : "categorizedSymbol", attr, 0);
  sb_printf(&b, graduated ? "<ranges>" : "<categories>");
  for (int k = 0; k < n; k++) {
    if (graduated) {
      sb_printf(&b, "<range render=\"true\" symbol=\"%d\" lower=\"%.15g\" upper=\"%.15g\" label=\"",
                k, c[k].lower, c[k].upper);
      sb_attr(&b, c[k].label);
      sb_printf(&b, "\"/>");
    } else {
      category(&b, k, c[k].value, c[k].label);
    }
  }
  sb_printf(&b, graduated ? "</ranges><symbols>" : "</categories><symbols>");
  for (int k = 0; k < n; k++) {
    rgba_t col = {c[k].r, c[k].g, c[k].b, 255};
    if (gtype == 1) line_symbol(&b, k, col, c[k].width);
    else fill_symbol(&b, k, col, 1, (rgba_t){110, 110, 110, 255}, 0.15);
  }
  sb_printf(&b, "</symbols>%s</renderer-v2>",
            graduated ? "<classificationMethod id=\"Custom\"/>" : "");
  sb_printf(&b, "\n<layerGeometryType>%d</layerGeometryType>\n</qgis>\n", gtype);
  if (b.failed) {
    free(b.s);
    return NULL;
  }
  return b.s;
}
