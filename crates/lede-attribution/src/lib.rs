//! lede stage `attribution`: who said what, to whom, in which words.
//!
//! The stage finds direct quotes (straight, curly and nested marks, quotes
//! split by their cue, quotes running over paragraphs), reported speech
//! ("X said (that) ...", "..., X said", "said X", "X told Y", "according to
//! X", "claim: Source" headlines), resolves pronouns and short names to the
//! last compatible named speaker, and records outlets (agencies, channels,
//! bylines, datelines, photo credits). Spans follow PolNeAR conventions:
//! reported content starts at "that" and ends before the final period, a cue
//! keeps its auxiliaries, and only the outermost of nested relations is kept.
//! With the option `model`, a span-boundary model trained locally by
//! `lede train attribution` then moves span edges and drops unlikely
//! relations ([`boundary`]); a model trained with `--cues` also carries a
//! learned cue detector ([`cue`]) that names words the lists miss ("backed",
//! "questioned") as cues, each read by the rules like a listed verb.
//!
//! ```
//! use lede_attribution::Attribution;
//! use lede_core::{DocId, Document, Stage};
//!
//! let stage = Attribution::bundled();
//! let mut doc = Document::new(
//!     DocId::line(1),
//!     "“The fighting,” he said, “is over.” Army Colonel Ryan Dillon said that troops entered Mosul.",
//! );
//! stage.process(&mut doc).unwrap();
//! let a = &doc.attributions[0];
//! assert_eq!(a.content_parts.len(), 2);
//! assert_eq!(doc.slice(a.cue.unwrap()), "said");
//! let b = &doc.attributions[1];
//! assert_eq!(doc.slice(b.content.unwrap()), "that troops entered Mosul");
//! assert_eq!(b.source.as_ref().unwrap().canonical.as_deref(), Some("Ryan Dillon"));
//! ```

#![warn(missing_docs)]

pub mod boundary;
pub mod cue;
mod extract;
pub mod lexicon;
mod outlets;
pub mod perceptron;
mod resolve;
pub mod text;

use lede_core::{
    ConfigError, Document, Layer, Registry, Stage, StageContext, StageError, StageInfo,
};
use serde::Deserialize;

pub use extract::Settings;
use lexicon::Lexicon;

/// Options of the `attribution` stage (`[[stage]] kind = "attribution"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// A cue list to use instead of the bundled `data/attribution/cues.txt`.
    #[serde(default)]
    pub cues: Option<String>,
    /// A speaker-word list to use instead of `data/attribution/sources.txt`.
    #[serde(default)]
    pub sources: Option<String>,
    /// An outlet list to use instead of `data/attribution/outlets.txt`.
    #[serde(default)]
    pub outlets: Option<String>,
    /// Longest source mention left of a cue, in tokens.
    #[serde(default = "default_max_source")]
    pub max_source_tokens: usize,
    /// Whether a speech quote with no cue inherits the previous speaker.
    #[serde(default = "yes")]
    pub floating_quotes: bool,
    /// Whether bylines, datelines, photo credits and source lines become `outlet` records.
    #[serde(default = "yes")]
    pub outlet_records: bool,
    /// A boundary model written by `lede train attribution` (none: rules only).
    #[serde(default)]
    pub model: Option<String>,
}

fn default_max_source() -> usize {
    22
}

fn yes() -> bool {
    true
}

impl Default for Options {
    fn default() -> Options {
        Options {
            cues: None,
            sources: None,
            outlets: None,
            max_source_tokens: default_max_source(),
            floating_quotes: true,
            outlet_records: true,
            model: None,
        }
    }
}

/// The attribution stage: built once, shared by every worker thread.
pub struct Attribution {
    lexicon: Lexicon,
    settings: Settings,
    model: Option<boundary::Model>,
}

impl Attribution {
    /// The stage with the bundled lists and default settings.
    pub fn bundled() -> Attribution {
        let lexicon = Lexicon::from_texts(lexicon::CUES, lexicon::SOURCES, lexicon::OUTLETS)
            .expect("the bundled lists parse (checked by a unit test)");
        Attribution {
            lexicon,
            settings: settings_of(&Options::default()),
            model: None,
        }
    }

