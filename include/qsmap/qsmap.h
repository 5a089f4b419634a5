/* qsmap.h — the one public header of qsmap's library: status codes, the
 * school table, district boundaries, geodesic distances, the catchment join
 * and the report every writer reads. The command line is not part of it.
 *
 * Conventions (after uber/h3): every fallible call returns a qsmap_status and
 * fills a qsmap_error with the file and line it concerns; results come back
 * through out-parameters; owning structs come in _new/_free pairs. */
#ifndef QSMAP_QSMAP_H
#define QSMAP_QSMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QSMAP_VERSION "0.1.0"

typedef enum {
    QSMAP_OK = 0,
    QSMAP_E_NOMEM,     /* out of memory */
    QSMAP_E_IO,        /* a file could not be opened, read or written */
    QSMAP_E_EMPTY,     /* a file or table holds no data */
    QSMAP_E_FORMAT,    /* a file is malformed (CSV syntax, shapefile structure) */
    QSMAP_E_COLUMN,    /* a required column or field is missing */
    QSMAP_E_VALUE,     /* a field holds a bad value */
    QSMAP_E_DUPLICATE, /* the same school id appears twice */
    QSMAP_E_ENCODING,  /* text is in no encoding qsmap knows */
    QSMAP_E_NOT_FOUND, /* no district or province of that name */
    QSMAP_E_AMBIGUOUS, /* a district name matches several districts */
    QSMAP_E_USAGE,     /* a bad command-line argument */
    QSMAP_E_CRS,       /* a coordinate reference system qsmap cannot use */
    QSMAP_E_GEOS,      /* GEOS refused a geometry */
    QSMAP_E_PROJ,      /* PROJ failed */
    QSMAP_E_RENDER,    /* cairo/Pango failed */
    QSMAP_STATUS_COUNT
} qsmap_status;

/* One-line description of a status, in English. */
const char *qsmap_status_message(qsmap_status s);

/* Where and why something failed. `file` is empty and `line` 0 when they do
 * not apply; `msg` is a complete sentence fragment without the file prefix. */
/* Where a table's records come from when it was read from a spreadsheet
 * or a GIS layer: `part` names the sheet or layer ("sheet โรงเรียน"), and a
 * record is a `word` ("row", "feature") rather than a line. Both empty for
 * a file read line by line. */
typedef struct {
    char part[160];
    char word[16];
} qsmap_origin;

typedef struct {
    qsmap_status status;
    long line;     /* the line, row or feature number; 0 when none applies */
    char file[512];
    qsmap_origin origin; /* set by the readers of sheets and layers */
    char msg[768];
} qsmap_error;

