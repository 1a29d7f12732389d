//! The word lists the tokenizer reads: abbreviations and sentence starters.

use std::collections::{HashMap, HashSet};

/// FxHash (rustc-hash): SipHash's DoS resistance buys nothing for a fixed
/// word list and costs most of the lookup.
type Build = rustc_hash::FxBuildHasher;

/// The bundled abbreviation list (`data/tokenize/abbreviations.txt`).
pub const DEFAULT_ABBREVIATIONS: &str = include_str!("../../../data/tokenize/abbreviations.txt");

/// The bundled sentence-starter list (`data/tokenize/sentence_starters.txt`).
pub const DEFAULT_SENTENCE_STARTERS: &str =
    include_str!("../../../data/tokenize/sentence_starters.txt");

/// How an abbreviation's period relates to sentence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevClass {
    /// A title before a name ("Col.", "Dr."): ends a sentence only at a line
    /// break or the end of the text.
    Title,
    /// Most abbreviations ("Inc.", "Nov.", "U.S."): end a sentence at a line
    /// break, the end of the text, or before a sentence starter.
    Plain,
    /// Usually last in its sentence ("etc."): ends it also before any capitalised word.
    End,
}

/// A problem in a word-list file, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for LexiconError {}

/// Abbreviations and sentence starters, parsed from their plain-text files.
#[derive(Debug, Clone)]
pub struct Lexicon {
    abbrevs: HashMap<Box<str>, AbbrevClass, Build>,
    starters: HashSet<Box<str>, Build>,
    /// Longest abbreviation in bytes: longer words skip the lookup.
    max_abbrev_len: usize,
    /// Longest sentence starter in bytes.
    max_starter_len: usize,
}

impl Default for Lexicon {
    fn default() -> Lexicon {
        Lexicon::parse(DEFAULT_ABBREVIATIONS, DEFAULT_SENTENCE_STARTERS)
            .expect("the bundled word lists parse")
    }
}

impl Lexicon {
    /// Parses an abbreviation file and a sentence-starter file (formats in
    /// the header comments of the bundled files).
    pub fn parse(
        abbreviations: &str,
        starters: &str,
    ) -> Result<Lexicon, (WhichList, LexiconError)> {
        let abbrevs =
            parse_abbreviations(abbreviations).map_err(|e| (WhichList::Abbreviations, e))?;
        let starters = parse_starters(starters).map_err(|e| (WhichList::SentenceStarters, e))?;
        let max_abbrev_len = abbrevs.keys().map(|k| k.len()).max().unwrap_or(0);
        let max_starter_len = starters.iter().map(|k| k.len()).max().unwrap_or(0);
        Ok(Lexicon {
            abbrevs,
            starters,
            max_abbrev_len,
            max_starter_len,
        })
    }

    /// The class of `word` (without its period) if it is a listed
    /// abbreviation: exact match first, then the lowercased form.
    pub fn abbreviation(&self, word: &str) -> Option<AbbrevClass> {
        if word.len() > self.max_abbrev_len {
            return None;
        }
        if let Some(c) = self.abbrevs.get(word) {
            return Some(*c);
        }
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            // Stack buffer: this runs once per word-final period, so no allocation.
            let mut buf = [0u8; 64];
            let n = word.len();
            if n <= buf.len() {
                buf[..n].copy_from_slice(word.as_bytes());
                buf[..n].make_ascii_lowercase();
                if let Ok(lower) = std::str::from_utf8(&buf[..n]) {
                    return self.abbrevs.get(lower).copied();
                }
            }
        }
        None
    }

    /// True when `word` usually starts a sentence rather than continuing a name.
    pub fn is_sentence_starter(&self, word: &str) -> bool {
        word.len() <= self.max_starter_len && self.starters.contains(word)
    }
}

/// Which of the two word lists a [`LexiconError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhichList {
    /// The abbreviation list.
    Abbreviations,
    /// The sentence-starter list.
    SentenceStarters,
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn parse_abbreviations(text: &str) -> Result<HashMap<Box<str>, AbbrevClass, Build>, LexiconError> {
    let mut map = HashMap::default();
    for (line, l) in content_lines(text) {
        let mut parts = l.split_whitespace();
        let word = parts.next().unwrap_or_default();
        let class = match parts.next() {
            None => AbbrevClass::Plain,
            Some("title") => AbbrevClass::Title,
            Some("end") => AbbrevClass::End,
            Some(other) => {
                return Err(LexiconError {
                    line,
                    message: format!(
                        "unknown class `{other}` for `{word}` (expected `title`, `end` or nothing)"
                    ),
                })
            }
        };
        if let Some(extra) = parts.next() {
            return Err(LexiconError {
                line,
                message: format!("unexpected `{extra}` after the class"),
            });
        }
        let word = word.strip_suffix('.').unwrap_or(word);
        if word.is_empty() {
            return Err(LexiconError {
                line,
                message: "empty abbreviation".into(),
            });
        }
        map.insert(word.into(), class);
    }
    Ok(map)
}

fn parse_starters(text: &str) -> Result<HashSet<Box<str>, Build>, LexiconError> {
    let mut set = HashSet::default();
    for (line, l) in content_lines(text) {
        if l.split_whitespace().count() != 1 {
            return Err(LexiconError {
                line,
                message: format!("expected one word per line, found `{l}`"),
            });
        }
        set.insert(l.into());
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lists_parse_and_match_case_rules() {
        let lex = Lexicon::default();
        assert_eq!(lex.abbreviation("Gen"), Some(AbbrevClass::Title));
        assert_eq!(lex.abbreviation("GEN"), Some(AbbrevClass::Title));
        assert_eq!(lex.abbreviation("Nov"), Some(AbbrevClass::Plain));
        assert_eq!(lex.abbreviation("etc"), Some(AbbrevClass::End));
        assert_eq!(lex.abbreviation("Inc"), Some(AbbrevClass::Plain));
        // Listed capitalised only: the ordinary word is not an abbreviation.
        assert_eq!(lex.abbreviation("No"), Some(AbbrevClass::Plain));
        assert_eq!(lex.abbreviation("no"), None);
        assert_eq!(lex.abbreviation("Mosul"), None);
        assert!(lex.is_sentence_starter("The"));
        assert!(!lex.is_sentence_starter("Army"));
    }

    #[test]
    fn bad_lines_are_reported_with_line_numbers() {
        let err = Lexicon::parse("# c\nGen title\nCol rank\n", "The\n").unwrap_err();
        assert_eq!(err.0, WhichList::Abbreviations);
        assert_eq!(err.1.line, 3);
        assert!(err.1.message.contains("rank"), "{}", err.1);
        let err = Lexicon::parse("Gen\n", "The\nIn the\n").unwrap_err();
        assert_eq!(err.0, WhichList::SentenceStarters);
        assert_eq!(err.1.line, 2);
    }
}
