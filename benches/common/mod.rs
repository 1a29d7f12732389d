//! What the stage benches share: the corpus they measure on.
//!
//! The texts of `../shared/data/news/*.jsonl` (another folder with
//! `LEDE_NEWS_DIR`), or, where that is absent (a user's fresh clone), about
//! 4 MB of `lede gen` documents built from the project's own samples.

use std::path::PathBuf;

/// The corpus texts and a word saying where they came from.
pub fn news_texts() -> (Vec<String>, &'static str) {
    let dir = std::env::var_os("LEDE_NEWS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/news"))
        });
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut texts = Vec::new();
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
    if !texts.is_empty() {
        return (texts, "news corpus");
    }
    let mut rng = lede::gen::Rng::new(1);
    let mut total = 0;
    while total < 4_000_000 {
        let doc = lede::gen::document(&mut rng);
        total += doc.len();
        texts.push(doc);
    }
    (texts, "generated text (lede gen)")
}
