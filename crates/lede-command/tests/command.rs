//! The `command` stage against real child processes (Python, standard
//! library only): the example stage, restarts, timeouts, protocol errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use lede_command::{build, CommandStage};
use lede_core::{DocId, Document, Layer, Span, Stage, StageContext, Token, TokenKind};

/// True when `python3` runs; otherwise says clearly why the test is skipped.
fn python() -> bool {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: python3 is not on PATH; the command-stage tests need it");
    }
    ok
}

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/command-stage")
}

fn ctx(dir: &Path, name: &str) -> StageContext {
    let mut c = StageContext::standalone("command");
    c.index = 2;
    c.name = name.to_string();
    c.base_dir = dir.to_path_buf();
    c
}

fn stage_in(dir: &Path, config: &str) -> Result<CommandStage, String> {
    let table: toml::Table = toml::from_str(config).expect("test config is TOML");
    build(&table, &ctx(dir, "claims")).map_err(|e| e.to_string())
}

fn example(extra: &str) -> CommandStage {
    stage_in(
        &example_dir(),
        &format!("command = [\"python3\", \"stage.py\"]\n{extra}"),
    )
    .unwrap_or_else(|e| panic!("example stage should start: {e}"))
}

fn script(dir: &Path, name: &str, body: &str) {
    std::fs::write(dir.join(name), body).unwrap();
}

const PRELUDE: &str = "import json, sys\nhello = json.loads(sys.stdin.readline())\n";

fn doc(text: &str) -> Document {
    Document::new(DocId::line(1), text)
}

#[test]
fn example_tags_casualty_claims_with_roles_in_char_offsets() {
    if !python() {
        return;
    }
    let s = example("options = {keywords = [\"airstrike\"]}");
    assert_eq!(s.provides(), vec![Layer::Extra("claims".into())]);
    let mut d =
        doc("Qāmishlī — 21 ISIS fighters were killed; an airstrike killed some 30 Iraqi soldiers.");
    s.process(&mut d).unwrap();
    let items = &d.extra["claims"];
    let texts: Vec<(&str, &str)> = items
        .iter()
        .map(|a| (d.slice(a.span), a.label.as_str()))
        .collect();
    assert_eq!(
        texts,
        vec![
            ("21 ISIS fighters were killed", "casualty_claim"),
            ("airstrike", "keyword"),
            ("killed some 30 Iraqi soldiers", "casualty_claim"),
        ]
    );
    assert_eq!(d.slice(items[0].roles["group"]), "ISIS");
    assert_eq!(d.slice(items[0].roles["count"]), "21");
    assert_eq!(items[0].data["count"], 21);
    assert_eq!(d.slice(items[2].roles["verb"]), "killed");
    assert!(d.errors.is_empty(), "{:?}", d.errors);
}

#[test]
fn byte_offsets_mode_gives_the_same_spans() {
    if !python() {
        return;
    }
    let s = example("offsets = \"bytes\"");
    let mut d = doc("Qāmishlī — 21 ISIS fighters were killed.");
    s.process(&mut d).unwrap();
    assert_eq!(
        d.slice(d.extra["claims"][0].span),
        "21 ISIS fighters were killed"
    );
}

