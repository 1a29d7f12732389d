//! The conformance suite every lede stage passes, built-in or custom.
//!
//! A stage must never panic, must write only spans that are in bounds and on
//! character boundaries, must give the same output twice for the same input,
//! and must leave alone the layers it does not declare. This crate runs a
//! stage (after the stages it needs) over texts chosen to break those rules:
//! empty text, whitespace only, a 5 MB text, combining marks, right-to-left
//! scripts, emoji sequences, NUL and other control characters, and reports
//! every violation at once.
//!
//! ```
//! use lede_core::{Annotation, Document, Layer, Span, Stage, StageError};
//!
//! /// Marks every "ISIS" as a mention of the group.
//! struct Isis;
//! impl Stage for Isis {
//!     fn provides(&self) -> Vec<Layer> {
//!         vec![Layer::Extra("isis".into())]
//!     }
//!     fn process(&self, doc: &mut Document) -> Result<(), StageError> {
//!         let found = doc.text.match_indices("ISIS").map(|(i, m)| Annotation {
//!             span: Span::new(i, i + m.len()),
//!             label: "group".into(),
//!             ..Annotation::default()
//!         });
//!         let found = found.collect();
//!         doc.extra.insert("isis".into(), found);
//!         Ok(())
//!     }
//! }
//!
//! // Prerequisite stages (a tokenizer, say) go first; the last stage is the one under test.
//! lede_testkit::Conformance::new(vec![Box::new(Isis)]).run().assert_ok();
//! ```

#![warn(missing_docs)]

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lede_core::{ConfigError, DocId, Document, Layer, Registry, Stage, StageContext};

/// One text of the suite: a name for reports and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// A short name shown in failure reports ("rtl", "nul").
    pub name: String,
    /// The document text.
    pub text: String,
}

