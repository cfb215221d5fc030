# manager/ : hall-manager, the manager's dashboard (issue 5).
#
# The .ui templates and the style sheet go into a GResource compiled into
# libmanager.a (registered by hand: manager_resources_ensure()); every
# manager/*.c except main.c is in the library so that the GUI test links
# the real widgets.

MANAGER_SRC      := $(filter-out manager/main.c,$(wildcard manager/*.c))
MANAGER_OBJ      := $(MANAGER_SRC:%.c=$(BUILD)/%.o) $(BUILD)/manager/manager-gresource.o
MANAGER_RES_DEPS := manager/manager.gresource.xml $(wildcard manager/*.ui manager/*.css)
LIBMANAGER       := $(BUILD)/libmanager.a
MANAGER_LIBS      = $(CORE_LIBS) $(GUI_LIBS) $(TICKET_LIBS) -lm

$(BUILD)/gen/manager-gresource.c: $(MANAGER_RES_DEPS)
	@mkdir -p $(dir $@)
	glib-compile-resources --sourcedir=manager --generate-source --manual-register \
	  --c-name manager --target=$@ $<

$(BUILD)/manager/manager-gresource.o: $(BUILD)/gen/manager-gresource.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(GUI_CFLAGS) -c $< -o $@

$(LIBMANAGER): $(MANAGER_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/hall-manager: $(BUILD)/manager/main.o $(LIBMANAGER) $(LIBCOUNTY) $(LIBREPORT) $(LIBHALL)
	$(CC) $(LDFLAGS) -o $@ $^ $(MANAGER_LIBS)

$(BUILD)/tests/test-gui-manager: $(BUILD)/tests/gui/test-gui-manager.o $(LIBMANAGER) $(LIBREPORT) \
    $(TESTLIB_OBJ) $(GUI_TESTLIB_OBJ) $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(MANAGER_LIBS)

EXTRA_PROGRAMS += $(BUILD)/hall-manager
TEST_PROGRAMS  += $(BUILD)/tests/test-gui-manager

# hall-manager --county (issue 19): the county's window reads the county's
# PostgreSQL with libpq (manager/county-*.c, in libmanager.a like the rest),
# and its reports are libcounty's county_report (county-report-model.c).
# LIBCOUNTY is mk/county.mk's: the mk files are included in the order of
# their names (GNU make 4.3's wildcard sorts), county.mk before this one,
# so it is set where these prerequisites are read.
$(BUILD)/manager/county-%.o: ALL_CFLAGS += $(PQ_CFLAGS) -Icounty
$(BUILD)/manager/main.o: ALL_CFLAGS += $(PQ_CFLAGS)
$(BUILD)/hall-manager: MANAGER_LIBS += $(PQ_LIBS) $(COUNTY_LIBS)

# Its GUI suite runs against a PostgreSQL of its own (tests/lib/pg/, the
# pg harness of mk/county-tests.mk).
$(BUILD)/tests/gui/test-gui-county.o: ALL_CFLAGS += $(PQ_CFLAGS) -Itests/lib/pg -Icounty
# /county/uplink starts a hall-server and its hall-uplink (hallctl drives it).
$(BUILD)/tests/test-gui-county: $(BUILD)/tests/gui/test-gui-county.o $(LIBMANAGER) $(LIBCOUNTY) $(LIBREPORT) \
    $(PG_HARNESS_OBJ) $(BUILD)/tests/lib/harness.o $(GUI_TESTLIB_OBJ) $(LIBHALL) \
    | $(BUILD)/hall-uplink $(BUILD)/hall-server $(BUILD)/hallctl
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(MANAGER_LIBS) $(PQ_LIBS) $(COUNTY_LIBS)

TEST_PROGRAMS  += $(BUILD)/tests/test-gui-county
