# winnow: build the library, the CLI, tests and benchmarks.
#   make            build/winnow (release, -O2), build/libwinnow.a, build/libwinnow.so.X.Y.Z
#                   (with its soname link libwinnow.so.X and dev link libwinnow.so), build/winnow.pc
#   make install    the CLI, the libraries, include/winnow.h, winnow.pc and man/winnow.1 under
#                   $(DESTDIR)$(PREFIX) (default /usr/local); make uninstall removes them
#   make check      unit + CLI tests, then the same suite under ASan+UBSan, then each fuzz
#                   target for CHECK_FUZZ_RUNS inputs from a fixed seed; every phase runs
#                   and reports even when an earlier one failed (tests/check.sh)
#   make test       unit + CLI tests on the release build only
#   make asan       build-asan/winnow with AddressSanitizer and UBSan
#   make fuzz-long  each fuzz target for FUZZ_SECONDS of CPU time (default 20 min), with a summary
# build/winnow-mpi (the same CLI, linked with MPI, for mpirun and srun) is part of every build
# when mpicc is installed (libopenmpi-dev): see programs/mpi_comm.c for why it is a binary of
# its own.
# WN_ASSERT (src/common/check.h) checks internal invariants in every build but the release
# one, whose OPT defines WN_NDEBUG: make asan, the fuzz builds and `make OPT=-O0` check them.
# Sources are found by wildcard: a new file under src/<module>/ needs no Makefile change.

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -DWN_NDEBUG
CFLAGS  ?=
# snprintf never cuts silently: paths fail when they do not fit (winnow/path.h), messages
# are cut on purpose through wn_msgf (common/msg.h), so -Wformat-truncation stays on.
WFLAGS  ?= -std=c17 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CPPFLAGS := -D_GNU_SOURCE -Iinclude -Isrc
# $(BUILD)/gen/ holds the tables generated at build time (never committed), included as
# "gen/NAME": see GEN_ENTITIES
ALL_CFLAGS := $(WFLAGS) $(OPT) -g -pthread -MMD -MP $(CPPFLAGS) -I$(BUILD) $(CFLAGS)
LDLIBS  := -lcurl -lzstd -lz -luchardet -lbrotlidec -lbrotlienc -lm -lpthread
LDLIBS  += -licuuc -licudata
LDLIBS  += $(EXTRA_LDLIBS)

# MPI's compile and link flags, from the wrapper compiler; empty without MPI
MPI_CFLAGS := $(shell mpicc --showme:compile 2>/dev/null)
MPI_LIBS   := $(shell mpicc --showme:link 2>/dev/null)

