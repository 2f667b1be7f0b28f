/* The output set of a run: every file it writes (the data and whatever side
 * files its driver makes, the provenance sidecar, a CSV) is made in a hidden
 * temporary directory beside its target, under its final name, and all of
 * them are moved into place together at the end, or none is:
 *   - before any work, each target is checked (its folder exists, it is not
 *     a directory, not an input of the run, not given twice, not existing
 *     unless --overwrite) and locked (a lock file beside it, so a second run
 *     writing the same target fails at once instead of mixing its files
 *     with the first's);
 *   - the commit moves every file with SIGINT/SIGTERM blocked, keeping a hard
 *     link to each file it replaces, so a failing rename puts every earlier
 *     one back (old data and old sidecar, never a mix);
 *   - the temporary directories and lock files are registered with the
 *     context, so a signal handler can remove them (rn_ctx_signal_cleanup).
 * Because the temporary files carry their final names, side files that
 * drivers name after the data (GML's .xsd, SQLite's .aux.xml, a Shapefile's
 * .dbf) are complete and point to the right names once moved. */
/* realpath() */
#define _XOPEN_SOURCE 700
#include "writers_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

void rn_outset_init(rn_outset_t *s, int overwrite) {
  memset(s, 0, sizeof *s);
  s->overwrite = overwrite;
  s->rename_fn = rename;
  s->link_fn = link;
  for (int k = 0; k < RN_OUTSET_MAX; k++) s->target[k].lockfd = s->target[k].slot = -1;
  for (int k = 0; k < RN_OUTSET_MAX; k++) s->dir[k].slot = -1;
}

static char *cat3(const char *a, const char *b, const char *c) {
  size_t len = strlen(a) + strlen(b) + strlen(c) + 1;
  char *s = malloc(len);
  if (s) snprintf(s, len, "%s%s%s", a, b, c);
  return s;
}

/* "a/b/c.gpkg" -> dir "a/b" (malloc'ed; "." when none), base "c.gpkg" */
static char *dir_of(const char *path, const char **base) {
  const char *slash = strrchr(path, '/');
  *base = slash ? slash + 1 : path;
  if (!slash) return strdup(".");
  if (slash == path) return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

static int add_input(rn_outset_t *s, const char *path, const struct stat *st) {
  void *p = realloc(s->inputs, (size_t)(s->ninputs + 1) * sizeof *s->inputs);
  if (!p) return 0;
  s->inputs = p;
  s->inputs[s->ninputs].dev = st->st_dev;
  s->inputs[s->ninputs].ino = st->st_ino;
  s->inputs[s->ninputs].path = strdup(path);
  return s->inputs[s->ninputs++].path != NULL;
}

/* formats whose dataset is several files sharing the stem (a Shapefile's
 * .shx .dbf .prj .cpg, MapInfo's .dat .id .map): all of them are the input */
static int multi_file(const char *path) {
  const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash)) return 0;
  static const char *const ext[] = {".shp", ".shx", ".dbf", ".tab", ".mif", ".mid", ".gml", NULL};
  for (int k = 0; ext[k]; k++)
    if (!strcasecmp(dot, ext[k])) return 1;
  return 0;
}

int rn_outset_input(rn_ctx_t *ctx, rn_outset_t *s, const char *path) {
  struct stat st;
  if (!path || stat(path, &st) != 0) return RN_OK; /* not a local file (PG:, /vsicurl/ ...) */
  if (!add_input(s, path, &st)) return rn_error(ctx, RN_ENOMEM, "out of memory");
  if (!multi_file(path)) return RN_OK;
  const char *dot = strrchr(path, '.');
  char *pat = malloc(2 * strlen(path) + 3), *q = pat;
  if (!pat) return rn_error(ctx, RN_ENOMEM, "out of memory");
  for (const char *c = path; c < dot; c++) {
    if (strchr("*?[\\", *c)) *q++ = '\\';
    *q++ = *c;
  }
  strcpy(q, ".*");
  glob_t g;
  int rc = RN_OK;
  if (glob(pat, 0, NULL, &g) == 0) {
    for (size_t k = 0; k < g.gl_pathc && rc == RN_OK; k++)
      if (stat(g.gl_pathv[k], &st) == 0 && !add_input(s, g.gl_pathv[k], &st))
        rc = rn_error(ctx, RN_ENOMEM, "out of memory");
    globfree(&g);
  }
  free(pat);
  return rc;
}

