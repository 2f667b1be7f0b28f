/* rn_units_read on the bundled boundaries in each OGR format, and every
 * error it must name precisely. Expected figures: counts and sums from
 * ogrinfo -dialect sqlite (e.g. SELECT sum(population) FROM KR_SiGun). */
#include "io_test_util.h"

#include <ogr_api.h>
#include <ogr_srs_api.h>

static rn_ctx_t ctx;

static int sorted(const rn_units_t *u) {
  for (int64_t i = 1; i < u->n; i++)
    if (strcmp(u->code[i - 1], u->code[i]) >= 0) return 0;
  return 1;
}
static double mass_sum(const rn_units_t *u) {
  double s = 0;
  for (int64_t i = 0; i < u->n; i++) s += u->mass[i];
  return s;
}
static int all_valid(const rn_units_t *u) {
  for (int64_t i = 0; i < u->n; i++)
    if (!u->geom[i] || GEOSisValid_r(ctx.geos, u->geom[i]) != 1) return 0;
  return 1;
}

static void test_kr_gpkg(void) {
  rn_units_opts_t o = {.path = DATA("kr/KR_SiGun.gpkg"), .id_field = "SiGun_CD",
                       .name_field = "SiGun_NM", .mass_field = "population"};
  rn_units_t u;
  CHECK(rn_units_read(&ctx, &o, &u) == RN_OK);
  CHECK(u.n == 159);
  CHECK(u.epsg == 5179);
  CHECK(sorted(&u));
  CHECK(strcmp(u.code[0], "11") == 0 && strcmp(u.name[0], "Seoul") == 0);
  CHECK(mass_sum(&u) == 48388158.0);
  CHECK(strcmp(u.layer, "KR_SiGun") == 0 && strstr(u.path, "KR_SiGun.gpkg"));
  CHECK(u.crs_wkt && strstr(u.crs_wkt, "KGD2002"));
  CHECK(all_valid(&u));
  /* traditional axis order: x = easting (~1e6), y = northing (~2e6) */
  double x, y;
  GEOSGeometry *c = GEOSGetCentroid_r(ctx.geos, u.geom[0]);
  GEOSGeomGetX_r(ctx.geos, c, &x);
  GEOSGeomGetY_r(ctx.geos, c, &y);
  GEOSGeom_destroy_r(ctx.geos, c);
  CHECK(x > 900000 && x < 1000000 && y > 1900000 && y < 2000000);
  rn_units_destroy(&ctx, &u);

  /* FlatGeobuf copy keeps everything */
  const char *fgb = TMP("KR_SiGun.fgb");
  const char *args[] = {"-f", "FlatGeobuf", NULL};
  CHECK(t_translate(DATA("kr/KR_SiGun.gpkg"), fgb, args) == 0);
  o.path = fgb;
  o.layer = NULL;
  CHECK(rn_units_read(&ctx, &o, &u) == RN_OK);
  CHECK(u.n == 159 && u.epsg == 5179 && mass_sum(&u) == 48388158.0);
  rn_units_destroy(&ctx, &u);
}

static void test_sardinia(void) {
  const char *extra[] = {"COD_PRO"};
  rn_units_opts_t o = {.path = DATA("it/shpSardinia.gpkg"), .id_field = "PRO_COM",
                       .name_field = "NOME_COM", .mass_field = "POP2001",
                       .extra_fields = extra, .n_extra = 1};
  rn_units_t u;
  CHECK(rn_units_read(&ctx, &o, &u) == RN_OK);
  CHECK(u.n == 377);
  CHECK(u.epsg == 32632); /* WGS84 input spanning < 6 degrees: UTM 32N */
  CHECK(sorted(&u));
  CHECK(strcmp(u.code[0], "90001") == 0); /* Integer field as decimal text */
  CHECK(mass_sum(&u) == 1631880.0);
  CHECK(u.nattr == 1 && rn_units_attr(&u, "COD_PRO") == 0);
  int64_t k = rn_units_find(&u, "92009"); /* a comune of province 92 */
  CHECK(k >= 0 && u.attr[0][k] == 92.0);
  CHECK(all_valid(&u));
  rn_units_destroy(&ctx, &u);

  /* GeoJSON copy: WGS84 by specification */
  const char *gj = TMP("sardinia.geojson");
  const char *args[] = {"-f", "GeoJSON", NULL};
  CHECK(t_translate(DATA("it/shpSardinia.gpkg"), gj, args) == 0);
  rn_units_opts_t g = {.path = gj, .id_field = "PRO_COM", .mass_field = "POP2001"};
  CHECK(rn_units_read(&ctx, &g, &u) == RN_OK);
  CHECK(u.n == 377 && u.epsg == 32632 && mass_sum(&u) == 1631880.0);
  rn_units_destroy(&ctx, &u);

  /* an explicit target CRS, and a geographic one refused */
  o.crs = "EPSG:3035";
  CHECK(rn_units_read(&ctx, &o, &u) == RN_OK);
  CHECK(u.epsg == 3035);
  rn_units_destroy(&ctx, &u);
  o.crs = "EPSG:4326";
  CHECK_ERR(&ctx, rn_units_read(&ctx, &o, &u), RN_EPARAM, "EPSG:4326", "projected");
}

