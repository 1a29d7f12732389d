//! lede stage `tokenize`: surface tokens and sentences for news text.
//!
//! Tokens follow the Universal Dependencies English conventions for surface
//! tokens (what the CoNLL 2018 `Tokens` metric scores): "don't" and
//! "soldiers'" are one token, "al-Qaeda" is three ("al", "-", "Qaeda"),
//! "$3.5bn" is "$" "3.5" "bn", "U.S." and "Gen." keep their period.
//! Sentences are rule-based: abbreviations and initials, quotes and brackets
//! after the full stop, and line breaks (headlines and bylines have no
//! final punctuation; a blank line always ends a sentence).
//!
//! ```
//! use lede_tokenize::{Tokenizer, TokenKind};
//!
//! let text = "Col. Dillon said 27,000 fighters had fled.\nU.S. forces took 90% of al-Ba'aj.";
//! let tk = Tokenizer::default();
//! let tokens = tk.tokenize(text);
//! let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.start..t.span.end]).collect();
//! assert_eq!(&words[..6], ["Col.", "Dillon", "said", "27,000", "fighters", "had"]);
//! assert_eq!(tokens[3].kind, TokenKind::Number);
//! assert!(words.contains(&"Ba'aj") && words.contains(&"%"));
//!
//! let sentences = tk.sentences(text, &tokens);
//! assert_eq!(sentences.len(), 2);
//! assert_eq!(&text[sentences[1].start..sentences[1].end], "U.S. forces took 90% of al-Ba'aj.");
//! ```
//!
//! As a pipeline stage:
//!
//! ```toml
//! [[stage]]
//! kind = "tokenize"
//! # abbreviations = "my_abbreviations.txt"   # default: the bundled list
//! # line_breaks = "sentence"                 # or "space" for hard-wrapped text
//! ```

#![warn(missing_docs)]

mod chars;
mod lexicon;
mod scan;
mod sentences;

use std::sync::OnceLock;

use lede_core::{ConfigError, Document, Layer, Registry, Stage, StageError, StageInfo};
pub use lede_core::{Span, Token, TokenKind};
use serde::Deserialize;

pub use lexicon::{
    AbbrevClass, Lexicon, LexiconError, WhichList, DEFAULT_ABBREVIATIONS,
    DEFAULT_SENTENCE_STARTERS,
};
pub use sentences::LineBreaks;

/// A tokenizer and sentence splitter: build once, share across threads.
#[derive(Debug, Clone, Default)]
pub struct Tokenizer {
    lexicon: Lexicon,
    line_breaks: LineBreaks,
}

impl Tokenizer {
    /// A tokenizer with the given word lists and line-break rule.
    pub fn new(lexicon: Lexicon, line_breaks: LineBreaks) -> Tokenizer {
        Tokenizer {
            lexicon,
            line_breaks,
        }
    }

    /// The surface tokens of `text`, in order, with byte spans.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 5 + 1);
        self.tokenize_into(text, &mut out);
        out
    }

    /// Like [`tokenize`](Tokenizer::tokenize), reusing `out`'s allocation (it is cleared first).
    pub fn tokenize_into(&self, text: &str, out: &mut Vec<Token>) {
        scan::tokenize_into(text, &self.lexicon, out);
    }

    /// The sentence spans of `text`, given its `tokens` (from [`tokenize`](Tokenizer::tokenize)).
    ///
    /// Every token lies in exactly one sentence; a sentence runs from its
    /// first token's start to its last token's end.
    pub fn sentences(&self, text: &str, tokens: &[Token]) -> Vec<Span> {
        let mut out = Vec::new();
        self.sentences_into(text, tokens, &mut out);
        out
    }

    /// Like [`sentences`](Tokenizer::sentences), reusing `out`'s allocation (it is cleared first).
    pub fn sentences_into(&self, text: &str, tokens: &[Token], out: &mut Vec<Span>) {
        sentences::sentences_into(text, tokens, &self.lexicon, self.line_breaks, out);
    }

    /// Fills in `doc.tokens` and `doc.sentences`.
    pub fn annotate(&self, doc: &mut Document) {
        self.tokenize_into(&doc.text, &mut doc.tokens);
        let mut sentences = std::mem::take(&mut doc.sentences);
        self.sentences_into(&doc.text, &doc.tokens, &mut sentences);
        doc.sentences = sentences;
    }
}

