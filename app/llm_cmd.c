/* llm_cmd.c — the command backend: a configured program, the prompt on its standard input, the
 * text from its standard output (see llm.h).
 *
 * The program is started with posix_spawn (no shell unless `shell = yes`) as the leader of a new
 * process group, with three pipes.  Their parent ends are non-blocking and driven by poll()
 * together with everything else the engine does, so a program that writes megabytes to stdout or
 * stderr before it reads its input cannot deadlock us.  The program's exit is seen through a pidfd
 * (Linux 5.3; else waitid(WNOWAIT) every 50 ms).  When the leader has exited, what is left in the
 * pipes is read and the whole group is killed: a background child that keeps stdout open (`cmd &`)
 * does not hold the request up.  The group is killed before the leader is reaped, so its id cannot
 * have been reused by then.  A time-out, the output cap and llm_cancel kill the group with SIGKILL
 * too. */
#define _GNU_SOURCE /* pipe2, syscall(SYS_pidfd_open) */
#include "app/llm_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app/buf.h"
#include "core/text.h"

extern char **environ;

#define ERR_KEEP 4096      /* bytes of stderr kept (the last ones) */
#define TAIL_LINES_MSG 3   /* stderr lines in the one-line error */
#define TAIL_MAX 2048      /* bytes of llm_result.stderr_tail */
#define EXIT_POLL_MS 50    /* without a pidfd: how often to look for the exit */

typedef struct cmdproc {
	char **argv;
	pid_t pid;
	int pidfd; /* -1: none */
	int fd_in, fd_out, fd_err; /* parent ends, -1 when closed */
	char *input;
	size_t inlen, inoff;
	char *out; /* LLM_TEXT_MAX + 1 bytes */
	size_t outlen;
	char err[ERR_KEEP];
	size_t errlen;
	int exited;             /* the leader is a zombie, not yet reaped */
	llm_status killed;      /* LLM_OK, or why we killed the group (TIMEOUT, TOOBIG) */
	int64_t deadline;
} cmdproc;

/* ---------------------------------------------------------------- words of a command line */

void llm_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

int llm_split_command(const char *cmd, char ***argv_out, char *err, size_t errsz)
{
	size_t n = strlen(cmd);
	char **argv = calloc(n / 2 + 2, sizeof *argv); /* at most (n + 1) / 2 words */
	char *word = malloc(n + 1);
	int argc = 0;
	*argv_out = NULL;
	if (!argv || !word) {
		free(argv);
		free(word);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	const char *p = cmd;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t w = 0;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '\'') {
				const char *q = strchr(p + 1, '\'');
				if (!q) {
					snprintf(err, errsz, "unterminated ' quote at byte %zu", (size_t)(p - cmd) + 1);
					goto fail;
				}
				memcpy(word + w, p + 1, (size_t)(q - p - 1));
				w += (size_t)(q - p - 1);
				p = q + 1;
			} else if (*p == '"') {
				const char *start = p;
				p++;
				while (*p && *p != '"') {
					if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
						p++;
					word[w++] = *p++;
				}
				if (!*p) {
					snprintf(err, errsz, "unterminated \" quote at byte %zu", (size_t)(start - cmd) + 1);
					goto fail;
				}
				p++;
			} else if (*p == '\\') {
				if (!p[1]) {
					snprintf(err, errsz, "a backslash ends the command");
					goto fail;
				}
				word[w++] = p[1];
				p += 2;
			} else {
				word[w++] = *p++;
			}
		}
		word[w] = '\0';
		if (!(argv[argc] = strdup(word))) {
			snprintf(err, errsz, "out of memory");
			goto fail;
		}
		argc++;
	}
	free(word);
	if (argc == 0) {
		snprintf(err, errsz, "no program to run");
		free(argv);
		return -1;
	}
	*argv_out = argv;
	return argc;
fail:
	free(word);
	llm_argv_free(argv);
	return -1;
}

char *llm_cmd_input(const char *system, const char *user, size_t *len)
{
	size_t sl = system ? strlen(system) : 0, ul = strlen(user);
	int nl = ul == 0 || user[ul - 1] != '\n';
	size_t n = (sl ? sl + 2 : 0) + ul + (size_t)nl;
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	char *p = s;
	if (sl) {
		memcpy(p, system, sl);
		p += sl;
		*p++ = '\n';
		*p++ = '\n';
	}
	memcpy(p, user, ul);
	p += ul;
	if (nl)
		*p++ = '\n';
	*p = '\0';
	*len = n;
	return s;
}

