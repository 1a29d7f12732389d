//! Throughput of the `quantities` stage alone, in bytes of text per second, on the news corpora
//! in `../shared/data/news/*.jsonl` (override the folder with `LEDE_NEWS_DIR`), or on generated
//! news-style text when they are absent. Tokens and sentences are computed once, outside the
//! timed loop, by the `tokenize` stage.
//!
//! Run: `cargo bench --bench quantity`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lede::{DocId, Document, StageContext};

fn bench(c: &mut Criterion) {
    let (texts, source) = common::news_texts();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    eprintln!(
        "quantity bench: {} documents, {} bytes ({source})",
        texts.len(),
        bytes
    );
    let registry = lede::registry();
    let build = |kind: &str| {
        registry
            .build(kind, &Default::default(), &StageContext::standalone(kind))
            .unwrap_or_else(|e| panic!("{kind} stage builds: {e}"))
    };
    let tokenize = build("tokenize");
    let stage = build("quantities");
    let mut docs: Vec<Document> = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let mut d = Document::new(DocId::line(i as u64 + 1), t);
            tokenize.process(&mut d).expect("tokenize never fails");
            d
        })
        .collect();
    let found: usize = docs
        .iter_mut()
        .map(|d| {
            stage.process(d).expect("quantities never fail");
            d.quantities.len()
        })
        .sum();
    eprintln!("quantity bench: {found} quantities per pass");

    let mut group = c.benchmark_group("quantity");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("stage", |b| {
        b.iter(|| {
            for d in docs.iter_mut() {
                stage.process(d).expect("quantities never fail");
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
