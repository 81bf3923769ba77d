/*
 * What the benchmark's C clients share: errors, the monotonic clock, argument
 * parsing, the payload and the one-line JSON result the driver reads
 * (bench/src/systems/native/native-program.ts). Static inline, so a program
 * that leaves one out compiles without warnings.
 */
#ifndef FRESHET_BENCH_COMMON_H
#define FRESHET_BENCH_COMMON_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline void die(const char *format, ...) {
  va_list args;
  va_start(args, format);
  vfprintf(stderr, format, args);
  va_end(args);
  fputc('\n', stderr);
  exit(1);
}

static inline int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline void sleep_until(int64_t deadline_ns) {
  struct timespec ts = {.tv_sec = deadline_ns / 1000000000, .tv_nsec = deadline_ns % 1000000000};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
  }
}

static inline long parse_positive(const char *text, const char *name) {
  char *end = NULL;
  long value = strtol(text, &end, 10);
  if (end == text || *end != '\0' || value <= 0) die("%s must be a positive integer, got \"%s\"", name, text);
  return value;
}

/* MAX_BACKLOG: a positive count, or 0 for no limit. */
static inline long parse_backlog(const char *text) {
  return strcmp(text, "0") == 0 ? 0 : parse_positive(text, "MAX_BACKLOG");
}

/* Random bytes, so that nothing can win by compressing the payload (as bench/src/workload/payload.ts). */
static inline char *make_payload(long size) {
  char *payload = malloc((size_t)size);
  if (payload == NULL) die("out of memory for a %ld-byte payload", size);
  uint64_t state = (uint64_t)now_ns() | 1;
  for (long i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    payload[i] = (char)state;
  }
  return payload;
}

static inline void print_throughput(long records, long bytes, double seconds) {
  printf("{\"records\":%ld,\"bytes\":%ld,\"seconds\":%.6f}\n", records, bytes, seconds);
}

/* A latency run's result: each sent record's latency in microseconds, in send order. */
static inline void print_latencies(long issued, long size, double seconds, const int64_t *latencies_ns) {
  printf("{\"records\":%ld,\"bytes\":%ld,\"seconds\":%.6f,\"latencies_us\":[", issued, issued * size, seconds);
  for (long i = 0; i < issued; i++) printf(i == 0 ? "%.1f" : ",%.1f", (double)latencies_ns[i] / 1e3);
  printf("]}\n");
}

#endif
