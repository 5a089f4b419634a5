/* first_touch.c — what touching fresh memory costs on this machine: maps
 * N MB, optionally asks for 2 MB pages, writes one byte a page, prints the
 * time. A fresh process pays this for every page it uses (bench/floor.sh).
 * usage: bench_first_touch MB [huge: 0|1] */
#define _DEFAULT_SOURCE
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_first_touch MB [huge: 0|1]\n");
        return 2;
    }
    const size_t huge = 2u << 20, n = (size_t)atol(argv[1]) << 20;
    const int want_huge = argc > 2 && atoi(argv[2]);
    double t0 = bench_now();
    char *map = mmap(NULL, n + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    /* aligned to 2 MB, so a huge page can back every part */
    char *p = (char *)(((uintptr_t)map + huge - 1) & ~(uintptr_t)(huge - 1));
    if (want_huge)
        madvise(p, n, MADV_HUGEPAGE);
    for (size_t i = 0; i < n; i += 4096)
        p[i] = 1;
    double ms = (bench_now() - t0) * 1e3;
    printf("%zu MB in %s pages: %.2f ms (%.3f ms per MB)\n", n >> 20, want_huge ? "2 MB" : "4 KB",
           ms, ms / (double)(n >> 20));
    munmap(map, n + huge);
    return 0;
}
