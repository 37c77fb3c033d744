# growthview — plain GNU make, libraries through pkg-config.
#
#   make            build build/growthview
#   make demo       build, create the demo database if needed, open it
#   make check      build and run every test, then all of them again under ASan + UBSan (gcc), and
#                   when clang is installed under clang's ASan + UBSan too, with a smoke run of each
#                   fuzzer (what CI runs, through .ci/run)
#   make test       build and run every test once (cmocka suites, shell and tmux end-to-end tests,
#                   the fuzzers' seed corpora)
#   make asan       the same suites under AddressSanitizer + UndefinedBehaviorSanitizer
#   make asan-clang the same with clang (build-clang/; needs `sh .ci/deps clang`)
#   make fuzz       run each libFuzzer harness for FUZZ_SECONDS (default 60) (build-clang/fuzz/)
#   make valgrind   the cmocka suites under valgrind (definite leaks and errors fail)
#   make bench      benchmarks (figures go in the issue notes, never into tests)
#   make lint       man page lint, layering check, cppcheck when installed
#   make install    PREFIX=/usr/local DESTDIR= MANPREFIX=$(PREFIX)/share/man
#
# Missing Debian packages are installed by .ci/deps (as root or with sudo) before the first
# compile; otherwise it stops with the exact apt-get line to run.

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
WERROR  ?= -Werror
OPT     ?= -O2 -g

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
       -Wwrite-strings -Wcast-qual -Wundef -Wpointer-arith -Wvla
CSTD = -std=c11 -D_POSIX_C_SOURCE=200809L
CFLAGS_ALL = $(CSTD) $(OPT) $(WARN) $(WERROR) -I. -I$(BUILD)/gen $(EXTRA_CFLAGS)
LDFLAGS_ALL = $(EXTRA_LDFLAGS)

PKGS = ncursesw sqlite3 libcjson libcurl libcrypto
# Set by $(BUILD)/config.mk (written by .ci/deps-checked pkg-config), included below.
PKG_CFLAGS ?=
PKG_LIBS ?=
CMOCKA_CFLAGS ?=
CMOCKA_LIBS ?=

.DEFAULT_GOAL := all

NOCONFIG_GOALS = clean distclean
ifeq ($(filter $(NOCONFIG_GOALS),$(MAKECMDGOALS)),)
-include $(BUILD)/config.mk
endif

# The configuration is remade (and the make restarted) whenever .ci/deps changes.
# Quiet by default; `make V=1` shows every command.
ifeq ($(V),1)
Q =
msg = @true
else
Q = @
msg = @printf '  %-7s %s\n'
endif
$(BUILD)/config.mk: .ci/deps
	@mkdir -p $(BUILD)
	@sh .ci/deps build
	@{ echo "PKG_CFLAGS = $$(pkg-config --cflags $(PKGS))"; \
	   echo "PKG_LIBS = $$(pkg-config --libs $(PKGS))"; } > $@.tmp && mv $@.tmp $@

.PHONY: all man demo check test test-deps asan valgrind bench lint check-layering check-layer-link FORCE install uninstall clean distclean \
	asan-clang check-clang fuzz fuzz-smoke fuzz-bins fuzz-run

