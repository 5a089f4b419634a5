/* paths.c — the running executable's directory and paths relative to it,
 * from which the renderer module and the default dataset are found
 * (write/render_module.c, load/dataset.c). */
#include "base/paths.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int qsmap_exe_dir(char *buf, size_t size)
{
    if (size < 2)
        return -1;
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0 || (size_t)n >= size - 1)
        return -1;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return -1;
    slash[slash == buf] = '\0'; /* keep the '/' of the root */
    return 0;
}

int qsmap_exe_relative(char *buf, size_t size, const char *rel)
{
    if (qsmap_exe_dir(buf, size) != 0)
        return -1;
    while (strncmp(rel, "..", 2) == 0 && (rel[2] == '/' || rel[2] == '\0')) {
        char *slash = strrchr(buf, '/');
        slash[slash == buf] = '\0'; /* the parent; the root is its own */
        rel += rel[2] ? 3 : 2;
    }
    size_t len = strlen(buf);
    const char *sep = *rel && buf[len - 1] != '/' ? "/" : "";
    int n = snprintf(buf + len, size - len, "%s%s", sep, rel);
    return n < 0 || (size_t)n >= size - len ? -1 : 0;
}

const char *qsmap_path_extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}
