/* dataset.c — finding the default dataset (geodata/) shipped with qsmap:
 * beside an installed binary (../share/qsmap), or in the source tree the
 * binary was built from. QSMAP_DATA_DIR overrides both. */
#include "load/dataset.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef QSMAP_SOURCE_DATADIR
#define QSMAP_SOURCE_DATADIR ""
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

qsmap_status qsmap_dataset_find(char *schools, size_t ssize, char *boundaries, size_t bsize,
                                qsmap_error *err)
{
    char dirs[3][1100];
    size_t nd = 0;
    const char *env = getenv("QSMAP_DATA_DIR");
    if (env && *env)
        snprintf(dirs[nd++], sizeof dirs[0], "%s", env);
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        snprintf(dirs[nd++], sizeof dirs[0], "%s/../share/qsmap", dirname(exe));
    }
    if (QSMAP_SOURCE_DATADIR[0])
        snprintf(dirs[nd++], sizeof dirs[0], "%s", QSMAP_SOURCE_DATADIR);
    for (size_t i = 0; i < nd; i++)
        if (has_dataset(dirs[i])) {
            snprintf(schools, ssize, "%s/%s", dirs[i], SCHOOLS_FILE);
            snprintf(boundaries, bsize, "%s/%s", dirs[i], BOUNDARIES_FILE);
            return QSMAP_OK;
        }
    return qsmap_error_set(err, QSMAP_E_IO, NULL, 0,
                           "no default dataset found (looked in %s%s%s); give --schools and "
                           "--boundaries, or set QSMAP_DATA_DIR",
                           nd ? dirs[0] : "", nd > 1 ? " and " : "", nd > 1 ? dirs[nd - 1] : "");
}
