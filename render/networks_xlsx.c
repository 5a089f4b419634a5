/* networks_xlsx.c — `qsmap networks` as an Excel workbook: sheet "สมาชิก"
 * with a row per member of each selected network, sheet "สรุปเครือข่าย"
 * with a row per network, the columns of networks/rows.h (the same as the
 * two CSVs) under their Thai headings. Cells, look and file as the pairs
 * workbook's (render/xlsx_sheet.c). */
#include "networks/rows.h"
#include "render/render.h"
#include "render/xlsx_sheet.h"

#include <stdlib.h>

/* The sheet of table t over refs: the headings, then a row per ref. */
static lxw_error write_net_table(qsmap_sheet *sh, const qsmap_networks *nw,
                                 const qsmap_net_table *t, const qsmap_net_row_ref *refs, size_t n,
                                 const qsmap_sheet_formats *f)
{
    for (size_t k = 0; k < t->ncols; k++)
        qsmap_sheet_str(sh, t->cols[k].th, f->head);
    qsmap_sheet_next_row(sh);
    for (size_t j = 0; j < n && !sh->err; j++) {
        for (size_t k = 0; k < t->ncols; k++)
            qsmap_sheet_value(sh, t->cols[k].kind, t->cols[k].get(nw, &refs[j]), f);
        qsmap_sheet_next_row(sh);
    }
    return qsmap_sheet_finish(sh);
}

typedef struct {
    const qsmap_networks *nw;
    const qsmap_net_row_ref *members, *nets;
    size_t nmembers, nnets;
} book;

static lxw_error fill(lxw_workbook *wb, const qsmap_sheet_formats *f, const void *ctx)
{
    const book *b = ctx;
    /* Sheet names are fixed and valid, so NULL can only mean no memory. */
    lxw_worksheet *ws1 = workbook_add_worksheet(wb, "สมาชิก");
    lxw_worksheet *ws2 = workbook_add_worksheet(wb, "สรุปเครือข่าย");
    if (!ws1 || !ws2)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    qsmap_sheet s1 = {.ws = ws1}, s2 = {.ws = ws2};
    lxw_error e = write_net_table(&s1, b->nw, &qsmap_net_members_table, b->members, b->nmembers, f);
    return e ? e : write_net_table(&s2, b->nw, &qsmap_net_summary_table, b->nets, b->nnets, f);
}

qsmap_status qsmap_render_networks_xlsx(const char *path, const qsmap_networks *nw,
                                        qsmap_error *err)
{
    book b = {.nw = nw};
    qsmap_net_row_ref *members = NULL, *nets = NULL;
    qsmap_status st = qsmap_net_member_refs(nw, &members, &b.nmembers, err);
    if (!st)
        st = qsmap_net_summary_refs(nw, &nets, &b.nnets, err);
    b.members = members, b.nets = nets;
    if (!st)
        st = qsmap_workbook_write(path, fill, &b, err);
    free(members);
    free(nets);
    return st;
}
