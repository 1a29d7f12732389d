//! The runner's I/O floor: a pipeline of one `noop` stage over a JSONL
//! corpus (read, parse, write JSON, in order), and the default pipeline.
//!
//! Corpus: `../shared/data/news/*.jsonl` when present, else the samples
//! repeated to about 5 MB. Run: `cargo bench --bench pipeline`.

use std::io::Write;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lede_pipeline::{run, Config, Counters, Input, Pipeline, RunOptions};

fn corpus() -> (PathBuf, u64) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let news = root.join("../shared/data/news");
    let dest = std::env::temp_dir().join(format!("lede-bench-corpus-{}.jsonl", std::process::id()));
    let mut out = std::fs::File::create(&dest).unwrap();
    let mut bytes = 0u64;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&news)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    if files.is_empty() {
        let mut samples: Vec<PathBuf> = std::fs::read_dir(root.join("samples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        samples.sort();
        let mut i = 0;
        while bytes < 5_000_000 {
            for s in &samples {
                let text = std::fs::read_to_string(s).unwrap();
                let line = serde_json::json!({"id": i, "text": text}).to_string();
                writeln!(out, "{line}").unwrap();
                bytes += line.len() as u64 + 1;
                i += 1;
            }
        }
    } else {
        for f in files {
            let data = std::fs::read(&f).unwrap();
            bytes += data.len() as u64;
            out.write_all(&data).unwrap();
        }
    }
    (dest, bytes)
}

fn bench(c: &mut Criterion) {
    let (path, bytes) = corpus();
    let input = Input::open(&path).unwrap();
    let registry = lede::registry();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let noop = Pipeline::from_toml_str("[[stage]]\nkind = \"noop\"\n", &registry).unwrap();
    let default_cfg = Config::from_path(&root.join("pipeline.toml")).unwrap();
    let full = Pipeline::build(&default_cfg, &registry).unwrap();

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    for threads in [1, 2] {
        let opts = RunOptions {
            threads,
            ..RunOptions::default()
        };
        g.bench_function(format!("noop_io_floor/{threads}t"), |b| {
            b.iter(|| {
                run(
                    &noop,
                    &input,
                    &mut std::io::sink(),
                    &opts,
                    &Counters::default(),
                )
                .unwrap()
            })
        });
        g.bench_function(format!("default/{threads}t"), |b| {
            b.iter(|| {
                run(
                    &full,
                    &input,
                    &mut std::io::sink(),
                    &opts,
                    &Counters::default(),
                )
                .unwrap()
            })
        });
    }
    g.finish();
    let _ = std::fs::remove_file(&path);
}

criterion_group!(benches, bench);
criterion_main!(benches);
