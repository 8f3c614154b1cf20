/* main.c — the command line: subcommands, options, messages, exit codes.
 *
 * The only file that prints, reads the environment or decides the exit
 * code: 0 success, 1 bad input or a failed build, 2 bad usage. Every
 * subcommand parses its own options with a GOptionContext. */
#include "batch.h"
#include "book.h"
#include "build.h"
#include "import.h"
#include "output.h"

#include <signal.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char USAGE[] =
  "Usage: diglot COMMAND [OPTIONS]\n"
  "\n"
  "Bilingual publishing: two aligned Markdown manuscripts → a print-ready\n"
  "PDF and an EPUB 3.\n"
  "\n"
  "Commands:\n"
  "  build  content/<id> [--pdf FILE] [--epub FILE] [--template NAME]\n"
  "                      [--layout parallel|interleaved|facing] [--lang TAG]\n"
  "  check  content/<id>           validate only: alignment, fonts, glyphs\n"
  "  import RAW.txt --out DIR      raw interleaved text → a book folder\n"
  "  dump   content/<id>           the book tree as canonical text\n"
  "  batch  content/ --out out/ [-j N] [--shard K/N] [--force]\n"
  "  --help | --version\n"
  "\n"
  "Run 'diglot COMMAND --help' for a command's options.\n";

static int
report(GError *error)
{
  fprintf(stderr, "%s\n", error->message);
  return error->domain == DG_ERROR && error->code == DG_ERROR_USAGE ? EXIT_USAGE
                                                                   : EXIT_INPUT;
}

static int
usage_error(const char *fmt, const char *arg)
{
  fprintf(stderr, "diglot: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'diglot --help'.\n");
  return EXIT_USAGE;
}

static void
print_warnings(GPtrArray *warnings)
{
  for (guint i = 0; warnings && i < warnings->len; i++)
    fprintf(stderr, "%s\n", (const char *)warnings->pdata[i]);
}

/* Parses a subcommand's options; on failure prints and returns FALSE. */
static gboolean
parse(const char *cmd, const char *args, GOptionEntry *entries, int *argc,
      char ***argv, int *exit_code)
{
  g_autofree char *param = g_strdup_printf("%s %s", cmd, args);
  g_autoptr(GOptionContext) ctx = g_option_context_new(param);
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(ctx, argc, argv, &error)) {
    *exit_code = usage_error("%s", error->message);
    return FALSE;
  }
  return TRUE;
}

/* ---- shared build options ---------------------------------------------- */

static char *opt_template, *opt_layout, *opt_lang;

static void
fill_build_options(DgBuildOptions *o)
{
  const char *data = g_getenv("DIGLOT_DATA_DIR");
  o->data_dir = data && *data ? data : DG_SOURCE_DIR;
  o->template_name = opt_template;
  o->layout = opt_layout;
  o->lang = opt_lang;
  o->source_date_epoch = -1;
  const char *sde = g_getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end = NULL;
    gint64 v = g_ascii_strtoll(sde, &end, 10);
    if (end && *end == '\0' && v >= 0)
      o->source_date_epoch = v;
  }
}

static gboolean
valid_layout(int *code)
{
  if (opt_layout == NULL || g_strv_contains((const char *const[]){ "parallel",
      "interleaved", "facing", NULL }, opt_layout))
    return TRUE;
  *code = usage_error("--layout must be parallel, interleaved or facing, not '%s'",
                      opt_layout);
  return FALSE;
}

static DgBook *
load_book(int argc, char **argv, const char *cmd, int *code)
{
  if (argc != 2) {
    *code = usage_error("'%s' takes one book folder", cmd);
    return NULL;
  }
  g_autoptr(GError) error = NULL;
  DgBook *book = dg_book_load(argv[1], &error);
  if (book == NULL) {
    *code = report(error);
    return NULL;
  }
  print_warnings(book->warnings);
  return book;
}

/* ---- subcommands ------------------------------------------------------- */