/* ---------------------------------------------------------------- process life */

static void close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

/* A pipe whose ends are both >= 3 (so that dup2 onto 0, 1, 2 in the child always applies) and
 * close-on-exec (so that no other child inherits them and holds them open). */
static int pipe_cloexec(int p[2])
{
	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	for (int i = 0; i < 2; i++)
		if (p[i] < 3) {
			int hi = fcntl(p[i], F_DUPFD_CLOEXEC, 3);
			if (hi < 0) {
				close(p[0]);
				close(p[1]);
				return -1;
			}
			close(p[i]);
			p[i] = hi;
		}
	return 0;
}

static void set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* write() without dying of SIGPIPE when the program has closed its input: SIGPIPE is blocked in
 * this thread for the call and a SIGPIPE it raised is consumed (a library must not change the
 * process's signal dispositions). */
static ssize_t write_nosigpipe(int fd, const void *b, size_t n)
{
	sigset_t pipe_set, old, pending;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	int was_pending = sigismember(&pending, SIGPIPE);
	ssize_t w = write(fd, b, n);
	int saved = errno;
	if (w < 0 && saved == EPIPE && !was_pending) {
		struct timespec zero = {0, 0};
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return w;
}

/* The file posix_spawn will run: argv0 itself when it holds a '/', else the first executable
 * PATH entry (execvp's default PATH when it is unset).  Looked up here, not left to posix_spawnp,
 * so that a missing program is the same error (LLM_ERR_SPAWN) with every C library: some report a
 * failed exec only as the child's exit status 127.  Returns 0 with path filled, or an errno. */
static int find_program(const char *argv0, char *path, size_t n)
{
	if (strchr(argv0, '/')) {
		snprintf(path, n, "%s", argv0);
		return access(path, X_OK) == 0 ? 0 : errno;
	}
	const char *p = getenv("PATH");
	if (!p)
		p = "/bin:/usr/bin";
	int err = ENOENT;
	for (;;) {
		size_t len = strcspn(p, ":");
		if (len == 0)
			snprintf(path, n, "./%s", argv0); /* an empty entry is the current directory */
		else
			snprintf(path, n, "%.*s/%s", (int)len, p, argv0);
		struct stat sb;
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if (access(path, X_OK) == 0)
				return 0;
			err = EACCES;
		}
		if (!p[len])
			return err;
		p += len + 1;
	}
}

static void kill_group(cmdproc *c)
{
	if (c->pid > 0)
		kill(-c->pid, SIGKILL);
}

static void proc_free(cmdproc *c)
{
	if (!c)
		return;
	close_fd(&c->fd_in);
	close_fd(&c->fd_out);
	close_fd(&c->fd_err);
	close_fd(&c->pidfd);
	llm_argv_free(c->argv);
	free(c->input);
	free(c->out);
	free(c);
}

static void feed_input(cmdproc *c)
{
	while (c->fd_in >= 0 && c->inoff < c->inlen) {
		ssize_t w = write_nosigpipe(c->fd_in, c->input + c->inoff, c->inlen - c->inoff);
		if (w > 0) {
			c->inoff += (size_t)w;
		} else if (w < 0 && errno == EINTR) {
			continue;
		} else if (w < 0 && errno == EAGAIN) {
			return;
		} else {
			close_fd(&c->fd_in); /* EPIPE: it does not read its input; not an error by itself */
			return;
		}
	}
	if (c->fd_in >= 0 && c->inoff >= c->inlen)
		close_fd(&c->fd_in); /* end of input */
}

/* Read what stdout holds; over the cap, kill the group (the text would be refused anyway). */
static void read_out(cmdproc *c)
{
	while (c->fd_out >= 0) {
		size_t room = LLM_TEXT_MAX + 1 - c->outlen;
		if (room == 0) {
			if (c->killed == LLM_OK) {
				c->killed = LLM_ERR_TOOBIG;
				kill_group(c);
			}
			close_fd(&c->fd_out);
			return;
		}
		ssize_t r = read(c->fd_out, c->out + c->outlen, room);
		if (r > 0)
			c->outlen += (size_t)r;
		else if (r < 0 && errno == EINTR)
			continue;
		else if (r < 0 && errno == EAGAIN)
			return;
		else
			close_fd(&c->fd_out); /* end of file or an error */
	}
}

/* Keep the last ERR_KEEP bytes of stderr. */
static void read_err(cmdproc *c)
{
	char tmp[ERR_KEEP];
	while (c->fd_err >= 0) {
		ssize_t r = read(c->fd_err, tmp, sizeof tmp);
		if (r > 0) {
			size_t k = (size_t)r; /* <= sizeof tmp == ERR_KEEP */
			if (c->errlen + k > ERR_KEEP) {
				size_t drop = c->errlen + k - ERR_KEEP; /* <= errlen */
				memmove(c->err, c->err + drop, c->errlen - drop);
				c->errlen -= drop;
			}
			memcpy(c->err + c->errlen, tmp, k);
			c->errlen += k;
		} else if (r < 0 && errno == EINTR) {
			continue;
		} else if (r < 0 && errno == EAGAIN) {
			return;
		} else {
			close_fd(&c->fd_err);
		}
	}
}

/* Has the leader exited?  (It stays a zombie: WNOWAIT.) */
static int leader_exited(cmdproc *c)
{
	siginfo_t si;
	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
		return errno == ECHILD; /* reaped by someone else (SIGCHLD ignored): it is gone */
	return si.si_pid == c->pid;
}

/* The last `lines` non-empty lines of stderr, each cleaned, joined by sep; malloc'd or NULL. */
static char *stderr_lines(const cmdproc *c, int lines, const char *sep, size_t max)
{
	size_t end = c->errlen;
	size_t start = end;
	int got = 0;
	/* Walk back over whole lines. */
	while (start > 0 && got < lines) {
		size_t e = start;
		while (e > 0 && (c->err[e - 1] == '\n' || c->err[e - 1] == '\r' || c->err[e - 1] == ' '))
			e--;
		if (e == 0) {
			start = 0;
			break;
		}
		size_t s = e;
		while (s > 0 && c->err[s - 1] != '\n')
			s--;
		start = s;
		got++;
	}
	if (!got)
		return NULL;
	gv_buf b = GV_BUF_INIT;
	size_t i = start;
	int first = 1;
	while (i < end) {
		size_t e = i;
		while (e < end && c->err[e] != '\n')
			e++;
		size_t le = e;
		while (le > i && (c->err[le - 1] == '\r' || c->err[le - 1] == ' '))
			le--;
		if (le > i) {
			char *clean = text_clean_dup(c->err + i, le - i, 0);
			if (clean) {
				if (!first)
					buf_puts(&b, sep);
				buf_puts(&b, clean);
				first = 0;
				free(clean);
			}
		}
		i = e + 1;
	}
	if (b.len > max) { /* keep the end: the last words are the ones that say what went wrong */
		size_t cut = b.len - max;
		while (cut < b.len && ((unsigned char)b.p[cut] & 0xc0) == 0x80)
			cut++;
		memmove(b.p, b.p + cut, b.len - cut);
		b.len -= cut;
	}
	buf_putc(&b, '\0');
	if (!buf_ok(&b)) {
		buf_free(&b);
		return NULL;
	}
	return b.p;
}

static const char *signame(int sig)
{
	switch (sig) {
	case SIGKILL: return "SIGKILL";
	case SIGTERM: return "SIGTERM";
	case SIGSEGV: return "SIGSEGV";
	case SIGABRT: return "SIGABRT";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	case SIGINT: return "SIGINT";
	case SIGHUP: return "SIGHUP";
	case SIGPIPE: return "SIGPIPE";
	default: return "a signal";
	}
}

/* The leader has exited (or was killed): drain, kill what is left of the group, reap, judge. */
static void finish_proc(llm_engine *e, llm_job *j)
{
	cmdproc *c = j->be;
	j->t1 = llm_now_ms();
	read_out(c);
	read_err(c);
	kill_group(c); /* leftovers (a background child holding stdout); the leader is still a zombie */
	int st = 0, have_status = 0;
	for (;;) {
		pid_t r = waitpid(c->pid, &st, 0);
		if (r == c->pid) {
			have_status = 1;
			break;
		}
		if (r < 0 && errno == EINTR)
			continue;
		break; /* ECHILD: SIGCHLD ignored by the caller; the status is lost */
	}
	const char *prog = c->argv[0];
	if (j->m.shell)
		prog = "/bin/sh";
	char *tail = stderr_lines(c, 3, " | ", 300);
	char *full = stderr_lines(c, 1000, "\n", TAIL_MAX);
	j->res.stderr_tail = full;
	const char *ts = tail ? "; stderr: " : "";
	const char *tt = tail ? tail : "";
	if (have_status)
		j->res.exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? -WTERMSIG(st) : 0;
	if (c->killed == LLM_ERR_TIMEOUT) {
		llm_fail(j, LLM_ERR_TIMEOUT, "%s: no answer within the time-out (%g s); its process group was killed%s%s",
			 prog, j->m.timeout, ts, tt);
	} else if (c->killed == LLM_ERR_TOOBIG) {
		llm_fail(j, LLM_ERR_TOOBIG, "%s: output longer than %d bytes; its process group was killed%s%s", prog,
			 LLM_TEXT_MAX, ts, tt);
	} else if (have_status && WIFSIGNALED(st)) {
		llm_fail(j, LLM_ERR_EXIT, "%s: killed by signal %d (%s)%s%s", prog, WTERMSIG(st), signame(WTERMSIG(st)),
			 ts, tt);
	} else if (have_status && WIFEXITED(st) && WEXITSTATUS(st) != 0) {
		llm_fail(j, LLM_ERR_EXIT, "%s: exited with status %d%s%s%s", prog, WEXITSTATUS(st),
			 WEXITSTATUS(st) == 127 ? " (command not found?)" : "", ts, tt);
	} else if (c->outlen > LLM_TEXT_MAX) {
		llm_fail(j, LLM_ERR_TOOBIG, "%s: output longer than %d bytes", prog, LLM_TEXT_MAX);
	} else if (memchr(c->out, '\0', c->outlen)) {
		llm_fail(j, LLM_ERR_ENCODING, "%s: output holds a NUL byte (binary output?)", prog);
	} else if (!text_utf8_valid(c->out, c->outlen)) {
		llm_fail(j, LLM_ERR_ENCODING, "%s: output is not valid UTF-8 (first bad byte at offset %zu)", prog,
			 text_utf8_valid_prefix(c->out, c->outlen));
	} else {
		size_t k = 0;
		while (k < c->outlen && strchr(" \t\r\n\f\v", c->out[k]))
			k++;
		if (k == c->outlen) {
			llm_fail(j, LLM_ERR_EMPTY, "%s: no output%s%s", prog, ts, tt);
		} else {
			c->out[c->outlen] = '\0';
			j->res.text = c->out;
			j->res.text_len = c->outlen;
			c->out = NULL;
			j->res.finish_reason = strdup("stop");
			j->res.status = LLM_OK;
		}
	}
	free(tail);
	proc_free(c);
	j->be = NULL;
	llm_job_finish(e, j);
}

static char *params_json(const llm_job *j, char **argv)
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
	if (!o || !a) {
		cJSON_Delete(o);
		cJSON_Delete(a);
		return NULL;
	}
	for (char **p = argv; *p; p++)
		cJSON_AddItemToArray(a, cJSON_CreateString(*p));
	cJSON_AddItemToObject(o, "command", a);
	cJSON_AddBoolToObject(o, "shell", j->m.shell);
	cJSON_AddNumberToObject(o, "timeout", j->m.timeout);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

void llm_cmd_start(llm_engine *e, llm_job *j)
{
	cmdproc *c = calloc(1, sizeof *c);
	if (!c) {
		llm_fail(j, LLM_ERR_SYSTEM, "out of memory");
		llm_job_finish(e, j);
		return;
	}
	c->fd_in = c->fd_out = c->fd_err = c->pidfd = -1;
	j->be = c;
	char why[256];
	if (!j->m.command) {
		llm_fail(j, LLM_ERR_CONFIG, "model %s: no command", j->m.name ? j->m.name : "?");
		goto fail;
	}
	if (j->m.shell) {
		c->argv = calloc(4, sizeof *c->argv);
		if (!c->argv || !(c->argv[0] = strdup("/bin/sh")) || !(c->argv[1] = strdup("-c")) ||
		    !(c->argv[2] = strdup(j->m.command))) {
			llm_fail(j, LLM_ERR_SYSTEM, "out of memory");
			goto fail;
		}
	} else if (llm_split_command(j->m.command, &c->argv, why, sizeof why) < 0) {
		llm_fail(j, LLM_ERR_CONFIG, "model %s: command: %s", j->m.name ? j->m.name : "?", why);
		goto fail;
	}
	j->res.params_json = params_json(j, c->argv);
	c->input = llm_cmd_input(j->system, j->user, &c->inlen);
	c->out = malloc(LLM_TEXT_MAX + 1);
	if (!j->res.params_json || !c->input || !c->out) {
		llm_fail(j, LLM_ERR_SYSTEM, "out of memory");
		goto fail;
	}
	int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1};
	if (pipe_cloexec(pin) || pipe_cloexec(pout) || pipe_cloexec(perr)) {
		int saved = errno;
		for (int i = 0; i < 2; i++) {
			if (pin[i] >= 0)
				close(pin[i]);
			if (pout[i] >= 0)
				close(pout[i]);
			if (perr[i] >= 0)
				close(perr[i]);
		}
		llm_fail(j, LLM_ERR_SYSTEM, "cannot make a pipe: %s", strerror(saved));
		goto fail;
	}
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	/* Its own process group (a time-out kills all of it), an empty signal mask and the default
	 * action for the signals a caller may block or ignore. */
	sigset_t none, dflt;
	sigemptyset(&none);
	sigemptyset(&dflt);
	int defaults[] = {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2,
			  SIGALRM};
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		sigaddset(&dflt, defaults[i]);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dflt);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	char path[4096];
	int rc = find_program(c->argv[0], path, sizeof path);
	if (rc == 0)
		rc = posix_spawn(&c->pid, path, &fa, &at, c->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	c->fd_in = pin[1];
	c->fd_out = pout[0];
	c->fd_err = perr[0];
	if (rc != 0) {
		c->pid = 0;
		llm_fail(j, LLM_ERR_SPAWN, "cannot run '%s': %s", c->argv[0], strerror(rc));
		goto fail;
	}
	j->res.attempts = 1;
	set_nonblock(c->fd_in);
	set_nonblock(c->fd_out);
	set_nonblock(c->fd_err);
#ifdef SYS_pidfd_open
	c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0); /* close-on-exec by default */
	if (c->pidfd < 0)
		c->pidfd = -1;
