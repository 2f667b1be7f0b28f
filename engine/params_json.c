/* Parameter files in JSON (jansson): a run's set-up a researcher can keep and share.
 * {"preset":"krihs","denominator":"out"|"total"|"field:NAME","contiguity":"enforce"|"ignore",
 *  "adjacency":"rook"|"queen","dominance":"mass"|"any","levels":[{"name":"metro","threshold":0.05,"min_mass":1e6|"2%",
 *  "mode":"dominant","cores":"11;21+26","scope":"remaining"|"nested","cover_all":false}]} */
#include "engine/engine.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int rn_mode_parse(const char *s, rn_mode_t *m) {
  if (!strcmp(s, "dominant")) *m = RN_MODE_DOMINANT;
  else if (!strcmp(s, "chain")) *m = RN_MODE_CHAIN;
  else if (!strcmp(s, "core")) *m = RN_MODE_CORE;
  else return RN_EPARAM;
  return RN_OK;
}

int rn_dominance_parse(const char *s, int *any) {
  if (!strcmp(s, "mass")) *any = 0;
  else if (!strcmp(s, "any")) *any = 1;
  else return RN_EPARAM;
  return RN_OK;
}

int rn_denom_parse(const char *s, rn_params_t *p) {
  if (!strcmp(s, "total")) p->denom = RN_DENOM_TOTAL;
  else if (!strcmp(s, "out")) p->denom = RN_DENOM_OUT;
  else if (!strcmp(s, "auto")) p->denom = RN_DENOM_AUTO;
  else if (!strncmp(s, "field:", 6) && s[6]) {
    p->denom = RN_DENOM_FIELD;
    snprintf(p->denom_field, sizeof p->denom_field, "%s", s + 6);
  } else
    return RN_EPARAM;
  return RN_OK;
}

static int bad(rn_ctx_t *ctx, const char *path, const char *what) {
  return rn_error(ctx, RN_EPARAM, "%s: %s", path, what);
}

static int parse_level(rn_ctx_t *ctx, const char *path, json_t *jl, int l, rn_level_params_t *lp) {
  char msg[256];
  if (!json_is_object(jl)) {
    snprintf(msg, sizeof msg, "levels[%d] is not an object", l);
    return bad(ctx, path, msg);
  }
  const char *key;
  json_t *v;
  json_object_foreach(jl, key, v) {
    if (!strcmp(key, "name") && json_is_string(v)) {
      /* the name becomes a layer name: cutting it could split a UTF-8
       * character (the provenance JSON then loses the level) or make two
       * names equal, so refuse rather than truncate */
      const char *s = json_string_value(v);
      size_t n = strlen(s);
      if (n == 0 || n >= sizeof lp->name || n != json_string_length(v)) {
        snprintf(msg, sizeof msg, "levels[%d].name must be 1 to %d bytes of text", l,
                 (int)sizeof lp->name - 1);
        return bad(ctx, path, msg);
      }
      memcpy(lp->name, s, n + 1);
    } else if (!strcmp(key, "threshold") && json_is_number(v)) {
      lp->theta = json_number_value(v);
      if (!(lp->theta > 0 && lp->theta <= 1)) {
        snprintf(msg, sizeof msg, "levels[%d].threshold %g is outside (0,1]", l, lp->theta);
        return bad(ctx, path, msg);
      }
    } else if (!strcmp(key, "min_mass") && json_is_number(v)) {
      lp->min_mass = json_number_value(v);
      lp->min_mass_share = 0;
      if (!(lp->min_mass >= 0)) {
        snprintf(msg, sizeof msg, "levels[%d].min_mass %g is negative", l, lp->min_mass);
        return bad(ctx, path, msg);
      }
    } else if (!strcmp(key, "min_mass") && json_is_string(v)) {
      /* a share of the total mass of all units: "2%" */
      const char *s = json_string_value(v);
      char *end;
      double x = strtod(s, &end);
      if (end == s || strcmp(end, "%") || !(x >= 0 && x <= 100)) {
        snprintf(msg, sizeof msg,
                 "levels[%d].min_mass '%.40s' is not a share of the total mass from 0%% to 100%% "
                 "(e.g. \"2%%\") nor a number", l, s);
        return bad(ctx, path, msg);
      }
      lp->min_mass = 0;
      lp->min_mass_share = x / 100;
    } else if (!strcmp(key, "mode") && json_is_string(v)) {
      if (rn_mode_parse(json_string_value(v), &lp->mode) != RN_OK) {
        snprintf(msg, sizeof msg, "levels[%d].mode '%.40s' is not dominant, chain or core", l,
                 json_string_value(v));
        return bad(ctx, path, msg);
      }
    } else if (!strcmp(key, "cores") && (json_is_string(v) || json_is_null(v))) {
      free(lp->cores);
      lp->cores = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
    } else if (!strcmp(key, "scope") && json_is_string(v)) {
      const char *s = json_string_value(v);
      if (!strcmp(s, "remaining")) lp->scope = RN_SCOPE_REMAINING;
      else if (!strcmp(s, "nested")) lp->scope = RN_SCOPE_NESTED;
      else {
        snprintf(msg, sizeof msg, "levels[%d].scope '%.40s' is not remaining or nested", l, s);
        return bad(ctx, path, msg);
      }
    } else if (!strcmp(key, "cover_all") && json_is_boolean(v)) {
      lp->cover_all = json_is_true(v);
    } else {
      snprintf(msg, sizeof msg, "levels[%d]: unknown key or wrong type for '%.60s'", l, key);
      return bad(ctx, path, msg);
    }
  }
  return RN_OK;
}

