"""lede for Python: structured facts from news text, the same output as ``lede run``.

>>> import lede
>>> nlp = lede.Pipeline.from_dict({"stage": [{"kind": "tokenize"}, {"kind": "gazetteer"}]})
>>> [doc] = nlp.process(["Iraqi forces entered Mosul on Sunday."])
>>> [e["text"] for e in doc["entities"]]
['Iraqi', 'Mosul']

Each record is the JSON object ``lede run`` writes for the same input
(``json.loads`` of its line): same keys, same offsets (code points by
default, as ``str`` slicing counts), problems in ``record["errors"]``.
A batch runs in parallel on Rust threads with the GIL released.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import Any, Union

from . import _lede
from ._lede import ConfigError, DocumentError

__all__ = ["ConfigError", "DocumentError", "Pipeline", "__version__"]
__version__: str = _lede.__version__

Record = dict[str, Any]
Item = Union[str, Mapping[str, Any]]


class Pipeline:
    """A built lede pipeline: load it once, then call :meth:`process` on batches.

    Build one with :meth:`from_toml`, :meth:`from_toml_str` or :meth:`from_dict`;
    the config is the ``pipeline.toml`` of the CLI (``[input]`` ``path`` and
    ``[output]`` ``path`` are ignored here, everything else applies).
    A pipeline is thread-safe and can be shared; it is not picklable, so on
    Spark or Ray build it inside each worker (once per partition or actor).
    """

    __slots__ = ("_inner",)

    def __init__(self, inner: _lede.Pipeline) -> None:
        if not isinstance(inner, _lede.Pipeline):
            raise TypeError(
                "use Pipeline.from_toml(path), Pipeline.from_toml_str(text) or Pipeline.from_dict(config)"
            )
        self._inner = inner

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Pipeline:
        """Reads a ``pipeline.toml``; relative paths in it resolve against its folder.

        Raises :class:`ConfigError` with the message ``lede run`` prints.
        """
        return cls(_lede.Pipeline.from_toml(os.fspath(path)))

    @classmethod
    def from_toml_str(cls, text: str, base_dir: str | os.PathLike[str] = ".") -> Pipeline:
        """Builds a config given as TOML text; relative paths resolve against ``base_dir``."""
        return cls(_lede.Pipeline.from_toml_str(text, os.fspath(base_dir)))

    @classmethod
    def from_dict(cls, config: Mapping[str, Any]) -> Pipeline:
        """Builds a config given as a dict shaped like ``pipeline.toml``.

        ``{"stage": [{"kind": "tokenize"}, ...], "output": {"include": [...]}}``;
        relative paths resolve against the current folder. Messages name
        the origin ``<dict>`` where the CLI names the file.
        """
        if not isinstance(config, Mapping):
            raise TypeError(f"from_dict takes a dict, not {type(config).__name__}")
        try:
            text = json.dumps(config, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise ConfigError(f"<dict>: {e}") from None
        return cls(_lede.Pipeline.from_json_config(text, "."))

    def process(self, batch: Iterable[Item]) -> list[Record]:
        """Annotates a batch and returns one record per document, in order.

        ``batch`` is a list of texts, or a list of dicts holding the text
        under ``text`` (``[input] text_field``) and optionally ``id``
        (``[input] id_field``); other fields come back under ``meta``, as the
        CLI does. A document without an id gets its 1-based position.
        Per-document problems (a dict without text, a stage that failed) are
        in the record's ``errors``; with ``on_error = "abort"`` the first one
        raises :class:`DocumentError` instead.
        """
        return [json.loads(line) for line in self.process_json(batch)]

    def process_json(self, batch: Iterable[Item]) -> list[str]:
        """Like :meth:`process` but returns each record as the exact JSON line
        (without its newline) that ``lede run`` writes."""
        items = _as_list(batch)
        if all(isinstance(x, str) for x in items):
            return self._inner.process_texts(items)
        if all(isinstance(x, Mapping) for x in items):
            return self._inner.process_lines([_dumps(x) for x in items])
        kinds = sorted({type(x).__name__ for x in items})
        raise TypeError(
            f"process takes a list of str or a list of dicts, not a mix of {', '.join(kinds)}"
        )

    def process_jsonl(
        self, lines: Iterable[str], first_line: int = 1, origin: str = "-"
    ) -> list[str]:
        """Runs JSONL lines exactly as ``lede run --input -`` reads them and
        returns its output lines (without newlines).

        Blank lines are skipped but counted, so a document without an id
        gets its line number (counted from ``first_line``); a line that is
        not a JSON object becomes a record with an ``input`` error naming
        ``origin`` and the line.
        """
        items = _as_list(lines)
        for x in items:
            if not isinstance(x, str):
                raise TypeError(f"process_jsonl takes lines of str, not {type(x).__name__}")
        return self._inner.process_lines(items, first_line, origin)

    @property
    def stage_names(self) -> list[str]:
        """The stage names in order."""
        return self._inner.stage_names()

    @property
    def threads(self) -> int:
        """Worker threads a batch runs on (``[run] threads``, 0 meaning one per core)."""
        return self._inner.threads

    @property
    def offsets(self) -> str:
        """``"chars"`` or ``"bytes"`` (``[output] offsets``)."""
        return self._inner.offsets

    @property
    def include(self) -> list[str]:
        """The layers each record holds (``[output] include``)."""
        return self._inner.include

    @property
    def on_error(self) -> str:
        """``"record"`` or ``"abort"`` (``[run] on_error``)."""
        return self._inner.on_error

    def __repr__(self) -> str:
        return repr(self._inner)

    def __reduce__(self) -> Any:
        raise TypeError(
            "a lede.Pipeline cannot be pickled: build it inside each worker "
            "(once per partition with mapPartitions, or in a Ray actor's __init__)"
        )


def _as_list(batch: Iterable[Any]) -> list[Any]:
    # A lone str or dict is a common slip that would otherwise iterate as
    # characters or keys.
    if isinstance(batch, (str, bytes, Mapping)):
        raise TypeError(
            f"process takes a list of documents, not a single {type(batch).__name__}; wrap it in a list"
        )
    return list(batch)


def _dumps(obj: Any) -> str:
    # A NaN is written as `NaN`, which the reader refuses like the CLI does:
    # the document comes back with an `input` error instead of stopping the batch.
    return json.dumps(obj, ensure_ascii=False)
