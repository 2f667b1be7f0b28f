/* rn_flows_read on the bundled flow files and on hand-made ones.
 * Expected figures on the real files were computed independently with awk
 * (and python's math.fsum for the KTDB total) on the CSVs:
 *   awk -F, 'NR>1{s+=$3;n++;if($1==$2){d++;ds+=$3}} END{printf "%d %.9f %d %d",n,s,d,ds}'
 *   kr/OD_SiGun_long.csv                  25020 rows, total 22376808.411972273, diagonal none
 *   it/Sardinia_flows.csv                 10997 rows, total 391395, 377 diagonal rows = 248469
 *   us/flows_us_county_2000_intercounty   161522 rows, total 34097929, no diagonal */
#include "io_test_util.h"

#include <ogr_api.h>

#include "io/readers/readers_internal.h" /* rn_csv_fast_scan: which files the fast reader takes */

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

/* Plain decimals are parsed without strtod (io/readers/flows_read.c, value_plain):
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

/* The value grammar (io/readers/flow_value_parse.c) directly, then through
 * both CSV paths (plain, and GDAL's when an encoding is given): the same
 * refusals, so no strtod form beyond plain decimals gets in. */
static void test_value_grammar(void) {
  static const struct {
    const char *text, *why; /* why NULL: accepted as strtod reads it */
  } cases[] = {{"12", NULL},         {" 12\t", NULL},      {"+12", NULL},
               {"1.5e3", NULL},      {"1E-2", NULL},        {".5", NULL},
               {"5.", NULL},         {"-0", NULL},          {"0x10", "not a number"},
               {"0X1p3", "not a number"}, {"1p3", "not a number"}, {"inf", "infinite"},
               {"-INFINITY", "infinite"}, {"nan", "NaN"},   {"NaN(123)", "not a number"},
               {"1e", "not a number"},    {"1e+", "not a number"}, {"e5", "not a number"},
               {".", "not a number"},     {"1,5", "not a number"}, {"1 000", "not a number"},
               {"--1", "not a number"},   {"-1", "negative"},  {"1e999", "overflow"},
               {"", "empty"},             {"  ", "empty"},     {"12abc", "not a number"},
               {"\xef\xbc\x91", "not a number"} /* a full-width digit one */};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    double v = -1;
    const char *why = rn_flow_value_parse(cases[k].text, &v);
    if (cases[k].why ? !why || !strstr(why, cases[k].why)
                     : why || v != strtod(cases[k].text, NULL) + 0.0) {
      fprintf(stderr, "value '%s': got %s (%g), want %s\n", cases[k].text, why ? why : "ok", v,
              cases[k].why ? cases[k].why : "ok");
      t_failures++;
    }
    /* through files: refusals other than blanks, and no ',' (a column) */
    if (!cases[k].why || !strcmp(cases[k].why, "empty") || strchr(cases[k].text, ',')) continue;
    char body[128];
    snprintf(body, sizeof body, "o,d,v\n11,21,3\n21,11,%s\n", cases[k].text);
    const char *path = t_write("grammar.csv", body);
    for (int gdal = 0; gdal < 2; gdal++) {
      rn_flows_opts_t o = {.path = path, .encoding = gdal ? "UTF-8" : NULL};
      rn_flows_t f;
      int rc = rn_flows_read(&ctx, &o, &small, &f);
      if (rc != RN_EINPUT || !strstr(ctx.err, "grammar.csv:3: column 'v'") ||
          !strstr(ctx.err, cases[k].why)) {
        fprintf(stderr, "value '%s' (%s path): %d '%s'\n", cases[k].text, gdal ? "GDAL" : "plain",
                rc, ctx.err);
        t_failures++;
      }
      if (rc == RN_OK) rn_flows_destroy(&f);
    }
  }
}

