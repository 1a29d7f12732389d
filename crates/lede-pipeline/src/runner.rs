//! The parallel runner: a streaming reader, chunks of documents processed on
//! a rayon pool, and a writer that restores input order.
//!
//! ```text
//! reader thread --items--> dispatcher --chunks--> rayon workers --lines--> writer thread
//!  (finds lines)          (this thread)          (parse, stages, JSON)     (reorders, writes)
//! ```
//!
//! The dispatcher takes whatever items are ready (up to the batch limits)
//! instead of waiting for a full batch, so under `--input -` a downstream
//! reader sees each document's output as soon as it is done. A fixed number
//! of chunks may be in flight at once, so memory stays flat however large the
//! input is.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel, TryRecvError};
use std::time::{Duration, Instant};

use lede_core::{DocId, Document};

use crate::config::{Config, Offsets, OnError};
use crate::input::{Fields, Input, RawItem, ReadStats};
use crate::output::{write_line, Include};
use crate::pipeline::{Pipeline, StageTiming};

/// How a run is carried out (from `[run]` and `[output]`, overridable by flags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOptions {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// What a document error does to the run.
    pub on_error: OnError,
    /// Most documents in one unit of parallel work.
    pub batch_docs: usize,
    /// Most input bytes in one unit of parallel work.
    pub batch_bytes: usize,
    /// Offsets in the output.
    pub offsets: Offsets,
    /// Layers in the output.
    pub include: Include,
    /// JSONL field names.
    pub fields: Fields,
    /// Most document errors echoed to stderr (the rest are only in the output).
    pub max_error_messages: u64,
}

impl RunOptions {
    /// The options a config asks for.
    pub fn from_config(c: &Config) -> RunOptions {
        RunOptions {
            threads: c.run.threads,
            on_error: c.run.on_error,
            batch_docs: c.run.batch_docs,
            batch_bytes: c.run.batch_bytes,
            offsets: c.output.offsets,
            include: Include::from_names(&c.output.include),
            fields: Fields::from(&c.input),
            max_error_messages: 20,
        }
    }

    /// The number of worker threads this resolves to.
    pub fn worker_threads(&self) -> usize {
        if self.threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            self.threads
        }
    }
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions::from_config(&Config::from_str_in("", ".".as_ref(), "").expect("empty config"))
    }
}

/// Live counts of what has been written, for progress displays.
#[derive(Debug, Default)]
pub struct Counters {
    /// Documents written.
    pub docs: AtomicU64,
    /// Input bytes of the documents written.
    pub bytes: AtomicU64,
    /// Documents written with at least one error.
    pub docs_with_errors: AtomicU64,
}

/// What a finished run did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSummary {
    /// Documents written.
    pub docs: u64,
    /// Documents written with at least one error.
    pub docs_with_errors: u64,
    /// Input bytes of the documents written.
    pub bytes: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Worker threads used.
    pub threads: usize,
    /// Time in each stage, summed over threads.
    pub timings: Vec<StageTiming>,
    /// What the reader passed over.
    pub read: ReadStats,
    /// True when the reader of the output went away (a closed pipe): not an error.
    pub output_closed: bool,
}

/// Why a run stopped before the end of its input.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The input could not be read (after the documents before the problem were written).
    #[error("reading input: {0}")]
    Input(io::Error),
    /// The output could not be written.
    #[error("writing output: {0}")]
    Output(io::Error),
    /// `on_error = "abort"` and a document failed.
    #[error("aborted (on_error = \"abort\"): document {id}: stage `{stage}`: {message}")]
    Aborted {
        /// The failing document's id.
        id: String,
        /// The stage that failed (`input` for reading problems).
        stage: String,
        /// The error message.
        message: String,
        /// What was done up to the abort.
        summary: Box<RunSummary>,
    },
    /// The worker pool could not be started.
    #[error("starting {threads} worker threads: {message}")]
    Pool {
        /// The threads asked for.
        threads: usize,
        /// The reason.
        message: String,
    },
}

struct ChunkOut {
    seq: u64,
    buf: Vec<u8>,
    docs: u64,
    docs_with_errors: u64,
    bytes: u64,
    /// Error messages to echo to stderr, in document order.
    messages: Vec<String>,
    /// On abort: where to cut `buf` (after the failing document's line) and why.
    abort: Option<(usize, String, String, String)>,
}

