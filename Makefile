# winnow: build the library, the CLI, tests and benchmarks.
#   make            build/winnow (release, -O2)
#   make check      unit + CLI tests, then the same suite under ASan+UBSan
#   make test       unit + CLI tests on the release build only
#   make asan       build-asan/winnow with AddressSanitizer and UBSan
# Sources are found by wildcard: a new file under src/<module>/ needs no Makefile change.

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2
CFLAGS  ?=
# -Wno-format-truncation: messages are cut to their buffers on purpose (paths can be long).
WFLAGS  := -std=c17 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wno-format-truncation
CPPFLAGS := -D_GNU_SOURCE -Iinclude -Isrc -I/usr/include/myhtml
ALL_CFLAGS := $(WFLAGS) $(OPT) -g -pthread -MMD -MP $(CPPFLAGS) $(CFLAGS)
LDLIBS  := -lzstd -lz -lm -lpthread
LDLIBS  += $(EXTRA_LDLIBS)

LIB_SRC  := $(sort $(wildcard src/*/*.c))
PROG_SRC := $(sort $(wildcard programs/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
PROG_OBJ := $(PROG_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test check asan clean bench
all: $(BUILD)/winnow $(UNIT_BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libwinnow.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/winnow: $(PROG_OBJ) $(BUILD)/libwinnow.a
	$(CC) $(ALL_CFLAGS) -o $@ $(PROG_OBJ) $(BUILD)/libwinnow.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libwinnow.a $(LDLIBS)

test: all
	BUILD=$(BUILD) bash tests/run.sh

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" all

check: all asan
	BUILD=$(BUILD) bash tests/run.sh
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  BUILD=build-asan WN_SANITIZED=1 bash tests/run.sh

clean:
	rm -rf build build-asan

-include $(LIB_OBJ:.o=.d) $(PROG_OBJ:.o=.d)
