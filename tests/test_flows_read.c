/* rn_flows_read on the bundled flow files and on hand-made ones.
 * Expected figures on the real files were computed independently with awk
 * (and python's math.fsum for the KTDB total) on the CSVs:
 *   awk -F, 'NR>1{s+=$3;n++;if($1==$2){d++;ds+=$3}} END{printf "%d %.9f %d %d",n,s,d,ds}'
 *   kr/OD_SiGun_long.csv                  25020 rows, total 22376808.411972273, diagonal none
 *   it/Sardinia_flows.csv                 10997 rows, total 391395, 377 diagonal rows = 248469
 *   us/flows_us_county_2000_intercounty   161522 rows, total 34097929, no diagonal */
#include "io_test_util.h"

#include <ogr_api.h>

static rn_ctx_t ctx;
static rn_units_t small; /* 11, 21, 22, 011 */

static int rel_close(double a, double b, double tol) { return fabs(a - b) <= tol * fabs(b); }

/* read path against small with the given columns; returns the code */
static int rd(const char *path, const char *o, const char *d, const char *v, int drop,
              rn_flows_t *f) {
  rn_flows_opts_t opt = {.path = path, .origin = o, .dest = d, .value = v, .drop_unknown = drop};
  return rn_flows_read(&ctx, &opt, &small, f);
}
static double pair(const rn_flows_t *f, const char *a, const char *b) {
  int64_t i = rn_units_find(&small, a), j = rn_units_find(&small, b);
  if (i == j) return f->diag[i];
  for (int64_t k = f->row[i]; k < f->row[i + 1]; k++)
    if (f->col[k] == j) return f->val[k];
  return 0;
}

/* the reports of one read, as one string (ctx.report to a scratch file) */
static char reports[4096];
static int rd_reports(const char *path, int drop, rn_flows_t *f) {
  FILE *fp = tmpfile();
  if (!fp) return -1;
  ctx.report = fp;
  int rc = rd(path, NULL, NULL, NULL, drop, f);
  ctx.report = NULL;
  rewind(fp);
  size_t n = fread(reports, 1, sizeof reports - 1, fp);
  reports[n] = 0;
  fclose(fp);
  return rc;
}

static void test_real(void) {
  rn_units_t u;
  rn_flows_t f;
  rn_units_opts_t kr = {.path = DATA("kr/KR_SiGun.gpkg"), .id_field = "SiGun_CD"};
  CHECK(rn_units_read(&ctx, &kr, &u) == RN_OK);
  rn_flows_opts_t o = {.path = DATA("kr/OD_SiGun_long.csv")};
  CHECK(rn_flows_read(&ctx, &o, &u, &f) == RN_OK);
  CHECK(f.rows_read == 25020 && f.nnz == 25020 && f.n_diag == 0);
  CHECK(rel_close(f.total, 22376808.411972273, 1e-6));
  CHECK(f.rows_zero == 0 && f.rows_dup == 0 && f.rows_unknown == 0);
  rn_flows_destroy(&f);
  rn_units_destroy(&ctx, &u);

  rn_units_opts_t it = {.path = DATA("it/shpSardinia.gpkg"), .id_field = "PRO_COM"};
  CHECK(rn_units_read(&ctx, &it, &u) == RN_OK);
  rn_flows_opts_t s = {.path = DATA("it/Sardinia_flows.csv"), .origin = "community_live",
                       .dest = "community_work", .value = "amount"};
  CHECK(rn_flows_read(&ctx, &s, &u, &f) == RN_OK);
  CHECK(f.rows_read == 10997 && f.n_diag == 377 && f.nnz == 10997 - 377);
  CHECK(f.total == 391395.0);
  double ds = 0;
  for (int64_t i = 0; i < f.n; i++) ds += f.diag[i];
  CHECK(ds == 248469.0);
  rn_flows_destroy(&f);
  rn_units_destroy(&ctx, &u);

  /* US: the 2000 county codes come from counties_2000_mass.csv (the 2017
   * us-atlas boundaries differ and one county there has no geometry) */
  FILE *fp = fopen(DATA("us/counties_2000_mass.csv"), "r");
  CHECK(fp != NULL);
  if (!fp) return;
  char line[256], *codes[4000];
  int n = 0;
  if (!fgets(line, sizeof line, fp)) line[0] = 0; /* header */
  while (n < 4000 && fgets(line, sizeof line, fp)) {
    line[strcspn(line, ",")] = 0;
    codes[n++] = strdup(line);
  }
  fclose(fp);
  CHECK(n == 3108);
  CHECK(rn_units_from_arrays(&ctx, n, (const char *const *)codes, NULL, NULL, NULL, &u) == RN_OK);
  for (int i = 0; i < n; i++) free(codes[i]);
  rn_flows_opts_t us = {.path = DATA("us/flows_us_county_2000_intercounty.csv")};
  CHECK(rn_flows_read(&ctx, &us, &u, &f) == RN_OK);
  CHECK(f.rows_read == 161522 && f.nnz == 161522 && f.n_diag == 0);
  CHECK(f.total == 34097929.0);
  CHECK(rn_units_find(&u, "01001") >= 0); /* leading zeros kept */
  rn_flows_destroy(&f);
  rn_units_destroy(&ctx, &u);
}

