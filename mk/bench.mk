# mk/bench.mk — `make bench`: the benchmarks of issue 7 (docs/BENCHMARKS.md).
# Not part of `make all` or `make check`: it takes minutes and measures the
# machine, it does not test it.
BENCH_SRC := $(wildcard bench/*.c)
BENCH_OBJ := $(BENCH_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN := $(BUILD)/bench/hall-bench

# The harness (tests/lib/harness.c) starts the real server on free ports;
# the county's part (bench/county.c) a real PostgreSQL (tests/lib/pg) and
# the county's loader and report (libcounty).  mk/county*.mk come after
# this file, so their variables are spelt out here.
$(BUILD)/bench/county.o: bench/county.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(PQ_CFLAGS) -Itests/lib/pg -Icounty -MMD -MP -c $< -o $@

$(BENCH_BIN): $(BENCH_OBJ) $(BUILD)/tests/lib/harness.o $(BUILD)/tests/lib/pg/pg-harness.o $(BUILD)/libcounty.a \
    $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PQ_LIBS) $(shell pkg-config --libs gio-2.0) $(CORE_LIBS) -lm -lpthread

# BENCH_ARGS=--quick for a short trial run; BENCH_ARGS="--only broker,fanout".
# Then hall-web under load (bench/web-load.py: 5,000 live pages, wrk),
# unless BENCH_WEB=no.
bench: $(BUILD)/hall-server $(BUILD)/hallctl $(BUILD)/hall-web $(BUILD)/hall-uplink $(BENCH_BIN)
	HALL_BUILD=$(BUILD) $(BENCH_BIN) --out bench/results.json $(BENCH_ARGS)
	@if [ "$(BENCH_WEB)" != no ]; then \
	  HALL_BUILD=$(abspath $(BUILD)) HALL_SOURCE=$(CURDIR) /usr/bin/python3 bench/web-load.py; fi

.PHONY: bench