/* Codes by one rule: blanks around trimmed on both sides; near twins hinted. */
static void test_code_rule(void) {
  rn_units_t u;
  const char *codes[] = {" 11", "21\t", "Caf\xc3\xa9", "0042"};
  CHECK(rn_units_from_arrays(&ctx, 4, codes, NULL, NULL, NULL, &u) == RN_OK);
  CHECK(rn_units_find(&u, "11") >= 0 && rn_units_find(&u, "11 ") == rn_units_find(&u, "11"));
  CHECK(rn_units_find(&u, "21") >= 0 && rn_units_find(&u, "2") < 0 && rn_units_find(&u, "211") < 0);
  CHECK(!strcmp(u.code[rn_units_find(&u, "21")], "21"));
  char h[256];
  rn_code_hint(u.code, u.n, "42", 2, h, sizeof h);
  CHECK(strstr(h, "unit '0042' differs only in leading zeros"));
  rn_code_hint(u.code, u.n, "Cafe\xcc\x81", 6, h, sizeof h); /* NFD */
  CHECK(strstr(h, "unit 'Caf\xc3\xa9' is the same text in another Unicode normalisation form"));
  rn_code_hint(u.code, u.n, "\xe3\x80\x80" "11\xc2\xa0", 7, h, sizeof h); /* U+3000 11 NBSP */
  CHECK(strstr(h, "unit '11' differs only in Unicode blanks or invisible characters"));
  rn_code_hint(u.code, u.n, "\xe2\x80\x8b" "21", 5, h, sizeof h); /* zero-width space */
  CHECK(strstr(h, "unit '21' differs only in Unicode blanks"));
  rn_code_hint(u.code, u.n, "99", 2, h, sizeof h);
  CHECK(h[0] == 0);
  rn_code_hint(u.code, u.n, "\xff\xfe", 2, h, sizeof h); /* not UTF-8: no hint, no crash */
  CHECK(h[0] == 0);
  /* the flows: "11 " and "\t21" are 11 and 21 on both paths */
  const char *path = t_write("padded.csv", "o,d,v\n\" 11 \",\t21,3\n21 , 11,4\n");
  for (int gdal = 0; gdal < 2; gdal++) {
    rn_flows_opts_t o = {.path = path, .encoding = gdal ? "UTF-8" : NULL};
    rn_flows_t f;
    CHECK(rn_flows_read(&ctx, &o, &u, &f) == RN_OK);
    CHECK(f.total == 7 && f.rows_read == 2);
    rn_flows_destroy(&f);
  }
  rn_units_destroy(&ctx, &u);
  /* equal under the rule, blank, or equal in NFC: refused, naming both */
  const char *dup[] = {"11", "21", "11\r"};
  CHECK_ERR(&ctx, rn_units_from_arrays(&ctx, 3, dup, NULL, NULL, NULL, &u), RN_EINPUT,
            "duplicate unit code '11' (features 1 and 3: '11' and '11\r' are one code");
  const char *blank[] = {"11", " \t "};
  CHECK_ERR(&ctx, rn_units_from_arrays(&ctx, 2, blank, NULL, NULL, NULL, &u), RN_EINPUT,
            "unit 2 has a blank code");
  const char *nfc[] = {"x", "Cafe\xcc\x81", "y", "Caf\xc3\xa9"};
  CHECK_ERR(&ctx, rn_units_from_arrays(&ctx, 4, nfc, NULL, NULL, NULL, &u), RN_EINPUT,
            "(feature 2) and", "(feature 4) are the same text in two Unicode normalisation forms");
}

/* Numeric codes go through a direct table (io/readers/code_hash.c): it must know
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
      if (!unknown[c][k][0]) /* a blank code is refused as such, never looked up */
        snprintf(want, sizeof want, "numeric_bad.csv:3: blank destination code");
      else
        snprintf(want, sizeof want, "numeric_bad.csv:3: unknown destination code '%s'",
                 unknown[c][k][0] == ' ' ? unknown[c][k] + 1 : unknown[c][k]);
      CHECK_ERR(&ctx, rn_flows_read(&ctx, &o, &u, &f), RN_EINPUT, want);
    }
    rn_units_destroy(&ctx, &u);
  }
}

/* ------------------------------------------------ parallel plain-CSV read */
/* The plain-CSV reader cuts a file into one chunk per thread (at least 1 MiB
 * each, at most 8). Whatever the thread count, a read must give the same
 * matrix, counters, first error (with its true line) and examples. */
#define BIG_UNITS 3000
#define BIG_ROWS 480000
static rn_units_t big_units;
static char *big;       /* the file's bytes */
static size_t big_size;
static const char *big_path;
static int64_t big_data_rows;

static uint64_t lcg(uint64_t *x) {
  *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
  return *x >> 33;
}

/* Rows mostly grouped by origin, as files are; zeros, decimals, diagonal
 * rows, repeated pairs, values strtod must read, blank lines and lines of
 * blanks in between. */