static void test_layouts(void) {
  rn_flows_t f;
  /* ';' and tab delimiters */
  CHECK(rd(t_write("semi.csv", "o;d;v\n11;21;3\n21;11;4.5\n"), NULL, NULL, NULL, 0, &f) == RN_OK);
  CHECK(f.nnz == 2 && f.total == 7.5 && pair(&f, "21", "11") == 4.5);
  rn_flows_destroy(&f);
  CHECK(rd(t_write("tab.csv", "o\td\tv\n11\t21\t3\n21\t11\t4\n"), "o", "d", "v", 0, &f) == RN_OK);
  CHECK(f.nnz == 2 && f.total == 7);
  rn_flows_destroy(&f);
  /* no header: every line is data, line numbers still true */
  CHECK(rd(t_write("nohdr.csv", "11,21,3\n21,22,4\n"), NULL, NULL, NULL, 0, &f) == RN_OK);
  CHECK(f.rows_read == 2 && f.total == 7);
  rn_flows_destroy(&f);
  CHECK_ERR(&ctx, rd(t_write("nohdr_bad.csv", "11,21,3\n99,21,4\n"), NULL, NULL, NULL, 0, &f),
            RN_EINPUT, "nohdr_bad.csv:2: unknown origin code '99'");
  /* UTF-8 BOM: stripped from the first column name; leading zeros kept */
  CHECK(rd(t_write("bom.csv", "\xef\xbb\xbfo,d,v\n011,21,3\n"), "o", "d", "v", 0, &f) == RN_OK);
  CHECK(f.total == 3 && pair(&f, "011", "21") == 3);
  rn_flows_destroy(&f);
  /* blank lines (and a line of blanks, CRLF) are skipped, lines still counted */
  CHECK(rd(t_write("blank.csv", "o,d,v\r\n11,21,3\r\n\r\n   \r\n21,22,4\r\n"), NULL, NULL, NULL,
           0, &f) == RN_OK);
  CHECK(f.rows_read == 2 && f.total == 7);
  rn_flows_destroy(&f);
  CHECK_ERR(&ctx, rd(t_write("blank_bad.csv", "o,d,v\n11,21,3\n\n\n21,22,x\n"), NULL, NULL,
                     NULL, 0, &f),
            RN_EINPUT, "blank_bad.csv:5: column 'v'", "'x'");
  /* quoted fields, one spanning two lines, and a quoted comma */
  const char *q = t_write("quoted.csv",
                          "\"o\",\"d\",\"v\",\"note\"\n\"11\",\"21\",\"3\",\"a\nb\"\n"
                          "\"21\",\"22\",\"4\",\"x, y\"\n\"22\",\"11\",\"-1\",\"\"\n");
  CHECK_ERR(&ctx, rd(q, NULL, NULL, NULL, 0, &f), RN_EINPUT, "quoted.csv:5: column 'v'",
            "negative", "'-1'");
  q = t_write("quoted_ok.csv", "\"o\",\"d\",\"v\",\"note\"\n\"11\",\"21\",\" 3 \",\"a\nb\"\n"
                               "\"21\",\"22\",\"4\",\"x, y\"\n");
  CHECK(rd(q, NULL, NULL, NULL, 0, &f) == RN_OK);
  CHECK(f.rows_read == 2 && f.total == 7);
  rn_flows_destroy(&f);
  /* CP949 column name 출발 */
  const char *cp = t_write("cp949.csv", "\xc3\xe2\xb9\xdf,dest,v\n11,21,3\n22,11,2\n");
  rn_flows_opts_t o = {.path = cp, .origin = "\xec\xb6\x9c\xeb\xb0\x9c", .dest = "dest",
                       .value = "v", .encoding = "CP949"};
  CHECK(rn_flows_read(&ctx, &o, &small, &f) == RN_OK);
  CHECK(f.total == 5 && pair(&f, "22", "11") == 2);
  rn_flows_destroy(&f);
  o.encoding = NULL; /* without it the name does not match, and the error lists the columns */
  CHECK_ERR(&ctx, rn_flows_read(&ctx, &o, &small, &f), RN_EPARAM, "cp949.csv", "'dest'", "'v'");
  /* a named column that is absent */
  CHECK_ERR(&ctx, rd(DATA("it/Sardinia_flows.csv"), "origin", NULL, NULL, 0, &f), RN_EPARAM,
            "Sardinia_flows.csv", "'origin'", "'community_live'", "'amount'");
  /* duplicates summed, zeros dropped, diagonal kept apart */
  CHECK(rd(t_write("dup.csv", "o,d,v\n11,21,3\n11,21,4\n21,11,0\n11,11,5\n11,21,1\n"), NULL,
           NULL, NULL, 0, &f) == RN_OK);
  CHECK(f.rows_read == 5 && f.rows_dup == 2 && f.rows_zero == 1);
  CHECK(f.nnz == 1 && pair(&f, "11", "21") == 8 && f.n_diag == 1 && pair(&f, "11", "11") == 5);
  CHECK(f.total == 13 && f.out[rn_units_find(&small, "11")] == 13);
  rn_flows_destroy(&f);
  /* repeated diagonal rows count as repeats too; the example is the smallest
   * repeated pair (ids follow the codes' order: 011 < 11 < 21 < 22) */
  CHECK(rd_reports(t_write("dup2.csv", "o,d,v\n22,21,1\n22,21,2\n21,21,4\n21,22,1\n21,21,0.5\n"
                                       "21,22,7\n22,22,1\n22,22,1\n22,22,1\n"),
                   0, &f) == RN_OK);
  CHECK(f.rows_read == 9 && f.rows_dup == 5 && f.nnz == 2);
  CHECK(pair(&f, "21", "21") == 4.5 && pair(&f, "22", "22") == 3 && pair(&f, "21", "22") == 8);
  CHECK(strstr(reports, "dup2.csv: 5 rows repeat an earlier (origin, destination) pair and were "
                        "summed, e.g. 21 -> 21\n") != NULL);
  rn_flows_destroy(&f);
  CHECK(rd_reports(t_write("dup3.csv", "o,d,v\n22,22,1\n22,11,3\n22,22,1\n"), 0, &f) == RN_OK);
  CHECK(f.rows_dup == 1 && strstr(reports, "e.g. 22 -> 22\n") != NULL);
  rn_flows_destroy(&f);
  CHECK(rd_reports(t_write("dup4.csv", "o,d,v\n22,11,1\n21,11,3\n"), 0, &f) == RN_OK);
  CHECK(f.rows_dup == 0 && !strstr(reports, "repeat"));
  rn_flows_destroy(&f);
}

