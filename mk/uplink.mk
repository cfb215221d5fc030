# uplink/ : hall-uplink, the hall's event log to the county's PostgreSQL
# (issue 19, docs/COUNTY.md): a client of the server like the others
# (role uplink), libpq for the county; no GTK, no server internals.

UPLINK_SRC  := $(wildcard uplink/*.c)
UPLINK_OBJ  := $(UPLINK_SRC:%.c=$(BUILD)/%.o)
UPLINK_VERSION := 1.0

$(BUILD)/uplink/%.o: uplink/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) -Iuplink -Icommon $(CORE_CFLAGS) $(PQ_CFLAGS) \
	  -DUPLINK_VERSION='"$(UPLINK_VERSION)"' -MMD -MP -c $< -o $@

$(BUILD)/hall-uplink: $(UPLINK_OBJ) $(LIBHALL)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) $(PQ_LIBS) -lm

EXTRA_PROGRAMS += $(BUILD)/hall-uplink
