"""Type stubs for the native module `lede._lede` (use `lede.Pipeline` instead)."""

import os
from typing import final

__all__ = ["ConfigError", "DocumentError", "Pipeline", "__version__"]
__version__: str

class ConfigError(ValueError):
    """A config `lede run` would refuse (exit status 2); the message is the CLI's."""

class DocumentError(RuntimeError):
    """A document failed under `on_error = "abort"` (where `lede run` exits with status 1)."""

@final
class Pipeline:
    @staticmethod
    def from_toml(path: str | os.PathLike[str]) -> Pipeline: ...
    @staticmethod
    def from_toml_str(
        text: str, base_dir: str = ".", origin: str = "<string>"
    ) -> Pipeline: ...
    @staticmethod
    def from_json_config(
        json: str, base_dir: str = ".", origin: str = "<dict>"
    ) -> Pipeline: ...
    @staticmethod
    def json_config_to_toml(json: str) -> str: ...
    def process_lines(
        self, lines: list[str], first_line: int = 1, origin: str = "-"
    ) -> list[str]: ...
    def process_texts(self, texts: list[str], first_line: int = 1) -> list[str]: ...
    def stage_names(self) -> list[str]: ...
    @property
    def threads(self) -> int: ...
    @property
    def offsets(self) -> str: ...
    @property
    def include(self) -> list[str]: ...
    @property
    def on_error(self) -> str: ...
