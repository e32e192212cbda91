/* _winnow.c: the CPython extension under the `winnow` package, written against include/winnow.h
 * only (the public C API), so that what Python sees is what a C caller gets.
 *
 * DESIGN. This layer is thin and strict: it converts Python objects to wn_* calls and back,
 * turns every wn_status into an exception carrying wn_last_error(), and releases the GIL
 * around everything that does work (extraction, filters, language ID, file runs). The friendly
 * API (keyword options, fastText's return types, Pipeline.run's batching) lives in
 * winnow/__init__.py. Objects:
 *   Config     a wn_config, set by CLI long names (values as text)
 *   Chain      a wn_chain plus one wn_document it reuses; process(dict) -> dict
 *   Batch      documents converted once, processed by N chain clones on N C threads with the
 *              GIL released, then converted back in input order (Pipeline.run)
 *   Input      wn_input as a Python iterator of dicts (winnow.read)
 *   LangModel  wn_lang_model: labels, predict one line, predict many lines
 * A C handle is used by one thread at a time (winnow.h): Chain and Input hold a lock while
 * C works without the GIL, so two Python threads sharing one object wait for each other
 * instead of racing; Config refuses changes while a call reads it without the GIL. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "winnow.h"

/* ---- exceptions ----------------------------------------------------------------------------
 * One class per wn_status, under winnow.Error, each also deriving from the built-in exception
 * a Python caller would catch for it (a bad option is a ValueError, an unreadable file an
 * OSError, no memory a MemoryError). The instance has .status (the number) and .code
 * (wn_strerror's name). */
static PyObject *Error, *OutOfMemoryError, *FileError, *FormatError, *TooLargeError,
    *TruncatedError, *UsageError, *UnsupportedError, *CorruptError, *TooDeepError,
    *TooManyElementsError, *CallbackError;

static PyObject *status_class(wn_status st)
{
    switch (st) {
    case WN_ERR_NOMEM: return OutOfMemoryError;
    case WN_ERR_IO: return FileError;
    case WN_ERR_FORMAT: return FormatError;
    case WN_ERR_TOO_LARGE: return TooLargeError;
    case WN_ERR_TRUNCATED: return TruncatedError;
    case WN_ERR_USAGE: return UsageError;
    case WN_ERR_UNSUPPORTED: return UnsupportedError;
    case WN_ERR_CORRUPT: return CorruptError;
    case WN_ERR_TOO_DEEP: return TooDeepError;
    case WN_ERR_TOO_MANY_ELEMENTS: return TooManyElementsError;
    case WN_ERR_CALLBACK: return CallbackError;
    default: return Error;
    }
}

/* raise_msg: raises the class of st with msg (wn_strerror's name when msg is empty or NULL). */
static PyObject *raise_msg(wn_status st, const char *msg)
{
    PyObject *cls = status_class(st);
    if (!msg || !*msg) msg = wn_strerror(st);
    PyObject *text = PyUnicode_DecodeUTF8(msg, (Py_ssize_t)strlen(msg), "replace");
    if (!text) return NULL;
    PyObject *exc = PyObject_CallOneArg(cls, text);
    Py_DECREF(text);
    if (!exc) return NULL;
    PyObject *num = PyLong_FromLong((long)st);
    if (!num || PyObject_SetAttrString(exc, "status", num) < 0) {
        Py_XDECREF(num);
        Py_DECREF(exc);
        return NULL;
    }
    Py_DECREF(num);
    PyErr_SetObject(cls, exc);
    Py_DECREF(exc);
    return NULL;
}

/* raise_status: raises for st with the calling thread's wn_last_error(). Call it on the thread
 * that made the failing call (the message is thread-local). */
static PyObject *raise_status(wn_status st)
{
    return raise_msg(st, wn_last_error());
}

/* new_exception: a class winnow._winnow.NAME with the given bases, .status and .code set. */
static PyObject *new_exception(PyObject *m, const char *name, PyObject *bases, int st,
                               const char *doc)
{
    char full[128];
    snprintf(full, sizeof full, "winnow.%s", name);
    PyObject *cls = PyErr_NewExceptionWithDoc(full, doc, bases, NULL);
    if (!cls) return NULL;
    PyObject *num = PyLong_FromLong(st);
    const char *code = st >= 0 ? wn_strerror((wn_status)st) : "error";
    PyObject *codes = PyUnicode_FromString(code);
    if (!num || !codes || PyObject_SetAttrString(cls, "status", num) < 0 ||
        PyObject_SetAttrString(cls, "code", codes) < 0 ||
        PyModule_AddObjectRef(m, name, cls) < 0) {
        Py_XDECREF(num);
        Py_XDECREF(codes);
        Py_DECREF(cls);
        return NULL;
    }
    Py_DECREF(num);
    Py_DECREF(codes);
    return cls;   /* one reference, kept in the static for the life of the process */
}

static int add_exceptions(PyObject *m)
{
    struct { PyObject **slot; const char *name; PyObject *b1, *b2; int st; const char *doc; } t[] = {
        { &OutOfMemoryError, "OutOfMemoryError", NULL, PyExc_MemoryError, WN_ERR_NOMEM,
          "An allocation failed." },
        { &FileError, "FileError", NULL, PyExc_OSError, WN_ERR_IO,
          "A file could not be opened, read or written (the system's reason in the message)." },
        { &FormatError, "FormatError", NULL, PyExc_ValueError, WN_ERR_FORMAT,
          "The bytes do not follow the format (bad JSON, bad header, bad model)." },
        { &TooLargeError, "TooLargeError", NULL, PyExc_ValueError, WN_ERR_TOO_LARGE,
          "Input or output over a size bound." },
        { &UsageError, "UsageError", NULL, PyExc_ValueError, WN_ERR_USAGE,
          "A bad argument, option name or option value." },
        { &UnsupportedError, "UnsupportedError", NULL, PyExc_ValueError, WN_ERR_UNSUPPORTED,
          "A valid but unsupported variant (version, codec)." },
        { &CallbackError, "CallbackError", NULL, NULL, WN_ERR_CALLBACK,
          "A callback returned an error: the run stopped." },
    };
    Error = new_exception(m, "Error", PyExc_Exception, -1,
                          "Base class of winnow's errors: .status is the wn_status number, "
                          ".code its name, str() the library's message.");
    if (!Error) return -1;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        PyObject *bases = t[i].b2 ? PyTuple_Pack(2, Error, t[i].b2) : PyTuple_Pack(1, Error);
        if (!bases) return -1;
        *t[i].slot = new_exception(m, t[i].name, bases, t[i].st, t[i].doc);
        Py_DECREF(bases);
        if (!*t[i].slot) return -1;
    }
    /* refinements: a truncated or corrupt input is a kind of bad format, too deep and too many
     * elements kinds of too large */
    if (!(TruncatedError = new_exception(m, "TruncatedError", FormatError, WN_ERR_TRUNCATED,
                                         "Input ended inside a record or compressed frame.")) ||
        !(CorruptError = new_exception(m, "CorruptError", FormatError, WN_ERR_CORRUPT,
                                       "A checksum or consistency check failed.")) ||
        !(TooDeepError = new_exception(m, "TooDeepError", TooLargeError, WN_ERR_TOO_DEEP,
                                       "Nesting deeper than the bound.")) ||
        !(TooManyElementsError = new_exception(m, "TooManyElementsError", TooLargeError,
                                               WN_ERR_TOO_MANY_ELEMENTS,
                                               "More elements than the bound per byte of input.")))
        return -1;
    return 0;
}