static void test_ogr_tables(void) {
  rn_flows_t f;
  const char *src = t_write("tab_src.csv", "o,d,v\n11,21,3\n21,22,4.5\n011,11,2\n");
  const char *sql[] = {"-sql", "SELECT o, d, CAST(v AS float) AS v FROM tab_src", "-nln", "flows",
                       "-oo", "AUTODETECT_TYPE=NO", NULL};
  /* XLSX sheet: numeric value cells */
  const char *xa[] = {"-f", "XLSX", sql[0], sql[1], sql[2], sql[3], sql[4], sql[5], NULL};
  const char *xlsx = TMP("flows.xlsx");
  CHECK(t_translate(src, xlsx, xa) == 0);
  CHECK(rd(xlsx, NULL, NULL, NULL, 0, &f) == RN_OK);
  CHECK(f.rows_read == 3 && f.total == 9.5 && pair(&f, "011", "11") == 2);
  rn_flows_destroy(&f);
  /* GeoPackage attribute table */
  const char *ga[] = {"-f", "GPKG", sql[0], sql[1], sql[2], sql[3], sql[4], sql[5], NULL};
  const char *gpkg = TMP("flows.gpkg");
  CHECK(t_translate(src, gpkg, ga) == 0);
  rn_flows_opts_t o = {.path = gpkg, .layer = "flows", .origin = "o", .dest = "d", .value = "v"};
  CHECK(rn_flows_read(&ctx, &o, &small, &f) == RN_OK);
  CHECK(f.rows_read == 3 && f.total == 9.5);
  rn_flows_destroy(&f);
  /* errors there name the sheet row / feature */
  const char *bad = t_write("tab_bad.csv", "o,d,v\n11,21,3\n21,99,4\n");
  const char *ba[] = {"-f", "XLSX", "-sql", "SELECT o, d, CAST(v AS float) AS v FROM tab_bad",
                      "-nln", "flows", "-oo", "AUTODETECT_TYPE=NO", NULL};
  const char *xbad = TMP("flows_bad.xlsx");
  CHECK(t_translate(bad, xbad, ba) == 0);
  CHECK_ERR(&ctx, rd(xbad, NULL, NULL, NULL, 0, &f), RN_EINPUT, "flows_bad.xlsx", "row 3",
            "unknown destination code '99'");
}

