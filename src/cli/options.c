/* options.c — the command line's options in one table: name, value, help
 * text and what each sets. parse and --help both read it, so an option is
 * one row. */
#include "cli/cli.h"

#include "base/paths.h"
#include "base/utf8.h"
#include "catchment/radius.h"
#include "write/write.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef qsmap_status (*opt_parse)(cli_options *o, const char *value, qsmap_error *err);

typedef struct {
    const char *shortname; /* "-o", or NULL */
    const char *name;      /* "--output" */
    const char *value;     /* what follows it in --help ("FILE"); NULL for a flag */
    const char *help;      /* for --help; each '\n' starts an indented line */
    opt_parse parse;       /* NULL: keep the text (or true, for a flag) at `field` */
    size_t field;          /* offset in cli_options of a const char * (or a bool) */
} cli_option;

static qsmap_status set_help(cli_options *o, const char *v, qsmap_error *err)
{
    (void)v, (void)err;
    o->show = SHOW_HELP;
    return QSMAP_OK;
}

static qsmap_status set_version(cli_options *o, const char *v, qsmap_error *err)
{
    (void)v, (void)err;
    o->show = SHOW_VERSION;
    return QSMAP_OK;
}

static qsmap_status set_radius(cli_options *o, const char *v, qsmap_error *err)
{
    return qsmap_radius_parse(v, &o->radius_m, err);
}

static qsmap_status set_output(cli_options *o, const char *v, qsmap_error *err)
{
    if (o->noutputs == QSMAP_MAX_OUTPUTS)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0, "at most %d -o outputs",
                               QSMAP_MAX_OUTPUTS);
    o->outputs[o->noutputs++] = v;
    return QSMAP_OK;
}

static qsmap_status set_summary(cli_options *o, const char *v, qsmap_error *err)
{
    if (strcmp(qsmap_path_extension(v), "csv") != 0)
        return qsmap_error_set(err, QSMAP_E_USAGE, v, 0,
                               "--summary writes CSV: give a .csv name");
    o->summary = v;
    return QSMAP_OK;
}

static qsmap_status set_small_max(cli_options *o, const char *v, qsmap_error *err)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || n < 0 || n > 100000)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--small-max '%s': give a number of students, e.g. 120", v);
    o->small_max = (int)n;
    return QSMAP_OK;
}

static qsmap_status set_dpi(cli_options *o, const char *v, qsmap_error *err)
{
    char *end;
    double dpi = strtod(v, &end);
    if (*end || !(dpi >= 36 && dpi <= 1200))
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--dpi '%s': give a number from 36 to 1200", v);
    o->render.dpi = dpi;
    return QSMAP_OK;
}

static qsmap_status set_paper(cli_options *o, const char *v, qsmap_error *err)
{
    if (!strcmp(v, "a4") || !strcmp(v, "A4"))
        o->render.paper = QSMAP_PAPER_A4;
    else if (!strcmp(v, "a3") || !strcmp(v, "A3"))
        o->render.paper = QSMAP_PAPER_A3;
    else
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0, "--paper '%s': use a4 or a3", v);
    return QSMAP_OK;
}

static qsmap_status set_orientation(cli_options *o, const char *v, qsmap_error *err)
{
    if (!strcmp(v, "portrait"))
        o->render.orientation = QSMAP_ORIENT_PORTRAIT;
    else if (!strcmp(v, "landscape"))
        o->render.orientation = QSMAP_ORIENT_LANDSCAPE;
    else if (!strcmp(v, "auto"))
        o->render.orientation = QSMAP_ORIENT_AUTO;
    else
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--orientation '%s': use portrait, landscape or auto", v);
    return QSMAP_OK;
}

static qsmap_status set_encoding(cli_options *o, const char *v, qsmap_error *err)
{
    if (qsmap_encoding_parse(v, &o->encoding) != QSMAP_OK)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--encoding '%s': use auto, utf-8 or cp874", v);
    return QSMAP_OK;
}

#define AT(member) offsetof(cli_options, member)

