//! A tiny lexer for figures: words, digit runs and single symbols.
//!
//! The stage scans sentence text with this rather than with the `tokens` layer because number
//! parsing needs finer pieces than surface tokens ("$3.5bn" is one surface token but three
//! pieces here: "$", "3.5", "bn"). Lexicon surfaces are lexed the same way, so a surface and a
//! text match piece by piece whatever the spacing ("km/h" and "km / h").

use crate::lexicon::letter_pair;

/// What a piece is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum K {
    /// Letters, with inner apostrophes ("don't").
    Word,
    /// Digits, with a decimal point and thousands commas ("27,000", "3.5").
    Num,
    /// Any other single character.
    Sym,
}

/// One piece: byte span into the text, its kind, and whether space precedes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub s: usize,
    pub e: usize,
    pub k: K,
    /// True when whitespace (or the start of the lexed range) precedes the piece.
    pub sp: bool,
    /// For a word, false when its first and last letters and length already show it is no
    /// trigger word (see [`lex_marking`]); true otherwise.
    pub trig: bool,
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

/// Lexes `text[start..end]` into `out` (byte offsets into `text`).
///
/// `start` and `end` must be char boundaries of `text`.
pub(crate) fn lex(text: &str, start: usize, end: usize, out: &mut Vec<Tok>) {
    lex_marking(text, start, end, out, &[]);
}

/// [`lex`], marking words that cannot be trigger words: `trigger_lens` is
/// `Fast::trigger_lens` (empty: mark none). The bytes of the word are at hand here, so the
/// test costs less than it would later.
pub(crate) fn lex_marking(
    text: &str,
    start: usize,
    end: usize,
    out: &mut Vec<Tok>,
    trigger_lens: &[u16],
) {
    let b = text.as_bytes();
    let mut i = start;
    let mut sp = true;
    while i < end {
        let c = b[i];
        if c < 0x80 {
            // Letters first: most pieces are words.
            if is_ascii_letter(c) {
                // Web addresses carry numbers that are no figures ("q=30%25"): skip them.
                if matches!(c | 0x20, b'h' | b'w') && sp && is_url_start(&b[i..end]) {
                    while i < end && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    while i < end && !text.is_char_boundary(i) {
                        i += 1;
                    }
                    continue;
                }
                let s = i;
                i = match short_word_end(b, i, end) {
                    Some(e) => e,
                    None => word_end(text, i + 1, end),
                };
                // The lower-case first letter is `c | 0x20`; a last byte that is no ASCII
                // letter leaves the word to the full test.
                let last = b[i - 1];
                let trig = trigger_lens.is_empty()
                    || !is_ascii_letter(last)
                    || trigger_lens[letter_pair(c, last)] >> (i - s).min(15) & 1 != 0;
                out.push(Tok {
                    s,
                    e: i,
                    k: K::Word,
                    sp,
                    trig,
                });
                // One space after a word is the usual case: take it here.
                sp = i < end && b[i] == b' ';
                i += sp as usize;
                continue;
            }
            if c.is_ascii_whitespace() {
                sp = true;
                i += 1;
                continue;
            }
            // ".500 record", ".001 per cent": a decimal with no leading zero, after a space.
            let bare_decimal = c == b'.'
                && sp
                && i + 1 < end
                && b[i + 1].is_ascii_digit()
                && (i == 0 || b[i - 1].is_ascii_whitespace() || b[i - 1] == b'(');
            if c.is_ascii_digit() || bare_decimal {
                let s = i;
                if bare_decimal {
                    i += 1;
                }
                i = digits(b, i, end);
                loop {
                    if i + 1 < end && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                        i = digits(b, i + 1, end);
                    } else if i + 3 < end
                        && b[i] == b','
                        && b[i + 1].is_ascii_digit()
                        && b[i + 2].is_ascii_digit()
                        && b[i + 3] == b','
                    {
                        // Indian grouping: "12,34,567.89"
                        i += 3;
                    } else if i + 3 < end
                        && b[i] == b','
                        && b[i + 1].is_ascii_digit()
                        && b[i + 2].is_ascii_digit()
                        && b[i + 3].is_ascii_digit()
                        && (i + 4 >= end || !b[i + 4].is_ascii_digit())
                    {
                        i += 4;
                    } else {
                        break;
                    }
                }
                out.push(Tok {
                    s,
                    e: i,
                    k: K::Num,
                    sp,
                    trig: true,
                });
                sp = false;
                continue;
            }
            out.push(Tok {
                s: i,
                e: i + 1,
                k: K::Sym,
                sp,
                trig: true,
            });
            sp = false;
            i += 1;
            continue;
        }
        // Non-ASCII: decode one char.
        let ch = match text[i..end].chars().next() {
            Some(ch) => ch,
            None => break,
        };
        let l = ch.len_utf8();
        if ch.is_whitespace() {
            sp = true;
            i += l;
            continue;
        }
        if is_letter(ch) {
            let s = i;
            i = word_end(text, i, end);
            out.push(Tok {
                s,
                e: i,
                k: K::Word,
                sp,
                trig: true,
            });
        } else {
            out.push(Tok {
                s: i,
                e: i + l,
                k: K::Sym,
                sp,
                trig: true,
            });
            i += l;
        }
        sp = false;
    }
}

