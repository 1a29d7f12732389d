//! The document and its typed annotation layers.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// A document identifier as it appeared in the input.
///
/// The output keeps the JSON type of the input id: a number stays a number,
/// so downstream joins on the id keep working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DocId {
    /// A numeric id, or the 1-based line number when the input line had none.
    Num(serde_json::Number),
    /// A string id, or the path of a `.txt` document relative to the input root.
    Str(String),
}

impl DocId {
    /// An id made from a line number (used when a JSONL line has no `id`).
    pub fn line(n: u64) -> DocId {
        DocId::Num(serde_json::Number::from(n))
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocId::Num(n) => write!(f, "{n}"),
            DocId::Str(s) => f.write_str(s),
        }
    }
}

/// What sort of surface token a [`Token`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes ("Ba'aj", "don't"); UD splits
    /// hyphenated names, so "al-Ba'aj" is "al", "-", "Ba'aj".
    Word,
    /// Digits, possibly with separators and decimals ("27,000", "3.5").
    Number,
    /// Punctuation (".", ",", "“", "—").
    Punct,
    /// Symbols ("%", "$", "£", "+").
    Symbol,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// Emoji and other pictographs.
    Emoji,
    /// Anything else (mixed alphanumerics like "F-16" may be `Word`; this is the rest).
    Other,
}

impl TokenKind {
    /// The lowercase name used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Symbol => "symbol",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Emoji => "emoji",
            TokenKind::Other => "other",
        }
    }
}

/// A surface token (Universal Dependencies sense: "don't" is one token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where the token is in the text.
    pub span: Span,
    /// What sort of token it is.
    pub kind: TokenKind,
}

/// A dictionary entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Where the mention is in the text.
    pub span: Span,
    /// The canonical id from the dictionary ("islamic-state").
    pub id: String,
    /// The entity type from the dictionary ("ORG", "GPE", "PERSON", "OUTLET", ...).
    pub entity_type: String,
    /// The canonical name ("Islamic State").
    pub canonical: String,
    /// Ids of other entities sharing this surface, best first, when the mention is ambiguous.
    pub candidates: Vec<String>,
}

/// How a quantity's value is bounded by the words around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The figure is stated as is.
    #[default]
    Exact,
    /// "about", "some", "nearly".
    Approx,
    /// "more than", "over".
    MoreThan,
    /// "less than", "under".
    LessThan,
    /// "at least", and vague plurals ("dozens").
    AtLeast,
    /// "up to", "no more than".
    AtMost,
    /// "between 10 and 15": `low` and `high` are set.
    Range,
}

impl Bound {
    /// The snake_case name used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::Approx => "approx",
            Bound::MoreThan => "more_than",
            Bound::LessThan => "less_than",
            Bound::AtLeast => "at_least",
            Bound::AtMost => "at_most",
            Bound::Range => "range",
        }
    }
}

/// What sort of figure a [`Quantity`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    /// A value with a physical unit ("30 kilometers").
    #[default]
    Quantity,
    /// A percentage ("80 percent").
    Percent,
    /// Money ("$3.5bn").
    Currency,
    /// A number counting a noun ("21 fighters").
    Count,
    /// A calendar year ("2017").
    Year,
    /// A full date ("Nov. 7, 2017").
    Date,
    /// An ordinal ("third").
    Ordinal,
    /// A span of time ("three years", "34-year-old").
    Duration,
    /// A time in the past relative to now ("3 years ago").
    TimeAgo,
}

impl QuantityKind {
    /// The snake_case name used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityKind::Quantity => "quantity",
            QuantityKind::Percent => "percent",
            QuantityKind::Currency => "currency",
            QuantityKind::Count => "count",
            QuantityKind::Year => "year",
            QuantityKind::Date => "date",
            QuantityKind::Ordinal => "ordinal",
            QuantityKind::Duration => "duration",
            QuantityKind::TimeAgo => "time_ago",
        }
    }
}

/// The direction of a movement the text reports for a figure ("rose 3%").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// "rose", "increased", "jumped".
    Up,
    /// "fell", "dropped", "declined".
    Down,
}

impl Change {
    /// The lowercase name used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Up => "up",
            Change::Down => "down",
        }
    }
}

/// A figure reported in the text, normalised where a unit factor is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Quantity {
    /// The whole mention, bound words included ("some 30 kilometers").
    pub span: Span,
    /// The value as written (80 for "80 percent"); `None` for pure ranges.
    pub value: Option<f64>,
    /// Lower end of a range, or the floor of a vague plural.
    pub low: Option<f64>,
    /// Upper end of a range.
    pub high: Option<f64>,
    /// Canonical singular unit name ("kilometre", "US dollar", "percent").
    pub unit: Option<String>,
    /// Physical dimension of the unit ("length", "area", "currency", ...).
    pub dimension: Option<String>,
    /// The value converted to the SI unit, where a factor exists.
    pub si_value: Option<f64>,
    /// The SI unit symbol ("m", "m2", "kg", ...).
    pub si_unit: Option<String>,
    /// How the value is bounded.
    pub bound: Bound,
    /// True for hedged ranges ("about 25–40").
    pub approx: bool,
    /// The counted noun for `count` quantities ("fighters").
    pub noun: Option<String>,
    /// What sort of figure this is.
    pub kind: QuantityKind,
    /// The reported direction of movement, if any.
    pub change: Option<Change>,
    /// For a conversion in parentheses, the index (in this layer) of the quantity it converts.
    pub conversion_of: Option<usize>,
}

