//! The token scanner: one pass over the bytes, whitespace-separated chunks
//! split into UD-style surface tokens.

use lede_core::{Span, Token, TokenKind};

use crate::chars::{class, class as class_of, is_emoji, is_emoji_continuation, Class, ASCII};
use crate::lexicon::{AbbrevClass, Lexicon};

/// Letter suffixes that UD splits off a number ("375mm" -> "375" "mm");
/// ordinals and decades ("17th", "1990s") stay whole.
const UNIT_SUFFIXES: &[&str] = &[
    "k", "m", "bn", "mn", "b", "tn", "mm", "cm", "km", "kg", "g", "mg", "gb", "mb", "tb", "kb",
    "ml", "l", "lb", "lbs", "oz", "ft", "mph", "kph", "kmh", "am", "pm", "hrs", "hr", "min",
    "mins", "sec", "secs", "yrs", "yr", "kw", "mw", "gw", "kwh", "mwh", "sq", "km2", "GB", "MB",
    "TB", "KB", "MW", "GW", "kW", "K", "M", "BN", "MMBTU", "AM", "PM", "GHz", "MHz", "ghz", "mhz",
    "mAh", "px", "pt", "pts", "p", "km²", "m²", "cm²", "m³",
];

/// Lowercase words whose hyphen UD keeps inside the token ("e-mail", "non-state").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "re", "pre", "pro", "anti", "counter", "mis", "post", "vice", "over", "co", "semi",
];

/// Top-level domains that make a dotted word a web address.
const URL_TLDS: &[&str] = &[".com", ".org", ".net", ".edu", ".gov", ".int", ".mil"];

#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    debug_assert!(text.is_char_boundary(i), "char_at({i}) inside a character");
    // Callers pass char boundaries; should one slip, the replacement
    // character keeps the scan going instead of panicking.
    match text.get(i..).and_then(|r| r.chars().next()) {
        Some(c) => (c, c.len_utf8()),
        None => ('\u{FFFD}', 1),
    }
}

/// Class of the character at byte `i`, with its length.
#[inline]
fn class_at(text: &str, b: &[u8], i: usize) -> (Class, usize) {
    let x = b[i];
    if x < 0x80 {
        (ASCII[x as usize], 1)
    } else {
        let (c, l) = char_at(text, i);
        if is_emoji(c) {
            (Class::Emoji, l)
        } else {
            (class(c), l)
        }
    }
}

#[inline]
fn is_alnum_at(text: &str, b: &[u8], i: usize, end: usize) -> bool {
    i < end && class_at(text, b, i).0 == Class::Alnum
}

#[inline]
fn is_letter_at(text: &str, b: &[u8], i: usize, end: usize) -> bool {
    if i >= end {
        return false;
    }
    let x = b[i];
    if x < 0x80 {
        x.is_ascii_alphabetic()
    } else {
        let (c, _) = char_at(text, i);
        class(c) == Class::Alnum && !c.is_numeric()
    }
}

/// The length of an apostrophe (`'` or `’`) at `i`, or 0.
#[inline]
fn apostrophe_len(b: &[u8], i: usize, end: usize) -> usize {
    if i < end && b[i] == b'\'' {
        1
    } else if i + 3 <= end && b[i] == 0xE2 && b[i + 1] == 0x80 && b[i + 2] == 0x99 {
        3
    } else {
        0
    }
}

const AT: u8 = 1;
const COLON: u8 = 2;
const DOT: u8 = 4;
const SPACE: u8 = 8;
const NON_ASCII: u8 = 16;
const LETTER: u8 = 32;

/// Per-byte flags for finding chunk ends in one load per byte.
static CHUNK_FLAGS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = if i >= 0x80 {
            NON_ASCII
        } else {
            match ASCII[i] {
                Class::Space => SPACE,
                _ if (i as u8).is_ascii_alphabetic() => LETTER,
                _ => match i as u8 {
                    b'@' => AT,
                    b':' => COLON,
                    b'.' => DOT,
                    _ => 0,
                },
            }
        };
        i += 1;
    }
    t
};

