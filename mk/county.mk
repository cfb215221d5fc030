# county/ : hall-county, the county's tool (issue 19, docs/COUNTY.md).
#
# libcounty.a holds the county's database code — connection and schema
# migrations (county-db), the county's report (county-report), the
# benchmarks' loader (county-load) — and the migrations themselves:
# county/schema/NNN-*.sql compiled in as a GResource (registered by hand:
# county_get_resource()), so the program carries its schema.  The
# resource list is made from the files present: a new migration needs no
# other edit.  Others link $(LIBCOUNTY) (the dashboard's county mode, the
# uplink's tests) with $(PQ_LIBS) $(COUNTY_LIBS) $(CORE_LIBS).

COUNTY_SRC        := $(filter-out county/hall-county-main.c,$(wildcard county/*.c))
COUNTY_OBJ        := $(COUNTY_SRC:%.c=$(BUILD)/%.o) $(BUILD)/county/county-gresource.o
COUNTY_MIGRATIONS := $(sort $(wildcard county/schema/[0-9]*-*.sql))
LIBCOUNTY         := $(BUILD)/libcounty.a
HALL_COUNTY_VERSION := 1.0
# GResource is GIO's.
ifeq ($(PKG_OK),yes)
COUNTY_CFLAGS := $(shell pkg-config --cflags gio-2.0)
COUNTY_LIBS   := $(shell pkg-config --libs gio-2.0)
endif

$(BUILD)/gen/county.gresource.xml: $(COUNTY_MIGRATIONS) mk/county.mk
	@mkdir -p $(dir $@)
	{ echo '<?xml version="1.0" encoding="UTF-8"?>'; echo '<gresources><gresource prefix="/hall/county">'; \
	  for f in $(COUNTY_MIGRATIONS); do echo "  <file>$${f#county/}</file>"; done; \
	  echo '</gresource></gresources>'; } > $@

$(BUILD)/gen/county-gresource.c: $(BUILD)/gen/county.gresource.xml $(COUNTY_MIGRATIONS)
	@mkdir -p $(dir $@)
	glib-compile-resources --sourcedir=county --generate-source --manual-register \
	  --c-name county --target=$@ $<

$(BUILD)/county/county-gresource.o: $(BUILD)/gen/county-gresource.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) $(CORE_CFLAGS) $(COUNTY_CFLAGS) -c $< -o $@

$(BUILD)/county/%.o: county/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) -Icounty -Icommon $(CORE_CFLAGS) $(PQ_CFLAGS) $(COUNTY_CFLAGS) $(COUNTY_EXTRA) \
	  -DHALL_COUNTY_VERSION='"$(HALL_COUNTY_VERSION)"' -MMD -MP -c $< -o $@

$(LIBCOUNTY): $(COUNTY_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The program writes PDF reports with the hall's writer, libreport (cairo,
# pango: its main alone sees them, libcounty does not).
$(BUILD)/county/hall-county-main.o: COUNTY_EXTRA = -Ireport $(PDF_CFLAGS)

$(BUILD)/hall-county: $(BUILD)/county/hall-county-main.o $(LIBCOUNTY) $(LIBREPORT) $(LIBHALL)
	$(CC) $(LDFLAGS) -o $@ $^ $(PQ_LIBS) $(COUNTY_LIBS) $(PDF_LIBS) $(CORE_LIBS) -lm

EXTRA_PROGRAMS += $(BUILD)/hall-county

# The suite: hall-county against a real PostgreSQL (tests/lib/pg, from
# mk/county-tests.mk), no hall-server; and, to compare the county's report
# with the hall's own, the hall's engine in-process (the engine fixture,
# libserver) and libcounty.  IT_BIN (tests/integration/it-*.c) already
# names it for `make tests`.
$(BUILD)/tests/integration/it-county-tool.o: tests/integration/it-county-tool.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(PQ_CFLAGS) -Itests/lib/pg -Icounty -MMD -MP -c $< -o $@

$(BUILD)/tests/it-county-tool: $(BUILD)/tests/integration/it-county-tool.o $(PG_HARNESS_OBJ) $(TESTLIB_OBJ) \
    $(LIBSERVER) $(LIBCOUNTY) $(LIBHALL) | $(BUILD)/hall-county
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(PQ_LIBS) $(COUNTY_LIBS) $(CORE_LIBS) -lm
