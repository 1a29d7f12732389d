//! Finding every pattern's matches in a document.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, MatchKind};
use lede_core::{ConfigError, Document, Span, Token};

use crate::spec::{Body, Compiled, PatternMeta, Rep, TokenTest};

/// One match: where, which pattern, and its named sub-spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub span: Span,
    pub pattern: usize,
    pub roles: BTreeMap<String, Span>,
}

/// One aho-corasick automaton and, per automaton pattern, the lede pattern it belongs to.
struct PhraseSet {
    ac: AhoCorasick,
    owner: Vec<usize>,
    /// Whether the phrase starts / ends with a word character (then the
    /// match must not start / end inside a word).
    edges: Vec<(bool, bool)>,
}

impl PhraseSet {
    fn new(
        phrases: Vec<(usize, String)>,
        origin: &[String],
        ascii_case_insensitive: bool,
    ) -> Result<Option<PhraseSet>, ConfigError> {
        if phrases.is_empty() {
            return Ok(None);
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(ascii_case_insensitive)
            .build(phrases.iter().map(|(_, p)| p.as_str()))
            .map_err(|e| {
                ConfigError::at(
                    origin.first().cloned().unwrap_or_default(),
                    format!("the phrases do not fit in an automaton: {e}"),
                )
            })?;
        let edges = phrases
            .iter()
            .map(|(_, p)| {
                (
                    p.chars().next().is_some_and(is_word_char),
                    p.chars().next_back().is_some_and(is_word_char),
                )
            })
            .collect();
        Ok(Some(PhraseSet {
            ac,
            owner: phrases.into_iter().map(|(i, _)| i).collect(),
            edges,
        }))
    }

    fn find(&self, hay: &str, whole_words: bool, out: &mut Vec<Found>) {
        for m in self.ac.find_overlapping_iter(hay) {
            let k = m.pattern().as_usize();
            let (s, e) = (m.start(), m.end());
            if whole_words {
                let (first, last) = self.edges[k];
                if first && hay[..s].chars().next_back().is_some_and(is_word_char) {
                    continue;
                }
                if last && hay[e..].chars().next().is_some_and(is_word_char) {
                    continue;
                }
            }
            out.push(Found {
                span: Span::new(s, e),
                pattern: self.owner[k],
                roles: BTreeMap::new(),
            });
        }
    }
}

/// Letters, digits and combining marks: what a phrase must not cut through.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Lowercases `s` char by char where that keeps the byte length, so offsets
/// in the folded text are offsets in the original ("İ", whose lowercase is
/// longer, stays as it is).
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

/// Every pattern of a stage, grouped by how it is matched.
pub(crate) struct Matcher {
    sensitive: Option<PhraseSet>,
    insensitive: Option<PhraseSet>,
    /// False when every case-insensitive phrase is ASCII: folding a non-ASCII
    /// character never yields ASCII (folding keeps byte lengths), so the
    /// automaton's ASCII case folding on the raw text finds the same matches
    /// without a folded copy of each document.
    fold_text: bool,
    tokens: Vec<(usize, Vec<(TokenTest, Rep)>)>,
    regexes: Vec<(usize, regex::Regex)>,
    whole_words: bool,
    max_tokens: usize,
}

impl Matcher {
    pub(crate) fn new(
        compiled: Vec<Compiled>,
        whole_words: bool,
        max_tokens: usize,
    ) -> Result<(Matcher, Vec<PatternMeta>), ConfigError> {
        let mut meta = Vec::new();
        let (mut sens, mut insens) = (Vec::new(), Vec::new());
        let mut locations = Vec::new();
        let mut tokens = Vec::new();
        let mut regexes = Vec::new();
        for (i, c) in compiled.into_iter().enumerate() {
            locations.push(c.origin.location.clone());
            match c.body {
                Body::Phrases(ps) => {
                    for p in ps {
                        if c.insensitive {
                            insens.push((i, fold(&p)));
                        } else {
                            sens.push((i, p));
                        }
                    }
                }
                Body::Tokens(t) => tokens.push((i, t)),
                Body::Regex(r) => regexes.push((i, r)),
            }
            meta.push(c.meta);
        }
        let fold_text = !insens.iter().all(|(_, p)| p.is_ascii());
        Ok((
            Matcher {
                sensitive: PhraseSet::new(sens, &locations, false)?,
                insensitive: PhraseSet::new(insens, &locations, !fold_text)?,
                fold_text,
                tokens,
                regexes,
                whole_words,
                max_tokens,
            },
            meta,
        ))
    }

    pub(crate) fn needs_tokens(&self) -> bool {
        !self.tokens.is_empty()
    }

