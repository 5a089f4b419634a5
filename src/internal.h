/* internal.h — declarations shared between qsmap's modules but not part of
 * the public API: the CSV tokenizer, whole-file input, atomic output files,
 * the point grid and small text helpers. */
#ifndef QSMAP_INTERNAL_H
#define QSMAP_INTERNAL_H

#include "qsmap/qsmap.h"

#include <shapefil.h>
#include <stdbool.h>

/* ---- csv.c: RFC 4180 tokenizer reading a buffer it never writes -------- */
/* A field: its bytes in the input (or, unescaped, in the tokenizer's
 * scratch space), not NUL-terminated. */
typedef struct {
    const char *s;
    size_t len;
} qsmap_field;

typedef struct {
    const char *p, *end;
    long line;  /* physical line of the cursor, 1-based */
    char delim;
    qsmap_field *fields; /* of the last record */
    size_t *scratch_at;  /* per field: offset in scratch, for escaped fields */
    size_t cap;
    char *scratch;       /* quoted fields with doubled quotes, unescaped */
    size_t scratch_len, scratch_cap;
} qsmap_csv;

void qsmap_csv_init(qsmap_csv *c, const char *buf, size_t len);
/* Next non-blank record: 1 and its fields (valid until the next call), 0 at
 * the end, or -1 with err set. *line is the line the record starts on. */
int qsmap_csv_next(qsmap_csv *c, const qsmap_field **fields, size_t *n, long *line,
                   const char *name, qsmap_error *err);
void qsmap_csv_free(qsmap_csv *c);

/* ---- number.c ---------------------------------------------------------- */
/* The whole of s as a finite number, rounded as strtod rounds it: 0, or -1
 * (empty, trailing text, infinite, NaN). */
int qsmap_parse_double(const char *s, double *out);
/* The text printf("%.*f", decimals, v) gives; returns its length. */
size_t qsmap_format_fixed(double v, int decimals, char *buf, size_t size);
/* The text printf("%.10g", v) gives; returns its length. */
size_t qsmap_format_g10(double v, char *buf, size_t size);
/* Copy `in` to `out` with ASCII digits 0–9 as Thai digits ๐–๙ when asked. */
void qsmap_style_digits(const char *in, bool thai, char *out, size_t size);
/* "2.04", "12.5", "1,234": numbers as the tables print them. */
void qsmap_style_km(double metres, bool thai, char *out, size_t size);
void qsmap_style_int(long v, bool thai, char *out, size_t size);

/* ---- fileio.c ---------------------------------------------------------- */
/* Memory for a large array, in transparent huge pages where allowed. */
void *qsmap_alloc_huge(size_t size);
/* Read a whole file (gzip-compressed or plain) into a NUL-terminated buffer. */
qsmap_status qsmap_read_file(const char *path, char **buf, size_t *len,
                             qsmap_error *err);
/* A whole input file, read-only: a plain file is mapped (no copy, no fresh
 * memory), a gzip one decompressed into memory. */
typedef struct {
    const char *data;
    size_t len;
    void *map;   /* munmap on release, or NULL */
    char *owned; /* free on release, or NULL */
} qsmap_input;
qsmap_status qsmap_input_open(const char *path, qsmap_input *in, qsmap_error *err);
void qsmap_input_release(qsmap_input *in);

/* An output file that appears under its name only when complete: written to
 * a temporary file in the same directory and renamed on commit. "-" is
 * stdout, written directly. */
typedef struct {
    FILE *fp;
    char path[1024];
    char tmp[2100];
    bool is_stdout;
} qsmap_outfile;

qsmap_status qsmap_outfile_open(qsmap_outfile *o, const char *path, FILE *stdout_fp,
                                qsmap_error *err);
qsmap_status qsmap_outfile_commit(qsmap_outfile *o, qsmap_error *err);
void qsmap_outfile_abort(qsmap_outfile *o);
/* Check before any work that `path` could be created: its directory exists
 * and is writable, and it is not a directory itself. */
