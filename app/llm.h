/* llm.h — generation backends: a system and a user message sent to a configured model, one result.
 *
 * A model is a [model NAME] section of the config file (app/config.h, gv_model).  Two backends:
 *   command  runs the configured program (argv split from `command`, no shell unless `shell = yes`)
 *            in its own process group; the prompt goes to its standard input, the text comes from
 *            its standard output (app/llm_cmd.c);
 *   http     POST {url}/chat/completions, the OpenAI-compatible API of llama.cpp's server, Ollama,
 *            vLLM and hosted services, with retries (app/llm_http.c; the only file that speaks curl).
 * The prompt module (core/prompt.h) writes both messages; this module does not look inside them.
 *
 * Many requests run at once in one engine, without threads and without spinning: the engine says
 * which descriptors it waits on and for how long (llm_engine_pollfds), the caller poll()s them
 * together with its own (the terminal, say) and hands the results back (llm_engine_run); finished
 * requests are collected with llm_next.  `summarize --jobs N` keeps N requests in flight; a
 * blocking caller uses llm_engine_wait, and a one-off request llm_generate.  The engine is not
 * thread-safe: one thread drives it; create and free engines from one thread (libcurl's global
 * initialisation is counted by them).
 *
 * What comes back (llm_result) is untrusted: the text is checked to be valid UTF-8 without NUL
 * bytes and at most LLM_TEXT_MAX bytes, but it may hold control characters and escape sequences,
 * so anything shown on a terminal goes through text_clean (core/text.h) first.  The error message
 * is already clean (text_clean, one line) and never holds the API key: the key is read from the
 * environment variable the model names (api_key_env) when a request starts, set as a header in
 * memory (never on a command line, in a file or in a log), scrubbed from anything the server says
 * back, and wiped when the request ends.
 *
 * Output over LLM_TEXT_MAX bytes is an error (LLM_ERR_TOOBIG), not a truncation: a summary is
 * stored whole or not at all (import-summaries refuses a longer text the same way).  A cut the
 * server made (finish_reason "length": max_tokens reached) is a success marked truncated. */
#ifndef GV_LLM_H
#define GV_LLM_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "app/config.h"

#define LLM_TEXT_MAX 65536 /* bytes of model text a result may hold (64 KiB) */

typedef enum llm_status {
	LLM_OK = 0,
	LLM_ERR_CONFIG,    /* the model cannot be used as configured: its key variable is unset, bad URL or
			    * command (nothing was sent or started) */
	LLM_ERR_SPAWN,     /* command: the program could not be started (not found, not executable) */
	LLM_ERR_EXIT,      /* command: it exited with a non-zero status or was killed by a signal */
	LLM_ERR_CONNECT,   /* http: no connection or a broken one (refused, name not found, TLS), retries spent */
	LLM_ERR_TIMEOUT,   /* command: the time-out passed and the process group was killed;
			    * http: every attempt timed out */
	LLM_ERR_HTTP,      /* http: the server answered an error status (result.http_status) */
	LLM_ERR_PROTOCOL,  /* http: the answer is not a chat completion (not JSON, no choices, a redirect) */
	LLM_ERR_EMPTY,     /* the model's text is empty or only white space */
	LLM_ERR_TOOBIG,    /* the text is longer than LLM_TEXT_MAX (command: the group was killed there) */
	LLM_ERR_ENCODING,  /* the text is not valid UTF-8, or holds a NUL byte */
	LLM_ERR_CANCELLED, /* llm_cancel, or llm_engine_free while in flight */
	LLM_ERR_SYSTEM     /* out of memory, no pipe or descriptor left */
} llm_status;

/* A short lower-case name of s ("ok", "config", "spawn", "exit", "connect", "timeout", "http",
 * "protocol", "empty", "toobig", "encoding", "cancelled", "system"); a static string. */
const char *llm_status_name(llm_status s);

/* Everything known about one request.  Every pointer is malloc'd or NULL and owned by the struct:
 * llm_result_free releases them.  On failure text is NULL and error says why; the other fields
 * keep what was learnt before the failure (duration, attempts, http_status, params_json). */
typedef struct llm_result {
	llm_status status;
	char error[512];          /* "" when ok; else one line, cleaned (text_clean), never the API key */
	char *text;               /* the model's answer, NUL-terminated, valid UTF-8, no NUL inside */
	size_t text_len;          /* strlen(text), at most LLM_TEXT_MAX */
	char *finish_reason;      /* as the server said ("stop", "length", "content_filter", ...); the command
				   * backend says "stop" (the program ended by itself); NULL: not reported */
	int truncated;            /* 1 when finish_reason is "length": the server cut the text at max_tokens */
	char *server_model;       /* the answer's "model" field (NULL: none) */
	char *fingerprint;        /* the answer's "system_fingerprint" (NULL: none) */
	int64_t prompt_tokens;    /* usage.prompt_tokens, -1 when not reported */
	int64_t completion_tokens; /* usage.completion_tokens, -1 when not reported */
	int64_t duration_ms;      /* CLOCK_MONOTONIC, from llm_start to the answer, back-offs included */
	char *params_json;        /* what was sent, as a JSON object, for storing: http: the request body
				   * without "messages" (model, temperature, top_p, max_tokens, seed when set, and
				   * "stream":false); command: {"command":[argv...],"shell":false,"timeout":S}.
				   * Never the key.  NULL only when the configuration could not be used. */
	/* The model's identity where the server offers it (NULL otherwise), asked once per engine and
	 * server: llama.cpp GET {root}/props, Ollama GET {root}/api/tags, where root is url without a
	 * final "/v1" (Ollama's "model" and "fp_ollama" say nothing about the weights). */
	char *build_info;         /* llama.cpp: /props build_info (e.g. "b4321-abcdef0") */
	char *model_path;         /* llama.cpp: /props model_path (the GGUF file) */
	char *digest;             /* Ollama: /api/tags models[].digest of the configured model */
	char *quantization;       /* Ollama: /api/tags models[].details.quantization_level */
	int http_status;          /* http: the last status received (0: none) */
	int attempts;             /* http: requests sent (1 + retries used); command: 1 when started */
	int exit_status;          /* command: exit code, or -N when killed by signal N (0 for http) */
	char *stderr_tail;        /* command: the last lines of its standard error, cleaned, lines joined by
				   * '\n' (at most 2 KiB; NULL when it wrote none) */
} llm_result;

