/* Writing the result to PostgreSQL/PostGIS (-o PG:... --schema NAME), all or
 * nothing. Everything happens in ONE transaction on GDAL's connection: the
 * layers are built in a temporary schema NAME__regionet_tmp, the provenance
 * goes to NAME.regionet_provenance and the tables' comments, the QGIS styles
 * to public.layer_styles, then (--overwrite) the old schema is dropped and
 * the temporary one renamed to NAME, and the transaction commits. Other
 * sessions see the old schema or the new one, never a part. A failure or an
 * interruption (SIGINT/SIGTERM set the cancel flag: the writer rolls back)
 * leaves the database as it was; a killed process loses its connection, and
 * the server rolls the transaction back, so nothing is left either (a
 * temporary schema of that name, from whatever cause, is dropped by the
 * next run). --overwrite replaces only a schema regionet wrote (one holding
 * regionet_provenance), never another. */
#include "writers_internal.h"
#include "pg_write.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROV_TABLE "regionet_provenance"
#define TMP_SUFFIX "__regionet_tmp"

/* Lower-case letters, digits and '_', starting with a letter or '_', short
 * enough for the temporary name: a name users type unquoted in SQL and QGIS. */
static int schema_ok(const char *s) {
  if (!s || !s[0] || strlen(s) > 63 - strlen(TMP_SUFFIX) || (s[0] >= '0' && s[0] <= '9'))
    return 0;
  for (const char *c = s; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_')) return 0;
  return 1;
}

/* s as an SQL string literal E'...', whatever standard_conforming_strings is. */
static char *literal(const char *s) {
  size_t n = 4;
  for (const char *c = s; *c; c++) n += (*c == '\'' || *c == '\\') ? 2 : 1;
  char *q = malloc(n), *o = q;
  if (!q) return NULL;
  *o++ = 'E';
  *o++ = '\'';
  for (const char *c = s; *c; c++) {
    if (*c == '\'' || *c == '\\') *o++ = *c;
    *o++ = *c;
  }
  *o++ = '\'';
  *o = 0;
  return q;
}

/* A statement on the connection; a failure becomes ctx's error. */
static int exec(rn_ctx_t *ctx, GDALDatasetH ds, const char *sql) {
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler); /* the reason goes into the message */
  OGRLayerH res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
  CPLPopErrorHandler();
  if (res) GDALDatasetReleaseResultSet(ds, res);
  char why[1024];
  if (CPLGetLastErrorType() >= CE_Failure)
    return rn_error(ctx, RN_EIO, "PostgreSQL: %s (in: %.120s)", rn_source_error(why, sizeof why),
                    sql);
  return RN_OK;
}

/* printf into a new string of any length (CPLSPrintf truncates at 8000) */
static char *fmt_new(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (!s) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

static int execf(rn_ctx_t *ctx, GDALDatasetH ds, const char *fmt, const char *a, const char *b) {
  char *sql = fmt_new(fmt, a, b ? b : "");
  int rc = sql ? exec(ctx, ds, sql) : rn_error(ctx, RN_ENOMEM, "out of memory");
  free(sql);
  return rc;
}

/* The first column of the first row of a query as an integer (0 when none). */
static int query_int(rn_ctx_t *ctx, GDALDatasetH ds, const char *sql, long long *out) {
  *out = 0;
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  OGRLayerH res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
  CPLPopErrorHandler();
  char why[1024];
  if (!res || CPLGetLastErrorType() >= CE_Failure) {
    if (res) GDALDatasetReleaseResultSet(ds, res);
    return rn_error(ctx, RN_EIO, "PostgreSQL: %s (in: %.120s)", rn_source_error(why, sizeof why),
                    sql);
  }
  OGRFeatureH f = OGR_L_GetNextFeature(res);
  if (f) {
    *out = OGR_F_GetFieldAsInteger64(f, 0);
    OGR_F_Destroy(f);
  }
  GDALDatasetReleaseResultSet(ds, res);
  return RN_OK;
}

/* 0: no schema NAME; 1: one regionet wrote; 2: another. */
static int schema_state(rn_ctx_t *ctx, GDALDatasetH ds, const char *schema, int *state) {
  long long n = 0, prov = 0;
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_namespace WHERE nspname = '%s'", schema);
  int rc = query_int(ctx, ds, sql, &n);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM pg_tables WHERE schemaname = '%s' AND tablename = '" PROV_TABLE
           "'",
           schema);
  if (rc == RN_OK && n) rc = query_int(ctx, ds, sql, &prov);
  *state = !n ? 0 : prov ? 1 : 2;
  return rc;
}

