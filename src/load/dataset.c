/* dataset.c — finding the default dataset (geodata/) shipped with qsmap:
 * where the install puts it, seen from the running executable
 * (<bindir>/../<datadir>/qsmap, relative so that any prefix works, and a
 * moved one), or in the source tree the binary was built from.
 * QSMAP_DATA_DIR overrides both. */
#include "load/dataset.h"

#include "base/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef QSMAP_SOURCE_DATADIR
#define QSMAP_SOURCE_DATADIR ""
#endif
#ifndef QSMAP_DATA_RELDIR
#define QSMAP_DATA_RELDIR "../share/qsmap"
#endif

#define SCHOOLS_FILE "schools_th.csv.gz"
#define BOUNDARIES_FILE "tha_adm2.shp"

static int has_dataset(const char *dir)
{
    char p[1200];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, SCHOOLS_FILE);
    if (stat(p, &st) != 0)
        return 0;
    snprintf(p, sizeof p, "%s/%s", dir, BOUNDARIES_FILE);
    return stat(p, &st) == 0;
}

/* The folders the dataset may be in, in the order they are tried. */
static size_t data_dirs(char dirs[3][1100])
{
    size_t nd = 0;
    const char *env = getenv("QSMAP_DATA_DIR");
    if (env && *env)
        snprintf(dirs[nd++], sizeof dirs[0], "%s", env);
    if (qsmap_exe_relative(dirs[nd], sizeof dirs[0], QSMAP_DATA_RELDIR) == 0)
        nd++;
    if (QSMAP_SOURCE_DATADIR[0])
        snprintf(dirs[nd++], sizeof dirs[0], "%s", QSMAP_SOURCE_DATADIR);
    return nd;
}

int qsmap_dataset_file(const char *name, char *out, size_t size)
{
    char dirs[3][1100];
    size_t nd = data_dirs(dirs);
    for (size_t i = 0; i < nd; i++) {
        struct stat st;
        if (snprintf(out, size, "%s/%s", dirs[i], name) < (int)size && stat(out, &st) == 0)
            return 0;
    }
    return -1;
}

qsmap_status qsmap_dataset_find(char *schools, size_t ssize, char *boundaries, size_t bsize,
                                qsmap_error *err)
{
    char dirs[3][1100];
    size_t nd = data_dirs(dirs);
    char looked[3 * 1104] = "";
    for (size_t i = 0; i < nd; i++) {
        if (has_dataset(dirs[i])) {
            snprintf(schools, ssize, "%s/%s", dirs[i], SCHOOLS_FILE);
            snprintf(boundaries, bsize, "%s/%s", dirs[i], BOUNDARIES_FILE);
            return QSMAP_OK;
        }
        size_t len = strlen(looked);
        snprintf(looked + len, sizeof looked - len, "%s%s",
                 i == 0 ? "" : i + 1 < nd ? ", " : " and ", dirs[i]);
    }
    return qsmap_error_set(err, QSMAP_E_IO, NULL, 0,
                           "no default dataset found (%s%s); give --schools and "
                           "--boundaries, or set QSMAP_DATA_DIR",
                           nd ? "looked in " : "the executable's path is unknown", looked);
}