static void test_topojson(void) {
  rn_units_opts_t o = {.path = DATA("kr/kostat-2018-municipalities-topo-simple.json"),
                       .id_field = "code", .name_field = "name"};
  rn_units_t u;
  CHECK(rn_units_read(&ctx, &o, &u) == RN_OK);
  CHECK(u.n == 250);
  /* no SRS from the driver: WGS84 assumed; 7.3 degrees wide: LAEA, no EPSG */
  CHECK(u.epsg == 0 && u.crs_wkt && strstr(u.crs_wkt, "Lambert"));
  CHECK(u.n_repaired > 0); /* simplified upstream: a few self-intersections */
  CHECK(all_valid(&u));
  int64_t k = rn_units_find(&u, "11010");
  CHECK(k >= 0 && strcmp(u.name[k], "\xec\xa2\x85\xeb\xa1\x9c\xea\xb5\xac") == 0); /* 종로구 */
  rn_units_destroy(&ctx, &u);

  /* Shapefile in CP949 with a .cpg: the driver recodes to UTF-8 */
  const char *shp = TMP("kostat_cp949.shp");
  const char *side[] = {"shx", "dbf", "prj", "cpg"};
  for (int s = 0; s < 4; s++) {
    char p[1300];
    snprintf(p, sizeof p, "%.*s.%s", (int)(strlen(shp) - 4), shp, side[s]);
    remove(p);
  }
  const char *args[] = {"-f", "ESRI Shapefile", "-a_srs", "EPSG:4326", "-lco", "ENCODING=CP949", NULL};
  CHECK(t_translate(o.path, shp, args) == 0);
  char cpg[1300];
  snprintf(cpg, sizeof cpg, "%.*s.cpg", (int)(strlen(shp) - 4), shp);
  FILE *fp = fopen(cpg, "r");
  CHECK(fp != NULL);
  if (fp) fclose(fp);
  rn_units_opts_t s = {.path = shp, .id_field = "code", .name_field = "name"};
  CHECK(rn_units_read(&ctx, &s, &u) == RN_OK);
  CHECK(u.n == 250);
  k = rn_units_find(&u, "11010");
  CHECK(k >= 0 && strcmp(u.name[k], "\xec\xa2\x85\xeb\xa1\x9c\xea\xb5\xac") == 0);
  rn_units_destroy(&ctx, &u);
  s.encoding = "CP949"; /* the override goes to the driver as ENCODING= */
  CHECK(rn_units_read(&ctx, &s, &u) == RN_OK);
  k = rn_units_find(&u, "11010");
  CHECK(k >= 0 && strcmp(u.name[k], "\xec\xa2\x85\xeb\xa1\x9c\xea\xb5\xac") == 0);
  rn_units_destroy(&ctx, &u);
}

