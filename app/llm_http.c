/* llm_http.c — the HTTP backend: POST {url}/chat/completions, the OpenAI-compatible chat API that
 * llama.cpp's server, Ollama, vLLM and hosted services speak (see llm.h).  The only file that
 * includes curl.
 *
 * Every request of an engine runs on one libcurl multi handle, driven through its socket and timer
 * callbacks (libcurl's "multi_socket" API), so the descriptors to poll() and the next time-out are
 * known at every moment and nothing spins; connections are kept alive and reused between requests.
 *
 * Retries: a failure that may pass (no connection, a time-out, HTTP 408, 429 and 5xx other than 501
 * and 505) is tried again up to `retries` times.  The wait before attempt k+1 (k = 1, 2, ...) is
 * what the server's Retry-After says (delta-seconds or an HTTP-date, RFC 9110 section 10.2.3) plus
 * up to 250 ms, or else "equal jitter" exponential back-off: d = backoff_ms * 2^(k-1), capped at 30 s,
 * and a wait drawn uniformly from [d/2, d] (Brooker, "Exponential Backoff And Jitter", AWS
 * Architecture Blog, 2015), so that N requests refused together do not come back together.  A
 * Retry-After longer than the model's time-out ends the request (it says when to try again).
 * 400, 401, 403, 404 and other 4xx are not retried: the message says what to fix.
 *
 * The API key: read by llm_start from the environment variable the model names, sent only as an
 * "Authorization: Bearer" header built in memory (never on a command line), only to the configured
 * server: redirects are not followed (CURLOPT_FOLLOWLOCATION off; a 3xx is an error naming where
 * it points), and only http and https are allowed.  Every text of the server's that goes into a
 * message passes llm_fail, which scrubs the key.  Header strings are wiped before they are freed. */
#include "app/llm_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "app/buf.h"
#include "core/text.h"

#define BODY_MAX (1 << 20)       /* bytes of an answer we read: 64 KiB of text JSON-escaped fits */
#define PROBE_TIMEOUT_MS 10000   /* /props and /api/tags */
#define BACKOFF_CAP_MS 30000
#define SERVER_MSG_MAX 200       /* bytes of a server's error message quoted */

enum { KIND_REQ = 1, KIND_PROBE = 2 };
enum { ID_PROPS, ID_TAGS, ID_DONE };

typedef struct ident {
	int kind; /* KIND_PROBE: first, the CURLOPT_PRIVATE tag */
	struct ident *next;
	char *root, *model; /* what it identifies: server root URL, configured model ("" none) */
	int state;          /* ID_* */
	CURL *easy;
	struct curl_slist *hdrs;
	gv_buf body;
	int body_toobig;
	int64_t timeout_ms;
	char *build_info, *model_path, *digest, *quant;
} ident;

typedef struct hreq {
	int kind; /* KIND_REQ */
	llm_job *job;
	CURL *easy; /* the attempt in flight, NULL between attempts */
	struct curl_slist *hdrs;
	char *url;
	char *body;
	gv_buf resp;
	int resp_toobig;
	char errbuf[CURL_ERROR_SIZE];
	int64_t retry_after_ms; /* from the last answer's Retry-After, -1 none */
	char *location;         /* the last answer's Location */
	int64_t wake_at;        /* back-off: when to send the next attempt (-1: not waiting) */
	int waiting_ident;      /* answered; waiting for the identity probe */
	int64_t timeout_ms;
	ident *id;
} hreq;

typedef struct sockent {
	curl_socket_t fd;
	short events;
} sockent;

struct llm_http {
	CURLM *multi;
	sockent *socks;
	size_t nsocks, capsocks;
	int64_t timer_at; /* -1: no curl timer */
	ident *idents;
};

static int curl_users; /* engines alive: curl_global_init once, cleanup with the last one */

/* ---------------------------------------------------------------- small helpers */

