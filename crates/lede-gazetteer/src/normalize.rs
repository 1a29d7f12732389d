//! The normalised copy of a text that the automaton runs over.
//!
//! Matching on a folded copy (rather than giving the automaton every case and
//! punctuation variant of every alias) keeps the automaton as small as the
//! dictionary: one pattern per distinct folded surface. The copy comes with a
//! byte map back to the original text, so every match maps to original byte
//! offsets that fall on character boundaries.
//!
//! Folding, in order:
//! - white space runs (line breaks included) and every dash become one space,
//!   so "al-Abadi", "al Abadi" and "al\nAbadi" are the same surface;
//! - the apostrophe family (’ ‘ ʼ ʻ ʿ ʾ ` ´ ′) becomes `'`;
//! - with diacritic folding, Latin letters lose their marks ("Qāmishlī" ->
//!   "qamishli") and free-standing combining marks are dropped;
//! - letters are lower-cased.

use crate::fold_table::FOLD;

/// True for the characters that fold to a space (white space and dashes).
#[inline]
pub(crate) fn is_space_like(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'
                | '\u{2011}'
                | '\u{2012}'
                | '\u{2013}'
                | '\u{2014}'
                | '\u{2015}'
                | '\u{2212}'
                | '\u{FE63}'
                | '\u{FF0D}'
        )
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`'
            | '\u{2019}'
            | '\u{2018}'
            | '\u{02BC}'
            | '\u{02BB}'
            | '\u{02BF}'
            | '\u{02BE}'
            | '\u{00B4}'
            | '\u{2032}'
    )
}

#[inline]
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// ASCII byte -> folded byte; 0 marks the bytes handled specially (white space).
static ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_uppercase() {
            b + 32
        } else if b == b'`' {
            b'\''
        } else if b == b'-'
            || b == b' '
            || b == b'\t'
            || b == b'\n'
            || b == b'\r'
            || b == 0x0b
            || b == 0x0c
        {
            0
        } else {
            b
        };
        i += 1;
    }
    t
};

/// Writes the folded copy of `text` into `out` and, for every byte of it, the
/// byte offset in `text` of the character it came from into `map`; `map` gets
/// one more entry, `text.len()`, so a match `[s, e)` of the copy is
/// `[map[s], map[e])` in the original.
///
/// Offsets are `u32`: texts over 4 GiB are cut off at that size (a document
/// that large is far past anything a news pipeline reads).
pub(crate) fn normalize(text: &str, fold_diacritics: bool, out: &mut Vec<u8>, map: &mut Vec<u32>) {
    out.clear();
    map.clear();
    let text = if text.len() >= u32::MAX as usize {
        let mut cut = u32::MAX as usize - 8;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        &text[..cut]
    } else {
        text
    };
    out.reserve(text.len());
    map.reserve(text.len() + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII runs, which are nearly all of news text, go through a
        // branch-free loop over pre-sized buffers: `Vec::push` per byte
        // (two capacity checks and two length updates) cost twice as much.
        let run = bytes[i..]
            .iter()
            .position(|&b| b >= 0x80)
            .unwrap_or(bytes.len() - i);
        if run > 0 {
            fold_ascii(&bytes[i..i + run], i as u32, out, map);
            i += run;
            continue;
        }
        // A non-ASCII character: decode it (the text is valid UTF-8, so
        // the slice from a lead byte always yields a char).
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let len = c.len_utf8();
        push_char(c, i as u32, fold_diacritics, out, map);
        i += len;
    }
    map.push(text.len() as u32);
}

/// A folded window: the bytes `out[..len]` and their map `map[..map_len]`
/// (`map_len` is `len`, or `len + 1` once the sentinel `text.len()` is
/// written at the end of the text, as [`fold_more`] gives it). The vectors
/// are kept longer than that, as room to fold into, so that folding a few
/// bytes at a word start costs no resize or per-byte push.
#[derive(Debug, Default)]
pub(crate) struct FoldBuf {
    out: Vec<u8>,
    map: Vec<u32>,
    len: usize,
    map_len: usize,
}