/* In the order --help lists them. */
static const cli_option OPTIONS[] = {
    {NULL, "--district", "NAME",
     "district by Thai name (อำเภอ/เขต prefix optional), English\n"
     "name or pcode:  --district เมืองอ่างทอง | \"Mueang Ang Thong\" | TH1501",
     NULL, AT(district)},
    {NULL, "--province", "NAME",
     "narrow a district name found in several provinces, or alone:\n"
     "every district of the province   --province อ่างทอง",
     NULL, AT(province)},
    {NULL, "--office", "NAME",
     "every quality school of an education-area office, by the\n"
     "table's name or today's (office_aliases.csv); spaces and dots\n"
     "ignored   --office สพป.อ่างทอง | \"สพม.สิงห์บุรี อ่างทอง\" | \"สพม.เขต 5\"",
     NULL, AT(office)},
    {NULL, "--all", NULL, "every district of the boundaries file", NULL, AT(all)},
    {NULL, "--timings", NULL, "print where the time went (stderr)", NULL, AT(timings)},
    {NULL, "--radius", "R", "catchment radius with unit, default 5km   --radius 2.5km | 5000m",
     set_radius, 0},
    {NULL, "--schools", "FILE",
     "school table: CSV (UTF-8, UTF-8 with BOM or CP874; .gz too),\n"
     ".xlsx, .ods, .gpkg, .geojson, .kml/.kmz, point .shp or PG:...\n"
     "--schools schools.csv | emis.xlsx | - (stdin) | <(zcat schools.csv.gz)",
     NULL, AT(schools)},
    {NULL, "--layer", "NAME",
     "the school table's layer (GeoPackage, KML folder, PostGIS table)\n"
     "or sheet; default: the first with the columns   --layer schools",
     NULL, AT(layer)},
    {NULL, "--sheet", "NAME", "the same as --layer, for workbooks   --sheet โรงเรียน", NULL,
     AT(layer)},
    {NULL, "--boundaries", "FILE",
     "district polygons with ADM2_TH, ADM2_PCODE: shapefile, .gpkg,\n"
     ".geojson or PG:...; any CRS PROJ knows, reprojected to WGS84\n"
     "--boundaries tha_adm2.shp",
     NULL, AT(boundaries)},
    {NULL, "--boundaries-layer", "NAME",
     "the boundaries' layer; default: the first polygon layer with\n"
     "ADM2_TH and ADM2_PCODE   --boundaries-layer adm2",
     NULL, AT(boundaries_layer)},
    {"-o", "--output", "FILE",
     "write FILE; the extension picks the format: .csv (table),\n"
     ".pdf (map page + table pages), .png (map), .xlsx (pairs and\n"
     "summary sheets), .geojson (layers for QGIS); '-' is stdout as\n"
     "CSV; may repeat   -o map.pdf -o map.png -o table.csv\n"
     "without -o: <district>-<radius>.pdf, .png and .csv",
     set_output, 0},
    {NULL, "--dpi", "N", "PNG resolution, default 300 (A4: 3508x2480)   --dpi 150", set_dpi, 0},
    {NULL, "--paper", "SIZE",
     "the map page's paper: a4 (default) or a3; the PNG is --dpi x paper\n"
     "(table pages stay A4)   --paper a3",
     set_paper, 0},
    {NULL, "--orientation", "O",
     "the map page: portrait or landscape; default auto, from the shape\n"
     "of what is mapped (a tall district or province: portrait)",
     set_orientation, 0},
    {NULL, "--thai-digits", NULL, "print numbers on maps and tables as ๐-๙", NULL,
     AT(render.thai_digits)},
    {NULL, "--skip-empty", NULL,
     "leave districts without a quality school out of an atlas (the\n"
     "index still lists them)",
     NULL, AT(render.skip_empty)},
    {NULL, "--date", "TEXT",
     "print this date on the map and the table pages (none unless asked)  --date 2026-11-24",
     NULL, AT(render.date)},
    {NULL, "--summary", "FILE",
     "merge-feasibility summary, one row per quality school (CSV)\n"
     "--summary summary.csv",
     set_summary, 0},
    {NULL, "--small-max", "N",
     "a small school has at most N students (OBEC: 120)  --small-max 120", set_small_max, 0},
    {NULL, "--quality", "IDS",
     "mark these school ids as quality schools (comma-separated, or\n"
     "@FILE: one id a line or a CSV with a school_id column), for\n"
     "tables without a role column   --quality 1015720001,1015720002",
     NULL, AT(quality_ids)},
    {NULL, "--roles", "FILE",
     "the quality schools and their colours beside the school table\n"
     "(CSV or a sheet: school_id, quality_color, optional\n"
     "network_status, role);\n"
     "overrides the table's own   --roles quality.csv",
     NULL, AT(roles)},
    {NULL, "--encoding", "ENC", "school table encoding: auto (default), utf-8, cp874 (TIS-620)",
     set_encoding, 0},
    {"-q", "--quiet", NULL, "errors and warnings only: no summary, no atlas line", NULL,
     AT(quiet)},
    {"-h", "--help", NULL, "this help", set_help, 0},
    {NULL, "--version", NULL, "qsmap's version", set_version, 0},
};
#define NOPTIONS (sizeof OPTIONS / sizeof OPTIONS[0])

static const char HELP_HEAD[] =
    "qsmap — network schools within reach of each quality school (โรงเรียนคุณภาพ)\n"
    "\n"
    "usage: qsmap [--schools FILE.csv] [--boundaries FILE.shp] --district NAME|PCODE\n"
    "             [--province NAME] [--radius 5km] [-o FILE]...\n"
    "\n";

static const char HELP_TAIL[] =
    "\n"
    "Without --schools and --boundaries qsmap uses its shipped default dataset: real\n"
    "district boundaries and a national school table whose positions are SYNTHETIC.\n"
    "\n"
    "exit status: 0 done, 1 internal error, 2 bad option, 3 unusable input file,\n"
    "             4 unknown or ambiguous district/province, 5 output cannot be written\n"
    "\n"
    "example: qsmap --district เมืองอ่างทอง --radius 5km\n";

