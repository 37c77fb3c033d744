/* sha256_ossl.c — SHA-256 and HMAC-SHA-256 (app/sha256.h) through OpenSSL's libcrypto.
 *
 * libcurl on Debian (libcurl4-openssl-dev) links OpenSSL already, so its libcrypto costs the
 * binary nothing more; and for cryptography a library that is reviewed, tested against the NIST
 * vectors and maintained beats a hand-written implementation (app/sha256.c before).  One-shot
 * calls: EVP_Digest and HMAC (OpenSSL 1.1 and 3.x). */
#include "app/sha256.h"

#include <stdlib.h>
#include <string.h>

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

/* RFC 2104: H((K' ^ opad) || H((K' ^ ipad) || m)), K' the key zero-padded to the block (hashed
 * first when longer).  The two contexts hold the padded key's block already absorbed; each HMAC
 * copies them (EVP_MD_CTX_copy_ex) and hashes the message and the inner digest. */
struct sha256_hmac_key {
	EVP_MD_CTX *inner, *outer, *work;
};

sha256_hmac_key *sha256_hmac_key_new(const unsigned char *key, size_t klen)
{
	sha256_hmac_key *k = calloc(1, sizeof *k);
	if (!k)
		return NULL;
	k->inner = EVP_MD_CTX_new();
	k->outer = EVP_MD_CTX_new();
	k->work = EVP_MD_CTX_new();
	if (!k->inner || !k->outer || !k->work) {
		sha256_hmac_key_free(k);
		return NULL;
	}
	unsigned char kb[64] = {0}, ipad[64], opad[64];
	if (klen > sizeof kb)
		sha256(key, klen, kb);
	else if (klen)
		memcpy(kb, key, klen);
	for (int i = 0; i < 64; i++) {
		ipad[i] = (unsigned char)(kb[i] ^ 0x36);
		opad[i] = (unsigned char)(kb[i] ^ 0x5c);
	}
	if (!EVP_DigestInit_ex(k->inner, EVP_sha256(), NULL) || !EVP_DigestUpdate(k->inner, ipad, 64) ||
	    !EVP_DigestInit_ex(k->outer, EVP_sha256(), NULL) || !EVP_DigestUpdate(k->outer, opad, 64))
		abort();
	return k;
}

void sha256_hmac_keyed(sha256_hmac_key *k, const void *msg, size_t n, unsigned char out[32])
{
	unsigned char in[32];
	unsigned int len = 32;
	EVP_MD_CTX *w = k->work;
	if (!EVP_MD_CTX_copy_ex(w, k->inner) || !EVP_DigestUpdate(w, msg, n) || !EVP_DigestFinal_ex(w, in, &len) ||
	    len != 32 || !EVP_MD_CTX_copy_ex(w, k->outer) || !EVP_DigestUpdate(w, in, 32) ||
	    !EVP_DigestFinal_ex(w, out, &len) || len != 32)
		abort();
}

void sha256_hmac_key_free(sha256_hmac_key *k)
{
	if (!k)
		return;
	EVP_MD_CTX_free(k->inner);
	EVP_MD_CTX_free(k->outer);
	EVP_MD_CTX_free(k->work);
	free(k);
}
