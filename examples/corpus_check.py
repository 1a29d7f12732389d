"""What the Spark and Ray examples share: the corpus they annotate and the
check of their output against `lede run`.

Kept beside the examples (not in the `lede` package) because it is the
examples' test harness, not part of the API.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path


def corpus_lines(src: Path) -> Iterator[str]:
    """The documents under `src` as JSONL lines, each with an id."""
    files = [src] if src.is_file() else sorted(
        p for p in src.rglob("*") if p.suffix in {".txt", ".jsonl", ".ndjson"} and not p.name.startswith(".")
    )
    for f in files:
        rel = f.name if f == src else f.relative_to(src).as_posix()
        if f.suffix == ".txt":
            yield json.dumps({"id": rel, "text": f.read_text(encoding="utf-8")}, ensure_ascii=False)
            continue
        with f.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                doc = json.loads(line)
                if doc.get("id") is None:
                    doc["id"] = f"{rel}:{n}"
                yield json.dumps(doc, ensure_ascii=False)


def write_corpus(src: Path, prefix: str) -> Path:
    """`src` written out as one JSONL corpus with an id on every document."""
    corpus = Path(tempfile.mkdtemp(prefix=prefix)) / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        n_docs = sum(fh.write(line + "\n") > 0 for line in corpus_lines(src))
    print(f"corpus: {n_docs} documents from {src} -> {corpus}")
    return corpus


def reference(binary: str, config: str, corpus: Path) -> list[str]:
    """`lede run` on the corpus: the lines every other way must equal."""
    t0 = time.perf_counter()
    ref = subprocess.run(
        [binary, "run", config, "--input", str(corpus), "--output", "-", "-q"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    print(f"lede run: {len(ref)} records in {time.perf_counter() - t0:.2f} s")
    return ref


def by_id(lines: Iterable[str], what: str) -> dict[str, str]:
    """Output lines keyed by their record's id (as JSON, so 7 and "7" differ)."""
    out: dict[str, str] = {}
    for line in lines:
        key = json.dumps(json.loads(line)["id"])
        if key in out:
            sys.exit(f"{what}: id {key} appears twice; every document needs its own id")
        out[key] = line
    return out


def compare(reference: list[str], got: list[str], what: str) -> int:
    """Differences between `got` and the reference, printed; returns their count."""
    ref = by_id(reference, "lede run")
    mine = by_id(got, what)
    problems = 0
    for key in ref.keys() - mine.keys():
        print(f"  {what}: document {key} is missing")
        problems += 1
    for key in mine.keys() - ref.keys():
        print(f"  {what}: document {key} is not in the input")
        problems += 1
    for key, line in ref.items():
        if key in mine and mine[key] != line:
            # The lines should be byte-identical; say whether the content differs too.
            same = json.loads(mine[key]) == json.loads(line)
            print(f"  {what}: document {key} differs from lede run{' (same JSON, other bytes)' if same else ''}")
            problems += 1
    return problems
