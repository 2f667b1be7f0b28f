/* Every input the fuzzers once crashed on (tests/fuzz/regressions/) and the
 * bad-input corpus's flow and unit files, run through the fuzz targets' own bodies,
 * which abort() when a reader breaks its contract. Under -DRN_SANITIZE=ON
 * this is also where ASan/UBSan see them. */
#define LLVMFuzzerTestOneInput rn_fuzz_params_one
#include "fuzz/fuzz_params.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput rn_fuzz_flows_one
#include "fuzz/fuzz_flows.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput rn_fuzz_units_one
#include "fuzz/fuzz_units.c"
#undef LLVMFuzzerTestOneInput

#include <dirent.h>
#include <stdio.h>

int rn_fuzz_params_one(const uint8_t *data, size_t size);
int rn_fuzz_flows_one(const uint8_t *data, size_t size);
int rn_fuzz_units_one(const uint8_t *data, size_t size);

static int run_dir(const char *dir, const char *suffix, int (*one)(const uint8_t *, size_t)) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "cannot open %s\n", dir);
    return -1;
  }
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name), sl = strlen(suffix);
    if (e->d_name[0] == '.' || len < sl || strcmp(e->d_name + len - sl, suffix)) continue;
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    FILE *fp = fopen(path, "rb");
    if (!fp) continue;
    static uint8_t buf[1 << 20];
    size_t got = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    printf("%s\n", path);
    fflush(stdout);
    one(buf, got); /* aborts on a broken contract */
    n++;
  }
  closedir(d);
  return n;
}

int main(void) {
  const char *data = getenv("RN_DATA");
  if (!data) {
    fprintf(stderr, "RN_DATA must be set (ctest sets it)\n");
    return 2;
  }
  char dir[1500];
  int total = 0, n;
  snprintf(dir, sizeof dir, "%s/../tests/fuzz/regressions/params", data);
  if ((n = run_dir(dir, ".json", rn_fuzz_params_one)) < 0) return 1;
  total += n;
  snprintf(dir, sizeof dir, "%s/../tests/fuzz/regressions/flows", data);
  if ((n = run_dir(dir, "", rn_fuzz_flows_one)) < 0) return 1;
  total += n;
  snprintf(dir, sizeof dir, "%s/../tests/bad_input", data);
  if ((n = run_dir(dir, ".csv", rn_fuzz_flows_one)) < 0) return 1;
  total += n;
  snprintf(dir, sizeof dir, "%s/../tests/fuzz/regressions/units", data);
  if ((n = run_dir(dir, "", rn_fuzz_units_one)) < 0) return 1;
  total += n;
  snprintf(dir, sizeof dir, "%s/../tests/bad_input", data);
  if ((n = run_dir(dir, ".geojson", rn_fuzz_units_one)) < 0) return 1;
  total += n;
  rn_units_destroy(&ctx, &units);
  rn_ctx_destroy(&ctx);
  if (u_path[0][0]) rn_ctx_destroy(&u_ctx);
  printf("%d inputs ran clean\n", total);
  return total > 0 ? 0 : 1;
}