impl Case {
    /// A case with a name and a text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Case {
        Case {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// The size the suite's large text has by default: 5 MB.
pub const BIG_TEXT_BYTES: usize = 5 * 1024 * 1024;

/// A paragraph in the register of the stages' input, with a little of
/// everything: figures, quotes, names with diacritics, an e-mail, a URL.
const NEWS: &str = "MOSUL, Iraq (Reuters) - Iraqi forces said on Sunday they had retaken \
al-Ba'aj, some 30 kilometers (19 miles) west of Mosul, after 21 ISIS fighters were killed. \
\"We will not stop until every village is free,\" said Brig. Gen. Yahya Rasool, a military \
spokesman. According to the U.N., more than 27,000 people fled Qāmishlī and Tal Afar in 3 days; \
aid cost $3.5bn (about €3bn). Contact press@example.org or see https://example.org/news?id=7.\n\n";

/// The suite's texts, the large one `big_bytes` long (rounded to whole paragraphs).
pub fn cases(big_bytes: usize) -> Vec<Case> {
    let mut big = String::with_capacity(big_bytes + NEWS.len());
    // Alternate plain paragraphs with hostile ones so a stage meets them deep
    // inside a large document too, not only at its start.
    let hostile = hostile_paragraph();
    let mut i = 0usize;
    while big.len() < big_bytes {
        big.push_str(if i % 16 == 15 { &hostile } else { NEWS });
        i += 1;
    }
    let long_word: String = "a".repeat(20_000);
    let long_number: String = "9".repeat(5_000);
    vec![
        Case::new("empty", ""),
        Case::new("whitespace only", " \t\n\r\n  \u{a0}\u{2003}\u{3000}\n\n\t"),
        Case::new("one character", "x"),
        Case::new("news", NEWS),
        Case::new(
            "combining marks",
            "Qa\u{304}mishli\u{304} and Mosul\u{301}\u{302}\u{303} were re\u{301}taken; \u{301}21 \
             fighters were killed in Z\u{36b}\u{33e}\u{350}a\u{34c}\u{33a}l\u{361}g\u{489}o.",
        ),
        Case::new("starts with a combining mark", "\u{301}\u{308}ISIS said 3 were killed\u{301}"),
        Case::new(
            "rtl",
            "قال المتحدث باسم التحالف إن ٢١ مقاتلا من داعش قتلوا قرب الموصل يوم الأحد. \
             \u{200f}\"لن نتوقف\"، قال العميد.\u{200e} ISIS מסר כי 30 ק\"מ",
        ),
        Case::new(
            "bidi controls",
            "\u{202e}ISIS said\u{202c} \u{2067}21\u{2069} fighters \u{202b}were killed\u{202c}.",
        ),
        Case::new(
            "emoji",
            "🇮🇶 Troops 👩🏽‍⚕️ entered Mosul 💥💥 after 21 👨‍👩‍👧‍👦 fled, \"we won\" 🙂, officials said 🤷🏻‍♂️. 1️⃣ 🏳️‍🌈",
        ),
        Case::new(
            "nul and controls",
            "ISIS\0 fighters\0\0 were killed\u{1}\u{7}\u{8} in \u{1b}[31mMosul\u{7f}, said\u{85}\u{2028}he\u{2029}.\0",
        ),
        Case::new(
            "odd code points",
            "\u{feff}BOM then \u{fffd}\u{fffd} replacement, \u{ffff} noncharacter, \u{e000} private \
             use, \u{10ffff}, \u{200b}zero\u{200d}width\u{2060}joiners, 𝐌𝐨𝐬𝐮𝐥 in 𝔣𝔯𝔞𝔨𝔱𝔲𝔯.",
        ),
        Case::new(
            "cjk and mixed scripts",
            "摩苏尔 Mosul Мосул Μοσούλη 모술 — 21 名 fighters 被杀, said 发言人.",
        ),
        Case::new("punctuation only", "\"\"''“”‘’—–-...!!??(([[{{}}]]));;::,,//\\\\"),
        Case::new("long word", long_word),
        Case::new("long number", long_number),
        Case::new("no final newline multibyte end", "Troops reached Qāmishlī"),
        Case::new("big", big),
    ]
}

fn hostile_paragraph() -> String {
    cases_small_hostile().join(" ") + "\n\n"
}

fn cases_small_hostile() -> Vec<&'static str> {
    vec![
        "\u{301}ISIS\0 said 21 👨‍👩‍👧‍👦 were killed,",
        "قال المتحدث إن ٢١ مقاتلا قتلوا.",
        "Qa\u{304}mishli\u{304} \u{202e}reversed\u{202c} \u{feff}\u{fffd}",
    ]
}

/// One broken rule: which case, which stage, what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The case's name.
    pub case: String,
    /// The stage's position in the list (0-based) and its label.
    pub stage: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {}", self.case, self.stage, self.message)
    }
}

/// What a run of the suite found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The cases run.
    pub cases: usize,
    /// Every broken rule, in the order found.
    pub failures: Vec<Failure>,
}

impl Report {
    /// True when no rule was broken.
    pub fn is_ok(&self) -> bool {
        self.failures.is_empty()
    }

    /// Panics with every failure listed when a rule was broken (for tests).
    #[track_caller]
    pub fn assert_ok(&self) {
        if !self.is_ok() {
            panic!("conformance suite failed:\n{self}");
        }
    }

    /// True when some failure's message contains `needle` (to check a known bug is still there).
    pub fn mentions(&self, needle: &str) -> bool {
        self.failures.iter().any(|f| f.message.contains(needle))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.failures.is_empty() {
            return write!(f, "{} cases, all rules held", self.cases);
        }
        writeln!(
            f,
            "{} cases, {} failure(s):",
            self.cases,
            self.failures.len()
        )?;
        for x in &self.failures {
            writeln!(f, "  {x}")?;
        }
        Ok(())
    }
}

/// A conformance run: the stages in pipeline order (the last one is the
/// stage under test, the others provide what it needs) and the cases.
pub struct Conformance {
    stages: Vec<(String, Box<dyn Stage>)>,
    cases: Vec<Case>,
    allow_errors: bool,
}

impl fmt::Debug for Conformance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Conformance")
            .field(
                "stages",
                &self.stages.iter().map(|s| &s.0).collect::<Vec<_>>(),
            )
            .field("cases", &self.cases.len())
            .finish()
    }
}