/* Free a header list after overwriting its strings (one holds the key). */
static void free_headers(struct curl_slist *h)
{
	for (struct curl_slist *p = h; p; p = p->next)
		if (p->data)
			llm_wipe(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static struct curl_slist *make_headers(const llm_job *j, int json_body)
{
	struct curl_slist *h = NULL, *t;
	if (!(t = curl_slist_append(h, "Accept: application/json")))
		return NULL;
	h = t;
	if (json_body) {
		/* No "Expect: 100-continue" round trip for bodies over 1 KiB. */
		if (!(t = curl_slist_append(h, "Content-Type: application/json")) || !(h = t, t = curl_slist_append(h, "Expect:"))) {
			free_headers(h);
			return NULL;
		}
		h = t;
	}
	if (j->key) {
		static const char pre[] = "Authorization: Bearer ";
		size_t n = sizeof pre - 1 + j->keylen;
		char *line = malloc(n + 1);
		if (!line) {
			free_headers(h);
			return NULL;
		}
		memcpy(line, pre, sizeof pre - 1);
		memcpy(line + sizeof pre - 1, j->key, j->keylen);
		line[n] = '\0';
		t = curl_slist_append(h, line);
		llm_wipe(line, n);
		free(line);
		if (!t) {
			free_headers(h);
			return NULL;
		}
		h = t;
	}
	return h;
}

static const char *reason(long status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 413: return "Content Too Large";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}

/* Retry-After (RFC 9110, 10.2.3): delta-seconds or an HTTP-date.  Milliseconds, -1 when neither. */
static int64_t parse_retry_after(const char *v, size_t n)
{
	char tmp[128];
	while (n && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	if (strspn(tmp, "0123456789") == n) {
		if (n > 7)
			return 10000000LL * 1000; /* absurd: more than any time-out */
		return atoll(tmp) * 1000;
	}
	time_t when = curl_getdate(tmp, NULL);
	if (when == (time_t)-1)
		return -1;
	double d = difftime(when, time(NULL));
	return d <= 0 ? 0 : (int64_t)(d * 1000);
}

/* The server's root: url without a final "/v1" (llama.cpp's /props and Ollama's /api/tags live
 * beside /v1, not under it).  malloc'd. */
static char *root_of(const char *url)
{
	size_t n = strlen(url);
	if (n >= 3 && strcmp(url + n - 3, "/v1") == 0)
		n -= 3;
	char *r = malloc(n + 1);
	if (r) {
		memcpy(r, url, n);
		r[n] = '\0';
	}
	return r;
}

static int scheme_ok(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* ---------------------------------------------------------------- curl callbacks */

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	size_t n = size * nmemb;
	int kind = *(int *)ud;
	gv_buf *b = kind == KIND_REQ ? &((hreq *)ud)->resp : &((ident *)ud)->body;
	if (b->len + n > BODY_MAX) {
		if (kind == KIND_REQ)
			((hreq *)ud)->resp_toobig = 1;
		else
			((ident *)ud)->body_toobig = 1;
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	buf_put(b, p, n);
	return buf_ok(b) ? n : 0;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	size_t n = size * nmemb;
	hreq *h = ud;
	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) { /* a new response (after a 1xx, say) */
		h->retry_after_ms = -1;
		free(h->location);
		h->location = NULL;
	} else if (n > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		h->retry_after_ms = parse_retry_after(p + 12, n - 12);
	} else if (n > 9 && strncasecmp(p, "Location:", 9) == 0) {
		size_t k = n - 9;
		const char *v = p + 9;
		while (k && (*v == ' ' || *v == '\t'))
			v++, k--;
		while (k && (v[k - 1] == '\r' || v[k - 1] == '\n' || v[k - 1] == ' '))
			k--;
		free(h->location);
		h->location = malloc(k + 1);
		if (h->location) {
			memcpy(h->location, v, k);
			h->location[k] = '\0';
		}
	}
	return n;
}

/* New sockets are close-on-exec: a program the command backend starts must not inherit them. */
static int on_sockopt(void *ud, curl_socket_t fd, curlsocktype purpose)
{
	(void)ud;
	(void)purpose;
	int fl = fcntl(fd, F_GETFD);
	if (fl >= 0)
		fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
	return CURL_SOCKOPT_OK;
}

static int on_socket(CURL *easy, curl_socket_t s, int what, void *ud, void *sockp)
{
	(void)easy;
	(void)sockp;
	llm_http *H = ud;
	size_t i = 0;
	while (i < H->nsocks && H->socks[i].fd != s)
		i++;
	if (what == CURL_POLL_REMOVE) {
		if (i < H->nsocks)
			H->socks[i] = H->socks[--H->nsocks];
		return 0;
	}
	if (i == H->nsocks) {
		if (H->nsocks == H->capsocks) {
			size_t cap = H->capsocks ? 2 * H->capsocks : 16;
			sockent *g = realloc(H->socks, cap * sizeof *g);
			if (!g)
				return -1; /* libcurl fails the transfer */
			H->socks = g;
			H->capsocks = cap;
		}
		H->socks[H->nsocks++].fd = s;
	}
	H->socks[i].events = (short)((what & CURL_POLL_IN ? POLLIN : 0) | (what & CURL_POLL_OUT ? POLLOUT : 0));
	return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *ud)
{
	(void)multi;
	llm_http *H = ud;
	H->timer_at = timeout_ms < 0 ? -1 : llm_now_ms() + timeout_ms;
	return 0;
}

/* An easy handle with what every transfer of ours shares. */
static CURL *new_easy(void *priv, const char *url, struct curl_slist *hdrs, int64_t timeout_ms, char *errbuf)
{
	CURL *c = curl_easy_init();
	if (!c)
		return NULL;
	int ok = curl_easy_setopt(c, CURLOPT_URL, url) == CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0 */
	ok = ok && curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK;
#else
	ok = ok && curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) == CURLE_OK;
#endif
	ok = ok && curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs) == CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_WRITEDATA, priv) == CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_PRIVATE, priv) == CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_SOCKOPTFUNCTION, on_sockopt) == CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms) == CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(timeout_ms < 30000 ? timeout_ms : 30000)) ==
			   CURLE_OK;
	ok = ok && curl_easy_setopt(c, CURLOPT_USERAGENT, "growthview") == CURLE_OK;
	if (errbuf) {
		errbuf[0] = '\0';
		ok = ok && curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf) == CURLE_OK;
	}
	if (!ok) {
		curl_easy_cleanup(c);
		return NULL;
	}
	return c;
}

