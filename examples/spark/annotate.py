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
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

# The corpus and the check against `lede run`, shared with the other example.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus_check import by_id, compare, reference, write_corpus  # noqa: E402

# On a cluster each Python worker builds its pipeline once and keeps it for
# the partitions it runs after (the wheel's Pipeline cannot be pickled).
_PIPELINES: dict[str, Any] = {}


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

    corpus = write_corpus(args.input, "lede-spark-")
    ref = reference(binary, config, corpus)

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