int rn_params_from_json(rn_ctx_t *ctx, const char *path, const char *text, size_t len,
                        rn_params_t *p) {
  json_error_t err;
  /* a UTF-8 byte-order mark (Windows editors write one) is read past, as in
   * flow files; column numbers then count from after it */
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, len -= 3;
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
  if (!root)
    return rn_error(ctx, RN_EPARAM, "%s:%d:%d: %s", path, err.line, err.column, err.text);
  int rc = RN_OK;
  char msg[256];
  if (!json_is_object(root)) {
    rc = bad(ctx, path, "the parameter file must hold a JSON object");
    goto done;
  }
  json_t *v = json_object_get(root, "preset");
  if (v && !json_is_null(v)) { /* null: no preset (as the writer puts it) */
    if (!json_is_string(v)) {
      rc = bad(ctx, path, "'preset' must be a string");
      goto done;
    }
    if ((rc = rn_params_preset(ctx, json_string_value(v), p)) != RN_OK) {
      char why[sizeof ctx->err];
      snprintf(why, sizeof why, "%s", ctx->err);
      rc = bad(ctx, path, why);
      goto done;
    }
  }
  const char *key;
  json_object_foreach(root, key, v) {
    if (!strcmp(key, "preset")) continue;
    if (!strcmp(key, "denominator") && json_is_string(v)) {
      if (rn_denom_parse(json_string_value(v), p) != RN_OK) {
        rc = bad(ctx, path, "'denominator' must be total, out, auto or field:NAME");
        goto done;
      }
    } else if (!strcmp(key, "contiguity") && json_is_string(v)) {
      const char *s = json_string_value(v);
      if (strcmp(s, "enforce") && strcmp(s, "ignore")) {
        rc = bad(ctx, path, "'contiguity' must be enforce or ignore");
        goto done;
      }
      p->contiguity = !strcmp(s, "enforce");
    } else if (!strcmp(key, "adjacency") && json_is_string(v)) {
      const char *s = json_string_value(v);
      if (strcmp(s, "rook") && strcmp(s, "queen")) {
        rc = bad(ctx, path, "'adjacency' must be rook or queen");
        goto done;
      }
      p->queen = !strcmp(s, "queen");
    } else if (!strcmp(key, "dominance") && json_is_string(v)) {
      if (rn_dominance_parse(json_string_value(v), &p->dominance_any) != RN_OK) {
        rc = bad(ctx, path, "'dominance' must be mass or any");
        goto done;
      }
    } else if (!strcmp(key, "levels") && json_is_array(v)) {
      size_t nl = json_array_size(v);
      if (nl < 1 || nl > RN_MAX_LEVELS) {
        snprintf(msg, sizeof msg, "'levels' must hold 1 to %d levels", RN_MAX_LEVELS);
        rc = bad(ctx, path, msg);
        goto done;
      }
      for (size_t l = 0; l < nl; l++) {
        rn_level_params_t *lp = &p->level[l];
        if ((int)l >= p->nlevels) { /* a new level: defaults first */
          free(lp->cores);
          memset(lp, 0, sizeof *lp);
          snprintf(lp->name, sizeof lp->name, "level%d", (int)l + 1);
          lp->scope = RN_SCOPE_REMAINING;
        }
        if ((rc = parse_level(ctx, path, json_array_get(v, l), (int)l, lp)) != RN_OK) goto done;
      }
      for (int l = (int)nl; l < p->nlevels; l++) {
        free(p->level[l].cores);
        memset(&p->level[l], 0, sizeof p->level[l]);
      }
      p->nlevels = (int)nl;
      /* a level added beyond the preset starts with no threshold (0, which
       * every share would meet): it must be given one */
      for (int a = 0; a < p->nlevels; a++)
        if (!(p->level[a].theta > 0 && p->level[a].theta <= 1)) {
          snprintf(msg, sizeof msg, "levels[%d] ('%.40s') needs a threshold in (0,1]", a,
                   p->level[a].name);
          rc = bad(ctx, path, msg);
          goto done;
        }
      /* level names become layer names next to 'units': they must differ */
      for (int a = 0; a < p->nlevels; a++)
        for (int b = a + 1; b <= p->nlevels; b++)
          if (!strcmp(p->level[a].name, b < p->nlevels ? p->level[b].name : "units")) {
            snprintf(msg, sizeof msg, "two levels are named '%.40s' (or a level is named 'units')",
                     p->level[a].name);
            rc = bad(ctx, path, msg);
            goto done;
          }
    } else {
      snprintf(msg, sizeof msg, "unknown key or wrong type for '%.60s'", key);
      rc = bad(ctx, path, msg);
      goto done;
    }
  }
done:
  json_decref(root);
  return rc;
}

