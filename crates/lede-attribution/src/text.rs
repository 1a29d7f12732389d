//! Text-level helpers: a fallback tokenizer for documents without tokens,
//! clause units (sentences cut at line breaks) and quotation-mark pairing.

use lede_core::{Span, Token, TokenKind};

const ABBREV: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "Maj", "Capt", "Rep", "Sen", "Gov", "St",
    "Jr", "Sr", "Brig", "Adm", "Cmdr", "Prof", "Rev", "Gens", "Lt.Col", "No", "Vol", "Jan", "Feb",
    "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Inc", "Corp", "Co", "Ltd", "vs", "Mt", "Ft",
];

/// Splits text into surface tokens when no tokenizer ran before this stage.
///
/// Words keep inner apostrophes, hyphens and periods ("al-Ba'aj", "U.S.");
/// a period after a known abbreviation or a single capital stays on the word.
pub fn fallback_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let b = text.as_bytes();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            let mut digits = c.is_numeric();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() || d == '\u{301}' || d == '\u{300}' {
                    digits &= d.is_numeric();
                    end = j + d.len_utf8();
                    it.next();
                } else if matches!(d, '\'' | '’' | '-' | '.' | ',' | '/' | '&') {
                    // joiners count only between two word characters
                    let after = text[j + d.len_utf8()..].chars().next();
                    let ok = match after {
                        Some(a) if a.is_alphanumeric() => {
                            d != ',' && d != '/' || (digits && a.is_ascii_digit())
                        }
                        _ => false,
                    };
                    if !ok {
                        break;
                    }
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            // "Mr." / "U.S." / "A." keep their final period
            if end < b.len() && b[end] == b'.' {
                let w = &text[i..end];
                let single_cap = w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase();
                if single_cap || w.contains('.') || ABBREV.contains(&w) {
                    end += 1;
                    it.next();
                }
            }
            let kind = if digits {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                span: Span::new(i, end),
                kind,
            });
        } else {
            let mut end = i + c.len_utf8();
            // runs of the same mark ("...", "--") are one token
            while let Some(&(j, d)) = it.peek() {
                if d == c && matches!(c, '.' | '-' | '—' | '–' | '!' | '?' | '\'' | '`') {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            let kind = if c.is_ascii_punctuation() || is_unicode_punct(c) {
                TokenKind::Punct
            } else {
                TokenKind::Symbol
            };
            out.push(Token {
                span: Span::new(i, end),
                kind,
            });
        }
    }
    out
}

fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '—' | '–' | '―' | '…' | '·'
    )
}

/// Sentence spans for documents without a sentence layer: ends at `.`, `!`,
/// `?` (with any closing quotes or brackets after them) before a capital,
/// digit or quote, and at every line break.
pub fn fallback_sentences(text: &str, tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    for (k, t) in tokens.iter().enumerate() {
        if let Some(s) = start {
            if text[last_end..t.span.start].contains('\n') {
                out.push(Span::new(s, last_end));
                start = None;
            }
        }
        if start.is_none() {
            start = Some(t.span.start);
        }
        last_end = t.span.end;
        let tx = &text[t.span.start..t.span.end];
        if matches!(tx, "." | "!" | "?" | "..." | "!!" | "??") {
            let mut j = k + 1;
            while j < tokens.len()
                && matches!(
                    &text[tokens[j].span.start..tokens[j].span.end],
                    "”" | "\"" | "’" | ")" | "'"
                )
                && tokens[j].span.start == tokens[j - 1].span.end
            {
                j += 1;
            }
            let next_ok = match tokens.get(j) {
                None => true,
                Some(n) => {
                    let c = text[n.span.start..].chars().next().unwrap_or(' ');
                    c.is_uppercase() || c.is_numeric() || matches!(c, '“' | '"' | '‘' | '(' | '\'')
                }
            };
            if next_ok && j == k + 1 {
                out.push(Span::new(start.unwrap_or(t.span.start), t.span.end));
                start = None;
            }
        } else if matches!(tx, "”" | "\"" | "’" | ")") && k > 0 {
            let prev = &text[tokens[k - 1].span.start..tokens[k - 1].span.end];
            if matches!(prev, "." | "!" | "?") && tokens[k - 1].span.end == t.span.start {
                let next_ok = match tokens.get(k + 1) {
                    None => true,
                    Some(n) => {
                        let c = text[n.span.start..].chars().next().unwrap_or(' ');
                        c.is_uppercase() || matches!(c, '“' | '"')
                    }
                };
                if next_ok {
                    out.push(Span::new(start.unwrap_or(t.span.start), t.span.end));
                    start = None;
                }
            }
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, last_end));
    }
    out
}