# ---------------------------------------------------------------- sources
# Four layers, one way only (README "Layout"): core <- app services <- ui <- commands.  Each
# folder's sources are found by wildcard, so a new file joins its layer by being put there.
#   core/            pure computation                                  -> libgvcore.a
#   app/, app/store/ services: store, importers, exporters, config, LLM -> libgvapp.a
#   ui/              ncurses screens and widgets                       -> libgvui.a
#   app/cmd/         the commands (main.c, cmd_*.c, cmdutil.c)         -> libgvcmd.a + main.o
# `make check-layering` checks the includes, `make check-layer-link` that each archive links with
# only the layers below it (so an upward call fails to link).
CORE_SRC = $(sort $(wildcard core/*.c))
APP_SRC  = $(sort $(wildcard app/*.c app/store/*.c))
UI_SRC   = $(sort $(wildcard ui/*.c))
CMD_SRC  = $(sort $(filter-out app/cmd/main.c,$(wildcard app/cmd/*.c)))

CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/reftables.o $(BUILD)/obj/gen/igtables.o
APP_OBJ  = $(APP_SRC:%.c=$(BUILD)/obj/%.o)
UI_OBJ   = $(UI_SRC:%.c=$(BUILD)/obj/%.o)
CMD_OBJ  = $(CMD_SRC:%.c=$(BUILD)/obj/%.o)

# Highest layer first, as the linker wants them.
LIBS_UI  = $(BUILD)/libgvui.a $(BUILD)/libgvapp.a $(BUILD)/libgvcore.a
LIBS_ALL = $(BUILD)/libgvcmd.a $(LIBS_UI)

BIN = $(BUILD)/growthview

all: $(BIN)

# ---------------------------------------------------------------- reference tables
# Each table: enumerator in core/refs.h = CSV in refdata/.
REFTABLES = \
	T_WHO06_WFA=refdata/who2006/wfa.csv T_WHO06_LHFA=refdata/who2006/lhfa.csv \
	T_WHO06_BFA=refdata/who2006/bfa.csv T_WHO06_HCFA=refdata/who2006/hcfa.csv \
	T_WHO06_ACFA=refdata/who2006/acfa.csv T_WHO06_TSFA=refdata/who2006/tsfa.csv \
	T_WHO06_SSFA=refdata/who2006/ssfa.csv T_WHO06_WFL=refdata/who2006/wfl.csv \
	T_WHO06_WFH=refdata/who2006/wfh.csv \
	T_WHO07_WFA=refdata/who2007/wfa.csv T_WHO07_HFA=refdata/who2007/hfa.csv \
	T_WHO07_BFA=refdata/who2007/bfa.csv \
	T_CDC_WTAGEINF=refdata/cdc2000/wtageinf.csv T_CDC_LENAGEINF=refdata/cdc2000/lenageinf.csv \
	T_CDC_HCAGEINF=refdata/cdc2000/hcageinf.csv T_CDC_WTLENINF=refdata/cdc2000/wtleninf.csv \
	T_CDC_WTAGE=refdata/cdc2000/wtage.csv T_CDC_STATAGE=refdata/cdc2000/statage.csv \
	T_CDC_BMIAGE=refdata/cdc2000/bmiagerev.csv T_CDC_WTSTAT=refdata/cdc2000/wtstat.csv \
	T_CDC_WTAGE_SAS=refdata/cdc_sas/wtage_239_240.csv
REFCSV = $(foreach t,$(REFTABLES),$(word 2,$(subst =, ,$(t))))

$(BUILD)/refgen: refdata/refgen.c
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CSTD) -O1 $(WARN) $(WERROR) -o $@ $<

$(BUILD)/gen/reftables.c: $(BUILD)/refgen $(REFCSV)
	@mkdir -p $(@D)
	$(msg) GEN $@
	$(Q)$(BUILD)/refgen $@ $(REFTABLES)

# GAMLSS coefficient tables (refgen --msnt): name of the const ig21_msnt_table = CSV in refdata/.
IGTABLES = ig21_nbs_msnt=refdata/intergrowth/ig_nbs_msnt.csv
IGCSV = $(foreach t,$(IGTABLES),$(word 2,$(subst =, ,$(t))))

$(BUILD)/gen/igtables.c: $(BUILD)/refgen $(IGCSV)
	@mkdir -p $(@D)
	$(msg) GEN $@
	$(Q)$(BUILD)/refgen --msnt $@ $(IGTABLES)

# Provenance of the embedded tables for the benchmark export (app/benchexp.c): the lines of
# refdata/SHA256SUMS that name a CSV of REFTABLES or IGTABLES, in that file's order.
$(BUILD)/gen/refsums.h: refdata/SHA256SUMS Makefile
	@mkdir -p $(@D)
	$(msg) GEN $@
	$(Q)awk -v want="$(patsubst refdata/%,%,$(REFCSV) $(IGCSV))" 'BEGIN { n = split(want, w, " "); \
		for (i = 1; i <= n; i++) k[w[i]] = 1 } ($$2 in k) { printf "{\"%s\", \"%s\"},\n", $$2, $$1 }' \
		refdata/SHA256SUMS > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/app/benchexp.o: $(BUILD)/gen/refsums.h

# ---------------------------------------------------------------- objects
# core/ is compiled without any library's flags: it cannot see ncurses, SQLite or cJSON.
$(BUILD)/obj/core/%.o: core/%.c
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<
$(BUILD)/obj/gen/reftables.o: $(BUILD)/gen/reftables.c core/refs.h
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<
$(BUILD)/obj/gen/igtables.o: $(BUILD)/gen/igtables.c core/ig21.h core/refs.h
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<
$(BUILD)/obj/app/%.o: app/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/obj/ui/%.o: ui/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libgvcore.a: $(CORE_OBJ)
	@rm -f $@
	$(msg) AR $@
	$(Q)ar rcs $@ $^
$(BUILD)/libgvapp.a: $(APP_OBJ)
	@rm -f $@
	$(msg) AR $@
	$(Q)ar rcs $@ $^
$(BUILD)/libgvui.a: $(UI_OBJ)
	@rm -f $@
	$(msg) AR $@
	$(Q)ar rcs $@ $^
$(BUILD)/libgvcmd.a: $(CMD_OBJ)
	@rm -f $@
	$(msg) AR $@
	$(Q)ar rcs $@ $^

$(BIN): $(BUILD)/obj/app/cmd/main.o $(LIBS_ALL)
	$(msg) LINK $@
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $^ $(PKG_LIBS) -lpthread -lm $(LDFLAGS_ALL)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- tests
# tests/core_*.c link only core (proves core/ needs nothing but libc and libm);
# tests/app_*.c and tests/ui_*.c link everything.
CORE_TESTS = $(patsubst tests/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/core_*.c)))
APP_TESTS  = $(patsubst tests/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/app_*.c tests/ui_*.c)))
TEST_BINS  = $(CORE_TESTS) $(APP_TESTS)
SHELL_TESTS = $(sort $(wildcard tests/sh_*.sh))
TEST_HELPERS = $(sort $(wildcard tests/helpers/*.c))
# Fuzz targets: tests/fuzz/fuzz_<name>.c (LLVMFuzzerTestOneInput) with seeds in tests/fuzz/<name>/
# and optionally a libFuzzer dictionary tests/fuzz/<name>.dict.  A new target is one line here.
FUZZ_TARGETS = \
	csv \
	fhir \
	zscore \
	config \
	text \
	claims \
	summaries \
	rating \
	ratings
# make test runs each target's seeds through it without libFuzzer (tests/fuzz/replay.c).
FUZZ_REPLAY = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)

$(BUILD)/test-config.mk: .ci/deps | $(BUILD)/config.mk
	@sh .ci/deps test
	@{ echo "CMOCKA_CFLAGS = $$(pkg-config --cflags cmocka)"; \
	   echo "CMOCKA_LIBS = $$(pkg-config --libs cmocka)"; } > $@.tmp && mv $@.tmp $@
ifneq ($(filter check test asan valgrind test-bins test-deps fuzz-bins bench $(TEST_BINS),$(MAKECMDGOALS)),)
-include $(BUILD)/test-config.mk
endif

$(BUILD)/tests/core_%: tests/core_%.c $(wildcard tests/*.h) $(BUILD)/libgvcore.a $(BUILD)/test-config.mk
	@mkdir -p $(@D)
	$(msg) TEST $@
	$(Q)$(CC) $(CFLAGS_ALL) $(CMOCKA_CFLAGS) -o $@ $< $(BUILD)/libgvcore.a $(CMOCKA_LIBS) -lm $(LDFLAGS_ALL)
APP_TEST_DEPS = $(wildcard tests/*.h) $(LIBS_ALL) $(BUILD)/test-config.mk
APP_TEST_LINK = $(CC) $(CFLAGS_ALL) $(PKG_CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< $(LIBS_ALL) \
	$(PKG_LIBS) $(CMOCKA_LIBS) -lpthread -lm $(LDFLAGS_ALL)
$(BUILD)/tests/app_%: tests/app_%.c $(APP_TEST_DEPS)
	@mkdir -p $(@D)
	$(msg) TEST $@
	$(Q)$(APP_TEST_LINK)
$(BUILD)/tests/ui_%: tests/ui_%.c $(APP_TEST_DEPS)
	@mkdir -p $(@D)
	$(msg) TEST $@
	$(Q)$(APP_TEST_LINK)

test-deps: $(BUILD)/test-config.mk
test-bins: $(TEST_BINS) $(BIN) $(BUILD)/refgen $(BUILD)/tools/manrules $(FUZZ_REPLAY)

# Run every suite even when one fails; fail at the end. Tests find ../shared through GV_SHARED.
GV_SHARED ?= $(abspath ../shared)
export GV_REQUIRE_SHARED
# One after the other (not in parallel under -j): plain first, then the sanitizer build.
check:
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory check-clang

# TEST_SKIP: names of test binaries not to run in this build (said so, not counted as a pass).
TEST_SKIP ?=
# Tests that need ../shared (the CDC SAS oracle, the Synthea bundles) skip where it is missing,
# each noted in $(BUILD)/skipped.txt and counted at the end; GV_REQUIRE_SHARED=1 (set by .ci/run)
# makes such a skip a failure.
test: test-bins check-layering check-layer-link
	@fail=0; skips=$(abspath $(BUILD))/skipped.txt; rm -f $$skips; \
	for t in $(TEST_BINS); do \
		case " $(TEST_SKIP) " in *" $${t##*/} "*) echo "== $$t: not run in this build (TEST_SKIP)"; continue ;; esac; \
		echo "== $$t"; \
		GV_SHARED=$(GV_SHARED) GV_BUILD=$(BUILD) GV_SKIPS=$$skips $(TEST_WRAP) ./$$t || fail=1; \
	done; \
	for t in $(SHELL_TESTS); do \
		echo "== $$t"; \
		GV_SHARED=$(GV_SHARED) GV_BUILD=$(BUILD) GV_SKIPS=$$skips GV_BIN=$(abspath $(BIN)) GV_REFGEN=$(abspath $(BUILD)/refgen) GV_MANRULES=$(abspath $(BUILD)/tools/manrules) \
			sh $$t || fail=1; \
	done; \
	for t in $(FUZZ_TARGETS); do \
		echo "== fuzz seeds: tests/fuzz/$$t"; \
		$(TEST_WRAP) ./$(BUILD)/fuzz/replay_$$t tests/fuzz/$$t || fail=1; \
	done; \
	(cd refdata && sha256sum --quiet -c SHA256SUMS) || { echo "refdata checksums differ"; fail=1; }; \
	nskip=0; [ -f $$skips ] && nskip=$$(wc -l < $$skips); \
	if [ $$nskip != 0 ]; then \
		echo "$$nskip skipped: ../shared not found ($(GV_SHARED)):"; sed 's/^/  /' $$skips; \
	fi; \
	if [ $$fail = 0 ]; then echo "ALL TESTS PASSED$$( [ $$nskip = 0 ] || echo " ($$nskip skipped: ../shared not found)")"; \
	else echo "SOME TESTS FAILED"; fi; \
	exit $$fail

# Same suites under ASan + UBSan, in a separate build tree.
asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
		EXTRA_LDFLAGS="-fsanitize=address,undefined" test

# ---------------------------------------------------------------- clang: sanitizers and fuzzing
# One clang build tree serves both: the suites under clang's ASan + UBSan (which finds what gcc's
# does not, e.g. arithmetic on a null pointer) and the libFuzzer harnesses.  Its objects carry
# libFuzzer's coverage instrumentation (fuzzer-no-link), harmless to the test binaries.
# Two of clang's -Wextra heuristics flag what this code does on purpose: initialisers that leave
# trailing fields zero (core/flags.c's rule table) and long strings split over lines inside an
# array of strings (tests' expected messages).
# clang comes from .ci/deps's "clang" profile: `make fuzz` and `make asan-clang` install it (or
# stop with the apt-get line); `make check` uses it when present (with GV_REQUIRE_CLANG=1, as
# .ci/run sets, it installs it or fails) and otherwise says that it skipped the clang builds.
CLANG ?= clang
CLANG_BUILD ?= build-clang
CLANG_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
CLANG_VARS = BUILD=$(CLANG_BUILD) CC=$(CLANG) OPT="-O1 -g -fno-omit-frame-pointer $(CLANG_SAN) -fsanitize=fuzzer-no-link" \
	EXTRA_CFLAGS="-Wno-missing-field-initializers -Wno-string-concatenation" EXTRA_LDFLAGS="$(CLANG_SAN)"

FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3
# Extra libFuzzer options, e.g. FUZZ_FLAGS=-jobs=2 or -max_len=65536.
FUZZ_FLAGS ?=
FUZZ_BINS = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_DEPS = tests/fuzz/fuzz.h tests/fuzz/fz_ingest.h $(LIBS_ALL) $(BUILD)/config.mk
FUZZ_LINK = $(PKG_CFLAGS) -o $@ $(filter %.c,$^) $(LIBS_ALL) $(PKG_LIBS) -lpthread -lm

# The harnesses with libFuzzer (clang only) and with tests/fuzz/replay.c (any compiler).
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(msg) FUZZ $@
	$(Q)$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer $(FUZZ_LINK) $(LDFLAGS_ALL)
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(msg) CC $@
	$(Q)$(CC) $(CFLAGS_ALL) $(FUZZ_LINK) $(LDFLAGS_ALL)
fuzz-bins: $(FUZZ_BINS)

check-clang:
	@if [ "$(GV_REQUIRE_CLANG)" = 1 ]; then sh .ci/deps clang || exit 1; fi; \
	if sh .ci/deps clang --probe; then \
		$(MAKE) --no-print-directory asan-clang && $(MAKE) --no-print-directory fuzz-smoke; \
	else \
		echo "SKIPPED: the clang ASan+UBSan suites and the fuzz smoke: clang, libclang-rt-dev or llvm-symbolizer"; \
		echo "         is missing (sh .ci/deps clang installs them; CI sets GV_REQUIRE_CLANG=1 to require them)"; \
	fi

# app_crash (SIGKILL at random moments of a 100,000-row import, then a consistency check) is
# about SQLite's transactions, not memory: under clang's instrumentation it takes two minutes, so
# it runs in `make test` and `make asan` only.
asan-clang:
	@sh .ci/deps clang
	$(MAKE) $(CLANG_VARS) TEST_SKIP="app_crash" test

# Each fuzzer in turn (one core), FUZZ_SECONDS each (check: FUZZ_SMOKE_SECONDS).  New inputs go to
# build-clang/fuzz/corpus/<name> (the seeds in tests/fuzz/<name> are read, never written); a crash
# or a failed invariant is saved under build-clang/fuzz/artifacts/<name>/, the run goes on with
# the next target and fails at the end, saying how to replay the input.  A fixed crash's input
# belongs in tests/fuzz/<name>/: the seeds run in every `make test`.
fuzz:
	@sh .ci/deps clang
	@$(MAKE) --no-print-directory $(CLANG_VARS) fuzz-bins
	@$(MAKE) --no-print-directory fuzz-run FUZZ_TIME=$(FUZZ_SECONDS)
fuzz-smoke:
	@$(MAKE) --no-print-directory $(CLANG_VARS) fuzz-bins
	@$(MAKE) --no-print-directory fuzz-run FUZZ_TIME=$(FUZZ_SMOKE_SECONDS)
fuzz-run:
	@fail=0; for t in $(FUZZ_TARGETS); do \
		c=$(CLANG_BUILD)/fuzz/corpus/$$t a=$(CLANG_BUILD)/fuzz/artifacts/$$t log=$(CLANG_BUILD)/fuzz/$$t.log; \
		mkdir -p $$c $$a; \
		dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
		$(CLANG_BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix=$$a/ $$dict $(FUZZ_FLAGS) $$c tests/fuzz/$$t > $$log 2>&1; \
		rc=$$?; \
		awk -v t=$$t -v s=$(FUZZ_TIME) '/^stat::number_of_executed_units/ { r = $$2 } /^stat::new_units_added/ { u = $$2 } \
			/^stat::peak_rss_mb/ { m = $$2 } END { printf "fuzz %-8s %3d s: %d executions, %d new units, peak RSS %d MB\n", t, s, r, u, m }' $$log; \
		if [ $$rc != 0 ]; then \
			fail=1; tail -n 40 $$log; \
			echo "fuzz $$t FAILED: the input is in $$a/ (log $$log); replay it with"; \
			echo "  $(CLANG_BUILD)/fuzz/fuzz_$$t $$a/<file>   or   build/fuzz/replay_$$t $$a/<file>"; \
		fi; \
	done; exit $$fail

valgrind: test-bins
	@fail=0; for t in $(TEST_BINS); do echo "== $$t"; \
		GV_SHARED=$(GV_SHARED) GV_BUILD=$(BUILD) valgrind -q --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite ./$$t || fail=1; done; exit $$fail

bench: $(BIN) $(BUILD)/bench/gendata $(BUILD)/bench/rusage $(BUILD)/bench/chart_bench $(BUILD)/bench/flags \
		$(BUILD)/bench/synth_bench $(BUILD)/bench/flags_cohort $(BUILD)/bench/tui_bench $(BUILD)/bench/stats_bench \
		$(BUILD)/bench/claims_bench $(BUILD)/bench/prompt_bench $(BUILD)/bench/genfhir $(BUILD)/bench/rate_bench \
		$(BUILD)/bench/autosave_bench $(BUILD)/tests/app_benchexp $(BUILD)/bench/stats_cmd $(BUILD)/bench/rate_screen_bench \
		$(BUILD)/bench/adjudicate_bench
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench.sh
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench_fhir.sh
	$(BUILD)/bench/chart_bench
	$(BUILD)/bench/synth_bench
	$(BUILD)/bench/flags
	$(BUILD)/bench/flags_cohort 10000
	$(BUILD)/bench/stats_bench
	rm -f $(BUILD)/bench/stats_cmd.db*; $(BUILD)/bench/stats_cmd $(abspath $(BIN)) $(BUILD)/bench/stats_cmd.db
	$(BUILD)/bench/claims_bench
	$(BUILD)/bench/prompt_bench 100000 1 1 main
	$(BUILD)/bench/prompt_bench 100000 2
	GV_BIN=$(abspath $(BIN)) BUILD=$(BUILD) sh tests/bench_store.sh
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench_tasks.sh
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench_search.sh
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench/tui.sh
	$(BUILD)/bench/llm_bench 1000 8
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench/summaries.sh
	$(BUILD)/bench/rate_bench
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench/check.sh
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench/ratings.sh
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench/benchexp.sh
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench/ratings_io.sh
	GV_BIN=$(abspath $(BIN)) GV_BUILD=$(BUILD) sh tests/bench/rate_screen.sh

# The LLM engine against the fake chat server (a prerequisite of bench of its own).
bench: $(BUILD)/bench/llm_bench

# Benchmarks of ui/ (and app/) link the ui, services and core archives (only the objects they use
# are pulled in).
$(BUILD)/bench/chart_bench $(BUILD)/bench/tui_bench $(BUILD)/bench/llm_bench $(BUILD)/bench/rate_bench \
		$(BUILD)/bench/stats_cmd $(BUILD)/bench/autosave_bench $(BUILD)/bench/rate_screen_bench \
		$(BUILD)/bench/adjudicate_bench: $(BUILD)/bench/%: tests/bench/%.c $(LIBS_UI)
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) $(PKG_CFLAGS) -o $@ $< $(LIBS_UI) $(PKG_LIBS) -lpthread -lm $(LDFLAGS_ALL)

# The prompt benchmark runs on both cores (one set of core/ handles per thread).
$(BUILD)/bench/prompt_bench: tests/bench/prompt_bench.c $(BUILD)/libgvcore.a
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libgvcore.a -lpthread -lm $(LDFLAGS_ALL)

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libgvcore.a
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libgvcore.a -lm

# Small programs used by the build and the tests (link core only).
$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libgvcore.a
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libgvcore.a -lm

# The flag rules in the man page are generated from core/flags.c (tests/sh_man.sh checks).
man: $(BUILD)/tools/manrules
	@sh tests/man_rules.sh update $(BUILD)/tools/manrules man/growthview.1

# The layers' files, as the checks see them.  LAYER_PLANT_<LAYER> adds one more file to a layer
# (tests/sh_layering.sh plants a bad include that way and expects both checks to fail).
LAYER_PLANT_CORE ?=
LAYER_PLANT_APP ?=
LAYER_PLANT_UI ?=
LAYER_PLANT_CMD ?=
LAYER_CORE  = $(wildcard core/*.[ch]) $(LAYER_PLANT_CORE)
LAYER_APP   = $(wildcard app/*.[ch] app/store/*.[ch]) $(LAYER_PLANT_APP)
LAYER_UI    = $(wildcard ui/*.[ch]) $(LAYER_PLANT_UI)
LAYER_CMD   = $(wildcard app/cmd/*.[ch]) $(LAYER_PLANT_CMD)
LAYER_STORE = $(wildcard app/store/*.[ch])
INC = '\#include[[:space:]]*[<"]'

# Includes go down the layers only: core <- app services <- ui <- commands.  core/ stays pure (no
# ncurses, SQLite, cJSON, stdio, threads; no printing, no exit: STYLE.md); app services include
# nothing from ui/ or app/cmd/; ui/ nothing from app/cmd/; only ui/term.c includes curses, only the
# store's files (app/store/) include sqlite3.h, only app/llm_http.c includes curl.
check-layering:
	@if grep -nE $(INC)'(n?curses|ncursesw/|sqlite3|cjson/|cJSON|curl/|stdio\.h|unistd\.h|pthread\.h)' $(LAYER_CORE); then \
		echo "core/ must stay pure: no ncurses, SQLite, cJSON, curl, stdio or threads"; exit 1; fi
	@if grep -nE '\b(printf|fprintf|fopen|puts|exit|abort)[[:space:]]*\(' $(filter %.c,$(LAYER_CORE)); then \
		echo "core/ must not print or exit"; exit 1; fi
	@if grep -nE $(INC)'(app|ui)/' $(LAYER_CORE); then \
		echo "core/ must not include app/ or ui/ (core is the bottom layer)"; exit 1; fi
	@if grep -nE $(INC)'(ui/|app/cmd/)' $(LAYER_APP); then \
		echo "app services (app/, app/store/) must not include ui/ or app/cmd/ (layers: core <- app <- ui <- commands)"; exit 1; fi
	@if grep -nE $(INC)'app/cmd/' $(LAYER_UI); then \
		echo "ui/ must not include app/cmd/ (layers: core <- app <- ui <- commands)"; exit 1; fi
	@if grep -nE $(INC)'(n?curses|ncursesw/)' $(filter-out ui/term.c,$(LAYER_CORE) $(LAYER_APP) $(LAYER_UI) $(LAYER_CMD)); then \
		echo "only ui/term.c speaks curses"; exit 1; fi
	@if grep -nE $(INC)'sqlite3' $(filter-out $(LAYER_STORE),$(LAYER_CORE) $(LAYER_APP) $(LAYER_UI) $(LAYER_CMD)); then \
		echo "only the store's files (app/store/) speak SQL (sqlite3.h)"; exit 1; fi
	@if grep -nE $(INC)'curl/' $(filter-out app/llm_http.c,$(LAYER_CORE) $(LAYER_APP) $(LAYER_UI) $(LAYER_CMD)); then \
		echo "only app/llm_http.c speaks curl"; exit 1; fi
	@echo "layering ok: core <- app <- ui <- commands; core/ is pure; curses only in ui/term.c, sqlite3.h only in app/store/, curl only in app/llm_http.c"

# Each layer's archive, whole, links with only the layers below it (and the libraries): an upward
# call (a service calling ui/, ui/ calling a command) is an undefined reference here even when the
# program's own link would find the symbol.  LAYER_PLANT_<LAYER> (a .c file) is compiled into it.
LAYER_MAIN = $(BUILD)/layer/main0.c
$(LAYER_MAIN):
	@mkdir -p $(@D)
	@printf 'int main(void);\nint main(void) { return 0; }\n' > $@
$(BUILD)/layer/plant_%.o: FORCE $(BUILD)/config.mk
	@mkdir -p $(@D)
	@rm -f $@
	$(Q)if [ -n "$(LAYER_PLANT_$*)" ]; then $(CC) $(CFLAGS_ALL) $(PKG_CFLAGS) -c -o $@ $(LAYER_PLANT_$*); \
	else printf 'typedef int gv_layer_empty;\n' | $(CC) $(CFLAGS_ALL) -x c -c -o $@ -; fi
FORCE:
WHOLE = -Wl,--whole-archive $(1) -Wl,--no-whole-archive
LAYER_LINK = $(CC) $(CFLAGS_ALL) -o $@ $(LAYER_MAIN)
check-layer-link: $(BUILD)/layer/core $(BUILD)/layer/app $(BUILD)/layer/ui $(BUILD)/layer/cmd
	@echo "layer links ok: libgvcore.a alone, libgvapp.a on core, libgvui.a on app+core, libgvcmd.a on ui+app+core"
$(BUILD)/layer/core: $(LAYER_MAIN) $(BUILD)/layer/plant_CORE.o $(BUILD)/libgvcore.a FORCE
	$(msg) LAYER $@
	$(Q)$(LAYER_LINK) $(BUILD)/layer/plant_CORE.o $(call WHOLE,$(BUILD)/libgvcore.a) -lm $(LDFLAGS_ALL)
$(BUILD)/layer/app: $(LAYER_MAIN) $(BUILD)/layer/plant_APP.o $(BUILD)/libgvapp.a $(BUILD)/libgvcore.a FORCE
	$(msg) LAYER $@
	$(Q)$(LAYER_LINK) $(BUILD)/layer/plant_APP.o $(call WHOLE,$(BUILD)/libgvapp.a) $(BUILD)/libgvcore.a \
		$(PKG_LIBS) -lpthread -lm $(LDFLAGS_ALL)
$(BUILD)/layer/ui: $(LAYER_MAIN) $(BUILD)/layer/plant_UI.o $(LIBS_UI) FORCE
	$(msg) LAYER $@
	$(Q)$(LAYER_LINK) $(BUILD)/layer/plant_UI.o $(call WHOLE,$(BUILD)/libgvui.a) $(BUILD)/libgvapp.a $(BUILD)/libgvcore.a \
		$(PKG_LIBS) -lpthread -lm $(LDFLAGS_ALL)
$(BUILD)/layer/cmd: $(LAYER_MAIN) $(BUILD)/layer/plant_CMD.o $(LIBS_ALL) FORCE
	$(msg) LAYER $@
	$(Q)$(LAYER_LINK) $(BUILD)/layer/plant_CMD.o $(call WHOLE,$(BUILD)/libgvcmd.a) $(LIBS_UI) \
		$(PKG_LIBS) -lpthread -lm $(LDFLAGS_ALL)

lint: check-layering
	@mandoc -Tlint -Wwarning man/growthview.1 && echo "man page ok"
	@if command -v cppcheck >/dev/null; then cppcheck -q --error-exitcode=1 --std=c11 -I. \
		--suppress=missingIncludeSystem core app ui; fi

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/growthview
	install -m 644 man/growthview.1 $(DESTDIR)$(MANPREFIX)/man1/growthview.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/growthview $(DESTDIR)$(MANPREFIX)/man1/growthview.1

demo: $(BIN)
	./$(BIN) demo

clean:
	rm -rf build build-asan build-clang

distclean: clean
