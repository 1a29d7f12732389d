"""Type stubs for lede: the lede pipeline for Python (same output as `lede run`)."""

import os
from collections.abc import Iterable, Mapping
from typing import Any, Union

from . import _lede
from ._lede import ConfigError as ConfigError
from ._lede import DocumentError as DocumentError

__all__ = ["ConfigError", "DocumentError", "Pipeline", "__version__"]
__version__: str

Record = dict[str, Any]
"""One output record: `id`, optional `meta`, the included layers, `errors`."""

Item = Union[str, Mapping[str, Any]]
"""A document: its text, or a dict with `text`, optional `id` and other fields."""

class Pipeline:
    """A built lede pipeline; thread-safe, not picklable."""

    def __init__(self, inner: _lede.Pipeline) -> None:
        """Internal: use `from_toml`, `from_toml_str` or `from_dict`."""

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Pipeline: ...
    @classmethod
    def from_toml_str(cls, text: str, base_dir: str | os.PathLike[str] = ".") -> Pipeline: ...
    @classmethod
    def from_dict(cls, config: Mapping[str, Any]) -> Pipeline: ...
    def process(self, batch: Iterable[Item]) -> list[Record]: ...
    def process_json(self, batch: Iterable[Item]) -> list[str]: ...
    def process_jsonl(
        self, lines: Iterable[str], first_line: int = 1, origin: str = "-"
    ) -> list[str]: ...
    @property
    def stage_names(self) -> list[str]: ...
    @property
    def threads(self) -> int: ...
    @property
    def offsets(self) -> str: ...
    @property
    def include(self) -> list[str]: ...
    @property
    def on_error(self) -> str: ...
