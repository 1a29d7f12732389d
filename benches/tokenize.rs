//! Throughput of the `tokenize` stage alone (tokens + sentences), in bytes of
//! text per second, on the news corpora in `../shared/data/news/*.jsonl`
//! (override the folder with `LEDE_NEWS_DIR`), or on generated news-style
//! text when they are absent.
//!
//! Run: `cargo bench --bench tokenize`.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lede::{DocId, Document, StageContext};

fn news_dir() -> PathBuf {
    std::env::var_os("LEDE_NEWS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/news"))
        })
}

fn load_news(dir: &Path) -> Vec<String> {
    let mut texts = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return texts;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for f in files {
        let Ok(content) = std::fs::read_to_string(&f) else {
            continue;
        };
        for line in content.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    texts.push(t.to_string());
                }
            }
        }
    }
    texts
}

/// About 4 MB of generated news-style text, written for this bench.
fn fallback() -> Vec<String> {
    let paras = [
        "Iraqi forces retook 27,000 square kilometres near al-Ba'aj on Nov. 7, 2017, Col. Ryan Dillon said.",
        "\"We are advancing,\" a commander told AFP. U.S. jets struck 90% of the targets; the strikes cost $3.5bn.",
        "SOURCE:AFP\naccess_time3 years ago\nMore at https://example.org/news/iraq-syria or mail desk@example.org.",
        "Lt. Gen. Sami al-Aridi didn't confirm the toll… Some 1,500 fighters remain in the desert west of Mosul.",
    ];
    let mut texts = Vec::new();
    let mut total = 0;
    let mut k = 0usize;
    while total < 4_000_000 {
        let mut doc = String::new();
        for j in 0..8 {
            doc.push_str(paras[(k + j) % paras.len()]);
            doc.push_str("\n\n");
        }
        total += doc.len();
        texts.push(doc);
        k += 1;
    }
    texts
}

fn bench(c: &mut Criterion) {
    let mut texts = load_news(&news_dir());
    let source = if texts.is_empty() {
        texts = fallback();
        "generated text"
    } else {
        "news corpus"
    };
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
