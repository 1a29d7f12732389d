"""Annotate a JSONL corpus with lede on Ray Data, two ways, and check both.

1. map_batches with a function that streams each batch through the `lede`
   binary used as a filter (`lede run CONFIG --input - --output - -q`).
2. map_batches with an actor class that builds a `lede.Pipeline` (the wheel)
   once in `__init__` and calls it on every batch, on Rust threads with the
   GIL released.

Both results are compared with `lede run CONFIG --input CORPUS` on the same
input, document for document (matched by id); the job exits 1 on any
difference.

    pip install "ray[data]" python/dist/lede-*.whl
    python examples/ray/annotate.py --input samples --lede target/release/lede

--input is a JSONL file or a folder of .txt/.jsonl files; it is first
written out as one JSONL corpus in which every document has an id (a .txt
file's id is its path, as `lede run` gives it; a JSONL line without one gets
`<file>:<line>`), because in a batch a line number is only known within it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

# The corpus and the check against `lede run`, shared with the other example.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus_check import compare, reference, write_corpus  # noqa: E402


def pipe_through(binary: str, config: str) -> Callable[[dict[str, np.ndarray]], dict[str, np.ndarray]]:
    """A map_batches function running each batch through the lede binary."""

    def run(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        stdin = "".join(line + "\n" for line in batch["text"])
        out = subprocess.run(
            [binary, "run", config, "--input", "-", "--output", "-", "-q"],
            input=stdin, capture_output=True, text=True, check=True,
        ).stdout.splitlines()
        return {"line": np.array(out, dtype=object)}

    return run


class Annotator:
    """A map_batches actor: the pipeline is built once per actor."""

    def __init__(self, config: str) -> None:
        import lede

        self.nlp = lede.Pipeline.from_toml(config)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {"line": np.array(self.nlp.process_jsonl(list(batch["text"])), dtype=object)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=Path("samples"), help="a JSONL file or a folder (default samples)")
    ap.add_argument("--config", type=Path, default=Path("pipeline.toml"), help="the pipeline config (default pipeline.toml)")
    ap.add_argument("--lede", type=Path, default=Path("target/release/lede"), help="the lede binary")
    ap.add_argument("--batch-size", type=int, default=256, help="documents per batch")
    ap.add_argument("--actors", type=int, default=1, help="wheel actors (each uses every core; default 1)")
    ap.add_argument("--address", default=None, help="a Ray cluster to join (default: start a local one)")
    args = ap.parse_args()

    config = str(args.config.resolve())
    binary = str(args.lede.resolve())
    if not Path(binary).exists():
        sys.exit(f"no lede binary at {binary}: run `cargo build --release` or pass --lede")

    corpus = write_corpus(args.input, "lede-ray-")
    ref = reference(binary, config, corpus)

    import ray

    ray.init(address=args.address, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        ds = ray.data.read_text(str(corpus))

        t0 = time.perf_counter()
        piped = ds.map_batches(pipe_through(binary, config), batch_size=args.batch_size, batch_format="numpy")
        piped_lines = [r["line"] for r in piped.take_all()]
        print(f"map_batches (binary):  {len(piped_lines)} records in {time.perf_counter() - t0:.2f} s")

        t0 = time.perf_counter()
        mapped = ds.map_batches(
            Annotator,
            fn_constructor_args=(config,),
            batch_size=args.batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=args.actors),
        )
        mapped_lines = [r["line"] for r in mapped.take_all()]
        print(f"map_batches (wheel):   {len(mapped_lines)} records in {time.perf_counter() - t0:.2f} s")
    finally:
        ray.shutdown()

    problems = compare(ref, piped_lines, "map_batches (binary)") + compare(ref, mapped_lines, "map_batches (wheel)")
    if problems:
        print(f"FAILED: {problems} differences from lede run")
        return 1
    print(f"OK: both map_batches ways equal lede run on all {len(ref)} documents (byte for byte)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
