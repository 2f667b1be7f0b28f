/* Units that are cells of the European grid (INSPIRE / EEA reference grid,
 * ETRS89-LAEA, EPSG:3035), made from their codes: "1kmN1756E4220" (the
 * short form: northing and easting in units of the cell size, N or E
 * first) or "CRS3035RES1000mN1756000E4220000" (the long form, in metres).
 * The cell is the square whose lower-left corner the code gives. */
#include "io/readers/units_forms.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* digits at *p into *v (at most 12); the end, or NULL */
static const char *digits(const char *p, long long *v) {
  int n = 0;
  *v = 0;
  while (isdigit((unsigned char)*p) && n < 12) *v = *v * 10 + (*p++ - '0'), n++;
  return n ? p : NULL;
}

int rn_grid_code_parse(const char *code, rn_grid_cell_t *c) {
  const char *p = code;
  long long res, a, b;
  int metres_given = 0;
  if (!strncasecmp(p, "CRS3035RES", 10)) {
    p += 10;
    metres_given = 1;
  }
  if (!(p = digits(p, &res))) return 0;
  if (!strncasecmp(p, "km", 2)) res *= 1000, p += 2;
  else if (*p == 'm' || *p == 'M') p++;
  else return 0;
  if (res <= 0) return 0;
  char first = (char)toupper((unsigned char)*p);
  if (first != 'N' && first != 'E') return 0;
  if (!(p = digits(p + 1, &a))) return 0;
  char second = (char)toupper((unsigned char)*p);
  if (second == first || (second != 'N' && second != 'E')) return 0;
  if (!(p = digits(p + 1, &b)) || *p) return 0;
  long long n = first == 'N' ? a : b, e = first == 'N' ? b : a;
  /* short form: in cell sizes; long form: metres, on the grid */
  double scale = metres_given ? 1.0 : (double)res;
  if (metres_given && (n % res || e % res)) return 0;
  c->size = (double)res;
  c->x = (double)e * scale;
  c->y = (double)n * scale;
  return 1;
}

int rn_grid_codes(char *const *code, int64_t n) {
  rn_grid_cell_t c;
  for (int64_t i = 0; i < n; i++)
    if (!rn_grid_code_parse(code[i], &c)) return 0;
  return n > 0;
}

GEOSGeometry *rn_grid_cell(GEOSContextHandle_t h, const rn_grid_cell_t *c) {
  GEOSCoordSequence *s = GEOSCoordSeq_create_r(h, 5, 2);
  if (!s) return NULL;
  const double xs[5] = {c->x, c->x + c->size, c->x + c->size, c->x, c->x};
  const double ys[5] = {c->y, c->y, c->y + c->size, c->y + c->size, c->y};
  for (unsigned k = 0; k < 5; k++) {
    GEOSCoordSeq_setX_r(h, s, k, xs[k]);
    GEOSCoordSeq_setY_r(h, s, k, ys[k]);
  }
  GEOSGeometry *ring = GEOSGeom_createLinearRing_r(h, s);
  return ring ? GEOSGeom_createPolygon_r(h, ring, NULL, 0) : NULL;
}
