/* vocab.h — the words qsmap reads and writes for its categories: readiness
 * colours, school roles and network participation, in Thai and English,
 * and the sample-data note. One place, so that the readers, the tables and
 * the maps spell them alike. */
#ifndef QSMAP_BASE_VOCAB_H
#define QSMAP_BASE_VOCAB_H

#include "qsmap/qsmap.h"

#include <stdint.h>

/* Printed on every output made from the shipped (synthetic) positions. */
#define QSMAP_SAMPLE_NOTE "ข้อมูลตัวอย่าง (ตำแหน่งสมมติ)"

/* A cell of a school table as a colour, role or participation: 0 and *out
 * set, or -1 when the text names none (an empty cell is NONE / network). */
int qsmap_vocab_color(const char *s, uint8_t *out);
int qsmap_vocab_role(const char *s, uint8_t *out);
int qsmap_vocab_participation(const char *s, uint8_t *out);
/* Thai names of a colour (qsmap.h: qsmap_color_name_th, "" for NONE) and of
 * a participation kind ("ไม่ระบุ" for NONE), for headers and legends. */
const char *qsmap_participation_name_th(qsmap_participation k);

#endif
