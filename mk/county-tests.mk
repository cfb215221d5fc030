# tests/lib/pg/ : pg-harness, a real PostgreSQL 15 in a private folder for
# the county's suites (docs/COUNTY.md), and it-county-rls, the county
# schema's row-level security against it.  The harness sees libpq, so it
# is not among tests/lib/*.c (TESTLIB_OBJ, which every suite links): a
# suite that needs it links $(PG_HARNESS_OBJ) and $(PQ_LIBS), compiles
# with $(PQ_CFLAGS) -Itests/lib/pg, as it-county-rls does below.

PG_HARNESS_OBJ := $(BUILD)/tests/lib/pg/pg-harness.o

$(PG_HARNESS_OBJ): tests/lib/pg/pg-harness.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(PQ_CFLAGS) -Itests/lib/pg -MMD -MP -c $< -o $@

# The suite: the generic it-% rule links CORE_LIBS and the hall's
# libraries; this one needs libpq and the PostgreSQL harness only (no
# hall-server).  IT_BIN (tests/integration/it-*.c) already names it for
# `make tests`.
$(BUILD)/tests/integration/it-county-rls.o: tests/integration/it-county-rls.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(PQ_CFLAGS) -Itests/lib/pg -MMD -MP -c $< -o $@

$(BUILD)/tests/it-county-rls: $(BUILD)/tests/integration/it-county-rls.o $(PG_HARNESS_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(CORE_LIBS) $(PQ_LIBS) -lm