/// Per-call scanner state.
struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    lex: &'a Lexicon,
    out: &'a mut Vec<Token>,
    /// Tokens the sentence pass must look at (see [`Scanner::push`]).
    marks: &'a mut Vec<usize>,
    /// An opening single quote is waiting for its closing one, so a
    /// word-final apostrophe is more likely that quote than a possessive.
    single_open: bool,
}

/// Tokenizes `text` into `out` (cleared first); `marks` gets, in order, the
/// indices of the tokens the sentence pass must look at.
pub(crate) fn tokenize_into(
    text: &str,
    lex: &Lexicon,
    out: &mut Vec<Token>,
    marks: &mut Vec<usize>,
) {
    out.clear();
    marks.clear();
    let b = text.as_bytes();
    let n = b.len();
    let mut s = Scanner {
        text,
        b,
        lex,
        out,
        marks,
        single_open: false,
    };
    let mut i = 0;
    while i < n {
        let x = b[i];
        if x < 0x80 {
            if ASCII[x as usize] == Class::Space {
                if x == b'\n' {
                    s.single_open = false;
                }
                i += 1;
                continue;
            }
        } else {
            let (c, l) = char_at(text, i);
            if class(c) == Class::Space {
                i += l;
                continue;
            }
        }
        // A chunk runs to the next whitespace; note characters that call for
        // the slower URL and e-mail checks.
        let mut e = i;
        let mut special = 0u8;
        // AND of the flags of all bytes, and of all but the last: tells
        // whether the chunk is a plain ASCII word, maybe with one mark after.
        let mut all = u8::MAX;
        let mut but_last = u8::MAX;
        while e < n {
            let f = CHUNK_FLAGS[b[e] as usize];
            if f & (SPACE | NON_ASCII) == 0 {
                special |= f;
                but_last = all;
                all &= f;
                e += 1;
            } else if f & SPACE != 0 {
                break;
            } else {
                all = 0;
                but_last = 0;
                let (c, l) = char_at(text, e);
                if class(c) == Class::Space {
                    break;
                }
                e += l;
            }
        }
        if all & LETTER != 0 {
            // The common case, "said": one word, nothing to decide.
            s.push(i, e, TokenKind::Word);
        } else if but_last & LETTER != 0 && e - i >= 2 && s.plain_word_then_mark(i, e) {
            // "said," "Mosul." (no abbreviation): done.
        } else {
            s.chunk(i, e, special);
        }
        i = e;
    }
}

