//! `lede._lede`: the native half of the `lede` Python package.
//!
//! Every document goes through the same three calls as in `lede run`
//! (`RawItem::into_document`, `Pipeline::process`, `output::write_line`), so
//! a record returned here is byte for byte the line the CLI writes for the
//! same input. The Python wrapper (`python/lede/__init__.py`) turns batches
//! of dicts into JSON lines and parses the returned lines back into dicts.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lede_pipeline::{
    write_line, Config, Include, Offsets, OnError, Pipeline as Inner, RawItem, RunOptions,
};
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use rayon::prelude::*;

use lede::{DocId, Document};

create_exception!(
    _lede,
    ConfigError,
    PyValueError,
    "A pipeline config that `lede run` would refuse (exit status 2); the message is the CLI's."
);
create_exception!(
    _lede,
    DocumentError,
    PyRuntimeError,
    "A document failed under `on_error = \"abort\"` (where `lede run` exits with status 1)."
);

/// A built pipeline, shared by every worker thread.
#[pyclass(frozen, module = "lede._lede", name = "Pipeline")]
struct PyPipeline {
    inner: Inner,
    opts: RunOptions,
    /// Only when `[run] threads` asks for a fixed count; otherwise rayon's
    /// global pool, so many pipelines in one process do not multiply threads.
    pool: Option<rayon::ThreadPool>,
}

/// The outcome of one document: its output line and, when it failed, the
/// id, stage and message an abort names.
type Done = (String, Option<(String, String, String)>);

impl PyPipeline {
    fn new(config: Config) -> PyResult<PyPipeline> {
        let inner = Inner::build(&config, &lede::registry())
            .map_err(|e| ConfigError::new_err(e.to_string()))?;
        let opts = RunOptions::from_config(&config);
        let pool = if opts.threads == 0 {
            None
        } else {
            Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(opts.threads)
                    .thread_name(|i| format!("lede-worker-{i}"))
                    .build()
                    .map_err(|e| {
                        PyRuntimeError::new_err(format!(
                            "starting {} worker threads: {e}",
                            opts.threads
                        ))
                    })?,
            )
        };
        Ok(PyPipeline { inner, opts, pool })
    }

    /// What the runner's `process_chunk` does for one document.
    fn finish(&self, mut doc: Document) -> Done {
        // A document that could not be read has nothing for the stages.
        if doc.errors.is_empty() {
            self.inner.process(&mut doc);
        }
        let mut buf = Vec::with_capacity(doc.text.len() * 2 + 64);
        write_line(&mut buf, &doc, self.opts.offsets, self.opts.include);
        buf.pop();
        let line = String::from_utf8(buf).expect("serde_json writes UTF-8");
        let failure = doc.errors.first().map(|e| {
            let id = doc.id.as_ref().map_or_else(String::new, DocId::to_string);
            (id, e.stage.clone(), e.message.clone())
        });
        (line, failure)
    }

    fn run_all<T: Send>(
        &self,
        py: Python<'_>,
        items: Vec<T>,
        to_doc: impl Fn(T) -> Document + Sync + Send,
    ) -> PyResult<Vec<String>> {
        let work = || -> Vec<Done> {
            items
                .into_par_iter()
                .with_max_len(1)
                .map(|it| self.finish(to_doc(it)))
                .collect()
        };
        let done = py.allow_threads(|| match &self.pool {
            Some(pool) => pool.install(work),
            None => work(),
        });
        let mut out = Vec::with_capacity(done.len());
        for (line, failure) in done {
            if let (OnError::Abort, Some((id, stage, message))) = (self.opts.on_error, failure) {
                return Err(DocumentError::new_err(format!(
                    "stopped at document {id}: stage `{stage}` failed: {message} (on_error = \"abort\")"
                )));
            }
            out.push(line);
        }
        Ok(out)
    }
}

#[pymethods]
impl PyPipeline {
    /// Reads and builds a `pipeline.toml` (relative paths resolve against its folder).
    #[staticmethod]
    fn from_toml(path: PathBuf) -> PyResult<PyPipeline> {
        let config = Config::from_path(&path).map_err(|e| ConfigError::new_err(e.to_string()))?;
        PyPipeline::new(config)
    }

    /// Builds a config given as TOML text; relative paths resolve against `base_dir`.
    #[staticmethod]
    #[pyo3(signature = (text, base_dir = ".", origin = "<string>"))]
    fn from_toml_str(text: &str, base_dir: &str, origin: &str) -> PyResult<PyPipeline> {
        let config = Config::from_str_in(text, Path::new(base_dir), origin)
            .map_err(|e| ConfigError::new_err(e.to_string()))?;
        PyPipeline::new(config)
    }

