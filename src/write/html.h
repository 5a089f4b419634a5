/* html.h — the pages of write/html.c beyond the .html writer (write.h):
 * the application page qsmap serve serves at /. */
#ifndef QSMAP_WRITE_HTML_H
#define QSMAP_WRITE_HTML_H

#include "qsmap/qsmap.h"

#include <stdio.h>

/* The app page: Leaflet inlined, the shared drawing script, the app's
 * script; no data (the app fetches it from the JSON API). */
qsmap_status qsmap_html_app_page(FILE *fp, qsmap_error *err);

#endif
