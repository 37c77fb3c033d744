/* replay.c — main() for a fuzz harness without libFuzzer: runs every file given, and every file
 * in every directory given, through LLVMFuzzerTestOneInput once.  `make test` runs the seed
 * corpora this way (gcc, and under ASan+UBSan in `make asan`); it also reproduces a crash found
 * by `make fuzz`:  build/fuzz/replay_csv build-clang/fuzz/artifacts/csv/crash-...  */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static long ran;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	size_t cap = 1 << 16, len = 0, k;
	uint8_t *b = malloc(cap);
	while (b && (k = fread(b + len, 1, cap - len, f)) > 0) {
		len += k;
		if (len == cap) {
			cap *= 2;
			b = realloc(b, cap);
		}
	}
	fclose(f);
	if (!b) {
		fprintf(stderr, "%s: out of memory\n", path);
		return 1;
	}
	/* An exact-size copy, so that reading past the input is an ASan error as under libFuzzer. */
	uint8_t *d = malloc(len ? len : 1);
	if (!d) {
		free(b);
		return 1;
	}
	memcpy(d, b, len);
	free(b);
	LLVMFuzzerTestOneInput(d, len);
	free(d);
	ran++;
	return 0;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			char **p = realloc(names, cap * sizeof *names);
			if (!p)
				break;
			names = p;
		}
		size_t l = strlen(dir) + strlen(e->d_name) + 2;
		if ((names[n] = malloc(l)) == NULL)
			break;
		snprintf(names[n++], l, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmpstr);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode))
			rc |= run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) != 0) {
			perror(argv[i]);
			rc = 1;
		} else {
			rc |= S_ISDIR(sb.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
		}
	}
	printf("%s: %ld inputs, no crash, every invariant held\n", argv[0], ran);
	return rc;
}
