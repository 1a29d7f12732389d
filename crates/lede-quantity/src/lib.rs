//! lede stage `quantities`: numbers with units, bounds, ranges, changes and counted nouns,
//! normalised to SI.
//!
//! ```
//! use lede_quantity::Extractor;
//! use lede_core::{Bound, QuantityKind};
//!
//! let x = Extractor::bundled();
//! let text = "Al-Qaim lies some 400 kilometers (250 miles) west of Baghdad.";
//! let q = x.extract(text);
//! assert_eq!(&text[q[0].span.start..q[0].span.end], "some 400 kilometers");
//! assert_eq!(q[0].unit.as_deref(), Some("kilometre"));
//! assert_eq!(q[0].si_value, Some(400_000.0));
//! assert_eq!(q[0].bound, Bound::Approx);
//! assert_eq!(q[1].conversion_of, Some(0));
//! assert_eq!(q[1].kind, QuantityKind::Quantity);
//! ```
//!
//! The lexicons are plain-text files under `data/quantity/` (units, number words, cue phrases,
//! context cues for ambiguous units), embedded by default and replaceable from the config.
//!
//! What comes out follows the "Quantity conventions" of the project's design:
//!
//! - a percentage keeps the number written (80 for "80 percent"); percentage points and basis
//!   points are `quantity` with their own units;
//! - fractions ("a third", "two-thirds", "3/4") have the decimal value and unit `fraction`
//!   unless a unit follows ("half a mile");
//! - vague plurals ("dozens", "hundreds", "tens of thousands") are `at_least` with `low` = 2 × the
//!   base (24, 200, 20,000) and no `value`;
//! - ranges ("between 10 and 15", "10-15", "four to five thousand", "100 or 150 km") have `low`
//!   and `high`, and `approx` when hedged ("about 25-40");
//! - "rose from 5 to 7 percent" gives two quantities moving up; a conversion in brackets
//!   ("320 kilometers (200 miles)") points at the figure it converts with `conversion_of`;
//! - ages ("34-year-old", "Ahmed al-Assadi, 44,") are `duration` in years; "3 years ago" is
//!   `time_ago`; years, full dates and ordinals are typed `year`, `date`, `ordinal`;
//! - clock times, phone numbers, scores ("won 3-1"), numbers in names ("F-16", "COVID-19",
//!   "Route 66", "S&P 500", "G20"), "number two" and the pronoun "one" are not quantities.
//!
//! The stage reads the `sentences` layer (figures never span sentences) and scans the text of
//! each sentence itself: number parsing needs finer pieces than surface tokens.

#![warn(missing_docs)]

mod extract;
mod lex;
mod lexicon;

use std::path::Path;
use std::sync::Arc;

use lede_core::{
    ConfigError, Document, Layer, Quantity, QuantityKind, Registry, Span, Stage, StageContext,
    StageError, StageInfo,
};
use serde::Deserialize;

pub use extract::singular;
pub use lexicon::{Lexicon, Unit, CONTEXT_TSV, CUES_TSV, NUMBERS_TSV, UNITS_TSV};

/// Finds quantities in text with a given [`Lexicon`]. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    lexicon: Arc<Lexicon>,
    kinds: Option<Vec<QuantityKind>>,
}

impl Extractor {
    /// An extractor over the bundled lexicons, emitting every kind.
    pub fn bundled() -> Extractor {
        Extractor::new(Lexicon::bundled())
    }

    /// An extractor over `lexicon`, emitting every kind.
    pub fn new(lexicon: Lexicon) -> Extractor {
        Extractor {
            lexicon: Arc::new(lexicon),
            kinds: None,
        }
    }

    /// Keeps only these kinds in the output (years, dates and ordinals are often noise).
    pub fn with_kinds(mut self, kinds: Vec<QuantityKind>) -> Extractor {
        self.kinds = Some(kinds);
        self
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Quantities of `text`, treated as one sentence.
    pub fn extract(&self, text: &str) -> Vec<Quantity> {
        let mut out = Vec::new();
        self.extract_into(text, &[], &mut out);
        out
    }

    /// Quantities of `text`, sentence by sentence (all of it when `sentences` is empty),
    /// appended to `out`.
    pub fn extract_into(&self, text: &str, sentences: &[Span], out: &mut Vec<Quantity>) {
        let from = out.len();
        extract::extract(&self.lexicon, text, sentences, out);
        if let Some(kinds) = &self.kinds {
            // Indexes shift when items go, so conversions are re-pointed or dropped.
            let mut map = vec![None; out.len() - from];
            let mut kept = Vec::with_capacity(out.len() - from);
            for (k, q) in out.drain(from..).enumerate() {
                if kinds.contains(&q.kind) {
                    map[k] = Some(from + kept.len());
                    kept.push(q);
                }
            }
            for q in &mut kept {
                q.conversion_of = q
                    .conversion_of
                    .and_then(|c| c.checked_sub(from))
                    .and_then(|c| map.get(c).copied().flatten());
            }
            out.extend(kept);
        }
    }
}

/// Options of the `quantities` stage.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    /// A units file to use instead of the bundled one.
    units: Option<String>,
    /// A number-words file to use instead of the bundled one.
    numbers: Option<String>,
    /// A cue-phrases file to use instead of the bundled one.
    cues: Option<String>,
    /// A context-cues file to use instead of the bundled one.
    context: Option<String>,
    /// The kinds to keep (default: all).
    kinds: Option<Vec<String>>,
}