/// Runs `pipeline` over `input`, writing JSON lines to `output` in input order.
pub fn run(
    pipeline: &Pipeline,
    input: &Input,
    output: &mut (dyn Write + Send),
    opts: &RunOptions,
    counters: &Counters,
) -> Result<RunSummary, RunError> {
    let threads = opts.worker_threads();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("lede-worker-{i}"))
        .build()
        .map_err(|e| RunError::Pool {
            threads,
            message: e.to_string(),
        })?;
    let start = Instant::now();
    let stop = AtomicBool::new(false);
    let in_flight = threads * 4;
    let (item_tx, item_rx) = sync_channel::<RawItem>(opts.batch_docs.clamp(16, 4096) * 2);
    let (out_tx, out_rx) = channel::<ChunkOut>();
    let (token_tx, token_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        token_tx.send(()).expect("token channel has room");
    }

    let (read_result, write_result) = std::thread::scope(|s| {
        let stop = &stop;
        let reader = s.spawn(move || {
            input.read(|item| !stop.load(Ordering::Relaxed) && item_tx.send(item).is_ok())
        });
        let max_msgs = opts.max_error_messages;
        let writer =
            s.spawn(move || write_in_order(out_rx, output, token_tx, stop, counters, max_msgs));

        pool.in_place_scope_fifo(|scope| {
            let mut seq = 0u64;
            while let Ok(first) = item_rx.recv() {
                let mut bytes = first.len();
                let mut chunk = vec![first];
                while chunk.len() < opts.batch_docs && bytes < opts.batch_bytes {
                    match item_rx.try_recv() {
                        Ok(item) => {
                            bytes += item.len();
                            chunk.push(item);
                        }
                        Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
                    }
                }
                if token_rx.recv().is_err() || stop.load(Ordering::Relaxed) {
                    break;
                }
                let out_tx = out_tx.clone();
                let this = seq;
                seq += 1;
                scope.spawn_fifo(move |_| {
                    let out = process_chunk(this, chunk, pipeline, opts);
                    let _ = out_tx.send(out);
                });
            }
            // Dropping the receiver unblocks a reader waiting to send after a stop.
            drop(item_rx);
        });
        drop(out_tx);
        (
            reader.join().expect("reader thread"),
            writer.join().expect("writer thread"),
        )
    });

    let mut summary = RunSummary {
        docs: counters.docs.load(Ordering::Relaxed),
        docs_with_errors: counters.docs_with_errors.load(Ordering::Relaxed),
        bytes: counters.bytes.load(Ordering::Relaxed),
        elapsed: start.elapsed(),
        threads,
        timings: pipeline.timings(),
        read: ReadStats::default(),
        output_closed: false,
    };
    match write_result {
        Ok(WriteEnd::Done) => {}
        Ok(WriteEnd::Closed) => summary.output_closed = true,
        Ok(WriteEnd::Aborted(id, stage, message)) => {
            return Err(RunError::Aborted {
                id,
                stage,
                message,
                summary: Box::new(summary),
            })
        }
        Err(e) => return Err(RunError::Output(e)),
    }
    match read_result {
        Ok(stats) => summary.read = stats,
        // After the output closed, the reader's own troubles no longer matter.
        Err(_) if summary.output_closed => {}
        Err(e) => return Err(RunError::Input(e)),
    }
    Ok(summary)
}

fn process_chunk(
    seq: u64,
    items: Vec<RawItem>,
    pipeline: &Pipeline,
    opts: &RunOptions,
) -> ChunkOut {
    let mut out = ChunkOut {
        seq,
        buf: Vec::with_capacity(items.iter().map(|i| i.len()).sum::<usize>() * 2 + 64),
        docs: 0,
        docs_with_errors: 0,
        bytes: 0,
        messages: Vec::new(),
        abort: None,
    };
    for item in items {
        out.bytes += item.len() as u64;
        let mut doc: Document = item.into_document(&opts.fields);
        // A document that could not be read has nothing for the stages.
        if doc.errors.is_empty() {
            pipeline.process(&mut doc);
        }
        write_line(&mut out.buf, &doc, opts.offsets, opts.include);
        out.docs += 1;
        if !doc.errors.is_empty() {
            out.docs_with_errors += 1;
            let id = doc.id.as_ref().map_or_else(String::new, DocId::to_string);
            for e in &doc.errors {
                out.messages.push(if e.stage == "input" {
                    e.message.clone()
                } else {
                    format!("document {id}: stage `{}`: {}", e.stage, e.message)
                });
            }
            if opts.on_error == OnError::Abort {
                let e = &doc.errors[0];
                out.abort = Some((out.buf.len(), id, e.stage.clone(), e.message.clone()));
                break;
            }
        }
    }
    out
}

enum WriteEnd {
    Done,
    Closed,
    Aborted(String, String, String),
}

fn write_in_order(
    rx: std::sync::mpsc::Receiver<ChunkOut>,
    output: &mut (dyn Write + Send),
    tokens: std::sync::mpsc::SyncSender<()>,
    stop: &AtomicBool,
    counters: &Counters,
    max_messages: u64,
) -> io::Result<WriteEnd> {
    let mut echoed = 0u64;
    let mut pending: BTreeMap<u64, ChunkOut> = BTreeMap::new();
    let mut next = 0u64;
    let mut end: Option<io::Result<WriteEnd>> = None;
    // Keep receiving after a stop so workers never block and tokens return.
    for chunk in rx {
        pending.insert(chunk.seq, chunk);
        while let Some(c) = pending.remove(&next) {
            next += 1;
            let _ = tokens.try_send(());
            if end.is_some() {
                continue;
            }
            let (bytes, abort) = match &c.abort {
                Some((cut, id, stage, msg)) => (
                    &c.buf[..*cut],
                    Some(WriteEnd::Aborted(id.clone(), stage.clone(), msg.clone())),
                ),
                None => (&c.buf[..], None),
            };
            let ready_next = pending.contains_key(&next);
            let res =
                output
                    .write_all(bytes)
                    .and_then(|_| if ready_next { Ok(()) } else { output.flush() });
            match res {
                Ok(()) => {
                    for m in &c.messages {
                        echoed += 1;
                        if echoed <= max_messages {
                            eprintln!("lede: {m}");
                        } else if echoed == max_messages + 1 {
                            eprintln!("lede: more document errors follow; they are recorded in the output's `errors` fields");
                        }
                    }
                    counters.docs.fetch_add(c.docs, Ordering::Relaxed);
                    counters.bytes.fetch_add(c.bytes, Ordering::Relaxed);
                    counters
                        .docs_with_errors
                        .fetch_add(c.docs_with_errors, Ordering::Relaxed);
                    if let Some(a) = abort {
                        stop.store(true, Ordering::Relaxed);
                        end = Some(Ok(a));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    stop.store(true, Ordering::Relaxed);
                    end = Some(Ok(WriteEnd::Closed));
                }
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    end = Some(Err(e));
                }
            }
        }
    }
    match end {
        Some(r) => r,
        None => match output.flush() {
            Ok(()) => Ok(WriteEnd::Done),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(WriteEnd::Closed),
            Err(e) => Err(e),
        },
    }
}