int rn_outset_check(rn_ctx_t *ctx, const rn_outset_t *s, const char *path) {
  struct stat st;
  if (stat(path, &st) == 0)
    for (int k = 0; k < s->ninputs; k++)
      if (s->inputs[k].dev == st.st_dev && s->inputs[k].ino == st.st_ino)
        return rn_error(ctx, RN_EPARAM,
                        "the output %s would replace the input %s: write the output elsewhere",
                        path, s->inputs[k].path);
  if (lstat(path, &st) != 0) return RN_OK;
  if (S_ISDIR(st.st_mode))
    return rn_error(ctx, RN_EIO, "the output %s is a directory", path);
  if (!s->overwrite)
    return rn_error(ctx, RN_EEXISTS, "%s exists; give --overwrite to replace it", path);
  return RN_OK;
}

/* An exclusive lock on "dir/.BASE.lock" (POSIX record lock: released by the
 * system if the process dies). A file unlinked by its previous holder
 * between our open and our lock is not the lock any more: try again. */
static int take_lock(rn_ctx_t *ctx, struct rn_outset_target *t, const char *dir, const char *base) {
  t->lock = malloc(strlen(dir) + strlen(base) + 8);
  if (!t->lock) return rn_error(ctx, RN_ENOMEM, "out of memory");
  sprintf(t->lock, "%s/.%s.lock", dir, base);
  for (int attempt = 0; attempt < 5; attempt++) {
    int fd = open(t->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
      return rn_error(ctx, RN_EIO, "cannot create the lock file %s: %s", t->lock, strerror(errno));
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    if (fcntl(fd, F_SETLK, &fl) != 0) {
      close(fd);
      return rn_error(ctx, RN_EIO, "another run is writing %s/%s (it holds %s): wait for it "
                      "or choose another output", dir, base, t->lock);
    }
    struct stat a, b;
    if (fstat(fd, &a) == 0 && stat(t->lock, &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino) {
      t->lockfd = fd;
      t->slot = rn_ctx_temp_add(ctx, t->lock, 0);
      return RN_OK;
    }
    close(fd);
  }
  return rn_error(ctx, RN_EIO, "cannot lock %s", t->lock);
}

int rn_outset_add(rn_ctx_t *ctx, rn_outset_t *s, const char *path, int flags) {
  if (!path || !path[0]) return rn_error(ctx, RN_EPARAM, "an output path is empty");
  if (s->ntargets == RN_OUTSET_MAX) return rn_error(ctx, RN_EINTERNAL, "too many outputs");
  const char *base;
  char *dir = dir_of(path, &base);
  if (!dir) return rn_error(ctx, RN_ENOMEM, "out of memory");
  int rc = RN_OK;
  struct stat st;
  char real[PATH_MAX];
  if (!base[0] || !strcmp(base, ".") || !strcmp(base, ".."))
    rc = rn_error(ctx, RN_EPARAM, "the output %s names a folder, not a file", path);
  else if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    rc = rn_error(ctx, RN_EIO, "the output folder %s does not exist (create it first)", dir);
  else if (!realpath(dir, real))
    rc = rn_error(ctx, RN_EIO, "cannot resolve the output folder %s: %s", dir, strerror(errno));
  struct rn_outset_target *t = &s->target[s->ntargets];
  if (rc == RN_OK && !(t->canon = cat3(real, "/", base)))
    rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  for (int k = 0; rc == RN_OK && k < s->ntargets; k++)
    if (!strcmp(s->target[k].canon, t->canon))
      rc = rn_error(ctx, RN_EPARAM, "%s is given as two outputs of this run (%s and %s)",
                    t->canon, s->target[k].path, path);
  if (rc == RN_OK && (flags & RN_OUT_CHECK)) rc = rn_outset_check(ctx, s, path);
  if (rc == RN_OK && !(t->path = strdup(path))) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  if (rc == RN_OK) {
    s->ntargets++; /* from here rn_outset_destroy releases it */
    if (flags & RN_OUT_LOCK) rc = take_lock(ctx, t, dir, base);
  } else {
    free(t->canon);
    t->canon = NULL;
  }
  free(dir);
  return rc;
}

/* the temporary directory for files going to dir (created on first use) */
static struct rn_outset_dir *temp_dir(rn_ctx_t *ctx, rn_outset_t *s, const char *dir,
                                      const char *base) {
  char real[PATH_MAX];
  if (!realpath(dir, real)) {
    rn_error(ctx, RN_EIO, "the output folder %s does not exist", dir);
    return NULL;
  }
  for (int k = 0; k < s->ndirs; k++)
    if (!strcmp(s->dir[k].canon, real)) return &s->dir[k];
  if (s->ndirs == RN_OUTSET_MAX) {
    rn_error(ctx, RN_EINTERNAL, "too many output folders");
    return NULL;
  }
  /* named after the run's first target in that folder, if any */
  size_t rl = strlen(real);
  for (int k = 0; k < s->ntargets; k++)
    if (!strncmp(s->target[k].canon, real, rl) && s->target[k].canon[rl] == '/' &&
        !strchr(s->target[k].canon + rl + 1, '/')) {
      base = s->target[k].canon + rl + 1;
      break;
    }
  struct rn_outset_dir *d = &s->dir[s->ndirs];
  size_t len = strlen(dir) + strlen(base) + 32;
  d->dir = strdup(dir);
  d->canon = strdup(real);
  d->tmp = malloc(len);
  if (!d->dir || !d->canon || !d->tmp) {
    free(d->dir), free(d->canon), free(d->tmp);
    memset(d, 0, sizeof *d);
    d->slot = -1;
    rn_error(ctx, RN_ENOMEM, "out of memory");
    return NULL;
  }
  snprintf(d->tmp, len, "%s/.%s.tmp-%ld", dir, base, (long)getpid());
  /* registered before it exists: a signal between the two finds nothing */
  d->slot = rn_ctx_temp_add(ctx, d->tmp, 1);
  s->ndirs++;
  if (d->slot < 0) return NULL;
  if (mkdir(d->tmp, 0700) != 0) {
    rn_error(ctx, RN_EIO, "cannot create the temporary folder %s: %s", d->tmp, strerror(errno));
    return NULL;
  }
  return d;
}

char *rn_outset_path(rn_ctx_t *ctx, rn_outset_t *s, const char *path) {
  const char *base;
  char *dir = dir_of(path, &base);
  if (!dir) {
    rn_error(ctx, RN_ENOMEM, "out of memory");
    return NULL;
  }
  struct rn_outset_dir *d = temp_dir(ctx, s, dir, base);
  free(dir);
  if (!d) return NULL;
  char *t = cat3(d->tmp, "/", base);
  if (!t) rn_error(ctx, RN_ENOMEM, "out of memory");
  return t;
}

typedef struct {
  char *from, *to, *backup; /* backup NULL: nothing to replace */
  int aside;                /* the old file was moved to backup (no hard links here) */
} move_t;

/* the files waiting in d's temporary folder, appended to *mv */
static int list_moves(rn_ctx_t *ctx, const struct rn_outset_dir *d, move_t **mv, int *n) {
  DIR *dp = opendir(d->tmp);
  if (!dp) return rn_error(ctx, RN_EIO, "cannot read %s: %s", d->tmp, strerror(errno));
  int rc = RN_OK;
  struct dirent *e;
  while (rc == RN_OK && (e = readdir(dp))) {
    if (e->d_name[0] == '.') continue; /* ".", "..", ".old" (the backups) */
    move_t *p = realloc(*mv, (size_t)(*n + 1) * sizeof **mv);
    if (!p) {
      rc = rn_error(ctx, RN_ENOMEM, "out of memory");
      break;
    }
    *mv = p;
    move_t *m = &p[(*n)++];
    m->aside = 0;
    m->from = cat3(d->tmp, "/", e->d_name);
    m->to = cat3(d->dir, "/", e->d_name);
    m->backup = cat3(d->tmp, "/.old/", e->d_name);
    if (!m->from || !m->to || !m->backup) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  }
  closedir(dp);
  return rc;
}

int rn_outset_commit(rn_ctx_t *ctx, rn_outset_t *s) {
  /* nothing may stop the moves half-way: a signal waits until they are done */
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  move_t *mv = NULL;
  int n = 0, rc = RN_OK, done = 0;
  for (int k = 0; k < s->ndirs && rc == RN_OK; k++) rc = list_moves(ctx, &s->dir[k], &mv, &n);
  /* every file checked before the first move */
  for (int k = 0; k < n && rc == RN_OK; k++) {
    struct stat st;
    if (lstat(mv[k].from, &st) != 0 || !S_ISREG(st.st_mode))
      rc = rn_error(ctx, RN_EINTERNAL, "%s is not a file the run wrote", mv[k].from);
    else rc = rn_outset_check(ctx, s, mv[k].to);
  }
  for (int k = 0; k < s->ndirs && rc == RN_OK; k++) {
    char *old_dir = cat3(s->dir[k].tmp, "/.old", "");
    if (!old_dir || mkdir(old_dir, 0700) != 0)
      rc = rn_error(ctx, RN_EIO, "cannot create %s/.old", s->dir[k].tmp);
    free(old_dir);
  }
  /* the files replaced stay reachable until every move worked: a hard link,
   * or where the file system has none, the old file moved aside */
  for (int k = 0; k < n && rc == RN_OK; k++) {
    struct stat st;
    if (lstat(mv[k].to, &st) != 0) {
      free(mv[k].backup);
      mv[k].backup = NULL;
    } else if (s->link_fn(mv[k].to, mv[k].backup) != 0) {
      if (rename(mv[k].to, mv[k].backup) == 0) mv[k].aside = 1;
      else rc = rn_error(ctx, RN_EIO, "cannot keep %s while replacing it: %s", mv[k].to,
                         strerror(errno));
    }
  }
  for (; done < n && rc == RN_OK; done++)
    if (s->rename_fn(mv[done].from, mv[done].to) != 0)
      rc = rn_error(ctx, RN_EIO, "cannot move %s into place as %s: %s", mv[done].from,
                    mv[done].to, strerror(errno));
  if (rc != RN_OK)
    for (int k = 0; k < n; k++) {
      if (k < done && !mv[k].backup) unlink(mv[k].to);
      else if (mv[k].backup && (k < done || mv[k].aside)) rename(mv[k].backup, mv[k].to);
    }
  for (int k = 0; k < n; k++) free(mv[k].from), free(mv[k].to), free(mv[k].backup);
  free(mv);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return rc;
}

static void remove_files(const char *dir) {
  DIR *dp = opendir(dir);
  if (!dp) return;
  struct dirent *e;
  while ((e = readdir(dp))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char *p = cat3(dir, "/", e->d_name);
    if (p && unlink(p) != 0) remove_files(p);
    free(p);
  }
  closedir(dp);
  rmdir(dir);
}

void rn_outset_destroy(rn_ctx_t *ctx, rn_outset_t *s) {
  for (int k = 0; k < s->ndirs; k++) {
    if (s->dir[k].tmp) remove_files(s->dir[k].tmp);
    rn_ctx_temp_drop(ctx, s->dir[k].slot);
    free(s->dir[k].dir), free(s->dir[k].canon), free(s->dir[k].tmp);
  }
  for (int k = 0; k < RN_OUTSET_MAX; k++) {
    struct rn_outset_target *t = &s->target[k];
    if (t->lockfd >= 0) {
      unlink(t->lock); /* while still holding it: see take_lock */
      close(t->lockfd);
    }
    rn_ctx_temp_drop(ctx, t->slot);
    free(t->lock), free(t->path), free(t->canon);
  }
  for (int k = 0; k < s->ninputs; k++) free(s->inputs[k].path);
  free(s->inputs);
  rn_outset_init(s, s->overwrite);
}
