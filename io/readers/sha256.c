/* Input checksums for provenance (OpenSSL's libcrypto). */
#include "engine/engine.h"

#include <openssl/evp.h>
#include <stdio.h>

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
