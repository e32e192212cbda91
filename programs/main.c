/* main.c: the winnow command: dispatches to one file per subcommand. */
#include <string.h>
#include <unistd.h>
#include "cli.h"

static const struct {
    const char *name;
    wn_cmd_fn fn;
    const char *summary;
} commands[] = {
    { "run", wn_cmd_run, "read inputs, run the stages, write kept/ dropped/ stats.json" },
    { "clean", wn_cmd_clean, "print the text of files with boilerplate lines removed" },
    { "langid", wn_cmd_langid, "predict the language of each line, as fasttext predict-prob" },
    { "dedup", wn_cmd_dedup, "remove exact, near (MinHash-LSH) and paragraph duplicates" },
    { "extract", wn_cmd_extract, "print the main content and metadata of HTML pages" },
    { "report", wn_cmd_report, "summarise runs' stats.json as text and an HTML page of charts" },
};

static void usage(FILE *f)
{
    fprintf(f, "winnow %s: web crawls to clean, deduplicated, language-labelled text\n\n"
               "usage: winnow COMMAND [OPTIONS] [INPUT...]\n\ncommands:\n", wn_version_string());
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'winnow COMMAND --help' lists a command's options.\n"
               "exit codes: 0 done, 1 done but more than --max-failed of the documents or inputs\n"
               "failed, 2 usage (nothing was done), 3 I/O error\n");
}

int main(int argc, char **argv)
{
    wn_cli_state.verbosity = 0;
    wn_cli_state.log_interval = 30;
    wn_run_timing_start(&wn_cli_state.timing);   /* stats.json's wall time is the command's */
    if (argc < 2) {
        usage(stderr);
        return WN_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return WN_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        /* the library's version, as a program using libwinnow would see it; the header's too
         * when they differ (a CLI built against another libwinnow than the one it runs with) */
        if (wn_version_number() != WN_VERSION_NUMBER)
            printf("winnow %s (built with winnow.h %s)\n", wn_version_string(), WN_VERSION_STRING);
        else
            printf("winnow %s\n", wn_version_string());
        return WN_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(argv[1], commands[i].name))
            continue;
        /* run and dedup split their work over MPI ranks; the other commands are per file */
        if (!strcmp(argv[1], "run") || !strcmp(argv[1], "dedup")) {
            int rc = wn_cli_mpi_start(&argc, &argv);
            if (rc >= 0)
                return rc;
            return wn_cli_mpi_end(commands[i].fn(argc - 1, argv + 1));
        }
        return commands[i].fn(argc - 1, argv + 1);
    }
    wn_cli_error("unknown command '%s' (see 'winnow --help')", argv[1]);
    return WN_EXIT_USAGE;
}
