//! The `patterns` stage: labelled patterns written in the config (or in a
//! file it names) tag entities or fill an extra layer, with no Rust written.
//!
//! Three sorts of pattern, in the spirit of spaCy's `EntityRuler` and `Matcher`:
//!
//! - **phrases**: literal strings, matched with aho-corasick on whole words,
//!   case-sensitive or not;
//! - **token patterns**: a list of token tests (`text`, `lower`, `shape`,
//!   `kind`, `in`, `regex`), each optionally repeated with `op = "?" | "*" | "+"`;
//!   these need the `tokens` layer;
//! - **regexes**, the escape hatch; named groups become roles.
//!
//! ```
//! use lede_core::{DocId, Document, Registry, StageContext};
//!
//! let mut registry = Registry::new();
//! lede_patterns::register(&mut registry);
//! let table: toml::Table = toml::from_str(r#"
//!     case = "insensitive"
//!     [[patterns]]
//!     label = "ORG"
//!     id = "islamic-state"
//!     phrases = ["Islamic State", "ISIS", "Daesh"]
//! "#).unwrap();
//! let stage = registry
//!     .build("patterns", &table, &StageContext::standalone("patterns"))
//!     .unwrap();
//! let mut doc = Document::new(DocId::line(1), "Daesh fighters left; the crisis eased.");
//! stage.process(&mut doc).unwrap();
//! assert_eq!(doc.entities.len(), 1); // "crisis" is no "isis": whole words only
//! assert_eq!(doc.slice(doc.entities[0].span), "Daesh");
//! assert_eq!(doc.entities[0].id, "islamic-state");
//! ```

#![warn(missing_docs)]

mod matcher;
mod spec;

use std::collections::BTreeMap;

use lede_core::{
    Annotation, ConfigError, Document, Entity, Layer, Registry, Span, Stage, StageContext,
    StageError, StageInfo,
};
use serde::Deserialize;

pub use matcher::shape;
use matcher::{Found, Matcher};
use spec::{CaseOpt, PatternMeta};

/// Where the stage writes what it finds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Output {
    Entities,
    Extra(String),
}

/// How overlapping matches are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
enum Overlaps {
    /// The longest match wins, then the leftmost, then the earlier pattern.
    #[default]
    Longest,
    /// Every match is kept.
    All,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    #[serde(default)]
    patterns: Vec<toml::Value>,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    output: Option<String>,
    #[serde(default)]
    case: CaseOpt,
    #[serde(default = "yes")]
    whole_words: bool,
    #[serde(default)]
    overlaps: Overlaps,
    #[serde(default)]
    overwrite: bool,
    #[serde(default = "max_tokens")]
    max_tokens: usize,
}

fn max_tokens() -> usize {
    32
}

fn yes() -> bool {
    true
}

/// The built `patterns` stage.
pub struct Patterns {
    output: Output,
    matcher: Matcher,
    meta: Vec<PatternMeta>,
    overlaps: Overlaps,
    overwrite: bool,
}

impl std::fmt::Debug for Patterns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Patterns")
            .field("output", &self.output)
            .field("patterns", &self.meta.len())
            .finish()
    }
}

/// Builds the stage from its `[[stage]]` table.
pub fn build(table: &toml::Table, ctx: &StageContext) -> Result<Patterns, ConfigError> {
    let opts: Options = ctx.options(table)?;
    let output = match opts.output.as_deref() {
        None | Some("entities") => Output::Entities,
        Some(name) => {
            if name.trim().is_empty() {
                return Err(ConfigError::at(
                    ctx.key("output"),
                    "the layer name is empty",
                ));
            }
            if let l
            @ (Layer::Tokens | Layer::Sentences | Layer::Quantities | Layer::Attributions) =
                Layer::from_name(name)
            {
                return Err(ConfigError::at(
                    ctx.key("output"),
                    format!("`{l}` is a built-in layer with its own shape; write to `entities` or name an extra layer (\"casualties\", \"claims\", ...)"),
                ));
            }
            Output::Extra(name.to_string())
        }
    };
    let mut specs = Vec::new();
    for (i, v) in opts.patterns.iter().enumerate() {
        let value = serde_json::to_value(v).map_err(|e| ConfigError::at(ctx.key("patterns"), e))?;
        let origin = spec::Origin {
            location: format!("{}[{}]", ctx.key("patterns"), i + 1),
            describe: format!("pattern {}", i + 1),
        };
        specs.push((origin, value));
    }
    if let Some(file) = &opts.file {
        let path = ctx.resolve(file);
        specs.extend(spec::read_file(&path, &ctx.key("file"))?);
    }
    if opts.max_tokens == 0 {
        return Err(ConfigError::at(ctx.key("max_tokens"), "must be at least 1"));
    }
    if specs.is_empty() {
        return Err(ConfigError::at(
            ctx.table(),
            "no patterns: add [[stage.patterns]] tables or name a file with `file = \"patterns.jsonl\"`",
        ));
    }
    let mut compiled = Vec::new();
    for (origin, value) in specs {
        compiled.push(spec::compile(&origin, value, opts.case)?);
    }
    let (matcher, meta) = Matcher::new(compiled, opts.whole_words, opts.max_tokens)?;
    Ok(Patterns {
        output,
        matcher,
        meta,
        overlaps: opts.overlaps,
        overwrite: opts.overwrite,
    })
}