/* Free what r owns and zero it (a zeroed result may be freed again). */
void llm_result_free(llm_result *r);

typedef struct llm_engine llm_engine;

/* A new engine with nothing in flight; NULL when out of memory or libcurl cannot be initialised.
 * The caller frees it with llm_engine_free. */
llm_engine *llm_engine_new(void);

/* End every request still in flight (process groups killed with SIGKILL and reaped, transfers
 * aborted), drop results not yet collected, free the engine.  NULL is fine.  Call it before the
 * program exits (Ctrl-C included), or children run on until their time-out. */
void llm_engine_free(llm_engine *e);

/* Start one request: system (may be "" or NULL: no system message) and user messages to model m.
 * Copies m, the messages and the API key (read now from getenv(m->api_key_env)), so the caller
 * may free them at once.  Never blocks: a program is spawned or a transfer queued.  Returns the
 * request's id (> 0); every started request comes back exactly once from llm_next, with its
 * udata, even when it fails at once (an unset key variable, a program that cannot be started).
 * Returns 0 only when out of memory; nothing was started then. */
uint64_t llm_start(llm_engine *e, const gv_model *m, const char *system, const char *user, void *udata);

/* Cancel request id: it finishes with LLM_ERR_CANCELLED (its process group killed, its transfer
 * aborted) and comes back from llm_next.  Returns 1, or 0 when id is unknown or already finished. */
int llm_cancel(llm_engine *e, uint64_t id);

/* Requests started and not yet collected with llm_next (in flight or finished). */
size_t llm_engine_pending(const llm_engine *e);

/* The descriptors the engine waits on: fills fds[0..min(n, cap)) with fd and events (revents 0) and
 * sets *timeout_ms to how long poll() may wait at most: -1 no limit (nothing in flight), 0 when a
 * finished request waits in llm_next.  Returns n, the number of entries needed: when n > cap,
 * call again with room for n (the first cap are filled).  The set changes after every run. */
size_t llm_engine_pollfds(llm_engine *e, struct pollfd *fds, size_t cap, int *timeout_ms);

/* Do what is ready, never blocking: fds[0..n) are entries llm_engine_pollfds filled (in any order,
 * others' entries may be mixed in and are ignored) with revents as poll() left them; timers that
 * have expired fire (n may be 0 after a poll time-out).  Returns how many requests are finished and
 * waiting in llm_next. */
size_t llm_engine_run(llm_engine *e, const struct pollfd *fds, size_t n);

/* poll() on the engine's own descriptors for at most timeout_ms (-1: until something happens),
 * then llm_engine_run.  Returns the number of finished requests waiting, or -1 with errno EINTR
 * when a signal interrupted the wait (the caller checks its flags and calls again) or ENOMEM. */
int llm_engine_wait(llm_engine *e, int timeout_ms);

/* Collect one finished request: moves its result into *out (the caller frees it with
 * llm_result_free), sets *id and *udata when not NULL, and returns 1; returns 0 when none is
 * finished (*out untouched).  Requests come back in the order they finished. */
int llm_next(llm_engine *e, llm_result *out, uint64_t *id, void **udata);

/* One request from start to end in a private engine, blocking (EINTR is retried).  Fills *out (free
 * with llm_result_free) and returns out->status. */
llm_status llm_generate(const gv_model *m, const char *system, const char *user, llm_result *out);

/* The text the command backend writes to the program's standard input: the system message, one
 * empty line, the user message, then a newline unless the user message ends with one; only the
 * user message (and that newline) when the system message is NULL or empty.  malloc'd, NULL when
 * out of memory. */
char *llm_cmd_input(const char *system, const char *user, size_t *len);

/* Split a command line into words the way the POSIX shell splits them, without running anything:
 * blanks (space, tab) separate words; '...' keeps everything literally; "..." keeps everything
 * but \" \\ \$ and \` (which lose the backslash); outside quotes a backslash keeps the next
 * character.  No variables, no globbing, no ~, no ; | & < > (they are plain characters).  Sets
 * *argv to a malloc'd NULL-terminated array (free with llm_argv_free) and returns the number of
 * words (>= 1), or -1 with a reason in err: an unterminated quote, a final backslash, no words,
 * out of memory. */
int llm_split_command(const char *cmd, char ***argv, char *err, size_t errsz);
void llm_argv_free(char **argv);

#endif