qsmap_status qsmap_outfile_check(const char *path, qsmap_error *err);

/* ---- text.c ------------------------------------------------------------ */
/* Copy `s` trimmed of ASCII blanks and NBSP, ASCII lowercased, with internal
 * spaces, dots and underscores removed: the form names are compared in. */
void qsmap_text_key(const char *s, char *out, size_t size);
/* Drop a leading prefix (e.g. "อำเภอ") when the rest is non-empty. */
const char *qsmap_text_strip_prefix(const char *s, const char *const *prefixes);
/* Levenshtein distance in code points, for "did you mean" suggestions. */
size_t qsmap_text_distance(const char *a, const char *b);
/* "did you mean": the three candidates closest to a query by edit distance,
 * each once, nearest first. Start from {0}; names must outlive it. */
typedef struct {
    const char *name[3];
    size_t dist[3];
} qsmap_closest;
void qsmap_closest_add(qsmap_closest *c, const char *query, const char *candidate);
void qsmap_closest_format(const qsmap_closest *c, const char *sep, char *out, size_t size);
/* The UTF-8 text of `in` (len bytes) read as `enc`, BOM removed: a view
 * into `in` when it is UTF-8 already (*converted NULL), else converted from
 * CP874 into *converted, which the caller frees. With AUTO, valid UTF-8
 * stays as it is and anything else is read as CP874. */
qsmap_status qsmap_text_utf8(const char *in, size_t len, qsmap_encoding enc, const char *name,
                             const char **text, size_t *text_len, char **converted,
                             qsmap_error *err);
/* Line number (1-based) of byte offset `off` in buf. */
long qsmap_text_line_of(const char *buf, size_t off);

/* ---- geodesic.c -------------------------------------------------------- */
struct geod_geodesic;
/* Fill g with the WGS84 ellipsoid, for loops that call geod_inverse. */
void qsmap_geod_wgs84(struct geod_geodesic *g);

/* ---- districts.c: rings ---------------------------------------------- */
/* Twice-signed shoelace area / 2 of a ring of (lon, lat): positive when
 * counter-clockwise. */
double qsmap_ring_signed_area(const double *xy, size_t n);
/* For each ring k of district i: owner[k] == k for an outer ring, else the
 * outer ring holding this hole. Returns the number of outer rings. */
size_t qsmap_district_ring_owners(const qsmap_districts *d, size_t i, int *owner);
/* qsmap_districts_covers by GEOS alone (its prepared polygon), the path
 * taken for points within 1e-9 degrees of an edge; tests compare the two. */
int qsmap_districts_covers_geos(const qsmap_districts *d, size_t i, double lat, double lon);

/* ---- shapefile_io.c ---------------------------------------------------- */
/* shapelib hooks reading each file from a memory map (read-only use). */
void qsmap_shapefile_hooks(SAHooks *hooks);

/* ---- grid.c: points bucketed by latitude/longitude cell ---------------- */
typedef struct {
    double min_lat, min_lon, cell_deg;
    uint32_t rows, cols;
    uint32_t *start;  /* rows*cols+1 offsets into item */
    uint32_t *item;   /* point indices, grouped by cell */
    double *lat, *lon; /* per item, cell order, for a cache-friendly scan */
} qsmap_grid;

qsmap_status qsmap_grid_build(qsmap_grid *g, const double *lat, const double *lon,
                              const uint32_t *ids, size_t n, double cell_deg);
void qsmap_grid_free(qsmap_grid *g);
/* Call fn for every indexed point within the lat/lon box (inclusive). */
void qsmap_grid_query(const qsmap_grid *g, double lat0, double lat1, double lon0,
                      double lon1, void (*fn)(void *ctx, uint32_t id), void *ctx);
