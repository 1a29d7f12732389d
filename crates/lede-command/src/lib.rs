//! The `command` stage: a program in any language, run as a long-lived
//! child that reads documents as JSON lines on stdin and answers with
//! annotations on stdout (the protocol is in `PROTOCOL.md`, version
//! [`PROTOCOL_VERSION`]).
//!
//! The program is named as an argv list, never a shell string. Children are
//! pooled (one per worker thread that needs one, or at most `processes`);
//! a child that dies, answers garbage or runs past `timeout_ms` on a
//! document is stopped and replaced, and the document keeps its other
//! layers with the failure recorded in its `errors`.
//!
//! ```no_run
//! use lede_core::{DocId, Document, Registry, StageContext};
//!
//! let mut registry = Registry::new();
//! lede_command::register(&mut registry);
//! let table: toml::Table = toml::from_str(r#"
//!     command = ["python3", "examples/command-stage/stage.py"]
//!     output = "claims"
//! "#).unwrap();
//! let stage = registry
//!     .build("command", &table, &StageContext::standalone("command"))
//!     .unwrap();
//! let mut doc = Document::new(DocId::line(1), "21 ISIS fighters were killed near Hawija.");
//! stage.process(&mut doc).unwrap();
//! assert_eq!(doc.slice(doc.extra["claims"][0].span), "21 ISIS fighters were killed");
//! ```

#![warn(missing_docs)]

mod child;
mod convert;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use lede_core::{
    ConfigError, Document, Layer, Registry, Stage, StageContext, StageError, StageInfo,
};
use serde::Deserialize;

use child::{Child, Launch, Outcome};
pub use convert::Offsets;

/// The protocol version this stage speaks (the `lede_protocol` of the handshake).
pub const PROTOCOL_VERSION: u64 = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    command: Vec<String>,
    #[serde(default)]
    output: Option<String>,
    #[serde(default)]
    send: Vec<String>,
    #[serde(default)]
    offsets: Offsets,
    #[serde(default)]
    processes: usize,
    #[serde(default = "timeout_ms")]
    timeout_ms: u64,
    #[serde(default = "startup_timeout_ms")]
    startup_timeout_ms: u64,
    #[serde(default = "max_restarts")]
    max_restarts: u32,
    #[serde(default)]
    options: toml::Table,
}

fn timeout_ms() -> u64 {
    30_000
}
fn startup_timeout_ms() -> u64 {
    10_000
}
fn max_restarts() -> u32 {
    100
}

/// Where the answers go.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Output {
    Entities,
    Extra(String),
}

#[derive(Default)]
struct PoolState {
    idle: Vec<Child>,
    live: usize,
}

/// The built `command` stage: a pool of children running one program.
pub struct CommandStage {
    name: String,
    launch: Launch,
    output: Output,
    send: Vec<Layer>,
    offsets: Offsets,
    max: usize,
    timeout: Duration,
    max_restarts: u32,
    restarts: AtomicU32,
    pool: Mutex<PoolState>,
    freed: Condvar,
}

impl std::fmt::Debug for CommandStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandStage")
            .field("name", &self.name)
            .field("command", &self.launch.argv)
            .finish()
    }
}

/// Builds the stage from its `[[stage]]` table and starts one child to
/// check that the program runs and speaks the protocol.
pub fn build(table: &toml::Table, ctx: &StageContext) -> Result<CommandStage, ConfigError> {
    let opts: Options = ctx.options(table)?;
    if opts.command.is_empty() || opts.command[0].trim().is_empty() {
        return Err(ConfigError::at(
            ctx.key("command"),
            "name the program and its arguments as a list, e.g. [\"python3\", \"stage.py\"]",
        ));
    }
    let output = match opts.output.as_deref() {
        Some("entities") => Output::Entities,
        Some(name) => match Layer::from_name(name) {
            Layer::Extra(_) if !name.trim().is_empty() => Output::Extra(name.to_string()),
            _ => {
                return Err(ConfigError::at(
                    ctx.key("output"),
                    format!("cannot write `{name}`: use `entities` or the name of an extra layer"),
                ))
            }
        },
        None => Output::Extra(ctx.name.clone()),
    };
    let mut send = Vec::new();
    for name in &opts.send {
        let layer = Layer::from_name(name);
        if matches!(layer, Layer::Quantities | Layer::Attributions) {
            return Err(ConfigError::at(
                ctx.key("send"),
                format!("protocol {PROTOCOL_VERSION} sends `tokens`, `sentences`, `entities` and extra layers; `{name}` is not one of them"),
            ));
        }
        if !send.contains(&layer) {
            send.push(layer);
        }
    }
    if opts.timeout_ms == 0 || opts.startup_timeout_ms == 0 {
        return Err(ConfigError::at(
            ctx.key("timeout_ms"),
            "timeouts must be at least 1 ms",
        ));
    }
    // A program named with a path resolves against the config folder; a bare
    // name ("python3") is looked up on PATH. The child runs in the config
    // folder, so relative paths among its arguments resolve there too.
    let mut argv = opts.command.clone();
    if argv[0].contains('/') || argv[0].contains('\\') {
        argv[0] = ctx.resolve(&argv[0]).to_string_lossy().into_owned();
    }
    let hello = serde_json::json!({
        "lede_protocol": PROTOCOL_VERSION,
        "stage": ctx.name,
        "offsets": opts.offsets.as_str(),
        "send": send.iter().map(|l| l.name()).collect::<Vec<_>>(),
        "output": match &output { Output::Entities => "entities".to_string(), Output::Extra(n) => n.clone() },
        "options": serde_json::to_value(&opts.options).unwrap_or_default(),
    });
    let launch = Launch {
        argv,
        dir: ctx.base_dir.clone(),
        hello: hello.to_string(),
        stage: ctx.name.clone(),
        startup: Duration::from_millis(opts.startup_timeout_ms),
    };
    let first = launch
        .spawn()
        .map_err(|e| ConfigError::at(ctx.key("command"), e))?;
    Ok(CommandStage {
        name: ctx.name.clone(),
        launch,
        output,
        send,
        offsets: opts.offsets,
        max: opts.processes,
        timeout: Duration::from_millis(opts.timeout_ms),
        max_restarts: opts.max_restarts,
        restarts: AtomicU32::new(0),
        pool: Mutex::new(PoolState {
            idle: vec![first],
            live: 1,
        }),
        freed: Condvar::new(),
    })
}

