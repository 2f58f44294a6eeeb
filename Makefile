# wiretrace - GNU Makefile. `make help` lists the targets.
PREFIX   ?= /usr/local
CC       ?= cc
CFLAGS   ?= -O2 -g
PKGS     := libutf8proc libxxhash jansson gumbo libarchive sqlite3 zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN     := -std=c17 -Wall -Wextra -Wpedantic -Werror
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude
LIBS     := $(PKG_LIBS) -lpthread -lm

B        ?= build
LIB_SRC  := $(sort $(wildcard src/lib/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(B)/%.o)

.PHONY: all check check-asan unit cli-test fuzz-replay fuzz bench demo install clean \
        deps format help

all: $(B)/wiretrace $(B)/libwiretrace.a $(B)/libwiretrace.so

help:
	@echo "make            build build/wiretrace and the library"
	@echo "make demo       install missing packages, build, run wiretrace on ../shared/seeds"
	@echo "make check      unit tests, CLI tests, fuzz corpus replay"
	@echo "make check-asan the same under AddressSanitizer + UBSan"
	@echo "make fuzz       run every libFuzzer target (FUZZ_SECONDS=60 each, FUZZ_ONLY=names)"
	@echo "make bench      build the corpus generator and run the benchmarks"
	@echo "make install    PREFIX=/usr/local: binary, library, header, pkg-config, man page"

deps:
	@sh scripts/install-deps.sh

$(B)/%.o: %.c $(wildcard include/*.h src/lib/*.h src/cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -fPIC $(CPPFLAGS) $(INC_$(firstword $(subst /, ,$(dir $<)))) \
	    $(PKG_CFLAGS) -c $< -o $@

# the CLI sees only include/wiretrace.h; the library and tests see src/lib too
INC_src := -Isrc/lib
INC_tests := -Isrc/lib
$(CLI_OBJ): INC_src :=

$(B)/libwiretrace.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/libwiretrace.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libwiretrace.so.0 $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/wiretrace: $(CLI_OBJ) $(B)/libwiretrace.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libwiretrace.a $(LIBS)

# ------------------------------------------------------------------ tests
$(B)/unit_tests: $(UNIT_OBJ) $(B)/libwiretrace.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(B)/libwiretrace.a $(LIBS) -lcriterion

$(B)/fuzz_replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(B)/libwiretrace.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Isrc/lib $(PKG_CFLAGS) -o $@ $< tests/fuzz/replay.c \
	    $(B)/libwiretrace.a $(LIBS)

unit: $(B)/unit_tests
	cd tests/unit && ../../$(B)/unit_tests --jobs 2 $(UNIT_ARGS)

cli-test: $(B)/wiretrace
	WT=$(CURDIR)/$(B)/wiretrace sh tests/cli/run.sh

fuzz-replay: $(FUZZ_NAMES:%=$(B)/fuzz_replay_%)
	@set -e; for n in $(FUZZ_NAMES); do \
	    $(B)/fuzz_replay_$$n tests/fuzz/corpus/$$n; done

check: all
	$(MAKE) unit
	$(MAKE) cli-test
	$(MAKE) fuzz-replay

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
check-asan:
	$(MAKE) B=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" all
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    $(MAKE) B=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" \
	    unit cli-test fuzz-replay

# libFuzzer: clang, coverage-guided, with ASan+UBSan.
FUZZ_SECONDS ?= 60
FUZZ_ONLY ?= $(FUZZ_NAMES)
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
fuzz:
	$(MAKE) B=build-fuzz CC=$(FUZZ_CC) CFLAGS="$(FUZZ_FLAGS)" build-fuzz/libwiretrace.a
	@set -e; for n in $(FUZZ_ONLY); do \
	    $(FUZZ_CC) $(WARN) -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) -Isrc/lib \
	        -o build-fuzz/fuzz_$$n tests/fuzz/fuzz_$$n.c build-fuzz/libwiretrace.a $(LIBS); \
	    mkdir -p build-fuzz/corpus/$$n; \
	    echo "fuzzing $$n for $(FUZZ_SECONDS)s"; \
	    build-fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        build-fuzz/corpus/$$n tests/fuzz/corpus/$$n; \
	done

# ------------------------------------------------------------------ bench
$(B)/gen: bench/gen.c $(B)/libwiretrace.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< $(B)/libwiretrace.a $(LIBS)

$(B)/sketch-bench: bench/sketch.c bench/bench.h $(B)/libwiretrace.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< $(B)/libwiretrace.a $(LIBS)

$(B)/stages-bench: bench/stages.c bench/bench.h $(B)/libwiretrace.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Isrc/lib $(PKG_CFLAGS) -o $@ $< $(B)/libwiretrace.a $(LIBS)

$(B)/stories-bench: bench/stories.c bench/bench.h $(B)/libwiretrace.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< $(B)/libwiretrace.a $(LIBS)

$(B)/collate-bench: bench/collate.c bench/bench.h $(B)/libwiretrace.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< $(B)/libwiretrace.a $(LIBS)

$(B)/para-bench: bench/para.c bench/bench.h $(B)/libwiretrace.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Isrc/lib $(PKG_CFLAGS) -o $@ $< $(B)/libwiretrace.a $(LIBS)

bench: all $(B)/gen $(B)/sketch-bench $(B)/stages-bench $(B)/stories-bench $(B)/collate-bench \
       $(B)/para-bench
	sh bench/run.sh $(B)

# ------------------------------------------------------------------ demo
demo: deps
	$(MAKE) all $(B)/gen
	sh scripts/demo.sh $(B)

# --------------------------------------------------------------- install
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/wiretrace $(DESTDIR)$(PREFIX)/bin/wiretrace
	install -m 644 $(B)/libwiretrace.a $(DESTDIR)$(PREFIX)/lib/libwiretrace.a
	install -m 755 $(B)/libwiretrace.so $(DESTDIR)$(PREFIX)/lib/libwiretrace.so.0
	ln -sf libwiretrace.so.0 $(DESTDIR)$(PREFIX)/lib/libwiretrace.so
	install -m 644 include/wiretrace.h $(DESTDIR)$(PREFIX)/include/wiretrace.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/#define WT_VERSION "\(.*\)"/\1/p' include/wiretrace.h)|' \
	    wiretrace.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/wiretrace.pc
	install -m 644 man/wiretrace.1 $(DESTDIR)$(PREFIX)/share/man/man1/wiretrace.1

format:
	clang-format -i include/*.h src/lib/*.[ch] src/cli/*.[ch] tests/unit/*.c tests/fuzz/*.c bench/*.c

clean:
	rm -rf build build-asan build-fuzz