static void big_make(void) {
  char *codes[BIG_UNITS];
  for (int i = 0; i < BIG_UNITS; i++) {
    codes[i] = malloc(8);
    snprintf(codes[i], 8, "U%05d", i);
  }
  CHECK(rn_units_from_arrays(&ctx, BIG_UNITS, (const char *const *)codes, NULL, NULL, NULL,
                             &big_units) == RN_OK);
  for (int i = 0; i < BIG_UNITS; i++) free(codes[i]);
  big_path = strdup(TMP("big_flows.csv"));
  FILE *fp = fopen(big_path, "wb");
  if (!fp) exit(2);
  fputs("o,d,v\n", fp);
  uint64_t x = 42;
  int po = 0, pd = 0;
  for (int k = 0; k < BIG_ROWS; k++) {
    int r = (int)(lcg(&x) % 1000), o = (k / 160) % BIG_UNITS, d = (int)(lcg(&x) % BIG_UNITS);
    unsigned v = (unsigned)(lcg(&x) % 999) + 1;
    if (r < 10) {
      fputs(r < 5 ? "\n" : " , ,  \n", fp);
      continue;
    }
    big_data_rows++;
    if (r < 60) o = po, d = pd; /* a repeated pair */
    else if (r < 90) d = o;     /* diagonal */
    if (r >= 90 && r < 140) fprintf(fp, "U%05d,U%05d,0\n", o, d);
    else if (r >= 140 && r < 240) fprintf(fp, "U%05d,U%05d,%u.%02u\n", o, d, v, v % 100);
    else if (r >= 240 && r < 260) fprintf(fp, " U%05d ,U%05d, %ue-1 \n", o, d, v);
    else fprintf(fp, "U%05d,U%05d,%u\n", o, d, v);
    po = o, pd = d;
  }
  fclose(fp);
  fp = fopen(big_path, "rb");
  fseek(fp, 0, SEEK_END);
  big_size = (size_t)ftell(fp);
  rewind(fp);
  big = malloc(big_size + 1);
  CHECK(fread(big, 1, big_size, fp) == big_size);
  big[big_size] = 0;
  fclose(fp);
  CHECK(big_size >= (size_t)7 << 20); /* 7 threads get 7 chunks */
}

/* overwrite bytes of the file in place (same length: chunks stay put) */
static void big_patch(size_t off, const char *bytes, size_t n) {
  FILE *fp = fopen(big_path, "r+b");
  if (!fp) exit(2);
  fseek(fp, (long)off, SEEK_SET);
  fwrite(bytes, 1, n, fp);
  fclose(fp);
}
static void big_restore(size_t off, size_t n) { big_patch(off, big + off, n); }

/* the file line starting at byte off, and the offset where line `line` starts */
static int64_t big_line_at(size_t off) {
  int64_t line = 1;
  for (size_t k = 0; k < off; k++) line += big[k] == '\n';
  return line;
}
static size_t big_line_start(int64_t line) {
  size_t k = 0;
  for (int64_t l = 1; l < line; k++) l += big[k] == '\n';
  return k;
}
/* the first data line (origin starts with 'U') at or after byte off */
static size_t big_row_from(size_t off) {
  while (off > 0 && big[off - 1] != '\n') off++;
  while (big[off] != 'U') off += strcspn(big + off, "\n") + 1;
  return off;
}

static int rd_big(int threads, int drop, rn_flows_t *f) {
  rn_flows_opts_t o = {.path = big_path, .drop_unknown = drop};
  FILE *fp = tmpfile();
  if (!fp) return -1;
  ctx.report = fp;
  ctx.threads = threads;
  int rc = rn_flows_read(&ctx, &o, &big_units, f);
  ctx.report = NULL;
  ctx.threads = 0;
  rewind(fp);
  size_t n = fread(reports, 1, sizeof reports - 1, fp);
  reports[n] = 0;
  fclose(fp);
  return rc;
}

static int same_flows(const rn_flows_t *a, const rn_flows_t *b) {
  size_t n = (size_t)a->n;
  return a->n == b->n && a->nnz == b->nnz && a->n_diag == b->n_diag &&
         !memcmp(&a->total, &b->total, sizeof a->total) && a->rows_read == b->rows_read &&
         a->rows_zero == b->rows_zero && a->rows_dup == b->rows_dup &&
         a->rows_unknown == b->rows_unknown &&
         !memcmp(a->row, b->row, sizeof *a->row * (n + 1)) &&
         !memcmp(a->col, b->col, sizeof *a->col * (size_t)a->nnz) &&
         !memcmp(a->val, b->val, sizeof *a->val * (size_t)a->nnz) &&
         !memcmp(a->diag, b->diag, sizeof *a->diag * n) &&
         !memcmp(a->out, b->out, sizeof *a->out * n) && !memcmp(a->in, b->in, sizeof *a->in * n);
}

static const int thread_counts[] = {1, 2, 3, 7, 0};
#define NTHREAD_COUNTS (int)(sizeof thread_counts / sizeof thread_counts[0])