int rn_params_read_file(rn_ctx_t *ctx, const char *path, rn_params_t *p) {
  FILE *f = fopen(path, "rb");
  if (!f) return rn_error(ctx, RN_EIO, "%s: cannot open the parameter file", path);
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) { /* a folder opens, then reads as "" */
    fclose(f);
    return rn_error(ctx, RN_EIO, "%s: not a regular file (a parameter file is JSON text)", path);
  }
  char *buf = NULL;
  size_t len = 0, cap = 0, got;
  do {
    if (len + 4096 > cap) {
      cap = cap ? 2 * cap : 8192;
      char *nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(f);
        return rn_error(ctx, RN_ENOMEM, "out of memory");
      }
      buf = nb;
    }
    got = fread(buf + len, 1, 4096, f);
    len += got;
  } while (got > 0);
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    return rn_error(ctx, RN_EIO, "%s: cannot read the parameter file", path);
  }
  int rc = rn_params_from_json(ctx, path, buf ? buf : "", len, p);
  free(buf);
  return rc;
}

char *rn_params_to_json(const rn_params_t *p, const rn_result_t *r) {
  json_t *levels = json_array();
  for (int l = 0; l < p->nlevels; l++) {
    const rn_level_params_t *lp = &p->level[l];
    char share[48];
    snprintf(share, sizeof share, "%.15g%%", 100 * lp->min_mass_share);
    json_t *mm = lp->min_mass_share > 0 ? json_string(share) : json_real(lp->min_mass);
    json_array_append_new(
        levels, json_pack("{s:s,s:f,s:o,s:s,s:s?,s:s,s:b}", "name", lp->name, "threshold",
                          lp->theta, "min_mass", mm, "mode", rn_mode_name(lp->mode),
                          "cores", lp->cores, "scope",
                          lp->scope == RN_SCOPE_NESTED ? "nested" : "remaining", "cover_all",
                          lp->cover_all));
  }
  rn_denom_t d = r ? r->denom : p->denom;
  const char *field = r ? r->denom_field : p->denom_field;
  char denom[160];
  if (d == RN_DENOM_FIELD) snprintf(denom, sizeof denom, "field:%s", field);
  else snprintf(denom, sizeof denom, "%s", rn_denom_name(d));
  json_t *root = json_pack("{s:s?,s:s,s:s,s:s,s:s,s:o}", "preset",
                           p->preset[0] ? p->preset : NULL, "denominator", denom, "contiguity",
                           p->contiguity ? "enforce" : "ignore", "adjacency",
                           p->queen ? "queen" : "rook", "dominance",
                           p->dominance_any ? "any" : "mass", "levels", levels);
  char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  json_decref(root);
  return s;
}
