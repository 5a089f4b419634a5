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
    unsigned cmds;         /* the commands that take it (CMD_*) */
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

static qsmap_status set_margin(cli_options *o, const char *v, qsmap_error *err)
{
    qsmap_status st = qsmap_radius_parse(v, &o->margin_m, err);
    if (st)
        snprintf(err->msg, sizeof err->msg, "--margin '%s': give a distance with its unit, "
                 "e.g. 2km or 1500m", v);
    return st;
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
    /* qsmap networks: its own rows where its words differ */
    {NULL, "--list", "FILE",
     "the network list: network_id, role (lead/member, แกนนำ/ร่วมพัฒนา),\n"
     "school_id; name_doc, match, note optional. Default: the 175\n"
     "IQA networks of 2563 (geodata/iqa_networks_2563.csv)",
     NULL, AT(list), CMD_NET},
    {NULL, "--all", NULL, "every network of the list", NULL, AT(all), CMD_NET},
    {NULL, "--id", "IDS", "these networks (comma-separated)   --id 12 | 12,15", NULL, AT(ids),
     CMD_NET},
    {NULL, "--office", "NAME",
     "the networks with a school of the office (the lead's or a\n"
     "member's)   --office \"สพป.ขอนแก่น เขต 1\"",
     NULL, AT(office), CMD_NET},
    {NULL, "--radius", "R",
     "a member farther from its lead is not nearby, default 5km", set_radius, 0, CMD_NET},
    {NULL, "--margin", "D",
     "suggest another network's lead when it is nearer than the\n"
     "member's own by more than D, default 2km   --margin 1km",
     set_margin, 0, CMD_NET},
    {"-o", "--output", "FILE",
     "write FILE: .csv (one row per member), .pdf (a network's map\n"
     "and table; several: an atlas with index and charts), .xlsx\n"
     "(members and networks sheets), .geojson; '-' is stdout as CSV\n"
     "without -o: networks-<selection>.csv",
     set_output, 0, CMD_NET},
    {NULL, "--summary", "FILE", "one row per network (CSV)   --summary networks.csv",
     set_summary, 0, CMD_NET},
    /* qsmap serve */
    {NULL, "--port", "N", "listen on port N, default 8080 (0: any free port)", cli_set_port, 0,
     CMD_SERVE},
    {NULL, "--bind", "ADDR",
     "listen on this address, default 127.0.0.1 (this machine only);\n"
     "any other needs --auth or --no-auth   --bind 0.0.0.0",
     NULL, AT(web.bind), CMD_SERVE},
    {NULL, "--auth", "FILE",
     "HTTP Basic passwords: one user:hash line each, the hash from\n"
     "crypt(3) (mkpasswd -m yescrypt, openssl passwd -6)",
     NULL, AT(web.auth), CMD_SERVE},
    {NULL, "--no-auth", NULL, "serve other machines without passwords, on purpose", NULL,
     AT(web.no_auth), CMD_SERVE},
    {NULL, "--tls-cert", "FILE", "HTTPS: the certificate (PEM), with --tls-key", NULL,
     AT(web.tls_cert), CMD_SERVE},
    {NULL, "--tls-key", "FILE", "HTTPS: its private key (PEM)", NULL, AT(web.tls_key),
     CMD_SERVE},
    {NULL, "--max-upload", "SIZE", "the largest school table or roles list a browser may\n"
     "upload, default 50MB", cli_set_max_upload, 0, CMD_SERVE},
    {NULL, "--sessions", "N",
     "browser sessions whose uploads are kept, default 32; the one\n"
     "used longest ago goes first",
     cli_set_sessions, 0, CMD_SERVE},
    {NULL, "--timeout", "S", "close a connection idle or slow for S seconds, default 30",
     cli_set_timeout, 0, CMD_SERVE},
    {NULL, "--threads", "N", "request threads, default twice the CPUs (at least 4)",
     cli_set_threads, 0, CMD_SERVE},
    {NULL, "--district", "NAME",
     "district by Thai name (อำเภอ/เขต prefix optional), English\n"
     "name or pcode:  --district เมืองอ่างทอง | \"Mueang Ang Thong\" | TH1501",
     NULL, AT(district), CMD_MAP},
    {NULL, "--province", "NAME",
     "narrow a district name found in several provinces, or alone:\n"
     "every district of the province   --province อ่างทอง",
     NULL, AT(province), CMD_MAP},
    {NULL, "--office", "NAME",
     "every quality school of an education-area office, by the\n"
     "table's name or today's (office_aliases.csv); spaces and dots\n"
     "ignored   --office สพป.อ่างทอง | \"สพม.สิงห์บุรี อ่างทอง\" | \"สพม.เขต 5\"",
     NULL, AT(office), CMD_MAP},
    {NULL, "--all", NULL, "every district of the boundaries file", NULL, AT(all), CMD_MAP},
    {NULL, "--timings", NULL, "print where the time went (stderr)", NULL, AT(timings), CMD_BOTH},
    {NULL, "--radius", "R", "catchment radius with unit, default 5km   --radius 2.5km | 5000m",
     set_radius, 0, CMD_MAP},
    {NULL, "--schools", "FILE",
     "school table: CSV (UTF-8, UTF-8 with BOM or CP874; .gz too),\n"
     ".xlsx, .ods, .gpkg, .geojson, .kml/.kmz, point .shp or PG:...\n"
     "--schools schools.csv | emis.xlsx | - (stdin) | <(zcat schools.csv.gz)",
     NULL, AT(schools), CMD_ALL},
    {NULL, "--layer", "NAME",
     "the school table's layer (GeoPackage, KML folder, PostGIS table)\n"
     "or sheet; default: the first with the columns   --layer schools",
     NULL, AT(layer), CMD_ALL},
    {NULL, "--sheet", "NAME", "the same as --layer, for workbooks   --sheet โรงเรียน", NULL,
     AT(layer), CMD_ALL},
    {NULL, "--boundaries", "FILE",
     "district polygons with ADM2_TH, ADM2_PCODE: shapefile, .gpkg,\n"
     ".geojson or PG:...; any CRS PROJ knows, reprojected to WGS84\n"
     "--boundaries tha_adm2.shp",
     NULL, AT(boundaries), CMD_ALL},
    {NULL, "--boundaries-layer", "NAME",
     "the boundaries' layer; default: the first polygon layer with\n"
     "ADM2_TH and ADM2_PCODE   --boundaries-layer adm2",
     NULL, AT(boundaries_layer), CMD_ALL},
    {"-o", "--output", "FILE",
     "write FILE; the extension picks the format: .csv (table),\n"
     ".pdf (map page + table pages), .png (map), .xlsx (pairs and\n"
     "summary sheets), .geojson (layers for QGIS), .docx (Word\n"
     "report: maps and tables per district), .html (interactive\n"
     "map and table in one file); '-' is stdout as CSV; may\n"
     "repeat   -o map.pdf -o map.png -o table.csv\n"
     "without -o: <district>-<radius>.pdf, .png and .csv",
     set_output, 0, CMD_MAP},
    {NULL, "--dpi", "N", "PNG resolution, default 300 (A4: 3508x2480)   --dpi 150", set_dpi, 0, CMD_MAP},
    {NULL, "--paper", "SIZE",
     "the map page's paper: a4 (default) or a3; the PNG is --dpi x paper\n"
     "(table pages stay A4)   --paper a3",
     set_paper, 0, CMD_ALL},
    {NULL, "--orientation", "O",
     "the map page: portrait or landscape; default auto, from the shape\n"
     "of what is mapped (a tall district or province: portrait)",
     set_orientation, 0, CMD_ALL},
    {NULL, "--thai-digits", NULL, "print numbers on maps and tables as ๐-๙", NULL,
     AT(render.thai_digits), CMD_ALL},
    {NULL, "--skip-empty", NULL,
     "leave districts without a quality school out of an atlas (the\n"
     "index still lists them)",
     NULL, AT(render.skip_empty), CMD_MAP},
    {NULL, "--date", "TEXT",
     "print this date on the map and the table pages (none unless asked)  --date 2026-11-24",
     NULL, AT(render.date), CMD_ALL},
    {NULL, "--summary", "FILE",
     "merge-feasibility summary, one row per quality school (CSV)\n"
     "--summary summary.csv",
     set_summary, 0, CMD_MAP},
    {NULL, "--indicator10", NULL,
     "the Indicator-10 form's figures (ตัวชี้วัดที่ 10, 1.3.2.1 เชิงปริมาณ):\n"
     ".docx the form's part filled in, .csv the same figures\n"
     "--office สพป.อ่างทอง --indicator10 -o i10.docx -o i10.csv",
     NULL, AT(indicator10), CMD_MAP},
    {NULL, "--small-max", "N",
     "a small school has at most N students (OBEC: 120)  --small-max 120", set_small_max, 0, CMD_MAP | CMD_SERVE},
    {NULL, "--quality", "IDS",
     "mark these school ids as quality schools (comma-separated, or\n"
     "@FILE: one id a line or a CSV with a school_id column), for\n"
     "tables without a role column   --quality 1015720001,1015720002",
     NULL, AT(quality_ids), CMD_ALL},
    {NULL, "--roles", "FILE",
     "the quality schools and their colours beside the school table\n"
     "(CSV or a sheet: school_id, quality_color, optional\n"
     "network_status, role);\n"
     "overrides the table's own   --roles quality.csv",
     NULL, AT(roles), CMD_ALL},
    {NULL, "--encoding", "ENC", "school table encoding: auto (default), utf-8, cp874 (TIS-620)",
     set_encoding, 0, CMD_ALL},
    {"-q", "--quiet", NULL, "errors and warnings only: no summary, no atlas line", NULL,
     AT(quiet), CMD_ALL},
    {"-h", "--help", NULL, "this help", set_help, 0, CMD_ALL},
    {NULL, "--version", NULL, "qsmap's version", set_version, 0, CMD_ALL},};
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

