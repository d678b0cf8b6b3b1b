# alarmdesk — one plain Makefile. `make` builds both binaries; see README.md.
PREFIX  ?= /usr/local
SYSCONFDIR ?= /etc/alarmdesk
DESTDIR ?=
CC      ?= cc
BUILD   ?= build
SAN     ?=

PKGS    := ncursesw libuv libwebsockets sqlite3 libcjson libcrypto inih sndfile portaudio-2.0 alsa jack
# The camera pictures' module (video/module.h), loaded by the console on
# the first picture: FFmpeg's decoders and libchafa.
VIDEO_PKGS := chafa libavformat libavcodec libswscale libavutil libuv
# The center's alone: SIP (GNU oSIP's parser) and XML for GB/T 28181; the test
# camera's JPEG encoder; the demuxers that take an alarm's images; NATS
# (a node of a cluster on JetStream).
CENTER_PKGS := libosip2 libxml-2.0 libavformat libavcodec libavutil libnats
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter -Wno-format-truncation
CFLAGS  ?= -O2 -g
CJSON_CFLAGS = $(shell pkg-config --cflags libcjson 2>/dev/null)
CFLAGS  += -std=c11 -D_GNU_SOURCE $(WARN) $(SAN) -MMD -MP \
           -DAD_LOCALEDIR='"$(PREFIX)/share/locale"' -DAD_DATADIR='"$(PREFIX)/share/alarmdesk"' \
           -DAD_SYSCONFDIR='"$(SYSCONFDIR)"' -DAD_LIBDIR='"$(PREFIX)/lib/alarmdesk"' \
           -DAD_BUILD='"$(BUILD)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(VIDEO_PKGS) $(CENTER_PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CENTER_LIBS = $(shell pkg-config --libs $(CENTER_PKGS) 2>/dev/null)
VIDEO_LIBS = $(shell pkg-config --libs $(VIDEO_PKGS) 2>/dev/null)
LDFLAGS += $(SAN)

