/* Input checksums for provenance (OpenSSL's libcrypto). */
#include "engine/engine.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

int rn_file_sha256(rn_ctx_t *ctx, const char *path, char hex[65]) {
  hex[0] = 0;
  if (rn_source_is_db(path)) return RN_OK; /* provenance records its rows instead */
  FILE *f = fopen(path, "rb");
  if (!f) return rn_error(ctx, RN_EIO, "%s: cannot open to checksum", path);
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
    fclose(f);
    EVP_MD_CTX_free(md);
    return rn_error(ctx, RN_EINTERNAL, "SHA-256 unavailable");
  }
  unsigned char buf[1 << 16], out[EVP_MAX_MD_SIZE];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, f)) > 0) EVP_DigestUpdate(md, buf, got);
  int err = ferror(f);
  fclose(f);
  unsigned int len = 0;
  EVP_DigestFinal_ex(md, out, &len);
  EVP_MD_CTX_free(md);
  if (err) return rn_error(ctx, RN_EIO, "%s: read error while checksumming", path);
  for (unsigned int k = 0; k < len && k < 32; k++) snprintf(hex + 2 * k, 3, "%02x", out[k]);
  hex[64] = 0;
  return RN_OK;
}

/* ------------------------------------------- what was read, for databases */
/* A database has no file to checksum; these digest the data as read, in
 * unit-code order, so the same rows give the same digest whatever their
 * order in the table or the query. */
static int digest_hex(EVP_MD_CTX *md, char hex[65]) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  int ok = EVP_DigestFinal_ex(md, out, &len);
  EVP_MD_CTX_free(md);
  for (unsigned int k = 0; ok && k < len && k < 32; k++) snprintf(hex + 2 * k, 3, "%02x", out[k]);
  hex[ok ? 64 : 0] = 0;
  return ok;
}

static void put(EVP_MD_CTX *md, const char *s) { EVP_DigestUpdate(md, s, strlen(s)); }

static void put_num(EVP_MD_CTX *md, double v, const char *end) {
  char b[40];
  snprintf(b, sizeof b, "%.17g%s", v, end);
  put(md, b);
}

static EVP_MD_CTX *digest_new(void) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  if (md && !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
    EVP_MD_CTX_free(md);
    md = NULL;
  }
  return md;
}

int rn_flows_data_sha256(const rn_units_t *u, const rn_flows_t *f, char hex[65]) {
  EVP_MD_CTX *md = digest_new();
  hex[0] = 0;
  if (!md) return 0;
  /* "origin<TAB>destination<TAB>value<LF>" per pair in (origin, destination)
   * order, the diagonal in its place */
  for (int64_t i = 0; i < f->n; i++) {
    int diag = f->diag && f->diag[i] > 0;
    for (int64_t k = f->row[i]; k <= f->row[i + 1]; k++) {
      int64_t j = k < f->row[i + 1] ? f->col[k] : f->n;
      if (diag && j > i) { /* the diagonal before the first pair past it */
        put(md, u->code[i]);
        put(md, "\t");
        put(md, u->code[i]);
        put(md, "\t");
        put_num(md, f->diag[i], "\n");
        diag = 0;
      }
      if (k == f->row[i + 1]) break;
      put(md, u->code[i]);
      put(md, "\t");
      put(md, u->code[j]);
      put(md, "\t");
      put_num(md, f->val[k], "\n");
    }
  }
  return digest_hex(md, hex);
}

int rn_units_data_sha256(rn_ctx_t *ctx, const rn_units_t *u, char hex[65]) {
  EVP_MD_CTX *md = digest_new();
  GEOSWKBWriter *w = md ? GEOSWKBWriter_create_r(ctx->geos) : NULL;
  hex[0] = 0;
  if (!w) {
    EVP_MD_CTX_free(md);
    return 0;
  }
  /* "code<TAB>name<TAB>mass<TAB>" then the geometry's WKB (working CRS) */
  for (int64_t i = 0; i < u->n; i++) {
    put(md, u->code[i]);
    put(md, "\t");
    put(md, u->name[i] ? u->name[i] : "");
    put(md, "\t");
    put_num(md, u->mass ? u->mass[i] : 0, "\t");
    size_t len = 0;
    unsigned char *wkb = u->geom[i] ? GEOSWKBWriter_write_r(ctx->geos, w, u->geom[i], &len) : NULL;
    if (wkb) EVP_DigestUpdate(md, wkb, len);
    GEOSFree_r(ctx->geos, wkb);
  }
  GEOSWKBWriter_destroy_r(ctx->geos, w);
  return digest_hex(md, hex);
}