impl Conformance {
    /// A run of the standard cases (5 MB large text) over `stages`, in order.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Conformance {
        let stages = stages
            .into_iter()
            .enumerate()
            .map(|(i, s)| (format!("stage {}", i + 1), s))
            .collect();
        Conformance {
            stages,
            cases: cases(BIG_TEXT_BYTES),
            allow_errors: false,
        }
    }

    /// Builds the stages of a pipeline config's `[[stage]]` tables with
    /// `registry` (relative paths resolve against the current folder) and
    /// makes a run over them; each stage is labelled with its kind in reports.
    pub fn from_toml(registry: &Registry, config: &str) -> Result<Conformance, ConfigError> {
        let doc: toml::Table =
            toml::from_str(config).map_err(|e| ConfigError::at("", e.message().trim()))?;
        let tables = match doc.get("stage") {
            Some(toml::Value::Array(a)) => a.clone(),
            _ => return Err(ConfigError::at("", "the config has no [[stage]] tables")),
        };
        let mut stages = Vec::new();
        for (i, t) in tables.iter().enumerate() {
            let mut table = t
                .as_table()
                .cloned()
                .ok_or_else(|| ConfigError::at(format!("stage[{}]", i + 1), "not a table"))?;
            let kind = match table.remove("kind") {
                Some(toml::Value::String(k)) => k,
                _ => {
                    return Err(ConfigError::at(
                        format!("stage[{}]", i + 1),
                        "needs `kind = \"...\"`",
                    ))
                }
            };
            let name = match table.remove("name") {
                Some(toml::Value::String(n)) => n,
                _ => kind.clone(),
            };
            let mut ctx = StageContext::standalone(&kind);
            ctx.index = i + 1;
            ctx.name = name.clone();
            let stage = registry.build(&kind, &table, &ctx)?;
            stages.push((name, stage));
        }
        if stages.is_empty() {
            return Err(ConfigError::at("", "the config has no [[stage]] tables"));
        }
        Ok(Conformance {
            stages,
            cases: cases(BIG_TEXT_BYTES),
            allow_errors: false,
        })
    }

    /// Makes the large text `bytes` long instead of 5 MB (0 leaves it out).
    pub fn big_text_bytes(mut self, bytes: usize) -> Conformance {
        self.cases.retain(|c| c.name != "big");
        if bytes > 0 {
            if let Some(big) = cases(bytes).into_iter().find(|c| c.name == "big") {
                self.cases.push(big);
            }
        }
        self
    }

    /// Adds a case of your own.
    pub fn case(mut self, name: impl Into<String>, text: impl Into<String>) -> Conformance {
        self.cases.push(Case::new(name, text));
        self
    }

    /// Accepts a `StageError` from a stage as a legitimate outcome (a stage
    /// that refuses some documents by design); by default it is a failure.
    pub fn allow_errors(mut self, yes: bool) -> Conformance {
        self.allow_errors = yes;
        self
    }

    /// Runs every case and checks every rule; never panics itself.
    pub fn run(&self) -> Report {
        let mut report = Report {
            cases: self.cases.len(),
            failures: Vec::new(),
        };
        if let Some(f) = self.order_problem() {
            report.failures.push(f);
            return report;
        }
        for case in &self.cases {
            let first = self.run_case(case, &mut report.failures);
            // Determinism: the same text must give the same layers. The large
            // case is run once only, to keep debug-build test times low.
            if case.name != "big" {
                let mut ignore = Vec::new();
                let second = self.run_case(case, &mut ignore);
                if let (Some(a), Some(b)) = (first, second) {
                    if a != b {
                        report.failures.push(Failure {
                            case: case.name.clone(),
                            stage: self.label(self.stages.len() - 1),
                            message: format!(
                                "output differs between two runs on the same text: {}",
                                first_difference(&a, &b)
                            ),
                        });
                    }
                }
            }
        }
        report
    }

    fn label(&self, i: usize) -> String {
        format!("stage {} `{}`", i + 1, self.stages[i].0)
    }

    fn order_problem(&self) -> Option<Failure> {
        let mut have: Vec<Layer> = Vec::new();
        for (i, (_, s)) in self.stages.iter().enumerate() {
            for r in s.requires() {
                if !have.contains(&r) {
                    return Some(Failure {
                        case: "setup".into(),
                        stage: self.label(i),
                        message: format!(
                            "requires `{r}`, which no stage before it provides; put a stage providing it first"
                        ),
                    });
                }
            }
            have.extend(s.provides());
        }
        None
    }

    /// Runs the stages over one case; returns a fingerprint of the result,
    /// or `None` when a stage panicked.
    fn run_case(&self, case: &Case, failures: &mut Vec<Failure>) -> Option<String> {
        let mut doc = Document::new(DocId::Str(case.name.clone()), case.text.clone());
        for (i, (_, stage)) in self.stages.iter().enumerate() {
            let provides = stage.provides();
            let before = untouched_fingerprint(&doc, &provides);
            let fail = |message: String| Failure {
                case: case.name.clone(),
                stage: self.label(i),
                message,
            };
            match catch_unwind(AssertUnwindSafe(|| stage.process(&mut doc))) {
                Err(payload) => {
                    failures.push(fail(format!("panicked: {}", panic_message(&*payload))));
                    return None;
                }
                Ok(Err(e)) if !self.allow_errors => {
                    failures.push(fail(format!("returned an error: {e}")));
                }
                Ok(_) => {}
            }
            for message in span_problems(&doc) {
                failures.push(fail(message));
            }
            if doc.text != case.text {
                failures.push(fail("changed the document text".into()));
                return None;
            }
            let after = untouched_fingerprint(&doc, &provides);
            if before != after {
                failures.push(fail(format!(
                    "changed a layer it does not declare in `provides` ({})",
                    first_difference(&before, &after)
                )));
            }
        }
        Some(format!("{doc:?}"))
    }
}