/* ---- bytes in -------------------------------------------------------------------------------
 * A text argument may be str (sent as UTF-8) or any contiguous buffer (bytes, bytearray,
 * memoryview: sent as is, in whatever charset; the library checks and repairs UTF-8). A str
 * holding surrogates (from a decode with errors="surrogateescape", as winnow.read returns
 * invalid input bytes) is encoded back with surrogateescape, so its original bytes reach the
 * library; other lone surrogates go as their 3-byte forms (surrogatepass), which the library
 * treats as the invalid UTF-8 they are. */
typedef struct {
    const char *p;
    Py_ssize_t n;
    Py_buffer view;
    int has_view;
    PyObject *owner;   /* an encoded bytes object, when one was made */
} in_bytes;

static int in_bytes_get(PyObject *o, const char *what, in_bytes *b)
{
    memset(b, 0, sizeof *b);
    if (PyUnicode_Check(o)) {
        b->p = PyUnicode_AsUTF8AndSize(o, &b->n);
        if (b->p) return 0;
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return -1;
        PyErr_Clear();
        b->owner = PyUnicode_AsEncodedString(o, "utf-8", "surrogateescape");
        if (!b->owner) {
            if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return -1;
            PyErr_Clear();
            b->owner = PyUnicode_AsEncodedString(o, "utf-8", "surrogatepass");
            if (!b->owner) return -1;
        }
        b->p = PyBytes_AS_STRING(b->owner);
        b->n = PyBytes_GET_SIZE(b->owner);
        return 0;
    }
    if (PyObject_CheckBuffer(o)) {
        if (PyObject_GetBuffer(o, &b->view, PyBUF_SIMPLE) < 0) return -1;
        b->has_view = 1;
        b->p = b->view.buf;
        b->n = b->view.len;
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s must be str or bytes, not %.100s", what,
                 Py_TYPE(o)->tp_name);
    return -1;
}

static void in_bytes_release(in_bytes *b)
{
    if (b->has_view) PyBuffer_Release(&b->view);
    Py_XDECREF(b->owner);
    memset(b, 0, sizeof *b);
}

/* set_field: d's field f from o (str or bytes). */
static int set_field(wn_document *d, wn_field f, PyObject *o, const char *what)
{
    in_bytes b;
    if (in_bytes_get(o, what, &b) < 0) return -1;
    wn_status st = wn_document_set(d, f, b.p, (size_t)b.n);
    in_bytes_release(&b);
    if (st != WN_OK) {
        raise_status(st);
        return -1;
    }
    return 0;
}

/* ---- json, through the interpreter's own module ------------------------------------------- */
static PyObject *json_dumps, *json_loads;

static int json_init(void)
{
    PyObject *json = PyImport_ImportModule("json");
    if (!json) return -1;
    json_dumps = PyObject_GetAttrString(json, "dumps");
    json_loads = PyObject_GetAttrString(json, "loads");
    Py_DECREF(json);
    return json_dumps && json_loads ? 0 : -1;
}

/* ---- documents: dicts in, dicts out --------------------------------------------------------
 * In: "html" (str/bytes, a page to extract) else "text" (str/bytes), "id" (str or int), "url",
 * "source", "content_type" (str), "metadata" (a dict, sent as JSON, or a JSON object's text).
 * Out: a copy of the input dict with "text", "metadata" (a dict), "status" ("kept", "dropped",
 * "failed") and "reason" (None when kept), "id"/"url"/"source" when the document has them;
 * "html" is left out (the page became "text"). Other keys pass through untouched, as
 * datatrove's Document keeps its own fields. */
static const char *const status_names[] = { "kept", "dropped", "failed" };

/* doc_failed: 1 when the dict is a record its reader could not read (winnow.read gives it
 * "status": "failed"): it passes through a chain unchanged, as the CLI writes such a record
 * to dropped/ as it read it; 0 otherwise, -1 with an exception. */
static int doc_failed(PyObject *dict)
{
    if (!PyDict_Check(dict)) {
        PyErr_Format(PyExc_TypeError, "a document must be a dict, not %.100s",
                     Py_TYPE(dict)->tp_name);
        return -1;
    }
    PyObject *st = PyDict_GetItemString(dict, "status");
    if (!st || !PyUnicode_Check(st)) return 0;
    return PyUnicode_CompareWithASCIIString(st, "failed") == 0;
}

static int doc_from_dict(wn_document *d, PyObject *dict)
{
    if (!PyDict_Check(dict)) {
        PyErr_Format(PyExc_TypeError, "a document must be a dict, not %.100s",
                     Py_TYPE(dict)->tp_name);
        return -1;
    }
    wn_document_reset(d);
    PyObject *o = PyDict_GetItemString(dict, "html");   /* borrowed */
    if (o && o != Py_None) {
        if (set_field(d, WN_FIELD_HTML, o, "document['html']") < 0) return -1;
        /* a str page reaches the library as UTF-8, whatever its <meta> says: say so as an
         * HTTP header would (it outranks <meta>), unless the caller gives a content type */
        PyObject *ct = PyDict_GetItemString(dict, "content_type");
        static const char utf8[] = "text/html; charset=utf-8";
        if (PyUnicode_Check(o) && (!ct || ct == Py_None)) {
            wn_status st = wn_document_set(d, WN_FIELD_CONTENT_TYPE, utf8, sizeof utf8 - 1);
            if (st != WN_OK) {
                raise_status(st);
                return -1;
            }
        }
    } else {
        o = PyDict_GetItemString(dict, "text");
        if (!o || o == Py_None) {
            PyErr_SetString(PyExc_KeyError, "a document needs a 'text' (or 'html') value");
            return -1;
        }
        if (set_field(d, WN_FIELD_TEXT, o, "document['text']") < 0) return -1;
    }
    o = PyDict_GetItemString(dict, "id");
    if (o && o != Py_None) {
        if (PyLong_Check(o)) {
            PyObject *s = PyObject_Str(o);
            if (!s) return -1;
            int r = set_field(d, WN_FIELD_ID, s, "document['id']");
            Py_DECREF(s);
            if (r < 0) return -1;
        } else if (set_field(d, WN_FIELD_ID, o, "document['id']") < 0) {
            return -1;
        }
    }
    static const struct { const char *key; wn_field f; } simple[] = {
        { "url", WN_FIELD_URL }, { "source", WN_FIELD_SOURCE },
        { "content_type", WN_FIELD_CONTENT_TYPE },
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
        o = PyDict_GetItemString(dict, simple[i].key);
        if (o && o != Py_None) {
            char what[48];
            snprintf(what, sizeof what, "document['%s']", simple[i].key);
            if (set_field(d, simple[i].f, o, what) < 0) return -1;
        }
    }
    o = PyDict_GetItemString(dict, "metadata");
    if (o && o != Py_None) {
        if (PyDict_Check(o)) {
            if (PyDict_GET_SIZE(o) > 0) {
                /* ensure_ascii (the default) makes any str, lone surrogates too, plain ASCII
                 * JSON with \u escapes, which the library decodes */
                PyObject *js = PyObject_CallOneArg(json_dumps, o);
                if (!js) return -1;
                int r = set_field(d, WN_FIELD_METADATA, js, "document['metadata']");
                Py_DECREF(js);
                if (r < 0) return -1;
            }
        } else if (PyUnicode_Check(o) || PyBytes_Check(o)) {
            if (set_field(d, WN_FIELD_METADATA, o, "document['metadata']") < 0) return -1;
        } else {
            PyErr_Format(PyExc_TypeError, "document['metadata'] must be a dict, not %.100s",
                         Py_TYPE(o)->tp_name);
            return -1;
        }
    }
    return 0;
}

