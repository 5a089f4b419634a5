/* clock.h — the one clock qsmap reads: monotonic, in milliseconds, for
 * --timings, the progress bar and the benchmarks. Never in outputs. */
#ifndef QSMAP_BASE_CLOCK_H
#define QSMAP_BASE_CLOCK_H

double qsmap_clock_ms(void);

#endif
