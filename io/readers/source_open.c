/* Sources that are not files: GDAL connection strings to a database
 * ("PG:dbname=... host=...", "postgresql://..."). They are never checked as
 * files or checksummed, and are shown without their password. */
#include "engine/engine.h"

#include <cpl_error.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const db_prefix[] = {"PG:", "postgresql://", "postgres://", "MySQL:",
                                        "OCI:", "MSSQL:", "ODBC:", NULL};

int rn_source_is_db(const char *src) {
  for (int k = 0; src && db_prefix[k]; k++)
    if (!strncasecmp(src, db_prefix[k], strlen(db_prefix[k]))) return 1;
  return 0;
}

int rn_source_is_pg(const char *src) {
  return src && (!strncasecmp(src, "PG:", 3) || !strncasecmp(src, "postgresql://", 13) ||
                 !strncasecmp(src, "postgres://", 11));
}

/* libpq keyword values: a word, or '...' with \' and \\ escapes */
static const char *value_end(const char *v) {
  if (*v != '\'') return v + strcspn(v, " \t,");
  for (v++; *v && *v != '\''; v++)
    if (*v == '\\' && v[1]) v++;
  return *v ? v + 1 : v;
}

void rn_source_name(const char *src, char *buf, size_t size) {
  char tmp[4096];
  if (!size) return;
  buf[0] = 0;
  if (!src) return;
  if (!rn_source_is_db(src)) { /* a file name as it is */
    snprintf(buf, size, "%s", src);
    return;
  }
  int uri = !strncasecmp(src, "postgresql://", 13) || !strncasecmp(src, "postgres://", 11);
  if (uri) { /* scheme://user:password@host/db?password=... */
    const char *auth = strstr(src, "://") + 3, *at = strchr(auth, '@');
    const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
    if (colon) {
      snprintf(tmp, sizeof tmp, "%.*s%s", (int)(colon - src), src, at);
      src = tmp;
    }
  }
  size_t n = 0;
  for (const char *p = src; *p && n + 1 < size;) {
    /* a keyword starts the string or follows a separator */
    if ((p == src || strchr(uri ? "?&" : " \t,:", p[-1])) && !strncasecmp(p, "password=", 9)) {
      p = uri ? p + 9 + strcspn(p + 9, "&") : value_end(p + 9);
      while (*p == ' ' || *p == '\t' || *p == (uri ? '&' : ',')) p++;
      continue;
    }
    buf[n++] = *p++;
  }
  while (n && strchr(" ,&?", buf[n - 1])) n--;
  buf[n] = 0;
}

const char *rn_source_error(char *buf, size_t size) {
  const char *m = CPLGetLastErrorMsg();
  size_t n = 0;
  for (; m && *m && n + 1 < size; m++) {
    if (*m == '\n' && !strncmp(m + 1, "LINE ", 5)) break; /* the server quoting our SQL */
    if (*m == '\n' || *m == '\t' || *m == '\r') {
      if (n && buf[n - 1] != ' ') buf[n++] = ' ';
    } else {
      buf[n++] = *m;
    }
  }
  while (n && buf[n - 1] == ' ') n--;
  if (size) buf[n < size ? n : size - 1] = 0;
  return buf;
}