/* field_str: a field as str ("replace" for output text, which the library keeps valid UTF-8;
 * surrogateescape for input records, whose bytes may be anything and must round-trip). */
static PyObject *field_str(const wn_document *d, wn_field f, const char *errors)
{
    size_t n = 0;
    const char *p = wn_document_get(d, f, &n);
    return PyUnicode_DecodeUTF8(p ? p : "", (Py_ssize_t)n, errors);
}

static int dict_put(PyObject *dict, const char *key, PyObject *v)
{
    if (!v) return -1;
    int r = PyDict_SetItemString(dict, key, v);
    Py_DECREF(v);
    return r;
}

/* put_field: dict[key] = the field as str, when the field is not empty. */
static int put_field(PyObject *dict, const char *key, const wn_document *d, wn_field f,
                     const char *errors)
{
    size_t n = 0;
    wn_document_get(d, f, &n);
    if (n == 0) return 0;
    return dict_put(dict, key, field_str(d, f, errors));
}

static PyObject *metadata_dict(const wn_document *d)
{
    size_t n = 0;
    const char *p = wn_document_get(d, WN_FIELD_METADATA, &n);
    if (n == 0 || (n == 2 && p[0] == '{' && p[1] == '}')) return PyDict_New();   /* the usual */
    PyObject *s = PyUnicode_DecodeUTF8(p, (Py_ssize_t)n, "replace");
    if (!s) return NULL;
    PyObject *m = PyObject_CallOneArg(json_loads, s);
    Py_DECREF(s);
    return m;
}

/* doc_result: the dict for a processed document; base (the input dict) may be NULL. */
static PyObject *doc_result(const wn_document *d, PyObject *base)
{
    PyObject *out = base ? PyDict_Copy(base) : PyDict_New();
    if (!out) return NULL;
    if (base && PyDict_GetItemString(out, "html") && PyDict_DelItemString(out, "html") < 0)
        goto fail;
    wn_doc_status ds = wn_document_status(d);
    const char *reason = wn_document_reason(d);
    if (dict_put(out, "text", field_str(d, WN_FIELD_TEXT, "replace")) < 0 ||
        put_field(out, "id", d, WN_FIELD_ID, "replace") < 0 ||
        put_field(out, "url", d, WN_FIELD_URL, "replace") < 0 ||
        put_field(out, "source", d, WN_FIELD_SOURCE, "replace") < 0 ||
        (!base && put_field(out, "content_type", d, WN_FIELD_CONTENT_TYPE, "replace") < 0) ||
        dict_put(out, "metadata", metadata_dict(d)) < 0 ||
        dict_put(out, "status", PyUnicode_FromString(
                     (unsigned)ds < 3 ? status_names[ds] : "failed")) < 0)
        goto fail;
    if (reason) {
        if (dict_put(out, "reason", PyUnicode_DecodeUTF8(reason, (Py_ssize_t)strlen(reason),
                                                         "replace")) < 0)
            goto fail;
    } else if (PyDict_SetItemString(out, "reason", Py_None) < 0) {
        goto fail;
    }
    /* a failed document says what failed and where, as the CLI's "error" */
    if (put_field(out, "error", d, WN_FIELD_ERROR, "replace") < 0)
        goto fail;
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* no_args: 1 when a constructor got no argument, else 0 with TypeError. */
static int no_args(const char *name, PyObject *args, PyObject *kw)
{
    if (PyTuple_GET_SIZE(args) == 0 && (!kw || PyDict_GET_SIZE(kw) == 0)) return 1;
    PyErr_Format(PyExc_TypeError, "%s() takes no arguments", name);
    return 0;
}

/* ---- Config ---------------------------------------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    wn_config *cfg;
    int readers;   /* calls reading cfg without the GIL: set() waits for none */
} ConfigObject;

static PyTypeObject ConfigType;

static PyObject *Config_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    if (!no_args("Config", args, kw)) return NULL;
    ConfigObject *self = (ConfigObject *)type->tp_alloc(type, 0);
    if (!self) return NULL;
    wn_status st = wn_config_new(&self->cfg);
    if (st != WN_OK) {
        Py_DECREF(self);
        return raise_status(st);
    }
    return (PyObject *)self;
}

static void Config_dealloc(ConfigObject *self)
{
    wn_config_free(self->cfg);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Config_set(ConfigObject *self, PyObject *args)
{
    const char *key, *value;
    if (!PyArg_ParseTuple(args, "ss:set", &key, &value)) return NULL;
    if (self->readers > 0) {
        PyErr_SetString(PyExc_RuntimeError, "Config changed while a run reads it");
        return NULL;
    }
    wn_status st = wn_config_set(self->cfg, key, value);
    if (st != WN_OK) return raise_status(st);
    Py_RETURN_NONE;
}

static PyMethodDef Config_methods[] = {
    { "set", (PyCFunction)Config_set, METH_VARARGS,
      "set(key, value): one option by the CLI's long name ('_' or '-'), value as text." },
    { NULL, NULL, 0, NULL },
};

static PyTypeObject ConfigType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "winnow._winnow.Config",
    .tp_basicsize = sizeof(ConfigObject),
    .tp_dealloc = (destructor)Config_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Config(): a wn_config; set(key, value) by the CLI's long option names.",
    .tp_methods = Config_methods,
    .tp_new = Config_new,
};

/* ---- Chain ----------------------------------------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    wn_chain *ch;
    wn_document *doc;           /* reused by process() */
    PyThread_type_lock lock;    /* held while C uses ch or doc without the GIL */
} ChainObject;

static PyTypeObject ChainType;

/* lock_nogil: takes lock, waiting with the GIL released (another Python thread holding the
 * lock may need the GIL to finish). */
static void lock_nogil(PyThread_type_lock lock)
{
    if (PyThread_acquire_lock(lock, NOWAIT_LOCK)) return;
    Py_BEGIN_ALLOW_THREADS
    PyThread_acquire_lock(lock, WAIT_LOCK);
    Py_END_ALLOW_THREADS
}

