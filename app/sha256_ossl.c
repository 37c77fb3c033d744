/* sha256_ossl.c — SHA-256 and HMAC-SHA-256 (app/sha256.h) through OpenSSL's libcrypto.
 *
 * libcurl on Debian (libcurl4-openssl-dev) links OpenSSL already, so its libcrypto costs the
 * binary nothing more; and for cryptography a library that is reviewed, tested against the NIST
 * vectors and maintained beats a hand-written implementation (app/sha256.c before).  One-shot
 * calls: EVP_Digest and HMAC (OpenSSL 1.1 and 3.x). */
#include "app/sha256.h"

#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

void sha256(const void *data, size_t n, unsigned char out[32])
{
	unsigned int len = 32;
	/* Fails only when out of memory inside OpenSSL: nothing sensible remains to be done. */
	if (!EVP_Digest(data, n, out, &len, EVP_sha256(), NULL) || len != 32)
		abort();
}

void sha256_hmac(const unsigned char *key, size_t klen, const void *msg, size_t n, unsigned char out[32])
{
	unsigned int len = 32;
	if (!HMAC(EVP_sha256(), key, (int)klen, msg, n, out, &len) || len != 32)
		abort();
}
