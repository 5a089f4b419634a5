/* main.c — the qsmap executable: everything happens in qsmap_cli_run. */
#include "qsmap/qsmap.h"

int main(int argc, char **argv) { return qsmap_cli_run(argc, argv, stdout, stderr); }
