//! The `gazetteer` stage alone: building the bundled automaton (places +
//! actors), matching over the news corpora (tokens precomputed by
//! `lede-tokenize` outside the timed loop), the automaton configurations the
//! default was chosen from, and a synthetic dictionary of one million aliases.
//!
//! Text: `../shared/data/news/*.jsonl` (override the folder with
//! `LEDE_NEWS_DIR`), or generated news-style text when absent.
//! `LEDE_BENCH_DFA=1` adds the DFA (about 300 MB and seconds to build).
//!
//! Run: `cargo bench --bench gazetteer`. Memory figures go to stderr.

use std::time::Instant;

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use lede_core::Token;
use lede_gazetteer::{
    bundled_dictionaries, parse_common_words, Dictionary, Entry, Gazetteer, MatchOptions, Scratch,
    COMMON_WORDS_TXT,
};

fn synthetic_dictionary() -> Dictionary {
    const SYL: &[&str] = &[
        "al", "ba", "qa", "ra", "mi", "sh", "ta", "ka", "dar", "ni", "zo", "ur", "fa", "je", "lo",
        "han", "bek", "sul", "ma", "ri",
    ];
    let mut seed: u64 = 2017;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut word = |n: usize| -> String {
        let mut w = String::new();
        for _ in 0..n {
            w.push_str(SYL[next() % SYL.len()]);
        }
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    let mut entries = Vec::with_capacity(500_000);
    for i in 0..500_000 {
        let canonical = format!("{} {}", word(2 + i % 3), word(3));
        let alias = format!("{} {} {}", word(2), word(2), word(1 + i % 2));
        entries.push(Entry {
            id: format!("syn:{i}"),
            entity_type: "ORG".into(),
            canonical,
            aliases: vec![alias],
            population: None,
            line: i + 1,
        });
    }
    Dictionary {
        name: "synthetic".into(),
        entries,
    }
}

fn corpus() -> (Vec<String>, Vec<Vec<Token>>, u64) {
    let (texts, source) = common::news_texts();
    eprintln!("gazetteer bench: {source}");
    let tokens: Vec<Vec<Token>> = texts.iter().map(|t| lede_tokenize::tokenize(t)).collect();
    let bytes = texts.iter().map(|t| t.len() as u64).sum();
    (texts, tokens, bytes)
}

fn match_all(
    g: &Gazetteer,
    texts: &[String],
    tokens: &[Vec<Token>],
    scratch: &mut Scratch,
) -> usize {
    let mut out = Vec::new();
    let mut n = 0;
    for (t, tk) in texts.iter().zip(tokens) {
        out.clear();
        g.find_into(t, tk, scratch, &mut out);
        n += out.len();
    }
    n
}

fn bench(c: &mut Criterion) {
    let (texts, tokens, bytes) = corpus();
    let dicts = bundled_dictionaries();
    let common = parse_common_words(COMMON_WORDS_TXT);
    let opts = MatchOptions::default();

    let mut group = c.benchmark_group("gazetteer_build");
    group.sample_size(10);
    group.bench_function("bundled_places_actors", |b| {
        b.iter(|| Gazetteer::build(&dicts, &common, opts))
    });
    group.finish();

    let mut kinds = vec![
        "contiguous-nfa",
        "noncontiguous-nfa",
        "contiguous-nfa:dense=4",
    ];
    if std::env::var_os("LEDE_BENCH_DFA").is_some() {
        kinds.push("dfa");
    }
    let mut group = c.benchmark_group("gazetteer_match");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    for kind in kinds {
        let t = Instant::now();
        let g = Gazetteer::build_with_automaton(&dicts, &common, opts, kind);
        eprintln!(
            "{kind}: built in {:.3}s; {} patterns; automaton {}; total {:.1} MB",
            t.elapsed().as_secs_f64(),
            g.pattern_count(),
            g.automaton_info(),
            g.memory_usage() as f64 / 1e6
        );
        let mut scratch = Scratch::default();
        group.bench_with_input(BenchmarkId::new("news", kind), &g, |b, g| {
            b.iter(|| match_all(g, &texts, &tokens, &mut scratch))
        });
    }
    group.finish();

    let syn = [synthetic_dictionary()];
    let none: [&str; 0] = [];
    let mut group = c.benchmark_group("gazetteer_synthetic_1m");
    group.sample_size(10);
    group.bench_function("build", |b| b.iter(|| Gazetteer::build(&syn, &none, opts)));
    let g = Gazetteer::build(&syn, &none, opts);
    eprintln!(
        "synthetic: {} aliases -> {} patterns; automaton {}; total {:.1} MB",
        syn[0].entries.len() * 2,
        g.pattern_count(),
        g.automaton_info(),
        g.memory_usage() as f64 / 1e6
    );
    group.throughput(Throughput::Bytes(bytes));
    let mut scratch = Scratch::default();
    group.bench_function("match_news", |b| {
        b.iter(|| match_all(&g, &texts, &tokens, &mut scratch))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