/* ---------------------------------------------------------------- the engine's HTTP side */

static llm_http *http_get(llm_engine *e)
{
	if (e->http)
		return e->http;
	if (curl_users == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	curl_users++;
	llm_http *H = calloc(1, sizeof *H);
	if (H)
		H->multi = curl_multi_init();
	if (!H || !H->multi) {
		free(H);
		if (--curl_users == 0)
			curl_global_cleanup();
		return NULL;
	}
	H->timer_at = -1;
	curl_multi_setopt(H->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(H->multi, CURLMOPT_SOCKETDATA, H);
	curl_multi_setopt(H->multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(H->multi, CURLMOPT_TIMERDATA, H);
	e->http = H;
	return H;
}

static void ident_free(llm_http *H, ident *id)
{
	if (id->easy) {
		curl_multi_remove_handle(H->multi, id->easy);
		curl_easy_cleanup(id->easy);
	}
	free_headers(id->hdrs);
	buf_free(&id->body);
	free(id->root);
	free(id->model);
	free(id->build_info);
	free(id->model_path);
	free(id->digest);
	free(id->quant);
	free(id);
}

void llm_http_free(llm_engine *e)
{
	llm_http *H = e->http;
	if (!H)
		return;
	while (H->idents) {
		ident *id = H->idents;
		H->idents = id->next;
		ident_free(H, id);
	}
	curl_multi_cleanup(H->multi);
	free(H->socks);
	free(H);
	e->http = NULL;
	if (--curl_users == 0)
		curl_global_cleanup();
}

static void hreq_free(llm_http *H, hreq *h)
{
	if (!h)
		return;
	if (h->easy) {
		curl_multi_remove_handle(H->multi, h->easy);
		curl_easy_cleanup(h->easy);
	}
	free_headers(h->hdrs);
	free(h->url);
	free(h->body);
	free(h->location);
	buf_free(&h->resp);
	free(h);
}

/* ---------------------------------------------------------------- identity: /props, /api/tags */

static void probe_send(llm_http *H, ident *id)
{
	char url[2048];
	snprintf(url, sizeof url, "%s%s", id->root, id->state == ID_PROPS ? "/props" : "/api/tags");
	id->body.len = 0;
	id->body_toobig = 0;
	id->easy = new_easy(id, url, id->hdrs, id->timeout_ms, NULL);
	if (!id->easy || curl_multi_add_handle(H->multi, id->easy) != CURLM_OK) {
		if (id->easy)
			curl_easy_cleanup(id->easy);
		id->easy = NULL;
		id->state = ID_DONE;
	}
}

static char *json_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) && v->valuestring ? strdup(v->valuestring) : NULL;
}

/* Release the requests that waited for this identity. */
static void ident_done(llm_engine *e, ident *id);

static void probe_finished(llm_engine *e, ident *id, CURLcode rc)
{
	llm_http *H = e->http;
	long status = 0;
	curl_easy_getinfo(id->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(H->multi, id->easy);
	curl_easy_cleanup(id->easy);
	id->easy = NULL;
	cJSON *root = rc == CURLE_OK && status == 200 ? cJSON_ParseWithLength(id->body.p, id->body.len) : NULL;
	if (id->state == ID_PROPS) {
		if (cJSON_IsObject(root)) {
			id->build_info = json_str(root, "build_info");
			id->model_path = json_str(root, "model_path");
		}
		cJSON_Delete(root);
		if (id->build_info || id->model_path) {
			id->state = ID_DONE;
		} else {
			id->state = ID_TAGS;
			probe_send(H, id);
			if (id->state != ID_DONE)
				return;
		}
	} else {
		const cJSON *models = cJSON_GetObjectItemCaseSensitive(root, "models"), *m;
		cJSON_ArrayForEach(m, models)
		{
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(m, "name");
			const cJSON *model = cJSON_GetObjectItemCaseSensitive(m, "model");
			size_t ml = strlen(id->model);
			int hit = 0;
			for (int k = 0; k < 2 && !hit; k++) {
				const cJSON *v = k ? model : name;
				if (!cJSON_IsString(v) || !*id->model)
					continue;
				const char *s = v->valuestring;
				/* "llama3" in the config is "llama3:latest" in Ollama's list */
				hit = strcmp(s, id->model) == 0 ||
				      (strncmp(s, id->model, ml) == 0 && strcmp(s + ml, ":latest") == 0);
			}
			if (hit) {
				id->digest = json_str(m, "digest");
				id->quant = json_str(cJSON_GetObjectItemCaseSensitive(m, "details"), "quantization_level");
				break;
			}
		}
		cJSON_Delete(root);
		id->state = ID_DONE;
	}
	free_headers(id->hdrs);
	id->hdrs = NULL;
	buf_free(&id->body);
	ident_done(e, id);
}

/* The identity entry for the job's server and model; a probe is started for a new one.  NULL when
 * out of memory (the request then goes on without an identity). */
static ident *ident_for(llm_engine *e, llm_job *j)
{
	llm_http *H = e->http;
	char *root = root_of(j->m.url);
	const char *model = j->m.model ? j->m.model : "";
	if (!root)
		return NULL;
	for (ident *id = H->idents; id; id = id->next)
		if (strcmp(id->root, root) == 0 && strcmp(id->model, model) == 0) {
			free(root);
			return id;
		}
	ident *id = calloc(1, sizeof *id);
	if (!id || !(id->model = strdup(model)) || !(id->hdrs = make_headers(j, 0))) {
		if (id) {
			free(id->model);
			free(id);
		}
		free(root);
		return NULL;
	}
	id->kind = KIND_PROBE;
	id->root = root;
	id->state = ID_PROPS;
	int64_t t = (int64_t)(j->m.timeout * 1000);
	id->timeout_ms = t < PROBE_TIMEOUT_MS ? t : PROBE_TIMEOUT_MS;
	id->next = H->idents;
	H->idents = id;
	probe_send(H, id);
	if (id->state == ID_DONE) {
		free_headers(id->hdrs);
		id->hdrs = NULL;
	}
	return id;
}

static void copy_identity(llm_job *j, const ident *id)
{
	if (!id)
		return;
	j->res.build_info = llm_strdup0(id->build_info);
	j->res.model_path = llm_strdup0(id->model_path);
	j->res.digest = llm_strdup0(id->digest);
	j->res.quantization = llm_strdup0(id->quant);
}

/* ---------------------------------------------------------------- requests */

static void finish_req(llm_engine *e, llm_job *j)
{
	hreq *h = j->be;
	if (j->res.status == LLM_OK && h && h->id && h->id->state != ID_DONE) {
		h->waiting_ident = 1; /* the answer is in (t1 is set): wait for the probe */
		return;
	}
	if (j->res.status == LLM_OK && h)
		copy_identity(j, h->id);
	hreq_free(e->http, h);
	j->be = NULL;
	llm_job_finish(e, j);
}

static void ident_done(llm_engine *e, ident *id)
{
	for (llm_job *j = e->active, *next; j; j = next) {
		next = j->next;
		hreq *h = j->be;
		if (j->m.backend == GV_BACKEND_HTTP && h && h->id == id && h->waiting_ident)
			finish_req(e, j);
	}
}

static void send_attempt(llm_engine *e, llm_job *j)
{
	hreq *h = j->be;
	h->resp.len = 0;
	h->resp_toobig = 0;
	h->retry_after_ms = -1;
	free(h->location);
	h->location = NULL;
	h->easy = new_easy(h, h->url, h->hdrs, h->timeout_ms, h->errbuf);
	int ok = h->easy != NULL;
	ok = ok && curl_easy_setopt(h->easy, CURLOPT_POSTFIELDS, h->body) == CURLE_OK;
	ok = ok && curl_easy_setopt(h->easy, CURLOPT_POSTFIELDSIZE, (long)strlen(h->body)) == CURLE_OK;
	ok = ok && curl_easy_setopt(h->easy, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK;
	ok = ok && curl_easy_setopt(h->easy, CURLOPT_HEADERDATA, h) == CURLE_OK;
	ok = ok && curl_multi_add_handle(e->http->multi, h->easy) == CURLM_OK;
	if (!ok) {
		if (h->easy)
			curl_easy_cleanup(h->easy);
		h->easy = NULL;
		llm_fail(j, LLM_ERR_SYSTEM, "cannot start a transfer (out of memory?)");
		finish_req(e, j);
		return;
	}
	j->res.attempts++;
}

/* The server's own words about an error: error.message, error (a string), detail, message, or
 * the start of a plain-text body.  Scrubbed of the key and cut to SERVER_MSG_MAX bytes (at a
 * character boundary); malloc'd or NULL. */
static char *server_message(const llm_job *j, const gv_buf *body)
{
	if (!body->len)
		return NULL;
	cJSON *root = cJSON_ParseWithLength(body->p, body->len);
	const char *msg = NULL;
	size_t n = 0;
	if (cJSON_IsObject(root)) {
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
		const cJSON *m = cJSON_IsObject(err) ? cJSON_GetObjectItemCaseSensitive(err, "message") : err;
		if (!cJSON_IsString(m))
			m = cJSON_GetObjectItemCaseSensitive(root, "detail");
		if (!cJSON_IsString(m))
			m = cJSON_GetObjectItemCaseSensitive(root, "message");
		if (cJSON_IsString(m) && m->valuestring) {
			msg = m->valuestring;
			n = strlen(msg);
		}
	} else if (!root) {
		msg = body->p;
		n = body->len;
	}
	char *s = msg && n ? llm_scrub_dup(j, msg, n) : NULL;
	cJSON_Delete(root);
	if (!s)
		return NULL;
	size_t len = strlen(s);
	if (len > SERVER_MSG_MAX) {
		size_t cut = SERVER_MSG_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
		memcpy(s + cut, "...", 4);
	}
	return s;
}

/* Read a 2xx answer into the result.  Returns the status. */
static llm_status parse_answer(llm_job *j, hreq *h)
{
	cJSON *root = cJSON_ParseWithLength(h->resp.p, h->resp.len);
	if (!cJSON_IsObject(root)) {
		char *start = llm_scrub_dup(j, h->resp.p ? h->resp.p : "", h->resp.len < 60 ? h->resp.len : 60);
		llm_fail(j, LLM_ERR_PROTOCOL, "%s: the answer is not a JSON object (it starts '%s')", h->url,
			 start ? start : "");
		free(start);
		cJSON_Delete(root);
		return j->res.status;
	}
	llm_result *r = &j->res;
	r->server_model = json_str(root, "model");
	r->fingerprint = json_str(root, "system_fingerprint");
	const cJSON *usage = cJSON_GetObjectItemCaseSensitive(root, "usage");
	const cJSON *pt = cJSON_GetObjectItemCaseSensitive(usage, "prompt_tokens");
	const cJSON *ct = cJSON_GetObjectItemCaseSensitive(usage, "completion_tokens");
	if (cJSON_IsNumber(pt) && pt->valuedouble >= 0 && pt->valuedouble < 1e15)
		r->prompt_tokens = (int64_t)pt->valuedouble;
	if (cJSON_IsNumber(ct) && ct->valuedouble >= 0 && ct->valuedouble < 1e15)
		r->completion_tokens = (int64_t)ct->valuedouble;
	const cJSON *choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
	const cJSON *c0 = cJSON_IsArray(choices) ? cJSON_GetArrayItem(choices, 0) : NULL;
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(c0, "message");
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(msg, "content");
	r->finish_reason = json_str(c0, "finish_reason");
	r->truncated = r->finish_reason && strcmp(r->finish_reason, "length") == 0;
	if (!cJSON_IsObject(c0) || !cJSON_IsObject(msg)) {
		llm_fail(j, LLM_ERR_PROTOCOL, "%s: the answer has no choices[0].message", h->url);
	} else if (!cJSON_IsString(content) || !content->valuestring) {
		llm_fail(j, LLM_ERR_EMPTY, "%s: the answer has no text (finish_reason %s)", h->url,
			 r->finish_reason ? r->finish_reason : "none");
	} else {
		const char *t = content->valuestring;
		size_t n = strlen(t), k = 0;
		while (k < n && strchr(" \t\r\n\f\v", t[k]))
			k++;
		if (n > LLM_TEXT_MAX)
			llm_fail(j, LLM_ERR_TOOBIG, "%s: the model's text is longer than %d bytes (%zu)", h->url, LLM_TEXT_MAX, n);
		else if (!text_utf8_valid(t, n))
			llm_fail(j, LLM_ERR_ENCODING, "%s: the model's text is not valid UTF-8 (first bad byte at offset %zu)",
				 h->url, text_utf8_valid_prefix(t, n));
		else if (k == n)
			llm_fail(j, LLM_ERR_EMPTY, "%s: the model's text is empty (finish_reason %s)", h->url,
				 r->finish_reason ? r->finish_reason : "none");
		else if (!(r->text = strdup(t)))
			llm_fail(j, LLM_ERR_SYSTEM, "out of memory");
		else {
			r->text_len = n;
			r->status = LLM_OK;
			r->error[0] = '\0'; /* an earlier attempt's failure is history */
		}
	}
	cJSON_Delete(root);
	return r->status;
}

/* Is a failed transfer worth another attempt? */
static int curl_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_OPERATION_TIMEDOUT:
		return 1;
	default:
		return 0;
	}
}

static int status_retryable(long st)
{
	return st == 408 || st == 429 || (st >= 500 && st <= 599 && st != 501 && st != 505);
}

/* One attempt is over: success, a final failure, or a wait before the next attempt. */
static void attempt_finished(llm_engine *e, llm_job *j, CURLcode rc)
{
	hreq *h = j->be;
	long status = 0;
	curl_easy_getinfo(h->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(e->http->multi, h->easy);
	curl_easy_cleanup(h->easy);
	h->easy = NULL;
	j->res.http_status = (int)status;
	int retry = 0;
	const char *m = j->m.name ? j->m.name : "?";
	if (rc == CURLE_WRITE_ERROR && h->resp_toobig) {
		llm_fail(j, LLM_ERR_TOOBIG, "%s: the answer is larger than %d bytes", h->url, BODY_MAX);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		llm_fail(j, LLM_ERR_TIMEOUT, "%s: no answer within the time-out (%g s)", h->url, j->m.timeout);
		retry = 1;
	} else if (rc != CURLE_OK) {
		llm_fail(j, LLM_ERR_CONNECT, "%s: %s", h->url, h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc));
		retry = curl_retryable(rc);
	} else if (status >= 300 && status <= 399) {
		llm_fail(j, LLM_ERR_PROTOCOL,
			 "%s: the server redirects (%ld) to %s; redirects are not followed (the API key would go along): "
			 "set url in [model %s] to the address that answers",
			 h->url, status, h->location ? h->location : "(no Location)", m);
	} else if (status >= 400) {
		char *sm = status == 401 || status == 403 ? NULL : server_message(j, &h->resp);
		const char *sep = sm ? ": " : "", *smt = sm ? sm : "";
		const char *rs = reason(status);
		if (status_retryable(status)) {
			llm_fail(j, LLM_ERR_HTTP, "%s: %ld %s%s%s", h->url, status, rs, sep, smt);
			retry = 1;
		} else if (status == 400) {
			llm_fail(j, LLM_ERR_HTTP,
				 "%s: 400 Bad Request%s%s (check model, max_tokens, temperature and top_p in [model %s])",
				 h->url, sep, smt, m);
		} else if (status == 401) {
			if (j->m.api_key_env)
				llm_fail(j, LLM_ERR_HTTP,
					 "%s: 401 Unauthorized: the server does not accept the key in $%s; put a valid one there",
					 h->url, j->m.api_key_env);
			else
				llm_fail(j, LLM_ERR_HTTP,
					 "%s: 401 Unauthorized: the server wants an API key; set api_key_env in [model %s] "
					 "to the environment variable that holds it",
					 h->url, m);
		} else if (status == 403) {
			llm_fail(j, LLM_ERR_HTTP, "%s: 403 Forbidden: the key%s%s may not use model %s", h->url,
				 j->m.api_key_env ? " in $" : "", j->m.api_key_env ? j->m.api_key_env : "",
				 j->m.model ? j->m.model : "(none configured)");
		} else if (status == 404) {
			llm_fail(j, LLM_ERR_HTTP,
				 "%s: 404 Not Found%s%s (check url in [model %s]: an OpenAI-compatible base usually ends "
				 "in /v1; and model)",
				 h->url, sep, smt, m);
		} else {
			llm_fail(j, LLM_ERR_HTTP, "%s: %ld %s%s%s", h->url, status, rs, sep, smt);
		}
		free(sm);
	} else if (status >= 200 && status <= 299) {
		j->t1 = llm_now_ms();
		if (parse_answer(j, h) != LLM_OK)
			j->t1 = 0;
	} else {
		llm_fail(j, LLM_ERR_PROTOCOL, "%s: unexpected HTTP status %ld", h->url, status);
	}
	if (retry && j->res.attempts < 1 + j->m.retries) {
		int64_t wait;
		if (h->retry_after_ms >= 0) {
			if (h->retry_after_ms > h->timeout_ms) {
				char saved[sizeof j->res.error];
				memcpy(saved, j->res.error, sizeof saved);
				llm_fail(j, j->res.status, "%s; the server asks to wait %lld s before trying again, more than the time-out",
					 saved, (long long)(h->retry_after_ms / 1000));
				finish_req(e, j);
				return;
			}
			wait = h->retry_after_ms + (int64_t)llm_random(e, 250);
		} else {
			int k = j->res.attempts - 1; /* 0 for the first retry */
			int64_t d = (int64_t)(j->m.backoff_ms > 0 ? j->m.backoff_ms : 0);
			for (int i = 0; i < k && d < BACKOFF_CAP_MS; i++)
				d *= 2;
			if (d > BACKOFF_CAP_MS)
				d = BACKOFF_CAP_MS;
			wait = d / 2 + (int64_t)llm_random(e, (uint64_t)(d - d / 2) + 1);
		}
		h->wake_at = llm_now_ms() + wait;
		return;
	}
	if (retry && j->res.attempts > 1) {
		char saved[sizeof j->res.error];
		memcpy(saved, j->res.error, sizeof saved);
		llm_fail(j, j->res.status, "%s (after %d attempts)", saved, j->res.attempts);
	}
	finish_req(e, j);
}

static char *build_body(llm_job *j, char **params)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	if (j->m.model)
		cJSON_AddStringToObject(o, "model", j->m.model);
	if (!isnan(j->m.temperature))
		cJSON_AddNumberToObject(o, "temperature", j->m.temperature);
	if (!isnan(j->m.top_p))
		cJSON_AddNumberToObject(o, "top_p", j->m.top_p);
	if (j->m.max_tokens > 0)
		cJSON_AddNumberToObject(o, "max_tokens", j->m.max_tokens);
	if (j->m.has_seed)
		cJSON_AddNumberToObject(o, "seed", (double)j->m.seed);
	cJSON_AddFalseToObject(o, "stream");
	*params = cJSON_PrintUnformatted(o);
	cJSON *msgs = cJSON_AddArrayToObject(o, "messages");
	for (int k = 0; k < 2 && msgs; k++) {
		const char *text = k ? j->user : j->system;
		if (!text)
			continue;
		cJSON *msg = cJSON_CreateObject();
		if (!msg)
			break;
		cJSON_AddStringToObject(msg, "role", k ? "user" : "system");
		cJSON_AddStringToObject(msg, "content", text);
		cJSON_AddItemToArray(msgs, msg);
	}
	char *body = msgs ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	return body;
}

