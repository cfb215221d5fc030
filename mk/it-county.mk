# it-county: three halls (hall-server, hall-uplink) and the county's
# PostgreSQL (issue 19, docs/COUNTY.md).  It starts the real programs, and
# links the hall's harness, the PostgreSQL harness and libcounty (the
# county's report, to compare with each hall's own).

$(BUILD)/tests/integration/it-county.o: tests/integration/it-county.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(PQ_CFLAGS) -Itests/lib/pg -Icounty -MMD -MP -c $< -o $@

$(BUILD)/tests/it-county: $(BUILD)/tests/integration/it-county.o $(BUILD)/tests/lib/harness.o $(PG_HARNESS_OBJ) \
    $(LIBCOUNTY) $(LIBHALL) | $(BUILD)/hall-uplink $(BUILD)/hall-server $(BUILD)/hallctl
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(PQ_LIBS) $(COUNTY_LIBS) $(CORE_LIBS) -lm