    /// Builds a config given as a JSON object (a Python dict passed through
    /// `json.dumps`): it is written as TOML and read like a `pipeline.toml`.
    #[staticmethod]
    #[pyo3(signature = (json, base_dir = ".", origin = "<dict>"))]
    fn from_json_config(json: &str, base_dir: &str, origin: &str) -> PyResult<PyPipeline> {
        let text =
            json_to_toml(json).map_err(|e| ConfigError::new_err(format!("{origin}: {e}")))?;
        PyPipeline::from_toml_str(&text, base_dir, origin)
    }

    /// Turns a JSON object into the TOML text `from_dict` builds from.
    #[staticmethod]
    fn json_config_to_toml(json: &str) -> PyResult<String> {
        json_to_toml(json).map_err(|e| ConfigError::new_err(format!("<dict>: {e}")))
    }

    /// Runs JSONL lines (one document each) and returns the output lines,
    /// without line ends. Blank lines are skipped but counted, as `lede run`
    /// reads a file: a document without an id gets its line number,
    /// counted from `first_line`.
    #[pyo3(signature = (lines, first_line = 1, origin = "-"))]
    fn process_lines(
        &self,
        py: Python<'_>,
        lines: Vec<String>,
        first_line: u64,
        origin: &str,
    ) -> PyResult<Vec<String>> {
        let origin: Arc<str> = origin.into();
        let mut items = Vec::with_capacity(lines.len());
        for (i, line) in lines.into_iter().enumerate() {
            let mut bytes = line.into_bytes();
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
            }
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            items.push(RawItem::Line {
                origin: origin.clone(),
                line: first_line + i as u64,
                bytes,
            });
        }
        let fields = &self.opts.fields;
        self.run_all(py, items, |it| it.into_document(fields))
    }

    /// Runs plain texts and returns the output lines; the id of each is its
    /// position, counted from `first_line` (as for a JSONL line without an id).
    #[pyo3(signature = (texts, first_line = 1))]
    fn process_texts(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        first_line: u64,
    ) -> PyResult<Vec<String>> {
        let items: Vec<(u64, String)> = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| (first_line + i as u64, t))
            .collect();
        self.run_all(py, items, |(n, t)| Document::new(DocId::line(n), t))
    }

    /// The stage names in order.
    fn stage_names(&self) -> Vec<String> {
        self.inner
            .stage_names()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Worker threads a batch runs on.
    #[getter]
    fn threads(&self) -> usize {
        match &self.pool {
            Some(p) => p.current_num_threads(),
            None => rayon::current_num_threads(),
        }
    }

    /// `"chars"` or `"bytes"`, from `[output] offsets`.
    #[getter]
    fn offsets(&self) -> &'static str {
        match self.opts.offsets {
            Offsets::Chars => "chars",
            Offsets::Bytes => "bytes",
        }
    }

    /// The layers written, from `[output] include`.
    #[getter]
    fn include(&self) -> Vec<&'static str> {
        let Include {
            text,
            tokens,
            sentences,
            entities,
            quantities,
            attributions,
        } = self.opts.include;
        [
            (text, "text"),
            (tokens, "tokens"),
            (sentences, "sentences"),
            (entities, "entities"),
            (quantities, "quantities"),
            (attributions, "attributions"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }

    /// `"record"` or `"abort"`, from `[run] on_error`.
    #[getter]
    fn on_error(&self) -> &'static str {
        match self.opts.on_error {
            OnError::Record => "record",
            OnError::Abort => "abort",
        }
    }

    fn __repr__(&self) -> String {
        format!("Pipeline({})", self.stage_names().join(" -> "))
    }
}

fn json_to_toml(json: &str) -> Result<String, String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("not a JSON object: {e}"))?;
    if !value.is_object() {
        return Err("the config must be a dict".into());
    }
    // TOML has no null; say where one is instead of serde's bare "unsupported".
    if let Some(at) = find_null(&value, String::new()) {
        return Err(format!(
            "`{at}` is None, which TOML cannot hold; leave the key out"
        ));
    }
    let table: toml::Table = serde_json::from_value(value).map_err(|e| e.to_string())?;
    toml::to_string(&table).map_err(|e| e.to_string())
}

fn find_null(v: &serde_json::Value, at: String) -> Option<String> {
    match v {
        serde_json::Value::Null => Some(at),
        serde_json::Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| find_null(x, format!("{at}[{}]", i + 1))),
        serde_json::Value::Object(m) => m.iter().find_map(|(k, x)| {
            find_null(
                x,
                if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                },
            )
        }),
        _ => None,
    }
}

/// The lede library version this extension was built from.
const VERSION: &str = env!("CARGO_PKG_VERSION");

#[pymodule]
fn _lede(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPipeline>()?;
    m.add("ConfigError", m.py().get_type::<ConfigError>())?;
    m.add("DocumentError", m.py().get_type::<DocumentError>())?;
    m.add("__version__", VERSION)?;
    Ok(())
}
