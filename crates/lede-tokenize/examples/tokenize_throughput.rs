//! Tokenizer throughput in MB per second of CPU time (Linux:
//! `/proc/thread-self/schedstat`), next to wall time, so a figure taken on a
//! busy shared machine still means something. The criterion bench
//! (`cargo bench --bench tokenize`) is the reference; this is a cross-check.
//!
//! Run: `cargo run --release -p lede-tokenize --example tokenize_throughput -- DIR [PASSES]`
//! where DIR holds `*.jsonl` files with a `text` field per line.

use std::time::Instant;

use lede_core::{DocId, Document};
use lede_tokenize::Tokenizer;

/// CPU time of this thread in nanoseconds, when the kernel tells.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: throughput DIR [PASSES]");
    let passes: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(10);
    let mut docs = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("readable folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    paths.sort();
    for p in paths {
        for line in std::fs::read_to_string(&p).expect("readable file").lines() {
            let v: Option<serde_json::Value> = serde_json::from_str(line).ok();
            if let Some(t) = v
                .as_ref()
                .and_then(|v| v.get("text"))
                .and_then(|t| t.as_str())
            {
                docs.push(Document::new(DocId::line(docs.len() as u64 + 1), t));
            }
        }
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let tk = Tokenizer::default();
    for d in docs.iter_mut() {
        tk.annotate(d);
    }
    let (wall, cpu) = (Instant::now(), cpu_ns());
    for _ in 0..passes {
        for d in docs.iter_mut() {
            tk.annotate(d);
        }
    }
    let wall = wall.elapsed().as_secs_f64();
    let mb = (bytes * passes) as f64 / 1e6;
    print!(
        "{} docs, {:.1} MB x {passes}: {:.1} MB/s wall",
        docs.len(),
        bytes as f64 / 1e6,
        mb / wall
    );
    match (cpu, cpu_ns()) {
        (Some(a), Some(b)) => println!(", {:.1} MB/s CPU", mb / ((b - a) as f64 / 1e9)),
        _ => println!(),
    }
}