static ChainObject *chain_alloc(PyTypeObject *type)
{
    ChainObject *self = (ChainObject *)type->tp_alloc(type, 0);
    if (!self) return NULL;
    self->lock = PyThread_allocate_lock();
    if (!self->lock) {
        Py_DECREF(self);
        PyErr_NoMemory();
        return NULL;
    }
    wn_status st = wn_document_new(&self->doc);
    if (st != WN_OK) {
        Py_DECREF(self);
        raise_status(st);
        return NULL;
    }
    return self;
}

static PyObject *Chain_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "config", NULL };
    PyObject *cfg;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!:Chain", kwlist, &ConfigType, &cfg))
        return NULL;
    ChainObject *self = chain_alloc(type);
    if (!self) return NULL;
    /* the GIL stays held: the config must not change while it is read, and loading the
     * model and stop words happens once per chain */
    wn_status st = wn_chain_new(&self->ch, ((ConfigObject *)cfg)->cfg);
    if (st != WN_OK) {
        Py_DECREF(self);
        return raise_status(st);
    }
    return (PyObject *)self;
}

static void Chain_dealloc(ChainObject *self)
{
    wn_chain_free(self->ch);
    wn_document_free(self->doc);
    if (self->lock) PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Chain_clone(ChainObject *self, PyObject *unused)
{
    ChainObject *c = chain_alloc(Py_TYPE(self));
    if (!c) return NULL;
    lock_nogil(self->lock);
    wn_status st = wn_chain_clone(&c->ch, self->ch);
    PyThread_release_lock(self->lock);
    if (st != WN_OK) {
        Py_DECREF(c);
        return raise_status(st);
    }
    return (PyObject *)c;
}

static PyObject *Chain_process(ChainObject *self, PyObject *dict)
{
    int failed = doc_failed(dict);
    if (failed < 0) return NULL;
    if (failed) return PyDict_Copy(dict);
    lock_nogil(self->lock);
    PyObject *out = NULL;
    if (doc_from_dict(self->doc, dict) == 0) {
        wn_status st;
        char msg[512] = "";
        Py_BEGIN_ALLOW_THREADS
        st = wn_chain_process(self->ch, self->doc);
        if (st != WN_OK) snprintf(msg, sizeof msg, "%s", wn_last_error());
        Py_END_ALLOW_THREADS
        out = st == WN_OK ? doc_result(self->doc, dict) : raise_msg(st, msg);
    }
    wn_document_reset(self->doc);   /* drop the page's memory use down to the arena's */
    PyThread_release_lock(self->lock);
    return out;
}

static PyMethodDef Chain_methods[] = {
    { "clone", (PyCFunction)Chain_clone, METH_NOARGS,
      "clone(): a chain for another thread, sharing the loaded model and stop words." },
    { "process", (PyCFunction)Chain_process, METH_O,
      "process(doc: dict) -> dict: runs the stages (GIL released); see winnow.Pipeline." },
    { NULL, NULL, 0, NULL },
};

static PyTypeObject ChainType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "winnow._winnow.Chain",
    .tp_basicsize = sizeof(ChainObject),
    .tp_dealloc = (destructor)Chain_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Chain(config): the configured stages, built once (wn_chain).",
    .tp_methods = Chain_methods,
    .tp_new = Chain_new,
};

/* Input's object, here because Batch reads from it too (Pipeline.run(winnow.read(path))). */
typedef struct {
    PyObject_HEAD
    wn_input *in;
    wn_document *doc;
    PyThread_type_lock lock;
    int done;
    wn_status pending;       /* an error met by Batch.fill_from after records it returned */
    char pending_msg[512];
} InputObject;

static PyTypeObject InputType;
static PyObject *input_record(const wn_document *d);

/* ---- Batch: many documents on N C threads ---------------------------------------------------
 * fill() converts dicts to wn_documents (GIL held), process(chains) runs them on one C thread
 * per chain with the GIL released (each thread takes the next unprocessed document: the
 * order of results does not depend on which thread took which), results() converts them back
 * in input order. A Batch keeps its documents between fills, so their buffers are reused. */
typedef struct {
    PyObject_HEAD
    wn_document **docs;
    char *skip;              /* skip[i]: a failed record, passed through as it is */
    Py_ssize_t cap, n;
    PyObject *inputs;        /* the input dicts of the current fill (a list), or NULL when
                              * filled from an Input */
    int processed;
    PyThread_type_lock lock; /* held by process() */
} BatchObject;

typedef struct {
    wn_chain *ch;
    BatchObject *b;
    atomic_size_t *next;
    wn_status st;
    char msg[512];
} batch_worker;

static void *batch_work(void *arg)
{
    batch_worker *w = arg;
    for (;;) {
        size_t i = atomic_fetch_add(w->next, 1);
        if (i >= (size_t)w->b->n) break;
        if (w->b->skip[i]) continue;
        wn_status st = wn_chain_process(w->ch, w->b->docs[i]);
        if (st != WN_OK) {   /* the chain itself failed (no memory): stop this worker */
            w->st = st;
            snprintf(w->msg, sizeof w->msg, "%s", wn_last_error());
            break;
        }
    }
    return NULL;
}

static void Batch_clear(BatchObject *self)
{
    Py_CLEAR(self->inputs);
    self->n = 0;
    self->processed = 0;
}

static PyObject *Batch_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    if (!no_args("Batch", args, kw)) return NULL;
    BatchObject *self = (BatchObject *)type->tp_alloc(type, 0);
    if (!self) return NULL;
    self->lock = PyThread_allocate_lock();
    if (!self->lock) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    return (PyObject *)self;
}

static void Batch_dealloc(BatchObject *self)
{
    Batch_clear(self);
    for (Py_ssize_t i = 0; i < self->cap; i++) wn_document_free(self->docs[i]);
    PyMem_Free(self->docs);
    PyMem_Free(self->skip);
    if (self->lock) PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* batch_reserve: room for n documents. */
static int batch_reserve(BatchObject *self, Py_ssize_t n)
{
    if (n <= self->cap) return 0;
    wn_document **docs = PyMem_Realloc(self->docs, (size_t)n * sizeof *docs);
    if (docs) self->docs = docs;
    char *skip = docs ? PyMem_Realloc(self->skip, (size_t)n) : NULL;
    if (!skip) {
        PyErr_NoMemory();
        return -1;
    }
    self->skip = skip;
    for (; self->cap < n; self->cap++) {
        wn_status st = wn_document_new(&self->docs[self->cap]);
        if (st != WN_OK) {
            raise_status(st);
            return -1;
        }
    }
    return 0;
}

static PyObject *Batch_fill(BatchObject *self, PyObject *seq)
{
    if (!PyList_Check(seq)) {
        PyErr_Format(PyExc_TypeError, "fill() takes a list, not %.100s", Py_TYPE(seq)->tp_name);
        return NULL;
    }
    if (!PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
        PyErr_SetString(PyExc_RuntimeError, "Batch is being processed");
        return NULL;
    }
    Batch_clear(self);
    PyObject *items = PyList_GetSlice(seq, 0, PyList_GET_SIZE(seq));   /* a stable copy */
    if (!items) goto fail;
    Py_ssize_t n = PyList_GET_SIZE(items);
    if (batch_reserve(self, n) < 0) goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *dict = PyList_GET_ITEM(items, i);
        int failed = doc_failed(dict);
        if (failed < 0) goto fail;
        self->skip[i] = (char)failed;
        if (!failed && doc_from_dict(self->docs[i], dict) < 0) goto fail;
    }
    self->inputs = items;
    self->n = n;
    PyThread_release_lock(self->lock);
    Py_RETURN_NONE;
fail:
    Py_XDECREF(items);
    Batch_clear(self);
    PyThread_release_lock(self->lock);
    return NULL;
}