impl FoldBuf {
    /// Empties the window (keeping its room).
    #[inline]
    pub(crate) fn clear(&mut self) {
        self.len = 0;
        self.map_len = 0;
    }

    /// The folded bytes.
    #[inline]
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.out[..self.len]
    }

    /// The map of the folded bytes back to the text (with the sentinel at
    /// the end of the text).
    #[inline]
    pub(crate) fn map(&self) -> &[u32] {
        &self.map[..self.map_len]
    }

    /// The number of folded bytes.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Makes room for `n` more bytes and map entries (and a sentinel).
    #[inline]
    fn room(&mut self, n: usize) {
        if self.out.len() < self.len + n {
            let size = (self.len + n).max(64).next_power_of_two();
            self.out.resize(size, 0);
        }
        if self.map.len() < self.len + n + 1 {
            let size = (self.len + n + 1).max(64).next_power_of_two();
            self.map.resize(size, 0);
        }
    }

    /// Appends the folded form of `text` from byte `from` on until the
    /// window holds at least `want` bytes or the text ends, and returns the
    /// byte after the last char folded. At the end of the text the map gets
    /// the sentinel `text.len()` (once), as [`normalize`] gives it, so a
    /// match that ends with the text maps back too.
    ///
    /// The window may run up to seven bytes past `want`: folding is the
    /// same from a start whatever its length, and the matcher reads no
    /// further into a window than it asked for, so a longer window changes
    /// no match. The matcher folds only around the word starts that may
    /// begin an alias, which are a small part of running text.
    pub(crate) fn fold_more(
        &mut self,
        text: &str,
        from: usize,
        fold_diacritics: bool,
        want: usize,
    ) -> usize {
        let bytes = text.as_bytes();
        let mut i = from;
        // Room for the bytes wanted and an eight-byte step past them.
        self.room(want.saturating_sub(self.len) + 8);
        while self.len < want {
            let Some(&b) = bytes.get(i) else {
                if self.map_len == self.len {
                    self.map[self.len] = text.len() as u32;
                    self.map_len = self.len + 1;
                }
                return i;
            };
            if b < 0x80 {
                let last_space = self.len > 0 && self.out[self.len - 1] == b' ';
                if let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
                    if let Some(folded) = fold_eight(u64::from_le_bytes(*chunk), last_space) {
                        self.out[self.len..self.len + 8].copy_from_slice(&folded.to_le_bytes());
                        for (k, m) in self.map[self.len..self.len + 8].iter_mut().enumerate() {
                            *m = (i + k) as u32;
                        }
                        self.len += 8;
                        self.map_len = self.len;
                        i += 8;
                        continue;
                    }
                }
                let f = ASCII[usize::from(b)];
                if f != 0 || !last_space {
                    self.out[self.len] = if f == 0 { b' ' } else { f };
                    self.map[self.len] = i as u32;
                    self.len += 1;
                    self.map_len = self.len;
                }
                i += 1;
            } else {
                let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                    return i;
                };
                // Rare: through the vectors' own pushes, then back to
                // keeping room.
                self.out.truncate(self.len);
                self.map.truncate(self.map_len);
                push_char(c, i as u32, fold_diacritics, &mut self.out, &mut self.map);
                self.len = self.out.len();
                self.map_len = self.map.len();
                self.room(want.saturating_sub(self.len) + 8);
                i += c.len_utf8();
            }
        }
        i
    }
}

