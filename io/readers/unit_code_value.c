/* Code and flag fields of the units read as numbers (see units_forms.h):
 * OMB's CBSA codes may be text, and a unit outside every area has NULL. */
#include "io/readers/units_forms.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

double rn_unit_code_text(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  if (!*s) return NAN;
  char *end;
  double v = strtod(s, &end);
  while (*end == ' ' || *end == '\t') end++;
  if (end != s && !*end && isfinite(v)) return v;
  /* text: FNV-1a, 40 bits, above 2^40: exact in a double, apart from the
   * codes written as numbers, and small enough for the methods' keys */
  uint64_t h = 1469598103934665603ULL;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 1099511628211ULL;
  return (double)((h & ((1ULL << 40) - 1)) + (1ULL << 40));
}

double rn_unit_code_value(OGRFeatureH f, int field, const char *enc) {
  if (!OGR_F_IsFieldSetAndNotNull(f, field)) return NAN;
  OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, field));
  if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) return OGR_F_GetFieldAsDouble(f, field);
  char *s = rn_io_field_text(f, field, enc);
  double v = s ? rn_unit_code_text(s) : NAN;
  free(s);
  return v;
}
