//! One child process: its stdin writer, stdout reader and stderr tail.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::PROTOCOL_VERSION;

/// How to start a child and greet it.
#[derive(Debug, Clone)]
pub(crate) struct Launch {
    pub argv: Vec<String>,
    pub dir: PathBuf,
    pub hello: String,
    pub stage: String,
    pub startup: Duration,
}

/// What came of one request.
pub(crate) enum Outcome {
    /// A response line for this request, parsed.
    Answer(Value),
    /// The child failed; it must be stopped.
    Failed(String),
}

/// Last lines the child wrote to stderr, for error messages.
type Tail = Arc<Mutex<VecDeque<String>>>;

const TAIL_LINES: usize = 8;

/// A running child speaking the protocol.
pub(crate) struct Child {
    proc: std::process::Child,
    // Writes go through a thread so a child that stops reading its stdin
    // cannot block us past the timeout.
    tx: Option<Sender<Vec<u8>>>,
    rx: Receiver<Vec<u8>>,
    tail: Tail,
    n: u64,
}

impl Launch {
    /// Starts the program and completes the handshake.
    pub(crate) fn spawn(&self) -> Result<Child, String> {
        let mut proc = Command::new(&self.argv[0])
            .args(&self.argv[1..])
            .current_dir(&self.dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start `{}` (in {}): {e}",
                    self.argv.join(" "),
                    self.dir.display()
                )
            })?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (proc.stdin.take(), proc.stdout.take(), proc.stderr.take())
        else {
            let _ = proc.kill();
            return Err("the child's pipes could not be opened".into());
        };
        let (tx, wrx) = channel::<Vec<u8>>();
        std::thread::spawn(move || {
            let mut stdin = stdin;
            for buf in wrx {
                if stdin.write_all(&buf).and_then(|_| stdin.flush()).is_err() {
                    break;
                }
            }
            // Dropping stdin closes it: the child sees end of input and exits.
        });
        let (rtx, rx) = channel::<Vec<u8>>();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut line = Vec::new();
                match r.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if rtx.send(line).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let tail: Tail = Arc::default();
        let t = Arc::clone(&tail);
        let stage = self.stage.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                // The program's own messages (logs, tracebacks) belong on
                // our stderr, marked with the stage they came from.
                eprintln!("lede: stage `{stage}` (child): {line}");
                let mut q = t.lock().unwrap_or_else(|e| e.into_inner());
                if q.len() == TAIL_LINES {
                    q.pop_front();
                }
                q.push_back(line);
            }
        });
        let mut child = Child {
            proc,
            tx: Some(tx),
            rx,
            tail,
            n: 0,
        };
        let mut hello = self.hello.clone().into_bytes();
        hello.push(b'\n');
        let fail = |child: Child, msg: String| -> Result<Child, String> {
            let msg = format!("`{}`: {msg}{}", self.argv.join(" "), child.tail_note());
            child.stop();
            Err(msg)
        };
        match child.exchange(hello, self.startup) {
            Err(e) => fail(child, format!("no handshake: {e}")),
            Ok(line) => match serde_json::from_slice::<Value>(&line) {
                Ok(v) => match v.get("lede_protocol").and_then(Value::as_u64) {
                    Some(PROTOCOL_VERSION) => Ok(child),
                    Some(other) => fail(
                        child,
                        format!("the program speaks lede protocol {other}; this lede speaks {PROTOCOL_VERSION}"),
                    ),
                    None => fail(
                        child,
                        format!(
                            "the first line must be the handshake {{\"lede_protocol\": {PROTOCOL_VERSION}}}, got {}",
                            snippet(&line)
                        ),
                    ),
                },
                Err(_) => fail(
                    child,
                    format!(
                        "the first line must be the JSON handshake {{\"lede_protocol\": {PROTOCOL_VERSION}}}, got {} (print logs to stderr, not stdout)",
                        snippet(&line)
                    ),
                ),
            },
        }
    }
}

impl Child {
    pub(crate) fn next_n(&mut self) -> u64 {
        self.n += 1;
        self.n
    }

    /// Writes one line and waits for one line back.
    fn exchange(&mut self, line: Vec<u8>, timeout: Duration) -> Result<Vec<u8>, String> {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(line).is_ok());
        if !sent {
            return Err(self.exit_note());
        }
        match self.rx.recv_timeout(timeout) {
            Ok(line) => Ok(line),
            Err(RecvTimeoutError::Timeout) => {
                Err(format!("no answer within {} ms", timeout.as_millis()))
            }
            Err(RecvTimeoutError::Disconnected) => Err(self.exit_note()),
        }
    }

    /// Sends one request and reads its response.
    pub(crate) fn ask(&mut self, mut request: Vec<u8>, n: u64, timeout: Duration) -> Outcome {
        request.push(b'\n');
        let line = match self.exchange(request, timeout) {
            Ok(l) => l,
            Err(e) => return Outcome::Failed(format!("{e}{}", self.tail_note())),
        };
        let v: Value = match serde_json::from_slice(&line) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                return Outcome::Failed(format!(
                    "protocol error: the response is not a JSON object: {} (print logs to stderr, not stdout)",
                    snippet(&line)
                ))
            }
        };
        match v.get("n").and_then(Value::as_u64) {
            Some(got) if got == n => Outcome::Answer(v),
            got => Outcome::Failed(format!(
                "protocol error: expected the response to request {n}, got `n` = {}",
                got.map_or_else(|| "none".to_string(), |g| g.to_string())
            )),
        }
    }

    fn exit_note(&mut self) -> String {
        // The reader sees end of output a moment before the process is reaped.
        let deadline = Instant::now() + Duration::from_millis(500);
        loop {
            match self.proc.try_wait() {
                Ok(Some(status)) => return format!("the program exited ({status})"),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                _ => return "the program closed its output".to_string(),
            }
        }
    }

    fn tail_note(&self) -> String {
        // Give the stderr thread a moment to catch a traceback's last line.
        std::thread::sleep(Duration::from_millis(20));
        let q = self.tail.lock().unwrap_or_else(|e| e.into_inner());
        match q.back() {
            Some(last) => format!("; its last stderr line: {last}"),
            None => String::new(),
        }
    }

    /// Closes the child's input, gives it a moment to exit, then kills it.
    pub(crate) fn stop(mut self) {
        self.tx = None;
        let deadline = Instant::now() + Duration::from_millis(300);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.proc.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.proc.kill();
        let _ = self.proc.wait();
    }
}

fn snippet(line: &[u8]) -> String {
    let s = String::from_utf8_lossy(line);
    let s = s.trim_end();
    let cut: String = s.chars().take(120).collect();
    if cut.len() < s.len() {
        format!("`{cut}…`")
    } else {
        format!("`{cut}`")
    }
}
