/* Sources that are connection strings: recognised, never checksummed, and
 * shown without their password (expected strings written by hand from the
 * libpq keyword/value and URI syntaxes). */
#include "rn_test.h"
#include "engine/engine.h"

#include <string.h>

static void shown(const char *src, const char *want) {
  char buf[512];
  rn_source_name(src, buf, sizeof buf);
  CHECK(!strcmp(buf, want), "'%s' shown as '%s', want '%s'", src, buf, want);
}

int main(void) {
  CHECK(rn_source_is_db("PG:dbname=rn") && rn_source_is_pg("PG:dbname=rn"), "PG:");
  CHECK(rn_source_is_pg("pg:dbname=rn"), "pg: (GDAL takes any case)");
  CHECK(rn_source_is_pg("postgresql://u@h/db"), "postgresql URI");
  CHECK(rn_source_is_db("MySQL:db,user=u") && !rn_source_is_pg("MySQL:db,user=u"), "MySQL:");
  CHECK(!rn_source_is_db("/data/kr.gpkg") && !rn_source_is_db("CSV:flows.txt") &&
            !rn_source_is_db("PG.gpkg"), "files");
  shown("PG:dbname=rn host=/tmp password=s3cr3t user=u", "PG:dbname=rn host=/tmp user=u");
  shown("PG:password=s3cr3t dbname=rn", "PG:dbname=rn");
  shown("PG:dbname=rn password='a b\\' c'", "PG:dbname=rn");
  shown("PG:dbname=rn PASSWORD=x port=5433", "PG:dbname=rn port=5433");
  shown("PG:dbname=rn passwordx=1", "PG:dbname=rn passwordx=1");
  shown("postgresql://u:pw@h:5432/db?sslmode=require&password=zz", "postgresql://u@h:5432/db?sslmode=require");
  shown("postgresql://u@h/db?password=zz&sslmode=require", "postgresql://u@h/db?sslmode=require");
  shown("MySQL:db,user=u,password=p,host=h", "MySQL:db,user=u,host=h");
  shown("/data/a password=1.csv", "/data/a password=1.csv"); /* a file: as it is */
  rn_ctx_t ctx;
  memset(&ctx, 0, sizeof ctx);
  char hex[65] = "x";
  CHECK(rn_file_sha256(&ctx, "PG:dbname=rn", hex) == RN_OK && hex[0] == 0,
        "a database has no file checksum");
  TEST_DONE();
}