/* Record an error (printf-style message) and return its status. */
qsmap_status qsmap_error_set(qsmap_error *err, qsmap_status s, const char *file,
                             long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Render "file:line: msg" — for a sheet or layer "file, sheet X, row N:
 * msg" — (or the parts that apply) into buf. */
void qsmap_error_format(const qsmap_error *err, char *buf, size_t size);
/* The same place without a message: "file:12", "file, sheet X, row 12". */
void qsmap_where_format(const char *file, const qsmap_origin *o, long line, char *buf,
                        size_t size);

/* ---- Text encodings --------------------------------------------------- */

typedef enum {
    QSMAP_ENC_AUTO = 0, /* UTF-8 if valid, otherwise CP874 */
    QSMAP_ENC_UTF8,
    QSMAP_ENC_CP874 /* Windows-874 / TIS-620 */
} qsmap_encoding;

/* Parse "utf-8", "cp874", "tis-620", "windows-874", "874", "auto". */
qsmap_status qsmap_encoding_parse(const char *name, qsmap_encoding *out);
/* Offset of the first byte that is not valid UTF-8, or len when all is. */
size_t qsmap_utf8_invalid_at(const char *s, size_t len);
/* Convert CP874 bytes to a newly allocated NUL-terminated UTF-8 string.
 * Fails with QSMAP_E_ENCODING at the first byte CP874 leaves undefined
 * (*bad_offset tells where). */
qsmap_status qsmap_cp874_to_utf8(const char *in, size_t len, char **out,
                                 size_t *out_len, size_t *bad_offset);

/* ---- Schools ---------------------------------------------------------- */

typedef enum { QSMAP_ROLE_NETWORK = 0, QSMAP_ROLE_QUALITY = 1 } qsmap_role;

/* Readiness colours of quality schools, in the policy's order. */
typedef enum {
    QSMAP_COLOR_NONE = 0,
    QSMAP_COLOR_RED,    /* แดง */
    QSMAP_COLOR_YELLOW, /* เหลือง */
    QSMAP_COLOR_GREEN,  /* เขียว */
    QSMAP_COLOR_BLUE,   /* ฟ้า */
    QSMAP_COLOR_PURPLE, /* ม่วง */
    QSMAP_COLOR_COUNT
} qsmap_color;

/* Thai name of a colour ("" for NONE). */
const char *qsmap_color_name_th(qsmap_color c);

/* A network school's participation in its network (the ministry's
 * Indicator 10). */
typedef enum {
    QSMAP_PART_NONE = 0,   /* not reported */
    QSMAP_PART_JOINT,      /* เรียนรวม: studies with the quality school */
    QSMAP_PART_SHARED,     /* ใช้ทรัพยากรร่วมกัน: shares resources */
    QSMAP_PART_NOT_JOINED, /* ยังไม่เข้าร่วม: not yet joined */
    QSMAP_PART_COUNT
} qsmap_participation;

#define QSMAP_MISSING_INT (-1)

typedef struct {
    double lat, lon;
    double area_rai; /* NAN when the table has no area column */
    int32_t students, teachers; /* QSMAP_MISSING_INT when absent */
    uint32_t line;              /* 1-based line of the record in its file */
    uint8_t role;               /* qsmap_role */
    uint8_t color;              /* qsmap_color */
    uint8_t participation;      /* qsmap_participation */
    uint8_t part_year[2];       /* participation in the table's last two academic
                                   years (qsmap_schools.years); NONE when absent */
    const char *id, *name;      /* never NULL */
    const char *district, *province, *affiliation; /* "" when absent */
    const char *adm2_pcode;     /* the table's district pcode; "" when absent */
} qsmap_school;

typedef struct {
    qsmap_school *v;
    size_t n;
    char *text; /* the decoded file: every string above points into it */
    int has_area, has_students, has_teachers;
    int has_role; /* without a role column every school starts as network */
    int has_participation; /* a network_status column was given */
    int nyears;            /* network_status_<year> columns kept: 0, 1 or 2 (the
                              latest two) */
    int years[2];          /* their academic years (B.E.), earlier first; with
                              one column years[0] is 0 and part_year[1] holds it */
    char path[512];
    qsmap_origin origin; /* the sheet or layer, when the table was one */
} qsmap_schools;

typedef struct {
    qsmap_encoding encoding;
    /* For a text another reader made from a sheet or layer (load/gdal.h):
     * units[L] is the row or feature number of text line L, so that
     * records and errors name those; NULL for a CSV file. */
    const uint32_t *units;
    size_t nunits;
    const qsmap_origin *origin;
} qsmap_schools_options;

/* Load a school table (CSV, optionally gzip-compressed) from `path`. */
qsmap_status qsmap_schools_load(const char *path, const qsmap_schools_options *opt,
                                qsmap_schools **out, qsmap_error *err);
/* The same from bytes already in memory; `name` labels errors. */
qsmap_status qsmap_schools_parse(const char *data, size_t len, const char *name,
                                 const qsmap_schools_options *opt,
                                 qsmap_schools **out, qsmap_error *err);
void qsmap_schools_free(qsmap_schools *s);

/* ---- Districts -------------------------------------------------------- */

typedef struct qsmap_districts qsmap_districts;

typedef struct {
    const char *name_th, *name_en, *pcode;
    const char *province_th, *province_en, *province_pcode;
    double min_lon, min_lat, max_lon, max_lat;
    uint32_t first_ring, ring_count; /* into qsmap_districts_rings() */
} qsmap_district;

/* Load district polygons from a shapefile (.shp with .shx and .dbf beside it). */
qsmap_status qsmap_districts_load(const char *shp_path, qsmap_encoding enc,
                                  qsmap_districts **out, qsmap_error *err);
void qsmap_districts_free(qsmap_districts *d);

size_t qsmap_districts_count(const qsmap_districts *d);
const qsmap_district *qsmap_districts_get(const qsmap_districts *d, size_t i);

/* Ring geometry: ring r has vertices xy[2*off[r]] .. xy[2*off[r+1]-1], as
 * (lon, lat) pairs; outer rings and holes as the shapefile orders them. */
void qsmap_districts_rings(const qsmap_districts *d, const double **xy,
                           const uint32_t **off, size_t *ring_count);

/* Index of the district whose polygon covers (lat, lon), boundary included,
 * or -1. Where two districts share the boundary the point lies on, the one
 * first in the file wins. */
long qsmap_districts_locate(const qsmap_districts *d, double lat, double lon);

/* Does district i cover the point (boundary included)? */
int qsmap_districts_covers(const qsmap_districts *d, size_t i, double lat, double lon);

/* A GEOS context for one thread, so that workers never share one. */
typedef struct qsmap_geos qsmap_geos;
qsmap_geos *qsmap_geos_new(void);
void qsmap_geos_free(qsmap_geos *g);

/* A point inside the part of district i within the lon/lat box, for its
 * name on a map (GEOS clip + point on surface); 0 when none of it is inside.
 * g: the calling thread's GEOS context, or NULL for the districts' own. */
int qsmap_districts_label_point(const qsmap_districts *d, qsmap_geos *g, size_t i,
                                double min_lon, double min_lat, double max_lon, double max_lat,
                                double *lat, double *lon);

/* The outline of a province (the union of its districts) as rings of
 * (lon, lat) pairs, in the layout of qsmap_districts_rings; computed once and
 * kept by d. */
qsmap_status qsmap_districts_province_rings(const qsmap_districts *d,
                                            const char *province_pcode, const double **xy,
                                            const uint32_t **off, size_t *nrings,
                                            qsmap_error *err);
/* Compute every province's outline now: after this, drawing from several
 * threads only reads. */
qsmap_status qsmap_districts_outline_all(const qsmap_districts *d, qsmap_error *err);

/* "อำเภอX จังหวัดY", or "เขตX กรุงเทพมหานคร" for Bangkok, whose districts are
 * เขต and which is no จังหวัด. */
void qsmap_district_title(const qsmap_district *d, char *buf, size_t size);
/* What a district is called: "เขต" in Bangkok, "อำเภอ" elsewhere. */
const char *qsmap_district_kind(const qsmap_district *d);
/* The same for districts sel[0..n) of d together: "เขต" when all are
 * Bangkok's, else "อำเภอ". */
const char *qsmap_districts_kind(const qsmap_districts *d, const size_t *sel, size_t n);

/* Resolve a district named by Thai name (with or without อำเภอ/เขต), English
 * name or pcode, optionally narrowed by province (Thai, English or pcode).
 * With name == NULL, every district of the province. Fills `idx` (caller
 * frees) with indices in file order. */
qsmap_status qsmap_districts_select(const qsmap_districts *d, const char *name,
                                    const char *province, size_t **idx, size_t *n,
                                    qsmap_error *err);

/* ---- Geodesics on WGS84 ----------------------------------------------- */

/* Geodesic distance in metres on WGS84 (PROJ's geod_inverse). */
double qsmap_geod_distance(double lat1, double lon1, double lat2, double lon2);
/* The point at `dist_m` along azimuth `azi_deg` from (lat, lon). */
void qsmap_geod_direct(double lat, double lon, double azi_deg, double dist_m,
                       double *lat2, double *lon2);

/* ---- The catchment join ----------------------------------------------- */

#define QSMAP_NO_SCHOOL UINT32_MAX

/* One quality→network pair; network == QSMAP_NO_SCHOOL for a quality school
 * with no network school in reach (so that it still gets a row). */
typedef struct {
    uint32_t quality, network; /* indices into qsmap_schools.v */
    double distance_m;
} qsmap_pair;

typedef struct {
    qsmap_pair *v;
    size_t n;
    double radius_m;
} qsmap_catchment;

/* For each quality school in `quality` (indices into s, in the order given),
 * every network school within radius_m metres (inclusive), nearest first,
 * ties broken by school id. */
qsmap_status qsmap_catchment_new(const qsmap_schools *s, const uint32_t *quality,
                                 size_t nquality, double radius_m,
                                 qsmap_catchment **out, qsmap_error *err);
void qsmap_catchment_free(qsmap_catchment *c);

/* ---- The report: what a run found, as every writer sees it ------------ */

/* The merge-feasibility summary of one quality school. */
typedef struct {
    uint32_t quality; /* school index */
    uint32_t network_count, small_schools;
    long network_students, network_teachers; /* sums of the values given */
    long students_if_merged, teachers_if_merged;
    double students_per_teacher_if_merged; /* NAN with no teachers */
    uint32_t participation_count[QSMAP_PART_COUNT];
} qsmap_summary_row;

/* Where qsmap_report_build spent its time, for --timings (milliseconds). */
typedef struct {
    double pip_quality, join, overlaps, pip_network;
} qsmap_report_times;

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
    uint32_t *outside;          /* owned: quality schools of this run that no
                                   polygon covers, in file order (see build) */
    size_t noutside;
    size_t nby_table;           /* how many of them are listed under the district
                                   their table names (qsmap_report_by_table) */
    size_t nsummary;
    int small_max;              /* small school: students <= small_max */
    bool borrowed;              /* district_of, quality_count, nearest_quality
                                   belong to another report (a slice) */
    double radius_m;
    bool sample_data;           /* positions are the shipped synthetic sample */
    const struct qsmap_office *office; /* borrowed: the run's office, or NULL */
    qsmap_report_times times;
} qsmap_report;