static void test_us(void) {
  /* us-atlas counties: 3,231 features, ids all present and distinct, but
   * 51610 (Falls Church, too small at 1:10M) has an empty geometry */
  rn_units_opts_t o = {.path = DATA("us/us-atlas-3.0.1_2017/counties-10m.json"),
                       .layer = "counties", .id_field = "id"};
  rn_units_t u;
  CHECK_ERR(&ctx, rn_units_read(&ctx, &o, &u), RN_EINPUT, "counties-10m.json", "'51610'",
            "empty geometry");
  rn_units_opts_t nc = {.path = DATA("us/nc.gpkg"), .id_field = "FIPS"};
  CHECK(rn_units_read(&ctx, &nc, &u) == RN_OK);
  CHECK(u.n == 100 && u.epsg == 0); /* NAD27, 8.9 degrees wide: LAEA */
  CHECK(strcmp(u.code[0], "37001") == 0 && all_valid(&u));
  rn_units_destroy(&ctx, &u);
}

/* A GeoPackage layer of squares with codes (NULL allowed), a Real code copy,
 * a population and optional NULL geometries; srs_epsg 0: none. */
typedef struct { const char *code; double pop; const char *wkt; } feat_t;
static const char *make_gpkg(const char *name, int srs_epsg, const feat_t *fs, int n) {
  const char *p = TMP(name);
  remove(p);
  GDALDriverH d = GDALGetDriverByName("GPKG");
  GDALDatasetH ds = GDALCreate(d, p, 0, 0, 0, GDT_Unknown, NULL);
  OGRSpatialReferenceH srs = NULL;
  if (srs_epsg) {
    srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, srs_epsg);
  }
  OGRLayerH l = GDALDatasetCreateLayer(ds, "units", srs, wkbPolygon, NULL);
  const char *fn[] = {"code", "code_real", "pop"};
  OGRFieldType ft[] = {OFTString, OFTReal, OFTReal};
  for (int k = 0; k < 3; k++) {
    OGRFieldDefnH fd = OGR_Fld_Create(fn[k], ft[k]);
    OGR_L_CreateField(l, fd, 1);
    OGR_Fld_Destroy(fd);
  }
  for (int i = 0; i < n; i++) {
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    if (fs[i].code) {
      OGR_F_SetFieldString(f, 0, fs[i].code);
      OGR_F_SetFieldDouble(f, 1, atof(fs[i].code));
    } else {
      OGR_F_SetFieldNull(f, 0);
    }
    OGR_F_SetFieldDouble(f, 2, fs[i].pop);
    char wkt[200];
    if (fs[i].wkt) snprintf(wkt, sizeof wkt, "%s", fs[i].wkt);
    else snprintf(wkt, sizeof wkt, "POLYGON((%d 0,%d 0,%d 10,%d 10,%d 0))", 10 * i, 10 * i + 10,
                  10 * i + 10, 10 * i, 10 * i);
    if (!(fs[i].wkt && strcmp(fs[i].wkt, "NULL") == 0)) {
      OGRGeometryH g = NULL;
      char *w = wkt;
      OGR_G_CreateFromWkt(&w, NULL, &g);
      OGR_F_SetGeometryDirectly(f, g);
    }
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE) fprintf(stderr, "cannot write %s\n", p);
    OGR_F_Destroy(f);
  }
  if (srs) OSRDestroySpatialReference(srs);
  GDALClose(ds);
  return p;
}

