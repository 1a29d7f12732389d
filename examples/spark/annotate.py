"""Annotate a JSONL corpus with lede on Spark (local mode), two ways, and check both.

1. RDD.pipe: every partition streams through the `lede` binary used as a
   filter (`lede run CONFIG --input - --output - -q`).
2. mapPartitions: every partition calls the `lede` Python package (the
   wheel), which builds the pipeline once per Python worker and runs each
   batch on Rust threads.

Both results are compared with `lede run CONFIG --input CORPUS` on the same
input, document for document (parsed JSON, matched by id, in input order);
the job exits 1 on any difference.

    python examples/spark/annotate.py --input samples --lede target/release/lede

--input is a JSONL file or a folder of .txt/.jsonl files (as `lede run`
reads it); it is first written out as one JSONL corpus in which every
document has an id (a .txt file's id is its path, as `lede run` gives it; a
JSONL line without one gets `<file>:<line>`), because on a cluster a line
number is only known within its partition.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

# On a cluster each Python worker builds its pipeline once and keeps it for
# the partitions it runs after (the wheel's Pipeline cannot be pickled).
_PIPELINES: dict[str, Any] = {}


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


def annotate_partition(config: str, batch_size: int) -> Callable[[Iterable[str]], Iterator[str]]:
    """A mapPartitions function: JSONL lines in, `lede run` output lines out."""

    def run(lines: Iterable[str]) -> Iterator[str]:
        import lede

        nlp = _PIPELINES.get(config)
        if nlp is None:
            nlp = _PIPELINES[config] = lede.Pipeline.from_toml(config)
        batch: list[str] = []
        seen = 0
        for line in lines:
            batch.append(line)
            if len(batch) == batch_size:
                yield from nlp.process_jsonl(batch, first_line=seen + 1)
                seen += len(batch)
                batch = []
        if batch:
            yield from nlp.process_jsonl(batch, first_line=seen + 1)

    return run


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=Path("samples"), help="a JSONL file or a folder (default samples)")
    ap.add_argument("--config", type=Path, default=Path("pipeline.toml"), help="the pipeline config (default pipeline.toml)")
    ap.add_argument("--lede", type=Path, default=Path("target/release/lede"), help="the lede binary")
    ap.add_argument("--partitions", type=int, default=4, help="Spark partitions (default 4)")
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    ap.add_argument("--batch-size", type=int, default=256, help="documents per call to the wheel")
    ap.add_argument("--output", type=Path, help="also write the mapPartitions result here, in input order")
    args = ap.parse_args()

    config = str(args.config.resolve())
    binary = str(args.lede.resolve())
    if not Path(binary).exists():
        sys.exit(f"no lede binary at {binary}: run `cargo build --release` or pass --lede")

    work = Path(tempfile.mkdtemp(prefix="lede-spark-"))
    corpus = work / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        n_docs = sum(fh.write(line + "\n") > 0 for line in corpus_lines(args.input))
    print(f"corpus: {n_docs} documents from {args.input} -> {corpus}")

    t0 = time.perf_counter()
    ref = subprocess.run(
        [binary, "run", config, "--input", str(corpus), "--output", "-", "-q"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    print(f"lede run:       {len(ref)} records in {time.perf_counter() - t0:.2f} s")

    # Spark's Python workers must import the same `lede` package as this driver.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if args.master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(args.master)
        .appName("lede-annotate")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        lines = spark.sparkContext.textFile(corpus.resolve().as_uri(), minPartitions=args.partitions)
        print(f"spark {spark.version}, {args.master}, {lines.getNumPartitions()} partitions")

        t0 = time.perf_counter()
        cmd = " ".join(shlex.quote(x) for x in [binary, "run", config, "--input", "-", "--output", "-", "-q"])
        piped = lines.pipe(cmd).collect()
        print(f"RDD.pipe:       {len(piped)} records in {time.perf_counter() - t0:.2f} s")

        t0 = time.perf_counter()
        mapped_rdd = lines.mapPartitions(annotate_partition(config, args.batch_size))
        mapped = mapped_rdd.collect()
        print(f"mapPartitions:  {len(mapped)} records in {time.perf_counter() - t0:.2f} s")
    finally:
        spark.stop()

    problems = compare(ref, piped, "RDD.pipe") + compare(ref, mapped, "mapPartitions")
    if args.output:
        # Collected partitions come back in order, but a real job would
        # write its partitions apart: restore the input order by id.
        order = {key: i for i, key in enumerate(by_id(ref, "lede run"))}
        rows = sorted(mapped, key=lambda line: order.get(json.dumps(json.loads(line)["id"]), len(order)))
        args.output.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
        print(f"wrote {len(rows)} records to {args.output}")
    if problems:
        print(f"FAILED: {problems} differences from lede run")
        return 1
    print(f"OK: RDD.pipe and mapPartitions equal lede run on all {len(ref)} documents (byte for byte)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