impl Scanner<'_> {
    /// Fast path for a chunk of ASCII letters and one final mark: emits its
    /// tokens and returns true, or returns false for the full scanner.
    #[inline]
    fn plain_word_then_mark(&mut self, i: usize, e: usize) -> bool {
        let last = self.b[e - 1];
        match last {
            b'!' if &self.b[i..e] == b"Yahoo!" => {
                self.push(i, e, TokenKind::Word);
                return true;
            }
            b',' | b';' | b')' | b'!' | b'?' | b':' | b'"' => {}
            b'.' => {
                let w = &self.text[i..e - 1];
                if w.len() == 1 || self.lex.abbreviation(w).is_some() {
                    return false;
                }
            }
            _ => return false,
        }
        self.push(i, e - 1, TokenKind::Word);
        self.push(e - 1, e, TokenKind::Punct);
        true
    }

    /// Appends a token, and notes for the sentence pass the tokens that it
    /// must look at: all but plain words and numbers followed by a single
    /// space (see `sentences::is_plain`).
    #[inline]
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        if start >= end {
            return;
        }
        let idx = self.out.len();
        if let Some(prev) = self.out.last() {
            let pe = prev.span.end;
            let plain_gap = start == pe || (start == pe + 1 && self.b[pe] == b' ');
            if !plain_gap || (kind == TokenKind::Number && prev.kind == TokenKind::Word) {
                self.mark(idx - 1);
            }
        }
        let plain = match kind {
            TokenKind::Number => true,
            TokenKind::Word => self.b[end - 1] != b'.' && !matches!(end - start, 2 | 3 | 6),
            _ => false,
        };
        if !plain {
            self.mark(idx);
        }
        self.out.push(Token {
            span: Span::new(start, end),
            kind,
        });
    }

    #[inline]
    fn mark(&mut self, idx: usize) {
        if self.marks.last() != Some(&idx) {
            self.marks.push(idx);
        }
    }

    fn chunk(&mut self, s: usize, e: usize, special: u8) {
        let (text, b) = (self.text, self.b);
        let mut i = s;
        // Word starts before this cannot begin an e-mail address (a failed
        // check covers its whole run of address characters), so a long
        // "a-a-a-...@" chunk is not rescanned from every word.
        let mut no_email_before = s;
        while i < e {
            let (cls, l) = class_at(text, b, i);
            match cls {
                Class::Alnum => {
                    if special & (COLON | DOT) != 0 {
                        if let Some(end) = self.url_at(i, e, special & COLON != 0) {
                            self.push(i, end, TokenKind::Url);
                            i = end;
                            continue;
                        }
                    }
                    if special & AT != 0 && i >= no_email_before {
                        match self.email_at(i, e) {
                            Ok(end) => {
                                self.push(i, end, TokenKind::Email);
                                i = end;
                                continue;
                            }
                            Err(run_end) => no_email_before = run_end,
                        }
                    }
                    i = self.word(i, e);
                }
                Class::Emoji => i = self.emoji(i, e),
                Class::Space => i += l,
                Class::Other => {
                    self.push(i, i + l, TokenKind::Other);
                    i += l;
                }
                Class::Punct | Class::Symbol => i = self.punct(i, e, s, cls, l),
            }
        }
    }

    /// A web address starting at `i` ("https://...", "www...."): its end.
    fn url_at(&self, i: usize, e: usize, colon: bool) -> Option<usize> {
        let b = self.b;
        let rest = &b[i..e];
        let mut j = 0;
        while colon && j < rest.len() && rest[j].is_ascii_alphabetic() && j < 10 {
            j += 1;
        }
        let scheme = colon && j >= 2 && rest[j..].starts_with(b"://");
        let www = rest.len() > 4 && rest[..4].eq_ignore_ascii_case(b"www.");
        if !scheme && !www {
            return None;
        }
        let min_end = i + if scheme { j + 3 } else { 4 };
        let end = self.trim_url_end(i, e);
        (end > min_end).then_some(end)
    }

    /// Trailing punctuation is not part of an address, except a `)` that
    /// closes a `(` inside it.
    fn trim_url_end(&self, i: usize, mut e: usize) -> usize {
        let b = self.b;
        // Counted once: recounting per trailing ")" would be quadratic.
        let opens = b[i..e].iter().filter(|&&c| c == b'(').count();
        let mut closes = b[i..e].iter().filter(|&&c| c == b')').count();
        loop {
            if e <= i {
                return e;
            }
            let x = b[e - 1];
            let drop = match x {
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'"' | b'\'' | b']' | b'>' | b'}' => true,
                b')' => {
                    let unbalanced = closes > opens;
                    if unbalanced {
                        closes -= 1;
                    }
                    unbalanced
                }
                _ if x >= 0x80 => {
                    // A closing curly quote or other non-ASCII punctuation.
                    let mut k = e - 1;
                    while k > i && !self.text.is_char_boundary(k) {
                        k -= 1;
                    }
                    let (c, _) = char_at(self.text, k);
                    if class(c) == Class::Punct {
                        e = k;
                        continue;
                    }
                    false
                }
                _ => false,
            };
            if !drop {
                return e;
            }
            e -= 1;
        }
    }

    /// An e-mail address starting at `i`: its end; or else the end of the
    /// run of address characters from `i`, before which no address starts.
    fn email_at(&self, i: usize, e: usize) -> Result<usize, usize> {
        let b = self.b;
        let local_ok =
            |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
        let mut j = i;
        while j < e && local_ok(b[j]) {
            j += 1;
        }
        let run_end = j.max(i + 1);
        if j == i || j >= e || b[j] != b'@' {
            return Err(run_end);
        }
        let d0 = j + 1;
        let mut k = d0;
        while k < e && (b[k].is_ascii_alphanumeric() || b[k] == b'.' || b[k] == b'-') {
            k += 1;
        }
        while k > d0 && (b[k - 1] == b'.' || b[k - 1] == b'-') {
            k -= 1;
        }
        let domain = &b[d0..k];
        let Some(dot) = domain.iter().rposition(|&c| c == b'.') else {
            return Err(run_end);
        };
        let tld = &domain[dot + 1..];
        if dot == 0 || tld.len() < 2 || !tld.iter().all(|c| c.is_ascii_alphabetic()) {
            return Err(run_end);
        }
        Ok(k)
    }

    /// Punctuation or a symbol at `i` (chunk `[s, e)`): emits one token, returns its end.
    fn punct(&mut self, i: usize, e: usize, s: usize, cls: Class, l: usize) -> usize {
        let (text, b) = (self.text, self.b);
        let x = b[i];
        let kind = if cls == Class::Symbol {
            TokenKind::Symbol
        } else {
            TokenKind::Punct
        };
        if l == 1 {
            // Emoticons, only where a word is not running on into them.
            if matches!(x, b':' | b';' | b'=') {
                let after_word = i > s && {
                    let mut p = i - 1;
                    while p > s && !text.is_char_boundary(p) {
                        p -= 1;
                    }
                    is_alnum_at(text, b, p, e)
                };
                if let Some(end) = emoticon(b, i, e) {
                    if end == e || (!after_word && !is_alnum_at(text, b, end, e)) {
                        self.push(i, end, TokenKind::Emoji);
                        return end;
                    }
                }
            }
            match x {
                b'\'' => return self.straight_apostrophe(i, e, s),
                b'"' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b';' | b'`' => {
                    self.push(i, i + 1, kind);
                    return i + 1;
                }
                b'.' if i == s && i + 1 < e && b[i + 1].is_ascii_alphabetic() => {
                    // A file extension (".doc").
                    let mut j = i + 1;
                    while j < e && b[j].is_ascii_alphanumeric() {
                        j += 1;
                    }
                    self.push(i, j, TokenKind::Word);
                    return j;
                }
                b'#' | b'@'
                    if i + 1 < e
                        && (b[i + 1].is_ascii_alphabetic()
                            || (x == b'@' && b[i + 1].is_ascii_digit())) =>
                {
                    // Hashtags and handles ("#science", "@paulhastings.com");
                    // "#1" is a sign and a number.
                    let mut j = i + 1;
                    while j < e
                        && (b[j].is_ascii_alphanumeric()
                            || (matches!(b[j], b'_' | b'.' | b'-')
                                && j + 1 < e
                                && b[j + 1].is_ascii_alphanumeric()))
                    {
                        j += 1;
                    }
                    self.push(i, j, TokenKind::Other);
                    return j;
                }
                b'.' | b'!' | b'?' => {
                    // "...", "!!!", "?!", ".?": one token.
                    let mut j = i + 1;
                    while j < e && matches!(b[j], b'.' | b'!' | b'?') {
                        j += 1;
                    }
                    self.push(i, j, kind);
                    return j;
                }
                b'-' | b'*' | b'=' | b'_' | b'~' | b'#' | b'/' | b'+' | b'<' | b'>' | b':'
                | b'^' | b'|' | b'&' | b'@' | b'$' | b'%' | b'\\' => {
                    // Runs of one character: "--", "***", "$$$", "<<".
                    let mut j = i + 1;
                    while j < e && b[j] == x {
                        j += 1;
                    }
                    self.push(i, j, kind);
                    return j;
                }
                _ => {
                    self.push(i, i + 1, kind);
                    return i + 1;
                }
            }
        }
        let (c, _) = char_at(text, i);
        match c {
            '’' => return self.curly_apostrophe(i, e),
            '‘' => {
                // An elided year ("‘90s") or an opening quote.
                if let Some(end) = elided_year(b, i + l, e) {
                    self.push(i, end, elided_kind(b, i + l));
                    return end;
                }
                self.single_open = true;
            }
            '…' => {
                let mut j = i + l;
                while j + 3 <= e && &b[j..j + 3] == "…".as_bytes() {
                    j += 3;
                }
                self.push(i, j, kind);
                return j;
            }
            _ => {}
        }
        self.push(i, i + l, kind);
        i + l
    }

    /// A `'` that does not sit inside a word: elided year, opening or closing quote.
    fn straight_apostrophe(&mut self, i: usize, e: usize, s: usize) -> usize {
        // "'90s", but not the feet-and-inches of "5'10".
        let after_digit = i > s && self.b[i - 1].is_ascii_digit();
        if let Some(end) = elided_year(self.b, i + 1, e).filter(|_| !after_digit) {
            self.push(i, end, elided_kind(self.b, i + 1));
            return end;
        }
        self.single_open = is_alnum_at(self.text, self.b, i + 1, e);
        self.push(i, i + 1, TokenKind::Punct);
        i + 1
    }

    /// A `’` that does not sit inside a word: elided year or closing quote.
    fn curly_apostrophe(&mut self, i: usize, e: usize) -> usize {
        if let Some(end) = elided_year(self.b, i + 3, e) {
            self.push(i, end, elided_kind(self.b, i + 3));
            return end;
        }
        self.single_open = false;
        self.push(i, i + 3, TokenKind::Punct);
        i + 3
    }

    /// An emoji sequence (flags, skin tones, joined families) at `i`: one token.
    fn emoji(&mut self, i: usize, e: usize) -> usize {
        let text = self.text;
        let (c0, l0) = char_at(text, i);
        let mut j = i + l0;
        let regional = (0x1F1E6..=0x1F1FF).contains(&(c0 as u32));
        if regional && j < e {
            let (c, l) = char_at(text, j);
            if (0x1F1E6..=0x1F1FF).contains(&(c as u32)) {
                j += l;
            }
            self.push(i, j, TokenKind::Emoji);
            return j;
        }
        while j < e {
            let (c, l) = char_at(text, j);
            if is_emoji_continuation(c) {
                j += l;
            } else if c == '\u{200D}' && j + l < e {
                let (d, dl) = char_at(text, j + l);
                if is_emoji(d) {
                    j += l + dl;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        self.push(i, j, TokenKind::Emoji);
        j
    }

    /// A word or number starting at `i`: emits it (maybe as number + unit), returns its end.
    fn word(&mut self, i: usize, e: usize) -> usize {
        let (text, b) = (self.text, self.b);
        let mut k = i;
        let mut has_alpha = false;
        let mut has_digit = false;
        // 0 none, 1 lowercase letter, 2 uppercase letter, 3 other letter, 4 digit
        let mut prev: u8 = 0;
        let mut periods = 0u32;
        let mut seg_len = 0usize;
        let mut max_seg = 0usize;
        let mut underscore = false;
        let mut hyphens = 0u32;
        let mut digit_run = 0usize;
        // Where a number turns into letters ("375mm"), while no letter came before.
        let mut unit_at: Option<usize> = None;
        let mut unit_ok = true;
        'outer: loop {
            while k < e {
                let x = b[k];
                if x.is_ascii_lowercase() && (prev == 1 || prev == 2) && !underscore {
                    // The common case: a word going on in lowercase.
                    prev = 1;
                    k += 1;
                    seg_len += 1;
                    continue;
                }
                if x < 0x80 {
                    if x.is_ascii_digit() {
                        if underscore && prev != 4 && prev != 0 {
                            // "access_time3": an icon name run into a figure.
                            break 'outer;
                        }
                        if prev != 4 {
                            digit_run = 0;
                        }
                        digit_run += 1;
                        has_digit = true;
                        if unit_at.is_some() {
                            unit_ok = false;
                        }
                        prev = 4;
                    } else if x.is_ascii_alphabetic() {
                        if prev == 4 && !has_alpha && unit_at.is_none() {
                            unit_at = Some(k);
                        }
                        let upper = x.is_ascii_uppercase();
                        if underscore && prev == 1 && upper {
                            // "folder_openVoices": an icon name run into a word.
                            break 'outer;
                        }
                        has_alpha = true;
                        prev = if upper { 2 } else { 1 };
                    } else {
                        break;
                    }
                    k += 1;
                    seg_len += 1;
                } else {
                    let (c, l) = char_at(text, k);
                    if class(c) != Class::Alnum || is_emoji(c) {
                        break;
                    }
                    if matches!(c, '²' | '³') {
                        // "km²": part of a unit, not a digit.
                    } else if c.is_numeric() {
                        has_digit = true;
                    } else {
                        has_alpha = true;
                        if unit_at.is_some() {
                            unit_ok = false;
                        }
                    }
                    prev = 3;
                    k += l;
                    seg_len += 1;
                }
            }
            if k >= e {
                break;
            }
            // A connector continues the word only between the right characters.
            let x = b[k];
            match x {
                b'.' => {
                    // "had stalled.Moreover, ...": scraped text that lost the
                    // space after a full stop. A lower-case word of three
                    // letters or more before a capitalised word is no
                    // abbreviation, domain or initialism ("U.S.", "Amazon.com").
                    let glued_stop = periods == 0
                        && seg_len >= 3
                        && seg_len <= k - i
                        && b[k - seg_len..k].iter().all(u8::is_ascii_lowercase)
                        && k + 2 < e
                        && b[k + 1].is_ascii_uppercase()
                        && b[k + 2].is_ascii_lowercase();
                    if glued_stop {
                        break;
                    }
                    if is_alnum_at(text, b, k + 1, e) {
                        periods += 1;
                        max_seg = max_seg.max(seg_len);
                        seg_len = 0;
                        if unit_at.is_some() {
                            unit_ok = false;
                        }
                        k += 1;
                        continue;
                    }
                    break;
                }
                b',' => {
                    // "27,000", and decimal commas ("3,5"): a comma with no
                    // space between digits is part of the number.
                    if prev == 4 && !has_alpha && k + 1 < e && b[k + 1].is_ascii_digit() {
                        k += 1;
                        continue;
                    }
                    break;
                }
                b':' => {
                    if prev == 4 && !has_alpha && k + 1 < e && b[k + 1].is_ascii_digit() {
                        k += 1;
                        continue;
                    }
                    break;
                }
                b'\'' => {
                    if self.inner_apostrophe(k, 1, e, prev) {
                        k += 1;
                        continue;
                    }
                    if self.possessive_plural(i, k, e, 1) {
                        k += 1;
                    }
                    break;
                }
                0xE2 if apostrophe_len(b, k, e) == 3 => {
                    if self.inner_apostrophe(k, 3, e, prev) {
                        k += 3;
                        continue;
                    }
                    if self.possessive_plural(i, k, e, 3) {
                        k += 3;
                    }
                    break;
                }
                b'-' => {
                    if self.keep_hyphen(i, k, e, prev, has_alpha, hyphens, digit_run) {
                        hyphens += 1;
                        unit_ok = false;
                        k += 1;
                        continue;
                    }
                    break;
                }
                b'_' => {
                    if is_alnum_at(text, b, k + 1, e) {
                        underscore = true;
                        unit_ok = false;
                        k += 1;
                        continue;
                    }
                    break;
                }
                b'/' => {
                    // Dates and fractions ("02/13/2001", "1/2") and
                    // shorthand ("b/c", "w/"); "and/or" splits.
                    let next_digit = k + 1 < e && b[k + 1].is_ascii_digit();
                    if prev == 4 && !has_alpha && next_digit {
                        k += 1;
                        continue;
                    }
                    if k - i == 1 && (prev == 1 || prev == 2) {
                        let one_more = k + 1 < e && b[k + 1].is_ascii_alphanumeric();
                        let short = one_more && (k + 2 >= e || !b[k + 2].is_ascii_alphanumeric());
                        if short {
                            k += 2;
                            break;
                        }
                        if k + 1 == e {
                            k += 1;
                            break;
                        }
                    }
                    break;
                }
                b'@' => {
                    // Mail handles without a domain ("Warner@ENRON").
                    if is_alnum_at(text, b, k + 1, e) && !underscore {
                        unit_ok = false;
                        has_alpha = true;
                        k += 1;
                        continue;
                    }
                    break;
                }
                b'&' => {
                    // "AT&T", "S&P".
                    if prev == 2 && k + 1 < e && b[k + 1].is_ascii_uppercase() {
                        k += 1;
                        continue;
                    }
                    break;
                }
                _ => break,
            }
        }
        max_seg = max_seg.max(seg_len);
        let word_end = k;

        // A word-final period belongs to abbreviations and initials, unless
        // it also ends the sentence: UD then gives it to the sentence
        // ("in the U.S." + "." -> "U.S" "."), as EWT and GUM do.
        let mut end = word_end;
        if word_end < e && b[word_end] == b'.' {
            let dots = b[word_end..e].iter().take_while(|&&c| c == b'.').count();
            let w = &text[i..word_end];
            let class = if has_alpha {
                self.lex.abbreviation(w)
            } else {
                None
            };
            let candidate = if dots == 1 {
                if periods > 0 {
                    has_alpha && !has_digit && max_seg <= 2 || class.is_some()
                } else if w.len() == 1 {
                    b[i].is_ascii_uppercase() || class.is_some()
                } else {
                    class.is_some()
                }
            } else {
                // "Inc.." is the abbreviation and a full stop.
                dots == 2 && class.is_some()
            };
            if candidate
                && (dots == 2
                    || word_end + 1 < e
                    || !self.period_ends_sentence(word_end + 1, class, w.len() == 1))
            {
                end += 1;
            }
        } else if word_end < e && b[word_end] == b'!' && &b[i..word_end] == b"Yahoo" {
            // A name with its exclamation mark (UD keeps "Yahoo!" whole).
            end += 1;
        } else if word_end + 2 < e && &b[word_end..word_end + 3] == b"(s)" && has_alpha {
            // "friend(s)".
            if word_end + 3 == e || !is_alnum_at(text, b, word_end + 3, e) {
                end += 3;
            }
        } else if word_end < e
            && b[word_end] == b'-'
            && has_alpha
            && (word_end + 1 == e || matches!(b[word_end + 1], b',' | b'.' | b';' | b'?' | b'!'))
        {
            // A word broken off in speech ("th-", "Stoddar-").
            end += 1;
        }

        if let Some(u) = unit_at {
            if unit_ok && UNIT_SUFFIXES.contains(&&text[u..word_end]) {
                self.push(i, u, TokenKind::Number);
                self.push(u, word_end, TokenKind::Word);
                return word_end;
            }
        }
        let kind = if !has_alpha && has_digit {
            TokenKind::Number
        } else if periods > 0 && URL_TLDS.iter().any(|t| text[i..word_end].ends_with(t)) {
            TokenKind::Url
        } else {
            TokenKind::Word
        };
        self.push(i, end, kind);
        end
    }

    /// Whether the text after an abbreviation's period (at `j`, after the
    /// chunk) starts a new sentence: a line break, the end of the text, or a
    /// sentence starter ("The", "He").
    fn period_ends_sentence(
        &self,
        mut j: usize,
        class: Option<AbbrevClass>,
        initial: bool,
    ) -> bool {
        let (text, b) = (self.text, self.b);
        let n = b.len();
        while j < n {
            let x = b[j];
            if x == b'\n' || x == b'\r' {
                return true;
            }
            if x < 0x80 {
                if ASCII[x as usize] != Class::Space {
                    break;
                }
                j += 1;
            } else {
                let (c, l) = char_at(text, j);
                if class_of(c) != Class::Space {
                    break;
                }
                if matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                    return true;
                }
                j += l;
            }
        }
        if j >= n {
            return true;
        }
        let title = class == Some(AbbrevClass::Title);
        if title {
            return false;
        }
        let x = b[j];
        if matches!(x, b'"' | b'(' | b'[') || text[j..].starts_with('“') {
            // "Inc. (713) 235-1972", "10 a.m. (CDT)": brackets rarely open a
            // sentence; quotes might, for a full abbreviation.
            return x == b'"' && !initial;
        }
        if !x.is_ascii_uppercase() {
            return false;
        }
        let mut k = j;
        while k < n && b[k].is_ascii_alphabetic() {
            k += 1;
        }
        if class == Some(AbbrevClass::End) {
            return true;
        }
        let word = &text[j..k];
        // "A" and "I" are too often initials ("P.S. I", "Mr. A. Smith").
        word.len() > 1 && self.lex.is_sentence_starter(word)
    }

    /// An apostrophe inside a word ("don't", "Ba'aj", "1990's").
    #[inline]
    fn inner_apostrophe(&self, k: usize, l: usize, e: usize, prev: u8) -> bool {
        prev != 0 && is_letter_at(self.text, self.b, k + l, e)
    }

    /// A word-final apostrophe after an s ("soldiers'"), unless a single
    /// quote is open and this is more likely its end.
    #[inline]
    fn possessive_plural(&self, i: usize, k: usize, e: usize, l: usize) -> bool {
        k > i
            && matches!(self.b[k - 1], b's' | b'S')
            && !self.single_open
            && !is_alnum_at(self.text, self.b, k + l, e)
    }

    /// Whether the hyphen at `k` stays inside the word that started at `i`.
    #[allow(clippy::too_many_arguments)]
    fn keep_hyphen(
        &self,
        i: usize,
        k: usize,
        e: usize,
        prev: u8,
        has_alpha: bool,
        hyphens: u32,
        digit_run: usize,
    ) -> bool {
        let b = self.b;
        if k + 1 >= e {
            return false;
        }
        let n = b[k + 1];
        if prev == 4 && !has_alpha && n.is_ascii_digit() {
            // Phone and reference numbers stay whole ("713-664-7478",
            // "3-5213"); ranges split ("15 - 20", "2016 - 17").
            let mut j = k + 1;
            while j < e && b[j].is_ascii_digit() {
                j += 1;
            }
            let right = j - (k + 1);
            if j < e && b[j].is_ascii_alphabetic() {
                return false;
            }
            let left_year = digit_run == 4 && matches!(b[k - 4], b'1' | b'2');
            if hyphens > 0 {
                return true;
            }
            return (right >= 3 && !(left_year && right == 4)) || (n == b'0' && right >= 2);
        }
        if hyphens == 0 && (prev == 1 || prev == 2) && n.is_ascii_alphabetic() && k - i <= 7 {
            let w = &b[i..k];
            return HYPHEN_PREFIXES
                .iter()
                .any(|p| p.len() == w.len() && p.as_bytes().eq_ignore_ascii_case(w));
        }
        false
    }
}

