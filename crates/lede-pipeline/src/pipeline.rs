//! Building a pipeline from its config and running stages on one document.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use lede_core::{ConfigError, Document, Layer, Registry, Span, Stage, StageContext};

use crate::config::Config;

/// Output keys an extra layer may not take, besides the layer names the
/// writer knows (`config::LAYER_NAMES`).
const RESERVED: &[&str] = &["id", "meta", "errors"];

/// One built stage with its bookkeeping.
struct Built {
    name: String,
    kind: String,
    index: usize,
    stage: Box<dyn Stage>,
    requires: Vec<Layer>,
    provides: Vec<Layer>,
    nanos: AtomicU64,
}

/// An ordered list of built stages, shared by every worker thread.
pub struct Pipeline {
    stages: Vec<Built>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.stages.iter().map(|s| (&s.name, &s.kind)))
            .finish()
    }
}

/// Time spent in one stage, summed over every thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageTiming {
    /// The stage's name.
    pub name: String,
    /// The stage's kind.
    pub kind: String,
    /// Wall time inside the stage, summed over threads.
    pub busy: Duration,
}

impl Pipeline {
    /// Builds every stage of `config` in order and checks that each stage's
    /// requirements are provided by a stage before it.
    ///
    /// Fails before any document is read: on an unknown kind, a bad option,
    /// or a stage order that breaks a requirement (the message names both stages).
    pub fn build(config: &Config, registry: &Registry) -> Result<Pipeline, ConfigError> {
        let prefix = |e: ConfigError| ConfigError {
            location: e.location,
            message: if config.origin.is_empty() {
                e.message
            } else {
                format!("{}: {}", config.origin, e.message)
            },
        };
        let mut stages = Vec::with_capacity(config.stages.len());
        for sc in &config.stages {
            let ctx = StageContext {
                index: sc.index,
                kind: sc.kind.clone(),
                name: sc.name.clone(),
                base_dir: config.base_dir.clone(),
            };
            let stage = registry
                .build(&sc.kind, &sc.options, &ctx)
                .map_err(prefix)?;
            stages.push(Built {
                name: sc.name.clone(),
                kind: sc.kind.clone(),
                index: sc.index,
                requires: stage.requires(),
                provides: stage.provides(),
                stage,
                nanos: AtomicU64::new(0),
            });
        }
        check_order(&stages, registry).map_err(prefix)?;
        for s in &stages {
            for l in &s.provides {
                if let Layer::Extra(name) = l {
                    if RESERVED.contains(&name.as_ref())
                        || crate::config::LAYER_NAMES.contains(&name.as_ref())
                    {
                        return Err(prefix(ConfigError::at(
                            format!("stage[{}]", s.index),
                            format!(
                                "stage `{}` provides an extra layer named `{name}`, which the output already uses; pick another name",
                                s.name
                            ),
                        )));
                    }
                }
            }
        }
        let mut names = BTreeSet::new();
        for s in &stages {
            if !names.insert(s.name.as_str()) {
                return Err(prefix(ConfigError::at(
                    format!("stage[{}].name", s.index),
                    format!(
                        "two stages are named `{}`; give one a distinct `name` so errors and timings can tell them apart",
                        s.name
                    ),
                )));
            }
        }
        Ok(Pipeline { stages })
    }

    /// Parses a config string and builds its stages (relative paths resolve
    /// against the current folder).
    pub fn from_toml_str(toml: &str, registry: &Registry) -> Result<Pipeline, ConfigError> {
        let config = Config::from_str_in(toml, Path::new("."), "<string>")?;
        Pipeline::build(&config, registry)
    }

    /// The stage names in order.
    pub fn stage_names(&self) -> Vec<&str> {
        self.stages.iter().map(|s| s.name.as_str()).collect()
    }

    /// Runs every stage on one document.
    ///
    /// A stage that returns an error or panics has the failure recorded in
    /// `doc.errors` under its name; later stages that need a layer it was to
    /// provide are skipped (and say so), the others still run. Spans a stage
    /// writes out of bounds or inside a character are removed and reported,
    /// so the writer can always slice the text. Returns true when any stage
    /// failed on this document.
    pub fn process(&self, doc: &mut Document) -> bool {
        let mut failed: Vec<(&Layer, &str)> = Vec::new();
        let mut any = false;
        for s in &self.stages {
            if let Some((layer, by)) = s
                .requires
                .iter()
                .find_map(|r| failed.iter().find(|(l, _)| *l == r))
            {
                doc.record_error(
                    s.name.clone(),
                    format!("skipped: needs `{layer}`, which stage `{by}` failed to provide"),
                );
                failed.extend(s.provides.iter().map(|l| (l, s.name.as_str())));
                continue;
            }
            let t0 = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| s.stage.process(doc)));
            s.nanos
                .fetch_add(t0.elapsed().as_nanos() as u64, Ordering::Relaxed);
            let problem = match result {
                Ok(Ok(())) => invalid_spans(doc, &s.provides),
                Ok(Err(e)) => Some(e.to_string()),
                Err(payload) => Some(format!("stage panicked: {}", panic_message(&*payload))),
            };
            if let Some(message) = problem {
                doc.record_error(s.name.clone(), message);
                failed.extend(s.provides.iter().map(|l| (l, s.name.as_str())));
                any = true;
            }
        }
        any
    }

    /// Time spent in each stage so far, summed over threads.
    pub fn timings(&self) -> Vec<StageTiming> {
        self.stages
            .iter()
            .map(|s| StageTiming {
                name: s.name.clone(),
                kind: s.kind.clone(),
                busy: Duration::from_nanos(s.nanos.load(Ordering::Relaxed)),
            })
            .collect()
    }

    /// Sets every stage's accumulated time back to zero (between benchmark runs).
    pub fn reset_timings(&self) {
        for s in &self.stages {
            s.nanos.store(0, Ordering::Relaxed);
        }
    }

    /// Every layer some stage provides.
    pub fn provided_layers(&self) -> BTreeSet<Layer> {
        self.stages
            .iter()
            .flat_map(|s| s.provides.iter().cloned())
            .collect()
    }
}