static int
cmd_build(int argc, char **argv)
{
  g_autofree char *pdf = NULL, *epub = NULL;
  GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, "Write the PDF to FILE", "FILE" },
    { "epub", 0, 0, G_OPTION_ARG_FILENAME, &epub, "Write the EPUB to FILE", "FILE" },
    { "template", 0, 0, G_OPTION_ARG_STRING, &opt_template, "Print template", "NAME" },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &opt_layout, "parallel|interleaved|facing", "L" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &opt_lang, "One-language edition", "TAG" },
    { NULL },
  };
  int code = EXIT_OK;
  if (!parse("build", "BOOK", entries, &argc, &argv, &code) || !valid_layout(&code))
    return code;
  g_autoptr(DgBook) book = load_book(argc, argv, "build", &code);
  if (book == NULL)
    return code;
  if (pdf == NULL && epub == NULL) {
    g_autofree char *pn = g_strdup_printf("%s.pdf", book->id);
    g_autofree char *en = g_strdup_printf("%s.epub", book->id);
    pdf = g_build_filename("out", pn, NULL);
    epub = g_build_filename("out", en, NULL);
  }
  DgBuildOptions o;
  fill_build_options(&o);
  g_autoptr(GError) error = NULL;
  if (!dg_build(book, &o, pdf, epub, &error))
    return report(error);
  return EXIT_OK;
}

static int
cmd_check(int argc, char **argv)
{
  GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &opt_template, "Print template", "NAME" },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &opt_layout, "parallel|interleaved|facing", "L" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &opt_lang, "One-language edition", "TAG" },
    { NULL },
  };
  int code = EXIT_OK;
  if (!parse("check", "BOOK", entries, &argc, &argv, &code) || !valid_layout(&code))
    return code;
  g_autoptr(DgBook) book = load_book(argc, argv, "check", &code);
  if (book == NULL)
    return code;
  DgBuildOptions o;
  fill_build_options(&o);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GError) error = NULL;
  gboolean ok = dg_build_check(book, &o, warnings, &error);
  print_warnings(warnings);
  if (!ok)
    return report(error);
  printf("%s: %u segments, %u notes, %d languages: ok\n", book->dir,
         book->segments->len, book->notes->len, book->n_languages);
  return EXIT_OK;
}

static int
cmd_dump(int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  int code = EXIT_OK;
  if (!parse("dump", "BOOK", entries, &argc, &argv, &code))
    return code;
  g_autoptr(DgBook) book = load_book(argc, argv, "dump", &code);
  if (book == NULL)
    return code;
  g_autofree char *text = dg_book_dump(book);
  fputs(text, stdout);
  return EXIT_OK;
}

static int
cmd_import(int argc, char **argv)
{
  g_autofree char *out = NULL, *id = NULL;
  int skip = 0;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Book folder to write", "DIR" },
    { "skip-lines", 0, 0, G_OPTION_ARG_INT, &skip, "Drop N leading lines (page noise)", "N" },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, "Book id (default: the folder name)", "ID" },
    { NULL },
  };
  int code = EXIT_OK;
  if (!parse("import", "RAW.txt", entries, &argc, &argv, &code))
    return code;
  if (argc != 2 || out == NULL)
    return usage_error("%s", "'import' takes one RAW.txt and --out DIR");
  if (skip < 0)
    return usage_error("%s", "--skip-lines must not be negative");
  DgImportOptions o = { skip, { "zh-Hans", "en" }, id };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GError) error = NULL;
  gboolean ok = dg_import_file(argv[1], out, &o, warnings, &error);
  print_warnings(warnings);
  return ok ? EXIT_OK : report(error);
}

static void
batch_print(const char *line, gboolean is_error, gpointer data)
{
  fprintf(is_error ? stderr : stdout, "%s\n", line);
  fflush(is_error ? stderr : stdout);
}

static gboolean
parse_shard(const char *s, int *k, int *n)
{
  char tail;
  return sscanf(s, "%d/%d%c", k, n, &tail) == 2 && *n >= 1 && *k >= 1 && *k <= *n;
}

/* "-j4" as make takes it: GOption reads a short option's value only from
 * the next argument, so "-j4" would be refused (or worse, eat the next
 * option as its number). Splits it into "-j" "4"; `own` keeps the text. */