void llm_http_start(llm_engine *e, llm_job *j)
{
	if (!j->m.url || !scheme_ok(j->m.url)) {
		llm_fail(j, LLM_ERR_CONFIG, "model %s: url must be an http:// or https:// URL", j->m.name ? j->m.name : "?");
		llm_job_finish(e, j);
		return;
	}
	if (!http_get(e)) {
		llm_fail(j, LLM_ERR_SYSTEM, "cannot initialise libcurl");
		llm_job_finish(e, j);
		return;
	}
	hreq *h = calloc(1, sizeof *h);
	if (!h) {
		llm_fail(j, LLM_ERR_SYSTEM, "out of memory");
		llm_job_finish(e, j);
		return;
	}
	h->kind = KIND_REQ;
	h->job = j;
	h->wake_at = -1;
	h->retry_after_ms = -1;
	h->timeout_ms = (int64_t)(j->m.timeout * 1000.0 + 0.5);
	if (h->timeout_ms < 1)
		h->timeout_ms = 1;
	j->be = h;
	size_t ul = strlen(j->m.url);
	h->url = malloc(ul + sizeof "/chat/completions");
	if (h->url)
		snprintf(h->url, ul + sizeof "/chat/completions", "%s/chat/completions", j->m.url);
	h->body = build_body(j, &j->res.params_json);
	h->hdrs = make_headers(j, 1);
	if (!h->url || !h->body || !j->res.params_json || !h->hdrs) {
		llm_fail(j, LLM_ERR_SYSTEM, "out of memory");
		finish_req(e, j);
		return;
	}
	h->id = ident_for(e, j);
	send_attempt(e, j);
}

