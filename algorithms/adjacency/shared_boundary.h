/* Internal: length of the boundary two units share, with a tolerance. */
#ifndef RN_SHARED_BOUNDARY_H
#define RN_SHARED_BOUNDARY_H

#include <geos_c.h>

/* The zone a unit's neighbours' boundaries are tested against: the polygon
 * itself when tol == 0, else the polygon buffered by tol. NULL on failure. */
GEOSGeometry *rn_shared_zone(GEOSContextHandle_t h, const GEOSGeometry *poly, double tol);

/* Length of boundary `bd` (of unit i) lying inside `zone` (of unit j, from
 * rn_shared_zone), measured piece by piece: every maximal connected open piece
 * is shortened by 2*tol, clamped at 0 (see shared_boundary.c for why).
 * Returns -1 when GEOS fails. */
double rn_boundary_in_zone(GEOSContextHandle_t h, const GEOSGeometry *bd,
                           const GEOSGeometry *zone, double tol);

#endif
