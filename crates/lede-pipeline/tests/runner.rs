//! The runner and the pipeline builder, exercised with test-only stages.

use std::io::Write;
use std::path::PathBuf;

use lede_core::{
    Annotation, ConfigError, Document, Layer, Registry, Span, Stage, StageContext, StageError,
    StageInfo, Token, TokenKind,
};
use lede_pipeline::{run, Config, Counters, Input, OnError, Pipeline, RunError, RunOptions};
use serde::Deserialize;
use serde_json::Value;

/// Splits on spaces: a stand-in tokenizer.
struct Spaces;
impl Stage for Spaces {
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Tokens]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut start = None;
        for (i, c) in doc.text.char_indices().chain([(doc.text.len(), ' ')]) {
            match (c == ' ', start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    doc.tokens.push(Token {
                        span: Span::new(s, i),
                        kind: TokenKind::Word,
                    });
                    start = None;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Needs tokens; marks each token in an extra layer; fails on "FAIL", panics on "PANIC".
struct Marks;
impl Stage for Marks {
    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Tokens]
    }
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Extra("marks".into())]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.text.contains("PANIC") {
            panic!("asked to panic");
        }
        if doc.text.contains("FAIL") {
            return Err(StageError::new("asked to fail"));
        }
        let items = doc
            .tokens
            .iter()
            .map(|t| Annotation {
                span: t.span,
                label: "tok".into(),
                ..Annotation::default()
            })
            .collect();
        doc.extra.insert("marks".into(), items);
        Ok(())
    }
}

/// Writes a span inside a multi-byte character: the pipeline must catch it.
struct BadSpans;
impl Stage for BadSpans {
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Sentences]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.sentences.push(Span::new(0, doc.text.len()));
        doc.sentences.push(Span::new(1, 2));
        doc.sentences.push(Span::new(0, doc.text.len() + 5));
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarksOptions {
    #[serde(default)]
    #[allow(dead_code)]
    label: Option<String>,
}

fn registry() -> Registry {
    let mut r = Registry::new();
    r.register(
        StageInfo::new("spaces", "test tokenizer").provides([Layer::Tokens]),
        |_, _| Ok(Box::new(Spaces)),
    );
    r.register(
        StageInfo::new("marks", "test marker")
            .requires([Layer::Tokens])
            .option("label", "string", "tok", "unused"),
        |t, ctx: &StageContext| {
            let _: MarksOptions = ctx.options(t)?;
            Ok(Box::new(Marks))
        },
    );
    r.register(StageInfo::new("bad_spans", "writes bad spans"), |_, _| {
        Ok(Box::new(BadSpans))
    });
    r
}

fn pipeline(toml: &str) -> Result<Pipeline, ConfigError> {
    Pipeline::from_toml_str(toml, &registry())
}

const GOOD: &str = "[[stage]]\nkind = \"spaces\"\n[[stage]]\nkind = \"marks\"\n";

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lede-runner-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

fn run_lines(p: &Pipeline, input: &[u8], opts: &RunOptions) -> (Result<(), RunError>, Vec<Value>) {
    let path = temp_file(&format!("in-{}.jsonl", input.len()), input);
    let mut out = Vec::new();
    let r = run(
        p,
        &Input::open(&path).unwrap(),
        &mut out,
        opts,
        &Counters::default(),
    )
    .map(|_| ());
    let lines = out
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    (r, lines)
}

#[test]
fn order_violation_names_both_stages() {
    let e = pipeline("[[stage]]\nkind = \"marks\"\n[[stage]]\nkind = \"spaces\"\n").unwrap_err();
    let m = e.to_string();
    assert!(m.contains("stage[1] `marks` requires `tokens`"), "{m}");
    assert!(
        m.contains("stage[2] `spaces` provides only after it"),
        "{m}"
    );
    let e = pipeline("[[stage]]\nkind = \"marks\"\n").unwrap_err();
    assert!(
        e.to_string()
            .contains("add a stage of kind `spaces` before it"),
        "{e}"
    );
}

#[test]
fn stage_options_and_kinds_are_checked() {
    let e = pipeline("[[stage]]\nkind = \"spaces\"\n[[stage]]\nkind = \"marks\"\nlabl = \"x\"\n")
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("unknown key `labl` in stage[2] (did you mean `label`?)"),
        "{e}"
    );
    let e = pipeline("[[stage]]\nkind = \"space\"\n").unwrap_err();
    assert!(e.to_string().contains("did you mean `spaces`"), "{e}");
    let e = pipeline("[[stage]]\nkind = \"spaces\"\n[[stage]]\nkind = \"spaces\"\n").unwrap_err();
    assert!(
        e.to_string().contains("two stages are named `spaces`"),
        "{e}"
    );
    assert!(pipeline(
        "[[stage]]\nkind = \"spaces\"\n[[stage]]\nkind = \"spaces\"\nname = \"again\"\n"
    )
    .is_ok());
}

