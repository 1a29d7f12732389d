//! Rule-based sentence boundaries over the token sequence.

use lede_core::{Span, Token, TokenKind};

use crate::lexicon::{AbbrevClass, Lexicon};


/// What a single line break between two tokens means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineBreaks {
    /// A line break ends a sentence (scraped news: headlines, bylines and
    /// paragraphs each sit on their own line).
    #[default]
    Sentence,
    /// A single line break is a space (hard-wrapped text); a blank line still ends a sentence.
    Space,
}

/// Line breaks in the whitespace between two tokens: 0, 1, or 2 for a blank line or more.
#[inline]
fn line_breaks(gap: &[u8]) -> u8 {
    let mut n = 0u8;
    let mut k = 0;
    while k < gap.len() {
        match gap[k] {
            b'\n' | 0x0B | 0x0C => n += 1,
            b'\r' => {
                if k + 1 < gap.len() && gap[k + 1] == b'\n' {
                    k += 1;
                }
                n += 1;
            }
            0xE2 if k + 2 < gap.len() && gap[k + 1] == 0x80 => {
                // U+2028 line separator, U+2029 paragraph separator.
                match gap[k + 2] {
                    0xA8 => n += 1,
                    0xA9 => n += 2,
                    _ => {}
                }
            }
            0xC2 if k + 1 < gap.len() && gap[k + 1] == 0x85 => n += 1,
            _ => {}
        }
        if n >= 2 {
            return 2;
        }
        k += 1;
    }
    n
}

/// How a token can end a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// Not a sentence end.
    No,
    /// "." (and runs of "!" "?").
    Stop,
    /// "..." or "…".
    Ellipsis,
    /// A word carrying its own period: an abbreviation or an initial.
    Abbrev(AbbrevClass),
    /// An emoticon or emoji: often the only mark at the end of a sentence in web text.
    Emoticon,
}

#[inline]
fn terminal(text: &str, t: &Token, lex: &Lexicon) -> Terminal {
    match t.kind {
        TokenKind::Punct | TokenKind::Emoji => {}
        TokenKind::Word if text.as_bytes()[t.span.end - 1] == b'.' => {}
        _ => return Terminal::No,
    }
    terminal_slow(text, t, lex)
}

fn terminal_slow(text: &str, t: &Token, lex: &Lexicon) -> Terminal {
    let s = &text[t.span.start..t.span.end];
    let b = s.as_bytes();
    match t.kind {
        TokenKind::Punct => match b {
            b"." => Terminal::Stop,
            [b'!' | b'?', ..] => Terminal::Stop,
            [b'.', b'.', ..] => Terminal::Ellipsis,
            _ if s.starts_with('…') => Terminal::Ellipsis,
            _ if matches!(s, "。" | "؟" | "۔" | "।" | "！" | "？") => Terminal::Stop,
            _ => Terminal::No,
        },
        TokenKind::Emoji => Terminal::Emoticon,
        TokenKind::Word if b.len() > 1 && b[b.len() - 1] == b'.' => {
            let w = &s[..s.len() - 1];
            match lex.abbreviation(w) {
                Some(c) => Terminal::Abbrev(c),
                None => Terminal::Abbrev(AbbrevClass::Plain),
            }
        }
        _ => Terminal::No,
    }
}

/// Closing quotes and brackets that stay with the sentence before them.
#[inline]
fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | ")" | "]" | "}" | "»" | "›" | "''")
}

/// Opening quotes and brackets that may start a sentence.
#[inline]
fn is_opener(s: &str) -> bool {
    matches!(s, "\"" | "'" | "“" | "‘" | "(" | "[" | "{" | "«" | "‹" | "``")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    Upper,
    Lower,
    Digit,
    Opener,
    Other,
}

fn start_of(s: &str) -> Start {
    let Some(c) = s.chars().next() else {
        return Start::Other;
    };
    if c.is_uppercase() {
        Start::Upper
    } else if c.is_lowercase() {
        Start::Lower
    } else if c.is_numeric() {
        Start::Digit
    } else if is_opener(s) {
        Start::Opener
    } else if c.is_alphabetic() {
        // Scripts without case (Arabic, CJK) start sentences like capitals do.
        Start::Upper
    } else {
        Start::Other
    }
}

/// "[12]", "[...]" starting at token `open`: the index of its "]".
fn citation_end(tokens: &[Token], text: &str, open: usize) -> Option<usize> {
    let t = |j: usize| &text[tokens[j].span.start..tokens[j].span.end];
    if open + 2 < tokens.len() && t(open + 2) == "]" {
        let inner = &tokens[open + 1];
        let s = t(open + 1);
        if inner.kind == TokenKind::Number || matches!(s, "..." | "…") {
            return Some(open + 2);
        }
    }
    None
}