static const char HELP_NET_HEAD[] =
    "qsmap networks — OBEC's named school networks (เครือข่ายนวัตกรรมคุณภาพสถานศึกษา):\n"
    "how far each member (ร่วมพัฒนา) lies from its lead (แกนนำ)\n"
    "\n"
    "usage: qsmap networks [--list FILE.csv] --all | --id IDS | --office NAME\n"
    "             [--radius 5km] [--margin 2km] [-o FILE]...\n"
    "\n";

static const char HELP_SERVE_HEAD[] =
    "qsmap serve — the map, the tables and every download in a web browser\n"
    "\n"
    "usage: qsmap serve [--port 8080] [--bind 127.0.0.1] [--auth FILE | --no-auth]\n"
    "             [--tls-cert FILE --tls-key FILE] [--schools FILE] [--boundaries FILE]\n"
    "\n";

static const char HELP_SERVE_TAIL[] =
    "\n"
    "Open the address it prints in a browser. Uploaded tables stay in memory, for\n"
    "that browser only. Ctrl-C (SIGINT) or SIGTERM stops it.\n"
    "\n"
    "example: qsmap serve --bind 0.0.0.0 --auth /etc/qsmap/users\n";

static const char HELP_NET_TAIL[] =
    "\n"
    "The list's schools are found in the school table by school_id; a row without one\n"
    "is kept as ไม่พบในทะเบียน. Exit status as for qsmap (qsmap --help).\n"
    "\n"
    "example: qsmap networks --all -o networks.pdf -o networks.xlsx\n";