#[test]
fn many_documents_keep_input_order_across_threads() {
    let p = pipeline(GOOD).unwrap();
    let mut input = Vec::new();
    for i in 0..3000 {
        // Uneven sizes so chunks finish out of order.
        let words = "word ".repeat((i * 7919) % 97);
        writeln!(input, "{{\"id\": {i}, \"text\": \"{words}doc{i}\"}}").unwrap();
    }
    let mut opts = RunOptions {
        threads: 2,
        batch_docs: 7,
        ..RunOptions::default()
    };
    opts.include.tokens = true;
    let (r, lines) = run_lines(&p, &input, &opts);
    r.unwrap();
    assert_eq!(lines.len(), 3000);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], i, "output order must equal input order");
        let n = (i * 7919) % 97 + 1;
        assert_eq!(l["tokens"].as_array().unwrap().len(), n);
        assert_eq!(l["marks"].as_array().unwrap().len(), n);
    }
}

#[test]
fn failures_are_recorded_and_the_run_goes_on() {
    let p = pipeline(GOOD).unwrap();
    let input = b"{\"id\":\"a\",\"text\":\"x y\"}\n{\"id\":\"b\",\"text\":\"FAIL here\"}\n{\"id\":\"c\",\"text\":\"PANIC now\"}\n{\"id\":\"d\",\"text\":\"z\"}\n";
    let (r, lines) = run_lines(&p, input, &RunOptions::default());
    r.unwrap();
    let ids: Vec<_> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(lines[1]["errors"][0]["stage"], "marks");
    assert_eq!(lines[1]["errors"][0]["message"], "asked to fail");
    assert!(lines[2]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("stage panicked: asked to panic"));
    assert_eq!(lines[3]["errors"], serde_json::json!([]));
    assert_eq!(lines[3]["marks"][0]["text"], "z");
}

#[test]
fn abort_stops_at_the_failing_document() {
    let p = pipeline(GOOD).unwrap();
    let input = b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"FAIL\"}\n{\"id\":\"c\",\"text\":\"y\"}\n";
    let opts = RunOptions {
        on_error: OnError::Abort,
        threads: 1,
        ..RunOptions::default()
    };
    let (r, lines) = run_lines(&p, input, &opts);
    match r {
        Err(RunError::Aborted { id, stage, .. }) => {
            assert_eq!(id, "b");
            assert_eq!(stage, "marks");
        }
        other => panic!("expected an abort, got {other:?}"),
    }
    assert_eq!(
        lines.len(),
        2,
        "documents up to the failing one are written"
    );
}

#[test]
fn dependents_of_a_failed_stage_are_skipped_with_a_reason() {
    let mut r = registry();
    r.register(StageInfo::new("broken_tok", "x"), |_, _| {
        struct B;
        impl Stage for B {
            fn provides(&self) -> Vec<Layer> {
                vec![Layer::Tokens]
            }
            fn process(&self, _: &mut Document) -> Result<(), StageError> {
                Err("no tokens today".into())
            }
        }
        Ok(Box::new(B))
    });
    let p = Pipeline::from_toml_str(
        "[[stage]]\nkind = \"broken_tok\"\n[[stage]]\nkind = \"marks\"\n",
        &r,
    )
    .unwrap();
    let mut d = Document::new(None, "a b");
    assert!(p.process(&mut d));
    assert_eq!(d.errors.len(), 2);
    assert_eq!(d.errors[1].stage, "marks");
    assert!(d.errors[1].message.contains("skipped: needs `tokens`"));
}

#[test]
fn invalid_spans_are_removed_and_reported() {
    let p = pipeline("[[stage]]\nkind = \"bad_spans\"\n").unwrap();
    let mut d = Document::new(None, "ā b");
    p.process(&mut d);
    assert_eq!(d.sentences, vec![Span::new(0, 4)]);
    assert!(
        d.errors[0].message.contains("removed 2 annotation(s)"),
        "{:?}",
        d.errors
    );
}

#[test]
fn config_paths_resolve_against_the_config_folder() {
    let dir = std::env::temp_dir().join(format!("lede-cfg-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let cfg_path = dir.join("sub/p.toml");
    std::fs::write(&cfg_path, "[input]\npath = \"corpus\"\n").unwrap();
    let c = Config::from_path(&cfg_path).unwrap();
    assert_eq!(
        c.resolve(c.input.path.as_deref().unwrap()),
        dir.join("sub/corpus")
    );
    let e = Config::from_path(&dir.join("missing.toml")).unwrap_err();
    assert!(e.to_string().contains("cannot read config file"), "{e}");
}

#[test]
fn extra_layers_may_not_shadow_output_keys() {
    struct Shadow(&'static str);
    impl Stage for Shadow {
        fn provides(&self) -> Vec<Layer> {
            vec![Layer::Extra(self.0.into())]
        }
        fn process(&self, _: &mut Document) -> Result<(), StageError> {
            Ok(())
        }
    }
    for (name, ok) in [("errors", false), ("text", false), ("casualties", true)] {
        let mut r = Registry::new();
        r.register(StageInfo::new("shadow", "x"), move |_, _| {
            Ok(Box::new(Shadow(name)))
        });
        let built = Pipeline::from_toml_str("[[stage]]\nkind = \"shadow\"\n", &r);
        assert_eq!(built.is_ok(), ok, "{name}");
        if let Err(e) = built {
            assert!(
                e.to_string()
                    .contains(&format!("extra layer named `{name}`")),
                "{e}"
            );
        }
    }
}
