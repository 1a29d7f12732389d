//! The `lede` command line.
//!
//! A program with stages of its own calls [`main`] with its registry and
//! gets the whole command line, so `lede run`, `lede check` and `lede stages`
//! know its stages.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::{Parser, Subcommand};
use lede_core::Registry;
use lede_pipeline::{run, Config, Counters, Input, OnError, Pipeline, RunError, RunOptions};

const EXIT_CODES: &str = "\
Exit status:
  0  the run finished (documents with errors are still written, with their errors);
     also when the reader of stdout closes the pipe early
  1  the run failed: unreadable input or output, `on_error = \"abort\"` hit a document
     error, or an evaluation scored below a --min floor
  2  bad usage or configuration (unknown key, bad stage order, missing file), and
     `lede check` on any problem";

/// lede: structured facts from news text.
#[derive(Debug, Parser)]
#[command(name = "lede", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a pipeline over documents: JSONL out on stdout or a file.
    #[command(after_help = EXIT_CODES)]
    Run(RunArgs),
    /// Validate a config, its files and its stage order; run nothing.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// The pipeline config.
        #[arg(default_value = "pipeline.toml")]
        config: PathBuf,
    },
    /// List the registered stage kinds with their options, requires and provides.
    Stages {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score a stage against gold data.
    #[command(subcommand)]
    Eval(crate::eval::EvalCommand),
    /// Train a stage's learned piece from gold data (the model stays local).
    #[command(subcommand)]
    Train(crate::eval::TrainCommand),
    /// Measure throughput per stage and per thread count (output discarded).
    Bench(crate::bench::Args),
    /// Write a synthetic news-style JSONL corpus of a given size (for scale tests).
    Gen {
        /// At least this many bytes of JSONL.
        #[arg(long)]
        bytes: u64,
        /// Random seed: the same seed gives the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A file, or - for stdout.
        #[arg(long, short, default_value = "-")]
        output: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// The pipeline config.
    #[arg(default_value = "pipeline.toml")]
    config: PathBuf,
    /// Input: a .jsonl file, a .txt file, a folder, or - for JSONL on stdin (overrides [input] path).
    #[arg(long, short)]
    input: Option<PathBuf>,
    /// Output: a file, or - for stdout (overrides [output] path).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Worker threads, 0 for one per core (overrides [run] threads).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// Stop at the first document error (overrides [run] on_error).
    #[arg(long)]
    strict: bool,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs the CLI with the given registry and returns the process exit code.
pub fn main(registry: Registry) -> ExitCode {
    let cli = Cli::parse();
    // Stage panics are caught and recorded on their document; one line on
    // stderr says where, instead of a backtrace per document.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("lede: panic{at}: {msg}");
    }));
    match cli.command {
        Command::Run(args) => cmd_run(&args, &registry),
        Command::Check { config } => cmd_check(&config, &registry),
        Command::Stages { json } => report(cmd_stages(json, &registry), 1),
        Command::Eval(cmd) => report(crate::eval::run(&cmd, &registry), 1),
        Command::Train(cmd) => report(crate::eval::train(&cmd, &registry), 1),
        Command::Bench(args) => report(crate::bench::run_bench(&args, &registry), 1),
        Command::Gen {
            bytes,
            seed,
            output,
        } => report(cmd_gen(bytes, seed, &output), 1),
    }
}