void cli_help(FILE *out)
{
    fputs(HELP_HEAD, out);
    for (size_t k = 0; k < NOPTIONS; k++) {
        const cli_option *opt = &OPTIONS[k];
        char left[64];
        snprintf(left, sizeof left, "%s%s%s%s%s", opt->shortname ? opt->shortname : "",
                 opt->shortname ? ", " : "", opt->name, opt->value ? " " : "",
                 opt->value ? opt->value : "");
        /* a name too long for the column gets a line of its own */
        if (strlen(left) > 17)
            fprintf(out, "  %s\n%20s", left, "");
        else
            fprintf(out, "  %-17s ", left);
        for (const char *p = opt->help; *p; p++) {
            fputc(*p, out);
            if (*p == '\n')
                fputs("                    ", out);
        }
        fputc('\n', out);
    }
    fputs(HELP_TAIL, out);
}

static const cli_option *find_option(const char *arg)
{
    for (size_t k = 0; k < NOPTIONS; k++)
        if (strcmp(arg, OPTIONS[k].name) == 0 ||
            (OPTIONS[k].shortname && strcmp(arg, OPTIONS[k].shortname) == 0))
            return &OPTIONS[k];
    return NULL;
}

static qsmap_status apply(const cli_option *opt, cli_options *o, const char *v,
                          qsmap_error *err)
{
    if (opt->parse)
        return opt->parse(o, v, err);
    char *at = (char *)o + opt->field;
    if (opt->value)
        memcpy(at, &v, sizeof v);
    else
        *(bool *)(void *)at = true;
    return QSMAP_OK;
}

/* An -o whose name picks a format: a directory without its slash is asked
 * what it meant (DIR/ is one PNG per district). */
static qsmap_status check_output_name(const char *p, qsmap_error *err)
{
    if (qsmap_format_for_path(p))
        return QSMAP_OK;
    struct stat st;
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
        return qsmap_error_set(err, QSMAP_E_USAGE, p, 0,
                               "is a directory: add a trailing slash (-o %s/) to write one "
                               "PNG per district",
                               p);
    char known[200];
    qsmap_format_extensions(known, sizeof known);
    const char *ext = qsmap_path_extension(p);
    if (!ext[0])
        return qsmap_error_set(err, QSMAP_E_USAGE, p, 0,
                               "no extension to pick the format by (qsmap writes %s, and "
                               "DIR/ for one PNG per district)",
                               known);
    return qsmap_error_set(err, QSMAP_E_USAGE, p, 0,
                           "unknown output extension '.%s' (qsmap writes %s)", ext, known);
}

/* What a run needs whatever the options: something to select, and outputs
 * whose format qsmap knows. */
/* Text an option puts on the page or into messages (a name, a date) must
 * be UTF-8 that every output can carry: cairo refuses a noncharacter, and a
 * control character cannot be drawn. */
static qsmap_status check_text(const char *option, const char *v, qsmap_error *err)
{
    if (!v)
        return QSMAP_OK;
    size_t len = strlen(v), bad = qsmap_utf8_invalid_at(v, len);
    if (bad < len)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "%s: byte 0x%02X at byte %zu is not UTF-8 (type the text again)",
                               option, (unsigned char)v[bad], bad + 1);
    char what[96];
    if (!qsmap_utf8_uncarried(v, what, sizeof what))
        return QSMAP_OK;
    return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                           "%s holds %s, which no output can carry (type the text again)",
                           option, what);
}

static qsmap_status check_parsed(const cli_options *o, qsmap_error *err)
{
    const struct {
        const char *option, *value;
    } TEXTS[] = {{"--district", o->district}, {"--province", o->province},
                 {"--office", o->office},     {"--date", o->render.date}};
    for (size_t k = 0; k < sizeof TEXTS / sizeof TEXTS[0]; k++) {
        qsmap_status st = check_text(TEXTS[k].option, TEXTS[k].value, err);
        if (st)
            return st;
    }
    if (!o->district && !o->province && !o->office && !o->all)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "name a district (--district เมืองอ่างทอง), a province "
                               "(--province อ่างทอง), an office (--office สพป.อ่างทอง) or "
                               "--all; see qsmap --help");
    if (o->roles && o->quality_ids)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--roles and --quality both say which schools are quality "
                               "schools: give one");
    if (o->all && (o->district || o->province || o->office))
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--all takes every district: drop --district, --province and "
                               "--office");
    for (size_t k = 0; k < o->noutputs; k++) {
        qsmap_status st = check_output_name(o->outputs[k], err);
        if (st)
            return st;
    }
    return QSMAP_OK;
}

qsmap_status cli_parse(int argc, char **argv, cli_options *o, qsmap_error *err)
{
    memset(o, 0, sizeof *o);
    o->radius_m = 5000;
    o->render.dpi = 300;
    o->small_max = 120;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const cli_option *opt = find_option(a);
        if (!opt)
            return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                                   "unknown option '%s' (see qsmap --help)", a);
        const char *v = NULL;
        if (opt->value) {
            if (i + 1 >= argc)
                return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0, "%s needs a value", a);
            v = argv[++i];
        }
        qsmap_status st = apply(opt, o, v, err);
        if (st || o->show)
            return st;
    }
    return check_parsed(o, err);
}