static int open_pg(rn_ctx_t *ctx, const rn_output_opts_t *o, GDALDatasetH *ds, char *shown,
                   size_t size) {
  rn_source_name(o->path, shown, size);
  static const char *const drv[] = {"PostgreSQL", NULL};
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  *ds = GDALOpenEx(o->path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drv, NULL, NULL);
  CPLPopErrorHandler();
  char why[1024];
  if (!*ds)
    return rn_error(ctx, RN_EIO, "%s: cannot connect to write the output: %s", shown,
                    rn_source_error(why, sizeof why)[0] ? why : "not a PostgreSQL database");
  return RN_OK;
}

static int refuse(rn_ctx_t *ctx, const rn_output_opts_t *o, const char *shown, int state) {
  if (state == 1 && !o->overwrite)
    return rn_error(ctx, RN_EEXISTS, "%s: schema '%s' exists; give --overwrite to replace it",
                    shown, o->schema);
  if (state == 2)
    return rn_error(ctx, RN_EEXISTS,
                    "%s: schema '%s' exists and holds no regionet output (no table "
                    "'" PROV_TABLE "'); regionet replaces only its own schemas",
                    shown, o->schema);
  return RN_OK;
}

/* DROP SCHEMA ... CASCADE would also drop, silently, views of other schemas
 * built on the old tables: refuse to replace such a schema. */
static int no_foreign_views(rn_ctx_t *ctx, GDALDatasetH ds, const rn_output_opts_t *o,
                            const char *shown) {
  long long views = 0;
  char sql[640];
  snprintf(sql, sizeof sql,
           "SELECT count(DISTINCT v.oid) FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid "
           "JOIN pg_class v ON v.oid = w.ev_class JOIN pg_class t ON t.oid = d.refobjid "
           "WHERE t.relnamespace = '%s'::regnamespace AND v.relnamespace <> t.relnamespace",
           o->schema);
  int rc = query_int(ctx, ds, sql, &views);
  if (rc == RN_OK && views)
    rc = rn_error(ctx, RN_EEXISTS,
                  "%s: schema '%s' has tables that %lld view(s) of other schemas use; "
                  "--overwrite would drop them: drop or change those views first",
                  shown, o->schema, views);
  return rc;
}

int rn_pg_output_check(rn_ctx_t *ctx, const rn_output_opts_t *o) {
  if (o->format && strcmp(o->format, "PostgreSQL") && strcmp(o->format, "PG"))
    return rn_error(ctx, RN_EPARAM, "a PostgreSQL output (-o PG:...) takes no --format %s",
                    o->format);
  if (!o->schema)
    return rn_error(ctx, RN_EPARAM, "a PostgreSQL output (-o PG:...) needs --schema NAME");
  if (!schema_ok(o->schema))
    return rn_error(ctx, RN_EPARAM,
                    "--schema '%s': use lower-case letters, digits and '_', not a digit "
                    "first, at most %d characters",
                    o->schema, (int)(63 - strlen(TMP_SUFFIX)));
  GDALDatasetH ds;
  char shown[4096];
  int rc = open_pg(ctx, o, &ds, shown, sizeof shown), state = 0;
  if (rc == RN_OK) rc = schema_state(ctx, ds, o->schema, &state);
  if (rc == RN_OK) rc = refuse(ctx, o, shown, state);
  if (rc == RN_OK && state == 1) rc = no_foreign_views(ctx, ds, o, shown);
  if (ds) GDALClose(ds);
  return rc;
}