static unsigned cmds_of(const cli_option *opt) { return opt->cmds; }

unsigned cli_command(const cli_options *o)
{
    return o->serve ? CMD_SERVE : o->networks ? CMD_NET : CMD_MAP;
}

void cli_help(FILE *out, unsigned cmd)
{
    fputs(cmd == CMD_SERVE ? HELP_SERVE_HEAD : cmd == CMD_NET ? HELP_NET_HEAD : HELP_HEAD, out);
    for (size_t k = 0; k < NOPTIONS; k++) {
        const cli_option *opt = &OPTIONS[k];
        if (!(cmds_of(opt) & cmd))
            continue;
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
    if (cmd == CMD_MAP)
        fputs("\nqsmap networks …   the named school networks (qsmap networks --help)\n"
              "qsmap serve …      the same in a web browser (qsmap serve --help)\n",
              out);
    fputs(cmd == CMD_SERVE ? HELP_SERVE_TAIL : cmd == CMD_NET ? HELP_NET_TAIL : HELP_TAIL, out);
}

/* The option named arg for this command; *other: it exists, for the other. */
static const cli_option *find_option(const char *arg, unsigned cmd, bool *other)
{
    *other = false;
    for (size_t k = 0; k < NOPTIONS; k++)
        if (strcmp(arg, OPTIONS[k].name) == 0 ||
            (OPTIONS[k].shortname && strcmp(arg, OPTIONS[k].shortname) == 0)) {
            if (cmds_of(&OPTIONS[k]) & cmd)
                return &OPTIONS[k];
            *other = true;
        }
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
        const char *ext = qsmap_path_extension(o->outputs[k]);
        if (o->indicator10 && strcmp(ext, "docx") && strcmp(ext, "csv") &&
            !qsmap_path_is_stdout(o->outputs[k]))
            return qsmap_error_set(err, QSMAP_E_USAGE, o->outputs[k], 0,
                                   "--indicator10 writes the form as .docx and its figures "
                                   "as .csv: make the maps and tables in another run");
    }
    return QSMAP_OK;
}

