/* rn_outset_*: the output set. Targets are checked before any work (missing
 * folder, directory, input, given twice, existing without overwrite), locked
 * against a second writer, moved into place together; a rename failing half
 * way restores every file replaced before it; destroy leaves no temporary
 * file or lock behind; the signal-time clean-up removes every temporary. */
#include "io_test_util.h"

#include <dirent.h>
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

static rn_ctx_t ctx;

static char *slurp(const char *path) {
  static char buf[4][256];
  static int k;
  k = (k + 1) % 4;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t n = fread(buf[k], 1, sizeof buf[k] - 1, f);
  buf[k][n] = 0;
  fclose(f);
  return buf[k];
}

static void put(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    perror(path);
    exit(2);
  }
  fputs(text, f);
  fclose(f);
}

/* entries of dir (hidden ones included), sorted, space-separated */
static const char *listing(const char *dir) {
  static char out[2048];
  struct dirent **e;
  int n = scandir(dir, &e, NULL, alphasort);
  out[0] = 0;
  for (int k = 0; k < n; k++) {
    if (strcmp(e[k]->d_name, ".") && strcmp(e[k]->d_name, "..")) {
      strcat(out, e[k]->d_name);
      strcat(out, " ");
    }
    free(e[k]);
  }
  free(e);
  return out;
}

/* a rename that fails on its second call: a fault between two moves */
static int renames;
static int rename_fails_second(const char *a, const char *b) {
  return ++renames == 2 ? -1 : rename(a, b);
}

static int no_link(const char *a, const char *b) {
  (void)a, (void)b;
  errno = EPERM;
  return -1;
}