/// Eight ASCII bytes folded at once, as [`ASCII`] folds them one by one,
/// when each becomes one folded byte: no byte outside ASCII, and no
/// space-like byte right after another (or, for the first, right after a
/// folded space, `last_space`), which folding would drop.
#[inline]
fn fold_eight(w: u64, last_space: bool) -> Option<u64> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if w & HIGH != 0 {
        return None;
    }
    // The high bit of each lane in `lo..=hi` (all lanes below 0x80, so no
    // sum carries into the next lane).
    let within = |lo: u8, hi: u8| {
        let ge_lo = w.wrapping_add(LOW * u64::from(0x80 - lo));
        let gt_hi = w.wrapping_add(LOW * u64::from(0x7f - hi));
        ge_lo & !gt_hi & HIGH
    };
    let eq = |c: u8| within(c, c);
    // As in `ASCII`: NUL, white space and '-' fold to a space.
    let space = eq(0) | within(0x09, 0x0d) | eq(b' ') | eq(b'-');
    if space & ((space << 8) | u64::from(last_space) << 7) != 0 {
        return None;
    }
    let upper = within(b'A', b'Z');
    let tick = eq(b'`');
    let spaces = (space >> 7) * 0xff;
    let folded = w + (upper >> 2) - (tick >> 7) * u64::from(b'`' - b'\'');
    Some((folded & !spaces) | (spaces & (LOW * u64::from(b' '))))
}

/// The folded ASCII byte (a space for the space-like ones), or `None` for a
/// byte outside ASCII.
#[inline]
pub(crate) fn fold_ascii_byte(b: u8) -> Option<u8> {
    match ASCII.get(b as usize) {
        Some(0) => Some(b' '),
        Some(&f) => Some(f),
        None => None,
    }
}

/// True for the characters folding drops: combining marks, when
/// diacritics are folded.
#[inline]
pub(crate) fn is_dropped(c: char, fold_diacritics: bool) -> bool {
    fold_diacritics && is_combining_mark(c)
}

/// Folds a run of ASCII bytes starting at byte `from` of the text: the
/// table lower-cases, and a space-like byte after a space is written but not
/// kept (the next write lands on it), so runs of white space become one space.
#[inline]
fn fold_ascii(run: &[u8], from: u32, out: &mut Vec<u8>, map: &mut Vec<u32>) {
    let base = out.len();
    let mut last_space = out.last() == Some(&b' ');
    out.resize(base + run.len(), 0);
    map.resize(base + run.len(), 0);
    let (o, m) = (&mut out[base..], &mut map[base..]);
    let mut k = 0;
    for (off, &b) in run.iter().enumerate() {
        let f = ASCII[b as usize];
        let space = f == 0;
        o[k] = if space { b' ' } else { f };
        m[k] = from + off as u32;
        k += usize::from(!(space && last_space));
        last_space = space;
    }
    out.truncate(base + k);
    map.truncate(base + k);
}

#[inline]
fn push_char(c: char, src: u32, fold_diacritics: bool, out: &mut Vec<u8>, map: &mut Vec<u32>) {
    if is_space_like(c) {
        if out.last() != Some(&b' ') {
            out.push(b' ');
            map.push(src);
        }
        return;
    }
    if is_apostrophe(c) {
        out.push(b'\'');
        map.push(src);
        return;
    }
    if fold_diacritics {
        if is_combining_mark(c) {
            return;
        }
        if let Ok(k) = FOLD.binary_search_by(|(k, _)| k.cmp(&c)) {
            for b in FOLD[k].1.bytes() {
                out.push(b.to_ascii_lowercase());
                map.push(src);
            }
            return;
        }
    }
    // One char in, one char out, so char counts of a pattern and its match
    // stay aligned for the case masks.
    let lower = c.to_lowercase().next().unwrap_or(c);
    let mut buf = [0u8; 4];
    for &b in lower.encode_utf8(&mut buf).as_bytes() {
        out.push(b);
        map.push(src);
    }
}

/// The folded form of a dictionary alias, with the source char of each folded
/// char (for the case masks). Leading and trailing space-like chars are dropped.
pub(crate) fn normalize_alias(alias: &str, fold_diacritics: bool) -> (Vec<u8>, Vec<char>) {
    let (mut out, mut map, mut sources) = (Vec::new(), Vec::new(), Vec::new());
    normalize_alias_into(alias, fold_diacritics, &mut out, &mut map, &mut sources);
    (out, sources)
}

