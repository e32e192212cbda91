"""winnow: web pages and text in, clean, language-labelled, filtered documents out.

The Python face of libwinnow (include/winnow.h), through the C extension winnow._winnow.
Documents are plain dicts with datatrove's Document keys: ``text``, ``id``, ``metadata``, plus
``url`` and ``source`` (and ``html`` for a page still to extract). Options are the ``winnow``
CLI's long option names with ``_`` for ``-``: ``Pipeline(languages="en", clean=True,
gopher_min_doc_words=100)`` is ``winnow run --languages en --clean --gopher-min-doc-words 100``.

    extract(html, url=None, *, format="text", metadata=True) -> dict
    LanguageIdentifier(model=None).predict(text, k=1, threshold=0.0)   # fastText's answers
    Pipeline(preset=None, config=None, **options).process(doc) / .run(docs, threads=N)
    read(path, **options)            # documents from any input the CLI reads
    run_files(inputs, output, ...)   # winnow run INPUTS -o OUTPUT
    dedup(inputs, output, methods="exact,minhash", ...)   # winnow dedup

Errors are winnow.Error and its subclasses (UsageError is also a ValueError, FileError an
OSError, ...), carrying the library's message.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from . import _winnow
from ._winnow import (  # noqa: F401  (re-exported)
    Error,
    OutOfMemoryError,
    FileError,
    FormatError,
    TooLargeError,
    TruncatedError,
    UsageError,
    UnsupportedError,
    CorruptError,
    TooDeepError,
    TooManyElementsError,
    CallbackError,
)

try:  # fastText's Python module returns numpy arrays; without numpy, winnow returns lists
    import numpy as _np
except ImportError:  # pragma: no cover - Debian's python3-fasttext brings numpy
    _np = None

__all__ = [
    "extract", "LanguageIdentifier", "Pipeline", "read", "run_files", "dedup", "version",
    "Config", "Error", "OutOfMemoryError", "FileError", "FormatError", "TooLargeError",
    "TruncatedError", "UsageError", "UnsupportedError", "CorruptError", "TooDeepError",
    "TooManyElementsError", "CallbackError",
]

__version__ = _winnow.HEADER_VERSION


def version():
    """The linked library's version, "MAJOR.MINOR.PATCH" (wn_version_string)."""
    return _winnow.version()


# ---- options ----------------------------------------------------------------------------------

