//! Throughput of the `quantities` stage alone, in bytes of text per second, on the news corpora
//! in `../shared/data/news/*.jsonl` (override the folder with `LEDE_NEWS_DIR`), or on generated
//! news-style text when they are absent. Tokens and sentences are computed once, outside the
//! timed loop, by the `tokenize` stage.
//!
//! Run: `cargo bench --bench quantity`.

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
        "Iraqi forces retook some 27,000 square kilometres near al-Ba'aj on Nov. 7, 2017, a spokesman said.",
        "More than 80 percent of the group's fighters were killed, and 21 ISIS fighters surrendered near Hawija.",
        "Rebuilding Mosul will cost $3.5bn, while oil exports rose 2.1 per cent to 3.3 million barrels per day.",
        "The convoy travelled 320 kilometers (200 miles) in six hours, passing a dozen villages and the F-16 base.",
        "Officials said the curfew ends at 6 a.m. and that between 10 and 15 towns remain under siege since 2014.",
        "The commander, 44, told reporters the offensive was the third in three years and that one of them failed.",
    ];
    let mut texts = Vec::new();
    let mut total = 0;
    let mut k = 0usize;
    while total < 4_000_000 {
        let mut doc = String::new();
        for j in 0..8 {
            doc.push_str(paras[(k + j) % paras.len()]);
            doc.push_str(if j % 3 == 2 { "\n\n" } else { " " });
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