/// [`normalize_alias`] into reused buffers (`map` is scratch).
pub(crate) fn normalize_alias_into(
    alias: &str,
    fold_diacritics: bool,
    out: &mut Vec<u8>,
    map: &mut Vec<u32>,
    sources: &mut Vec<char>,
) {
    let alias = alias.trim_matches(is_space_like);
    normalize(alias, fold_diacritics, out, map);
    sources.clear();
    for (j, &b) in out.iter().enumerate() {
        if is_char_start(b) {
            let src = map[j] as usize;
            sources.push(alias[src..].chars().next().unwrap_or(' '));
        }
    }
}

/// True when `b` begins a UTF-8 character.
#[inline]
pub(crate) fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The char that starts at byte `i` of a folded copy, if any.
#[inline]
pub(crate) fn char_at(s: &[u8], i: usize) -> Option<char> {
    let b = *s.get(i)?;
    if b < 0x80 {
        return Some(b as char);
    }
    let mut j = i + 1;
    while j < s.len() && j < i + 4 && !is_char_start(s[j]) {
        j += 1;
    }
    std::str::from_utf8(&s[i..j]).ok()?.chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(t: &str) -> (String, Vec<u32>) {
        let mut o = Vec::new();
        let mut m = Vec::new();
        normalize(t, true, &mut o, &mut m);
        (String::from_utf8(o).unwrap(), m)
    }

    #[test]
    fn folds_case_dashes_apostrophes_space_and_marks() {
        assert_eq!(norm("Qāmishlī").0, "qamishli");
        assert_eq!(norm("Hashd Sha’abi").0, "hashd sha'abi");
        assert_eq!(norm("al\u{2013}Abadi").0, "al abadi");
        assert_eq!(norm("Abu  Mahdi\n\tal-Muhandis").0, "abu mahdi al muhandis");
        assert_eq!(norm("Qa\u{0304}mishli").0, "qamishli");
    }

    #[test]
    fn map_points_back_to_char_starts() {
        let t = "Qāmishlī  x";
        let (o, m) = norm(t);
        assert_eq!(m.len(), o.len() + 1);
        assert_eq!(*m.last().unwrap() as usize, t.len());
        for &p in &m {
            assert!(t.is_char_boundary(p as usize));
        }
        // "x" is the last folded byte and maps to the last original byte.
        assert_eq!(m[o.len() - 1] as usize, t.len() - 1);
    }

    proptest::proptest! {
        #[test]
        fn a_window_folds_as_the_whole_text(
            t in "[ -~\t\n\r\u{b}\u{c}\u{0}ā’—\u{301}]{0,60}",
            steps in proptest::collection::vec(0usize..12, 1..6),
        ) {
            let (mut whole, mut whole_map) = (Vec::new(), Vec::new());
            normalize(&t, true, &mut whole, &mut whole_map);
            let mut buf = FoldBuf::default();
            let mut next = 0;
            let mut want = 0;
            for s in steps {
                want += s;
                next = buf.fold_more(&t, next, true, want);
                let n = buf.len();
                proptest::prop_assert!(n >= want.min(whole.len()));
                proptest::prop_assert_eq!(buf.bytes(), &whole[..n]);
                proptest::prop_assert_eq!(&buf.map()[..n], &whole_map[..n]);
                if buf.map().len() > n {
                    // The sentinel, once the text has ended.
                    proptest::prop_assert_eq!(n, whole.len());
                    proptest::prop_assert_eq!(buf.map()[n], t.len() as u32);
                }
            }
            buf.fold_more(&t, next, true, 4 * t.len() + 8);
            proptest::prop_assert_eq!(buf.bytes(), &whole[..]);
            proptest::prop_assert_eq!(buf.map(), &whole_map[..]);
        }
    }

    #[test]
    fn alias_sources_align_with_folded_chars() {
        let (o, src) = normalize_alias(" Tikrīt ", true);
        assert_eq!(o, b"tikrit");
        assert_eq!(src, vec!['T', 'i', 'k', 'r', 'ī', 't']);
    }
}