static char **
split_jobs(int *argc, char **argv, GPtrArray *own)
{
  for (int i = 0; i < *argc; i++) {
    const char *a = argv[i];
    gboolean joined = g_str_has_prefix(a, "-j") && a[2] != '\0'
                      && strspn(a + 2, "0123456789") == strlen(a + 2);
    g_ptr_array_add(own, g_strdup(joined ? "-j" : a));
    if (joined)
      g_ptr_array_add(own, g_strdup(a + 2));
  }
  char **v = g_new0(char *, own->len + 1);
  memcpy(v, own->pdata, own->len * sizeof(char *));
  *argc = (int)own->len;
  return v;
}

static int
cmd_batch(int argc, char **argv)
{
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func(g_free);
  g_autofree char **args = split_jobs(&argc, argv, own);
  argv = args;
  g_autofree char *out = NULL, *shard = NULL, *report_path = NULL;
  int jobs = 0;
  gboolean force = FALSE, pdf_only = FALSE, epub_only = FALSE;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Output folder", "DIR" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Books built at once", "N" },
    { "shard", 0, 0, G_OPTION_ARG_STRING, &shard, "Build part K of N", "K/N" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Rebuild unchanged books", NULL },
    { "pdf-only", 0, 0, G_OPTION_ARG_NONE, &pdf_only, "Only PDFs", NULL },
    { "epub-only", 0, 0, G_OPTION_ARG_NONE, &epub_only, "Only EPUBs", NULL },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path, "Write a JSON report", "FILE" },
    { "template", 0, 0, G_OPTION_ARG_STRING, &opt_template, "Print template", "NAME" },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &opt_layout, "parallel|interleaved|facing", "L" },
    { NULL },
  };
  int code = EXIT_OK;
  if (!parse("batch", "CONTENT_DIR", entries, &argc, &argv, &code) || !valid_layout(&code))
    return code;
  if (argc != 2 || out == NULL)
    return usage_error("%s", "'batch' takes one CONTENT_DIR and --out DIR");
  if (pdf_only && epub_only)
    return usage_error("%s", "--pdf-only and --epub-only exclude each other");
  DgBatchOptions o = {
    .content_dir = argv[1], .out_dir = out, .jobs = jobs, .force = force,
    .pdf = !epub_only, .epub = !pdf_only, .report_path = report_path,
  };
  const char *ci_k = g_getenv("CI_NODE_INDEX"), *ci_n = g_getenv("CI_NODE_TOTAL");
  g_autofree char *ci_shard = ci_k && ci_n ? g_strdup_printf("%s/%s", ci_k, ci_n) : NULL;
  const char *spec = shard ? shard : ci_shard;
  if (spec && !parse_shard(spec, &o.shard_index, &o.shard_count))
    return usage_error("--shard must be K/N with 1 <= K <= N, not '%s'", spec);
  fill_build_options(&o.build);
  o.live = isatty(STDOUT_FILENO) && g_strcmp0(g_getenv("TERM"), "dumb") != 0;
  g_autoptr(GError) error = NULL;
  if (!dg_batch_run(&o, batch_print, NULL, &error))
    return report(error);
  return EXIT_OK;
}

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
} Command;

static const Command COMMANDS[] = {
  { "build", cmd_build }, { "check", cmd_check }, { "dump", cmd_dump },
  { "import", cmd_import }, { "batch", cmd_batch },
};

/* A build stopped by a signal removes its temporary files, then dies of
 * the same signal so the caller sees what happened. */
static void
on_fatal_signal(int sig)
{
  dg_output_remove_temporaries();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void
install_signal_cleanup(void)
{
  const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
  for (gsize i = 0; i < G_N_ELEMENTS(sigs); i++) {
    struct sigaction sa = { 0 };
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(sigs[i], &sa, NULL);
  }
}

int
main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  install_signal_cleanup();
  if (argc < 2)
    return usage_error("%s", "no command given");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    fputs(USAGE, stdout);
    return EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("diglot %s\n", DG_VERSION);
    return EXIT_OK;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(COMMANDS); i++)
    if (strcmp(argv[1], COMMANDS[i].name) == 0)
      return COMMANDS[i].run(argc - 1, argv + 1);
  return usage_error("unknown command '%s'", argv[1]);
}