/// Cuts sentences at line breaks that end a line: a blank line, a line
/// ending in terminal punctuation, a short title-like line, or a break
/// followed by a quotation mark. A break inside a hard-wrapped sentence stays.
pub fn clause_units(text: &str, sentences: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(sentences.len() + 8);
    for s in sentences {
        let Some(body) = s.text(text) else { continue };
        let mut start = s.start;
        let mut from = 0;
        while let Some(p) = body[from..].find('\n') {
            let nl = s.start + from + p;
            from += p + 1;
            let before = text[start..nl].trim_end();
            let after = text[nl..s.end].trim_start();
            let blank = text[nl + 1..s.end]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n');
            let line_start = text[..nl].rfind('\n').map_or(0, |x| x + 1);
            let line_len = nl - line_start;
            let ends = before.ends_with(['.', '!', '?', ':', '"', '”', ')', '’']);
            let cut = blank
                || ends
                || after.starts_with(['“', '"', '«'])
                || line_len < 90
                || before.is_empty();
            if cut {
                if !before.is_empty() {
                    out.push(Span::new(start, start + before.len()));
                }
                let skip = text[nl..s.end].len() - after.len();
                start = nl + skip;
            }
        }
        let rest = text[start..s.end].trim_end();
        if !rest.is_empty() {
            out.push(Span::new(start, start + rest.len()));
        }
    }
    out
}

/// Finds the next byte that may start a quotation mark or a line break
/// (`"`, `'`, `` ` ``, `\n`, and the lead bytes 0xE2 and 0xC2 of the curly
/// marks and guillemets) with two `memchr3` scans. Each scan's last hit is
/// kept: it stays the next hit of its set until the search passes it, so a
/// text is scanned about once per set whatever the number of stops.
#[derive(Default)]
struct Skip {
    /// Where the cached hits were searched from, and the hits (`len` for none).
    from: usize,
    ascii: usize,
    lead: usize,
    valid: bool,
}

impl Skip {
    fn next(&mut self, b: &[u8], i: usize) -> usize {
        if !self.valid || i < self.from {
            self.valid = true;
            self.from = i;
            self.ascii = Self::find(b, i, b'"', b'\'', b'\n');
            self.lead = Self::find(b, i, b'`', 0xE2, 0xC2);
        }
        if self.ascii < i {
            self.ascii = Self::find(b, i, b'"', b'\'', b'\n');
        }
        if self.lead < i {
            self.lead = Self::find(b, i, b'`', 0xE2, 0xC2);
        }
        self.from = i;
        self.ascii.min(self.lead)
    }

    fn find(b: &[u8], i: usize, x: u8, y: u8, z: u8) -> usize {
        b.get(i..)
            .and_then(|rest| memchr::memchr3(x, y, z, rest))
            .map_or(b.len(), |p| i + p)
    }
}

/// A pair (or run) of double quotation marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// From the first opening mark to the last closing mark (or the end of
    /// the last piece when the quote never closes).
    pub outer: Span,
    /// The text inside the marks, one piece per paragraph.
    pub parts: Vec<Span>,
    /// Whether a closing mark was found.
    pub closed: bool,
    /// Whether this looks like speech rather than a scare quote or title.
    pub speech: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Straight,
    Curly,
    Guillemet,
}

struct Open {
    outer_start: usize,
    part_start: usize,
    parts: Vec<Span>,
    family: Family,
    nested: u32,
}

/// A transcript line opening with a mark: `"WALLACE: ...`; the mark is not a quote.
fn speaker_label_after(text: &str, at: usize) -> bool {
    let rest = text.get(at..).unwrap_or("");
    let mut cut = rest.len().min(40);
    while !rest.is_char_boundary(cut) {
        cut -= 1;
    }
    let Some(colon) = rest[..cut].find(':') else {
        return false;
    };
    let label = &rest[..colon];
    label.len() >= 2
        && label
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-'))
        && label.chars().filter(|c| c.is_uppercase()).count() >= 2
}

fn trim_end_at(text: &str, from: usize, to: usize) -> usize {
    from + text[from..to].trim_end().len()
}

/// Finds double quotation marks and pairs them.
///
/// Curly and guillemet marks pair by direction; a straight mark opens after
/// whitespace or an opening bracket and closes otherwise. Marks of another
/// family inside an open quote are nested quotes and are ignored, as are
/// single marks. A quote that reaches a line break continues when the next
/// paragraph opens with a mark (a quote over several paragraphs), and ends
/// there, unclosed, at a blank line or a finished line.
pub fn quotes(text: &str) -> Vec<Quote> {
    let b = text.as_bytes();
    let mut out: Vec<Quote> = Vec::new();
    let mut cur: Option<Open> = None;
    let mut i = 0;
    let mut skip = Skip::default();
    let finish =
        |o: Open, end_part: usize, outer_end: usize, closed: bool, out: &mut Vec<Quote>| {
            let mut parts = o.parts;
            if end_part >= o.part_start {
                parts.push(Span::new(o.part_start, end_part));
            }
            parts.retain(|p| !p.is_empty());
            if parts.is_empty() {
                return;
            }
            out.push(Quote {
                outer: Span::new(o.outer_start, outer_end.max(o.outer_start)),
                parts,
                closed,
                speech: false,
            });
        };
    while i < b.len() {
        // most bytes cannot start a mark or a line break: skip them fast
        i = skip.next(b, i);
        if i >= b.len() {
            break;
        }
        let c = b[i];
        let (mark, len): (Option<(Family, i8)>, usize) = match c {
            b'"' => (Some((Family::Straight, 0)), 1),
            // `'old-school,'''`: a single closing mark, then the double one
            b'\''
                if b.get(i + 1) == Some(&b'\'')
                    && b.get(i + 2) == Some(&b'\'')
                    && i > 0
                    && !b[i - 1].is_ascii_whitespace() =>
            {
                (None, 1)
            }
            // '' and `` as double marks (typewriter style)
            b'\'' if b.get(i + 1) == Some(&b'\'') => (Some((Family::Straight, 0)), 2),
            b'`' if b.get(i + 1) == Some(&b'`') => (Some((Family::Straight, 1)), 2),
            0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                Some(0x9C) => (Some((Family::Curly, 1)), 3),
                Some(0x9D) => (Some((Family::Curly, -1)), 3),
                Some(0x9E) => (Some((Family::Curly, 1)), 3),
                _ => (None, 1),
            },
            0xC2 => match b.get(i + 1) {
                Some(0xAB) => (Some((Family::Guillemet, 1)), 2),
                Some(0xBB) => (Some((Family::Guillemet, -1)), 2),
                _ => (None, 1),
            },
            b'\n' => {
                if let Some(o) = cur.take() {
                    let rest = &text[i..];
                    let trimmed = rest.trim_start();
                    let q = i + (rest.len() - trimmed.len());
                    let newlines = text[i..q].bytes().filter(|&x| x == b'\n').count();
                    let label = speaker_label_after(
                        text,
                        q + trimmed.chars().next().map_or(1, char::len_utf8),
                    );
                    let reopen = !label
                        && (trimmed.starts_with(['“', '«', '„'])
                            || ((trimmed.starts_with('"') || trimmed.starts_with("''"))
                                && o.family == Family::Straight));
                    let before = text[o.part_start..i].trim_end();
                    if reopen {
                        let end = trim_end_at(text, o.part_start, i);
                        let mut o = o;
                        o.parts.push(Span::new(o.part_start, end));
                        let ml = if trimmed.starts_with("''") {
                            2
                        } else {
                            trimmed.chars().next().map_or(1, char::len_utf8)
                        };
                        o.part_start = q + ml;
                        cur = Some(o);
                        i = q + ml;
                        continue;
                    } else if label
                        || newlines >= 2
                        || before.ends_with(['.', '!', '?'])
                        || q >= b.len()
                    {
                        let end = trim_end_at(text, o.part_start, i);
                        finish(o, end, end, false, &mut out);
                    } else {
                        cur = Some(o);
                    }
                }
                i += 1;
                continue;
            }
            _ => (None, 1),
        };
        let Some((family, dir)) = mark else {
            i += len;
            continue;
        };
        let dir = if dir == 0 {
            // straight marks: decide by the characters around
            let prev = text[..i].chars().next_back();
            let next = text[i + len..].chars().next();
            let prev_space = prev.map_or(true, |p| {
                p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':')
            });
            let next_space = next.map_or(true, char::is_whitespace);
            match (prev_space, next_space) {
                (true, false) => 1,
                (false, _) => -1,
                (true, true) => {
                    if cur.is_some() {
                        -1
                    } else {
                        1
                    }
                }
            }
        } else {
            dir
        };
        match cur.take() {
            None => {
                if dir > 0 && !speaker_label_after(text, i + len) {
                    cur = Some(Open {
                        outer_start: i,
                        part_start: i + len,
                        parts: Vec::new(),
                        family,
                        nested: 0,
                    });
                }
            }
            Some(mut o) if o.family != family => {
                // a nested quote of another family, or a mismatched closing mark
                if dir > 0 {
                    o.nested += 1;
                    cur = Some(o);
                } else if o.nested > 0 {
                    o.nested -= 1;
                    cur = Some(o);
                } else {
                    finish(o, i, i + len, true, &mut out);
                }
            }
            Some(o) => {
                if dir < 0 || family == Family::Straight {
                    finish(o, i, i + len, true, &mut out);
                } else {
                    // an opening mark while open: the earlier quote was never closed
                    let end = trim_end_at(text, o.part_start, i);
                    finish(o, end, end, false, &mut out);
                    cur = Some(Open {
                        outer_start: i,
                        part_start: i + len,
                        parts: Vec::new(),
                        family,
                        nested: 0,
                    });
                }
            }
        }
        i += len;
    }
    if let Some(o) = cur.take() {
        let end = trim_end_at(text, o.part_start, text.len());
        finish(o, end, end, false, &mut out);
    }
    for q in &mut out {
        q.speech = looks_like_speech(text, q);
    }
    out
}

