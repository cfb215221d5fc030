# Hall queue system — top-level, non-recursive build.
#
#   make            build every program into build/
#   make check      install missing packages, build, run every test suite
#   make check-clock the suites again at faked dates (libfaketime)
#   make demo       install missing packages, build, run the whole hall
#   make deps       install the Debian packages that are missing
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean
#   make SANITIZE=1 ...   AddressSanitizer + UndefinedBehaviorSanitizer

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc

# Debian packages the build, the demo and the tests need.
DEB_PACKAGES = build-essential pkg-config libzmq3-dev libczmq-dev \
  libsqlite3-dev sqlite3 libjansson-dev libglib2.0-dev libgtk-4-dev \
  libnotify-dev libsodium-dev libqrencode-dev libcairo2-dev \
  libespeak-ng-dev espeak-ng gettext xvfb xauth dbus dbus-x11 \
  python3-dbusmock fonts-noto-cjk zbar-tools poppler-utils sox \
  libnotify-bin valgrind clang libclang-rt-14-dev faketime \
  libsoup-3.0-dev chromium chromium-driver python3-selenium wrk \
  at-spi2-core python3-gi gir1.2-atspi-2.0 libpq-dev postgresql-15 openssl

PKGS_CORE = libczmq libzmq sqlite3 jansson glib-2.0 libsodium
PKGS_GUI  = gtk4 libnotify
PKGS_TICKET = cairo libqrencode gio-2.0

PKG_OK := $(shell pkg-config --exists $(PKGS_CORE) $(PKGS_GUI) $(PKGS_TICKET) espeak-ng libsoup-3.0 libpq 2>/dev/null && echo yes)
ifeq ($(PKG_OK),yes)
CORE_CFLAGS := $(shell pkg-config --cflags $(PKGS_CORE))
CORE_LIBS   := $(shell pkg-config --libs $(PKGS_CORE))
GUI_CFLAGS  := $(shell pkg-config --cflags $(PKGS_GUI))
GUI_LIBS    := $(shell pkg-config --libs $(PKGS_GUI))
TICKET_CFLAGS := $(shell pkg-config --cflags $(PKGS_TICKET))
TICKET_LIBS   := $(shell pkg-config --libs $(PKGS_TICKET))
VOICE_CFLAGS := $(shell pkg-config --cflags espeak-ng)
PDF_CFLAGS   := $(shell pkg-config --cflags pangocairo cairo)
PDF_LIBS     := $(shell pkg-config --libs pangocairo cairo)
VOICE_LIBS   := $(shell pkg-config --libs espeak-ng)
# libpq: the county's PostgreSQL (hall-uplink, hall-county, the dashboard's county mode).
PQ_CFLAGS    := $(shell pkg-config --cflags libpq)
PQ_LIBS      := $(shell pkg-config --libs libpq)
endif

WARN    = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -I$(BUILD)/gen -Icommon -Iserver -Iticket-printer -Iticket-printer/kiosk -Itests/lib -Itests/lib/gui \
  -Icounter-client -Icounter-client/rating-pad -Idisplay -Imanager -Ireport \
  -DLOCALEDIR='"$(PREFIX)/share/locale"' -DDATADIR='"$(PREFIX)/share/hall"'
ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

# ---- libhall (common/) ---------------------------------------------------
COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/%.o)
LIBHALL    := $(BUILD)/libhall.a