/* qsmap networks: a selection of networks, outputs it can write. */
static qsmap_status check_networks(const cli_options *o, qsmap_error *err)
{
    qsmap_status st = check_text("--office", o->office, err);
    if (!st)
        st = check_text("--date", o->render.date, err);
    if (st)
        return st;
    if (o->all + !!o->ids + !!o->office != 1)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "%s: give one of --all, --id 12 or --office \"สพป.ขอนแก่น เขต 1\" "
                               "(see qsmap networks --help)",
                               o->all || o->ids || o->office ? "choose one selection"
                                                             : "name the networks");
    if (o->roles && o->quality_ids)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--roles and --quality both say which schools are quality "
                               "schools: give one");
    for (size_t k = 0; k < o->noutputs; k++) {
        const qsmap_format *f = qsmap_format_for_path(o->outputs[k]);
        if (f && f->networks)
            continue;
        char known[200];
        qsmap_format_network_extensions(known, sizeof known);
        return qsmap_error_set(err, QSMAP_E_USAGE, o->outputs[k], 0,
                               "qsmap networks writes %s", known);
    }
    return QSMAP_OK;
}

qsmap_status cli_parse(int argc, char **argv, cli_options *o, qsmap_error *err)
{
    memset(o, 0, sizeof *o);
    o->radius_m = 5000;
    o->margin_m = 2000;
    o->render.dpi = 300;
    o->small_max = 120;
    cli_serve_defaults(o);
    int i = 1;
    if (argc > 1 && strcmp(argv[1], "networks") == 0)
        o->networks = true, i = 2;
    else if (argc > 1 && strcmp(argv[1], "serve") == 0)
        o->serve = true, i = 2;
    unsigned cmd = cli_command(o);
    const char *sub = o->serve ? " serve" : o->networks ? " networks" : "";
    for (; i < argc; i++) {
        const char *a = argv[i];
        bool other;
        const cli_option *opt = find_option(a, cmd, &other);
        if (!opt && other)
            return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                                   "%s is not an option of qsmap%s (see qsmap%s --help)", a,
                                   sub, sub);
        if (!opt)
            return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                                   "unknown option '%s' (see qsmap%s --help)", a, sub);
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
    return o->serve ? cli_check_serve(o, err)
           : o->networks ? check_networks(o, err)
                         : check_parsed(o, err);
}
