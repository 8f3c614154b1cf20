/* test_fonts.c — the pinned font set: families found or named with
 * their package, coverage errors at file:line:col with U+XXXX. */
#include "dgtest.h"
#include "fonts.h"

#include <string.h>

static void
test_families(void **state)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(DgFonts) f = dg_fonts_new(DG_SOURCE_DIR, &e);
  assert_non_null(f);
  assert_non_null(dg_fonts_get_font_map(f));
  assert_true(dg_fonts_require(f, "EB Garamond 12, Noto Serif CJK SC", "t.ini", &e));
  assert_true(dg_fonts_require(f, "DejaVu Sans Mono", "t.ini", &e));
  /* a machine font outside fonts.conf is invisible */
  assert_false(dg_fonts_require(f, "Liberation Serif", "t.ini", &e));
  assert_non_null(strstr(e->message, "t.ini: error: font 'Liberation Serif' is not installed"));
}

static void
test_missing_font_names_package(void **state)
{
  /* A manifest entry for a family that is not in the font set: the
   * error names the package. */
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *src = g_build_filename(DG_SOURCE_DIR, "fonts", "fonts.conf", NULL);
  g_autofree char *conf = NULL;
  assert_true(g_file_get_contents(src, &conf, NULL, NULL));
  g_autofree char *fonts = g_build_filename(dir, "fonts", NULL);
  dgtest_write(fonts, "fonts.conf", conf);
  dgtest_write(fonts, "MANIFEST", "Imaginary Serif | fonts-imaginary | /usr/share/x.otf\n");
  g_autoptr(DgFonts) f = dg_fonts_new(dir, NULL);
  assert_non_null(f);
  g_autoptr(GError) e = NULL;
  assert_false(dg_fonts_require(f, "Noto Serif CJK SC, Imaginary Serif", "x.ini", &e));
  assert_string_equal(e->message, "x.ini: error: font 'Imaginary Serif' is not installed; "
                                  "it is provided by package fonts-imaginary (/usr/share/x.otf)");
  dgtest_rmtree(dir);
}

static void
test_no_config(void **state)
{
  g_autoptr(GError) e = NULL;
  assert_null(dg_fonts_new("/nonexistent", &e));
  assert_int_equal(e->code, DG_ERROR_FONT);
}

static void
test_coverage(void **state)
{
  g_autoptr(DgFonts) f = dg_fonts_new(DG_SOURCE_DIR, NULL);
  assert_true(dg_fonts_covers(f, "Noto Serif CJK SC", 0x4E2D));     /* 中 */
  assert_true(dg_fonts_covers(f, "EB Garamond 12", 'A'));
  assert_false(dg_fonts_covers(f, "EB Garamond 12", 0x4E2D));
  assert_true(dg_fonts_covers(f, "EB Garamond 12, Noto Serif CJK SC", 0x4E2D));
  assert_false(dg_fonts_covers(f, "Noto Serif CJK SC", 0x0F40));    /* Tibetan KA */
  assert_true(dg_fonts_covers(f, "Noto Serif CJK SC", '\n'));        /* never drawn */
}

static void
test_tofu_is_positioned_error(void **state)
{
  g_autofree char *dir = dgtest_book(DGTEST_INI, "# 标题\n\n中文\u0F40段落。\n", "# Title\n\nA paragraph.\n");
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dg_book_load(dir, &e);
  assert_non_null(book);
  g_autoptr(DgFonts) f = dg_fonts_new(DG_SOURCE_DIR, NULL);
  const DgSegment *seg = book->segments->pdata[1];
  assert_false(dg_fonts_check_block(f, "Noto Serif CJK SC", seg->blocks[0], &e));
  g_autofree char *want = g_strdup_printf("%s/zh-Hans.md:3:7: error: no font covers U+0F40", dir);
  if (!g_str_has_prefix(e->message, want))
    print_error("got %s\n", e->message);
  assert_true(g_str_has_prefix(e->message, want));
  const DgSegment *s0 = book->segments->pdata[0];
  assert_true(dg_fonts_check_block(f, "EB Garamond 12, Noto Serif CJK SC", s0->blocks[1], NULL));
  dgtest_rmtree(dir);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_families),
    cmocka_unit_test(test_missing_font_names_package),
    cmocka_unit_test(test_no_config),
    cmocka_unit_test(test_coverage),
    cmocka_unit_test(test_tofu_is_positioned_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