impl CommandStage {
    fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
        // A poisoned pool only means a thread panicked while holding it; the
        // list of idle children is still sound.
        self.pool.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An idle child, a new one, or (at `processes`) the next one freed.
    fn acquire(&self) -> Result<Child, StageError> {
        let mut st = self.lock();
        loop {
            if let Some(c) = st.idle.pop() {
                return Ok(c);
            }
            if self.max == 0 || st.live < self.max {
                if self.restarts.load(Ordering::Relaxed) > self.max_restarts {
                    return Err(StageError::new(format!(
                        "the program failed {} times; not starting it again (max_restarts = {})",
                        self.restarts.load(Ordering::Relaxed),
                        self.max_restarts
                    )));
                }
                st.live += 1;
                drop(st);
                return self.launch.spawn().map_err(|e| {
                    let mut st = self.lock();
                    st.live -= 1;
                    self.freed.notify_one();
                    StageError::new(format!("restarting the program: {e}"))
                });
            }
            st = self.freed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn release(&self, child: Child, healthy: bool) {
        let mut st = self.lock();
        if healthy {
            st.idle.push(child);
        } else {
            st.live -= 1;
            self.restarts.fetch_add(1, Ordering::Relaxed);
            drop(st);
            child.stop();
        }
        self.freed.notify_one();
    }
}

impl Stage for CommandStage {
    fn requires(&self) -> Vec<Layer> {
        self.send.clone()
    }

    fn provides(&self) -> Vec<Layer> {
        match &self.output {
            Output::Entities => vec![Layer::Entities],
            Output::Extra(n) => vec![Layer::Extra(n.clone().into())],
        }
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let map = convert::OffsetMap::new(&doc.text, self.offsets);
        let mut child = self.acquire()?;
        let n = child.next_n();
        let request = convert::request(doc, n, &self.send, &map);
        match child.ask(request, n, self.timeout) {
            Outcome::Answer(answer) => {
                self.release(child, true);
                let output = match &self.output {
                    Output::Entities => None,
                    Output::Extra(name) => Some(name.as_str()),
                };
                convert::apply(doc, answer, output, &map, &self.name)
            }
            Outcome::Failed(message) => {
                self.release(child, false);
                Err(StageError::new(format!(
                    "{message}; the program was stopped and is restarted for the next document"
                )))
            }
        }
    }
}

impl Drop for CommandStage {
    fn drop(&mut self) {
        let idle = std::mem::take(&mut self.lock().idle);
        for c in idle {
            c.stop();
        }
    }
}

/// Registers the `command` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "command",
            "runs a program in any language as a long-lived child speaking JSONL (lede protocol 1): documents in, annotations out",
        )
        .option(
            "command",
            "string list",
            "",
            "the program and its arguments, e.g. [\"python3\", \"stage.py\"] (never a shell string); a path resolves against the config folder, where the program also runs",
        )
        .option(
            "output",
            "layer name",
            "the stage name",
            "`entities`, or the extra layer the answers are written to",
        )
        .option(
            "send",
            "layer list",
            "[]",
            "layers sent with each document (`tokens`, `sentences`, `entities`, extra layers); they become requirements",
        )
        .option(
            "offsets",
            "\"chars\" | \"bytes\"",
            "\"chars\"",
            "the unit of every offset in the protocol: code points (Python str indices) or UTF-8 bytes",
        )
        .option(
            "processes",
            "integer",
            "0",
            "most children at once; 0: one per worker thread that needs one",
        )
        .option(
            "timeout_ms",
            "integer",
            "30000",
            "longest wait for the answer on one document; past it the child is killed and restarted, and the document records the error",
        )
        .option(
            "startup_timeout_ms",
            "integer",
            "10000",
            "longest wait for a child's handshake",
        )
        .option(
            "max_restarts",
            "integer",
            "100",
            "children replaced after failures before the stage gives up (later documents then record an error)",
        )
        .option(
            "options",
            "table",
            "{}",
            "passed to the program as is, in the handshake",
        )
        .provides([Layer::Extra("command".into())]),
        |table, ctx| Ok(Box::new(build(table, ctx)?)),
    );
}
