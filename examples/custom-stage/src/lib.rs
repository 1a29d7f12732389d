//! A compiled custom stage for lede: **casualty claims**.
//!
//! "21 ISIS fighters had been killed" becomes one record in the extra layer
//! `casualties` linking the count, the group and the verb:
//!
//! ```json
//! {"start": 10, "end": 42, "text": "21 ISIS fighters had been killed", "label": "casualty_claim",
//!  "roles": {"count": {...}, "group": {...}, "verb": {...}},
//!  "data": {"count": 21, "bound": "exact", "outcome": "killed", "voice": "passive", "group_id": "islamic-state"}}
//! ```
//!
//! It reads the `tokens` layer (required), and the `entities` and
//! `quantities` layers when an earlier stage filled them: a tagged entity
//! among the group words gives `group_id`, a `count` quantity gives the
//! value of "dozens" or "1,000". The binary in `src/main.rs` registers the
//! stage next to the built-in ones and runs the whole `lede` command line.
//!
//! ```
//! use lede::{DocId, Document, StageContext};
//!
//! let mut registry = lede::registry();
//! lede_example_custom_stage::register(&mut registry);
//! let tokenize = registry.build("tokenize", &toml::Table::new(), &StageContext::standalone("tokenize")).unwrap();
//! let claims = registry.build("casualties", &toml::Table::new(), &StageContext::standalone("casualties")).unwrap();
//! let mut doc = Document::new(DocId::line(1), "Officials said 21 ISIS fighters had been killed.");
//! tokenize.process(&mut doc).unwrap();
//! claims.process(&mut doc).unwrap();
//! let claim = &doc.extra["casualties"][0];
//! assert_eq!(doc.slice(claim.span), "21 ISIS fighters had been killed");
//! assert_eq!(claim.data["count"], 21.0);
//! ```

#![warn(missing_docs)]

use std::collections::BTreeMap;

use lede::{
    Annotation, ConfigError, Document, Layer, QuantityKind, Registry, Span, Stage, StageContext,
    StageError, StageInfo, TokenKind,
};
use serde::Deserialize;
use serde_json::{Map, Value};

/// Verbs that report a casualty, with the outcome recorded for each.
const OUTCOMES: &[&str] = &[
    "killed",
    "wounded",
    "injured",
    "captured",
    "executed",
    "abducted",
    "kidnapped",
    "arrested",
];

/// Auxiliaries that make a passive ("were killed", "had been killed").
const AUXILIARIES: &[&str] = &["was", "were", "been", "are", "is", "be", "being"];

/// Words before a count that bound it ("more than 1,000").
const BOUNDS: &[(&[&str], &str)] = &[
    (&["more", "than"], "more_than"),
    (&["at", "least"], "at_least"),
    (&["less", "than"], "less_than"),
    (&["fewer", "than"], "less_than"),
    (&["up", "to"], "at_most"),
    (&["about"], "approx"),
    (&["some"], "approx"),
    (&["nearly"], "approx"),
    (&["around"], "approx"),
    (&["over"], "more_than"),
];

/// Number words and vague plurals, with the value (a floor for plurals).
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
    ("dozens", 24.0),
    ("scores", 40.0),
    ("hundreds", 200.0),
    ("thousands", 2000.0),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    /// The extra layer to write.
    #[serde(default = "default_layer")]
    layer: String,
    /// Most tokens between the count and the verb.
    #[serde(default = "default_gap")]
    max_gap: usize,
}

fn default_layer() -> String {
    "casualties".into()
}

fn default_gap() -> usize {
    6
}

/// The `casualties` stage.
#[derive(Debug)]
pub struct Casualties {
    layer: String,
    max_gap: usize,
}

/// One token, lowercased, for matching.
struct Tok {
    span: Span,
    kind: TokenKind,
    lower: String,
}

impl Casualties {
    /// Builds the stage from its `[[stage]]` table.
    pub fn build(table: &toml::Table, ctx: &StageContext) -> Result<Casualties, ConfigError> {
        let o: Options = ctx.options(table)?;
        if matches!(Layer::from_name(&o.layer), Layer::Extra(_)) && !o.layer.trim().is_empty() {
            Ok(Casualties {
                layer: o.layer,
                max_gap: o.max_gap.max(1),
            })
        } else {
            Err(ConfigError::at(
                ctx.key("layer"),
                format!("`{}` is not a name for an extra layer", o.layer),
            ))
        }
    }

    /// The value of the count at token `i`, from a `count` quantity when an
    /// earlier stage found one there, else from the token itself.
    fn count_at(&self, doc: &Document, toks: &[Tok], i: usize) -> Option<f64> {
        let t = &toks[i];
        let from_quantity = doc
            .quantities
            .iter()
            .find(|q| q.span.contains(t.span) && q.kind == QuantityKind::Count)
            .and_then(|q| q.value.or(q.low));
        if from_quantity.is_some() {
            return from_quantity;
        }
        match t.kind {
            TokenKind::Number => t.lower.replace(',', "").parse::<f64>().ok(),
            TokenKind::Word => NUMBER_WORDS
                .iter()
                .find(|(w, _)| *w == t.lower)
                .map(|x| x.1),
            _ => None,
        }
    }

    fn bound_before(toks: &[Tok], i: usize) -> (&'static str, usize) {
        for (words, name) in BOUNDS {
            let n = words.len();
            if i >= n
                && toks[i - n..i]
                    .iter()
                    .zip(words.iter())
                    .all(|(t, w)| t.lower == *w)
            {
                return (name, i - n);
            }
        }
        ("exact", i)
    }