def _option_text(key, value):
    """An option's value as the CLI takes it: flags as true/false, lists joined by commas."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return ",".join(_option_text(key, v) for v in items)
    raise TypeError("option %s: expected str, int, float, bool or a list, not %s"
                    % (key, type(value).__name__))


_HERE = os.path.dirname(os.path.abspath(__file__))


def _data_file(env, sub, name):
    """A data file the library would look for through an environment variable or in the
    working directory, found for Python: None when $env is set (the library reads it), else
    the copy installed in the package (setup.py), else the source tree's when the package
    runs from it (make python: build/python/winnow/ is three levels down)."""
    if os.environ.get(env):
        return None
    for base in (_HERE, os.path.join(_HERE, "..", "..", "..")):
        path = os.path.join(base, sub, name)
        if os.path.exists(path):
            return os.path.normpath(path)
    return None


# The package's stop words and model become the library's defaults through the variables it
# reads when a chain or model is built ($WINNOW_STOPWORDS, $WINNOW_MODEL), set here only when
# unset: a "stopwords" or "model" option, a preset or a config file naming one still wins,
# which a default set as an option could not guarantee (a preset or config file applied
# after it would reset it).
for _env, _sub, _name in (("WINNOW_STOPWORDS", "data", "stopwords-iso.json"),
                          ("WINNOW_MODEL", "models", "lid.176.ftz")):
    _path = _data_file(_env, _sub, _name)
    if _path:
        os.environ[_env] = _path


def Config(preset=None, config=None, **options):
    """A _winnow.Config from a preset ("fineweb", "gopher", "c4"), a `key = value` file and
    options by CLI long name ('_' for '-'); None values are skipped. Raises UsageError (a
    ValueError) naming the key for an unknown key or a bad value, TypeError for a value of
    the wrong type."""
    cfg = _winnow.Config()
    if preset is not None:
        cfg.set("preset", _option_text("preset", preset))
    if config is not None:
        cfg.set("config", _option_text("config", config))
    for key, value in options.items():
        if value is None:
            continue
        cfg.set(key.replace("_", "-"), _option_text(key, value))
    return cfg


# ---- extraction -------------------------------------------------------------------------------

_FORMATS = ("text", "markdown")
_local = threading.local()


def _extract_chain(fmt):
    """This thread's chain for one output format (a chain is used by one thread at a time;
    building one loads the stop words, so each thread keeps one per format)."""
    chains = getattr(_local, "chains", None)
    if chains is None:
        chains = _local.chains = {}
    ch = chains.get(fmt)
    if ch is None:
        ch = chains[fmt] = _winnow.Chain(Config(extract_format=fmt))
    return ch


# extract()'s metadata keys, those of `winnow extract --format json`, from the chain's metadata
# keys (a run's "date" is the crawl's, the page's own is "published"; "lang" is what the page
# declares, not language ID's "language")
_EXTRACT_KEYS = (("title", "title"), ("author", "author"), ("date", "published"),
                 ("sitename", "sitename"), ("description", "description"),
                 ("lang", "lang_declared"))


def extract(html, url=None, *, format="text", metadata=True):
    """The main content of an HTML page, as `winnow extract` finds it.

    html: str or bytes (any charset: bytes are decoded as browsers do; a str is UTF-8
    whatever its <meta> says). url: the page's URL (helps dating it; "url" is this one when
    given, as in `winnow run`, else the page's canonical URL). Returns a dict with "text", "status" ("kept",
    or "dropped"/"failed" with a "reason" such as "no_content" or "too_large": a bad page
    never raises), "reason", and with metadata=True the keys of `winnow extract --format
    json`: "title", "author", "date", "url", "sitename", "description", "lang" (None when the
    page has none). The GIL is released while the page is extracted."""
    if format not in _FORMATS:
        raise UsageError("format must be one of %s, not %r" % (", ".join(_FORMATS), format))
    if html is None:
        raise TypeError("html must be str or bytes, not None")
    if url is not None and not isinstance(url, str):
        raise TypeError("url must be str or None, not %s" % type(url).__name__)
    doc = {"html": html}
    if url is not None:
        doc["url"] = url
    r = _extract_chain(format).process(doc)
    out = {"text": r["text"], "status": r["status"], "reason": r["reason"]}
    if metadata:
        md = r["metadata"]
        for key, mkey in _EXTRACT_KEYS:
            out[key] = md.get(mkey)
        out["url"] = r.get("url") or url
    return out


# ---- language identification ------------------------------------------------------------------

_NEWLINE_ERROR = "predict processes one line at a time (remove '\\n')"


def _check_k(k):
    """fastText's own check on k, with its message (k = -1 means every label)."""
    if isinstance(k, int) and not isinstance(k, bool) and (k == 0 or k < -1):
        raise ValueError("k needs to be 1 or higher!")


