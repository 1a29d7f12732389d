//! Throughput of the `attribution` stage alone, in bytes of text per second,
//! on the news corpora in `../shared/data/news/*.jsonl` (override the folder
//! with `LEDE_NEWS_DIR`), or on generated news-style text when they are
//! absent. Tokens and sentences are computed once, outside the timed loop
//! (by the `tokenize` stage when it is built, else the stage's own fallback
//! is timed too).
//!
//! A second benchmark, `stage+model`, runs the stage with the span-boundary
//! model when a model file exists at `target/attr-model/boundary.txt` (or at
//! `LEDE_ATTR_MODEL`); train one with `lede train attribution --polnear
//! ../shared/data/polnear/train --out target/attr-model/boundary.txt` (add
//! `--cues` for the learned cue detector too).
//!
//! Run: `cargo bench --bench attribution`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lede::{DocId, Document, Stage, StageContext};

fn bench(c: &mut Criterion) {
    let (texts, source) = common::news_texts();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    eprintln!(
        "attribution bench: {} documents, {} bytes ({source})",
        texts.len(),
        bytes
    );
    let registry = lede::registry();
    let tokenizer = registry
        .build(
            "tokenize",
            &Default::default(),
            &StageContext::standalone("tokenize"),
        )
        .ok();
    let stage = registry
        .build(
            "attribution",
            &Default::default(),
            &StageContext::standalone("attribution"),
        )
        .expect("attribution stage builds");
    let mut docs: Vec<Document> = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let mut d = Document::new(DocId::line(i as u64 + 1), t);
            if let Some(tok) = &tokenizer {
                tok.process(&mut d).expect("tokenize never fails");
            }
            d
        })
        .collect();

    let mut group = c.benchmark_group("attribution");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("stage", |b| {
        b.iter(|| {
            for d in docs.iter_mut() {
                stage.process(d).expect("attribution never fails");
            }
        })
    });
    let model_path = std::env::var_os("LEDE_ATTR_MODEL")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/target/attr-model/boundary.txt"
            )
            .into()
        });
    if model_path.exists() {
        let model =
            lede_attribution::boundary::Model::load(&model_path).unwrap_or_else(|e| panic!("{e}"));
        let with_model = lede_attribution::Attribution::bundled().with_model(model);
        group.bench_function("stage+model", |b| {
            b.iter(|| {
                for d in docs.iter_mut() {
                    with_model.process(d).expect("attribution never fails");
                }
            })
        });
    } else {
        eprintln!(
            "attribution bench: no model at {}, stage+model skipped",
            model_path.display()
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