#endif
	c->deadline = j->t0 + (int64_t)(j->m.timeout * 1000.0 + 0.5);
	feed_input(c);
	return;
fail:
	proc_free(c);
	j->be = NULL;
	llm_job_finish(e, j);
}

size_t llm_cmd_pollfds(llm_job *j, struct pollfd *fds, size_t cap, size_t n, int64_t *deadline)
{
	cmdproc *c = j->be;
	if (!c)
		return n;
	struct {
		int fd;
		short ev;
	} want[4] = {{c->fd_in, POLLOUT}, {c->fd_out, POLLIN}, {c->fd_err, POLLIN}, {c->pidfd, POLLIN}};
	for (int i = 0; i < 4; i++)
		if (want[i].fd >= 0) {
			if (n < cap) {
				fds[n].fd = want[i].fd;
				fds[n].events = want[i].ev;
				fds[n].revents = 0;
			}
			n++;
		}
	int64_t d = c->killed == LLM_OK ? c->deadline : -1;
	if (c->pidfd < 0) {
		int64_t next = llm_now_ms() + EXIT_POLL_MS;
		if (d < 0 || next < d)
			d = next;
	}
	if (d >= 0 && (*deadline < 0 || d < *deadline))
		*deadline = d;
	return n;
}

void llm_cmd_run(llm_engine *e, llm_job *j, const struct pollfd *fds, size_t n, int64_t now)
{
	cmdproc *c = j->be;
	if (!c)
		return;
	int exit_seen = 0;
	for (size_t i = 0; i < n; i++) {
		if (!fds[i].revents || fds[i].fd < 0)
			continue;
		if (fds[i].fd == c->fd_in)
			feed_input(c);
		else if (fds[i].fd == c->fd_out)
			read_out(c);
		else if (fds[i].fd == c->fd_err)
			read_err(c);
		else if (fds[i].fd == c->pidfd)
			exit_seen = 1;
	}
	if (exit_seen || c->pidfd < 0 || (c->fd_out < 0 && c->fd_err < 0)) {
		if (leader_exited(c)) {
			finish_proc(e, j);
			return;
		}
	}
	if (c->killed == LLM_OK && now >= c->deadline) {
		c->killed = LLM_ERR_TIMEOUT;
		kill_group(c); /* the pidfd becomes readable when the leader is dead */
	}
}

void llm_cmd_abort(llm_job *j)
{
	cmdproc *c = j->be;
	if (!c)
		return;
	if (c->pid > 0) {
		kill_group(c);
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	proc_free(c);
	j->be = NULL;
}