/// `c.is_ascii_alphabetic()` in three instructions instead of two range tests.
#[inline]
pub(crate) fn is_ascii_letter(c: u8) -> bool {
    (c | 0x20).wrapping_sub(b'a') < 26
}

/// Eight bytes at a time: the high bit of each byte lane of the result is set where that
/// byte of `v` is an ASCII letter.
#[inline]
fn letter_lanes(v: u64) -> u64 {
    const LANES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Fold case, then a lane is a letter when its low seven bits are in 0x61..=0x7A and its
    // own high bit is clear; adding to seven-bit lanes never carries into the next lane.
    let x = (v | (0x20 * LANES)) & (0x7F * LANES);
    let ge_a = x + (0x80 - 0x61) * LANES;
    let gt_z = x + (0x80 - 0x7B) * LANES;
    ge_a & !gt_z & !v & HIGH
}

/// The end of the run of ASCII letters starting at `i` (exclusive), at most `end`.
#[inline]
pub(crate) fn ascii_letters_end(b: &[u8], mut i: usize, end: usize) -> usize {
    // Words are most of news text, so their ends are found a word (u64) at a time.
    while i + 8 <= end {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(&b[i..i + 8]);
        let other = !letter_lanes(u64::from_le_bytes(chunk)) & 0x8080_8080_8080_8080;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < end && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

/// The end of a word starting with the ASCII letter at `i` when it ends within eight bytes
/// at an ASCII byte other than an apostrophe: there [`word_end`] would stop too, with
/// nothing more to decide. `None` leaves the word to [`word_end`].
#[inline]
fn short_word_end(b: &[u8], i: usize, end: usize) -> Option<usize> {
    if i + 8 > end {
        return None;
    }
    let mut chunk = [0u8; 8];
    chunk.copy_from_slice(&b[i..i + 8]);
    let other = !letter_lanes(u64::from_le_bytes(chunk)) & 0x8080_8080_8080_8080;
    if other == 0 {
        return None;
    }
    let j = i + (other.trailing_zeros() / 8) as usize;
    let d = b[j];
    (d < 0x80 && d != b'\'').then_some(j)
}

fn is_url_start(b: &[u8]) -> bool {
    // Most words starting with "h" or "w" are plain words ("he", "was"): the second letter
    // of "http" and "www" tells them apart first.
    if !matches!(b.get(1).map(|c| c | 0x20), Some(b't' | b'w')) {
        return false;
    }
    let lower = |k: usize| b.get(k).map(|c| c.to_ascii_lowercase());
    let starts = |p: &[u8]| b.len() >= p.len() && (0..p.len()).all(|k| lower(k) == Some(p[k]));
    starts(b"http://") || starts(b"https://") || starts(b"www.")
}

fn digits(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// The end of a word starting at `i`: letters, and apostrophes followed by a letter.
#[inline]
fn word_end(text: &str, mut i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    while i < end {
        // Plain ASCII letters, the common case.
        i = ascii_letters_end(b, i, end);
        if i >= end {
            break;
        }
        let c = b[i];
        if c < 0x80 {
            if c == b'\'' && i + 1 < end && b[i + 1].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            break;
        }
        let ch = match text[i..end].chars().next() {
            Some(ch) => ch,
            None => break,
        };
        if is_letter(ch) {
            i += ch.len_utf8();
        } else if ch == '’' && i + 3 < end && b[i + 3].is_ascii_alphabetic() {
            i += 3;
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(s: &str) -> Vec<(&str, K, bool)> {
        let mut v = Vec::new();
        lex(s, 0, s.len(), &mut v);
        v.iter().map(|t| (&s[t.s..t.e], t.k, t.sp)).collect()
    }

    #[test]
    fn letter_runs_end_at_the_first_other_byte() {
        let all: Vec<u8> = (0..=255u8).collect();
        for (k, &c) in all.iter().enumerate() {
            // Each byte after seven letters and before eight more: the run ends there
            // exactly when the byte is no ASCII letter.
            let mut s = b"abcdEFG".to_vec();
            s.push(c);
            s.extend_from_slice(b"hijklmno");
            let want = if c.is_ascii_alphabetic() { s.len() } else { 7 };
            assert_eq!(ascii_letters_end(&s, 0, s.len()), want, "byte {k:#x}");
            assert_eq!(ascii_letters_end(&s, 0, 7), 7);
        }
    }

    #[test]
    fn splits_money_and_scales() {
        let p = pieces("$3.5bn and 27,000 km/h");
        let texts: Vec<&str> = p.iter().map(|x| x.0).collect();
        assert_eq!(texts, ["$", "3.5", "bn", "and", "27,000", "km", "/", "h"]);
        assert!(!p[1].2 && !p[2].2 && p[3].2);
    }

    #[test]
    fn commas_join_only_thousands_groups() {
        let texts: Vec<&str> = pieces("10,15 and 1,234,567.5")
            .iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(texts, ["10", ",", "15", "and", "1,234,567.5"]);
    }

    #[test]
    fn words_keep_apostrophes_and_unicode() {
        let texts: Vec<&str> = pieces("Iraq’s al-Ba'aj −5°C").iter().map(|x| x.0).collect();
        assert_eq!(texts, ["Iraq’s", "al", "-", "Ba'aj", "−", "5", "°", "C"]);
    }
}