/* fill_from(input, n) -> count: up to n records read straight into the batch (the GIL
 * released, no dict made on the way in): what Pipeline.run does with winnow.read(path). A
 * record the reader could not read is passed through as it is. An error that ends the input
 * after some records is raised by the next call. */
static PyObject *Batch_fill_from(BatchObject *self, PyObject *args)
{
    InputObject *in;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "O!n:fill_from", &InputType, &in, &n)) return NULL;
    if (n < 1 || n > (1 << 20)) {
        PyErr_SetString(PyExc_ValueError, "fill_from: n must be from 1 to 2^20");
        return NULL;
    }
    if (!PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
        PyErr_SetString(PyExc_RuntimeError, "Batch is being processed");
        return NULL;
    }
    if (!PyThread_acquire_lock(in->lock, NOWAIT_LOCK)) {
        PyThread_release_lock(self->lock);
        PyErr_SetString(PyExc_RuntimeError, "Input is being read by another thread");
        return NULL;
    }
    PyObject *ret = NULL;
    Batch_clear(self);
    if (in->pending != WN_OK) {
        wn_status st = in->pending;
        in->pending = WN_OK;
        raise_msg(st, in->pending_msg);
        goto done;
    }
    if (batch_reserve(self, n) < 0) goto done;
    Py_ssize_t got = 0;
    if (!in->done) {
        wn_status st = WN_OK;
        Py_BEGIN_ALLOW_THREADS
        for (; got < n; got++) {
            st = wn_input_next(in->in, self->docs[got]);
            if (st != WN_OK) break;
            self->skip[got] = wn_document_status(self->docs[got]) == WN_DOC_FAILED;
        }
        if (st != WN_OK && st != WN_END) snprintf(in->pending_msg, sizeof in->pending_msg, "%s", wn_last_error());
        Py_END_ALLOW_THREADS
        if (st != WN_OK) {
            in->done = 1;
            if (st != WN_END) in->pending = st;
        }
    }
    if (got == 0 && in->pending != WN_OK) {
        wn_status st = in->pending;
        in->pending = WN_OK;
        raise_msg(st, in->pending_msg);
        goto done;
    }
    self->n = got;
    ret = PyLong_FromSsize_t(got);
done:
    PyThread_release_lock(in->lock);
    PyThread_release_lock(self->lock);
    return ret;
}

/* process(chains): chains is a tuple of distinct Chain objects, one per thread. */
static PyObject *Batch_process(BatchObject *self, PyObject *chains)
{
    if (!PyTuple_Check(chains) || PyTuple_GET_SIZE(chains) < 1 || PyTuple_GET_SIZE(chains) > 1024) {
        PyErr_SetString(PyExc_TypeError, "process() takes a tuple of 1 to 1024 Chain objects");
        return NULL;
    }
    Py_ssize_t nt = PyTuple_GET_SIZE(chains);
    for (Py_ssize_t i = 0; i < nt; i++) {
        if (!PyObject_TypeCheck(PyTuple_GET_ITEM(chains, i), &ChainType)) {
            PyErr_SetString(PyExc_TypeError, "process() takes a tuple of Chain objects");
            return NULL;
        }
        for (Py_ssize_t j = 0; j < i; j++)
            if (PyTuple_GET_ITEM(chains, j) == PyTuple_GET_ITEM(chains, i)) {
                PyErr_SetString(PyExc_ValueError, "process() needs a distinct Chain per thread");
                return NULL;
            }
    }
    if (!PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
        PyErr_SetString(PyExc_RuntimeError, "Batch is being processed");
        return NULL;
    }
    if (self->processed || self->n == 0) {
        PyThread_release_lock(self->lock);
        Py_RETURN_NONE;
    }
    batch_worker *w = PyMem_Calloc((size_t)nt, sizeof *w);
    pthread_t *tids = PyMem_Calloc((size_t)nt, sizeof *tids);
    if (!w || !tids) {
        PyMem_Free(w);
        PyMem_Free(tids);
        PyThread_release_lock(self->lock);
        return PyErr_NoMemory();
    }
    Py_INCREF(chains);   /* the chains outlive the threads that use them */
    for (Py_ssize_t i = 0; i < nt; i++) lock_nogil(((ChainObject *)PyTuple_GET_ITEM(chains, i))->lock);
    atomic_size_t next = 0;
    Py_ssize_t started = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < nt; i++) {
        w[i].ch = ((ChainObject *)PyTuple_GET_ITEM(chains, i))->ch;
        w[i].b = self;
        w[i].next = &next;
    }
    /* threads 1..nt-1 on new C threads, thread 0 on this one; a thread that cannot be
     * started only means fewer workers: the others take its documents */
    for (Py_ssize_t i = 1; i < nt; i++) {
        if (pthread_create(&tids[i], NULL, batch_work, &w[i]) != 0) break;
        started = i;
    }
    batch_work(&w[0]);
    for (Py_ssize_t i = 1; i <= started; i++) pthread_join(tids[i], NULL);
    Py_END_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < nt; i++) PyThread_release_lock(((ChainObject *)PyTuple_GET_ITEM(chains, i))->lock);
    Py_DECREF(chains);
    PyObject *ret = Py_None;
    for (Py_ssize_t i = 0; i < nt; i++)
        if (w[i].st != WN_OK) {
            ret = raise_msg(w[i].st, w[i].msg);
            break;
        }
    PyMem_Free(w);
    PyMem_Free(tids);
    if (ret) self->processed = 1;
    PyThread_release_lock(self->lock);
    if (!ret) return NULL;
    Py_RETURN_NONE;
}

static PyObject *Batch_results(BatchObject *self, PyObject *unused)
{
    if (!PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
        PyErr_SetString(PyExc_RuntimeError, "Batch is being processed");
        return NULL;
    }
    PyObject *out = NULL;
    if (self->n > 0 && !self->processed) {
        PyErr_SetString(PyExc_RuntimeError, "results() before process()");
        goto done;
    }
    out = PyList_New(self->n);
    if (!out) goto done;
    for (Py_ssize_t i = 0; i < self->n; i++) {
        PyObject *r;
        if (self->inputs) {
            PyObject *in = PyList_GET_ITEM(self->inputs, i);
            r = self->skip[i] ? PyDict_Copy(in) : doc_result(self->docs[i], in);
        } else {
            r = self->skip[i] ? input_record(self->docs[i]) : doc_result(self->docs[i], NULL);
        }
        if (!r) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, i, r);
    }
    for (Py_ssize_t i = 0; i < self->n; i++) wn_document_reset(self->docs[i]);
    Batch_clear(self);