static void test_synthetic(void) {
  rn_units_t u;
  /* Real code field: 11.0 reads "11", 12.0 "12"; text codes compare exactly ("012" != "12") */
  feat_t ok[] = {{"11", 5, NULL}, {"012", 7, NULL}, {"2", 1, NULL}};
  rn_units_opts_t o = {.path = make_gpkg("ok.gpkg", 32632, ok, 3), .id_field = "code_real",
                       .mass_field = "pop"};
  CHECK(rn_units_read(&ctx, &o, &u) == RN_OK);
  CHECK(u.n == 3 && strcmp(u.code[0], "11") == 0 && strcmp(u.code[1], "12") == 0);
  rn_units_destroy(&ctx, &u);
  o.id_field = "code";
  CHECK(rn_units_read(&ctx, &o, &u) == RN_OK);
  CHECK(u.n == 3 && rn_units_find(&u, "012") >= 0 && rn_units_find(&u, "12") < 0);
  CHECK(u.epsg == 32632 && mass_sum(&u) == 13);
  rn_units_destroy(&ctx, &u);

  /* missing file, unreadable format */
  rn_units_opts_t m = {.path = TMP("nope.gpkg"), .id_field = "code"};
  CHECK_ERR(&ctx, rn_units_read(&ctx, &m, &u), RN_EIO, "nope.gpkg", "no such file");
  m.path = t_write("junk.gpkg", "this is not a GeoPackage\n");
  CHECK_ERR(&ctx, rn_units_read(&ctx, &m, &u), RN_EIO, "junk.gpkg", "not a vector dataset");
  /* missing layer lists the layers; missing field lists the fields */
  o.layer = "communes";
  CHECK_ERR(&ctx, rn_units_read(&ctx, &o, &u), RN_EPARAM, "ok.gpkg", "'communes'", "'units'");
  o.layer = NULL;
  o.id_field = "CODE_X";
  CHECK_ERR(&ctx, rn_units_read(&ctx, &o, &u), RN_EPARAM, "ok.gpkg", "'CODE_X'", "'code'",
            "'code_real'", "'pop'");
  /* empty layer */
  rn_units_opts_t e = {.path = make_gpkg("empty.gpkg", 32632, NULL, 0), .id_field = "code"};
  CHECK_ERR(&ctx, rn_units_read(&ctx, &e, &u), RN_EINPUT, "empty.gpkg", "no features");
  /* duplicate code: the code and both features */
  feat_t dup[] = {{"11", 1, NULL}, {"12", 1, NULL}, {"11", 1, NULL}};
  rn_units_opts_t d = {.path = make_gpkg("dup.gpkg", 32632, dup, 3), .id_field = "code"};
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "dup.gpkg", "'11'", "features 1 and 3");
  /* empty and NULL codes */
  feat_t emp[] = {{"11", 1, NULL}, {"", 1, NULL}};
  d.path = make_gpkg("emptycode.gpkg", 32632, emp, 2);
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "emptycode.gpkg", "feature 2",
            "empty code", "'code'");
  feat_t nul[] = {{"11", 1, NULL}, {"12", 1, NULL}, {NULL, 1, NULL}};
  d.path = make_gpkg("nullcode.gpkg", 32632, nul, 3);
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "nullcode.gpkg", "feature 3",
            "NULL code");
  /* NULL geometry */
  feat_t ng[] = {{"11", 1, NULL}, {"12", 1, "NULL"}};
  d.path = make_gpkg("nullgeom.gpkg", 32632, ng, 2);
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "nullgeom.gpkg", "'12'", "feature 2",
            "no geometry");
  /* negative mass */
  feat_t neg[] = {{"11", 1, NULL}, {"12", -4, NULL}};
  d.path = make_gpkg("negmass.gpkg", 32632, neg, 2);
  d.mass_field = "pop";
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "negmass.gpkg", "'12'", "'pop'");
  d.mass_field = NULL;
  /* no CRS: an error unless --src-crs names one */
  d.path = make_gpkg("nocrs.gpkg", 0, ok, 3);
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "nocrs.gpkg", "has no CRS",
            "--src-crs");
  d.src_crs = "EPSG:32633";
  CHECK(rn_units_read(&ctx, &d, &u) == RN_OK);
  CHECK(u.n == 3 && u.epsg == 32633);
  rn_units_destroy(&ctx, &u);
  d.src_crs = NULL;
  /* a self-intersecting bowtie is repaired into a valid multipolygon */
  feat_t bow[] = {{"11", 1, NULL}, {"12", 1, "POLYGON((100 100,110 110,110 100,100 110,100 100))"}};
  d.path = make_gpkg("bowtie.gpkg", 32632, bow, 2);
  CHECK(rn_units_read(&ctx, &d, &u) == RN_OK);
  CHECK(u.n_repaired == 1);
  int64_t k = rn_units_find(&u, "12");
  double area = 0;
  CHECK(k >= 0 && GEOSisValid_r(ctx.geos, u.geom[k]) == 1);
  CHECK(GEOSGeomTypeId_r(ctx.geos, u.geom[k]) == GEOS_MULTIPOLYGON);
  GEOSArea_r(ctx.geos, u.geom[k], &area);
  CHECK(fabs(area - 50.0) < 1e-9);
  rn_units_destroy(&ctx, &u);
}