/// What sort of attribution relation an [`Attribution`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionKind {
    /// A quotation in quote marks.
    Direct,
    /// Reported speech ("X said that ...").
    Indirect,
    /// "according to X".
    AccordingTo,
    /// A byline, dateline, photo credit or source line naming an outlet.
    Outlet,
}

impl AttributionKind {
    /// The snake_case name used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionKind::Direct => "direct",
            AttributionKind::Indirect => "indirect",
            AttributionKind::AccordingTo => "according_to",
            AttributionKind::Outlet => "outlet",
        }
    }
}

/// The speaker of an attribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The mention as written ("he", "a commander", "Ahmed al-Assadi").
    pub span: Span,
    /// The named speaker the mention resolves to, or the description as written.
    pub canonical: Option<String>,
    /// The gazetteer id when the source is a tagged entity.
    pub entity: Option<String>,
}

/// The outlet a statement was given to or published by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlet {
    /// The mention as written ("AFP", "Syrian state television").
    pub span: Span,
    /// The gazetteer id when the outlet is a tagged entity.
    pub entity: Option<String>,
}

/// Who said what: one attribution relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// What sort of relation this is.
    pub kind: AttributionKind,
    /// What was said: inside the marks for direct quotes; `None` for outlet records.
    pub content: Option<Span>,
    /// The pieces of a discontinuous content (a quote split by its cue); empty otherwise.
    pub content_parts: Vec<Span>,
    /// The reporting cue ("said", "has said", "according to", ":").
    pub cue: Option<Span>,
    /// The speaker.
    pub source: Option<Source>,
    /// The outlet.
    pub outlet: Option<Outlet>,
}

/// One item of a custom stage's extra layer.
///
/// The writer emits it with its span converted to the chosen offsets and its
/// `text` added, its `roles` likewise, and `data` as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Annotation {
    /// The span the item is about.
    pub span: Span,
    /// A label naming what the item is ("casualty_claim").
    pub label: String,
    /// Named sub-spans ("count", "group", "verb"), converted like `span`.
    pub roles: BTreeMap<String, Span>,
    /// Free-form attributes, written as they are (no offsets inside are converted).
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// An error recorded on a document: the run goes on and the document is still written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocError {
    /// The stage name, or `"input"` for reading problems.
    pub stage: String,
    /// What went wrong; names file:line for input problems.
    pub message: String,
}

/// A document flowing through the pipeline: its text and every layer stages add.
///
/// All spans are byte offsets into [`Document::text`].
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The id from the input (string or number).
    pub id: Option<DocId>,
    /// The raw text.
    pub text: String,
    /// Other fields of the input record, carried to the output untouched.
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
    /// Surface tokens, in text order.
    pub tokens: Vec<Token>,
    /// Sentence spans, in text order.
    pub sentences: Vec<Span>,
    /// Entity mentions, in text order.
    pub entities: Vec<Entity>,
    /// Quantities, in text order.
    pub quantities: Vec<Quantity>,
    /// Attribution relations, in text order of their content or cue.
    pub attributions: Vec<Attribution>,
    /// Named layers of custom stages.
    pub extra: BTreeMap<String, Vec<Annotation>>,
    /// Errors recorded while reading or processing this document.
    pub errors: Vec<DocError>,
}

impl Document {
    /// A document with the given id and text and no annotations.
    pub fn new(id: impl Into<Option<DocId>>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            ..Document::default()
        }
    }

    /// The text a span covers, or `""` when the span is invalid for this text.
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text).unwrap_or("")
    }

    /// Records an error against this document.
    pub fn record_error(&mut self, stage: impl Into<String>, message: impl Into<String>) {
        self.errors.push(DocError {
            stage: stage.into(),
            message: message.into(),
        });
    }

    /// The indices of the tokens inside `span`, as a range into `tokens`.
    ///
    /// Tokens are sorted, so this is two binary searches.
    pub fn tokens_in(&self, span: Span) -> std::ops::Range<usize> {
        let lo = self.tokens.partition_point(|t| t.span.start < span.start);
        let hi = self.tokens.partition_point(|t| t.span.end <= span.end);
        lo..hi.max(lo)
    }

    /// Every span of every layer, for invariant checks (tests, conformance suites).
    pub fn all_spans(&self) -> Vec<Span> {
        let mut out = Vec::new();
        out.extend(self.tokens.iter().map(|t| t.span));
        out.extend(self.sentences.iter().copied());
        out.extend(self.entities.iter().map(|e| e.span));
        out.extend(self.quantities.iter().map(|q| q.span));
        for a in &self.attributions {
            out.extend(a.content);
            out.extend(a.content_parts.iter().copied());
            out.extend(a.cue);
            out.extend(a.source.as_ref().map(|s| s.span));
            out.extend(a.outlet.as_ref().map(|o| o.span));
        }
        for items in self.extra.values() {
            for it in items {
                out.push(it.span);
                out.extend(it.roles.values().copied());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_in_finds_inner_tokens() {
        let mut d = Document::new(DocId::line(1), "aa bb cc dd");
        for (s, e) in [(0, 2), (3, 5), (6, 8), (9, 11)] {
            d.tokens.push(Token {
                span: Span::new(s, e),
                kind: TokenKind::Word,
            });
        }
        assert_eq!(d.tokens_in(Span::new(3, 8)), 1..3);
        assert_eq!(d.tokens_in(Span::new(4, 7)), 2..2);
        assert_eq!(d.tokens_in(Span::new(0, 11)), 0..4);
    }

    #[test]
    fn id_display_keeps_form() {
        assert_eq!(DocId::line(7).to_string(), "7");
        assert_eq!(DocId::Str("a/b.txt".into()).to_string(), "a/b.txt");
    }
}