done:
    PyThread_release_lock(self->lock);
    return out;
}

static PyObject *Batch_len(BatchObject *self, PyObject *unused)
{
    return PyLong_FromSsize_t(self->n);
}

static PyMethodDef Batch_methods[] = {
    { "fill", (PyCFunction)Batch_fill, METH_O, "fill(list of dicts): converts the documents." },
    { "fill_from", (PyCFunction)Batch_fill_from, METH_VARARGS,
      "fill_from(Input, n) -> count: up to n records read straight in (GIL released)." },
    { "process", (PyCFunction)Batch_process, METH_O,
      "process(tuple of Chain): one C thread per chain, GIL released." },
    { "results", (PyCFunction)Batch_results, METH_NOARGS,
      "results() -> list of dicts, in input order; empties the batch." },
    { "size", (PyCFunction)Batch_len, METH_NOARGS, "documents filled" },
    { NULL, NULL, 0, NULL },
};

static PyTypeObject BatchType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "winnow._winnow.Batch",
    .tp_basicsize = sizeof(BatchObject),
    .tp_dealloc = (destructor)Batch_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Batch(): documents processed together on C threads (Pipeline.run).",
    .tp_methods = Batch_methods,
    .tp_new = Batch_new,
};

/* ---- Input ----------------------------------------------------------------------------------- */

static PyObject *Input_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "path", "config", NULL };
    PyObject *path = NULL, *cfg = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|O:Input", kwlist, PyUnicode_FSConverter,
                                     &path, &cfg))
        return NULL;
    if (cfg != Py_None && !PyObject_TypeCheck(cfg, &ConfigType)) {
        Py_DECREF(path);
        PyErr_SetString(PyExc_TypeError, "config must be a Config or None");
        return NULL;
    }
    InputObject *self = (InputObject *)type->tp_alloc(type, 0);
    if (!self) {
        Py_DECREF(path);
        return NULL;
    }
    self->lock = PyThread_allocate_lock();
    wn_status st = self->lock ? wn_document_new(&self->doc) : WN_ERR_NOMEM;
    if (st == WN_OK) {
        const wn_config *c = cfg == Py_None ? NULL : ((ConfigObject *)cfg)->cfg;
        st = wn_input_open(&self->in, PyBytes_AS_STRING(path), c);
    }
    Py_DECREF(path);
    if (st != WN_OK) {
        Py_DECREF(self);
        return raise_status(st);
    }
    return (PyObject *)self;
}

static void Input_dealloc(InputObject *self)
{
    wn_input_close(self->in);
    wn_document_free(self->doc);
    if (self->lock) PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* input_record: a read record as a dict: "html" (bytes: any charset, for a chain to detect)
 * or "text" (str: its bytes decoded with surrogateescape, so invalid input round-trips to the
 * same bytes), id, url, source, content_type, metadata, and status/reason for a record that
 * could not be read. */
static PyObject *input_record(const wn_document *d)
{
    PyObject *out = PyDict_New();
    if (!out) return NULL;
    size_t hn = 0;
    const char *hp = wn_document_get(d, WN_FIELD_HTML, &hn);   /* "" unless a page */
    int r = hn > 0 ? dict_put(out, "html", PyBytes_FromStringAndSize(hp, (Py_ssize_t)hn))
                   : dict_put(out, "text", field_str(d, WN_FIELD_TEXT, "surrogateescape"));
    if (r < 0 || put_field(out, "id", d, WN_FIELD_ID, "surrogateescape") < 0 ||
        put_field(out, "url", d, WN_FIELD_URL, "surrogateescape") < 0 ||
        put_field(out, "source", d, WN_FIELD_SOURCE, "surrogateescape") < 0 ||
        put_field(out, "content_type", d, WN_FIELD_CONTENT_TYPE, "surrogateescape") < 0 ||
        dict_put(out, "metadata", metadata_dict(d)) < 0)
        goto fail;
    wn_doc_status ds = wn_document_status(d);
    if (ds != WN_DOC_KEPT) {
        const char *reason = wn_document_reason(d);
        if (dict_put(out, "status", PyUnicode_FromString((unsigned)ds < 3 ? status_names[ds]
                                                                           : "failed")) < 0 ||
            dict_put(out, "reason", PyUnicode_FromString(reason ? reason : "")) < 0 ||
            put_field(out, "error", d, WN_FIELD_ERROR, "replace") < 0)
            goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyObject *Input_next(InputObject *self)
{
    if (!PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
        PyErr_SetString(PyExc_RuntimeError, "Input is being read by another thread");
        return NULL;
    }
    PyObject *out = NULL;
    if (self->pending != WN_OK) {
        wn_status st = self->pending;
        self->pending = WN_OK;
        raise_msg(st, self->pending_msg);
    } else if (!self->done) {
        wn_status st;
        char msg[512] = "";
        Py_BEGIN_ALLOW_THREADS
        st = wn_input_next(self->in, self->doc);
        if (st != WN_OK && st != WN_END) snprintf(msg, sizeof msg, "%s", wn_last_error());
        Py_END_ALLOW_THREADS
        if (st == WN_OK) {
            out = input_record(self->doc);
        } else {
            self->done = 1;   /* WN_END, or an error that ends the input */
            if (st != WN_END) raise_msg(st, msg);
        }
        wn_document_reset(self->doc);
    }
    PyThread_release_lock(self->lock);
    return out;   /* NULL without an exception: StopIteration */
}

static PyObject *Input_close(InputObject *self, PyObject *unused)
{
    if (!PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
        PyErr_SetString(PyExc_RuntimeError, "Input is being read by another thread");
        return NULL;
    }
    wn_input_close(self->in);
    self->in = NULL;
    self->done = 1;
    PyThread_release_lock(self->lock);
    Py_RETURN_NONE;
}

static PyMethodDef Input_methods[] = {
    { "close", (PyCFunction)Input_close, METH_NOARGS, "close(): closes the file now." },
    { NULL, NULL, 0, NULL },
};

static PyTypeObject InputType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "winnow._winnow.Input",
    .tp_basicsize = sizeof(InputObject),
    .tp_dealloc = (destructor)Input_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Input(path, config=None): records of any file the CLI reads, as dicts.",
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)Input_next,
    .tp_methods = Input_methods,
    .tp_new = Input_new,
};

/* ---- LangModel ------------------------------------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    wn_lang_model *m;
    PyObject *labels;   /* tuple of str, index i = wn_lang_model_label(m, i) */
} LangModelObject;