class LanguageIdentifier:
    """A fastText model (.bin/.ftz: lid.176, GlotLID...) with fastText 0.9.2's answers.

    model: a path, or None for the default model ($WINNOW_MODEL, else models/lid.176.ftz as
    the CLI finds it). FileError / FormatError when it cannot be read. One identifier may be
    shared by any number of threads."""

    def __init__(self, model=None):
        self._m = _winnow.LangModel(model)

    @property
    def labels(self):
        """The model's labels ("__label__en", ...), in the model's order."""
        return list(self._m.labels)

    def predict(self, text, k=1, threshold=0.0):
        """What fastText's Python FastText.predict returns for the same model and arguments.

        For a str: (labels tuple, numpy float64 array of probabilities).
        For a list of str: ([labels list per line], [numpy float32 array per line]).
        Without numpy, the arrays are a tuple (single line) or lists of floats (batch).
        A line containing '\\n' raises ValueError, as fastText does."""
        if type(text) == list:  # fastText tests the exact type too
            for line in text:
                if line.find("\n") != -1:
                    raise ValueError(_NEWLINE_ERROR)
            _check_k(k)
            res = self._m.predict_many(text, k, threshold)
            labels = [r[0] for r in res]
            if _np is not None:
                return labels, [_np.array(r[1], dtype=_np.float32) for r in res]
            return labels, [r[1] for r in res]
        if text.find("\n") != -1:
            raise ValueError(_NEWLINE_ERROR)
        _check_k(k)
        labels, probs = self._m.predict(text, k, threshold)
        if _np is not None:
            return tuple(labels), _np.array(probs, dtype=_np.float64)
        return tuple(labels), tuple(probs)


# ---- pipelines --------------------------------------------------------------------------------

class Pipeline:
    """The stages of `winnow run` on documents in memory.

    Pipeline(preset="fineweb"), Pipeline(config="job.conf"), Pipeline(langid=True,
    languages="en", clean=True, gopher_min_doc_words=100): options are the CLI's long names
    ('_' for '-'), values as Python values (True/False for flags, lists for comma lists).
    The chain is built once (model and stop words loaded); process() and run() may be called
    from any number of threads (each thread gets its own clone)."""

    def __init__(self, preset=None, config=None, **options):
        self._config = Config(preset, config, **options)
        self._chain = _winnow.Chain(self._config)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._spare = []  # clones returned by finished runs, for the next

    def _thread_chain(self):
        ch = getattr(self._local, "chain", None)
        if ch is None:
            ch = self._local.chain = self._chain.clone()
        return ch

    def process(self, doc):
        """One document (a dict with "text", or "html" for a page; "id", "url", "source",
        "metadata" optional) -> a new dict: the input's keys with "text" and "metadata" as
        the stages left them, "status" ("kept", "dropped", "failed") and "reason" (None when
        kept). A document that cannot be processed comes back "failed" with a reason; only
        wrong types (TypeError, KeyError for no text) and the library's own failure raise."""
        return self._thread_chain().process(doc)

    def _take_chains(self, n):
        with self._lock:
            got, self._spare = self._spare[:n], self._spare[n:]
        while len(got) < n:
            got.append(self._chain.clone())
        return tuple(got)

    def _give_chains(self, chains):
        with self._lock:
            self._spare.extend(chains)

    def run(self, docs, threads=None, batch_size=256):
        """Processes an iterable of document dicts on `threads` C threads (default: one per
        core) and yields the results in input order, as process() would give them.

        Documents go in batches: while C threads process one batch with the GIL released, the
        calling thread converts the next and yields the previous one's results, so at most
        about 2 * batch_size documents are held at once, whatever the input's length."""
        if threads is None:
            threads = os.cpu_count() or 1
        if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
            raise ValueError("threads must be an int >= 1, not %r" % (threads,))
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError("batch_size must be an int >= 1, not %r" % (batch_size,))
        return self._run(docs, min(threads, 1024), batch_size)

    def _run(self, docs, threads, batch_size):
        # documents from winnow.read go from the reader into the batch in C, without a dict
        # on the way in; any other iterable gives dicts, converted by Batch.fill
        if isinstance(docs, (_winnow.Input, _DirReader)):
            inputs = iter([docs] if isinstance(docs, _winnow.Input) else docs.inputs())
            state = [next(inputs, None)]

            def fill(b):   # a batch holds records of one input: the last one may be short
                while state[0] is not None:
                    if b.fill_from(state[0], batch_size) > 0:
                        return True
                    state[0] = next(inputs, None)
                return False
        else:
            it = iter(docs)

            def fill(b):
                items = list(islice(it, batch_size))
                if items:
                    b.fill(items)
                return bool(items)
        chains = self._take_chains(threads)
        free = [_winnow.Batch(), _winnow.Batch()]
        pending = None  # (batch, future) being processed
        try:
            # leaving the with block (end, error, or the consumer closing the generator)
            # waits for the batch C is processing: chains and batches outlive their use
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="winnow") as ex:
                while True:
                    current = None
                    b = free.pop()
                    if fill(b):
                        current = (b, ex.submit(b.process, chains))
                    else:
                        free.append(b)
                    if pending is not None:
                        pb, fut = pending
                        pending = current
                        fut.result()
                        results = pb.results()
                        free.append(pb)
                        yield from results
                    else:
                        pending = current
                    if pending is None:
                        break
        finally:
            self._give_chains(chains)


