//! Extraction throughput per CPU second (not wall time, so it holds on a busy machine), over
//! the `text` fields of the JSONL files given as arguments, each document taken as one
//! sentence. For the criterion bench with real sentences see `benches/quantity.rs`.
//!
//! `cargo run --release -p lede-quantity --example cputime -- ../shared/data/news/*.jsonl`

fn thread_cpu_seconds() -> f64 {
    // utime + stime of this thread, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let t = |k: usize| f.get(k).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

fn main() {
    let mut texts = Vec::new();
    for path in std::env::args().skip(1) {
        let src = std::fs::read_to_string(&path).expect("readable file");
        for line in src.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    texts.push(t.to_string());
                }
            }
        }
    }
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let x = lede_quantity::Extractor::bundled();
    let mut out = Vec::new();
    let start = thread_cpu_seconds();
    let mut passes = 0;
    let mut found = 0;
    while thread_cpu_seconds() - start < 10.0 || passes == 0 {
        for t in &texts {
            out.clear();
            x.extract_into(t, &[], &mut out);
            found += out.len();
        }
        passes += 1;
    }
    let cpu = thread_cpu_seconds() - start;
    println!(
        "{passes} passes over {bytes} bytes, {} quantities per pass, {:.1} MB per CPU second",
        found / passes,
        (bytes * passes) as f64 / cpu / 1e6
    );
}
