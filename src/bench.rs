//! `lede bench`: throughput of a pipeline per stage and per thread count.
//!
//! Each thread count gets a warm-up pass and then `repeat` timed passes over
//! the whole input with the output discarded (it is still serialised: JSON
//! writing is part of the cost users pay). Medians are reported, because the
//! machines this runs on are shared and noisy.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use lede_core::Registry;
use lede_pipeline::{run, Config, Counters, Input, Pipeline, RunOptions};
use serde_json::json;

/// Options of `lede bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The pipeline config.
    #[arg(default_value = "pipeline.toml")]
    pub config: PathBuf,
    /// The corpus (default: the samples repeated to about 4 MB).
    #[arg(long, short)]
    pub input: Option<PathBuf>,
    /// Thread counts to measure, comma-separated.
    #[arg(long, short = 'j', default_value = "1,2", value_delimiter = ',', value_parser = parse_thread_list)]
    pub threads: Vec<usize>,
    /// Timed passes per thread count (the median is reported).
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

fn parse_thread_list(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{s:?} is not a thread count (a whole number from 1)"
        )),
    }
}

/// One thread count's measurements.
struct Row {
    threads: usize,
    seconds: Vec<f64>,
    /// Per stage: name and median busy seconds (summed over threads).
    stages: Vec<(String, f64)>,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Peak resident memory of this process so far, in bytes (Linux; None elsewhere).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn default_corpus() -> Result<(PathBuf, bool)> {
    let path =
        std::env::temp_dir().join(format!("lede-bench-samples-{}.jsonl", std::process::id()));
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
    );
    crate::gen::write_corpus(&mut f, 4_000_000, 1)?;
    Ok((path, true))
}

/// Runs the benchmark and prints its report.
pub fn run_bench(args: &Args, registry: &Registry) -> Result<()> {
    if args.repeat == 0 {
        bail!("--repeat must be at least 1");
    }
    let cfg = Config::from_path(&args.config)?;
    let pipeline = Pipeline::build(&cfg, registry)?;
    let (path, temporary) = match &args.input {
        Some(p) => (p.clone(), false),
        None => default_corpus()?,
    };
    let result = measure(&cfg, &pipeline, &path, args);
    if temporary {
        let _ = std::fs::remove_file(&path);
    }
    let (rows, bytes, docs) = result?;
    report(args, &path, temporary, &rows, bytes, docs)
}

fn measure(
    cfg: &Config,
    pipeline: &Pipeline,
    path: &Path,
    args: &Args,
) -> Result<(Vec<Row>, u64, u64)> {
    let input = Input::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut rows = Vec::new();
    let (mut bytes, mut docs) = (0, 0);
    for &threads in &args.threads {
        let opts = RunOptions {
            threads,
            max_error_messages: 0,
            ..RunOptions::from_config(cfg)
        };
        let pass = || -> Result<(Duration, u64, u64)> {
            pipeline.reset_timings();
            let t0 = Instant::now();
            let s = run(
                pipeline,
                &input,
                &mut std::io::sink(),
                &opts,
                &Counters::default(),
            )?;
            Ok((t0.elapsed(), s.bytes, s.docs))
        };
        pass()?; // warm-up: page cache, allocator, lazy tables
        let mut seconds = Vec::new();
        let mut per_stage: Vec<Vec<f64>> = vec![Vec::new(); pipeline.stage_names().len()];
        for _ in 0..args.repeat {
            let (d, b, n) = pass()?;
            (bytes, docs) = (b, n);
            seconds.push(d.as_secs_f64());
            for (i, t) in pipeline.timings().iter().enumerate() {
                per_stage[i].push(t.busy.as_secs_f64());
            }
        }
        let stages = pipeline
            .stage_names()
            .iter()
            .zip(per_stage.iter_mut())
            .map(|(n, v)| (n.to_string(), median(v)))
            .collect();
        rows.push(Row {
            threads,
            seconds,
            stages,
        });
    }
    Ok((rows, bytes, docs))
}

fn report(
    args: &Args,
    path: &Path,
    generated: bool,
    rows: &[Row],
    bytes: u64,
    docs: u64,
) -> Result<()> {
    let mb = bytes as f64 / 1e6;
    let base = rows
        .iter()
        .find(|r| r.threads == 1)
        .map(|r| median(&mut r.seconds.clone()));
    let rss = peak_rss();
    let corpus = if generated {
        "samples repeated (lede gen --bytes 4000000 --seed 1)".to_string()
    } else {
        path.display().to_string()
    };
    if args.json {
        let out = json!({
            "corpus": corpus, "bytes": bytes, "docs": docs, "repeat": args.repeat,
            "peak_rss_bytes": rss,
            "runs": rows.iter().map(|r| {
                let med = median(&mut r.seconds.clone());
                let total: f64 = r.stages.iter().map(|s| s.1).sum();
                json!({
                    "threads": r.threads,
                    "median_seconds": med,
                    "mb_per_s": mb / med,
                    "docs_per_s": docs as f64 / med,
                    "speedup_over_1_thread": base.map(|b| b / med),
                    "stages": r.stages.iter().map(|(n, s)| json!({
                        "name": n,
                        "busy_seconds": s,
                        "share": if total > 0.0 { s / total } else { 0.0 },
                        "mb_per_s_per_thread": if *s > 0.0 { mb / s } else { f64::INFINITY },
                    })).collect::<Vec<_>>(),
                })
            }).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "corpus: {corpus}: {docs} documents, {mb:.2} MB; {} timed passes per thread count, medians",
        args.repeat
    );
    for r in rows {
        let med = median(&mut r.seconds.clone());
        let speedup =
            base.map_or_else(String::new, |b| format!(" · {:.2}x over 1 thread", b / med));
        println!(
            "\n{} thread(s): {:.2} MB/s · {:.0} docs/s · {:.3} s{speedup}",
            r.threads,
            mb / med,
            docs as f64 / med,
            med
        );
        let total: f64 = r.stages.iter().map(|s| s.1).sum();
        println!("  {:<20} {:>7} {:>16}", "stage", "share", "MB/s per thread");
        for (n, s) in &r.stages {
            let share = if total > 0.0 { 100.0 * s / total } else { 0.0 };
            let speed = if *s > 0.0 {
                format!("{:.1}", mb / s)
            } else {
                "-".into()
            };
            println!("  {n:<20} {share:>6.1}% {speed:>16}");
        }
    }
    if let Some(r) = rss {
        println!("\npeak RSS: {:.1} MB", r as f64 / 1e6);
    }
    Ok(())
}