# ---- files ------------------------------------------------------------------------------------

def read(path, **options):
    """Iterates the documents of any input the CLI reads: WARC (.warc, .gz, .zst), HTML files,
    JSONL (.gz, .zst), plain text, "-" for stdin, or a directory of them (walked in sorted
    order, as `winnow run` walks one). Options as for Pipeline (e.g. format="jsonl",
    text_field=...). Each document is a dict: "html" (bytes, a page for a Pipeline to
    extract) or "text", and "id", "url", "source", "content_type", "metadata" when present; a
    record that could not be read comes with "status": "failed" and its "reason", then
    reading goes on. FileError when a file cannot be opened; an error that ends an input
    (a file cut inside a compressed frame) raises where it happens."""
    cfg = Config(**options) if options else None
    if path not in ("-", b"-") and os.path.isdir(path):
        return _DirReader(path, cfg)
    return _winnow.Input(path, cfg)


class _DirReader:
    """The files under a directory, read one after the other: the regular files of each
    directory in sorted (byte) order, entering subdirectories in the same order, each
    directory and file once (symbolic links to ones seen already are skipped)."""

    def __init__(self, path, cfg):
        self._cfg = cfg
        self.files = []
        seen = set()

        def walk(d):
            st = os.stat(d)
            if (st.st_dev, st.st_ino) in seen:
                return
            seen.add((st.st_dev, st.st_ino))
            for name in sorted(os.listdir(d), key=os.fsencode):
                p = os.path.join(d, name)
                if os.path.isdir(p):
                    walk(p)
                elif os.path.isfile(p):
                    fst = os.stat(p)
                    if (fst.st_dev, fst.st_ino) not in seen:
                        seen.add((fst.st_dev, fst.st_ino))
                        self.files.append(p)
        walk(path)

    def inputs(self):
        for f in self.files:
            yield _winnow.Input(f, self._cfg)

    def __iter__(self):
        for inp in self.inputs():
            yield from inp


def _paths(inputs):
    """The inputs as a list, each of which must exist: the CLI refuses a missing input before
    doing anything (exit 2), where the library would count it as a failed input and go on."""
    paths = [inputs] if isinstance(inputs, (str, bytes, os.PathLike)) else list(inputs)
    for p in paths:
        if not isinstance(p, (str, bytes, os.PathLike)):
            raise TypeError("an input must be a path, not %s" % type(p).__name__)
        if p not in ("-", b"-") and not os.path.exists(p):
            raise FileError("input '%s': No such file or directory" % os.fsdecode(p))
    return paths


def run_files(inputs, output, preset=None, config=None, **options):
    """`winnow run INPUTS -o OUTPUT`: reads files or directories, writes OUTPUT/kept/,
    OUTPUT/dropped/ and OUTPUT/stats.json byte for byte as the CLI does. Returns the counts
    {"in", "kept", "dropped", "failed"}. The GIL is released for the run."""
    return _winnow.run_files(Config(preset, config, **options), _paths(inputs), output)


def dedup(inputs, output, methods="exact,minhash", config=None, **options):
    """`winnow dedup INPUTS -o OUTPUT --method METHODS` (exact, url, minhash, paragraph): the
    on-disk dedup across every input, with the CLI's outputs. Returns the counts."""
    cfg = Config(None, config, dedup=methods, **options)
    return _winnow.dedup_files(cfg, _paths(inputs), output)