    /// The stage from list texts and options; the error names the list (0 cues,
    /// 1 sources, 2 outlets) and the line.
    pub fn from_lists(
        cues: &str,
        sources: &str,
        outlets: &str,
        options: &Options,
    ) -> Result<Attribution, (usize, lexicon::ListError)> {
        Ok(Attribution {
            lexicon: Lexicon::from_texts(cues, sources, outlets)?,
            settings: settings_of(options),
            model: None,
        })
    }

    /// The same stage with a boundary model moving span edges after the rules
    /// (and its cue detector, when it has one, finding more cues).
    pub fn with_model(mut self, model: boundary::Model) -> Attribution {
        self.model = Some(model);
        self
    }

    /// Finds the attributions of one document (what `process` stores).
    pub fn extract(&self, doc: &Document) -> Vec<lede_core::Attribution> {
        if doc.text.trim().is_empty() {
            return Vec::new();
        }
        let (mut ctx, units) = extract::Ctx::new(doc, &self.lexicon, &self.settings);
        let mut found = match &self.model {
            Some(m) if !m.cue.is_empty() => {
                let mut more =
                    |cx: &mut extract::Ctx, a, b, rels: &[extract::Rel], out: &mut Vec<usize>| {
                        m.cue.heads(cx, a, b, rels, out)
                    };
                ctx.run_with(&units, doc, Some(&mut more))
            }
            _ => ctx.run(&units, doc),
        };
        if let Some(m) = &self.model {
            boundary::refine(&ctx, m, &mut found);
        }
        found
    }

    /// The stage with a perfect cue detector: every word whose relation
    /// has the exact cue of a gold relation the rules missed is a head (the
    /// detector's ceiling, for reports; the boundary model still runs).
    #[doc(hidden)]
    pub fn extract_oracle(
        &self,
        doc: &Document,
        gold: &[boundary::GoldSpans],
    ) -> Vec<lede_core::Attribution> {
        if doc.text.trim().is_empty() {
            return Vec::new();
        }
        let (mut ctx, units) = extract::Ctx::new(doc, &self.lexicon, &self.settings);
        let cues: Vec<lede_core::Span> = gold.iter().filter_map(|g| g.cue).collect();
        let mut more =
            |cx: &mut extract::Ctx, a, b, rels: &[extract::Rel], out: &mut Vec<usize>| {
                let mut ex = Vec::new();
                cue::examples(cx, a, b, rels, &cues, &mut ex);
                for e in ex.iter().filter(|e| e.head) {
                    out.push(cx.t.partition_point(|x| x.s < e.at.start));
                }
            };
        let mut found = ctx.run_with(&units, doc, Some(&mut more));
        if let Some(m) = &self.model {
            boundary::refine(&ctx, m, &mut found);
        }
        found
    }

    /// What a document with gold relations teaches the cue detector: the
    /// rules run (without a model) and every word they could read as a cue
    /// but did not is an example, labelled from the gold cues. Appends to `out`.
    pub fn cue_examples(
        &self,
        doc: &Document,
        gold: &[boundary::GoldSpans],
        out: &mut Vec<cue::Example>,
    ) {
        if doc.text.trim().is_empty() {
            return;
        }
        let (mut ctx, units) = extract::Ctx::new(doc, &self.lexicon, &self.settings);
        let cues: Vec<lede_core::Span> = gold.iter().filter_map(|g| g.cue).collect();
        let mut more = |cx: &mut extract::Ctx, a, b, rels: &[extract::Rel], _: &mut Vec<usize>| {
            cue::examples(cx, a, b, rels, &cues, out)
        };
        ctx.run_with(&units, doc, Some(&mut more));
    }

    /// What a document with gold relations teaches the boundary model: the
    /// rules run (without a model) and each relation's choices are labelled
    /// from the gold relation whose cue overlaps its cue. Appends to `out`.
    pub fn boundary_choices(
        &self,
        doc: &Document,
        gold: &[boundary::GoldSpans],
        out: &mut Vec<perceptron::Choice>,
    ) -> boundary::Coverage {
        self.boundary_choices_with(doc, gold, None, out)
    }

