/* vocab.c — colours, roles and network participation as the school
 * tables write them (Thai or English, any case) and as qsmap prints them. */
#include "base/vocab.h"

#include "base/text.h"

#include <string.h>

static const char *const COLOR_TH[QSMAP_COLOR_COUNT] = {
    "", "แดง", "เหลือง", "เขียว", "ฟ้า", "ม่วง",
};
static const char *const COLOR_EN[QSMAP_COLOR_COUNT] = {
    "", "red", "yellow", "green", "blue", "purple",
};

const char *qsmap_color_name_th(qsmap_color c)
{
    return (unsigned)c < QSMAP_COLOR_COUNT ? COLOR_TH[c] : "";
}

int qsmap_vocab_color(const char *s, uint8_t *out)
{
    for (int c = 0; c < QSMAP_COLOR_COUNT; c++)
        if (strcmp(s, COLOR_TH[c]) == 0) { /* as written, the usual case */
            *out = (uint8_t)c;
            return 0;
        }
    char key[64];
    qsmap_text_key(s, key, sizeof key);
    if (!key[0]) {
        *out = QSMAP_COLOR_NONE;
        return 0;
    }
    const char *k = qsmap_text_strip_prefix(key, (const char *const[]){"สี", NULL});
    for (int c = 1; c < QSMAP_COLOR_COUNT; c++)
        if (strcmp(k, COLOR_TH[c]) == 0 || strcmp(k, COLOR_EN[c]) == 0) {
            *out = (uint8_t)c;
            return 0;
        }
    if (strcmp(k, "lightblue") == 0) {
        *out = QSMAP_COLOR_BLUE;
        return 0;
    }
    return -1;
}

int qsmap_vocab_role(const char *s, uint8_t *out)
{
    static const struct {
        const char *key;
        qsmap_role role;
    } ROLES[] = {
        {"quality", QSMAP_ROLE_QUALITY},       {"network", QSMAP_ROLE_NETWORK},
        {"คุณภาพ", QSMAP_ROLE_QUALITY},        {"โรงเรียนคุณภาพ", QSMAP_ROLE_QUALITY},
        {"หลัก", QSMAP_ROLE_QUALITY},          {"โรงเรียนหลัก", QSMAP_ROLE_QUALITY},
        {"เครือข่าย", QSMAP_ROLE_NETWORK},      {"โรงเรียนเครือข่าย", QSMAP_ROLE_NETWORK},
    };
    for (size_t i = 0; i < 2; i++)
        if (strcmp(s, ROLES[i].key) == 0) { /* as written, the usual case */
            *out = (uint8_t)ROLES[i].role;
            return 0;
        }
    char key[96];
    qsmap_text_key(s, key, sizeof key);
    for (size_t i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
        if (strcmp(key, ROLES[i].key) == 0) {
            *out = (uint8_t)ROLES[i].role;
            return 0;
        }
    return -1;
}

/* The ministry's Indicator 10 statuses, Thai or English; empty is "not
 * reported", not an error. */
int qsmap_vocab_participation(const char *s, uint8_t *out)
{
    static const struct {
        const char *key;
        qsmap_participation st;
    } STATUSES[] = {
        {"", QSMAP_PART_NONE},
        {"เรียนรวม", QSMAP_PART_JOINT},           {"joint", QSMAP_PART_JOINT},
        {"ใช้ทรัพยากรร่วมกัน", QSMAP_PART_SHARED}, {"shared", QSMAP_PART_SHARED},
        {"ยังไม่เข้าร่วม", QSMAP_PART_NOT_JOINED}, {"none", QSMAP_PART_NOT_JOINED},
    };
    if (!*s) {
        *out = QSMAP_PART_NONE;
        return 0;
    }
    char key[96];
    qsmap_text_key(s, key, sizeof key);
    for (size_t i = 0; i < sizeof STATUSES / sizeof STATUSES[0]; i++)
        if (strcmp(key, STATUSES[i].key) == 0) {
            *out = (uint8_t)STATUSES[i].st;
            return 0;
        }
    return -1;
}

const char *qsmap_participation_name_th(qsmap_participation k)
{
    static const char *const NAMES[QSMAP_PART_COUNT] = {
        "ไม่ระบุ", "เรียนรวม", "ใช้ทรัพยากรร่วมกัน", "ยังไม่เข้าร่วม"};
    return (unsigned)k < QSMAP_PART_COUNT ? NAMES[k] : "";
}