fn check_order(stages: &[Built], registry: &Registry) -> Result<(), ConfigError> {
    let mut have: BTreeSet<&Layer> = BTreeSet::new();
    for (i, s) in stages.iter().enumerate() {
        for r in &s.requires {
            if have.contains(r) {
                continue;
            }
            let later = stages[i + 1..].iter().find(|t| t.provides.contains(r));
            let msg = match later {
                Some(t) => format!(
                    "stage[{}] `{}` requires `{r}`, which stage[{}] `{}` provides only after it; put `{}` before `{}`",
                    s.index, s.name, t.index, t.name, t.name, s.name
                ),
                None => {
                    let kinds = registry.providers_of(r);
                    let hint = if kinds.is_empty() {
                        String::new()
                    } else {
                        format!("; add a stage of kind {} before it", lede_core::quoted_list(&kinds))
                    };
                    format!(
                        "stage[{}] `{}` requires `{r}`, which no stage before it provides{hint}",
                        s.index, s.name
                    )
                }
            };
            // The message names both stages itself, so no location prefix.
            return Err(ConfigError {
                location: format!("stage[{}]", s.index),
                message: msg,
            });
        }
        have.extend(s.provides.iter());
    }
    Ok(())
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

/// Removes annotations with invalid spans from the given layers and says
/// what was removed.
fn invalid_spans(doc: &mut Document, layers: &[Layer]) -> Option<String> {
    let text = std::mem::take(&mut doc.text);
    // Every offset of an ASCII text is a char boundary: checking one token
    // costs two comparisons instead of two boundary probes.
    let ascii = text.is_ascii();
    let ok = |s: &Span| {
        if ascii {
            s.start <= s.end && s.end <= text.len()
        } else {
            s.is_valid_in(&text)
        }
    };
    let mut removed = 0usize;
    let mut first: Option<(String, Span)> = None;
    let mut note = |layer: &str, s: Span, removed: &mut usize| {
        *removed += 1;
        if first.is_none() {
            first = Some((layer.to_string(), s));
        }
    };
    for layer in layers {
        match layer {
            // Tokens are many and nearly always fine: look before rewriting the vector.
            Layer::Tokens if doc.tokens.iter().all(|t| ok(&t.span)) => {}
            Layer::Tokens => doc.tokens.retain(|t| {
                ok(&t.span) || {
                    note("tokens", t.span, &mut removed);
                    false
                }
            }),
            Layer::Sentences => doc.sentences.retain(|s| {
                ok(s) || {
                    note("sentences", *s, &mut removed);
                    false
                }
            }),
            Layer::Entities => doc.entities.retain(|e| {
                ok(&e.span) || {
                    note("entities", e.span, &mut removed);
                    false
                }
            }),
            Layer::Quantities => doc.quantities.retain(|q| {
                ok(&q.span) || {
                    note("quantities", q.span, &mut removed);
                    false
                }
            }),
            Layer::Attributions => doc.attributions.retain(|a| {
                let spans = a
                    .content
                    .iter()
                    .chain(a.content_parts.iter())
                    .chain(a.cue.iter())
                    .chain(a.source.as_ref().map(|s| &s.span))
                    .chain(a.outlet.as_ref().map(|o| &o.span));
                for s in spans {
                    if !ok(s) {
                        note("attributions", *s, &mut removed);
                        return false;
                    }
                }
                true
            }),
            Layer::Extra(name) => {
                if let Some(items) = doc.extra.get_mut(name.as_ref()) {
                    items.retain(|it| {
                        for s in std::iter::once(&it.span).chain(it.roles.values()) {
                            if !ok(s) {
                                note(name, *s, &mut removed);
                                return false;
                            }
                        }
                        true
                    });
                }
            }
        }
    }
    doc.text = text;
    first.map(|(layer, s)| {
        format!(
            "removed {removed} annotation(s) with spans out of bounds or inside a character (first: {layer} [{}, {}) in a text of {} bytes)",
            s.start,
            s.end,
            doc.text.len()
        )
    })
}