# ---- server/ : hall-server, hallctl --------------------------------------
# Every server/*.c except the two mains goes into libserver.a, so unit tests
# can link the store and dispatch without the main loop.
SERVER_LIB_SRC := $(filter-out server/main.c server/hallctl%.c,$(wildcard server/*.c))
SERVER_LIB_OBJ := $(SERVER_LIB_SRC:%.c=$(BUILD)/%.o)
LIBSERVER      := $(BUILD)/libserver.a

# ---- ticket-printer/ : the ticket-printing library (hall-kiosk: kiosk/) ---
TICKET_LIB_SRC := $(wildcard ticket-printer/*.c)
TICKET_LIB_OBJ := $(TICKET_LIB_SRC:%.c=$(BUILD)/%.o)
LIBTICKET      := $(BUILD)/libticket.a

PROGRAMS = $(BUILD)/hall-server $(BUILD)/hallctl

default: all

# Each library compiles with its own include list and flags: common/ and
# server/ see neither GTK nor each other's clients, and the PDF writer
# that hallctl links sees cairo and pango only.  Everything else (the GUI
# programs, the tests) gets the whole list.
BASE_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -I$(BUILD)/gen \
  -DLOCALEDIR='"$(PREFIX)/share/locale"' -DDATADIR='"$(PREFIX)/share/hall"'
ifeq ($(SANITIZE),1)
BASE_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
# report/ : the report writer (table cells, charts, CSV and PDF) that the
# dashboard and hallctl both link.
REPORT_SRC := $(wildcard report/*.c)
REPORT_OBJ := $(REPORT_SRC:%.c=$(BUILD)/%.o)
LIBREPORT  := $(BUILD)/libreport.a

$(BUILD)/common/%.o: common/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) -Icommon $(CORE_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/server/%.o: server/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) -Iserver -Icommon $(CORE_CFLAGS) $(SERVER_EXTRA) -MMD -MP -c $< -o $@

# hallctl's report command writes the PDF (the writer's header: cairo);
# its issue command can print the ticket as PNG (libticket: cairo, qrencode).
$(BUILD)/server/hallctl-report.o: SERVER_EXTRA = -Ireport $(PDF_CFLAGS)
$(BUILD)/server/hallctl-hall.o: SERVER_EXTRA = -Iticket-printer $(TICKET_CFLAGS)

$(BUILD)/report/%.o: report/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) -Ireport -Icommon $(CORE_CFLAGS) $(PDF_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(GUI_CFLAGS) $(TICKET_CFLAGS) $(VOICE_CFLAGS) -MMD -MP -c $< -o $@

$(LIBHALL): $(COMMON_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(LIBSERVER): $(SERVER_LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(LIBTICKET): $(TICKET_LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(LIBREPORT): $(REPORT_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/hall-server: $(BUILD)/server/main.o $(LIBSERVER) $(LIBHALL)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) -lm

# hallctl writes PDF reports with the dashboard's writer, libreport, and
# tickets with the kiosk's renderer, libticket (cairo, pango, qrencode
# only: no GUI object is linked into hallctl).
HALLCTL_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard server/hallctl*.c))
$(BUILD)/hallctl: $(HALLCTL_OBJ) $(LIBREPORT) $(LIBTICKET) $(LIBHALL)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) $(PDF_LIBS) $(TICKET_LIBS) -lm

TESTLIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/lib/*.c))
# GUI suites also link tests/lib/gui/ (screenshots, waiting on the main loop).
GUI_TESTLIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/lib/gui/*.c))

# Further programs (GUI clients, kiosk) add themselves in their own
# fragment mk/PROGRAM.mk: they append to EXTRA_PROGRAMS (installed and
# built by `make`) and TEST_PROGRAMS (built by `make tests`).
-include $(wildcard mk/*.mk)

all: $(PROGRAMS) $(EXTRA_PROGRAMS)

# ---- tests ----------------------------------------------------------------
# tests/unit/test-*.c: each one GLib test binary linked with every library.
UNIT_SRC  := $(wildcard tests/unit/test-*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)


$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TESTLIB_OBJ) $(LIBSERVER) $(LIBTICKET) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) $(TICKET_LIBS) $(GUI_LIBS) -lm

# tests/integration/it-*.c: integration suites against the real hall-server.
IT_SRC := $(wildcard tests/integration/it-*.c)
IT_BIN := $(IT_SRC:tests/integration/%.c=$(BUILD)/tests/%)

$(BUILD)/tests/it-%: $(BUILD)/tests/integration/it-%.o $(TESTLIB_OBJ) $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) -lm

# Helper programs the tests start (not suites themselves).
$(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) -lm
TEST_TOOLS := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))

# LD_PRELOAD shims the tests put in front of a server (never sanitized:
# they must load before nothing else).
$(BUILD)/tests/preload/lib%.so: tests/preload/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -fPIC -shared -o $@ $< -ldl
TEST_TOOLS += $(patsubst tests/preload/%.c,$(BUILD)/tests/preload/lib%.so,$(wildcard tests/preload/*.c))

tests: all $(UNIT_BIN) $(IT_BIN) $(TEST_TOOLS) $(TEST_PROGRAMS)

# Under the sanitizers the AT-SPI walks of /*/accessible-names are left to
# the plain pass (HALL_SKIP_A11Y): names do not depend on memory checking,
# and the walks are slow there.  So is the county's real-minutes outage
# (it-county: PostgreSQL stopped for HALL_COUNTY_OUTAGE seconds, 120 in the
# plain pass, 20 in the others): how long the link is down is not what a
# sanitizer or a faked date checks.
check: deps
	$(MAKE) tests
	BUILD=$(BUILD) $(if $(SANITIZE),HALL_SKIP_A11Y=1 HALL_COUNTY_OUTAGE=20) tests/run-all.sh

# Every suite again with the machine's clock faked (libfaketime) at three
# instants where the machine's date and the hall's disagree: New Year in
# Shanghai, a leap day, a year from now (tests/check-clock.sh).
check-clock: deps
	$(MAKE) tests
	BUILD=$(BUILD) tests/check-clock.sh

# The integration suites with hall-server under valgrind memcheck (slow).
check-valgrind: tests
	HALL_VALGRIND=1 HALL_BUILD=$(BUILD) HALL_SOURCE=$(CURDIR) $(BUILD)/tests/it-server --tap
	HALL_VALGRIND=1 HALL_BUILD=$(BUILD) HALL_SOURCE=$(CURDIR) $(BUILD)/tests/it-security --tap

# make demo PORT=5580 WEB_PORT=8081: another demo beside one (or a test run).
demo: deps
	$(MAKE) all
	BUILD=$(BUILD) PORT=$(PORT) WEB_PORT=$(WEB_PORT) tools/demo.sh

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: run as root (or install:$$missing)" >&2; exit 1; fi; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(PROGRAMS) $(EXTRA_PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	install -d $(DESTDIR)$(PREFIX)/share/hall
	cp -r data/. $(DESTDIR)$(PREFIX)/share/hall/
	install -m 0644 server/schema.sql $(DESTDIR)$(PREFIX)/share/hall/schema.sql
	for mo in $(MO_FILES); do \
	  rel=$${mo#$(BUILD)/locale/}; \
	  install -D -m 0644 $$mo $(DESTDIR)$(PREFIX)/share/locale/$$rel; \
	done

clean:
	rm -rf $(BUILD)

.PHONY: default all check check-clock check-valgrind demo deps install clean tests
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- generated headers: the schema and the demo hall, embedded as strings
$(BUILD)/gen/schema.h: server/schema.sql
	@mkdir -p $(dir $@)
	{ echo 'static const char s_schema_sql[] ='; sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; echo ';'; } > $@

$(BUILD)/gen/demo_hall.h: data/demo-hall.conf
	@mkdir -p $(dir $@)
	{ echo 'static const char s_demo_hall[] ='; sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; echo ';'; } > $@

MIGRATIONS := $(sort $(wildcard server/migrations/*.sql))
$(BUILD)/gen/migrations.h: $(MIGRATIONS)
	@mkdir -p $(dir $@)
	{ echo 'static const struct { int version; const char *sql; } s_migrations[] = {'; \
	  for f in $(MIGRATIONS); do v=$$(basename $$f | sed 's/^0*\([0-9]*\)-.*/\1/'); \
	    echo "{ $$v,"; sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $$f; echo '},'; done; \
	  echo '{ 0, "" } };'; } > $@

$(BUILD)/server/store.o: $(BUILD)/gen/schema.h $(BUILD)/gen/migrations.h
$(BUILD)/server/config.o: $(BUILD)/gen/demo_hall.h

# The 好差评 reason list (data/rating-reasons.json), embedded like the demo hall.
$(BUILD)/gen/rating_reasons.h: data/rating-reasons.json
	@mkdir -p $(dir $@)
	{ echo 'static const char s_rating_reasons[] ='; sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; echo ';'; } > $@
$(BUILD)/server/rating.o: $(BUILD)/gen/rating_reasons.h

# ---- translations: po/PROGRAM.en.po -> $(BUILD)/locale/en/LC_MESSAGES/PROGRAM.mo
PO_FILES := $(wildcard po/*.po)
MO_FILES := $(foreach po,$(PO_FILES),$(BUILD)/locale/$(word 2,$(subst ., ,$(notdir $(po))))/LC_MESSAGES/$(word 1,$(subst ., ,$(notdir $(po)))).mo)

define MO_RULE
$(BUILD)/locale/$(word 2,$(subst ., ,$(notdir $(1))))/LC_MESSAGES/$(word 1,$(subst ., ,$(notdir $(1)))).mo: $(1)
	@mkdir -p $$(dir $$@)
	msgfmt --check -o $$@ $$<
endef
$(foreach po,$(PO_FILES),$(eval $(call MO_RULE,$(po))))

all: $(MO_FILES)
.SECONDARY:
