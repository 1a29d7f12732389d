//! Splits the gazetteer's single-thread time between folding the text,
//! searching the automaton and checking hits, in MB per CPU-second (so the
//! figures stay meaningful on a loaded machine), for profiling with `perf`.
//!
//! ```text
//! cargo run --release -p lede-gazetteer --example gazetteer_throughput -- 5 ../shared/data/news/*.jsonl
//! ```

use std::time::Instant;

use lede_gazetteer::{
    bundled_dictionaries, parse_common_words, Gazetteer, MatchOptions, Scratch, COMMON_WORDS_TXT,
};

fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mode = std::env::var("MODE").unwrap_or_default();
    let mut texts = Vec::new();
    for path in args {
        let body = std::fs::read_to_string(&path).expect("readable corpus file");
        for line in body.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    texts.push(t.to_string());
                }
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let t = Instant::now();
    let g = Gazetteer::build(
        &bundled_dictionaries(),
        &parse_common_words(COMMON_WORDS_TXT),
        MatchOptions::default(),
    );
    eprintln!("built in {:.3}s", t.elapsed().as_secs_f64());
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    // DUMP=FILE writes every match (document, span, id, candidates), so a
    // change to the matcher can be checked to find exactly the same.
    if let Ok(path) = std::env::var("DUMP") {
        use std::fmt::Write as _;
        let mut dump = String::new();
        for (d, t) in texts.iter().enumerate() {
            out.clear();
            g.find_into(t, &[], &mut scratch, &mut out);
            for e in &out {
                let _ = writeln!(
                    dump,
                    "{d}\t{}\t{}\t{}\t{}",
                    e.span.start,
                    e.span.end,
                    e.id,
                    e.candidates.join("|")
                );
            }
        }
        std::fs::write(&path, dump).expect("writable dump file");
    }
    for pass in ["fold", "scan", "find"] {
        if !mode.is_empty() && mode != pass {
            continue;
        }
        let c0 = cpu_ns();
        let mut n = 0;
        for _ in 0..repeat {
            for t in &texts {
                match pass {
                    "fold" => n += g.raw_scan(t, &mut scratch, false),
                    "scan" => n += g.raw_scan(t, &mut scratch, true),
                    _ => {
                        out.clear();
                        g.find_into(t, &[], &mut scratch, &mut out);
                        n += out.len();
                    }
                }
            }
        }
        let secs = (cpu_ns() - c0) as f64 / 1e9;
        println!(
            "{pass}: {:.1} MB per CPU-second ({n} units, {:.1} MB x {repeat})",
            (bytes * repeat) as f64 / 1e6 / secs,
            bytes as f64 / 1e6
        );
    }
}