/* every thread count: the same matrix and counters as one thread, the same reports */
static void big_same(int drop, const char *want_report) {
  rn_flows_t ref, f;
  char ref_reports[sizeof reports];
  CHECK(rd_big(1, drop, &ref) == RN_OK);
  memcpy(ref_reports, reports, sizeof reports);
  if (want_report && !strstr(reports, want_report)) {
    fprintf(stderr, "reports lack '%s':\n%s", want_report, reports);
    t_failures++;
  }
  for (int t = 1; t < NTHREAD_COUNTS; t++) {
    CHECK(rd_big(thread_counts[t], drop, &f) == RN_OK);
    if (!same_flows(&ref, &f) || strcmp(ref_reports, reports)) {
      fprintf(stderr, "threads %d: read differs from one thread's:\n%s---\n%s",
              thread_counts[t], reports, ref_reports);
      t_failures++;
    }
    rn_flows_destroy(&f);
  }
  rn_flows_destroy(&ref);
}

/* every thread count fails with an error holding want */
static void big_fails(const char *want) {
  for (int t = 0; t < NTHREAD_COUNTS; t++) {
    rn_flows_t f;
    int rc = rd_big(thread_counts[t], 0, &f);
    if (rc != RN_EINPUT || !strstr(ctx.err, want)) {
      fprintf(stderr, "threads %d: got %d '%s', want '%s'\n", thread_counts[t], rc, ctx.err, want);
      t_failures++;
    }
  }
}

/* an unknown origin on the row at off: 'U' -> 'X' */
static void big_unknown(size_t off, char *want, size_t size) {
  big_patch(off, "X", 1);
  snprintf(want, size, "big_flows.csv:%lld: unknown origin code 'X%.5s'",
           (long long)big_line_at(off), big + off + 1);
}
/* a bad value on the row at off: its last character -> 'x' */
static size_t big_bad_value(size_t off, char *want, size_t size) {
  size_t end = off + strcspn(big + off, "\n"), v = end;
  while (big[v - 1] != ',') v--;
  big_patch(end - 1, "x", 1);
  snprintf(want, size, "big_flows.csv:%lld: column 'v': value '%.*sx' is not a number",
           (long long)big_line_at(off), (int)(end - 1 - v), big + v);
  return end - 1;
}

static void test_parallel(void) {
  big_make();
  rn_flows_t f;
  CHECK(rd_big(1, 0, &f) == RN_OK);
  CHECK(f.rows_read == big_data_rows && f.rows_zero > 1000 && f.rows_dup > 1000 &&
        f.n_diag > 1000);
  rn_flows_destroy(&f);
  big_same(0, "rows repeat an earlier (origin, destination) pair and were summed, e.g. ");

  /* two bad rows deep in the file: the first is named, whatever comes later */
  char want[256], later[256];
  size_t a = big_row_from(big_size / 100 * 61), b = big_row_from(big_size / 100 * 86);
  big_unknown(a, want, sizeof want);
  size_t vb = big_bad_value(b, later, sizeof later);
  big_fails(want);
  big_restore(a, 1);
  big_fails(later);
  big_restore(vb, 1);
  a = big_row_from(big_size / 100 * 33), b = big_row_from(big_size / 100 * 72);
  size_t va = big_bad_value(a, want, sizeof want);
  big_unknown(b, later, sizeof later);
  big_fails(want);
  big_restore(va, 1);
  big_restore(b, 1);

  /* bad rows on the first line of a chunk and the line before, for each
   * thread count; another bad row in the last chunk */
  size_t last = big_row_from(big_size / 100 * 97);
  for (int t = 1; t < NTHREAD_COUNTS; t++) {
    int nc = thread_counts[t];
    for (int c = 1; c < nc; c++) { /* (0: as many as cores, one of these) */
      size_t at = big_size / (size_t)nc * (size_t)c, start = at;
      while (start > 0 && big[start - 1] != '\n') start++;
      int64_t line = big_line_at(start);
      for (int64_t l = line - 1; l <= line; l++) {
        size_t off = big_line_start(l);
        if (big[off] != 'U') continue; /* a blank line there */
        big_unknown(off, want, sizeof want);
        big_unknown(last, later, sizeof later);
        big_fails(want);
        big_restore(off, 1);
        big_restore(last, 1);
      }
    }
  }

  /* dropped rows: the examples are the first three in file order */
  size_t at[4] = {big_row_from(big_size / 100 * 9), big_row_from(big_size / 100 * 52),
                  big_row_from(big_size / 100 * 53), big_row_from(big_size / 100 * 95)};
  char ex[4][64];
  for (int k = 0; k < 4; k++) {
    big_patch(at[k], "X", 1);
    snprintf(ex[k], sizeof ex[k], "big_flows.csv:%lld origin 'X%.5s'",
             (long long)big_line_at(at[k]), big + at[k] + 1);
  }
  big_same(1, "dropped 4 rows with codes not among the units, e.g. ");
  const char *p = strstr(reports, "dropped 4 rows");
  for (int k = 0; k < 3 && p; k++) p = strstr(p, ex[k]);
  CHECK(p != NULL && !strstr(reports, ex[3]));
  CHECK(rd_big(3, 1, &f) == RN_OK && f.rows_unknown == 4 && f.rows_read == big_data_rows);
  rn_flows_destroy(&f);
  for (int k = 0; k < 4; k++) big_restore(at[k], 1);

  rn_units_destroy(&ctx, &big_units);
  free(big);
  free((void *)big_path);
}