static PyObject *LangModel_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "path", NULL };
    PyObject *arg = Py_None, *path = NULL;   /* None: the default model */
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O:LangModel", kwlist, &arg)) return NULL;
    if (arg != Py_None && !PyUnicode_FSConverter(arg, &path)) return NULL;
    LangModelObject *self = (LangModelObject *)type->tp_alloc(type, 0);
    if (!self) {
        Py_XDECREF(path);
        return NULL;
    }
    wn_status st;
    char msg[512] = "";
    const char *p = path ? PyBytes_AS_STRING(path) : NULL;
    Py_BEGIN_ALLOW_THREADS
    st = wn_lang_model_open(&self->m, p);
    if (st != WN_OK) snprintf(msg, sizeof msg, "%s", wn_last_error());
    Py_END_ALLOW_THREADS
    Py_XDECREF(path);
    if (st != WN_OK) {
        Py_DECREF(self);
        return raise_msg(st, msg);
    }
    size_t n = wn_lang_model_labels(self->m);
    self->labels = PyTuple_New((Py_ssize_t)n);
    if (!self->labels) {
        Py_DECREF(self);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const char *l = wn_lang_model_label(self->m, i);
        /* fastText's Python module decodes labels strictly */
        PyObject *s = PyUnicode_DecodeUTF8(l ? l : "", l ? (Py_ssize_t)strlen(l) : 0, "strict");
        if (!s) {
            Py_DECREF(self);
            return NULL;
        }
        PyTuple_SET_ITEM(self->labels, (Py_ssize_t)i, s);
    }
    return (PyObject *)self;
}

static void LangModel_dealloc(LangModelObject *self)
{
    Py_XDECREF(self->labels);
    wn_lang_model_free(self->m);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* label_obj: the cached str of a guess's label (the model's pointer). */
static PyObject *label_obj(LangModelObject *self, const char *label)
{
    Py_ssize_t n = PyTuple_GET_SIZE(self->labels);
    for (Py_ssize_t i = 0; i < n; i++)
        if (wn_lang_model_label(self->m, (size_t)i) == label) {
            PyObject *s = PyTuple_GET_ITEM(self->labels, i);
            Py_INCREF(s);
            return s;
        }
    return PyUnicode_DecodeUTF8(label, (Py_ssize_t)strlen(label), "strict");
}

/* guesses_obj: ([labels], [probs]) of n guesses, as two lists (the probabilities are fastText's
 * floats, widened to Python floats exactly). */
static PyObject *guesses_obj(LangModelObject *self, const wn_lang_guess *g, size_t n)
{
    PyObject *labels = PyList_New((Py_ssize_t)n), *probs = PyList_New((Py_ssize_t)n);
    if (!labels || !probs) goto fail;
    for (size_t i = 0; i < n; i++) {
        PyObject *l = label_obj(self, g[i].label), *p = PyFloat_FromDouble((double)g[i].prob);
        if (!l || !p) {
            Py_XDECREF(l);
            Py_XDECREF(p);
            goto fail;
        }
        PyList_SET_ITEM(labels, (Py_ssize_t)i, l);
        PyList_SET_ITEM(probs, (Py_ssize_t)i, p);
    }
    PyObject *t = PyTuple_Pack(2, labels, probs);
    Py_DECREF(labels);
    Py_DECREF(probs);
    return t;
fail:
    Py_XDECREF(labels);
    Py_XDECREF(probs);
    return NULL;
}

/* room: guesses a prediction can return (k < 0: every label). */
static size_t room(const LangModelObject *self, int k)
{
    size_t n = wn_lang_model_labels(self->m);
    return k < 0 || (size_t)k > n ? n : (size_t)k;
}

static PyObject *LangModel_predict(LangModelObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "text", "k", "threshold", NULL };
    PyObject *text;
    int k = 1;
    float threshold = 0.0f;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|if:predict", kwlist, &text, &k, &threshold))
        return NULL;
    in_bytes b;
    if (in_bytes_get(text, "text", &b) < 0) return NULL;
    size_t cap = room(self, k), n = 0;
    wn_lang_guess *g = PyMem_Calloc(cap ? cap : 1, sizeof *g);
    if (!g) {
        in_bytes_release(&b);
        return PyErr_NoMemory();
    }
    wn_status st;
    char msg[512] = "";
    /* a short line costs less than a GIL round trip */
    if (b.n < 4096) {
        st = wn_lang_predict(self->m, b.p, (size_t)b.n, k, threshold, g, cap, &n);
        if (st != WN_OK) snprintf(msg, sizeof msg, "%s", wn_last_error());
    } else {
        Py_BEGIN_ALLOW_THREADS
        st = wn_lang_predict(self->m, b.p, (size_t)b.n, k, threshold, g, cap, &n);
        if (st != WN_OK) snprintf(msg, sizeof msg, "%s", wn_last_error());
        Py_END_ALLOW_THREADS
    }
    in_bytes_release(&b);
    PyObject *out = st == WN_OK ? guesses_obj(self, g, n) : raise_msg(st, msg);
    PyMem_Free(g);
    return out;
}

/* predict_many(list of str, k, threshold) -> list of (labels, probs): the lines are encoded
 * with the GIL, predicted without it, in chunks (bounded memory for k = -1 on long lists). */
static PyObject *LangModel_predict_many(LangModelObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "lines", "k", "threshold", NULL };
    PyObject *lines;
    int k = 1;
    float threshold = 0.0f;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|if:predict_many", kwlist, &lines, &k,
                                     &threshold))
        return NULL;
    PyObject *seq = PySequence_Tuple(lines);   /* a stable copy: the items stay alive */
    if (!seq) return NULL;
    Py_ssize_t total = PyTuple_GET_SIZE(seq);
    PyObject *out = PyList_New(total);
    enum { CHUNK = 256 };
    size_t cap = room(self, k);
    in_bytes *bs = PyMem_Calloc(CHUNK, sizeof *bs);
    size_t *ns = PyMem_Calloc(CHUNK, sizeof *ns);
    wn_lang_guess *g = PyMem_Calloc((size_t)CHUNK * (cap ? cap : 1), sizeof *g);
    if (!out || !bs || !ns || !g) {
        if (out) PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    for (Py_ssize_t at = 0; at < total; at += CHUNK) {
        Py_ssize_t m = total - at < CHUNK ? total - at : CHUNK, got = 0;
        for (; got < m; got++)
            if (in_bytes_get(PyTuple_GET_ITEM(seq, at + got), "a line", &bs[got]) < 0) break;
        wn_status st = WN_OK;
        char msg[512] = "";
        if (got == m) {
            Py_BEGIN_ALLOW_THREADS
            for (Py_ssize_t i = 0; i < m && st == WN_OK; i++) {
                st = wn_lang_predict(self->m, bs[i].p, (size_t)bs[i].n, k, threshold,
                                     g + (size_t)i * cap, cap, &ns[i]);
                if (st != WN_OK) snprintf(msg, sizeof msg, "%s", wn_last_error());
            }
            Py_END_ALLOW_THREADS
        }
        for (Py_ssize_t i = 0; i < got; i++) in_bytes_release(&bs[i]);
        if (got < m) {
            Py_CLEAR(out);
            goto done;
        }
        if (st != WN_OK) {
            raise_msg(st, msg);
            Py_CLEAR(out);
            goto done;
        }
        for (Py_ssize_t i = 0; i < m; i++) {
            PyObject *r = guesses_obj(self, g + (size_t)i * cap, ns[i]);
            if (!r) {
                Py_CLEAR(out);
                goto done;
            }
            PyList_SET_ITEM(out, at + i, r);
        }
    }
done:
    PyMem_Free(bs);
    PyMem_Free(ns);
    PyMem_Free(g);
    Py_DECREF(seq);
    return out;
}

