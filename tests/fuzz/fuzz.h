/* fuzz.h — what the libFuzzer harnesses (tests/fuzz/fuzz_<target>.c) share, header-only.
 *
 * A harness defines LLVMFuzzerTestOneInput (and may define LLVMFuzzerInitialize) and calls the real
 * entry point on the input: an importer on a file and a fresh store, `growthview zscore` on a
 * file, the config reader on a file, the text functions on the bytes.  It checks invariants with
 * fz_check, which aborts (a libFuzzer crash, with the input saved) when one fails; ASan and UBSan
 * find the rest.
 *
 * Each execution must be fast and independent of the ones before: files live in a private
 * directory on tmpfs (/dev/shm when writable), and a store is a byte copy of an empty database
 * made once (fz_store), so no execution sees what another one imported.
 *
 * The same harness sources are linked with tests/fuzz/replay.c (a main() that runs the files and
 * directories given on its command line), which is how `make test` runs the seed corpora with gcc
 * and how a crash is reproduced without libFuzzer. */
#ifndef GV_FUZZ_H
#define GV_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* An invariant of the code under test: on failure print the reason and abort(), which libFuzzer
 * reports as a crash and saves the input of. */
#define fz_check(cond, ...)                                                                        \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fz_fail_(__FILE__, __LINE__, #cond, __VA_ARGS__);                          \
	} while (0)

static inline void fz_fail_(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));
static inline void fz_fail_(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "\n%s:%d: invariant failed: %s\n  ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static char fz_dir_[256];

static inline void fz_rmdir_(void)
{
	DIR *d = opendir(fz_dir_);
	if (!d)
		return;
	struct dirent *e;
	char p[512];
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", fz_dir_, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(fz_dir_);
}

/* The private directory of this process (created on first use, removed at exit). */
static inline const char *fz_dir(void)
{
	if (fz_dir_[0])
		return fz_dir_;
	const char *t = getenv("TMPDIR");
	if (access("/dev/shm", W_OK) == 0)
		t = "/dev/shm";
	else if (!t || !*t)
		t = "/tmp";
	snprintf(fz_dir_, sizeof fz_dir_, "%s/gvfuzz.XXXXXX", t);
	if (!mkdtemp(fz_dir_)) {
		perror(fz_dir_);
		abort();
	}
	atexit(fz_rmdir_);
	return fz_dir_;
}

/* Path of file name in the private directory; malloc'd (harnesses make each once and keep it). */
static inline char *fz_path(const char *name)
{
	char *p = malloc(strlen(fz_dir()) + strlen(name) + 2);
	if (!p)
		abort();
	sprintf(p, "%s/%s", fz_dir(), name);
	return p;
}

/* Write data[0..n) to path, replacing it. */
static inline void fz_write(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		perror(path);
		abort();
	}
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w <= 0) {
			perror(path);
			abort();
		}
		p += w;
		n -= (size_t)w;
	}
	close(fd);
}

/* Whole file into a malloc'd, NUL-terminated buffer; *n its size. */
static inline char *fz_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		abort();
	}
	size_t cap = 1 << 16, len = 0, k;
	char *b = malloc(cap + 1);
	while (b && (k = fread(b + len, 1, cap - len, f)) > 0) {
		len += k;
		if (len == cap) {
			cap *= 2;
			b = realloc(b, cap + 1);
		}
	}
	fclose(f);
	if (!b)
		abort();
	b[len] = '\0';
	*n = len;
	return b;
}

/* A stream that discards what is written to it (importers' messages). */
static inline FILE *fz_devnull(void)
{
	static FILE *f;
	if (!f && !(f = fopen("/dev/null", "w")))
		abort();
	return f;
}

/* The sanitizers' own report stream (weak: absent from a build without sanitizers). */
extern void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

/* Silence standard error around a call that reports every bad row there (fz_quiet_end restores
 * it).  Sanitizer reports still reach the real standard error, through a copy of it. */
static int fz_stderr_ = -1;
static inline void fz_quiet_begin(void)
{
	static int devnull = -1;
	if (fz_stderr_ < 0) {
		fz_stderr_ = fcntl(2, F_DUPFD_CLOEXEC, 3);
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (fz_stderr_ < 0 || devnull < 0)
			abort();
		if (__sanitizer_set_report_fd)
			__sanitizer_set_report_fd((void *)(intptr_t)fz_stderr_);
	}
	fflush(stderr);
	dup2(devnull, 2);
}
static inline void fz_quiet_end(void)
{
	fflush(stderr);
	dup2(fz_stderr_, 2);
}

#endif
