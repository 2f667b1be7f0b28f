/* Change between two partitions of the same units, unit by unit, and the
 * sources `compare -o` reads besides the partitions (geometry, region names,
 * a bootstrap's confidence). Internal to the library. */
#ifndef RN_CHANGES_H
#define RN_CHANGES_H

#include "engine/engine.h"
#include <ogr_api.h>
#include <ogr_srs_api.h>

typedef enum {
  RN_CHANGE_SAME = 0, /* the same region id on both sides, or in none on both */
  RN_CHANGE_MOVED,    /* region -> another region */
  RN_CHANGE_JOINED,   /* none -> region */
  RN_CHANGE_LEFT,     /* region -> none */
  RN_CHANGE_ONLY_A,   /* the unit is on one side only */
  RN_CHANGE_ONLY_B
} rn_change_class_t;

/* One unit of the union of both sides' codes (strings point into them). */
typedef struct rn_change {
  const char *code, *region_a, *region_b; /* NULL: in no region (or not on that side) */
  rn_change_class_t cls;
  double confidence; /* of the unit in A (a bootstrap of A), NAN when not given */
  int uncertain;     /* a change of a unit whose confidence is below the cut */
} rn_change_t;

/* Units of a and b in code order with their change. conf: a partition whose
 * labels are the confidences of A's units (NULL: none); cut: a change of a
 * unit below it is uncertain (within the noise of A). *out malloc'ed. */
int rn_partition_changes(rn_ctx_t *ctx, const rn_partition_t *a, const rn_partition_t *b,
                         const rn_partition_t *conf, double cut, rn_change_t **out, int64_t *n);
/* "same", "moved", "moved (uncertain)", ... */
const char *rn_change_name(rn_change_class_t c, int uncertain);

/* FILE[:LAYER]:FIELD into its parts (partition_read.c); each malloc'ed, layer NULL when not given. */
int rn_partition_spec_split(rn_ctx_t *ctx, const char *spec, char **file, char **layer,
                            char **field);

/* Unit geometries of a partition's source, by code (codes: sorted), read
 * through OGR as they are (no reprojection); geom[i] NULL for a code the
 * source lacks. *srs: the layer's CRS (clone; NULL when none). *found = 0
 * (and geom NULL) when the layer has no geometry. */
int rn_unit_geometries_read(rn_ctx_t *ctx, const char *spec, const char *id_field, int64_t n,
                            char *const *codes, OGRGeometryH **geom, OGRSpatialReferenceH *srs,
                            int *found);
/* Region names of a regionet output: the layer named level (FIELD of
 * "LEVEL_id") with fields region_id and name. *n = 0 when there is none. */
int rn_region_names_read(rn_ctx_t *ctx, const char *file, const char *level, char ***ids,
                         char ***names, int64_t *n);

/* `compare -o`: the units with both regions and their change, the lineage
 * table (per region of A, the regions of B that took its units), and a QGIS
 * style by change class (io/writers/compare_write.c). */
typedef struct rn_compare_out {
  const rn_change_t *units;
  int64_t n;
  const char *const *name_a, *const *name_b; /* per unit: region names, NULL when none */
  OGRGeometryH *geom;                       /* per unit, may be NULL */
  OGRSpatialReferenceH srs;
  const rn_partition_comparison_t *cmp;
  const char *const *rname_a, *const *rname_b; /* names of cmp->region_a / region_b */
  int with_confidence;
} rn_compare_out_t;
int rn_compare_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_compare_out_t *w);

#endif
