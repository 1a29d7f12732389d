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
//! # Tokens
//!
//! One pass over the bytes (an ASCII fast path, no allocation per token)
//! splits whitespace-separated chunks the way the English UD treebanks do:
//!
//! - words keep inner apostrophes ("don't", "Ba'aj", "Iraq’s") and a final
//!   possessive one ("soldiers'"); hyphens split ("al" "-" "Qaeda", "34" "-"
//!   "year" "-" "old") except after a few bound prefixes ("e-mail",
//!   "non-state") and inside phone and reference numbers ("713-664-7478");
//! - numbers keep separators ("27,000", "3.5", "10:30", "11/07/2017");
//!   a unit run onto a number is split off ("3.5" "bn", "12" "km²"), ordinals
//!   and decades are not ("17th", "1990s");
//! - abbreviations and initials keep their period ("Col.", "Nov.", "U.S.",
//!   "J.") unless the period also ends the sentence; the list is data
//!   (`data/tokenize/abbreviations.txt`, replaceable with the option
//!   `abbreviations`);
//! - web addresses, e-mail addresses, hashtags, handles, emoji sequences and
//!   emoticons are single tokens; runs like "..." "--" "?!" are one token;
//!   every other punctuation mark or symbol is its own token.
//!
//! Kinds ([`TokenKind`]): `word`, `number`, `punct`, `symbol`, `url`,
//! `email`, `emoji`, `other` (controls, handles).
//!
//! # Sentences
//!
//! A sentence ends after ".", "!", "?" (with any closing quotes, brackets,
//! citation marks ("\[12\]") and emoticons that follow), after "..." before a
//! capital, at every line break (option `line_breaks = "space"` keeps
//! single line breaks inside sentences for hard-wrapped text; a blank line
//! always ends one), and at a few unpunctuated ends of web text: an em dash
//! or a bracketed source before a sentence starter ("... (BBC) The army"),
//! a separator line ("====="), a mail header's date line, a sign-off
//! ("Regards,"), an e-mail address or full web address before a capital.
//! Abbreviations end a sentence only at a line break or before a sentence
//! starter (`data/tokenize/sentence_starters.txt`); titles ("Col.") only at
//! a line break; "etc." before any capital.
//!
//! # Scores
//!
//! `lede eval tokenize --conllu FILE` scores tokens and sentences against UD
//! CoNLL-U gold by the CoNLL 2018 shared-task definitions.
//!
//! # As a pipeline stage
//!
//! ```toml
//! [[stage]]
//! kind = "tokenize"
//! # abbreviations = "my_abbreviations.txt"    # default: the bundled list
//! # sentence_starters = "my_starters.txt"     # default: the bundled list
//! # line_breaks = "sentence"                  # or "space" for hard-wrapped text
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
    AbbrevClass, Lexicon, LexiconError, WhichList, DEFAULT_ABBREVIATIONS, DEFAULT_SENTENCE_STARTERS,
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
        let mut marks = Vec::new();
        scan::tokenize_into(text, &self.lexicon, out, &mut marks);
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
        sentences::sentences_into(text, tokens, &self.lexicon, self.line_breaks, out, None);
    }

    /// Fills in `doc.tokens` and `doc.sentences`.
    pub fn annotate(&self, doc: &mut Document) {
        // The scanner notes which tokens the sentence pass must look at, so
        // that pass skips the plain words in between.
        thread_local! {
            static MARKS: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        MARKS.with(|m| {
            let mut marks = m.borrow_mut();
            scan::tokenize_into(&doc.text, &self.lexicon, &mut doc.tokens, &mut marks);
            sentences::sentences_into(
                &doc.text,
                &doc.tokens,
                &self.lexicon,
                self.line_breaks,
                &mut doc.sentences,
                Some(&marks),
            );
        });
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

/// Where a surface token splits into UD syntactic words: the byte offset,
/// within `token`, at which an English clitic starts ("Iraq's" -> 4,
/// "didn't" -> 3, "soldiers'" -> 8, "cannot" -> 3), or `None`.
///
/// Surface tokens keep clitics attached, as the UD token metric requires;
/// a stage that needs the host word alone (a gazetteer matching "Iraq" in
/// "Iraq's") can cut the token here.
///
/// ```
/// assert_eq!(lede_tokenize::clitic_start("Iraq’s"), Some(4));
/// assert_eq!(lede_tokenize::clitic_start("won't"), Some(2));
/// assert_eq!(lede_tokenize::clitic_start("Ba'aj"), None);
/// ```
pub fn clitic_start(token: &str) -> Option<usize> {
    let lower_ends = |suffix: &str| {
        token.len() > suffix.len()
            && token.is_char_boundary(token.len() - suffix.len())
            && token[token.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    for apos in ["'", "’"] {
        // "n't" belongs to the clitic: "did" + "n't"; "won't" is "wo" + "n't".
        let nt = format!("n{apos}t");
        if lower_ends(&nt) {
            return Some(token.len() - nt.len());
        }
        for clitic in ["s", "re", "ve", "ll", "d", "m"] {
            let c = format!("{apos}{clitic}");
            if lower_ends(&c) {
                return Some(token.len() - c.len());
            }
        }
        // A plural possessive: "soldiers'".
        if lower_ends(&format!("s{apos}")) {
            return Some(token.len() - apos.len());
        }
    }
    if token.eq_ignore_ascii_case("cannot") {
        return Some(3);
    }
    None
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
    let read = |key: &str,
                path: &Option<String>,
                default: &'static str|
     -> Result<String, ConfigError> {
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
            "abbreviation list (one per line, optional class `title` or `end`) replacing the bundled one",
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
