/* console.c — what a run prints: the Thai summary of the report, the label
 * line, warnings about quality schools outside every district, the
 * progress bar of long batches, and --timings. */
#include "cli/cli.h"

#include "base/clock.h"
#include "base/number.h"
#include "base/vocab.h"

#include <unistd.h>

/* A batch: totals, not a page of lines. */
static void print_batch(FILE *out, const qsmap_report *r)
{
    size_t pairs = 0, without = 0;
    for (size_t k = 0; k < r->nselected; k++) {
        size_t in_district;
        without += qsmap_summary_district(r, r->selected[k], &in_district) == 0;
        pairs += in_district;
    }
    /* Bangkok's districts are เขต */
    const char *w = qsmap_districts_kind(r->districts, r->selected, r->nselected);
    char noun[400];
    qsmap_report_quality_noun(r, noun, sizeof noun);
    fprintf(out,
            "%zu %s รัศมี %g กม.: %s %zu แห่ง, คู่เครือข่าย %zu คู่, "
            "%sที่ไม่มี%s %zu %s%s\n",
            r->nselected, w, r->radius_m / 1000, noun, r->nsummary, pairs, w, noun, without, w,
            r->sample_data ? " — " QSMAP_SAMPLE_NOTE : "");
}

/* One line per quality school of district `di`: its colour, how many
 * network schools and students are in reach. Returns how many it printed. */
static size_t print_quality_schools(FILE *out, const qsmap_report *r, size_t di)
{
    size_t shown = 0;
    for (size_t i = 0; i < r->catchment->n;) {
        uint32_t q = r->catchment->v[i].quality;
        size_t j = i, count = 0;
        long students = 0;
        for (; j < r->catchment->n && r->catchment->v[j].quality == q; j++) {
            uint32_t n = r->catchment->v[j].network;
            if (n == QSMAP_NO_SCHOOL)
                continue;
            count++;
            if (r->schools->v[n].students > 0)
                students += r->schools->v[n].students;
        }
        if ((size_t)r->district_of[q] == di) {
            const qsmap_school *qs = &r->schools->v[q];
            const char *color = qsmap_color_name_th((qsmap_color)qs->color);
            char num[32];
            qsmap_number_int(students, false, num, sizeof num);
            fprintf(out, "  %s [%s] โรงเรียนเครือข่าย %zu แห่ง นักเรียน %s คน\n", qs->name,
                    color[0] ? color : "ไม่ระบุสี", count, num);
            shown++;
        }
        i = j;
    }
    return shown;
}

void cli_print_summary(FILE *out, const qsmap_report *r, const char *const *written,
                       size_t nwritten)
{
    if (r->nselected > 20) {
        print_batch(out, r);
    } else {
        for (size_t k = 0; k < r->nselected; k++) {
            const qsmap_district *d = qsmap_districts_get(r->districts, r->selected[k]);
            char place[600]; /* two DBF names of 254 bytes and the words */
            qsmap_district_title(d, place, sizeof place);
            fprintf(out, "%s (%s) รัศมี %g กม.%s\n", place, d->pcode, r->radius_m / 1000,
                    r->sample_data ? " — " QSMAP_SAMPLE_NOTE : "");
            char noun[400];
            qsmap_report_quality_noun(r, noun, sizeof noun);
            if (!print_quality_schools(out, r, r->selected[k]))
                fprintf(out, "  ไม่มี%sใน%sนี้\n", noun, qsmap_district_kind(d));
        }
    }
    for (size_t k = 0; k < nwritten; k++)
        fprintf(out, "เขียนไฟล์ %s\n", written[k]);
}

void cli_print_outside(FILE *err, const qsmap_report *r, const char *boundaries)
{
    const qsmap_schools *s = r->schools;
    for (size_t k = 0; k < r->noutside; k++) {
        const qsmap_school *q = &s->v[r->outside[k]];
        fprintf(err,
                "qsmap: %s:%u: warning: quality school %s %s lies outside every district of "
                "%s (check its coordinates)\n",
                s->path, q->line, q->id, q->name, boundaries);
    }
}

void cli_print_labels(FILE *out, const qsmap_label_stats *l)
{
    fprintf(out,
            "ป้ายชื่อ %zu ป้าย: ที่จุด %zu, ใช้เส้นโยง %zu, ใช้หมายเลข %zu "
            "(วางที่จุดไม่ได้ %zu)\n",
            l->at_marker + l->leader + l->numbered, l->at_marker, l->leader, l->numbered,
            l->leader + l->numbered);
}

void cli_warn_small_key(FILE *err, const qsmap_label_stats *l)
{
    /* Below 6 pt a printed key is hard to read: the map is too dense for
     * its paper, and A3 gives the key its full size. */
    if (l->key_pt > 0 && l->key_pt < 6)
        fprintf(err,
                "qsmap: warning: %zu numbered labels: the map's key is set in %.1f pt to fit "
                "the page; --paper a3 prints it larger\n",
                l->numbered, l->key_pt);
}

cli_progress cli_progress_start(FILE *fp)
{
    return (cli_progress){.fp = fp, .tty = isatty(fileno(fp)) != 0, .t0 = qsmap_clock_ms()};
}

void cli_progress_show(void *ctx, size_t done, size_t total)
{
    cli_progress *p = ctx;
    if (!p->tty)
        return;
    double el = (qsmap_clock_ms() - p->t0) / 1e3;
    double left = done ? el / (double)done * (double)(total - done) : 0;
    int width = 30, fill = (int)((double)width * (double)done / (double)(total ? total : 1));
    char bar[64];
    for (int k = 0; k < width; k++)
        bar[k] = k < fill ? '#' : '.';
    bar[width] = '\0';
    /* \033[K clears what a longer earlier line left after this one */
    fprintf(p->fp, "\r[%s] %zu/%zu อำเภอ  %.0f วินาที  เหลือราว %.0f วินาที\033[K", bar, done,
            total, el, left);
    if (done == total)
        fputc('\n', p->fp);
    fflush(p->fp);
}

void cli_stopwatch_start(cli_stopwatch *w) { w->t0 = w->last = qsmap_clock_ms(); }

void cli_stopwatch_part(const cli_stopwatch *w, double ms, const char *what)
{
    if (w->on)
        fprintf(w->fp, "qsmap: time %8.1f ms    %s\n", ms, what);
}

void cli_stopwatch_lap(cli_stopwatch *w, const char *what)
{
    double now = qsmap_clock_ms();
    if (w->on)
        fprintf(w->fp, "qsmap: time %8.1f ms  %s (total %.1f ms)\n", now - w->last, what,
                now - w->t0);
    w->last = now;
}
