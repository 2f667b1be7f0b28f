/* Field lookup and field values as text. */
#include "readers_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int rn_io_field_index(OGRFeatureDefnH defn, const char *name, const char *encoding) {
  int nf = OGR_FD_GetFieldCount(defn), loose = -1;
  for (int k = 0; k < nf; k++) {
    char *fn = rn_io_recode(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k)), encoding);
    if (!fn) continue;
    int exact = strcmp(fn, name) == 0, nocase = strcasecmp(fn, name) == 0;
    free(fn);
    if (exact) return k;
    if (nocase && loose < 0) loose = k;
  }
  return loose;
}

void rn_io_field_list(OGRFeatureDefnH defn, const char *encoding, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = 0;
  int nf = OGR_FD_GetFieldCount(defn);
  for (int k = 0; k < nf && len < size; k++) {
    char *fn = rn_io_recode(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k)), encoding);
    len += (size_t)snprintf(buf + len, size - len, "%s'%s'", k ? ", " : "", fn ? fn : "?");
    free(fn);
  }
  if (nf == 0) snprintf(buf, size, "(none)");
}

char *rn_io_field_text(OGRFeatureH f, int field, const char *encoding) {
  if (!OGR_F_IsFieldSetAndNotNull(f, field)) return NULL;
  OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, field));
  if (t == OFTReal) {
    /* a code kept in a Real field: 11.0 must read as "11", as it does in an
     * Integer field, so both match the same flow codes */
    double v = OGR_F_GetFieldAsDouble(f, field);
    char buf[64];
    if (isfinite(v) && v == floor(v) && fabs(v) < 1e15) snprintf(buf, sizeof buf, "%.0f", v);
    else snprintf(buf, sizeof buf, "%.17g", v);
    return strdup(buf);
  }
  const char *s = OGR_F_GetFieldAsString(f, field);
  if (t == OFTString || t == OFTStringList) return rn_io_recode(s, encoding);
  return strdup(s ? s : "");
}
