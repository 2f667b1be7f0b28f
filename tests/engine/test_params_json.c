/* Parameter files: a full set-up read back, the writer's output read again
 * unchanged, and each kind of mistake refused with a message naming it. */
#include "engine/engine.h"
#include "rn_test.h"

#include <string.h>

static int parse(rn_ctx_t *ctx, const char *text, rn_params_t *p) {
  rn_params_init(p);
  return rn_params_from_json(ctx, "p.json", text, strlen(text), p);
}

int main(void) {
  rn_ctx_t ctx;
  rn_ctx_init(&ctx);
  rn_params_t p, q;
  const char *full =
      "{\"preset\":\"krihs\",\"denominator\":\"field:emp\",\"contiguity\":\"ignore\","
      "\"adjacency\":\"queen\",\"dominance\":\"any\",\"levels\":[{\"name\":\"m\",\"threshold\":0.07,\"min_mass\":5e5,"
      "\"mode\":\"chain\",\"cores\":\"11;21+26\"},{\"name\":\"l\",\"threshold\":0.3,"
      "\"scope\":\"nested\",\"cover_all\":true}]}";
  CHECK(parse(&ctx, full, &p) == RN_OK, "%s", ctx.err);
  CHECK(p.nlevels == 2, "2 levels, got %d", p.nlevels);
  CHECK(p.denom == RN_DENOM_FIELD && !strcmp(p.denom_field, "emp"), "field denominator");
  CHECK(p.contiguity == 0 && p.queen == 1, "ignore, queen");
  CHECK(p.dominance_any == 1, "dominance any");
  CHECK(!strcmp(p.level[0].name, "m") && p.level[0].theta == 0.07 && p.level[0].min_mass == 5e5,
        "level 0 values");
  CHECK(p.level[0].mode == RN_MODE_CHAIN && !strcmp(p.level[0].cores, "11;21+26"), "mode, cores");
  /* level 1 keeps the preset's urban min_mass where the file is silent */
  CHECK(p.level[1].theta == 0.3 && p.level[1].min_mass == 50000, "level 1 %g %g", p.level[1].theta,
        p.level[1].min_mass);
  CHECK(p.level[1].scope == RN_SCOPE_NESTED && p.level[1].cover_all, "nested, cover_all");
  /* what the writer makes, the reader takes back to the same parameters */
  char *text = rn_params_to_json(&p, NULL);
  CHECK(parse(&ctx, text, &q) == RN_OK, "round trip: %s", ctx.err);
  char *again = rn_params_to_json(&q, NULL);
  CHECK(q.dominance_any == 1 && strstr(text, "\"dominance\": \"any\""), "dominance recorded: %s",
        text);
  CHECK(!strcmp(text, again), "round trip differs:\n%s\n%s", text, again);
  free(text);
  free(again);
  rn_params_destroy(&p);
  rn_params_destroy(&q);

  /* min_mass as a share of the total mass: kept as a share, written back as
   * the same text; a number given later replaces it */
  const char *share = "{\"levels\":[{\"name\":\"m\",\"threshold\":0.05,\"min_mass\":\"2.5%\"},"
                      "{\"name\":\"u\",\"threshold\":0.1,\"min_mass\":\"0%\"}]}";
  CHECK(parse(&ctx, share, &p) == RN_OK, "%s", ctx.err);
  CHECK(p.level[0].min_mass_share == 0.025 && p.level[0].min_mass == 0, "2.5%%: %g %g",
        p.level[0].min_mass_share, p.level[0].min_mass);
  CHECK(p.level[1].min_mass_share == 0 && p.level[1].min_mass == 0, "0%% is no minimum");
  text = rn_params_to_json(&p, NULL);
  CHECK(text && strstr(text, "\"min_mass\": \"2.5%\""), "written as 2.5%%: %s", text);
  CHECK(parse(&ctx, text, &q) == RN_OK && q.level[0].min_mass_share == 0.025, "read back: %s %g", ctx.err, q.level[0].min_mass_share);
  free(text);
  rn_params_destroy(&q);
  const char *number = "{\"levels\":[{\"name\":\"m\",\"threshold\":0.05,\"min_mass\":7}]}";
  CHECK(rn_params_from_json(&ctx, "p.json", number, strlen(number), &p) == RN_OK &&
            p.level[0].min_mass == 7 && p.level[0].min_mass_share == 0,
        "a number replaces the share");
  rn_params_destroy(&p);

  static const struct {
    const char *json, *msg;
  } bad[] = {{"{", "p.json:1:"},
             {"[1]", "JSON object"},
             {"{\"preset\":\"nope\"}", "unknown preset 'nope'"},
             {"{\"denominator\":\"half\"}", "'denominator'"},
             {"{\"contiguity\":\"sometimes\"}", "'contiguity'"},
             {"{\"dominance\":\"size\"}", "'dominance' must be mass or any"},
             {"{\"levels\":[]}", "1 to 8 levels"},
             {"{\"levels\":[{\"mode\":\"fast\"}]}", "levels[0].mode 'fast'"},
             {"{\"levels\":[{\"threshold\":\"high\"}]}", "levels[0]: unknown key or wrong type for 'threshold'"},
             {"{\"levels\":[{\"scope\":\"all\"}]}", "levels[0].scope"},
             {"{\"thresholds\":[0.1]}", "unknown key or wrong type for 'thresholds'"},
             {"{\"levels\":[{\"min_mass\":\"2\"}]}", "levels[0].min_mass '2' is not a share"},
             {"{\"levels\":[{\"min_mass\":\"-1%\"}]}", "levels[0].min_mass '-1%' is not a share"},
             {"{\"levels\":[{\"min_mass\":\"2%%\"}]}", "levels[0].min_mass '2%%' is not a share"},
             {"{\"preset\":\"krihs\",\"preset\":\"krihs\"}", "p.json:1:"}};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    int rc = parse(&ctx, bad[k].json, &p);
    CHECK(rc == RN_EPARAM, "%s: rc %d", bad[k].json, rc);
    CHECK(strstr(ctx.err, bad[k].msg) && strstr(ctx.err, "p.json"), "%s: message '%s'", bad[k].json,
          ctx.err);
    rn_params_destroy(&p);
  }
  /* a UTF-8 byte-order mark is read past, as in flow files; only at the start */
  CHECK(parse(&ctx, "\xef\xbb\xbf{\"contiguity\":\"ignore\"}", &p) == RN_OK, "BOM: %s", ctx.err);
  CHECK(p.contiguity == 0, "BOM: contiguity read");
  rn_params_destroy(&p);
  CHECK(parse(&ctx, "\xef\xbb\xbf\xef\xbb\xbf{}", &p) == RN_EPARAM, "two BOMs refused");
  rn_params_destroy(&p);
  CHECK(parse(&ctx, "{\"contiguity\":\"ignore\"}\xef\xbb\xbf", &p) == RN_EPARAM, "a BOM at the end");
  rn_params_destroy(&p);
  /* a folder is not a parameter file: an I/O error (exit 2), not a parse error */
  rn_params_init(&p);
  CHECK(rn_params_read_file(&ctx, "/", &p) == RN_EIO && strstr(ctx.err, "not a regular file"),
        "folder: %s", ctx.err);
  rn_params_destroy(&p);
  rn_ctx_destroy(&ctx);
  TEST_DONE();
}