static void test_errors(void) {
  rn_flows_t f;
  const char *p = t_write("unknown.csv", "o,d,v\n11,21,3\n99999,21,4\n21,77,1\n22,11,2\n");
  CHECK_ERR(&ctx, rd(p, NULL, NULL, NULL, 0, &f), RN_EINPUT,
            "unknown.csv:3: unknown origin code '99999'");
  CHECK(rd(p, NULL, NULL, NULL, 1, &f) == RN_OK);
  CHECK(f.rows_read == 4 && f.rows_unknown == 2 && f.total == 5);
  rn_flows_destroy(&f);
  struct { const char *name, *val, *frag; } bad[] = {
      {"neg.csv", "-3", "negative"},     {"nan.csv", "NaN", "NaN"},
      {"inf.csv", "inf", "infinite"},    {"text.csv", "12abc", "not a number"},
      {"big.csv", "1e999", "overflow"},  {"emptyval.csv", "", "is empty"},
      {"comma.csv", "\"1,5\"", "not a number"}};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    char body[200];
    snprintf(body, sizeof body, "o,d,v\n11,21,3\n\n21,11,%s\n", bad[k].val);
    char at[64];
    snprintf(at, sizeof at, "%s:4: column 'v'", bad[k].name);
    CHECK_ERR(&ctx, rd(t_write(bad[k].name, body), NULL, NULL, NULL, 0, &f), RN_EINPUT, at,
              bad[k].frag);
  }
  CHECK_ERR(&ctx, rd(t_write("hdr.csv", "o,d,v\n"), NULL, NULL, NULL, 0, &f), RN_EINPUT,
            "hdr.csv", "no data rows");
  CHECK_ERR(&ctx, rd(t_write("zero.csv", "o,d,v\n11,21,0\n21,11,0.0\n"), NULL, NULL, NULL, 0, &f),
            RN_EINPUT, "zero.csv", "zero");
  CHECK_ERR(&ctx, rd(TMP("absent.csv"), NULL, NULL, NULL, 0, &f), RN_EIO, "absent.csv");
  CHECK_ERR(&ctx, rd(t_write("two.csv", "o,d\n11,21\n"), NULL, NULL, NULL, 0, &f), RN_EINPUT,
            "two.csv", "three columns");
}

/* Plain decimals are parsed without strtod (io/flows_read.c, value_plain):
 * the same doubles as strtod, to the bit. */
