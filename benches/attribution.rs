//! Throughput of the `attribution` stage alone, in bytes of text per second,
//! on the news corpora in `../shared/data/news/*.jsonl` (override the folder
//! with `LEDE_NEWS_DIR`), or on generated news-style text when they are
//! absent. Tokens and sentences are computed once, outside the timed loop
//! (by the `tokenize` stage when it is built, else the stage's own fallback
//! is timed too).
//!
//! Run: `cargo bench --bench attribution`.

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
        "BAGHDAD (AP) — Iraqi forces retook al-Ba'aj on Sunday, Army Colonel Ryan Dillon said in a statement.",
        "“The fighting,” he said, “is over.” A commander told AFP that 30 kilometres of the border were free.",
        "According to the PMU spokesman, dozens of families fled overnight. The militants' so-called “caliphate” is gone.",
        "Al-Assadi stressed that the desert was now under control, adding that the push toward al-Qaim would continue.",
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
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
