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
    if gap.is_empty() || (gap.len() == 1 && gap[0] == b' ') {
        return 0;
    }
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
    matches!(
        s,
        "\"" | "'" | "”" | "’" | ")" | "]" | "}" | "»" | "›" | "''"
    )
}

/// Opening quotes and brackets that may start a sentence.
#[inline]
fn is_opener(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "“" | "‘" | "(" | "[" | "{" | "«" | "‹" | "``"
    )
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
    let nt = &tokens[k + 1];
    if t.span.end == nt.span.start {
        return false;
    }
    let tok = |j: usize| &text[tokens[j].span.start..tokens[j].span.end];
    // A mail header date and time ("Kay Mann 04/26/2001 07:17 AM").
    let header_date_next = || {
        nt.kind == TokenKind::Number
            && tok(k + 1).contains('/')
            && k + 2 < tokens.len()
            && tokens[k + 2].kind == TokenKind::Number
            && tok(k + 2).contains(':')
    };
    let upper_next = || start_of(tok(k + 1)) == Start::Upper;
    match t.kind {
        TokenKind::Word => {
            if nt.kind == TokenKind::Number {
                // A list item run on after the last one: "... a day 2) I would".
                if nt.span.len() <= 2
                    && k + 2 < tokens.len()
                    && tok(k + 2) == ")"
                    && tokens[k + 2].span.start == nt.span.end
                    && !inside_brackets(text, tokens, k)
                {
                    return true;
                }
                return start_of(tok(k)) == Start::Upper && header_date_next();
            }
            if matches!(t.span.len(), 3 | 6)
                && matches!(tok(k), "Thanks" | "thanks" | "Thx" | "thx")
                && upper_next()
            {
                return true;
            }
            // "08:02 PM All: ..." in mail headers.
            t.span.len() == 2
                && matches!(tok(k), "AM" | "PM")
                && k > 0
                && tok(k - 1).contains(':')
                && upper_next()
        }
        TokenKind::Punct | TokenKind::Symbol if is_separator_line(tok(k)) => true,
        TokenKind::Punct | TokenKind::Symbol => match tok(k) {
            // A speaker breaking off: "I know she's — See, now she's ...".
            // (A hyphen or colon before a sentence starter is left alone: it
            // ends a sentence about as often as not in the treebanks, and in
            // news it mostly joins a title: "Jerry Springer - The Opera".)
            "—" | "–" => {
                let next = tok(k + 1);
                next.len() > 1 && lex.is_sentence_starter(next)
            }
            // A source in brackets closing a line of web text: "(BBC) The ...".
            ")" => {
                let next = tok(k + 1);
                next.len() > 1
                    && lex.is_sentence_starter(next)
                    && k > 0
                    && inside_brackets(text, tokens, k - 1)
            }
            // The end of a "<address>" or ">>" line (not of a ticker in a
            // headline: "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT").
            ">>" => upper_next() || header_date_next(),
            ">" => (upper_next() || header_date_next()) && encloses_address(tokens, k),
            // "Regards, Debra", "Hi, Yes we can".
            "," => k > 0 && upper_next() && is_salutation(tokens, text, k),
            _ => false,
        },
        // An e-mail address or a full web address ending a line of web text
        // before a capitalised word; a bare domain is often part of a name
        // ("Whatsonstage.com Theatregoers' Choice").
        TokenKind::Email => upper_next() || header_date_next(),
        TokenKind::Url => {
            let u = tok(k);
            let full =
                u.contains("://") || u.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
            full && (upper_next() || nt.kind == TokenKind::Url)
        }
        _ => false,
    }
}

/// "=====", "*****", "_____": a rule drawn across a page of web text.
fn is_separator_line(s: &str) -> bool {
    let b = s.as_bytes();
    // "---" is as often a long dash as a rule, so dashes need four.
    let min = if b.first() == Some(&b'-') { 4 } else { 3 };
    b.len() >= min
        && matches!(b[0], b'=' | b'*' | b'_' | b'-' | b'~' | b'#')
        && b.iter().all(|&c| c == b[0])
}