/* Layer creation options for the layers of schema's temporary schema. */
static char **layer_options(char **lco, const char *schema) {
  char tmp[128];
  snprintf(tmp, sizeof tmp, "%s" TMP_SUFFIX, schema);
  char **l = CSLDuplicate(lco);
  l = CSLSetNameValue(l, "SCHEMA", tmp);
  /* the names and columns of the GeoPackage output, so both read alike */
  if (!CSLFetchNameValue(l, "LAUNDER")) l = CSLSetNameValue(l, "LAUNDER", "NO");
  if (!CSLFetchNameValue(l, "GEOMETRY_NAME")) l = CSLSetNameValue(l, "GEOMETRY_NAME", "geom");
  if (!CSLFetchNameValue(l, "FID")) l = CSLSetNameValue(l, "FID", "fid");
  if (!CSLFetchNameValue(l, "SPATIAL_INDEX")) l = CSLSetNameValue(l, "SPATIAL_INDEX", "GIST");
  return l;
}

/* QGIS's own table (as its PostgreSQL provider creates it on saving a style). */
static const char *const styles_ddl =
    "CREATE TABLE IF NOT EXISTS public.layer_styles (id SERIAL PRIMARY KEY, "
    "f_table_catalog varchar, f_table_schema varchar, f_table_name varchar, "
    "f_geometry_column varchar, stylename text, styleqml xml, stylesld xml, "
    "useasdefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, "
    "ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)";

/* Styles, provenance table and comments, inside the transaction. */
static int annotate(rn_ctx_t *ctx, GDALDatasetH ds, const rn_output_opts_t *o, const char *tmp,
                    const rn_layer_plan_t *plan, int nplan, const rn_units_t *u,
                    const rn_params_t *p, const rn_result_t *r) {
  char *prov = literal(o->provenance ? o->provenance : "{}");
  if (!prov) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int rc = execf(ctx, ds,
                 "CREATE TABLE \"%s\"." PROV_TABLE
                 " (written_at timestamptz NOT NULL DEFAULT now(), provenance jsonb NOT NULL)",
                 tmp, NULL);
  if (rc == RN_OK)
    rc = execf(ctx, ds, "INSERT INTO \"%s\"." PROV_TABLE " (provenance) VALUES (%s::jsonb)", tmp,
               prov);
  if (rc == RN_OK) rc = exec(ctx, ds, styles_ddl);
  if (rc == RN_OK)
    rc = execf(ctx, ds,
               "DELETE FROM public.layer_styles WHERE f_table_catalog = current_database() "
               "AND f_table_schema = '%s'",
               o->schema, NULL);
  char *comment = fmt_new("regionet output; provenance (JSON): %s",
                          o->provenance ? o->provenance : "{}");
  char *com = comment ? literal(comment) : NULL;
  free(comment);
  if (!com && rc == RN_OK) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int k = 0; k < nplan && rc == RN_OK; k++) {
    /* tables (balance) have no geometry and no style */
    int styled = rn_layer_has_geometry(plan[k].kind);
    char *qml = styled ? rn_qml_style(&plan[k], u, p, r) : NULL;
    char *name = literal(plan[k].name), *q = qml ? literal(qml) : NULL;
    if ((styled && !q) || !name) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    char table[160];
    snprintf(table, sizeof table, "\"%s\".\"%s\"", tmp, plan[k].name);
    if (rc == RN_OK) rc = execf(ctx, ds, "COMMENT ON TABLE %s IS %s", table, com);
    if (rc == RN_OK && styled) {
      char *sql = fmt_new(
          "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, "
          "f_geometry_column, stylename, styleqml, useasdefault, description) VALUES "
          "(current_database(), '%s', %s, 'geom', %s, XMLPARSE(DOCUMENT %s), true, "
          "'regionet default style')",
          o->schema, name, name, q);
      rc = sql ? exec(ctx, ds, sql) : rn_error(ctx, RN_ENOMEM, "out of memory");
      free(sql);
    }
    free(qml);
    free(q);
    free(name);
  }
  free(com);
  free(prov);
  return rc;
}