/// A sentence end without a full stop, between tokens `k` and `k + 1` on one line.
fn soft_boundary(text: &str, tokens: &[Token], k: usize, lex: &Lexicon) -> bool {
    let t = &tokens[k];
    if t.kind == TokenKind::Word && t.span.len() != 2 {
        return false;
    }
    let spaced = t.span.end < tokens[k + 1].span.start;
    if !spaced {
        return false;
    }
    let s = &text[t.span.start..t.span.end];
    let next = &text[tokens[k + 1].span.start..tokens[k + 1].span.end];
    let starter = || next.len() > 1 && lex.is_sentence_starter(next);
    match t.kind {
        // A dash before a sentence starter: "TEHRAN (AFP) - An international
        // contest". (A colon before one is a sentence end about as often as
        // not, in both treebanks, so it is left alone.)
        TokenKind::Punct => matches!(s, "-" | "--" | "—" | "–") && starter(),
        // An address or e-mail line before a capitalised word.
        TokenKind::Url | TokenKind::Email => {
            matches!(start_of(next), Start::Upper) || tokens[k + 1].kind == TokenKind::Url
        }
        // "08:02 PM All: ..." in mail headers.
        TokenKind::Word if matches!(s, "AM" | "PM") && k > 0 => {
            let prev = &text[tokens[k - 1].span.start..tokens[k - 1].span.end];
            prev.contains(':') && matches!(start_of(next), Start::Upper)
        }
        _ => false,
    }
}

/// Computes sentence spans from `tokens` of `text` into `out` (cleared first).
pub(crate) fn sentences_into(
    text: &str,
    tokens: &[Token],
    lex: &Lexicon,
    breaks: LineBreaks,
    out: &mut Vec<Span>,
) {
    out.clear();
    let n = tokens.len();
    if n == 0 {
        return;
    }
    let b = text.as_bytes();
    let tok = |k: usize| &text[tokens[k].span.start..tokens[k].span.end];
    let gap = |k: usize| line_breaks(&b[tokens[k].span.end..tokens[k + 1].span.start]);
    let spaced = |k: usize| tokens[k].span.end < tokens[k + 1].span.start;
    let mut start = tokens[0].span.start;
    let mut k = 0;
    while k < n {
        let mut term = terminal(text, &tokens[k], lex);
        let mut last = k;
        if term != Terminal::No {
            // Take closing quotes and brackets, more stops ("Inc." "."), and
            // citation marks ("[12]") into the sentence, unless a line break
            // comes first.
            while last + 1 < n && gap(last) == 0 {
                let t = tok(last + 1);
                let closes = is_closer(t)
                    && (!spaced(last)
                        || last + 2 >= n
                        || spaced(last + 1)
                        || !matches!(t, "\"" | "'"));
                if closes {
                    last += 1;
                    continue;
                }
                let next_term = terminal(text, &tokens[last + 1], lex);
                if next_term != Terminal::No && tokens[last + 1].kind == TokenKind::Punct {
                    term = next_term;
                    last += 1;
                    continue;
                }
                if t == "[" {
                    if let Some(close) = citation_end(tokens, text, last + 1) {
                        if (last + 1..close).all(|j| gap(j) == 0) {
                            last = close;
                            continue;
                        }
                    }
                }
                break;
            }
        }
        if last + 1 >= n {
            break;
        }
        let lb = gap(last);
        let split = if lb >= 2 || (lb == 1 && breaks == LineBreaks::Sentence) {
            true
        } else if term == Terminal::No {
            soft_boundary(text, tokens, last, lex)
        } else {
            let st = start_of(tok(last + 1));
            match term {
                // After a quote or bracket, a lowercase word continues the
                // sentence ("Stop!" he said); otherwise even a lowercase one
                // starts a new one (web text).
                Terminal::Stop => spaced(last) && !(last > k && st == Start::Lower),
                Terminal::Ellipsis => spaced(last) && matches!(st, Start::Upper | Start::Opener),
                // The scanner already split the period off an abbreviation
                // that ends a sentence.
                Terminal::Abbrev(_) => false,
                Terminal::Emoticon => matches!(st, Start::Upper | Start::Lower),
                Terminal::No => false,
            }
        };
        if split {
            out.push(Span::new(start, tokens[last].span.end));
            start = tokens[last + 1].span.start;
        }
        k = last + 1;
    }
    out.push(Span::new(start, tokens[n - 1].span.end));
}