    /// The group among tokens `[a, b)`: an entity there if any, else the words.
    fn group(
        doc: &Document,
        toks: &[Tok],
        mut a: usize,
        b: usize,
    ) -> Option<(Span, Option<String>)> {
        // "two of his fighters": the group is "fighters".
        while a < b
            && matches!(
                toks[a].lower.as_str(),
                "of" | "his" | "her" | "their" | "its" | "the" | "our"
            )
        {
            a += 1;
        }
        if a >= b {
            return None;
        }
        let whole = Span::new(toks[a].span.start, toks[b - 1].span.end);
        if let Some(e) = doc.entities.iter().find(|e| whole.contains(e.span)) {
            return Some((e.span, Some(e.id.clone())));
        }
        Some((whole, None))
    }

    fn find(&self, doc: &Document) -> Vec<Annotation> {
        let toks: Vec<Tok> = doc
            .tokens
            .iter()
            .map(|t| Tok {
                span: t.span,
                kind: t.kind,
                lower: doc.slice(t.span).to_lowercase(),
            })
            .collect();
        let is_outcome = |t: &Tok| OUTCOMES.contains(&t.lower.as_str());
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let Some(count) = self.count_at(doc, &toks, i) else {
                i += 1;
                continue;
            };
            let (bound, first) = Self::bound_before(&toks, i);
            // Passive: COUNT group-words AUX+ VERB ("21 ISIS fighters had been killed").
            let mut j = i + 1;
            let limit = (i + 1 + self.max_gap).min(toks.len());
            let is_aux = |t: &Tok| {
                AUXILIARIES.contains(&t.lower.as_str())
                    || matches!(t.lower.as_str(), "had" | "have" | "has")
            };
            while j < limit && toks[j].kind == TokenKind::Word && !is_aux(&toks[j]) {
                j += 1;
            }
            let group_end = j;
            let mut k = j;
            while k < toks.len() && is_aux(&toks[k]) {
                k += 1;
            }
            if k > j && k < toks.len() && is_outcome(&toks[k]) && group_end > i + 1 {
                let group = Self::group(doc, &toks, i + 1, group_end);
                out.push(record(&toks, first, i, k, group, count, bound, "passive"));
                i = k + 1;
                continue;
            }
            // Active: VERB [bound] COUNT group-words ("killed some 30 militants").
            if first > 0 && is_outcome(&toks[first - 1]) {
                let mut g = i + 1;
                // The group ends at the first preposition: "30 militants near Hawija".
                let is_prep = |t: &Tok| {
                    matches!(
                        t.lower.as_str(),
                        "near"
                            | "in"
                            | "on"
                            | "at"
                            | "during"
                            | "when"
                            | "after"
                            | "since"
                            | "across"
                            | "outside"
                            | "inside"
                            | "and"
                            | "as"
                            | "from"
                    )
                };
                while g < toks.len()
                    && g < i + 5
                    && toks[g].kind == TokenKind::Word
                    && !is_prep(&toks[g])
                {
                    g += 1;
                }
                if g > i + 1 {
                    let group = Self::group(doc, &toks, i + 1, g);
                    let mut a = record(
                        &toks,
                        first - 1,
                        i,
                        first - 1,
                        group,
                        count,
                        bound,
                        "active",
                    );
                    a.span = Span::new(toks[first - 1].span.start, toks[g - 1].span.end);
                    out.push(a);
                    i = g;
                    continue;
                }
            }
            i += 1;
        }
        out
    }
}

#[allow(clippy::too_many_arguments)]
fn record(
    toks: &[Tok],
    first: usize,
    count: usize,
    verb: usize,
    group: Option<(Span, Option<String>)>,
    value: f64,
    bound: &str,
    voice: &str,
) -> Annotation {
    let mut roles = BTreeMap::new();
    roles.insert("count".to_string(), toks[count].span);
    roles.insert("verb".to_string(), toks[verb].span);
    let mut data = Map::new();
    data.insert("count".into(), Value::from(value));
    data.insert("bound".into(), bound.into());
    data.insert("outcome".into(), toks[verb].lower.clone().into());
    data.insert("voice".into(), voice.into());
    let mut group_id = Value::Null;
    if let Some((span, id)) = group {
        roles.insert("group".to_string(), span);
        if let Some(id) = id {
            group_id = id.into();
        }
    }
    data.insert("group_id".into(), group_id);
    Annotation {
        span: Span::new(toks[first].span.start, toks[verb].span.end),
        label: "casualty_claim".into(),
        roles,
        data,
    }
}

impl Stage for Casualties {
    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Tokens]
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Extra(self.layer.clone().into())]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = self.find(doc);
        doc.extra.insert(self.layer.clone(), found);
        Ok(())
    }
}

/// Registers the `casualties` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "casualties",
            "casualty claims (\"21 ISIS fighters had been killed\"): count, group and verb in one record (example custom stage)",
        )
        .option("layer", "layer name", "\"casualties\"", "the extra layer to write")
        .option(
            "max_gap",
            "integer",
            "6",
            "most words between the count and the auxiliary of a passive claim",
        )
        .requires([Layer::Tokens])
        .provides([Layer::Extra("casualties".into())]),
        |table, ctx| Ok(Box::new(Casualties::build(table, ctx)?)),
    );
}

#[cfg(test)]
mod tests;