/* Round 2 of the units' checks: the codes rule (trimmed, blank refused,
 * NFC twins), UTF-8 of codes and names, projected coordinates out of range,
 * masses summing past RN_SUM_MAX, unknown encodings. */
static void test_checks(void) {
  rn_units_t u;
  feat_t pad[] = {{" 11\t", 1, NULL}, {"12", 1, NULL}};
  rn_units_opts_t d = {.path = make_gpkg("padded.gpkg", 32632, pad, 2), .id_field = "code"};
  CHECK(rn_units_read(&ctx, &d, &u) == RN_OK);
  CHECK(u.n == 2 && !strcmp(u.code[0], "11") && rn_units_find(&u, "11") == 0);
  rn_units_destroy(&ctx, &u);
  feat_t twin[] = {{"11", 1, NULL}, {"12", 1, NULL}, {"11 ", 1, NULL}};
  d.path = make_gpkg("twin.gpkg", 32632, twin, 3);
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "twin.gpkg",
            "duplicate unit code '11' (features 1 and 3: '11' and '11 ' are one code");
  feat_t blank[] = {{"11", 1, NULL}, {" \t", 1, NULL}};
  d.path = make_gpkg("blank.gpkg", 32632, blank, 2);
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "blank.gpkg", "feature 2 has a blank code");
  feat_t nfc[] = {{"Caf\xc3\xa9", 1, NULL}, {"Cafe\xcc\x81", 1, NULL}};
  d.path = make_gpkg("nfc.gpkg", 32632, nfc, 2);
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "nfc.gpkg", "(feature 1) and",
            "(feature 2) are the same text in two Unicode normalisation forms");
  /* not UTF-8 (Latin-1 bytes in a GeoPackage): named, with the field */
  feat_t latin[] = {{"11", 1, NULL}, {"Caf\xe9", 1, NULL}};
  d.path = make_gpkg("latin.gpkg", 32632, latin, 2);
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "latin.gpkg", "feature 2",
            "code field 'code' is not UTF-8 text", "--encoding");
  d.encoding = "ISO-8859-1"; /* recoded: read, é in UTF-8 */
  CHECK(rn_units_read(&ctx, &d, &u) == RN_OK);
  CHECK(rn_units_find(&u, "Caf\xc3\xa9") >= 0);
  rn_units_destroy(&ctx, &u);
  d.encoding = "NO-SUCH-ENCODING";
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EPARAM, "--encoding",
            "unknown encoding 'NO-SUCH-ENCODING'");
  d.encoding = NULL;
  /* projected coordinates beyond 1e10 units: named before PROJ sees them */
  feat_t far[] = {{"11", 1, NULL}, {"12", 1, "POLYGON((0 0,1e12 0,1e12 10,0 10,0 0))"}};
  d.path = make_gpkg("far.gpkg", 32632, far, 2);
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "far.gpkg", "unit '12' (feature 2)",
            "beyond 1e10");
  /* masses: each finite, their sum past RN_SUM_MAX named at the unit */
  feat_t big[] = {{"11", 6e99, NULL}, {"12", 1, NULL}, {"13", 6e99, NULL}};
  d.path = make_gpkg("bigmass.gpkg", 32632, big, 3);
  d.mass_field = "pop";
  CHECK_ERR(&ctx, rn_units_read(&ctx, &d, &u), RN_EINPUT, "bigmass.gpkg",
            "field 'pop' sums past 1e+100 at unit '13' (feature 3)");
  feat_t fine[] = {{"11", 4e99, NULL}, {"12", 1, NULL}, {"13", 4e99, NULL}};
  d.path = make_gpkg("finemass.gpkg", 32632, fine, 3);
  CHECK(rn_units_read(&ctx, &d, &u) == RN_OK);
  rn_units_destroy(&ctx, &u);
}

int main(void) {
  t_setup();
  rn_ctx_init(&ctx);
  ctx.report = NULL; /* keep the test output short */
  test_kr_gpkg();
  test_sardinia();
  test_topojson();
  test_us();
  test_synthetic();
  test_checks();
  rn_ctx_destroy(&ctx);
  return t_report();
}