size_t llm_http_pollfds(llm_engine *e, struct pollfd *fds, size_t cap, size_t n, int64_t *deadline)
{
	llm_http *H = e->http;
	for (size_t i = 0; i < H->nsocks; i++, n++)
		if (n < cap) {
			fds[n].fd = H->socks[i].fd;
			fds[n].events = H->socks[i].events;
			fds[n].revents = 0;
		}
	int64_t d = H->timer_at;
	for (llm_job *j = e->active; j; j = j->next) {
		hreq *h = j->be;
		if (j->m.backend == GV_BACKEND_HTTP && h && h->wake_at >= 0 && (d < 0 || h->wake_at < d))
			d = h->wake_at;
	}
	if (d >= 0 && (*deadline < 0 || d < *deadline))
		*deadline = d;
	return n;
}

static void drain_messages(llm_engine *e)
{
	llm_http *H = e->http;
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(H->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		char *p = NULL;
		CURL *easy = msg->easy_handle;
		CURLcode rc = msg->data.result;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, &p);
		void *priv = p;
		if (!priv)
			continue;
		if (*(int *)priv == KIND_REQ)
			attempt_finished(e, ((hreq *)priv)->job, rc);
		else
			probe_finished(e, priv, rc);
	}
}

void llm_http_run(llm_engine *e, const struct pollfd *fds, size_t n, int64_t now)
{
	llm_http *H = e->http;
	int running;
	for (size_t i = 0; i < n; i++) {
		if (!fds[i].revents || fds[i].fd < 0)
			continue;
		size_t k = 0;
		while (k < H->nsocks && H->socks[k].fd != fds[i].fd)
			k++;
		if (k == H->nsocks)
			continue;
		int ev = (fds[i].revents & (POLLIN | POLLHUP) ? CURL_CSELECT_IN : 0) |
			 (fds[i].revents & POLLOUT ? CURL_CSELECT_OUT : 0) |
			 (fds[i].revents & (POLLERR | POLLNVAL) ? CURL_CSELECT_ERR : 0);
		curl_multi_socket_action(H->multi, fds[i].fd, ev, &running);
	}
	if (H->timer_at >= 0 && now >= H->timer_at) {
		H->timer_at = -1;
		curl_multi_socket_action(H->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	}
	drain_messages(e);
	for (llm_job *j = e->active, *next; j; j = next) {
		next = j->next;
		hreq *h = j->be;
		if (j->m.backend == GV_BACKEND_HTTP && h && h->wake_at >= 0 && now >= h->wake_at) {
			h->wake_at = -1;
			send_attempt(e, j);
		}
	}
}

void llm_http_abort(llm_engine *e, llm_job *j)
{
	if (e->http)
		hreq_free(e->http, j->be);
	j->be = NULL;
}