    /// [`Attribution::boundary_choices`] with the relations of a cue
    /// detector among the rules' (as the stage with a model runs).
    pub fn boundary_choices_with(
        &self,
        doc: &Document,
        gold: &[boundary::GoldSpans],
        detector: Option<&cue::Detector>,
        out: &mut Vec<perceptron::Choice>,
    ) -> boundary::Coverage {
        if doc.text.trim().is_empty() {
            return boundary::Coverage::default();
        }
        let (mut ctx, units) = extract::Ctx::new(doc, &self.lexicon, &self.settings);
        let found = match detector.filter(|d| !d.is_empty()) {
            Some(d) => {
                let mut more =
                    |cx: &mut extract::Ctx, a, b, rels: &[extract::Rel], out: &mut Vec<usize>| {
                        d.heads(cx, a, b, rels, out)
                    };
                ctx.run_with(&units, doc, Some(&mut more))
            }
            None => ctx.run(&units, doc),
        };
        boundary::choices(&ctx, &found, gold, out)
    }
}

fn settings_of(o: &Options) -> Settings {
    Settings {
        max_source_tokens: o.max_source_tokens.clamp(1, 40),
        floating_quotes: o.floating_quotes,
        outlet_records: o.outlet_records,
        strict_that: false,
    }
}

impl Stage for Attribution {
    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Tokens, Layer::Sentences]
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Attributions]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = self.extract(doc);
        doc.attributions = found;
        Ok(())
    }
}

fn build(table: &toml::Table, ctx: &StageContext) -> Result<Box<dyn Stage>, ConfigError> {
    let opts: Options = ctx.options(table)?;
    let read = |key: &str, path: &Option<String>, bundled: &'static str| match path {
        None => Ok(bundled.to_string()),
        Some(p) => {
            let full = ctx.resolve(p);
            std::fs::read_to_string(&full).map_err(|e| {
                ConfigError::at(ctx.key(key), format!("cannot read {}: {e}", full.display()))
            })
        }
    };
    let cues = read("cues", &opts.cues, lexicon::CUES)?;
    let sources = read("sources", &opts.sources, lexicon::SOURCES)?;
    let outlets = read("outlets", &opts.outlets, lexicon::OUTLETS)?;
    let model = match &opts.model {
        None => None,
        Some(p) => {
            let full = ctx.resolve(p);
            Some(boundary::Model::load(&full).map_err(|e| ConfigError::at(ctx.key("model"), e))?)
        }
    };
    Attribution::from_lists(&cues, &sources, &outlets, &opts)
        .map(|a| {
            let a = match model {
                Some(m) => a.with_model(m),
                None => a,
            };
            Box::new(a) as Box<dyn Stage>
        })
        .map_err(|(which, e)| {
            let (key, path, default) = match which {
                0 => ("cues", &opts.cues, "data/attribution/cues.txt"),
                1 => ("sources", &opts.sources, "data/attribution/sources.txt"),
                _ => ("outlets", &opts.outlets, "data/attribution/outlets.txt"),
            };
            let file = path.as_ref().map_or(default.to_string(), |p| {
                ctx.resolve(p).display().to_string()
            });
            ConfigError::at(ctx.key(key), format!("{file}:{}: {}", e.line, e.message))
        })
}

/// Registers the `attribution` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "attribution",
            "quotes, reported speech, sources (with pronoun resolution) and outlets",
        )
        .option(
            "cues",
            "path",
            "bundled data/attribution/cues.txt",
            "reporting cues: TYPE<TAB>FORM|FORM lines (say, tell, that, part, according, statement, aux)",
        )
        .option(
            "sources",
            "path",
            "bundled data/attribution/sources.txt",
            "speaker words: roles, titles, pronouns, organisation nouns",
        )
        .option(
            "outlets",
            "path",
            "bundled data/attribution/outlets.txt",
            "outlet names and outlet head words (television, agency, ...)",
        )
        .option(
            "max_source_tokens",
            "integer",
            "22",
            "longest source mention before a cue, in tokens",
        )
        .option(
            "floating_quotes",
            "bool",
            "true",
            "a speech quote with no cue inherits the previous speaker",
        )
        .option(
            "outlet_records",
            "bool",
            "true",
            "bylines, datelines, photo credits and SOURCE lines become `outlet` records",
        )
        .option(
            "model",
            "path",
            "none (rules only)",
            "a span-boundary model trained locally by `lede train attribution --polnear DIR --out FILE`",
        )
        .requires([Layer::Tokens, Layer::Sentences])
        .provides([Layer::Attributions]),
        build,
    );
}

#[cfg(test)]
mod tests;