/* Give each quality school its covering district, keep those of the selected
 * districts (in selection order, then by id), and join. A quality school no
 * polygon covers is in r->outside when it may be one of this run's: the
 * district its own table names (adm2_pcode, else district and province:
 * qsmap_districts_named_by) is selected, and then it is listed under that
 * district and joined like any other; or the table names no district of d
 * and no province, or a province of a selected district; or, with an
 * office and no districts, it is the office's. */
qsmap_status qsmap_report_build(const qsmap_schools *s, const qsmap_districts *d,
                                const size_t *selected, size_t nselected, double radius_m,
                                qsmap_report *r, qsmap_error *err);
/* An education-area office (สพป./สพม.) as a planner types it, resolved
 * against the table's affiliations (ignoring spaces, dots and dashes; or
 * without the bracketed provinces of the 2022 registry's secondary offices,
 * "สพม.เขต 5") and the alias table of today's names (aliases_path, may be
 * NULL or missing: geodata/office_aliases.csv), which restricts an old
 * regional office to the provinces a name of today serves ("สพม.สิงห์บุรี
 * อ่างทอง"). QSMAP_E_NOT_FOUND names the closest offices. */
typedef struct qsmap_office qsmap_office;
qsmap_status qsmap_office_resolve(const qsmap_schools *s, const char *typed,
                                  const char *aliases_path, qsmap_office **out,
                                  qsmap_error *err);