static void test_values(void) {
  const char *vals[] = {"0.1", "0.7", "5.", ".5", "0.5", "2.675", "1.005", "4.35", "0.3",
                        "1234.5678", "100.10", "3.14159", "123456789012345", "999999999999999",
                        "12345678901234.5", "1.00000000000001", "0.000000000000001",
                        "0000000000000001", "00.5", "9007199254740993", "12345678901234567",
                        "0.1234567890123456", "8.5e1", " 7 ", "7 ", "1e-3"};
  for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
    char body[128];
    snprintf(body, sizeof body, "o,d,v\n11,21,%s\n", vals[k]);
    rn_flows_t f;
    CHECK(rd(t_write("value.csv", body), NULL, NULL, NULL, 0, &f) == RN_OK);
    double want = strtod(vals[k], NULL), got = pair(&f, "11", "21");
    if (memcmp(&got, &want, sizeof got)) {
      fprintf(stderr, "value '%s': got %.17g, strtod %.17g\n", vals[k], got, want);
      t_failures++;
    }
    rn_flows_destroy(&f);
  }
}

/* Numeric codes go through a direct table (io/code_hash.c): it must know
 * exactly the codes the hash knows, whatever the digits around them. */
static void test_numeric_codes(void) {
  const char *fixed[] = {"120", "001", "002", "010"};     /* one width */
  const char *canon[] = {"120", "1", "2", "10"};          /* no leading zeros */
  const char *wide[] = {"1234567890123456789", "1", "2"}; /* too long: hash */
  const char *known[3][2] = {{"010", "120"}, {"10", "120"}, {"1234567890123456789", "2"}};
  const char *unknown[3][8] = {{"01", "0010", "1", "10", "000", "999", "12a", " 01"},
                               {"01", "010", "0", "3", "1200", "012", "+1", "1e1"},
                               {"01", "123456789012345678", "12345678901234567890", "3", "x",
                                "1234567890123456788", "02", ""}};
  const char *const *codes[3] = {fixed, canon, wide};
  int n[3] = {4, 4, 3};
  for (int c = 0; c < 3; c++) {
    rn_units_t u;
    rn_flows_t f;
    CHECK(rn_units_from_arrays(&ctx, n[c], codes[c], NULL, NULL, NULL, &u) == RN_OK);
    char body[256];
    snprintf(body, sizeof body, "o,d,v\n%s,%s,2\n%s,%s,3\n", known[c][0], known[c][1],
             known[c][1], known[c][1]);
    rn_flows_opts_t o = {.path = t_write("numeric.csv", body)};
    CHECK(rn_flows_read(&ctx, &o, &u, &f) == RN_OK);
    CHECK(f.nnz == 1 && f.n_diag == 1 && f.total == 5);
    CHECK(f.row[rn_units_find(&u, known[c][0])] == 0 &&
          f.col[0] == rn_units_find(&u, known[c][1]));
    rn_flows_destroy(&f);
    for (int k = 0; k < 8; k++) {
      snprintf(body, sizeof body, "o,d,v\n%s,%s,2\n%s,%s,3\n", known[c][0], known[c][1],
               known[c][1], unknown[c][k]);
      o.path = t_write("numeric_bad.csv", body);
      char want[128];
      snprintf(want, sizeof want, "numeric_bad.csv:3: unknown destination code '%s'",
               unknown[c][k][0] == ' ' ? unknown[c][k] + 1 : unknown[c][k]);
      CHECK_ERR(&ctx, rn_flows_read(&ctx, &o, &u, &f), RN_EINPUT, want);
    }
    rn_units_destroy(&ctx, &u);
  }
}

int main(void) {
  t_setup();
  rn_ctx_init(&ctx);
  ctx.report = NULL;
  const char *codes[] = {"11", "21", "22", "011"};
  if (rn_units_from_arrays(&ctx, 4, codes, NULL, NULL, NULL, &small)) return 2;
  test_real();
  test_layouts();
  test_ogr_tables();
  test_errors();
  test_numeric_codes();
  test_values();
  rn_units_destroy(&ctx, &small);
  rn_ctx_destroy(&ctx);
  return t_report();
}