int rn_pg_output_write(rn_ctx_t *ctx, const rn_output_opts_t *o, const rn_layer_plan_t *plan,
                       int nplan, const rn_units_t *u, const rn_params_t *p,
                       const rn_result_t *r, rn_pg_fill_fn fill, void *arg) {
  for (int k = 0; k < nplan; k++)
    if (!strcmp(plan[k].name, PROV_TABLE))
      return rn_error(ctx, RN_EPARAM, "an output layer would be named '%s': rename the level",
                      plan[k].name);
  GDALDatasetH ds;
  char shown[4096], tmp[128];
  snprintf(tmp, sizeof tmp, "%s" TMP_SUFFIX, o->schema);
  int rc = open_pg(ctx, o, &ds, shown, sizeof shown);
  if (rc != RN_OK) return rc;
  if (GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE) {
    rc = rn_error(ctx, RN_EIO, "%s: cannot start a transaction: %s", shown, CPLGetLastErrorMsg());
    GDALClose(ds);
    return rc;
  }
  char **lco = layer_options(o->lco, o->schema);
  rc = execf(ctx, ds, "DROP SCHEMA IF EXISTS \"%s\" CASCADE", tmp, NULL);
  if (rc == RN_OK) rc = execf(ctx, ds, "CREATE SCHEMA \"%s\"", tmp, NULL);
  if (rc == RN_OK) rc = fill(ctx, ds, lco, arg);
  /* end GDAL's COPY into each table before the schema is renamed under it */
  for (int k = 0; k < nplan && rc == RN_OK; k++) {
    OGRLayerH l = GDALDatasetGetLayerByName(ds, CPLSPrintf("%s.%s", tmp, plan[k].name));
    if (!l || OGR_L_SyncToDisk(l) != OGRERR_NONE)
      rc = rn_error(ctx, RN_EIO, "%s: cannot finish table %s.%s: %s", shown, tmp, plan[k].name,
                    CPLGetLastErrorMsg());
  }
  if (rc == RN_OK) rc = annotate(ctx, ds, o, tmp, plan, nplan, u, p, r);
  rn_ctx_mark(ctx, "write styles and provenance");
  int state = 0;
  if (rc == RN_OK) rc = schema_state(ctx, ds, o->schema, &state);
  if (rc == RN_OK) rc = refuse(ctx, o, shown, state); /* made since the check? */
  if (rc == RN_OK && state == 1) rc = no_foreign_views(ctx, ds, o, shown);
  if (rc == RN_OK && state == 1)
    rc = execf(ctx, ds, "DROP SCHEMA \"%s\" CASCADE", o->schema, NULL);
  if (rc == RN_OK)
    rc = execf(ctx, ds, "ALTER SCHEMA \"%s\" RENAME TO \"%s\"", tmp, o->schema);
  if (rc == RN_OK && !rn_progress(ctx, 1.0, "writing"))
    rc = rn_error(ctx, RN_EINTERRUPT, "interrupted while writing");
  if (rc == RN_OK && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
    rc = rn_error(ctx, RN_EIO, "%s: cannot commit the output: %s", shown, CPLGetLastErrorMsg());
  if (rc != RN_OK) {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetRollbackTransaction(ds);
    CPLPopErrorHandler();
  }
  CSLDestroy(lco);
  GDALClose(ds);
  return rc;
}
