/* Flow values written with a decimal point or a decimal comma. A ';'-
 * separated file is the European convention, where ',' is the decimal mark
 * and '.' may group thousands: its mark is learnt from the first value that
 * settles it, and a value it cannot settle ("1.234": 1.234, or 1234 with '.'
 * grouping thousands?) is an error that says so, never a guess. Thousands
 * separators are not read: "1.234,5" is refused with the reason. */
#include "io/readers/flows_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rn_decimal_init(rn_decimal_t *d, char opt, char delim) {
  memset(d, 0, sizeof *d);
  d->fixed = opt != 0;
  d->mode = opt ? opt : delim == ';' ? 0 : '.';
}

static const char *fail(char *why, size_t size, const char *fmt, const char *a, const char *b) {
  snprintf(why, size, fmt, a, b);
  return why;
}

const char *rn_decimal_parse(rn_decimal_t *d, const char *text, const char *at, double *v,
                             char *why, size_t size) {
  size_t n = strlen(text);
  const char *dot = strchr(text, '.'), *comma = strchr(text, ',');
  int ndot = 0, ncomma = 0;
  for (const char *p = text; *p; p++) ndot += *p == '.', ncomma += *p == ',';
  if (dot && comma)
    return fail(why, size,
                "'%s': both '.' and ',' (a thousands separator?); thousands separators are not "
                "read: write 1234.5, or 1234,5 with --decimal ,%s",
                text, "");
  if (ndot > 1 || ncomma > 1)
    return fail(why, size,
                "'%s': more than one '%s' (a thousands separator?); thousands separators are not "
                "read: write the number without them",
                text, ndot > 1 ? "." : ",");
  if (comma) {
    if (d->mode == '.') {
      char more[400];
      if (d->fixed) snprintf(more, sizeof more, "the decimal mark is '.' (--decimal .)");
      else if (d->since[0])
        snprintf(more, sizeof more, "the decimal mark is '.' (learnt from %.300s)", d->since);
      else
        snprintf(more, sizeof more,
                 "the decimal mark is '.' in a file not separated by ';' (give --decimal , for "
                 "decimal commas)");
      return fail(why, size, "'%s' has a ','; %s", text, more);
    }
    if (!d->mode) {
      d->mode = ',';
      snprintf(d->since, sizeof d->since, "%.250s", at);
    }
  } else if (dot) {
    if (d->mode == ',') {
      char more[400];
      snprintf(more, sizeof more,
               "the decimal mark is ',' (%s%.300s); thousands separators are not read",
               d->fixed ? "--decimal ," : "learnt from ", d->fixed ? "" : d->since);
      return fail(why, size, "'%s' has a '.'; %s", text, more);
    }
    if (!d->mode) {
      /* "1.234": exactly three digits after the only '.' could group thousands */
      size_t after = n - (size_t)(dot - text) - 1;
      int grouped = after == 3 && dot > text;
      for (const char *p = dot + 1; grouped && *p; p++) grouped = *p >= '0' && *p <= '9';
      if (grouped)
        return fail(why, size,
                    "'%s' is ambiguous in a ';'-separated file: 1.234 with a decimal point, or "
                    "1234 with '.' grouping thousands (the European way)%s; give --decimal . or "
                    "--decimal ,",
                    text, "");
      d->mode = '.';
      snprintf(d->since, sizeof d->since, "%.250s", at);
    }
  }
  const char *bad;
  if (comma) {
    char *t = strdup(text);
    if (!t) return "out of memory";
    t[comma - text] = '.';
    bad = rn_flow_value_parse(t, v);
    free(t);
  } else {
    bad = rn_flow_value_parse(text, v);
  }
  if (bad) return fail(why, size, "'%s' is %s", text, bad);
  return NULL;
}
