/* Field names of the output, and their 10-character form for Shapefile
 * (dBase limits names to 10 bytes; GDAL would otherwise cut them itself,
 * silently and differently per layer). The mapping is fixed and listed in
 * README: known long names get a short form, per-level suffixes are
 * abbreviated, and a level name is cut when its fields would still be too long. */
#include "writers_internal.h"

#include <cpl_error.h>
#include <stdio.h>
#include <string.h>

static const struct {
  const char *from, *to;
} whole[] = {{"region_name", "region_nm"},    {"policy_space", "pol_space"},
             {"spans_spaces", "spans_sp"},    {"theil_units", "theil_unit"},
             {"theil_between", "theil_btw"}, {"theil_within", "theil_wtn"}};

static const struct {
  const char *from, *to;
} suffix[] = {{"_share", "_shr"}, {"_reason", "_rsn"}, {"_role", "_rol"}};

const char *rn_field_name_short(const char *name, char *buf, size_t size) {
  for (size_t k = 0; k < sizeof whole / sizeof whole[0]; k++)
    if (!strcmp(name, whole[k].from)) {
      snprintf(buf, size, "%s", whole[k].to);
      return buf;
    }
  size_t len = strlen(name);
  /* per-level fields L_id, L_role, L_share, L_reason: the suffix says what,
   * so it is kept whole and the level name is cut */
  const char *sfx = NULL, *to = NULL;
  for (size_t k = 0; k < sizeof suffix / sizeof suffix[0]; k++) {
    size_t sl = strlen(suffix[k].from);
    if (len > sl && !strcmp(name + len - sl, suffix[k].from)) {
      sfx = suffix[k].from;
      to = suffix[k].to;
    }
  }
  if (!sfx && len > 3 && !strcmp(name + len - 3, "_id")) sfx = to = "_id";
  if (sfx) {
    size_t stem = len - strlen(sfx), room = 10 - strlen(to);
    snprintf(buf, size, "%.*s%s", (int)(stem < room ? stem : room), name, to);
  } else
    snprintf(buf, size, "%.10s", name);
  return buf;
}

int rn_add_field(GDALDatasetH ds, OGRLayerH l, const char *name, OGRFieldType t) {
  char shortname[16] = "";
  GDALDriverH drv = ds ? GDALGetDatasetDriver(ds) : NULL;
  if (drv && !strcmp(GDALGetDriverShortName(drv), "ESRI Shapefile"))
    name = rn_field_name_short(name, shortname, sizeof shortname);
  /* two names mapping to one would otherwise be renamed by the driver */
  if (OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), name) >= 0) {
    CPLError(CE_Failure, CPLE_AppDefined, "layer '%s' already has a field '%s'%s",
             OGR_L_GetName(l), name, shortname[0] ? " (names cut to 10 characters for dBase)" : "");
    return 0;
  }
  OGRFieldDefnH fd = OGR_Fld_Create(name, t);
  int ok = OGR_L_CreateField(l, fd, TRUE) == OGRERR_NONE;
  OGR_Fld_Destroy(fd);
  return ok;
}
