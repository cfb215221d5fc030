/*  scale.c — placeholder parts. */
#include "bench.h"
void bench_day (bench_t *self) {}
void bench_history (bench_t *self) {}
void bench_clients (bench_t *self) {}