#[test]
fn a_crash_on_one_document_leaves_every_other_annotated() {
    if !python() {
        return;
    }
    let s = example("options = {crash_on = \"CRASH\"}");
    let docs: Vec<String> = (0..40)
        .map(|i| {
            if i == 13 {
                "CRASH: 5 fighters were killed".to_string()
            } else {
                format!("Document {i}: {i} ISIS fighters were killed near Raqqa.")
            }
        })
        .collect();
    // Four threads, like rayon workers, share the stage and its pool.
    let results: Vec<Document> = std::thread::scope(|sc| {
        let chunks: Vec<_> = docs
            .chunks(10)
            .map(|chunk| {
                let s = &s;
                sc.spawn(move || {
                    chunk
                        .iter()
                        .map(|t| {
                            let mut d = doc(t);
                            if let Err(e) = s.process(&mut d) {
                                d.record_error("claims", e.to_string());
                            }
                            d
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        chunks.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    for (i, d) in results.iter().enumerate() {
        if i == 13 {
            assert_eq!(d.errors.len(), 1);
            let m = &d.errors[0].message;
            assert!(m.contains("the program exited"), "{m}");
            assert!(
                m.contains("crash_on marker found"),
                "stderr tail is quoted: {m}"
            );
            assert!(m.contains("restarted"), "{m}");
        } else {
            assert!(d.errors.is_empty(), "doc {i}: {:?}", d.errors);
            assert_eq!(d.extra["claims"].len(), 1, "doc {i} annotated");
        }
    }
}

#[test]
fn a_hanging_child_is_killed_at_the_timeout_and_replaced() {
    if !python() {
        return;
    }
    let s = example("timeout_ms = 400\nprocesses = 1\noptions = {sleep_on = \"HANG\"}");
    let t0 = std::time::Instant::now();
    let mut d = doc("HANG here");
    let e = s.process(&mut d).unwrap_err().to_string();
    assert!(e.contains("no answer within 400 ms"), "{e}");
    assert!(t0.elapsed() < std::time::Duration::from_secs(5));
    let mut d = doc("Later, 3 soldiers were wounded.");
    s.process(&mut d).unwrap();
    assert_eq!(d.extra["claims"].len(), 1);
}

#[test]
fn a_document_error_from_the_program_is_returned_and_the_child_kept() {
    if !python() {
        return;
    }
    let s = example("options = {fail_on = \"BAD\"}");
    let e = s.process(&mut doc("BAD input")).unwrap_err().to_string();
    assert_eq!(e, "the program reported: fail_on marker found");
    let mut d = doc("2 civilians were injured.");
    s.process(&mut d).unwrap();
    assert_eq!(d.extra["claims"].len(), 1);
}

#[test]
fn layers_are_sent_and_offsets_converted_both_ways() {
    if !python() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        "echo.py",
        &format!(
            "{PRELUDE}print(json.dumps({{'lede_protocol': 1}}), flush=True)\n\
             for line in sys.stdin:\n    r = json.loads(line)\n    \
             out = [{{'start': s, 'end': e, 'label': k, 'data': {{'seen': r['text'][s:e] if hello['offsets'] == 'chars' else None}}}} for s, e, k in r['tokens']]\n    \
             print(json.dumps({{'n': r['n'], 'annotations': out}}), flush=True)\n"
        ),
    );
    for unit in ["chars", "bytes"] {
        let s = stage_in(
            dir.path(),
            &format!(
                "command = [\"python3\", \"echo.py\"]\nsend = [\"tokens\"]\noffsets = \"{unit}\""
            ),
        )
        .unwrap();
        assert_eq!(s.requires(), vec![Layer::Tokens]);
        let mut d = doc("Tal ʿAfar 🙂 fell");
        for (a, b, k) in [
            (0, 3, TokenKind::Word),
            (4, 10, TokenKind::Word),
            (11, 15, TokenKind::Emoji),
            (16, 20, TokenKind::Word),
        ] {
            d.tokens.push(Token {
                span: Span::new(a, b),
                kind: k,
            });
        }
        s.process(&mut d).unwrap();
        let got: Vec<&str> = d.extra["claims"].iter().map(|a| d.slice(a.span)).collect();
        assert_eq!(got, vec!["Tal", "ʿAfar", "🙂", "fell"], "{unit}");
        assert_eq!(d.extra["claims"][2].label, "emoji");
        if unit == "chars" {
            assert_eq!(d.extra["claims"][1].data["seen"], "ʿAfar");
        }
    }
}

#[test]
fn spans_that_do_not_fit_are_dropped_and_recorded() {
    if !python() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        "bad_spans.py",
        &format!(
            "{PRELUDE}print(json.dumps({{'lede_protocol': 1}}), flush=True)\n\
             for line in sys.stdin:\n    r = json.loads(line)\n    \
             print(json.dumps({{'n': r['n'], 'annotations': [{{'start': 0, 'end': 3, 'label': 'ok'}}, {{'start': 2, 'end': 999, 'label': 'bad'}}]}}), flush=True)\n"
        ),
    );
    let s = stage_in(
        dir.path(),
        "command = [\"python3\", \"bad_spans.py\"]\noffsets = \"bytes\"",
    )
    .unwrap();
    let mut d = doc("Mosul");
    s.process(&mut d).unwrap();
    assert_eq!(d.extra["claims"].len(), 1);
    assert_eq!(d.errors.len(), 1);
    assert!(
        d.errors[0].message.contains("dropped 1 annotation(s)"),
        "{:?}",
        d.errors
    );
    assert!(d.errors[0].message.contains("[2, 999)"), "{:?}", d.errors);
}

#[test]
fn protocol_errors_restart_the_child() {
    if !python() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        "noisy.py",
        &format!(
            "{PRELUDE}print(json.dumps({{'lede_protocol': 1}}), flush=True)\n\
             for line in sys.stdin:\n    r = json.loads(line)\n    \
             if 'NOISE' in r['text']:\n        print('debugging output', flush=True)\n        continue\n    \
             print(json.dumps({{'n': r['n'], 'annotations': []}}), flush=True)\n"
        ),
    );
    let s = stage_in(
        dir.path(),
        "command = [\"python3\", \"noisy.py\"]\nprocesses = 1",
    )
    .unwrap();
    let e = s.process(&mut doc("NOISE")).unwrap_err().to_string();
    assert!(
        e.contains("protocol error") && e.contains("`debugging output`"),
        "{e}"
    );
    let mut d = doc("quiet");
    s.process(&mut d).unwrap();
    assert!(d.extra["claims"].is_empty());
}

#[test]
fn startup_problems_are_config_errors() {
    if !python() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        "chatty.py",
        "print('starting up')\nimport time\ntime.sleep(5)\n",
    );
    script(
        dir.path(),
        "v2.py",
        &format!("{PRELUDE}print('{{\"lede_protocol\": 2}}', flush=True)\n"),
    );
    script(dir.path(), "dies.py", "import sys\nsys.stderr.write('ModuleNotFoundError: no module named spacy\\n')\nsys.exit(1)\n");
    let e = stage_in(dir.path(), "command = [\"python3\", \"chatty.py\"]").unwrap_err();
    assert!(
        e.starts_with("stage[2].command:")
            && e.contains("JSON handshake")
            && e.contains("`starting up`"),
        "{e}"
    );
    let e = stage_in(dir.path(), "command = [\"python3\", \"v2.py\"]").unwrap_err();
    assert!(e.contains("speaks lede protocol 2"), "{e}");
    let e = stage_in(dir.path(), "command = [\"python3\", \"dies.py\"]").unwrap_err();
    assert!(
        e.contains("no handshake") && e.contains("no module named spacy"),
        "{e}"
    );
    let e = stage_in(dir.path(), "command = [\"./no-such-program\"]").unwrap_err();
    assert!(
        e.contains("cannot start") && e.contains("no-such-program"),
        "{e}"
    );
    let e = stage_in(dir.path(), "command = []").unwrap_err();
    assert!(e.contains("name the program"), "{e}");
    let e = stage_in(dir.path(), "comand = [\"python3\"]").unwrap_err();
    assert!(e.contains("did you mean `command`"), "{e}");
    let e = stage_in(
        dir.path(),
        "command = [\"python3\"]\nsend = [\"quantities\"]",
    )
    .unwrap_err();
    assert!(e.starts_with("stage[2].send:"), "{e}");
}

#[test]
fn entities_output_takes_label_as_type() {
    if !python() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        "ents.py",
        &format!(
            "{PRELUDE}print(json.dumps({{'lede_protocol': 1}}), flush=True)\n\
             for line in sys.stdin:\n    r = json.loads(line)\n    i = r['text'].find('Hawija')\n    \
             out = [{{'start': i, 'end': i + 6, 'label': 'GPE', 'id': 'hawija', 'canonical': 'Hawija'}}] if i >= 0 else []\n    \
             print(json.dumps({{'n': r['n'], 'annotations': out}}), flush=True)\n"
        ),
    );
    let s = stage_in(
        dir.path(),
        "command = [\"python3\", \"ents.py\"]\noutput = \"entities\"",
    )
    .unwrap();
    assert_eq!(s.provides(), vec![Layer::Entities]);
    let mut d = doc("Qāmishlī and Hawija");
    s.process(&mut d).unwrap();
    assert_eq!(d.entities.len(), 1);
    assert_eq!(d.slice(d.entities[0].span), "Hawija");
    assert_eq!(
        (
            d.entities[0].entity_type.as_str(),
            d.entities[0].id.as_str()
        ),
        ("GPE", "hawija")
    );
}

#[test]
fn the_example_passes_the_conformance_suite() {
    if !python() {
        return;
    }
    let s = example("options = {keywords = [\"Mosul\"]}");
    lede_testkit::Conformance::new(vec![Box::new(s)])
        .big_text_bytes(1 << 20)
        .run()
        .assert_ok();
}