/* A flat-earth distance with the ellipsoid's radii of curvature at the mean
 * latitude: within 0.1% of the geodesic up to a few hundred km at Thai
 * latitudes. Only to order candidates and to skip those surely too far;
 * answers come from geod_inverse. */
double qsmap_geod_approx_m(double lat1, double lon1, double lat2, double lon2);
/* A distance the geodesic is sure to reach, given qsmap_geod_approx_m's
 * value: 1% and 1 m less, or 0 beyond the few hundred km where that holds. */
double qsmap_geod_lower_bound_m(double approx_m);
/* Vertices a geodesic circle of radius r needs for chords within 0.5 m of it. */
size_t qsmap_geod_circle_vertices(double r);
/* n points at distance r from (lat, lon), azimuths 0, 360/n, … clockwise from north. */
void qsmap_geod_circle(double lat, double lon, double r, size_t n, double *lats,
                       double *lons);
/* A lat/lon box sure to contain every point within r metres of (lat, lon). */
void qsmap_geod_bbox(double lat, double lon, double r, double *lat0, double *lat1,
                     double *lon0, double *lon1);

/* ---- projection.c: lon/lat → metres in the district's UTM zone --------- */
typedef struct qsmap_projection qsmap_projection;
qsmap_status qsmap_projection_new(double center_lon, qsmap_projection **out,
                                  qsmap_error *err);
void qsmap_projection_free(qsmap_projection *p);
int qsmap_projection_zone(const qsmap_projection *p);
void qsmap_projection_forward(const qsmap_projection *p, double lon, double lat, double *x,
                              double *y);
void qsmap_projection_inverse(const qsmap_projection *p, double x, double y, double *lon,
                              double *lat);

/* ---- summary.c: the merge-feasibility summary ------------------------ */
typedef struct {
    uint32_t quality; /* school index */
    uint32_t network_count, small_schools;
    long network_students, network_teachers; /* sums of the values given */
    long students_if_merged, teachers_if_merged;
    double students_per_teacher_if_merged; /* NAN with no teachers */
    uint32_t status_count[QSMAP_NETSTATUS_COUNT];
} qsmap_summary_row;

/* ---- nearest.c: overlaps and nearest quality school ------------------- */
/* Two distances within a millimetre are a tie (then the smaller id wins). */
#define QSMAP_TIE_M 1e-3
typedef struct qsmap_nearest qsmap_nearest;
/* An index over every quality school in s. */
qsmap_status qsmap_nearest_new(const qsmap_schools *s, qsmap_nearest **out, qsmap_error *err);
void qsmap_nearest_free(qsmap_nearest *n);
/* How many quality schools lie within radius_m of (lat, lon), inclusive. */
uint32_t qsmap_nearest_count(const qsmap_nearest *n, double lat, double lon, double radius_m);
/* The nearest quality school (index into s) and its distance; ties within
 * 1 mm go to the smaller school_id. QSMAP_NO_SCHOOL when there is none. */
uint32_t qsmap_nearest_quality(const qsmap_nearest *n, double lat, double lon, double *dist_m);

/* ---- the report: what a run found, as every writer sees it ------------- */
/* Where qsmap_report_build spent its time, for --timings (milliseconds). */
typedef struct {
    double pip_quality, join, overlaps, pip_network;
} qsmap_report_times;
/* A monotonic clock in milliseconds. */
double qsmap_clock_ms(void);

typedef struct {
    const qsmap_schools *schools;
    const qsmap_districts *districts;
    qsmap_catchment *catchment; /* owned */
    size_t *selected;           /* owned: district indices of this run, in order */
    size_t nselected;
    long *district_of;          /* owned: per school, covering district or -1
                                   (quality schools and network schools in pairs) */
    uint32_t *quality_count;    /* owned: per school, quality schools within the
                                   radius (network schools in pairs; else 0) */
    uint32_t *nearest_quality;  /* owned: per school, nearest quality school or
                                   QSMAP_NO_SCHOOL (network schools in pairs) */
    qsmap_summary_row *summary; /* owned: one per quality school, catchment order
                                   (after qsmap_report_summarize) */
    size_t nsummary;
    int small_max;              /* small school: students <= small_max */
    bool borrowed;              /* district_of, quality_count, nearest_quality
                                   belong to another report (a slice) */
    double radius_m;
    bool sample_data;           /* positions are the shipped synthetic sample */
    qsmap_report_times times;
} qsmap_report;

