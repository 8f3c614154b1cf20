/* dgtest.h — helpers shared by the cmocka unit tests. */
#pragma once
#include <glib.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "book.h"

/* A fresh temporary directory (removed by dgtest_rmtree). */
char *dgtest_tmpdir(void);
/* Writes `text` to dir/name (creating dir). */
void dgtest_write(const char *dir, const char *name, const char *text);
/* Writes a two-language book (zh-Hans, en) and returns its folder. */
char *dgtest_book(const char *ini, const char *zh, const char *en);
void dgtest_rmtree(const char *path);
/* Reads a golden file from tests/data; with DG_REGENERATE=1 in the
 * environment, writes `actual` there instead and passes. */
void dgtest_golden(const char *name, const char *actual);
/* The standard book.ini for test books. */
extern const char DGTEST_INI[];

/* Loads a two-language book from memory (DGTEST_INI unless `ini` is
 * given; zh or en NULL means that manuscript is missing). Files are named
 * "book/zh-Hans.md", "book/en.md", "book/book.ini" in messages. */

DgBook *dgtest_load(const char *ini, const char *zh, const char *en,
                            GError **error);
/* Asserts that loading fails with exactly `message`. */
void dgtest_load_fails(const char *ini, const char *zh, const char *en,
                       const char *message);
/* Asserts that loading fails and the message contains `part`. */
void dgtest_load_fails_with(const char *ini, const char *zh, const char *en,
                            const char *part);
/* Seconds since an earlier g_get_monotonic_time(). */
double dgtest_seconds_since(gint64 start_us);