impl Stage for Patterns {
    fn requires(&self) -> Vec<Layer> {
        if self.matcher.needs_tokens() {
            vec![Layer::Tokens]
        } else {
            vec![]
        }
    }

    fn provides(&self) -> Vec<Layer> {
        match &self.output {
            Output::Entities => vec![Layer::Entities],
            Output::Extra(name) => vec![Layer::Extra(name.clone().into())],
        }
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut found = self.matcher.find(doc);
        if self.overlaps == Overlaps::Longest {
            found = longest_first(found);
        }
        found.sort_by_key(|f| (f.span.start, f.span.end, f.pattern));
        match &self.output {
            Output::Entities => self.write_entities(doc, found),
            Output::Extra(name) => {
                let items = found.into_iter().map(|f| self.annotation(f));
                let layer = doc.extra.entry(name.clone()).or_default();
                layer.extend(items);
                layer.sort_by_key(|a| (a.span.start, a.span.end));
            }
        }
        Ok(())
    }
}

impl Patterns {
    fn write_entities(&self, doc: &mut Document, found: Vec<Found>) {
        let new: Vec<Entity> = found
            .into_iter()
            .map(|f| {
                let m = &self.meta[f.pattern];
                let text = doc.slice(f.span);
                Entity {
                    span: f.span,
                    id: m.id.clone().unwrap_or_else(|| slug(text)),
                    entity_type: m.label.clone(),
                    canonical: m.canonical.clone().unwrap_or_else(|| text.to_string()),
                    candidates: Vec::new(),
                }
            })
            .collect();
        let overlaps_any = |s: Span, set: &[Entity]| set.iter().any(|e| e.span.overlaps(s));
        if self.overwrite {
            doc.entities.retain(|e| !overlaps_any(e.span, &new));
            doc.entities.extend(new);
        } else {
            let keep: Vec<Entity> = new
                .into_iter()
                .filter(|e| !overlaps_any(e.span, &doc.entities))
                .collect();
            doc.entities.extend(keep);
        }
        doc.entities.sort_by_key(|e| (e.span.start, e.span.end));
    }

    fn annotation(&self, f: Found) -> Annotation {
        let m = &self.meta[f.pattern];
        let mut data = m.data.clone();
        if let Some(id) = &m.id {
            data.insert("id".into(), id.clone().into());
        }
        if let Some(c) = &m.canonical {
            data.insert("canonical".into(), c.clone().into());
        }
        Annotation {
            span: f.span,
            label: m.label.clone(),
            roles: f.roles,
            data,
        }
    }
}

/// Keeps the longest of overlapping matches (then the leftmost, then the
/// earlier pattern), as spaCy's `EntityRuler` and `filter_spans` do.
fn longest_first(mut found: Vec<Found>) -> Vec<Found> {
    found.sort_by_key(|f| (std::cmp::Reverse(f.span.len()), f.span.start, f.pattern));
    // Accepted spans by start; they never overlap, so the neighbours of a
    // candidate are the only spans it could overlap.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for f in found {
        let s = f.span;
        let before = taken.range(..=s.start).next_back();
        let after = taken.range(s.start..).next();
        let clash = before.is_some_and(|(&a, &b)| Span::new(a, b).overlaps(s) || a == s.start)
            || after.is_some_and(|(&a, &b)| Span::new(a, b).overlaps(s) || a == s.start);
        if !clash {
            taken.insert(s.start, s.end);
            out.push(f);
        }
    }
    out
}

/// "Islamic State" -> "islamic-state": an id for a match whose pattern names none.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Registers the `patterns` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "patterns",
            "labelled phrases, token patterns (spaCy Matcher style) and regexes from the config: entities or an extra layer, no Rust needed",
        )
        .option(
            "patterns",
            "table list",
            "[]",
            "[[stage.patterns]] tables: `label`, optional `id`/`canonical`/`data`/`case`, and one of `phrase`, `phrases`, `tokens` (token tests with `text`, `lower`, `shape`, `kind`, `in`, `regex`, `op` = \"?\" | \"*\" | \"+\") or `regex`",
        )
        .option(
            "file",
            "path",
            "none",
            "more patterns in a .toml file ([[patterns]] tables) or a .jsonl file (one pattern object per line)",
        )
        .option(
            "output",
            "layer name",
            "\"entities\"",
            "`entities` (label = entity type) or the name of an extra layer to write",
        )
        .option(
            "case",
            "\"sensitive\" | \"insensitive\"",
            "\"sensitive\"",
            "case rule for phrases and regexes that set none of their own",
        )
        .option(
            "whole_words",
            "bool",
            "true",
            "phrases match only where they do not start or end inside a word",
        )
        .option(
            "overlaps",
            "\"longest\" | \"all\"",
            "\"longest\"",
            "longest: of overlapping matches keep the longest (then leftmost); all: keep every match",
        )
        .option(
            "overwrite",
            "bool",
            "false",
            "with output = \"entities\": replace entities from earlier stages that a match overlaps (default: they win)",
        )
        .option(
            "max_tokens",
            "integer",
            "32",
            "longest token-pattern match; a match also never crosses a sentence end when sentences are present",
        )
        .provides([Layer::Entities]),
        |table, ctx| Ok(Box::new(build(table, ctx)?)),
    );
}

#[cfg(test)]
mod tests;
