# Fuzzing (libFuzzer, clang).  `make fuzz` fuzzes each target for
# FUZZ_SECONDS (default 60) starting from its kept corpus, then merges what
# it found into tests/fuzz/corpus/TARGET (minimised).  `make check` replays
# the kept corpora with the ordinary build (test-fuzz-TARGET).

FUZZ_TARGETS := protocol engine
FUZZ_SECONDS ?= 60

$(BUILD)/tests/fuzz/replay-%.o: tests/fuzz/replay.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< ($*)"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) -DFUZZ_TARGET='"$*"' -c $< -o $@

$(BUILD)/tests/test-fuzz-%: $(BUILD)/tests/fuzz/fuzz-%.o $(BUILD)/tests/fuzz/replay-%.o $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) -lm

TEST_PROGRAMS += $(FUZZ_TARGETS:%=$(BUILD)/tests/test-fuzz-%)

$(BUILD)/fuzz/fuzz-%: $(BUILD)/tests/fuzz/fuzz-%.o $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) -lm

fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=clang SANITIZE= \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=fuzzer,address,undefined" \
	  $(FUZZ_TARGETS:%=build-fuzz/fuzz/fuzz-%)

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t tests/fuzz/corpus/$$t; \
	  echo "== fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  build-fuzz/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz/hall.dict \
	    -print_final_stats=1 build-fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>&1 | tail -15 || exit 1; \
	  mkdir -p build-fuzz/merged/$$t; \
	  build-fuzz/fuzz/fuzz-$$t -merge=1 build-fuzz/merged/$$t tests/fuzz/corpus/$$t build-fuzz/corpus/$$t >/dev/null 2>&1; \
	  rm -rf tests/fuzz/corpus/$$t && mv build-fuzz/merged/$$t tests/fuzz/corpus/$$t; \
	  echo "   kept $$(ls tests/fuzz/corpus/$$t | wc -l) inputs in tests/fuzz/corpus/$$t"; \
	done

.PHONY: fuzz fuzz-build