fn elided_kind(b: &[u8], j: usize) -> TokenKind {
    if b[j].is_ascii_digit() {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// `'90s`, `'03`, `'em`, `'cause` after the apostrophe ending at `j`: the token end.
fn elided_year(b: &[u8], j: usize, e: usize) -> Option<usize> {
    for w in [
        &b"em"[..],
        b"cause",
        b"til",
        b"tis",
        b"Cause",
        b"Til",
        b"Tis",
    ] {
        let end = j + w.len();
        if end <= e && &b[j..end] == w && (end == e || !b[end].is_ascii_alphanumeric()) {
            return Some(end);
        }
    }
    if j + 2 <= e && b[j].is_ascii_digit() && b[j + 1].is_ascii_digit() {
        let mut end = j + 2;
        if end < e && b[end] == b's' {
            end += 1;
        }
        if end >= e || !b[end].is_ascii_alphanumeric() {
            return Some(end);
        }
    }
    None
}

/// ":)", ":-)", ";)", ":D", "=)" at `i`: the end.
fn emoticon(b: &[u8], i: usize, e: usize) -> Option<usize> {
    let mut j = i + 1;
    if j < e && matches!(b[j], b'-' | b'\'' | b'^' | b'o') {
        j += 1;
    }
    if j < e
        && matches!(
            b[j],
            b')' | b'(' | b'D' | b'P' | b'p' | b']' | b'[' | b'/' | b'|' | b'*' | b'3' | b'O'
        )
    {
        let mut end = j + 1;
        // ":))" and ":(((" are one emoticon.
        while end < e && b[end] == b[j] && matches!(b[j], b')' | b'(') {
            end += 1;
        }
        if b[j] == b'/' && end < e && b[end] == b'/' {
            return None;
        }
        return Some(end);
    }
    None
}