int main(void) {
  (void)t_write, (void)t_translate; /* the shared helpers this test does not need */
  t_setup();
  CHECK(rn_ctx_init(&ctx) == RN_OK);
  ctx.report = NULL;
  const char *d = TMP("set");
  char cmd[1400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s/sub'", d, d);
  CHECK(system(cmd) == 0);
  char in[1200], a[1200], b[1200], side[1200], sub[1200], shp[1200], dbf[1200];
  snprintf(in, sizeof in, "%s/flows.csv", d);
  snprintf(a, sizeof a, "%s/out.gpkg", d);
  snprintf(b, sizeof b, "%s/out.gpkg.json", d);
  snprintf(side, sizeof side, "%s/./flows.csv", d);
  snprintf(sub, sizeof sub, "%s/sub", d);
  snprintf(shp, sizeof shp, "%s/r_units.shp", d);
  snprintf(dbf, sizeof dbf, "%s/r_units.dbf", d);
  put(in, "origin,destination,flow\n");
  put(shp, "shp");
  put(dbf, "dbf");

  /* checks before any work */
  rn_outset_t s;
  rn_outset_init(&s, 1);
  CHECK(rn_outset_input(&ctx, &s, in) == RN_OK);
  CHECK(rn_outset_input(&ctx, &s, shp) == RN_OK); /* its .dbf too */
  CHECK_ERR(&ctx, rn_outset_add(&ctx, &s, side, RN_OUT_CHECK), RN_EPARAM, "would replace the input");
  CHECK_ERR(&ctx, rn_outset_check(&ctx, &s, dbf), RN_EPARAM, "r_units.dbf", "would replace the input");
  CHECK_ERR(&ctx, rn_outset_add(&ctx, &s, TMP("set/no/such/x.gpkg"), RN_OUT_CHECK), RN_EIO,
            "output folder", "set/no/such does not exist");
  CHECK_ERR(&ctx, rn_outset_add(&ctx, &s, sub, RN_OUT_CHECK), RN_EIO, "is a directory");
  CHECK(rn_outset_add(&ctx, &s, a, RN_OUT_CHECK | RN_OUT_LOCK) == RN_OK);
  CHECK_ERR(&ctx, rn_outset_add(&ctx, &s, TMP("set/sub/../out.gpkg"), RN_OUT_CHECK), RN_EPARAM,
            "two outputs");
  CHECK(rn_outset_add(&ctx, &s, b, RN_OUT_CHECK) == RN_OK);
  CHECK(strstr(listing(d), ".out.gpkg.lock") != NULL);

  /* a second writer of the same target is refused while the lock is held
   * (POSIX locks are per process: the second writer is a child) */
  pid_t pid = fork();
  if (pid == 0) {
    rn_ctx_t c2;
    rn_ctx_init(&c2);
    rn_outset_t s2;
    rn_outset_init(&s2, 1);
    int rc = rn_outset_add(&c2, &s2, a, RN_OUT_CHECK | RN_OUT_LOCK);
    _exit(rc == RN_EIO && strstr(c2.err, "another run is writing") ? 0 : 1);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

  /* written under final names in a hidden folder, moved together */
  char *ta = rn_outset_path(&ctx, &s, a), *tb = rn_outset_path(&ctx, &s, b);
  CHECK(ta && tb && strstr(ta, "/.out.gpkg.tmp-") && strstr(ta, "/out.gpkg"));
  put(ta, "data 1");
  put(tb, "side 1");
  CHECK(strstr(listing(d), ".out.gpkg.tmp-") != NULL); /* not yet moved */
  CHECK(access(a, F_OK) != 0);
  CHECK(rn_outset_commit(&ctx, &s) == RN_OK);
  rn_outset_destroy(&ctx, &s);
  free(ta), free(tb);
  CHECK(!strcmp(listing(d), "flows.csv out.gpkg out.gpkg.json r_units.dbf r_units.shp sub "));
  CHECK(slurp(a) && !strcmp(slurp(a), "data 1") && !strcmp(slurp(b), "side 1"));

  /* without overwrite an existing target is refused before any work */
  rn_outset_init(&s, 0);
  CHECK_ERR(&ctx, rn_outset_add(&ctx, &s, a, RN_OUT_CHECK), RN_EEXISTS, "out.gpkg exists",
            "--overwrite");
  rn_outset_destroy(&ctx, &s);

  /* the second rename fails: the first file moved is put back as it was */
  rn_outset_init(&s, 1);
  s.rename_fn = rename_fails_second;
  renames = 0;
  CHECK(rn_outset_add(&ctx, &s, a, RN_OUT_CHECK | RN_OUT_LOCK) == RN_OK);
  CHECK(rn_outset_add(&ctx, &s, b, RN_OUT_CHECK) == RN_OK);
  ta = rn_outset_path(&ctx, &s, a), tb = rn_outset_path(&ctx, &s, b);
  put(ta, "data 2");
  put(tb, "side 2");
  CHECK_ERR(&ctx, rn_outset_commit(&ctx, &s), RN_EIO, "cannot move");
  rn_outset_destroy(&ctx, &s);
  free(ta), free(tb);
  CHECK(renames == 2);
  CHECK(slurp(a) && !strcmp(slurp(a), "data 1") && !strcmp(slurp(b), "side 1"));
  CHECK(!strcmp(listing(d), "flows.csv out.gpkg out.gpkg.json r_units.dbf r_units.shp sub "));

  /* the same where the file system has no hard links: the old files are
   * moved aside and moved back */
  rn_outset_init(&s, 1);
  s.rename_fn = rename_fails_second;
  s.link_fn = no_link;
  renames = 0;
  CHECK(rn_outset_add(&ctx, &s, a, RN_OUT_CHECK | RN_OUT_LOCK) == RN_OK);
  CHECK(rn_outset_add(&ctx, &s, b, RN_OUT_CHECK) == RN_OK);
  ta = rn_outset_path(&ctx, &s, a), tb = rn_outset_path(&ctx, &s, b);
  put(ta, "data 3");
  put(tb, "side 3");
  CHECK_ERR(&ctx, rn_outset_commit(&ctx, &s), RN_EIO, "cannot move");
  rn_outset_destroy(&ctx, &s);
  free(ta), free(tb);
  CHECK(slurp(a) && !strcmp(slurp(a), "data 1") && slurp(b) && !strcmp(slurp(b), "side 1"));
  CHECK(!strcmp(listing(d), "flows.csv out.gpkg out.gpkg.json r_units.dbf r_units.shp sub "));
  /* and a commit that works there */
  rn_outset_init(&s, 1);
  s.link_fn = no_link;
  CHECK(rn_outset_add(&ctx, &s, a, RN_OUT_CHECK | RN_OUT_LOCK) == RN_OK);
  ta = rn_outset_path(&ctx, &s, a);
  put(ta, "data 4");
  CHECK(rn_outset_commit(&ctx, &s) == RN_OK);
  rn_outset_destroy(&ctx, &s);
  free(ta);
  CHECK(slurp(a) && !strcmp(slurp(a), "data 4"));
  put(a, "data 1");

  /* a new target whose move fails leaves nothing */
  rn_outset_init(&s, 0);
  s.rename_fn = rename_fails_second;
  renames = 0;
  char c1[1200], c2[1200];
  snprintf(c1, sizeof c1, "%s/new.csv", d);
  snprintf(c2, sizeof c2, "%s/sub/new2.csv", d);
  CHECK(rn_outset_add(&ctx, &s, c1, RN_OUT_CHECK | RN_OUT_LOCK) == RN_OK);
  CHECK(rn_outset_add(&ctx, &s, c2, RN_OUT_CHECK | RN_OUT_LOCK) == RN_OK);
  ta = rn_outset_path(&ctx, &s, c1), tb = rn_outset_path(&ctx, &s, c2);
  put(ta, "1");
  put(tb, "2");
  CHECK(rn_outset_commit(&ctx, &s) == RN_EIO);
  rn_outset_destroy(&ctx, &s);
  free(ta), free(tb);
  CHECK(!strcmp(listing(d), "flows.csv out.gpkg out.gpkg.json r_units.dbf r_units.shp sub "));
  CHECK(!strcmp(listing(sub), ""));

  /* the signal-time clean-up: every temporary folder (with a subfolder) and
   * lock goes, the outputs stay */
  rn_outset_init(&s, 1);
  CHECK(rn_outset_add(&ctx, &s, a, RN_OUT_CHECK | RN_OUT_LOCK) == RN_OK);
  CHECK(rn_outset_add(&ctx, &s, c2, RN_OUT_CHECK | RN_OUT_LOCK) == RN_OK);
  CHECK(rn_ctx_signal_cleanup(&ctx, 0) == 0); /* not writing yet: nothing touched */
  CHECK(strstr(listing(d), ".out.gpkg.lock") != NULL);
  ta = rn_outset_path(&ctx, &s, a), tb = rn_outset_path(&ctx, &s, c2);
  put(ta, "x");
  put(tb, "y");
  char deep[1300];
  snprintf(deep, sizeof deep, "%s.d", ta);
  mkdir(deep, 0700);
  snprintf(deep, sizeof deep, "%s.d/f", ta);
  put(deep, "z");
  CHECK(rn_ctx_signal_cleanup(&ctx, 0) == 1);
  CHECK(!strcmp(listing(d), "flows.csv out.gpkg out.gpkg.json r_units.dbf r_units.shp sub "));
  CHECK(!strcmp(listing(sub), ""));
  free(ta), free(tb);
  rn_outset_destroy(&ctx, &s);
  CHECK(slurp(a) && !strcmp(slurp(a), "data 1"));

  rn_ctx_destroy(&ctx);
  return t_report();
}