fn default_tokenizer() -> &'static Tokenizer {
    static T: OnceLock<Tokenizer> = OnceLock::new();
    T.get_or_init(Tokenizer::default)
}

/// The surface tokens of `text` with the default settings.
pub fn tokenize(text: &str) -> Vec<Token> {
    default_tokenizer().tokenize(text)
}

/// The sentence spans of `text` with the default settings, given its tokens.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Span> {
    default_tokenizer().sentences(text, tokens)
}

/// Options of the `tokenize` stage.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    /// Path of an abbreviation list replacing the bundled one.
    #[serde(default)]
    abbreviations: Option<String>,
    /// Path of a sentence-starter list replacing the bundled one.
    #[serde(default)]
    sentence_starters: Option<String>,
    /// "sentence" (default) or "space".
    #[serde(default)]
    line_breaks: Option<String>,
}

/// The `tokenize` stage: fills `tokens` and `sentences`.
#[derive(Debug)]
pub struct TokenizeStage {
    tokenizer: Tokenizer,
}

impl TokenizeStage {
    /// A stage around a tokenizer.
    pub fn new(tokenizer: Tokenizer) -> TokenizeStage {
        TokenizeStage { tokenizer }
    }
}

impl Stage for TokenizeStage {
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Tokens, Layer::Sentences]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        self.tokenizer.annotate(doc);
        Ok(())
    }
}

fn build(table: &toml::Table, ctx: &lede_core::StageContext) -> Result<TokenizeStage, ConfigError> {
    let opts: Options = ctx.options(table)?;
    let read = |key: &str, path: &Option<String>, default: &'static str| -> Result<String, ConfigError> {
        match path {
            None => Ok(default.to_string()),
            Some(p) => {
                let full = ctx.resolve(p);
                std::fs::read_to_string(&full).map_err(|e| {
                    ConfigError::at(ctx.key(key), format!("cannot read {}: {e}", full.display()))
                })
            }
        }
    };
    let abbrevs = read("abbreviations", &opts.abbreviations, DEFAULT_ABBREVIATIONS)?;
    let starters = read(
        "sentence_starters",
        &opts.sentence_starters,
        DEFAULT_SENTENCE_STARTERS,
    )?;
    let lexicon = Lexicon::parse(&abbrevs, &starters).map_err(|(which, e)| {
        let (key, path) = match which {
            WhichList::Abbreviations => ("abbreviations", &opts.abbreviations),
            WhichList::SentenceStarters => ("sentence_starters", &opts.sentence_starters),
        };
        let file = path
            .as_deref()
            .map(|p| ctx.resolve(p).display().to_string())
            .unwrap_or_else(|| "(bundled list)".into());
        ConfigError::at(ctx.key(key), format!("{file}:{}: {}", e.line, e.message))
    })?;
    let line_breaks = match opts.line_breaks.as_deref() {
        None | Some("sentence") => LineBreaks::Sentence,
        Some("space") => LineBreaks::Space,
        Some(other) => {
            return Err(ConfigError::at(
                ctx.key("line_breaks"),
                format!("expected \"sentence\" or \"space\", found {other:?}"),
            ))
        }
    };
    Ok(TokenizeStage::new(Tokenizer::new(lexicon, line_breaks)))
}

/// Registers the `tokenize` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "tokenize",
            "surface tokens (UD English conventions) and rule-based sentences for news text",
        )
        .option(
            "abbreviations",
            "path",
            "bundled data/tokenize/abbreviations.txt",
            "abbreviation list (one per line, optional class `title` or `month`) replacing the bundled one",
        )
        .option(
            "sentence_starters",
            "path",
            "bundled data/tokenize/sentence_starters.txt",
            "words that start a sentence after an abbreviation (\"The\", \"He\") replacing the bundled list",
        )
        .option(
            "line_breaks",
            "\"sentence\" | \"space\"",
            "\"sentence\"",
            "whether a single line break ends a sentence (a blank line always does)",
        )
        .provides([Layer::Tokens, Layer::Sentences]),
        |table, ctx| Ok(Box::new(build(table, ctx)?)),
    );
}

#[cfg(test)]
mod tests;