const SCARE_BEFORE: &[&str] = &[
    "so-called",
    "so called",
    "dubbed",
    "called",
    "termed",
    "titled",
    "entitled",
    "named",
    "known as",
    "the word",
    "the term",
    "the phrase",
    "nicknamed",
    "branded",
    "labelled",
    "labeled",
    "film",
    "book",
    "song",
    "album",
    "movie",
    "operation",
    "campaign",
    "slogan",
];

fn looks_like_speech(text: &str, q: &Quote) -> bool {
    let before = text[..q.outer.start].trim_end();
    let mut cut = before.len().saturating_sub(14);
    while !before.is_char_boundary(cut) {
        cut += 1;
    }
    let tail = before[cut..].to_ascii_lowercase();
    if SCARE_BEFORE.iter().any(|w| {
        tail.ends_with(w) && {
            let k = tail.len() - w.len();
            k == 0 || !tail.as_bytes()[k - 1].is_ascii_alphabetic()
        }
    }) {
        return false;
    }
    let mut words = 0;
    for p in &q.parts {
        words += text[p.start..p.end].split_whitespace().count();
    }
    let last = q
        .parts
        .last()
        .map_or("", |p| text[p.start..p.end].trim_end());
    let punct_end = last.ends_with(['.', ',', '?', '!', '…', ';', ':']);
    // a colon introduces a quotation (`Abadi: “The state is finished”`)
    q.parts.len() > 1
        || words >= 6
        || (before.ends_with(':') && words >= 2)
        || (punct_end && words >= 2)
        || (punct_end && q.closed && {
            // a one-word reply ("“Absolutely,” he said") counts when it opens
            // its sentence and a lowercase word follows (not "part of their
            // “state,” analysts said")
            let after = text[q.outer.end..].trim_start();
            let opens = before.is_empty()
                || before.ends_with(['.', '!', '?', ':', '"', '”', '\n'])
                || text[before.len()..q.outer.start].contains('\n');
            opens && after.starts_with(|c: char| c.is_lowercase())
        })
        // "«Nous continuerons», a French officer said": a short quote opening
        // its sentence, set off by a comma
        || (q.closed && words >= 2 && {
            let opens = before.is_empty()
                || before.ends_with(['.', '!', '?', ':', '"', '”', '\n'])
                || text[before.len()..q.outer.start].contains('\n');
            opens && text[q.outer.end..].starts_with(',')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner<'a>(t: &'a str, q: &Quote) -> Vec<&'a str> {
        q.parts.iter().map(|p| &t[p.start..p.end]).collect()
    }

    #[test]
    fn tokens_keep_abbreviations_and_split_marks() {
        let t = "Mr. Dillon said: “al-Ba'aj fell.” U.S. jets hit 27,000 targets.";
        let toks = fallback_tokens(t);
        let words: Vec<&str> = toks.iter().map(|k| &t[k.span.start..k.span.end]).collect();
        assert_eq!(
            words,
            vec![
                "Mr.", "Dillon", "said", ":", "“", "al-Ba'aj", "fell", ".", "”", "U.S.", "jets",
                "hit", "27,000", "targets", "."
            ]
        );
        let sents = fallback_sentences(t, &toks);
        assert_eq!(sents.len(), 2);
        assert_eq!(
            &t[sents[1].start..sents[1].end],
            "U.S. jets hit 27,000 targets."
        );
    }

    #[test]
    fn curly_straight_and_nested_quotes_pair() {
        let t = "He said “we saw ‘the so-called emir’ leave,” and \"they ran away quickly now.\"";
        let q = quotes(t);
        assert_eq!(q.len(), 2);
        assert_eq!(inner(t, &q[0]), vec!["we saw ‘the so-called emir’ leave,"]);
        assert_eq!(inner(t, &q[1]), vec!["they ran away quickly now."]);
        let t2 = "“He said \"no\" to the deal in Raqqa,” the officer added.";
        let q2 = quotes(t2);
        assert_eq!(q2.len(), 1);
        assert!(q2[0].speech);
    }

    #[test]
    fn multi_paragraph_quote_is_one_quote() {
        let t = "He said:\n\n“The first part of it.\n\n“The second part of it.\n\n“The end of it.”\n\nNext.";
        let q = quotes(t);
        assert_eq!(q.len(), 1);
        assert_eq!(
            inner(t, &q[0]),
            vec![
                "The first part of it.",
                "The second part of it.",
                "The end of it."
            ]
        );
        assert!(q[0].closed);
    }

    #[test]
    fn unbalanced_mark_ends_at_paragraph() {
        let t = "“The militants fled toward the border\n\nTroops followed on Monday.";
        let q = quotes(t);
        assert_eq!(q.len(), 1);
        assert!(!q[0].closed);
        assert_eq!(
            inner(t, &q[0]),
            vec!["The militants fled toward the border"]
        );
        assert!(quotes("”stray close “").is_empty());
    }

    #[test]
    fn scare_quotes_are_not_speech() {
        let t = "The group declared its so-called “caliphate” in 2014 and a “victory” later.";
        let q = quotes(t);
        assert_eq!(q.len(), 2);
        assert!(q.iter().all(|q| !q.speech));
    }

    #[test]
    fn units_cut_at_line_breaks() {
        let t = "Troops Retake Town\nThe army said the town fell\nto troops on Monday after a long fight that lasted for several weeks in the area.";
        let s = [Span::new(0, t.len())];
        let u = clause_units(t, &s);
        assert_eq!(&t[u[0].start..u[0].end], "Troops Retake Town");
        assert_eq!(u.len(), 3);
    }
}
