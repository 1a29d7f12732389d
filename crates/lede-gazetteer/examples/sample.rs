//! Samples gazetteer matches from a JSONL news corpus for hand-checking
//! precision, and prints counts and a rough single-thread speed.
//!
//! ```text
//! cargo run --release -p lede-gazetteer --example sample -- 200 42 ../shared/data/news/*.jsonl
//! ```
//!
//! Prints one numbered line per sampled match: `type id | left [[match]] right`.
//! The sample is reproducible: a fixed-seed generator picks from all matches
//! in corpus order.

use std::time::Instant;

use lede_core::{Span, Token, TokenKind};
use lede_gazetteer::{
    bundled_dictionaries, parse_common_words, Gazetteer, MatchOptions, COMMON_WORDS_TXT,
};

/// Words (letters/digits with inner apostrophes, hyphens and dots) and single
/// punctuation marks; enough for boundaries (the real tokenizer is a stage).
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(j, d)) = it.peek() {
                let inner = matches!(d, '\'' | '’' | '-' | '.');
                if d.is_alphanumeric()
                    || (inner && text[j + d.len_utf8()..].starts_with(char::is_alphanumeric))
                {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
        }
        let kind = if c.is_alphanumeric() {
            TokenKind::Word
        } else {
            TokenKind::Punct
        };
        out.push(Token {
            span: Span::new(i, end),
            kind,
        });
    }
    out
}

/// Nanoseconds this thread has run on a CPU (Linux), so speeds stay
/// meaningful on a shared, loaded machine; falls back to 0.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: sample N SEED FILE.jsonl...");
        std::process::exit(2);
    }
    let n: usize = args[0].parse().expect("N");
    let mut seed: u64 = args[1].parse().expect("SEED");
    let mut texts = Vec::new();
    for path in &args[2..] {
        let body = std::fs::read_to_string(path).expect("read corpus");
        for line in body.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            let id = v["id"].to_string();
            texts.push((id, v["text"].as_str().unwrap_or("").to_string()));
        }
    }
    let t0 = Instant::now();
    let c0 = cpu_ns();
    let kind = std::env::var("LEDE_AC").unwrap_or_else(|_| "contiguous-nfa".into());
    let g = Gazetteer::build_with_automaton(
        &bundled_dictionaries(),
        &parse_common_words(COMMON_WORDS_TXT),
        MatchOptions::default(),
        &kind,
    );
    eprintln!(
        "build: {:.3}s wall, {:.3}s cpu, {} patterns, {} entities, {:.1} MB",
        t0.elapsed().as_secs_f64(),
        (cpu_ns() - c0) as f64 / 1e9,
        g.pattern_count(),
        g.entity_count(),
        g.memory_usage() as f64 / 1e6
    );
    eprintln!("automaton: {}", g.automaton_info());
    let toks: Vec<Vec<Token>> = texts.iter().map(|(_, t)| tokens(t)).collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let mut scratch = lede_gazetteer::Scratch::default();
    for search in [false, true] {
        let (t, c) = (Instant::now(), cpu_ns());
        let mut hits = 0;
        for (_, text) in &texts {
            hits += g.raw_scan(text, &mut scratch, search);
        }
        let s = t.elapsed().as_secs_f64();
        let cs = (cpu_ns() - c) as f64 / 1e9;
        eprintln!(
            "{} ({hits}): {:.0} MB/s wall, {:.0} MB per cpu-second",
            if search {
                "search without the checks"
            } else {
                "folding the whole text"
            },
            bytes as f64 / 1e6 / s,
            bytes as f64 / 1e6 / cs
        );
    }
    let (t1, c1) = (Instant::now(), cpu_ns());
    let mut per_doc: Vec<Vec<lede_core::Entity>> = Vec::with_capacity(texts.len());
    for ((_, text), tk) in texts.iter().zip(&toks) {
        let mut out = Vec::new();
        g.find_into(text, tk, &mut scratch, &mut out);
        per_doc.push(out);
    }
    let secs = t1.elapsed().as_secs_f64();
    let csecs = (cpu_ns() - c1) as f64 / 1e9;
    let all: Vec<(usize, lede_core::Entity)> = per_doc
        .into_iter()
        .enumerate()
        .flat_map(|(k, v)| v.into_iter().map(move |e| (k, e)))
        .collect();
    eprintln!(
        "full stage: {} docs, {:.1} MB, {} matches, {:.0} MB/s wall, {:.0} MB per cpu-second",
        texts.len(),
        bytes as f64 / 1e6,
        all.len(),
        bytes as f64 / 1e6 / secs,
        bytes as f64 / 1e6 / csecs
    );
    let mut by_type = std::collections::BTreeMap::new();
    for (_, e) in &all {
        *by_type.entry(e.entity_type.clone()).or_insert(0usize) += 1;
    }
    eprintln!("by type: {by_type:?}");
    // Partial Fisher-Yates with a 64-bit LCG: reproducible without a rand crate.
    let mut idx: Vec<usize> = (0..all.len()).collect();
    for i in 0..n.min(idx.len()) {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = i + (seed >> 33) as usize % (idx.len() - i);
        idx.swap(i, j);
    }
    for (no, &i) in idx.iter().take(n).enumerate() {
        let (k, e) = &all[i];
        let text = &texts[*k].1;
        let mut l = e.span.start.saturating_sub(50);
        while !text.is_char_boundary(l) {
            l -= 1;
        }
        let mut r = (e.span.end + 50).min(text.len());
        while !text.is_char_boundary(r) {
            r += 1;
        }
        let clean = |s: &str| s.replace(['\n', '\t'], " ");
        println!(
            "{:3}. {} {} | {}[[{}]]{}  ({})",
            no + 1,
            e.entity_type,
            e.id,
            clean(&text[l..e.span.start]),
            &text[e.span.start..e.span.end],
            clean(&text[e.span.end..r]),
            texts[*k].0
        );
    }
}