/* Is the school one of the office's? */
bool qsmap_office_has(const qsmap_office *o, const qsmap_school *v);
/* The name as typed, for titles. */
const char *qsmap_office_name(const qsmap_office *o);
void qsmap_office_free(qsmap_office *o);

/* The same for the quality schools of one education-area office; with no
 * districts given, the districts where the office has schools (quality or
 * network), so that each of them is in an atlas's index. r->office
 * borrows office, which must outlive r. */
qsmap_status qsmap_report_build_office(const qsmap_schools *s, const qsmap_districts *d,
                                       const size_t *selected, size_t nselected,
                                       const qsmap_office *office, double radius_m,
                                       qsmap_report *r, qsmap_error *err);
void qsmap_report_release(qsmap_report *r);
/* "โรงเรียนคุณภาพ", or with an office "โรงเรียนคุณภาพของ สพป.อ่างทอง": what a
 * district without one lacks (it may have another office's). */
void qsmap_report_quality_noun(const qsmap_report *r, char *buf, size_t size);
/* Is this quality school listed under the district its table names, no
 * polygon covering it? */
bool qsmap_report_by_table(const qsmap_report *r, uint32_t school);
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
/* Share of a summary row's network schools with participation k, in per cent. */
double qsmap_summary_percent(const qsmap_summary_row *s, qsmap_participation k);