static PyObject *LangModel_get_labels(LangModelObject *self, void *unused)
{
    Py_INCREF(self->labels);
    return self->labels;
}

static PyMethodDef LangModel_methods[] = {
    { "predict", (PyCFunction)(void (*)(void))LangModel_predict, METH_VARARGS | METH_KEYWORDS,
      "predict(text, k=1, threshold=0.0) -> ([labels], [probs]) for one line." },
    { "predict_many", (PyCFunction)(void (*)(void))LangModel_predict_many,
      METH_VARARGS | METH_KEYWORDS,
      "predict_many(lines, k=1, threshold=0.0) -> [([labels], [probs]), ...]." },
    { NULL, NULL, 0, NULL },
};

static PyGetSetDef LangModel_getset[] = {
    { "labels", (getter)LangModel_get_labels, NULL, "the model's labels, in its order", NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

static PyTypeObject LangModelType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "winnow._winnow.LangModel",
    .tp_basicsize = sizeof(LangModelObject),
    .tp_dealloc = (destructor)LangModel_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "LangModel(path=None): a fastText model (wn_lang_model); immutable, shareable.",
    .tp_methods = LangModel_methods,
    .tp_getset = LangModel_getset,
    .tp_new = LangModel_new,
};

/* ---- file runs: wn_run_files and wn_dedup_files ----------------------------------------------- */
typedef wn_status (*files_fn)(const wn_config *, const char *const *, size_t, const char *,
                              wn_counts *);

static PyObject *files_call(PyObject *args, const char *name, files_fn fn)
{
    PyObject *cfg, *inputs, *out_dir = NULL;
    char fmt[32];
    snprintf(fmt, sizeof fmt, "O!OO&:%s", name);
    if (!PyArg_ParseTuple(args, fmt, &ConfigType, &cfg, &inputs, PyUnicode_FSConverter, &out_dir))
        return NULL;
    PyObject *seq = PySequence_Tuple(inputs), *paths = NULL, *ret = NULL;
    const char **argv = NULL;
    if (!seq) goto done;
    Py_ssize_t n = PyTuple_GET_SIZE(seq);
    paths = PyList_New(0);
    argv = PyMem_Calloc((size_t)n + 1, sizeof *argv);
    if (!paths || !argv) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *p = NULL;
        if (!PyUnicode_FSConverter(PyTuple_GET_ITEM(seq, i), &p)) goto done;
        int r = PyList_Append(paths, p);
        argv[i] = PyBytes_AS_STRING(p);
        Py_DECREF(p);   /* paths holds it */
        if (r < 0) goto done;
    }
    ConfigObject *c = (ConfigObject *)cfg;
    wn_counts counts = { 0, 0, 0, 0 };
    wn_status st;
    char msg[512] = "";
    const char *od = PyBytes_AS_STRING(out_dir);
    c->readers++;
    Py_BEGIN_ALLOW_THREADS
    st = fn(c->cfg, argv, (size_t)n, od, &counts);
    if (st != WN_OK) snprintf(msg, sizeof msg, "%s", wn_last_error());
    Py_END_ALLOW_THREADS
    c->readers--;
    if (st != WN_OK) {
        raise_msg(st, msg);
        goto done;
    }
    ret = Py_BuildValue("{s:K,s:K,s:K,s:K}", "in", (unsigned long long)counts.in,
                        "kept", (unsigned long long)counts.kept,
                        "dropped", (unsigned long long)counts.dropped,
                        "failed", (unsigned long long)counts.failed);
done:
    PyMem_Free(argv);
    Py_XDECREF(paths);
    Py_XDECREF(seq);
    Py_XDECREF(out_dir);
    return ret;
}

static PyObject *mod_run_files(PyObject *m, PyObject *args)
{
    return files_call(args, "run_files", wn_run_files);
}

static PyObject *mod_dedup_files(PyObject *m, PyObject *args)
{
    return files_call(args, "dedup_files", wn_dedup_files);
}

/* ---- module ---------------------------------------------------------------------------------- */
static PyObject *mod_version(PyObject *m, PyObject *unused)
{
    return PyUnicode_FromString(wn_version_string());
}

static PyObject *mod_version_number(PyObject *m, PyObject *unused)
{
    return PyLong_FromUnsignedLong(wn_version_number());
}

static PyObject *mod_strerror(PyObject *m, PyObject *arg)
{
    long st = PyLong_AsLong(arg);
    if (st == -1 && PyErr_Occurred()) return NULL;
    return PyUnicode_FromString(wn_strerror((wn_status)st));
}

static PyObject *mod_config_has_key(PyObject *m, PyObject *arg)
{
    const char *key = PyUnicode_AsUTF8(arg);
    if (!key) return NULL;
    return PyBool_FromLong(wn_config_has_key(key));
}

static PyMethodDef mod_methods[] = {
    { "version", mod_version, METH_NOARGS, "version() -> the linked library's MAJOR.MINOR.PATCH" },
    { "version_number", mod_version_number, METH_NOARGS, "version_number() -> WN_VERSION_NUMBER" },
    { "strerror", mod_strerror, METH_O, "strerror(status) -> the status's short name" },
    { "config_has_key", mod_config_has_key, METH_O, "config_has_key(key) -> bool" },
    { "run_files", mod_run_files, METH_VARARGS,
      "run_files(config, inputs, out_dir) -> counts dict (wn_run_files, GIL released)" },
    { "dedup_files", mod_dedup_files, METH_VARARGS,
      "dedup_files(config, inputs, out_dir) -> counts dict (wn_dedup_files, GIL released)" },
    { NULL, NULL, 0, NULL },
};

static struct PyModuleDef winnow_module = {
    PyModuleDef_HEAD_INIT, "winnow._winnow",
    "winnow's C API (include/winnow.h) for Python; use the `winnow` package.", -1, mod_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__winnow(void)
{
    if (json_init() < 0) return NULL;
    PyObject *m = PyModule_Create(&winnow_module);
    if (!m) return NULL;
    PyTypeObject *types[] = { &ConfigType, &ChainType, &BatchType, &InputType, &LangModelType };
    const char *names[] = { "Config", "Chain", "Batch", "Input", "LangModel" };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (PyType_Ready(types[i]) < 0 || PyModule_AddObjectRef(m, names[i], (PyObject *)types[i]) < 0)
            goto fail;
    if (add_exceptions(m) < 0 ||
        PyModule_AddStringConstant(m, "HEADER_VERSION", WN_VERSION_STRING) < 0 ||
        PyModule_AddIntConstant(m, "HEADER_VERSION_NUMBER", WN_VERSION_NUMBER) < 0)
        goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
