/* dgtest.h — helpers shared by the cmocka unit tests. */
#pragma once
#include <glib.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

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