/* ---- Named networks: a lead school and its members ---------------------- */

/* OBEC's named school networks (the 175 IQA networks of 2563: a lead school,
 * สถานศึกษาแกนนำ, and its members, สถานศึกษาร่วมพัฒนา), read from a list with
 * the columns network_id, role (lead|member, แกนนำ|ร่วมพัฒนา) and school_id,
 * and measured against a school table and the district boundaries. A row
 * whose school is not in the table (no id, or an id the table lacks) is kept
 * as "ไม่พบในทะเบียน" with its name as printed. */
typedef enum { QSMAP_NET_LEAD = 0, QSMAP_NET_MEMBER = 1 } qsmap_net_role;

typedef struct {
    uint32_t network;       /* index into qsmap_networks.v */
    uint32_t line;          /* line of the row in the list */
    uint8_t role;           /* qsmap_net_role */
    bool id_unknown;        /* the list gives an id the school table lacks */
    uint32_t school;        /* index into the school table, or QSMAP_NO_SCHOOL */
    const char *school_id;  /* as the list gives it; "" when none */
    const char *name_doc;   /* the name as the list prints it ("" when absent) */
    const char *match;      /* the list's match kind ("" when absent) */
    const char *note;       /* the list's note ("" when absent) */
    /* measured (qsmap_networks_measure) */
    long district;          /* covering district, or -1 (unmatched, or no polygon) */
    double distance_m;      /* member: geodesic distance from its lead; NAN
                               when either is unmatched (and for the lead) */
    bool beyond;            /* member: distance_m > the radius */
    bool other_district, other_province; /* member: not in its lead's district / province */
    uint32_t nearest_lead;  /* member: row of the nearest lead of any network
                               of the list, or QSMAP_NO_SCHOOL */
    double nearest_lead_m;
    uint32_t nearest_quality; /* member: nearest quality school of the table, or
                                 QSMAP_NO_SCHOOL */
    double nearest_quality_m;
    bool suggest;           /* member: nearest_lead is another network's, nearer
                               than its own lead by more than the margin */
    const char *suggestion; /* member: the suggestion in Thai; "" when none */
} qsmap_net_row;

typedef struct {
    const char *id;         /* network_id as the list gives it */
    uint32_t first, count;  /* its rows: rows[first .. first + count), lead first */
    /* measured */
    uint32_t members, matched_members, unmatched; /* unmatched: rows, the lead too */
    uint32_t beyond, other_district, other_province, suggestions;
    uint32_t farthest;      /* row of the farthest matched member, or QSMAP_NO_SCHOOL */
    double farthest_m;      /* NAN when none */
    bool selected;          /* in this run's selection (--all, --id, --office) */
} qsmap_network;

