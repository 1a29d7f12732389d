"""pytest suite for the lede Python package.

The tests comparing with the CLI need the `lede` binary: set LEDE_BIN, or
build it with `cargo build --release` so that target/release/lede exists.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import threading
import time
from pathlib import Path

import pytest

import lede

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"

# Texts written for these tests, in the style of the seeds.
MOSUL = (
    "Iraqi forces pushed into the old city of Mosul on Sunday, and the Peshmerga "
    "held the roads to Erbil. \"We will finish this within days,\" a spokesman said."
)
RAQQA = "The Syrian Democratic Forces said 400 fighters remained in Raqqa, about 3 km from the stadium."
DEFAULT = {
    "stage": [
        {"kind": "tokenize"},
        {"kind": "gazetteer"},
        {"kind": "quantities"},
        {"kind": "attribution"},
    ]
}


def lede_bin() -> Path:
    b = Path(os.environ.get("LEDE_BIN", REPO / "target" / "release" / "lede"))
    if not b.exists():
        pytest.skip(f"no lede binary at {b} (cargo build --release, or set LEDE_BIN)")
    return b


def run_cli(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(lede_bin()), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


@pytest.fixture(scope="module")
def nlp() -> lede.Pipeline:
    return lede.Pipeline.from_toml(REPO / "pipeline.toml")


def test_entities_are_found_with_char_offsets(nlp: lede.Pipeline) -> None:
    text = "Qaraqosh — “liberated” 😀 by Iraqi forces; Mosul is next."
    [rec] = nlp.process([text])
    found = {e["canonical"]: e for e in rec["entities"]}
    assert "Mosul" in found
    for e in rec["entities"]:
        # Offsets count code points, so Python slicing gives the entity text back.
        assert text[e["start"] : e["end"]] == e["text"]
    assert rec["errors"] == []


def test_all_layers_of_the_default_pipeline(nlp: lede.Pipeline) -> None:
    [rec] = nlp.process([RAQQA])
    assert [k for k in rec] == ["id", "sentences", "entities", "quantities", "attributions", "errors"]
    assert "Syrian Democratic Forces" in {e["canonical"] for e in rec["entities"]}
    values = {q["value"] for q in rec["quantities"]}
    assert 400 in values and 3 in values
    km = next(q for q in rec["quantities"] if q["value"] == 3)
    assert km["si_value"] == 3000 and km["si_unit"] == "m"
    [attr] = rec["attributions"]
    assert attr["cue"]["text"] == "said"
    assert attr["source"]["text"] == "The Syrian Democratic Forces"


def test_ids_and_other_fields_are_kept(nlp: lede.Pipeline) -> None:
    recs = nlp.process(
        [
            {"id": "afp-17", "text": MOSUL, "source": "wire", "tags": ["mosul"]},
            {"text": RAQQA},
            {"id": 42, "text": RAQQA},
        ]
    )
    assert [r["id"] for r in recs] == ["afp-17", 2, 42]
    assert recs[0]["meta"] == {"source": "wire", "tags": ["mosul"]}
    assert "meta" not in recs[1]
    assert any(a["kind"] == "direct" for a in recs[0]["attributions"])


def test_texts_and_dicts_give_the_same_records(nlp: lede.Pipeline) -> None:
    from_texts = nlp.process([MOSUL, RAQQA])
    from_dicts = nlp.process([{"text": MOSUL}, {"text": RAQQA}])
    assert from_texts == from_dicts
    assert [r["id"] for r in from_texts] == [1, 2]


def test_mixed_or_single_inputs_are_refused(nlp: lede.Pipeline) -> None:
    with pytest.raises(TypeError, match="mix of dict, str"):
        nlp.process([MOSUL, {"text": RAQQA}])
    with pytest.raises(TypeError, match="wrap it in a list"):
        nlp.process(MOSUL)
    with pytest.raises(TypeError, match="wrap it in a list"):
        nlp.process({"text": MOSUL})
    assert nlp.process([]) == []
    # Any iterable is a batch.
    assert [r["id"] for r in nlp.process(t for t in [MOSUL, RAQQA])] == [1, 2]


def test_bad_documents_are_records_not_exceptions(nlp: lede.Pipeline) -> None:
    recs = nlp.process([{"id": "a", "body": MOSUL}, {"id": "b", "text": 7}, {"id": "c", "text": RAQQA}])
    assert recs[0]["errors"] == [{"stage": "input", "message": "-:1: no `text` field"}]
    assert recs[1]["errors"] == [{"stage": "input", "message": "-:2: `text` must be a string, found a number"}]
    assert recs[2]["errors"] == [] and recs[2]["entities"]


def test_text_and_id_fields_follow_the_config() -> None:
    nlp = lede.Pipeline.from_dict(
        {"input": {"text_field": "body", "id_field": "key"}, "stage": [{"kind": "tokenize"}, {"kind": "gazetteer"}]}
    )
    [rec] = nlp.process([{"key": "k1", "body": "Fighting went on in Tal Afar."}])
    assert rec["id"] == "k1"
    assert [e["canonical"] for e in rec["entities"]] == ["Tal Afar"]


def test_output_options_apply() -> None:
    nlp = lede.Pipeline.from_dict(
        {"output": {"include": ["tokens", "entities"], "offsets": "bytes"}, "stage": DEFAULT["stage"][:2]}
    )
    assert nlp.include == ["tokens", "entities"] and nlp.offsets == "bytes"
    text = "Qāmishlī and Hasakah"
    [rec] = nlp.process([text])
    assert set(rec) == {"id", "tokens", "entities", "errors"}
    hasakah = next(e for e in rec["entities"] if e["text"] == "Hasakah")
    assert hasakah["start"] == text.encode().index(b"Hasakah")


def test_stage_failures_stay_in_the_record() -> None:
    cfg = {"stage": [{"kind": "tokenize"}, {"kind": "fault", "fail_on": "BOOM"}]}
    nlp = lede.Pipeline.from_dict(cfg)
    ok, bad = nlp.process(["Calm in Baiji.", "BOOM in Baiji."])
    assert ok["errors"] == []
    assert bad["errors"] == [
        {"stage": "fault", "message": 'fault stage: document contains the failure marker "BOOM"'}
    ]


def test_abort_raises_with_the_cli_message() -> None:
    cfg = {"run": {"on_error": "abort"}, "stage": [{"kind": "fault", "fail_on": "BOOM"}]}
    nlp = lede.Pipeline.from_dict(cfg)
    assert nlp.on_error == "abort"
    with pytest.raises(lede.DocumentError) as e:
        nlp.process([{"id": "x1", "text": "fine"}, {"id": "x2", "text": "BOOM"}])
    assert str(e.value) == (
        'stopped at document x2: stage `fault` failed: fault stage: document contains the failure marker "BOOM"'
        ' (on_error = "abort")'
    )


def test_config_errors_name_the_key() -> None:
    with pytest.raises(lede.ConfigError, match=r"unknown key `dictionary` in stage\[2\] \(did you mean `dictionaries`\?\)"):
        lede.Pipeline.from_dict({"stage": [{"kind": "tokenize"}, {"kind": "gazetteer", "dictionary": []}]})
    with pytest.raises(ValueError, match=r"did you mean `gazetteer`"):
        lede.Pipeline.from_dict({"stage": [{"kind": "gazeteer"}]})
    with pytest.raises(lede.ConfigError, match=r"`stage\[1\]\.fail_on` is None"):
        lede.Pipeline.from_dict({"stage": [{"kind": "fault", "fail_on": None}]})
    with pytest.raises(lede.ConfigError, match="requires `tokens`"):
        lede.Pipeline.from_dict({"stage": [{"kind": "gazetteer"}, {"kind": "tokenize"}]})


def test_config_errors_match_the_cli(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[stage]]\nkind = "tokenize"\n\n[[stage]]\nkind = "quantities"\nunit = "km"\n')
    with pytest.raises(lede.ConfigError) as e:
        lede.Pipeline.from_toml(bad)
    cli = run_cli(["run", str(bad), "--input", "-"], stdin="")
    assert cli.returncode == 2
    assert cli.stderr.strip() == f"lede: error: {e.value}"
    assert "stage[2]" in str(e.value) and "`unit`" in str(e.value)

    missing = tmp_path / "missing.toml"
    with pytest.raises(lede.ConfigError, match="cannot read config file") as e:
        lede.Pipeline.from_toml(missing)
    cli = run_cli(["run", str(missing), "--input", "-"], stdin="")
    assert cli.returncode == 2
    assert cli.stderr.strip() == f"lede: error: {e.value}"


def test_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dicts").mkdir()
    (tmp_path / "dicts" / "units.tsv").write_text(
        "id\ttype\tcanonical\taliases\n"
        "golden-division\tORG\tCounter Terrorism Service\tGolden Division|CTS\n"
    )
    (tmp_path / "p.toml").write_text(
        '[[stage]]\nkind = "tokenize"\n[[stage]]\nkind = "gazetteer"\ndictionaries = ["dicts/units.tsv"]\n'
    )
    text = "The Golden Division reached Mosul."
    # A file's paths resolve against its folder, wherever Python runs.
    [rec] = lede.Pipeline.from_toml(tmp_path / "p.toml").process([text])
    assert [e["id"] for e in rec["entities"]] == ["golden-division"]
    # A dict's paths resolve against the current folder.
    cfg = {"stage": [{"kind": "tokenize"}, {"kind": "gazetteer", "dictionaries": ["dicts/units.tsv"]}]}
    with pytest.raises(lede.ConfigError, match="dicts/units.tsv"):
        lede.Pipeline.from_dict(cfg)
    monkeypatch.chdir(tmp_path)
    [rec] = lede.Pipeline.from_dict(cfg).process([text])
    assert [e["id"] for e in rec["entities"]] == ["golden-division"]


def samples_as_dicts() -> list[dict[str, str]]:
    return [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(SAMPLES.glob("*.txt"))]


def test_same_output_as_the_binary_on_samples(nlp: lede.Pipeline) -> None:
    cli = run_cli(["run", "--input", "samples", "--output", "-", "-q"])
    assert cli.returncode == 0, cli.stderr
    expected = cli.stdout.splitlines()
    docs = samples_as_dicts()
    assert len(expected) == len(docs) == 10
    # Byte for byte, line for line.
    assert nlp.process_json(docs) == expected
    assert nlp.process(docs) == [json.loads(x) for x in expected]


def test_process_jsonl_is_the_stdin_filter(nlp: lede.Pipeline) -> None:
    lines = [json.dumps(d, ensure_ascii=False) for d in samples_as_dicts()[:3]]
    lines += ["", '{"text": "Gunfire was heard in Hawija."}', "not json", '["a"]', '{"id": null, "text": "Kirkuk"}']
    stdin = "\n".join(lines) + "\n"
    cli = run_cli(["run", "--input", "-", "--output", "-", "-q"], stdin=stdin)
    assert cli.returncode == 0, cli.stderr
    out = nlp.process_jsonl(lines)
    assert out == cli.stdout.splitlines()
    recs = [json.loads(x) for x in out]
    # One record per non-blank line; ids default to the line number.
    assert [r["id"] for r in recs][3:] == [5, 6, 7, 8]
    assert recs[4]["errors"][0]["message"].startswith("-:6: not valid JSON")
    assert recs[5]["errors"][0]["message"] == "-:7: expected a JSON object, found an array"


def test_parallel_output_equals_one_thread(nlp: lede.Pipeline) -> None:
    one = lede.Pipeline.from_dict({"run": {"threads": 1}, **DEFAULT})
    assert one.threads == 1
    batch = [MOSUL, RAQQA] * 50
    assert one.process_json(batch) == nlp.process_json(batch)


def test_the_gil_is_released_while_processing(nlp: lede.Pipeline) -> None:
    batch = [MOSUL + " " + RAQQA] * 30000
    t0 = time.perf_counter()
    nlp.process_json(batch[:3000])
    per_tenth = time.perf_counter() - t0
    done = threading.Event()

    def work() -> None:
        nlp.process_json(batch)
        done.set()

    worker = threading.Thread(target=work)
    beats: list[float] = []
    worker.start()
    while not done.is_set():
        beats.append(time.perf_counter())
        time.sleep(0.001)
    worker.join()
    gaps = [b - a for a, b in zip(beats, beats[1:])]
    # The whole batch takes about ten times `per_tenth`; had the GIL been
    # held, this thread would have stalled for all of it.
    assert len(beats) > 20
    assert max(gaps) < 5 * per_tenth


def test_pipelines_do_not_pickle(nlp: lede.Pipeline) -> None:
    with pytest.raises(TypeError, match="build it inside each worker"):
        pickle.dumps(nlp)


def test_introspection(nlp: lede.Pipeline) -> None:
    assert nlp.stage_names == ["tokenize", "gazetteer", "quantities", "attribution"]
    assert repr(nlp) == "Pipeline(tokenize -> gazetteer -> quantities -> attribution)"
    assert nlp.threads >= 1
    assert lede.__version__ == "0.1.0"
    assert issubclass(lede.ConfigError, ValueError)
    assert issubclass(lede.DocumentError, RuntimeError)
