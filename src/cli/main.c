/* main.c — the qsmap executable: everything happens in qsmap_cli_run. */
#include "cli/cli.h"

#include <malloc.h>

int main(int argc, char **argv)
{
    /* The loader threads allocate a few tens of MB in small pieces; glibc
     * grows a thread's heap a page run at a time, one mprotect each (~750
     * calls for the national table). Growing by 32 MB at once avoids them;
     * untouched pages cost nothing. */
    mallopt(M_TOP_PAD, 32 << 20);
    return qsmap_cli_run(argc, argv, stdout, stderr);
}
