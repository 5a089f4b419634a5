/* filename.h — a name from the data made into one file-name component.
 * District names, pcodes, province and office names become file names (a
 * run's default outputs, <district>-5km.pdf; the PNGs of -o DIR/,
 * <pcode>-<name>-5km.png); whatever a boundaries file holds, the file must
 * land in the folder meant, under a name every file system takes. */
#ifndef QSMAP_WRITE_FILENAME_H
#define QSMAP_WRITE_FILENAME_H

#include <stddef.h>

/* The longest component qsmap makes of a name, in bytes: the longest
 * office name of the national table is 132 bytes (Thai is 3 a character),
 * and with "-5km.xlsx" and a temporary's ".…XXXXXX.old" it stays far below
 * NAME_MAX (255). */
#define QSMAP_SAFE_NAME_MAX 150

/* `in` as one file-name component in out (size bytes), at most `max`
 * bytes: '/', '\', control characters, bytes that are not UTF-8, and the
 * characters Windows refuses (: * ? " < > |) become '_'; so does a leading
 * '.' or '-' (no hidden file, nothing taken for an option); cut at a
 * character boundary; never empty ("_"). Thai text stays as it is.
 * Returns its length. */
size_t qsmap_safe_name(const char *in, size_t max, char *out, size_t size);

#endif