/// Whether the comma at `k` closes a greeting or a sign-off.
fn is_salutation(tokens: &[Token], text: &str, k: usize) -> bool {
    let tok = |j: usize| &text[tokens[j].span.start..tokens[j].span.end];
    if matches!(
        tok(k - 1),
        "Regards" | "regards" | "Sincerely" | "Thanks" | "Cheers" | "Hi" | "Hello" | "Hey"
    ) {
        return true;
    }
    // "Dear Ahmed," opening a line; not "said Jeremy Dear, NUJ General Secretary".
    (k.saturating_sub(3)..k).any(|j| {
        tok(j) == "Dear"
            && (j == 0
                || line_breaks(&text.as_bytes()[tokens[j - 1].span.end..tokens[j].span.start]) > 0)
    })
}

/// Whether the ">" at `k` closes "<...>" around an e-mail or web address.
fn encloses_address(tokens: &[Token], k: usize) -> bool {
    tokens[k.saturating_sub(4)..k]
        .iter()
        .any(|t| matches!(t.kind, TokenKind::Email | TokenKind::Url))
}

/// Whether token `k` sits inside an unclosed "(" on its line: "(Channel 4)"
/// is not a list item.
fn inside_brackets(text: &str, tokens: &[Token], k: usize) -> bool {
    let b = text.as_bytes();
    let mut j = k + 1;
    while j > 0 && k + 1 - j < 30 {
        j -= 1;
        match &b[tokens[j].span.start..tokens[j].span.end] {
            b"(" => return true,
            b")" => return false,
            _ => {}
        }
        if j > 0 && line_breaks(&b[tokens[j - 1].span.end..tokens[j].span.start]) > 0 {
            return false;
        }
    }
    false
}

/// Computes sentence spans from `tokens` of `text` into `out` (cleared first).
/// Whether token `k` (not the last) is a plain word or number before a
/// single space or none: such a token cannot end a sentence, bar the soft
/// boundaries that `soft_boundary` checks on two- three- and six-letter
/// words and on words before numbers.
#[inline]
fn is_plain(b: &[u8], tokens: &[Token], k: usize) -> bool {
    let (t, nt) = (&tokens[k], &tokens[k + 1]);
    let plain_gap =
        nt.span.start == t.span.end || (nt.span.start == t.span.end + 1 && b[t.span.end] == b' ');
    plain_gap
        && match t.kind {
            TokenKind::Number => true,
            TokenKind::Word => {
                b[t.span.end - 1] != b'.'
                    && nt.kind != TokenKind::Number
                    && !matches!(t.span.len(), 2 | 3 | 6)
            }
            _ => false,
        }
}

/// Computes sentence spans from `tokens` of `text` into `out` (cleared
/// first). `marks`, when given, lists in order every token index that is
/// not [`is_plain`] (the scanner collects them), so the pass can jump
/// between them instead of visiting every token.
pub(crate) fn sentences_into(
    text: &str,
    tokens: &[Token],
    lex: &Lexicon,
    breaks: LineBreaks,
    out: &mut Vec<Span>,
    marks: Option<&[usize]>,
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
    // "had stalled.Moreover": a full stop that lost its space in scraping,
    // which the scanner split off a lower-case word (see `Scanner::word`).
    let glued_stop = |k: usize| {
        let next = tok(k + 1).as_bytes();
        k > 0
            && tok(k) == "."
            && tokens[k - 1].span.end == tokens[k].span.start
            && tok(k - 1).len() >= 3
            && tok(k - 1).bytes().all(|c| c.is_ascii_lowercase())
            && next.len() >= 2
            && next[0].is_ascii_uppercase()
            && next[1].is_ascii_lowercase()
    };
    let mut start = tokens[0].span.start;
    let mut k = 0;
    let mut mi = 0;
    while k < n {
        match marks {
            Some(m) => {
                while mi < m.len() && m[mi] < k {
                    mi += 1;
                }
                match m.get(mi) {
                    Some(&j) => k = j,
                    None => break,
                }
            }
            None => {
                if k + 1 < n && is_plain(b, tokens, k) {
                    k += 1;
                    continue;
                }
            }
        }
        if k >= n {
            break;
        }
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
                if tokens[last + 1].kind == TokenKind::Emoji && term != Terminal::Emoticon {
                    // "I love her. :)" - the smiley closes the sentence.
                    term = Terminal::Emoticon;
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
                Terminal::Stop => {
                    (spaced(last) || glued_stop(last)) && !(last > k && st == Start::Lower)
                }
                Terminal::Ellipsis => spaced(last) && matches!(st, Start::Upper | Start::Opener),
                // The scanner already split the period off an abbreviation
                // that ends a sentence.
                Terminal::Abbrev(_) => last > k && lex.is_sentence_starter(tok(last + 1)),
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
