"""Throughput of lede against the tools a user would pick instead.

Same corpus, same machine, same invocation; one thread each (spaCy and
quantulum3 are single-threaded). Each tool is timed over the same text, the
median of --repeat passes is reported, and each ratio compares lede and the
peer on exactly the same bytes.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def load_texts(path, max_bytes):
    texts, total = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            t = json.loads(line)["text"]
            texts.append(t)
            total += len(t.encode("utf-8"))
            if total >= max_bytes:
                break
    return texts, total


def timed(fn, repeat):
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def lede_mbps(lede, root, texts, config_text, repeat):
    """MB/s of `lede bench` (1 thread) over exactly these texts."""
    with tempfile.TemporaryDirectory() as d:
        corpus = os.path.join(d, "corpus.jsonl")
        with open(corpus, "w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
        cfg = os.path.join(d, "pipeline.toml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(config_text.replace("data/", root + "/data/"))
        out = subprocess.run(
            [lede, "bench", cfg, "--input", corpus, "--threads", "1",
             "--repeat", str(repeat), "--json"],
            check=True, capture_output=True, text=True,
        ).stdout
        run = json.loads(out)["runs"][0]
        # lede's MB counts the JSONL input; rescale to the text bytes the peers see.
        text_bytes = sum(len(t.encode("utf-8")) for t in texts)
        return text_bytes / 1e6 / run["median_seconds"]


TOK_GAZ = """
[[stage]]
kind = "tokenize"
[[stage]]
kind = "gazetteer"
dictionaries = ["data/gazetteers/places.tsv"]
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--lede", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--max-mb", type=float, default=5.0)
    ap.add_argument("--quantulum-mb", type=float, default=0.3)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    root = args.root
    corpus = args.corpus or os.path.join(root, "..", "shared", "data", "news", "bbc-news-2225.jsonl")
    if not os.path.exists(corpus):
        corpus = os.path.join(tempfile.mkdtemp(), "gen.jsonl")
        subprocess.run([args.lede, "gen", "--bytes", "6000000", "--output", corpus], check=True)
    texts, nbytes = load_texts(corpus, args.max_mb * 1e6)
    mb = nbytes / 1e6
    with open(os.path.join(root, "pipeline.toml"), encoding="utf-8") as f:
        default_cfg = f.read()

    import spacy  # noqa: E402  (imported late: the venv is the script's own)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns = []
    with open(os.path.join(root, "data", "gazetteers", "places.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("id\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                continue
            names = {cols[2]} | {a for a in (cols[3].split("|") if len(cols) > 3 else []) if a}
            for n in names:
                patterns.append({"label": cols[1], "pattern": n, "id": cols[0]})
    t0 = time.perf_counter()
    ruler.add_patterns(patterns)
    build = time.perf_counter() - t0

    rows = []
    tok_only = spacy.blank("en")
    tok_only.add_pipe("sentencizer")
    s = timed(lambda: [d for d in tok_only.pipe(texts)], args.repeat)
    rows.append(("spaCy blank en tokenizer + sentencizer", mb / s, "tokenize", mb))
    s = timed(lambda: [d for d in nlp.pipe(texts)], args.repeat)
    rows.append((f"spaCy tokenizer + sentencizer + EntityRuler ({len(patterns)} place patterns, built in {build:.1f} s)", mb / s, "tok_gaz", mb))

    from quantulum3 import parser as qparser

    qtexts, qbytes = load_texts(corpus, args.quantulum_mb * 1e6)
    s = timed(lambda: [qparser.parse(t) for t in qtexts], 1)
    rows.append(("quantulum3 parse", qbytes / 1e6 / s, "quantities", qbytes / 1e6))

    lede_tok = lede_mbps(args.lede, root, texts, '[[stage]]\nkind = "tokenize"\n', args.repeat)
    lede_tokgaz = lede_mbps(args.lede, root, texts, TOK_GAZ, args.repeat)
    lede_full = lede_mbps(args.lede, root, texts, default_cfg, args.repeat)
    lede_q = lede_mbps(args.lede, root, qtexts,
                       '[[stage]]\nkind = "tokenize"\n[[stage]]\nkind = "quantities"\n', args.repeat)
    ref = {"tokenize": lede_tok, "tok_gaz": lede_tokgaz, "quantities": lede_q}

    print(f"corpus: {corpus}, {mb:.2f} MB of text ({len(texts)} documents); 1 thread each; median of {args.repeat}")
    print()
    print("| tool | MB/s | lede on the same text | lede / tool |")
    print("|---|---:|---|---:|")
    names = {"tokenize": "lede tokenize", "tok_gaz": "lede tokenize + gazetteer (places)",
             "quantities": "lede tokenize + quantities"}
    for name, speed, key, _ in rows:
        print(f"| {name} | {speed:.2f} | {names[key]}: {ref[key]:.1f} MB/s | {ref[key] / speed:.0f}x |")
    spacy_eq = rows[1][1]
    print(f"| lede default pipeline (tokenize, gazetteer, quantities, attribution) | {lede_full:.2f} | vs spaCy tokenizer + EntityRuler | {lede_full / spacy_eq:.0f}x |")


if __name__ == "__main__":
    sys.exit(main())
