/* replay.c — runs a libFuzzer harness over its committed seed corpus, so
 * every CI build (gcc, no libFuzzer) executes the harnesses too. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  GDir *dir = g_dir_open(argv[1], 0, NULL);
  if (dir == NULL) {
    fprintf(stderr, "%s: no corpus\n", argv[1]);
    return 1;
  }
  int n = 0;
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL) {
    char *path = g_build_filename(argv[1], name, NULL);
    char *data = NULL;
    gsize len = 0;
    if (g_file_get_contents(path, &data, &len, NULL)) {
      LLVMFuzzerTestOneInput((const uint8_t *)data, len);
      n++;
    }
    g_free(data);
    g_free(path);
  }
  g_dir_close(dir);
  printf("replayed %d inputs\n", n);
  return n > 0 ? 0 : 1;
}