typedef struct {
    qsmap_network *v;
    size_t n;
    qsmap_net_row *rows;    /* grouped by network, in the order networks first appear */
    size_t nrows;
    char *text;             /* the decoded list: every string above points into it */
    char *suggestions;      /* the suggestions' text (qsmap_networks_measure) */
    char path[512];
    const qsmap_schools *schools;     /* borrowed */
    const qsmap_districts *districts; /* borrowed */
    double radius_m, margin_m;
    bool sample_data;       /* positions are the shipped synthetic sample */
} qsmap_networks;

/* Read a network list (CSV, UTF-8 or CP874, optionally gzip) and find each
 * row's school in s by school_id. Rows are grouped by network_id in the
 * order networks first appear; each network has exactly one lead (else
 * QSMAP_E_VALUE naming the line). */
qsmap_status qsmap_networks_load(const char *path, const qsmap_schools *s,
                                 qsmap_networks **out, qsmap_error *err);
/* Measure every network: districts by polygon, lead→member geodesics, the
 * nearest lead of any network and the nearest quality school of s for each
 * member, and a suggestion where another network's lead is nearer than the
 * member's own by more than margin_m. */
qsmap_status qsmap_networks_measure(qsmap_networks *nw, const qsmap_districts *d,
                                    double radius_m, double margin_m, qsmap_error *err);
void qsmap_networks_free(qsmap_networks *nw);
/* Totals over the selected networks, for summaries and tests. */
typedef struct {
    size_t networks, rows, members, matched_rows, unmatched_rows;
    size_t measured;          /* members with a distance */
    size_t within, beyond;    /* of them: <= radius, > radius */
    size_t beyond_20km, suggestions, other_district, other_province;
    uint32_t farthest;        /* row, or QSMAP_NO_SCHOOL */
} qsmap_networks_totals;
void qsmap_networks_total(const qsmap_networks *nw, qsmap_networks_totals *t);


/* ---- Indicator 10: the network schools' participation ----------------------- */

/* The quantitative part of the ministry's Indicator-10 form (1.3.2.1
 * เชิงปริมาณ) for a report: which network schools are counted — each network
 * school within the radius of one of the report's quality schools, counted
 * once however many reach it — and how many of them study with a quality
 * school (เรียนรวม) or share its resources (ใช้ทรัพยากรร่วมกัน). Periods are
 * the table's last two academic years (network_status_2565,
 * network_status_2566: years[0] earlier) when it has year columns, else its
 * one network_status column (nyears 0: years[] unused). */
#define QSMAP_I10_PERIODS 2
typedef struct {
    uint32_t network;                     /* network schools counted */
    uint32_t joint[QSMAP_I10_PERIODS];    /* เรียนรวม */
    uint32_t shared[QSMAP_I10_PERIODS];   /* ใช้ทรัพยากรร่วมกัน */
    uint32_t reported[QSMAP_I10_PERIODS]; /* with any status given (the rest blank) */
} qsmap_i10_counts;

typedef struct {
    uint32_t quality; /* school index */
    qsmap_i10_counts c;
} qsmap_i10_row;

typedef struct {
    int nyears;                  /* the table's year columns: 0, 1 or 2 (qsmap_schools) */
    int years[QSMAP_I10_PERIODS];
    size_t nperiods;             /* 2 with year columns, else 1 */
    qsmap_i10_counts total;      /* each network school once */
    qsmap_i10_row *rows;         /* one per quality school, catchment order (owned) */
    size_t nrows;
    bool has_status;             /* the table gives participation at all */
} qsmap_indicator10;

/* The figures of report r (its pairs and the table's participation). */
qsmap_status qsmap_indicator10_new(const qsmap_report *r, qsmap_indicator10 **out,
                                   qsmap_error *err);
void qsmap_indicator10_free(qsmap_indicator10 *i);
/* Share in per cent of part in whole (0 when whole is 0). */
double qsmap_i10_percent(uint32_t part, uint32_t whole);

#ifdef __cplusplus
}
#endif
#endif
