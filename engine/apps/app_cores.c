/* --cores as people write them: unit codes, or unit names where a name is
 * unique ("Seoul;Busan+Ulsan"); each name is replaced by its code (the
 * provenance records codes) and reported. An unknown core gets the hint a
 * near-twin code gives (another prefix, zero padding). */
#include "app_options.h"
#include "io/readers/flows_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int resolve(rn_ctx_t *ctx, const rn_units_t *u, const char *level, const char *tok,
                   size_t len, char **code) {
  char *t = strndup(tok, len);
  if (!t) return rn_error(ctx, RN_ENOMEM, "out of memory");
  *code = NULL;
  if (rn_units_find(u, t) >= 0) {
    *code = t;
    return RN_OK;
  }
  int64_t hit = -1, hit2 = -1;
  for (int64_t i = 0; i < u->n; i++)
    if (!strcasecmp(u->name[i], t)) {
      if (hit < 0) hit = i;
      else if (hit2 < 0) hit2 = i;
    }
  int rc = RN_OK;
  if (hit >= 0 && hit2 >= 0) {
    rc = rn_error(ctx, RN_EPARAM,
                  "designated core '%s' (level %s) is the name of units %s and %s: give a code",
                  t, level, u->code[hit], u->code[hit2]);
  } else if (hit >= 0) {
    rn_report(ctx, "--cores: '%s' is unit %s", t, u->code[hit]);
    *code = strdup(u->code[hit]);
    if (!*code) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
  } else {
    char hint[200];
    rn_code_hint(u->code, u->n, t, strlen(t), hint, sizeof hint);
    rc = rn_error(ctx, RN_EPARAM, "designated core '%s' (level %s) is not a unit code or name%s",
                  t, level, hint);
  }
  free(t);
  return rc;
}

int rn_app_cores_resolve(rn_ctx_t *ctx, const rn_units_t *u, rn_params_t *p) {
  for (int l = 0; l < p->nlevels; l++) {
    const char *s = p->level[l].cores;
    if (!s) continue;
    size_t cap = strlen(s) * 2 + 64, len = 0;
    char *outs = malloc(cap);
    if (!outs) return rn_error(ctx, RN_ENOMEM, "out of memory");
    int rc = RN_OK;
    while (*s && rc == RN_OK) {
      size_t sep = strspn(s, ";,+ "); /* separators and blanks kept as they are */
      size_t tl = strcspn(s + sep, ";,+");
      while (tl && s[sep + tl - 1] == ' ') tl--;
      char *code = NULL;
      if (tl) rc = resolve(ctx, u, p->level[l].name, s + sep, tl, &code);
      size_t need = len + sep + (code ? strlen(code) : 0) + 1;
      if (rc == RN_OK && need > cap) {
        char *x = realloc(outs, cap = need * 2);
        if (!x) rc = rn_error(ctx, RN_ENOMEM, "out of memory");
        else outs = x;
      }
      if (rc == RN_OK) {
        memcpy(outs + len, s, sep);
        len += sep;
        if (code) memcpy(outs + len, code, strlen(code)), len += strlen(code);
      }
      free(code);
      s += sep + tl;
      while (*s == ' ') s++;
    }
    if (rc != RN_OK) {
      free(outs);
      return rc;
    }
    outs[len] = 0;
    free(p->level[l].cores);
    p->level[l].cores = outs;
  }
  return RN_OK;
}