fn report(r: Result<()>, code: u8) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops reading (`lede stages | head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lede: error: {e:#}");
            ExitCode::from(code)
        }
    }
}

/// A config and the pipeline it builds, or the exit code of the failure.
fn load(config: &Path, registry: &Registry) -> Result<(Config, Pipeline), ExitCode> {
    let cfg = Config::from_path(config).map_err(|e| {
        eprintln!("lede: error: {e}");
        if !config.exists() && config == Path::new("pipeline.toml") {
            eprintln!("lede: hint: run from the folder holding pipeline.toml, or name a config: lede run path/to/pipeline.toml");
        }
        ExitCode::from(2)
    })?;
    let pipeline = Pipeline::build(&cfg, registry).map_err(|e| {
        eprintln!("lede: error: {e}");
        ExitCode::from(2)
    })?;
    Ok((cfg, pipeline))
}

fn input_path(cfg: &Config, flag: &Option<PathBuf>) -> Option<PathBuf> {
    match flag {
        Some(p) => Some(p.clone()),
        None => cfg.input.path.as_deref().map(|p| cfg.resolve(p)),
    }
}

fn output_path(cfg: &Config, flag: &Option<PathBuf>) -> PathBuf {
    match flag {
        Some(p) => p.clone(),
        None => cfg
            .output
            .path
            .as_deref()
            .map_or_else(|| PathBuf::from("-"), |p| cfg.resolve(p)),
    }
}

fn cmd_run(args: &RunArgs, registry: &Registry) -> ExitCode {
    let (cfg, pipeline) = match load(&args.config, registry) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let Some(in_path) = input_path(&cfg, &args.input) else {
        eprintln!(
            "lede: error: no input: set `path` in [input] of {} or pass --input PATH (- for stdin)",
            args.config.display()
        );
        return ExitCode::from(2);
    };
    let input = match Input::open(&in_path) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("lede: error: cannot open {e}");
            return ExitCode::from(1);
        }
    };
    let out_path = output_path(&cfg, &args.output);
    let mut opts = RunOptions::from_config(&cfg);
    if let Some(t) = args.threads {
        opts.threads = t;
    }
    if args.strict {
        opts.on_error = OnError::Abort;
    }
    let mut sink: Box<dyn Write + Send> = if out_path.as_os_str() == "-" {
        Box::new(BufWriter::with_capacity(1 << 16, io::stdout()))
    } else {
        match File::create(&out_path) {
            Ok(f) => Box::new(BufWriter::with_capacity(1 << 16, f)),
            Err(e) => {
                eprintln!(
                    "lede: error: cannot create output {}: {e}",
                    out_path.display()
                );
                return ExitCode::from(1);
            }
        }
    };
    let counters = Counters::default();
    let show_progress = !args.quiet && io::stderr().is_terminal();
    let done = AtomicBool::new(false);
    let result = std::thread::scope(|s| {
        if show_progress {
            s.spawn(|| progress(&counters, &done));
        }
        let r = run(&pipeline, &input, &mut *sink, &opts, &counters);
        done.store(true, Ordering::Relaxed);
        r
    });
    match result {
        Ok(summary) => {
            if !args.quiet {
                print_summary(&summary);
            }
            ExitCode::SUCCESS
        }
        Err(RunError::Aborted {
            id,
            stage,
            message,
            summary,
        }) => {
            if !args.quiet {
                print_summary(&summary);
            }
            eprintln!(
                "lede: error: stopped at document {id}: stage `{stage}` failed: {message} (on_error = \"abort\")"
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("lede: error: {e}");
            ExitCode::from(1)
        }
    }
}

fn progress(counters: &Counters, done: &AtomicBool) {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let start = Instant::now();
    while !done.load(Ordering::Relaxed) {
        let docs = counters.docs.load(Ordering::Relaxed);
        let bytes = counters.bytes.load(Ordering::Relaxed);
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!(
            "{docs} docs · {:.1} MB · {:.0} docs/s · {:.1} MB/s",
            bytes as f64 / 1e6,
            docs as f64 / secs,
            bytes as f64 / 1e6 / secs
        ));
        bar.tick();
        std::thread::sleep(Duration::from_millis(120));
    }
    bar.finish_and_clear();
}

fn print_summary(s: &lede_pipeline::RunSummary) {
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    let mut out = format!(
        "lede: {} documents ({} with errors) · {:.2} MB · {:.2} s · {:.2} MB/s · {:.0} docs/s · {} threads\n",
        s.docs,
        s.docs_with_errors,
        s.bytes as f64 / 1e6,
        secs,
        s.bytes as f64 / 1e6 / secs,
        s.docs as f64 / secs,
        s.threads
    );
    if s.read.blank_lines > 0 {
        out.push_str(&format!(
            "lede: skipped {} blank input lines\n",
            s.read.blank_lines
        ));
    }
    if s.read.other_files > 0 {
        out.push_str(&format!(
            "lede: skipped {} files in the input folder that are not .jsonl, .ndjson or .txt\n",
            s.read.other_files
        ));
    }
    if s.output_closed {
        out.push_str("lede: the output was closed early; stopped reading\n");
    }
    let total: f64 = s.timings.iter().map(|t| t.busy.as_secs_f64()).sum();
    if !s.timings.is_empty() {
        out.push_str("  stage                 share   busy (summed over threads)\n");
        for t in &s.timings {
            let b = t.busy.as_secs_f64();
            let share = if total > 0.0 { 100.0 * b / total } else { 0.0 };
            out.push_str(&format!("  {:<20} {:5.1}%   {:.3} s\n", t.name, share, b));
        }
    }
    let _ = io::stderr().write_all(out.as_bytes());
}

fn cmd_gen(bytes: u64, seed: u64, output: &Path) -> Result<()> {
    let n = if output.as_os_str() == "-" {
        crate::gen::write_corpus(&mut BufWriter::new(io::stdout().lock()), bytes, seed)?
    } else {
        let f = File::create(output)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", output.display()))?;
        crate::gen::write_corpus(&mut BufWriter::new(f), bytes, seed)?
    };
    eprintln!("lede: wrote {n} documents");
    Ok(())
}

fn cmd_check(config: &Path, registry: &Registry) -> ExitCode {
    let (cfg, pipeline) = match load(config, registry) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut problems = Vec::new();
    if let Some(p) = input_path(&cfg, &None) {
        if p.as_os_str() != "-" && !p.exists() {
            problems.push(format!("[input].path: {} does not exist", p.display()));
        }
    }
    let out = output_path(&cfg, &None);
    if out.as_os_str() != "-" {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.is_dir() {
                problems.push(format!(
                    "[output].path: the folder {} does not exist",
                    parent.display()
                ));
            }
        }
    }
    for p in &problems {
        eprintln!("lede: error: {}: {p}", config.display());
    }
    if !problems.is_empty() {
        return ExitCode::from(2);
    }
    println!(
        "{}: ok: {} stage(s): {}",
        config.display(),
        pipeline.stage_names().len(),
        pipeline.stage_names().join(" -> ")
    );
    ExitCode::SUCCESS
}

fn cmd_stages(json: bool, registry: &Registry) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        let kinds: Vec<_> = registry
            .kinds()
            .map(|k| {
                serde_json::json!({
                    "kind": k.kind,
                    "summary": k.summary,
                    "requires": k.requires.iter().map(|l| l.name()).collect::<Vec<_>>(),
                    "provides": k.provides.iter().map(|l| l.name()).collect::<Vec<_>>(),
                    "options": k.options.iter().map(|o| serde_json::json!({
                        "name": o.name, "type": o.ty, "default": o.default, "doc": o.doc,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &kinds)?;
        writeln!(out)?;
        return Ok(());
    }
    for k in registry.kinds() {
        let names = |ls: &[lede_core::Layer]| {
            if ls.is_empty() {
                "-".to_string()
            } else {
                ls.iter().map(|l| l.name()).collect::<Vec<_>>().join(", ")
            }
        };
        writeln!(out, "{}\n    {}", k.kind, k.summary)?;
        writeln!(out, "    requires: {}", names(&k.requires))?;
        writeln!(out, "    provides: {}", names(&k.provides))?;
        for o in &k.options {
            let default = if o.default.is_empty() {
                "required".to_string()
            } else {
                format!("default {}", o.default)
            };
            writeln!(out, "    {} ({}; {}): {}", o.name, o.ty, default, o.doc)?;
        }
        writeln!(out)?;
    }
    Ok(())
}
