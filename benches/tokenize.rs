//! Throughput of the `tokenize` stage alone (tokens + sentences), in bytes of
//! text per second, on the news corpora in `../shared/data/news/*.jsonl`
//! (override the folder with `LEDE_NEWS_DIR`), or on generated news-style
//! text when they are absent.
//!
//! Run: `cargo bench --bench tokenize`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lede::{DocId, Document, StageContext};

fn bench(c: &mut Criterion) {
    let (texts, source) = common::news_texts();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    eprintln!(
        "tokenize bench: {} documents, {} bytes ({source})",
        texts.len(),
        bytes
    );
    let registry = lede::registry();
    let stage = registry
        .build(
            "tokenize",
            &Default::default(),
            &StageContext::standalone("tokenize"),
        )
        .expect("tokenize stage builds");
    let mut docs: Vec<Document> = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| Document::new(DocId::line(i as u64 + 1), t))
        .collect();

    let mut group = c.benchmark_group("tokenize");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("stage", |b| {
        b.iter(|| {
            for d in docs.iter_mut() {
                stage.process(d).expect("tokenize never fails");
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