    pub(crate) fn find(&self, doc: &Document) -> Vec<Found> {
        let mut out = Vec::new();
        let text = doc.text.as_str();
        if let Some(p) = &self.sensitive {
            p.find(text, self.whole_words, &mut out);
        }
        if let Some(p) = &self.insensitive {
            if self.fold_text {
                p.find(&fold(text), self.whole_words, &mut out);
            } else {
                p.find(text, self.whole_words, &mut out);
            }
        }
        for (i, re) in &self.regexes {
            let named: Vec<&str> = re.capture_names().flatten().collect();
            if named.is_empty() {
                out.extend(re.find_iter(text).filter(|m| !m.is_empty()).map(|m| Found {
                    span: Span::new(m.start(), m.end()),
                    pattern: *i,
                    roles: BTreeMap::new(),
                }));
            } else {
                for caps in re.captures_iter(text) {
                    let Some(whole) = caps.get(0).filter(|m| !m.is_empty()) else {
                        continue;
                    };
                    let roles = named
                        .iter()
                        .filter_map(|n| {
                            caps.name(n)
                                .map(|m| (n.to_string(), Span::new(m.start(), m.end())))
                        })
                        .collect();
                    out.push(Found {
                        span: Span::new(whole.start(), whole.end()),
                        pattern: *i,
                        roles,
                    });
                }
            }
        }
        if !self.tokens.is_empty() {
            let uses = |f: &dyn Fn(&TokenTest) -> bool| {
                self.tokens
                    .iter()
                    .any(|(_, es)| es.iter().any(|(t, _)| f(t)))
            };
            let lower = uses(&|t| t.lower.is_some() || t.in_.is_some());
            let with_shape = uses(&|t| t.shape.is_some());
            let texts: Vec<TokView> = doc
                .tokens
                .iter()
                .map(|t| TokView::new(text, t, lower, with_shape))
                .collect();
            // A match stays inside its sentence and within `max_tokens`, so a
            // `*` wildcard costs a bounded scan, not the rest of the document.
            let mut limit = vec![texts.len(); texts.len()];
            for s in &doc.sentences {
                let r = doc.tokens_in(*s);
                for l in &mut limit[r.clone()] {
                    *l = r.end;
                }
            }
            for (i, elems) in &self.tokens {
                for start in 0..texts.len() {
                    let end = limit[start].min(start + self.max_tokens).max(start);
                    if let Some(end) = longest_match(elems, &texts[start..end]) {
                        out.push(Found {
                            span: Span::new(
                                texts[start].span.start,
                                texts[start + end - 1].span.end,
                            ),
                            pattern: *i,
                            roles: BTreeMap::new(),
                        });
                    }
                }
            }
        }
        out
    }
}

/// A token with the strings its tests read, computed once per document.
struct TokView<'a> {
    span: Span,
    text: &'a str,
    /// Empty unless some test reads it (saves an allocation per token).
    lower: String,
    shape: String,
    kind: lede_core::TokenKind,
}

impl<'a> TokView<'a> {
    fn new(doc: &'a str, t: &Token, lower: bool, with_shape: bool) -> TokView<'a> {
        let text = t.span.text(doc).unwrap_or("");
        TokView {
            span: t.span,
            text,
            lower: if lower {
                text.to_lowercase()
            } else {
                String::new()
            },
            shape: if with_shape {
                shape(text)
            } else {
                String::new()
            },
            kind: t.kind,
        }
    }
}

fn test_matches(t: &TokenTest, tok: &TokView) -> bool {
    t.text.as_deref().map_or(true, |x| x == tok.text)
        && t.lower.as_deref().map_or(true, |x| x == tok.lower)
        && t.kind.map_or(true, |k| k == tok.kind)
        && t.in_.as_ref().map_or(true, |set| set.contains(&tok.lower))
        && t.shape.as_deref().map_or(true, |s| s == tok.shape)
        && t.regex.as_ref().map_or(true, |r| r.is_match(tok.text))
}

/// The number of tokens of the longest match of `elems` at the start of
/// `toks`, if any: a Thompson-style simulation over a bit set of pattern
/// positions (at most [`MAX_TOKEN_TESTS`] of them), linear in the match
/// length times the pattern length, with no backtracking blow-up with
/// several `*` and no allocation.
fn longest_match(elems: &[(TokenTest, Rep)], toks: &[TokView]) -> Option<usize> {
    let m = elems.len();
    let closure = |mut states: u64| {
        for (i, (_, rep)) in elems.iter().enumerate() {
            if states & (1 << i) != 0 && *rep != Rep::One {
                states |= 1 << (i + 1);
            }
        }
        states
    };
    let mut states = closure(1);
    let mut best = None;
    for (n, tok) in toks.iter().enumerate() {
        let mut next = 0u64;
        for (i, (test, rep)) in elems.iter().enumerate() {
            if states & (1 << i) != 0 && test_matches(test, tok) {
                next |= match rep {
                    Rep::One | Rep::Opt => 1 << (i + 1),
                    Rep::Star => (1 << i) | (1 << (i + 1)),
                };
            }
        }
        if next == 0 {
            break;
        }
        next = closure(next);
        if next & (1 << m) != 0 {
            best = Some(n + 1);
        }
        states = next;
    }
    best
}

/// The most token tests in one pattern (a `+` counts twice): the matcher's
/// state is a 64-bit set with one bit per test and one for "done".
pub(crate) const MAX_TOKEN_TESTS: usize = 63;

/// The word shape spaCy uses: `X` for capitals, `x` for small letters, `d`
/// for digits, other characters as they are, runs cut to four ("Mosul" ->
/// "Xxxxx", "Qayyarah" -> "Xxxxx", "27,000" -> "dd,ddd"; 100 characters or more: "LONG").
pub fn shape(word: &str) -> String {
    if word.chars().nth(99).is_some() {
        return "LONG".to_string();
    }
    let mut out = String::new();
    let mut last = None;
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if Some(s) == last {
            run += 1;
        } else {
            run = 1;
            last = Some(s);
        }
        if run <= 4 {
            out.push(s);
        }
    }
    out
}