/// Every span of every layer that is out of bounds or splits a character.
pub fn span_problems(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let text = &doc.text;
    let mut check = |layer: &str, s: lede_core::Span| {
        if !s.is_valid_in(text) && out.len() < 5 {
            out.push(format!(
                "{layer} span [{}, {}) is out of bounds or inside a character (text is {} bytes)",
                s.start,
                s.end,
                text.len()
            ));
        }
    };
    for t in &doc.tokens {
        check("tokens", t.span);
    }
    for s in &doc.sentences {
        check("sentences", *s);
    }
    for e in &doc.entities {
        check("entities", e.span);
    }
    for q in &doc.quantities {
        check("quantities", q.span);
    }
    for a in &doc.attributions {
        for s in a
            .content
            .iter()
            .chain(&a.content_parts)
            .chain(&a.cue)
            .chain(a.source.as_ref().map(|s| &s.span))
            .chain(a.outlet.as_ref().map(|o| &o.span))
        {
            check("attributions", *s);
        }
    }
    for (name, items) in &doc.extra {
        for it in items {
            check(name, it.span);
            for s in it.roles.values() {
                check(name, *s);
            }
        }
    }
    out
}

/// A fingerprint of the layers not in `provides`, to see whether a stage touched them.
fn untouched_fingerprint(doc: &Document, provides: &[Layer]) -> String {
    let has = |l: Layer| provides.contains(&l);
    let mut s = String::new();
    if !has(Layer::Tokens) {
        s.push_str(&format!("tokens: {:?}\n", doc.tokens));
    }
    if !has(Layer::Sentences) {
        s.push_str(&format!("sentences: {:?}\n", doc.sentences));
    }
    if !has(Layer::Entities) {
        s.push_str(&format!("entities: {:?}\n", doc.entities));
    }
    if !has(Layer::Quantities) {
        s.push_str(&format!("quantities: {:?}\n", doc.quantities));
    }
    if !has(Layer::Attributions) {
        s.push_str(&format!("attributions: {:?}\n", doc.attributions));
    }
    for (name, items) in &doc.extra {
        if !provides.contains(&Layer::from_name(name)) {
            s.push_str(&format!("{name}: {items:?}\n"));
        }
    }
    s
}

fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let from = at.saturating_sub(60);
    let from = (0..=from)
        .rev()
        .find(|&i| a.is_char_boundary(i))
        .unwrap_or(0);
    let snip = |s: &str| -> String { s.get(from..).unwrap_or("").chars().take(120).collect() };
    format!("first run `…{}` vs second `…{}`", snip(a), snip(b))
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

#[cfg(test)]
mod tests;
