//! The `patterns` stage alone (tokens precomputed outside the timed loop),
//! and the `command` stage's round trip with the Python example.
//!
//! Corpus: the texts of `../shared/data/news/*.jsonl` when present, else the
//! samples repeated to about 5 MB. Run: `cargo bench --bench patterns`.

use std::path::PathBuf;

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lede::{DocId, Document, Stage, StageContext};

fn build(kind: &str, config: &str) -> Box<dyn Stage> {
    let table: toml::Table = toml::from_str(config).unwrap();
    let mut ctx = StageContext::standalone(kind);
    ctx.base_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    lede::registry().build(kind, &table, &ctx).unwrap()
}

const PATTERNS: &str = r#"
output = "hits"
case = "insensitive"
[[patterns]]
label = "ORG"
phrases = ["Islamic State", "ISIS", "Daesh", "Peshmerga", "Counter Terrorism Service", "Federal Reserve", "European Union", "World Bank"]
[[patterns]]
label = "armed_force"
tokens = [{shape = "Xxxxx", op = "+"}, {in = ["forces", "brigade", "division", "units", "army"]}]
[[patterns]]
label = "casualty_claim"
tokens = [{kind = "number"}, {kind = "word", op = "*"}, {in = ["were", "was"]}, {in = ["killed", "wounded"]}]
[[patterns]]
label = "money"
regex = '(?P<cur>[$£€])(?P<value>\d[\d,.]*)\s?(?P<scale>bn|m|million|billion)?'
"#;

fn bench(c: &mut Criterion) {
    let (texts, source) = common::news_texts();
    eprintln!("patterns bench: {source}");
    let bytes: usize = texts.iter().map(String::len).sum();
    let tokenize = build("tokenize", "");
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut d = Document::new(DocId::line(i as u64 + 1), t.clone());
            tokenize.process(&mut d).unwrap();
            d
        })
        .collect();
    let mut g = c.benchmark_group("patterns");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    for (name, config) in [
        ("phrases_tokens_regex", PATTERNS),
        (
            "phrases_only",
            "case = \"insensitive\"\n[[patterns]]\nlabel = \"ORG\"\nphrases = [\"Islamic State\", \"ISIS\", \"Daesh\", \"World Bank\"]",
        ),
    ] {
        let stage = build("patterns", config);
        g.bench_function(name, |b| {
            b.iter_batched_ref(
                || docs.clone(),
                |docs| {
                    for d in docs.iter_mut() {
                        stage.process(d).unwrap();
                    }
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    g.finish();

    let has_python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if has_python {
        let mut g = c.benchmark_group("command");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(10);
        let stage = build(
            "command",
            "command = [\"python3\", \"examples/command-stage/stage.py\"]\nprocesses = 1",
        );
        g.bench_function("python_example_one_child", |b| {
            b.iter_batched_ref(
                || docs.clone(),
                |docs| {
                    for d in docs.iter_mut() {
                        stage.process(d).unwrap();
                    }
                },
                criterion::BatchSize::LargeInput,
            )
        });
        g.finish();
    } else {
        eprintln!("SKIPPED: command bench (python3 not on PATH)");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