CORE_SRC   := $(wildcard app/core/*.c)
PROTO_SRC  := net/proto.c net/proto_encode.c net/proto_site.c net/proto_order.c net/jsonrd.c net/jparse.c
NETIO_SRC  := $(filter-out $(PROTO_SRC),$(wildcard net/*.c))
COMMON_SRC := $(wildcard common/*.c)
CENTER_LIB := $(filter-out center/main.c,$(wildcard center/*.c))
APP_SRC    := $(filter-out app/main.c,$(wildcard app/*.c)) $(wildcard ui/*.c) $(wildcard audio/*.c) $(wildcard maps/*.c) \
              video/load.c
VIDEO_SRC  := $(filter-out video/load.c,$(wildcard video/*.c))

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
CORE_OBJ   := $(call obj,$(CORE_SRC))
PROTO_OBJ  := $(call obj,$(PROTO_SRC))
NETIO_OBJ  := $(call obj,$(NETIO_SRC))
COMMON_OBJ := $(call obj,$(COMMON_SRC))
CENTER_OBJ := $(call obj,$(CENTER_LIB))
APP_OBJ    := $(call obj,$(APP_SRC))
VIDEO_OBJ  := $(call obj,$(VIDEO_SRC))
VIDEO_PIC  := $(patsubst %.c,$(BUILD)/pic/%.o,$(VIDEO_SRC))
VIDEO_MODULE := $(BUILD)/alarmdesk-video.so
BINS := alarmdesk alarmdesk-center
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
LANGS := zh_CN en
MO := $(foreach l,$(LANGS),$(BUILD)/locale/$(l)/LC_MESSAGES/alarmdesk.mo)

.PHONY: all deps deps-demo deps-deb deb test test-stress unit integration e2e check check-core check-layout demo install uninstall \
        clean format bench fuzz fuzz-build pot
all: $(BINS) $(VIDEO_MODULE) $(MO)

# What the suite needs (make test) and what building and running needs (make demo).
deps:
	@scripts/deps.sh test

deps-demo:
	@scripts/deps.sh demo

deps-deb:
	@scripts/deps.sh deb

# The Debian packages (debian/) into build/deb/, built from a copy of the
# tree, checked by lintian.
deb: deps-deb
	@scripts/deb.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

# The core is compiled without any package flags: it may only use libc.
$(BUILD)/app/core/%.o: app/core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libcore.a: $(CORE_OBJ) $(PROTO_OBJ)
	@rm -f $@ # a member of an earlier build must not linger
	$(AR) rcs $@ $^

$(BUILD)/libnetio.a: $(NETIO_OBJ)
	@rm -f $@ # a member of an earlier build must not linger
	$(AR) rcs $@ $^

$(BUILD)/libcommon.a: $(COMMON_OBJ)
	@rm -f $@ # a member of an earlier build must not linger
	$(AR) rcs $@ $^

$(BUILD)/libcenter.a: $(CENTER_OBJ)
	@rm -f $@ # a member of an earlier build must not linger
	$(AR) rcs $@ $^

# The module: position-independent, only its table seen from outside.
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -fvisibility=hidden $(PKG_CFLAGS) -c $< -o $@

$(VIDEO_MODULE): $(VIDEO_PIC)
	$(CC) $(LDFLAGS) -shared -Wl,-z,defs -o $@ $^ $(VIDEO_LIBS) -lm

# The same code linked in, for the unit tests.
$(BUILD)/libvideo.a: $(VIDEO_OBJ)
	@rm -f $@ # a member of an earlier build must not linger
	$(AR) rcs $@ $^

$(BUILD)/libapp.a: $(APP_OBJ)
	@rm -f $@ # a member of an earlier build must not linger
	$(AR) rcs $@ $^

LIBS_ALL := $(BUILD)/libapp.a $(BUILD)/libcenter.a $(BUILD)/libcommon.a $(BUILD)/libnetio.a \
            $(BUILD)/libcore.a $(BUILD)/libvideo.a

# The console does not link the center: what both read is in libcommon.
alarmdesk: $(BUILD)/app/main.o $(BUILD)/libapp.a $(BUILD)/libcommon.a $(BUILD)/libnetio.a $(BUILD)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -ldl -lm

alarmdesk-center: $(BUILD)/center/main.o $(BUILD)/libcenter.a $(BUILD)/libcommon.a $(BUILD)/libnetio.a $(BUILD)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CENTER_LIBS) -lm

$(BUILD)/locale/%/LC_MESSAGES/alarmdesk.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -o po/alarmdesk.pot app/*.c ui/*.c net/link.c

# ---- tests -----------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(LIBS_ALL) $(MO)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -DAD_TEST_LOCALEDIR='"$(BUILD)/locale"' -o $@ $(filter %.c %.a,$^) $(PKG_LIBS) $(CENTER_LIBS) $(VIDEO_LIBS) -ldl $(shell pkg-config --libs cmocka) -lm

TOOLS := $(BUILD)/tools/wavonsets $(BUILD)/tools/faultproxy $(BUILD)/tools/wsprobe $(BUILD)/tools/tarpit \
         $(BUILD)/tools/rtsp_camera $(BUILD)/tools/natskv
$(BUILD)/tools/%: tests/tools/%.c $(LIBS_ALL)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS) $(CENTER_LIBS) $(VIDEO_LIBS) -ldl -lm

# The RTSP test camera: GStreamer's RTSP server, for the tests alone.
$(BUILD)/tools/rtsp_camera: tests/tools/rtsp_camera.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags gstreamer-rtsp-server-1.0) -o $@ $< \
	  $(shell pkg-config --libs gstreamer-rtsp-server-1.0)

unit: $(UNIT_TESTS)
	@tests/run-unit.sh $(UNIT_TESTS)

integration: all $(TOOLS)
	@tests/run-all.sh tests/integration/test_*.sh

e2e: all $(TOOLS)
	@tests/run-all.sh tests/e2e/test_*.sh

# The whole suite STRESS_RUNS times in a row (default 5) while stress-ng
# loads every core twice over: what a busy machine does to the tests.
STRESS_RUNS ?= 5
test-stress: deps
	@$(MAKE) --no-print-directory all $(UNIT_TESTS) $(TOOLS)
	@tests/run-stress.sh $(STRESS_RUNS)

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_TESTS) $(TOOLS)
	@tests/run-all.sh

# ASan + UBSan build of the unit tests, in its own build directory.
check: deps
	@$(MAKE) --no-print-directory BUILD=build-san SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" unit

# The pure core: no I/O headers, no I/O or clock symbols.
check-core: $(CORE_OBJ)
	@scripts/check-core.sh $(CORE_OBJ)

# Include cycles, call loops between files, center/ headers in the console,
# long files (scripts/check-layout.sh says which and why).
check-layout: all
	@scripts/check-layout.sh $(BUILD)

bench: deps all $(BUILD)/libcenter.a
	@tests/bench/run.sh

# libFuzzer targets: the libraries instrumented in their own build directory
# (clang, ASan + UBSan), one binary per parser; tests/fuzz/run.sh runs them.
FUZZ_TARGETS := proto jparse text map geojson config accounts scenario sites drill replay journal batch dc09 gb28181
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang SAN="$(FUZZ_SAN)" WARN="-Wall -Wno-unused-parameter" \
	  $(patsubst %,build-fuzz/fuzz/fuzz_%,$(FUZZ_TARGETS))

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIBS_ALL)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIBS_ALL) $(PKG_LIBS) $(CENTER_LIBS) $(VIDEO_LIBS) -ldl -lm

fuzz:
	@tests/fuzz/run.sh

demo: deps-demo
	@$(MAKE) --no-print-directory all
	LANG=$${LANG:-C.UTF-8} ./alarmdesk --demo --datadir data --localedir $(BUILD)/locale

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/alarmdesk \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -d $(DESTDIR)$(PREFIX)/lib/alarmdesk
	install -m 644 $(VIDEO_MODULE) $(DESTDIR)$(PREFIX)/lib/alarmdesk/
	cp -r data/. $(DESTDIR)$(PREFIX)/share/alarmdesk/
	install -m 644 docs/alarmdesk.1 docs/alarmdesk-center.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	for l in $(LANGS); do install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES; \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/alarmdesk.mo \
	    $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/; done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/bin/,$(BINS))
	rm -rf $(DESTDIR)$(PREFIX)/lib/alarmdesk
	rm -rf $(DESTDIR)$(PREFIX)/share/alarmdesk

format:
	clang-format -i app/*.c app/core/*.[ch] common/*.[ch] net/*.[ch] ui/*.[ch] center/*.[ch] tests/unit/*.c

clean:
	rm -rf $(BUILD) build-san $(BINS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
