/* input.c: wn_input, the CLI's readers (winnow/io.h) one record at a time. A stream that
 * cannot be read on gives one FAILED document, as the pipeline counts it, and then its error. */
#include <string.h>
#include "api/api_impl.h"

struct wn_input {
    wn_config cfg;               /* the reader options point into it */
    wn_reader_opts opts;
    wn_reader *r;
    char *path;
    uint64_t records;
    wn_status ended;             /* after the stream failed: returned by the next call */
    char ended_msg[1024];
};

wn_status wn_input_open(wn_input **out, const char *path, const wn_config *cfg)
{
    if (!out)
        return wn_api_error(WN_ERR_USAGE, "wn_input_open: out is NULL");
    *out = NULL;
    if (!path)
        return wn_api_error(WN_ERR_USAGE, "wn_input_open: path is NULL");
    wn_input *in = wn_calloc(1, sizeof *in);
    if (!in || !(in->path = wn_strdup(path))) {
        wn_free(in);
        return wn_api_error(WN_ERR_NOMEM, "%s: out of memory", path);
    }
    if (cfg) {
        in->cfg = *cfg;
    } else {
        wn_config *def;
        if (wn_config_new(&def)) {
            wn_free(in->path);
            wn_free(in);
            return WN_ERR_NOMEM;
        }
        in->cfg = *def;
        wn_config_free(def);
    }
    wn_api_reader_opts(&in->cfg, &in->opts);
    char err[WN_API_PATH_CAP + 256] = "";
    wn_status st = wn_reader_open(&in->r, path, 0, &in->opts, err, sizeof err);
    if (st) {
        wn_free(in->path);
        wn_free(in);
        return wn_api_error(st, "%s", err[0] ? err : path);
    }
    *out = in;
    return WN_OK;
}

wn_status wn_input_next(wn_input *in, wn_document *w)
{
    if (!in || !w)
        return wn_api_error(WN_ERR_USAGE, "wn_input_next: NULL argument");
    wn_document_reset(w);
    if (in->ended)
        return in->ended == WN_END ? WN_END : wn_api_error(in->ended, "%s", in->ended_msg);
    wn_doc *d = w->d;
    wn_status st = wn_reader_next(in->r, d);
    if (st == WN_END) {
        in->ended = WN_END;
        return WN_END;
    }
    if (st) {
        /* as the pipeline does (pipeline.c, read_inputs): the loss is one failed record */
        const char *msg = wn_reader_error(in->r);
        snprintf(in->ended_msg, sizeof in->ended_msg, "%s", msg[0] ? msg : wn_strerror(st));
        in->ended = st;
        wn_doc_reset(d);
        wn_buf_set(&d->source, in->path, strlen(in->path));
        wn_buf_printf(&d->id, "%s:error", in->path);
        wn_doc_fail(d, wn_strerror(st), "%s", in->ended_msg);
    }
    w->html_in = d->kind == WN_KIND_HTML;
    in->records++;
    return WN_OK;
}

void wn_input_close(wn_input *in)
{
    if (!in)
        return;
    wn_reader_close(in->r);
    wn_free(in->path);
    wn_free(in);
}