/// The `quantities` stage.
struct QuantityStage {
    x: Extractor,
}

impl Stage for QuantityStage {
    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Tokens, Layer::Sentences]
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Quantities]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut out = std::mem::take(&mut doc.quantities);
        out.clear();
        self.x.extract_into(&doc.text, &doc.sentences, &mut out);
        doc.quantities = out;
        Ok(())
    }
}

const KINDS: &[(&str, QuantityKind)] = &[
    ("quantity", QuantityKind::Quantity),
    ("percent", QuantityKind::Percent),
    ("currency", QuantityKind::Currency),
    ("count", QuantityKind::Count),
    ("year", QuantityKind::Year),
    ("date", QuantityKind::Date),
    ("ordinal", QuantityKind::Ordinal),
    ("duration", QuantityKind::Duration),
    ("time_ago", QuantityKind::TimeAgo),
];

fn read_or(
    ctx: &StageContext,
    key: &str,
    path: &Option<String>,
    bundled: &'static str,
) -> Result<std::borrow::Cow<'static, str>, ConfigError> {
    match path {
        None => Ok(bundled.into()),
        Some(p) => {
            let full = ctx.resolve(Path::new(p));
            std::fs::read_to_string(&full)
                .map(Into::into)
                .map_err(|e| ConfigError::at(ctx.key(key), format!("{}: {e}", full.display())))
        }
    }
}

fn build(table: &toml::Table, ctx: &StageContext) -> Result<Box<dyn Stage>, ConfigError> {
    let o: Options = ctx.options(table)?;
    let units = read_or(ctx, "units", &o.units, UNITS_TSV)?;
    let numbers = read_or(ctx, "numbers", &o.numbers, NUMBERS_TSV)?;
    let cues = read_or(ctx, "cues", &o.cues, CUES_TSV)?;
    let context = read_or(ctx, "context", &o.context, CONTEXT_TSV)?;
    // The bundled context cues name bundled units; over a user's own units file they only
    // apply where the names still exist.
    let parse = if o.context.is_none() && o.units.is_some() {
        Lexicon::from_sources_lenient_context
    } else {
        Lexicon::from_sources
    };
    let lexicon = parse(&units, &numbers, &cues, &context).map_err(|e| {
        // The message starts with the file's role ("units: line 3: ..."); name the key and file.
        let (role, rest) = e.split_once(": ").unwrap_or(("units", &e));
        let path = match role {
            "numbers" => o.numbers.as_deref(),
            "cues" => o.cues.as_deref(),
            "context" => o.context.as_deref(),
            _ => o.units.as_deref(),
        }
        .map(|p| ctx.resolve(p).display().to_string())
        .unwrap_or_else(|| format!("bundled {role}.tsv"));
        ConfigError::at(
            ctx.key(role),
            format!("{path}:{}", rest.trim_start_matches("line ")),
        )
    })?;
    let mut x = Extractor::new(lexicon);
    if let Some(ks) = &o.kinds {
        let mut kinds = Vec::new();
        for k in ks {
            match KINDS.iter().find(|(n, _)| n == k) {
                Some((_, kind)) => kinds.push(*kind),
                None => {
                    let names: Vec<&str> = KINDS.iter().map(|(n, _)| *n).collect();
                    let mut msg = format!("unknown quantity kind `{k}`");
                    if let Some(b) = lede_core::suggest::nearest(k, names.iter().copied()) {
                        msg.push_str(&format!(" (did you mean `{b}`?)"));
                    }
                    msg.push_str(&format!("; kinds: {}", lede_core::quoted_list(&names)));
                    return Err(ConfigError::at(ctx.key("kinds"), msg));
                }
            }
        }
        x = x.with_kinds(kinds);
    }
    Ok(Box::new(QuantityStage { x }))
}

/// Registers the `quantities` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "quantities",
            "numbers with units, bounds, ranges, changes and counted nouns, normalised to SI",
        )
        .option(
            "units",
            "path",
            "bundled data/quantity/units.tsv",
            "units lexicon: canonical name, dimension, SI factor/offset, SI unit, surfaces",
        )
        .option(
            "numbers",
            "path",
            "bundled data/quantity/numbers.tsv",
            "number words: word, value, class (digit, scale, fraction, vague, ...)",
        )
        .option(
            "cues",
            "path",
            "bundled data/quantity/cues.tsv",
            "cue phrases: bounds (\"about\"), movements (\"rose\"), name words (\"Route\")",
        )
        .option(
            "context",
            "path",
            "bundled data/quantity/context.tsv",
            "context words that pick between ambiguous units (\"pound\")",
        )
        .option(
            "kinds",
            "list of kinds",
            "all",
            "kinds to keep: quantity, percent, currency, count, year, date, ordinal, duration, time_ago",
        )
        .requires([Layer::Tokens, Layer::Sentences])
        .provides([Layer::Quantities]),
        build,
    );
}

#[cfg(test)]
mod tests;