/* Whole-quoted fields ("11", as R's write.csv writes codes) take the fast
 * reader; it must read them exactly as GDAL does (encoding set: GDAL path). */
static void same_as_gdal(const char *name, const char *text) {
  const char *path = t_write(name, text);
  rn_flows_opts_t fast = {.path = path}, slow = {.path = path, .encoding = "UTF-8"};
  rn_flows_t a, b;
  int ra = rn_flows_read(&ctx, &fast, &small, &a);
  char ea[sizeof ctx.err];
  snprintf(ea, sizeof ea, "%s", ctx.err);
  int rb = rn_flows_read(&ctx, &slow, &small, &b);
  CHECK(ra == rb);
  if (ra != RN_OK || rb != RN_OK) {
    if (strcmp(ea, ctx.err)) fprintf(stderr, "%s: fast '%s' / GDAL '%s'\n", name, ea, ctx.err);
    CHECK(!strcmp(ea, ctx.err));
    return;
  }
  CHECK(a.nnz == b.nnz && a.total == b.total && a.rows_read == b.rows_read &&
        a.rows_zero == b.rows_zero && a.rows_dup == b.rows_dup);
  CHECK(!memcmp(a.row, b.row, sizeof *a.row * (size_t)(a.n + 1)) &&
        !memcmp(a.col, b.col, sizeof *a.col * (size_t)a.nnz) &&
        !memcmp(a.val, b.val, sizeof *a.val * (size_t)a.nnz) &&
        !memcmp(a.diag, b.diag, sizeof *a.diag * (size_t)a.n));
  rn_flows_destroy(&a);
  rn_flows_destroy(&b);
}

static void test_quoted_fast(void) {
  /* taken by the fast reader: every quote opens and closes a whole field */
  const char *ok1 = "\"o\",\"d\",\"v\"\n\"11\",\"21\",3\n", *ok2 = "\"\",11,3\n";
  CHECK(rn_csv_fast_scan(ok1, strlen(ok1), ',') == 2);
  CHECK(rn_csv_fast_scan(ok2, strlen(ok2), ',') == 1);
  static const char *const refused[] = {"\"a,b\",1\n", "\"1\"\"2\",1\n", "x\"y\",1\n",
                                        "\"11\"x,1\n", "\"11,1\n", "11,\"2\n1\"\n"};
  for (int k = 0; k < 6; k++) CHECK(rn_csv_fast_scan(refused[k], strlen(refused[k]), ',') == -1);
  /* and read as GDAL reads them */
  same_as_gdal("q1.csv", "\"o\",\"d\",\"v\"\n\"11\",\"21\",3\n\"21\",\"011\",\"4.5\"\n");
  same_as_gdal("q2.csv", "o,d,v\n\"11\",21,3\n\" 21 \",\"22\",1e3\n\"22\",\"22\",0\n\"11\",\"21\",2\n");
  same_as_gdal("q3.csv", "\"o\";\"d\";\"v\"\n\"11\";\"21\";3\n\"011\";\"99\";4\n");
  same_as_gdal("q4.csv", "\"o\",\"d\",\"v\"\n\"11\",\"21\",\"\"\n");
  same_as_gdal("q5.csv", "\"11\",\"21\",3\n\"21\",\"11\",-2\n");
  same_as_gdal("q6.csv", "\"o\",\"d\",\"v\"\n\"11\",\"21\",\"x\"\n");
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
  test_value_grammar();
  test_code_rule();
  test_quoted_fast();
  test_parallel();
  rn_units_destroy(&ctx, &small);
  rn_ctx_destroy(&ctx);
  return t_report();
}
