/* Flow rows straight from PostgreSQL: COPY (SELECT o, d, v FROM ...) TO
 * STDOUT on a libpq connection of its own. GDAL's PostgreSQL driver fetches
 * through a cursor and builds a feature per row (141 s for 10 M rows on the
 * benchmark machine against 10 s for the CSV); the COPY text stream is read
 * here row by row into the same row function as the plain-CSV reader. */
#include "readers_internal.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* GDAL's own keywords in a PG: string, which libpq does not know */
static const char *const gdal_keys[] = {"schemas", "active_schema", "tables", "list_all_tables",
                                        NULL};

/* The libpq connection string of a GDAL PG: source (malloc'ed). */
static char *conninfo(const char *src) {
  if (!strncasecmp(src, "PG:", 3)) src += 3;
  char *c = strdup(src);
  if (!c || strstr(c, "://")) return c;
  size_t n = 0;
  for (const char *p = c; *p;) { /* drop "key=value" of GDAL's keys */
    int drop = 0;
    for (int k = 0; gdal_keys[k]; k++) {
      size_t kl = strlen(gdal_keys[k]);
      if ((p == c || p[-1] == ' ') && !strncasecmp(p, gdal_keys[k], kl) && p[kl] == '=') drop = 1;
    }
    if (drop) {
      p += strcspn(p, " ");
      continue;
    }
    c[n++] = *p++;
  }
  c[n] = 0;
  return c;
}

/* "schema.table" (GDAL's layer name) as a quoted SQL name. */
static char *table_sql(PGconn *pg, const char *layer) {
  const char *dot = strchr(layer, '.');
  char *schema = dot ? PQescapeIdentifier(pg, layer, (size_t)(dot - layer)) : NULL;
  char *table = PQescapeIdentifier(pg, dot ? dot + 1 : layer, strlen(dot ? dot + 1 : layer));
  size_t len = (schema ? strlen(schema) : 0) + (table ? strlen(table) : 0) + 2;
  char *s = table && (schema || !dot) ? malloc(len) : NULL;
  if (s) snprintf(s, len, "%s%s%s", schema ? schema : "", schema ? "." : "", table);
  PQfreemem(schema);
  PQfreemem(table);
  return s;
}

/* Undo the text format's backslash escapes in place; returns the new length. */
static size_t unescape(char *s, size_t n) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '\\' || i + 1 == n) {
      s[o++] = s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
    case 'b': s[o++] = '\b'; break;
    case 'f': s[o++] = '\f'; break;
    case 'n': s[o++] = '\n'; break;
    case 'r': s[o++] = '\r'; break;
    case 't': s[o++] = '\t'; break;
    case 'v': s[o++] = '\v'; break;
    default:
      if (c >= '0' && c <= '7') { /* \ooo */
        int v = 0, k = 0;
        for (; k < 3 && i < n && s[i] >= '0' && s[i] <= '7'; k++, i++) v = v * 8 + (s[i] - '0');
        i--;
        s[o++] = (char)v;
      } else {
        s[o++] = c;
      }
    }
  }
  return o;
}

/* libpq's message on one line, without its final newline */
static const char *why(const char *m, char *buf, size_t size) {
  size_t n = 0;
  for (; *m && n + 1 < size; m++) buf[n++] = (*m == '\n' || *m == '\t') ? ' ' : *m;
  while (n && buf[n - 1] == ' ') n--;
  buf[n] = 0;
  return buf;
}

int rn_pg_copy_rows(rn_ctx_t *ctx, const char *src, const char *shown, const char *layer,
                    const char *sql, const char *const col[3], rn_csv_row_fn row, void *arg) {
  char m[1024];
  char *ci = conninfo(src);
  if (!ci) return rn_error(ctx, RN_ENOMEM, "out of memory");
  PGconn *pg = PQconnectdb(ci);
  free(ci);
  if (PQstatus(pg) != CONNECTION_OK) {
    int rc = rn_error(ctx, RN_EIO, "%s: cannot connect: %s", shown, why(PQerrorMessage(pg), m, sizeof m));
    PQfinish(pg);
    return rc;
  }
  PQsetClientEncoding(pg, "UTF8"); /* as GDAL reads, and our codes are */
  char *from = sql ? NULL : table_sql(pg, layer), *q[3] = {NULL, NULL, NULL};
  for (int k = 0; k < 3; k++) q[k] = PQescapeIdentifier(pg, col[k], strlen(col[k]));
  size_t len = (sql ? strlen(sql) : from ? strlen(from) : 0) + 256;
  for (int k = 0; k < 3; k++) len += q[k] ? strlen(q[k]) : 0;
  char *copy = (from || sql) && q[0] && q[1] && q[2] ? malloc(len) : NULL;
  if (copy)
    snprintf(copy, len, "COPY (SELECT q.%s, q.%s, q.%s FROM %s%s%s AS q) TO STDOUT", q[0], q[1],
             q[2], sql ? "(" : "", sql ? sql : from, sql ? ")" : "");
  for (int k = 0; k < 3; k++) PQfreemem(q[k]);
  free(from);
  if (!copy) {
    PQfinish(pg);
    return rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  PGresult *res = PQexec(pg, copy);
  free(copy);
  int rc = RN_OK;
  if (PQresultStatus(res) != PGRES_COPY_OUT)
    rc = rn_error(ctx, RN_EIO, "%s: cannot read the flows: %s", shown, why(PQerrorMessage(pg), m, sizeof m));
  PQclear(res);
  char *buf = NULL;
  int64_t line = 0;
  int n;
  while (rc == RN_OK && (n = PQgetCopyData(pg, &buf, 0)) > 0) {
    line++;
    const char *field[3] = {NULL, NULL, NULL};
    size_t flen[3] = {0, 0, 0};
    size_t end = (size_t)n;
    if (end && buf[end - 1] == '\n') end--;
    char *p = buf;
    for (int k = 0; k < 3 && p; k++) {
      char *tab = k < 2 ? memchr(p, '\t', end - (size_t)(p - buf)) : NULL;
      size_t fl = tab ? (size_t)(tab - p) : end - (size_t)(p - buf);
      if (!(fl == 2 && p[0] == '\\' && p[1] == 'N')) { /* \N: NULL */
        field[k] = p;
        flen[k] = memchr(p, '\\', fl) ? unescape(p, fl) : fl;
      }
      p = tab ? tab + 1 : NULL;
    }
    rc = row(arg, field, flen, line);
    PQfreemem(buf);
    buf = NULL;
  }
  if (rc == RN_OK) { /* the end of the stream, or the server's error */
    if (n == -2)
      rc = rn_error(ctx, RN_EIO, "%s: reading the flows failed: %s", shown,
                    why(PQerrorMessage(pg), m, sizeof m));
    while (rc == RN_OK && (res = PQgetResult(pg)) != NULL) {
      if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = rn_error(ctx, RN_EIO, "%s: reading the flows failed: %s", shown,
                      why(PQresultErrorMessage(res), m, sizeof m));
      PQclear(res);
    }
  }
  PQfinish(pg); /* on an early stop, closing the connection ends the COPY */
  return rc;
}