LIB_SRC  := $(sort $(wildcard src/*/*.c))
PROG_SRC := $(sort $(wildcard programs/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
PROG_OBJ := $(PROG_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# tests/tools/: programs the tests drive (the html5lib conformance tools); defined before `all`,
# whose prerequisites make expands as it reads them
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

.PHONY: all test check asan clean bench fuzz fuzz-long fuzz-replay print-ldlibs install uninstall examples python

# the Python package is part of `all` where Debian's python3-dev is installed (see `python:`)
PYTHON  ?= /usr/bin/python3
PY_INC  := $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["include"])' 2>/dev/null)
PY_ALL  := $(if $(wildcard $(PY_INC)/Python.h),python)

# The version, from include/winnow.h alone (the header is the one source of truth): the shared
# library's file name and soname, winnow.pc's Version
# ('.define': a '#' in a make function call is a comment in make before 4.3)
WN_VERSION_PART = $(shell sed -n 's/^.define WN_VERSION_$(1)  *\([0-9][0-9]*\) *$$/\1/p' include/winnow.h)
WN_MAJOR := $(call WN_VERSION_PART,MAJOR)
WN_MINOR := $(call WN_VERSION_PART,MINOR)
WN_PATCH := $(call WN_VERSION_PART,PATCH)
ifneq ($(words $(WN_MAJOR) $(WN_MINOR) $(WN_PATCH)),3)
$(error cannot read WN_VERSION_MAJOR, _MINOR and _PATCH from include/winnow.h)
endif
WN_VERSION := $(WN_MAJOR).$(WN_MINOR).$(WN_PATCH)
SONAME  := libwinnow.so.$(WN_MAJOR)
SO_FILE := libwinnow.so.$(WN_VERSION)
SO_ALL  := $(BUILD)/$(SO_FILE) $(BUILD)/$(SONAME) $(BUILD)/libwinnow.so

MPI_BIN := $(if $(MPI_LIBS),$(BUILD)/winnow-mpi)

# Test-only hooks (WN_TEST_HOOK in src/winnow/core.h: a kill after the N-th batch or
# checkpoint, a rank that fails, progress on every batch) exist only in objects compiled with
# -DWN_TEST_HOOKS. The files that use one are compiled a second time with it into
# $(BUILD)/obj-hooks/ and linked ahead of libwinnow.a, whose own copies of them then go
# unused (every symbol they define is defined already; were one pulled in, the link would
# fail on the duplicates), into $(BUILD)/winnow-hooks and winnow-hooks-mpi: the binaries the
# tests that need a hook run (tests/run.sh exports WINNOW_HOOKS), beside build/winnow so that
# they find models/ and data/ as it does. build/winnow, libwinnow.a and libwinnow.so have no hook, which
# tests/cli/test_hooks.sh checks. One build, a few objects twice: no second library.
HOOK_USE      := WN_TEST_HOOK("
HOOK_SRC      := $(shell grep -lF '$(HOOK_USE)' $(LIB_SRC) $(PROG_SRC))
HOOK_LIB_OBJ  := $(patsubst %.c,$(BUILD)/obj-hooks/%.o,$(filter src/%,$(HOOK_SRC)))
HOOK_PROG_OBJ := $(patsubst %.c,$(BUILD)/obj-hooks/%.o,$(filter programs/%,$(HOOK_SRC)))
HOOKS_PROG    := $(HOOK_PROG_OBJ) \
    $(filter-out $(patsubst %.c,$(BUILD)/obj/%.o,$(filter programs/%,$(HOOK_SRC))),$(PROG_OBJ))
HOOKS_BIN     := $(BUILD)/winnow-hooks $(if $(MPI_LIBS),$(BUILD)/winnow-hooks-mpi)

all: $(BUILD)/winnow $(MPI_BIN) $(BUILD)/libwinnow.a $(SO_ALL) \
     $(HOOKS_BIN) $(UNIT_BIN) $(TOOL_BIN) fuzz-replay examples $(PY_ALL)

# The WHATWG named character references (src/html/charref.c), generated from Python's
# standard library (html.entities.html5) rather than typed: scripts/gen_html_entities.py.
# Stdlib only, so any python3 serves; Debian's first.
GEN_PY       := $(firstword $(wildcard /usr/bin/python3) python3)
GEN_ENTITIES := $(BUILD)/gen/html_entities.inc
$(GEN_ENTITIES): scripts/gen_html_entities.py
	@mkdir -p $(dir $@)
	$(GEN_PY) scripts/gen_html_entities.py > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/src/html/charref.o: $(GEN_ENTITIES)

# tests/tools/ (TOOL_BIN, above): linked like the unit tests, as they use internal headers
$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libwinnow.a $(LDLIBS)

# Library objects are position-independent (libwinnow.a links into shared objects such as the
# Python extension) and hidden unless declared WN_API in include/winnow.h, so that a shared
# build exports the public API and nothing else.
LIB_CFLAGS := -fPIC -fvisibility=hidden

$(BUILD)/obj/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

# The list of library sources, rewritten (at parse time) only when it changes: the archive and
# the shared library depend on it, so that removing a source file remakes them without its
# object (which they would otherwise keep, and libwinnow.so export).
LIB_LIST := $(BUILD)/.lib-sources
$(shell mkdir -p $(BUILD) && echo '$(LIB_SRC)' | cmp -s - $(LIB_LIST) || echo '$(LIB_SRC)' > $(LIB_LIST))

$(BUILD)/libwinnow.a: $(LIB_OBJ) $(LIB_LIST)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/winnow: $(PROG_OBJ) $(BUILD)/libwinnow.a
	$(CC) $(ALL_CFLAGS) -o $@ $(PROG_OBJ) $(BUILD)/libwinnow.a $(LDLIBS)

# The shared library: the same PIC objects as libwinnow.a, exporting only what include/winnow.h
# declares WN_API (the rest is hidden). --no-undefined makes a missing dependency a link error
# here rather than a load error in a user's program. Built in the ASan build too (gcc links
# the sanitizer runtimes into it as dependencies), so that tests/cli/install.sh checks it there
# as well; the fuzz build makes only the archive its targets link.
$(BUILD)/$(SO_FILE): $(LIB_OBJ) $(LIB_LIST)
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $@ $(LIB_OBJ) $(LDLIBS)

$(BUILD)/$(SONAME): $(BUILD)/$(SO_FILE)
	ln -sfn $(SO_FILE) $@

$(BUILD)/libwinnow.so: $(BUILD)/$(SONAME)
	ln -sfn $(SONAME) $@

# make install [PREFIX=/usr/local] [DESTDIR=]: what a user of the CLI or the library needs,
# and nothing of the tree's internals (src/winnow/*.h stay private). The binaries are the
# ones `make` built: the CLI links libwinnow.a (it uses internal interfaces, which
# libwinnow.so does not export). winnow.pc is written at install time for that PREFIX:
# Libs: -lwinnow (the shared library); Requires.private and Libs.private for
# `pkg-config --static` (some dependencies go by name there: see below).
PREFIX  ?= /usr/local
# What a static link of libwinnow.a needs beyond it: the dependencies whose pkg-config file
# names their own static dependencies (brotlicommon; uchardet's C++ runtime), then the others.
# ICU's icu-uc.pc leaves out the C++ runtime ICU needs, and pkg-config puts Libs.private before
# the required packages' flags, so ICU goes here by name, followed by -lstdc++. The same
# libraries as LDLIBS. libcurl goes by name too: libcurl.pc's static list names libraries
# Debian ships no static or development link for (ldap, gssapi), and a program linking
# libwinnow.a takes libcurl as the system has it. tests/cli/install.sh links every object of the installed libwinnow.a
# into a fully static program with `pkg-config --static`, so that a dependency added to LDLIBS
# and not here fails there.
PC_REQUIRES_PRIVATE := libzstd zlib uchardet libbrotlidec libbrotlienc
PC_LIBS_PRIVATE     := -lcurl -licuuc -licudata -lstdc++ -lm -pthread
DEST    := $(DESTDIR)$(PREFIX)
MAN_PAGE := man/winnow.1
define WINNOW_PC
prefix=$(PREFIX)
exec_prefix=$${prefix}
libdir=$${exec_prefix}/lib
includedir=$${prefix}/include

Name: winnow
Description: web crawls to clean, deduplicated, language-labelled text corpora
Version: $(WN_VERSION)
Libs: -L$${libdir} -lwinnow
Requires.private: $(PC_REQUIRES_PRIVATE)
Libs.private: $(PC_LIBS_PRIVATE)
Cflags: -I$${includedir}
endef
export WINNOW_PC

install: $(BUILD)/winnow $(MPI_BIN) $(BUILD)/libwinnow.a $(SO_ALL)
	install -d $(DEST)/bin $(DEST)/lib/pkgconfig $(DEST)/include $(DEST)/share/man/man1
	install -m 755 $(BUILD)/winnow $(MPI_BIN) $(DEST)/bin/
	install -m 644 $(BUILD)/libwinnow.a $(DEST)/lib/
	install -m 755 $(BUILD)/$(SO_FILE) $(DEST)/lib/
	ln -sfn $(SO_FILE) $(DEST)/lib/$(SONAME)
	ln -sfn $(SONAME) $(DEST)/lib/libwinnow.so
	install -m 644 include/winnow.h $(DEST)/include/
	printf '%s\n' "$$WINNOW_PC" > $(DEST)/lib/pkgconfig/winnow.pc
	sed '/^\.TH /s/"winnow [0-9][0-9.]*"/"winnow $(WN_VERSION)"/' $(MAN_PAGE) > $(DEST)/share/man/man1/winnow.1
	chmod 644 $(DEST)/share/man/man1/winnow.1

# removes the files install installs (winnow-mpi whether or not this build has it); the
# directories stay (/usr/local/bin and the like belong to the system)
uninstall:
	rm -f $(DEST)/bin/winnow $(DEST)/bin/winnow-mpi $(DEST)/lib/libwinnow.a \
	  $(DEST)/lib/libwinnow.so $(DEST)/lib/$(SONAME) $(DEST)/lib/$(SO_FILE) \
	  $(DEST)/include/winnow.h $(DEST)/lib/pkgconfig/winnow.pc $(DEST)/share/man/man1/winnow.1

$(BUILD)/obj-hooks/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "CC $< (test hooks)"
	@$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) -DWN_TEST_HOOKS -c $< -o $@

$(BUILD)/obj-hooks/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $< (test hooks)"
	@$(CC) $(ALL_CFLAGS) -DWN_TEST_HOOKS -c $< -o $@

$(BUILD)/winnow-hooks: $(HOOKS_PROG) $(HOOK_LIB_OBJ) $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/winnow-hooks-mpi: $(filter-out %/mpi_comm.o,$(HOOKS_PROG)) $(BUILD)/obj-mpi/programs/mpi_comm.o $(HOOK_LIB_OBJ) $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(MPI_LIBS)

# programs/mpi_comm.c again, with MPI: the only object that differs from build/winnow's
$(BUILD)/obj-mpi/programs/mpi_comm.o: programs/mpi_comm.c
	@mkdir -p $(dir $@)
	@echo "CC $< (MPI)"
	@$(CC) $(ALL_CFLAGS) -DWN_WITH_MPI $(MPI_CFLAGS) -c $< -o $@

$(BUILD)/winnow-mpi: $(filter-out %/mpi_comm.o,$(PROG_OBJ)) $(BUILD)/obj-mpi/programs/mpi_comm.o $(BUILD)/libwinnow.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(MPI_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libwinnow.a $(LDLIBS)

# The Python package, in place: $(BUILD)/python/winnow/ holds the extension (python/winnow/
# _winnow.c, against include/winnow.h only, libwinnow.a linked in statically and its symbols
# kept local, so that the module needs no libwinnow.so and cannot clash with one another
# module loads) and the pure-Python layer; PYTHONPATH=$(BUILD)/python imports it. Part of
# `all` where Debian's python3-dev is installed, so `make asan` builds it with the sanitizers
# (tests/cli/python.sh runs it under ASan then). pip installs it with python/setup.py.
PY_EXT  := $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))' 2>/dev/null)
PY_MOD  := $(BUILD)/python/winnow/_winnow$(PY_EXT)
python: $(PY_MOD) $(BUILD)/python/winnow/__init__.py
$(PY_MOD): python/winnow/_winnow.c include/winnow.h $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(WFLAGS) $(OPT) -g -pthread -fPIC -fvisibility=hidden -Iinclude -I$(PY_INC) -shared \
	    -o $@ $< $(BUILD)/libwinnow.a $(LDLIBS) -Wl,--exclude-libs,ALL
$(BUILD)/python/winnow/__init__.py: python/winnow/__init__.py
	@mkdir -p $(dir $@)
	cp $< $@

# examples/: programs of the public API, built as a user of the library would build them:
# include/ only (no internal header reachable) and libwinnow.a; run by tests/cli/examples.sh
EXAMPLE_SRC := $(sort $(wildcard examples/*.c))
EXAMPLE_BIN := $(EXAMPLE_SRC:examples/%.c=$(BUILD)/examples/%)
$(BUILD)/examples/%: examples/%.c include/winnow.h $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(WFLAGS) $(OPT) -g -pthread -Iinclude $(CFLAGS) -o $@ $< $(BUILD)/libwinnow.a $(LDLIBS)
examples: $(EXAMPLE_BIN)

# the libraries a program linked with libwinnow.a needs (for bench/*.sh)
print-ldlibs:
	@echo $(LDLIBS)

test: all
	BUILD=$(BUILD) bash tests/run.sh

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" all

# tests/check.sh runs every phase (release, ASan, fuzz) even when one fails, prints each
# phase's result and the summed "N passed, N failed", then fails if anything did
check:
	+MAKE="$(MAKE)" CHECK_FUZZ_RUNS=$(CHECK_FUZZ_RUNS) bash tests/check.sh

# Fuzzing: one libFuzzer target per parser in fuzz/fuzz_*.c (clang). `make fuzz` fuzzes each
# for FUZZ_SECONDS; `make fuzz-replay` (part of check, through tests/cli/fuzz_replay.sh)
# replays fuzz/corpus/<target>/ with a sanitized non-libFuzzer driver.
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build-fuzz/%)
FUZZ_SECONDS ?= 20
# CI fuzzes a fixed number of runs from a fixed seed: the same inputs every time, so a
# red CI is a real regression and never the luck of the draw; `make fuzz` explores freely.
CHECK_FUZZ_RUNS ?= 4000
FUZZ_LIMIT ?= -max_total_time=$(FUZZ_SECONDS)
CLANG_WFLAGS := $(filter-out -Wno-format-truncation,$(WFLAGS))
ifneq ($(BUILD),build-fuzz)
build-fuzz/libwinnow.a: $(LIB_SRC)
	$(MAKE) BUILD=build-fuzz CC=clang WFLAGS="$(CLANG_WFLAGS)" OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" build-fuzz/libwinnow.a
endif
build-fuzz/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) build-fuzz/libwinnow.a
	clang $(CLANG_WFLAGS) $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -o $@ $< build-fuzz/libwinnow.a $(LDLIBS)
# every target runs, PASS/FAIL each (tests/check.sh counts them), and fails at the end
fuzz: $(FUZZ_BIN)
	@fail=0; for t in $(FUZZ_BIN); do n=$$(basename $$t); mkdir -p build-fuzz/corpus/$$n; \
	  echo "fuzzing $$n ($(FUZZ_LIMIT))"; \
	  if $$t $(FUZZ_LIMIT) -max_len=65536 -artifact_prefix=fuzz/corpus/$$n/crash- \
	      build-fuzz/corpus/$$n fuzz/corpus/$$n >/dev/null 2>build-fuzz/$$n.log; then echo "PASS fuzz/$$n"; \
	  else echo "FAIL fuzz/$$n"; tail -50 build-fuzz/$$n.log; fail=1; fi; done; exit $$fail
# `make fuzz-long` fuzzes each target until it has had FUZZ_SECONDS of CPU time (default 20
# min), FUZZ_JOBS at a time under nice 19, keeping the corpus it grows in build-fuzz/corpus/,
# and ends with a summary per target (CPU s, exec/s, cov, ft, corpus, findings): fuzz/long.sh.
# FUZZ_TARGETS="html charset" picks targets (default: all).
FUZZ_TARGETS ?= $(FUZZ_SRC:fuzz/fuzz_%.c=%)
fuzz-long: $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
	FUZZ_SECONDS=$(FUZZ_LONG_SECONDS) bash fuzz/long.sh $^
# FUZZ_SECONDS given on the command line or in the environment, else 20 min (not make fuzz's 20 s)
FUZZ_LONG_SECONDS = $(if $(filter file,$(origin FUZZ_SECONDS)),1200,$(FUZZ_SECONDS))
$(BUILD)/fuzz-replay/fuzz_%: fuzz/fuzz_%.c fuzz/replay.c $(wildcard fuzz/*.h) $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< fuzz/replay.c $(BUILD)/libwinnow.a $(LDLIBS)
fuzz-replay: $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz-replay/%)

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(PROG_OBJ:.o=.d) $(BUILD)/obj-mpi/programs/mpi_comm.d
-include $(HOOK_LIB_OBJ:.o=.d) $(HOOK_PROG_OBJ:.o=.d)
