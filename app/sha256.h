/* sha256.h — SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104): pseudonymous ids (export), the
 * prompt hash stored with every summary.  Implemented with OpenSSL's libcrypto (app/sha256_ossl.c).
 * They cannot fail for lack of anything but memory inside OpenSSL, which aborts. */
#ifndef GV_SHA256_H
#define GV_SHA256_H

#include <stddef.h>

/* Digest of data[0..n) into out. */
void sha256(const void *data, size_t n, unsigned char out[32]);

/* HMAC-SHA-256 of msg[0..n) under key[0..klen) into out. */
void sha256_hmac(const unsigned char *key, size_t klen, const void *msg, size_t n, unsigned char out[32]);

/* A key made ready for many HMACs (the inner and outer hashes with the padded key absorbed once):
 * sha256_hmac_keyed gives the same bytes as sha256_hmac under that key, several times faster for
 * short messages (k holds scratch: one thread at a time).  sha256_hmac_key_new copies what it needs of key (the caller keeps key); NULL
 * when out of memory.  Free with sha256_hmac_key_free (NULL is fine). */
typedef struct sha256_hmac_key sha256_hmac_key;
sha256_hmac_key *sha256_hmac_key_new(const unsigned char *key, size_t klen);
void sha256_hmac_keyed(sha256_hmac_key *k, const void *msg, size_t n, unsigned char out[32]);
void sha256_hmac_key_free(sha256_hmac_key *k);

#endif
