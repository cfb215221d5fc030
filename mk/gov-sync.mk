# gov-sync/ : hall-gov-sync, the hall's 好差评 records to the provincial
# platform (issue 17): a client of the server like the others (role
# gov_sync), libsoup 3 for HTTP(S); no GTK, no server internals.  Its
# integration suite runs a stand-in platform (a SoupServer) in the test
# process, so it links libsoup too.

GOV_SYNC_SRC  := $(wildcard gov-sync/*.c)
GOV_SYNC_OBJ  := $(GOV_SYNC_SRC:%.c=$(BUILD)/%.o)
GOV_SYNC_VERSION := 1.0
ifeq ($(PKG_OK),yes)
GOV_SYNC_CFLAGS := $(shell pkg-config --cflags libsoup-3.0)
GOV_SYNC_LIBS   := $(shell pkg-config --libs libsoup-3.0)
endif

$(BUILD)/gov-sync/%.o: gov-sync/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) -Igov-sync -Icommon $(CORE_CFLAGS) $(GOV_SYNC_CFLAGS) \
	  -DGOV_SYNC_VERSION='"$(GOV_SYNC_VERSION)"' -MMD -MP -c $< -o $@

$(BUILD)/hall-gov-sync: $(GOV_SYNC_OBJ) $(LIBHALL)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) $(GOV_SYNC_LIBS) -lm

EXTRA_PROGRAMS += $(BUILD)/hall-gov-sync

# The suite: the generic it-% rule links CORE_LIBS only; this one needs
# libsoup for its stand-in platform, and only the harness (no server
# internals: it starts the real hall-server).
$(BUILD)/tests/integration/it-gov-sync.o: tests/integration/it-gov-sync.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(GOV_SYNC_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/it-gov-sync: $(BUILD)/tests/integration/it-gov-sync.o $(BUILD)/tests/lib/harness.o $(LIBHALL) | $(BUILD)/hall-gov-sync
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(CORE_LIBS) $(GOV_SYNC_LIBS) -lm