/* Give each quality school its covering district, keep those of the selected
 * districts (in selection order, then by id), and join. */
qsmap_status qsmap_report_build(const qsmap_schools *s, const qsmap_districts *d,
                                const size_t *selected, size_t nselected, double radius_m,
                                qsmap_report *r, qsmap_error *err);
/* The same for the quality schools of one education-area office
 * (affiliation, matched ignoring spaces and dots); with no districts given,
 * the districts holding them. */
qsmap_status qsmap_report_build_office(const qsmap_schools *s, const qsmap_districts *d,
                                       const size_t *selected, size_t nselected,
                                       const char *office, double radius_m, qsmap_report *r,
                                       qsmap_error *err);
void qsmap_report_release(qsmap_report *r);
/* The name of the district whose polygon covers the school, or the table's
 * own district column where none does (district_of is -1). */
const char *qsmap_report_district_name(const qsmap_report *r, uint32_t school);
/* The part of `all` for one of its districts: its quality schools' pairs
 * and summary rows (owned), the per-school arrays borrowed from `all`,
 * which must outlive it. For atlases: one national join, then a page each. */
qsmap_status qsmap_report_slice(const qsmap_report *all, size_t district, qsmap_report *out,
                                qsmap_error *err);
/* Fill r->summary; small_max is OBEC's small-school line (120). */
qsmap_status qsmap_report_summarize(qsmap_report *r, int small_max, qsmap_error *err);
/* Quality schools of one district in r's summary, and their pairs. */
size_t qsmap_summary_district(const qsmap_report *r, size_t district, size_t *pairs);
/* Share of a summary row's network schools with status k, in per cent. */
double qsmap_summary_percent(const qsmap_summary_row *s, qsmap_status_kind k);

/* "5km", "2.5km", "750m": how a radius is written in file names and titles. */
void qsmap_radius_label(double radius_m, char *buf, size_t size);
/* Parse "5km", "5000m", "2.5 km", "5 กม."; refuses ≤ 0 and > 100 km. */
qsmap_status qsmap_radius_parse(const char *s, double *radius_m, qsmap_error *err);

/* ---- export_csv.c ----------------------------------------------------- */
#define QSMAP_SAMPLE_NOTE "ข้อมูลตัวอย่าง (ตำแหน่งสมมติ)"
qsmap_status qsmap_write_pairs_csv(FILE *fp, const qsmap_report *r);
/* The summary (r->summary) as CSV, one row per quality school. */
qsmap_status qsmap_write_summary_csv(FILE *fp, const qsmap_report *r);
/* Both tables as an Excel workbook at `path` (sheets คู่โรงเรียน and สรุป). */
qsmap_status qsmap_write_xlsx(const char *path, const qsmap_report *r, qsmap_error *err);
/* The report as an RFC 7946 GeoJSON FeatureCollection (export_geojson.c):
 * quality and network points, pair lines, radius circles, selected districts. */
qsmap_status qsmap_write_geojson(FILE *fp, const qsmap_report *r, qsmap_error *err);
/* Thai names of the network statuses, for headers and legends. */
const char *qsmap_netstatus_name_th(qsmap_status_kind k);

/* ---- dataset.c -------------------------------------------------------- */
/* Paths of the default dataset shipped in geodata/ (build tree or install). */
qsmap_status qsmap_dataset_find(char *schools, size_t ssize, char *boundaries,
                                size_t bsize, qsmap_error *err);

#endif
