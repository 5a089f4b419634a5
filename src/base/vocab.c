/* vocab.c — colours, roles and network participation as the school
 * tables write them (Thai or English, any case) and as qsmap prints them.
 * Each category is one table of words; one lookup reads them all. */
#include "base/vocab.h"

#include "base/text.h"

#include <string.h>

typedef struct {
    const char *key; /* as qsmap_text_key leaves it */
    uint8_t value;
} vocab_word;

#define NWORDS(t) (sizeof t / sizeof t[0])

static const vocab_word COLORS[] = {
    {"", QSMAP_COLOR_NONE},          {"แดง", QSMAP_COLOR_RED},
    {"เหลือง", QSMAP_COLOR_YELLOW},    {"เขียว", QSMAP_COLOR_GREEN},
    {"ฟ้า", QSMAP_COLOR_BLUE},         {"ม่วง", QSMAP_COLOR_PURPLE},
    {"red", QSMAP_COLOR_RED},        {"yellow", QSMAP_COLOR_YELLOW},
    {"green", QSMAP_COLOR_GREEN},    {"blue", QSMAP_COLOR_BLUE},
    {"purple", QSMAP_COLOR_PURPLE},  {"lightblue", QSMAP_COLOR_BLUE},
};

static const vocab_word ROLES[] = {
    {"quality", QSMAP_ROLE_QUALITY},  {"network", QSMAP_ROLE_NETWORK},
    {"คุณภาพ", QSMAP_ROLE_QUALITY},    {"โรงเรียนคุณภาพ", QSMAP_ROLE_QUALITY},
    {"หลัก", QSMAP_ROLE_QUALITY},      {"โรงเรียนหลัก", QSMAP_ROLE_QUALITY},
    {"เครือข่าย", QSMAP_ROLE_NETWORK},  {"โรงเรียนเครือข่าย", QSMAP_ROLE_NETWORK},
};

/* The ministry's Indicator 10: empty is "not reported", not an error. */
static const vocab_word PARTICIPATION[] = {
    {"", QSMAP_PART_NONE},
    {"เรียนรวม", QSMAP_PART_JOINT},           {"joint", QSMAP_PART_JOINT},
    {"ใช้ทรัพยากรร่วมกัน", QSMAP_PART_SHARED}, {"shared", QSMAP_PART_SHARED},
    {"ยังไม่เข้าร่วม", QSMAP_PART_NOT_JOINED}, {"none", QSMAP_PART_NOT_JOINED},
};

/* The word s names: first as written (the usual case, and no copy), then
 * in key form with an optional prefix dropped ("สีแดง"). */
static int lookup(const vocab_word *w, size_t n, const char *s, const char *prefix,
                  uint8_t *out)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, w[i].key) == 0) {
            *out = w[i].value;
            return 0;
        }
    char key[96];
    qsmap_text_key(s, key, sizeof key);
    const char *k = key[0] && prefix
                        ? qsmap_text_strip_prefix(key, (const char *const[]){prefix, NULL})
                        : key;
    for (size_t i = 0; i < n; i++)
        if (strcmp(k, w[i].key) == 0) {
            *out = w[i].value;
            return 0;
        }
    return -1;
}

int qsmap_vocab_color(const char *s, uint8_t *out)
{
    return lookup(COLORS, NWORDS(COLORS), s, "สี", out);
}

int qsmap_vocab_role(const char *s, uint8_t *out)
{
    return lookup(ROLES, NWORDS(ROLES), s, NULL, out);
}

int qsmap_vocab_participation(const char *s, uint8_t *out)
{
    return lookup(PARTICIPATION, NWORDS(PARTICIPATION), s, NULL, out);
}

const char *qsmap_color_name_th(qsmap_color c)
{
    static const char *const NAMES[QSMAP_COLOR_COUNT] = {"",     "แดง", "เหลือง",
                                                         "เขียว", "ฟ้า", "ม่วง"};
    return (unsigned)c < QSMAP_COLOR_COUNT ? NAMES[c] : "";
}

const char *qsmap_participation_name_th(qsmap_participation k)
{
    static const char *const NAMES[QSMAP_PART_COUNT] = {"ไม่ระบุ", "เรียนรวม",
                                                        "ใช้ทรัพยากรร่วมกัน", "ยังไม่เข้าร่วม"};
    return (unsigned)k < QSMAP_PART_COUNT ? NAMES[k] : "";
}
