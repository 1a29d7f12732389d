//! The extractor: finds figures in sentence text and builds [`Quantity`] records.
//!
//! Work is driven by triggers: only pieces that can start a number (digits, number words,
//! vulgar fractions, month names) cost more than a byte scan, so plain prose runs at lexer
//! speed. Around each number the extractor looks back for currency symbols, signs, bound cues
//! and movement verbs, and forward for ranges, units, counted nouns and conversions.

use lede_core::{Bound, Change, Quantity, QuantityKind, Span};

use crate::lex::{ascii_letters_end, is_ascii_letter, lex_marking, Tok, K};
use crate::lexicon::{role, Lexicon, NumClass, MAX_PIECES};

/// What sort of number a parse found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NK {
    Plain,
    Fraction,
    Vague,
    Ordinal,
    Decade,
}

/// A parsed number: pieces `s..e`, its value (for vague plurals the base S).
#[derive(Debug, Clone, Copy)]
struct Num {
    s: usize,
    e: usize,
    v: f64,
    nk: NK,
    /// The scale applied ("million" -> 1e6), 1 when none.
    scale: f64,
    /// Written in digits.
    digits: bool,
    /// A bare four-digit integer with no separator (a year candidate).
    int4: bool,
    /// Just the word "one" (a pronoun unless a noun or unit follows).
    word_one: bool,
}

enum Parse {
    No,
    /// Not a quantity: skip to this piece.
    Skip(usize),
    Num(Num),
}

const VULGAR: &[(&str, f64)] = &[
    ("½", 0.5),
    ("⅓", 1.0 / 3.0),
    ("⅔", 2.0 / 3.0),
    ("¼", 0.25),
    ("¾", 0.75),
    ("⅕", 0.2),
    ("⅖", 0.4),
    ("⅗", 0.6),
    ("⅘", 0.8),
    ("⅙", 1.0 / 6.0),
    ("⅚", 5.0 / 6.0),
    ("⅛", 0.125),
    ("⅜", 0.375),
    ("⅝", 0.625),
    ("⅞", 0.875),
];

fn vulgar(s: &str) -> Option<f64> {
    // All of them take two or three bytes; most pieces tested are one-byte punctuation.
    if s.len() < 2 {
        return None;
    }
    VULGAR.iter().find(|(k, _)| *k == s).map(|(_, v)| *v)
}

/// Words after a glued "m" that make it metres, not millions ("a 7m wall" is ambiguous, "7m
/// high" is not).
const METRE_WORDS: &[&str] = &[
    "high", "long", "wide", "tall", "deep", "thick", "away", "across", "below", "above", "under",
    "from", "in", "to", "and", "or", "per", "above", "down", "up", "into", "on", "at",
];

/// Major and minor units written together ("3 dollars 50 cents", "5 feet 2 inches"): the
/// major unit, the minor unit and how many minor units make one major.
const PAIRS: &[(&str, &str, f64)] = &[
    ("US dollar", "cent", 100.0),
    ("euro", "cent", 100.0),
    ("Canadian dollar", "cent", 100.0),
    ("Australian dollar", "cent", 100.0),
    ("pound sterling", "penny", 100.0),
    ("foot", "inch", 12.0),
    ("pound", "ounce", 16.0),
    ("stone", "pound", 14.0),
    ("hour", "minute", 60.0),
    ("minute", "second", 60.0),
    ("metre", "centimetre", 100.0),
];

/// Denominators of fractions written with a slash ("3/4", "1/16").
const FRACTION_DENOMINATORS: &[f64] = &[
    2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0, 20.0, 25.0, 32.0, 40.0, 50.0, 64.0, 100.0,
    128.0, 1000.0,
];

/// Parses digits with optional thousands commas.
fn parse_digits(s: &str) -> Option<f64> {
    if s.contains(',') {
        let t: String = s.chars().filter(|c| *c != ',').collect();
        t.parse().ok()
    } else {
        s.parse().ok()
    }
}

/// A plural-looking English word ("fighters", "civilians"), by spelling.
pub(crate) fn looks_plural(w: &str) -> bool {
    w.len() >= 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && !w.ends_with("'s")
        && !w.ends_with("’s")
}

/// "fishermen", "servicemen": plurals in -men.
fn plural_men(w: &str) -> bool {
    w.len() > 4 && w.ends_with("men") && !w.ends_with("omen") || w == "women"
}

/// Adjective-looking words by their endings ("particular", "different", "oldest").
fn looks_adjective(w: &str) -> bool {
    [
        "al", "ic", "ive", "ous", "ful", "ar", "ent", "ant", "est", "ible", "able", "ish", "less",
        "ian", "ese", "ed", "er",
    ]
    .iter()
    .any(|suf| w.len() > suf.len() + 2 && w.ends_with(suf))
}

/// The singular of an English plural noun, by rule ("casualties" -> "casualty").
pub fn singular(w: &str) -> String {
    let lw = w.to_lowercase();
    let irregular = [
        ("people", "people"),
        ("men", "man"),
        ("women", "woman"),
        ("children", "child"),
        ("feet", "foot"),
        ("teeth", "tooth"),
        ("mice", "mouse"),
        ("geese", "goose"),
        ("police", "police"),
        ("series", "series"),
        ("species", "species"),
        ("news", "news"),
    ];
    if let Some((_, s)) = irregular.iter().find(|(p, _)| *p == lw) {
        return (*s).to_string();
    }
    if lw.len() > 4 && lw.ends_with("men") && !lw.ends_with("omen") {
        return format!("{}man", &w[..w.len() - 3]);
    }
    if lw.len() > 4 && lw.ends_with("uses") {
        return w[..w.len() - 2].to_string();
    }
    if lw.len() > 4 && lw.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for suf in ["ches", "shes", "sses", "xes", "zes", "oes"] {
        if lw.len() > suf.len() + 1 && lw.ends_with(suf) {
            return w[..w.len() - 2].to_string();
        }
    }
    if looks_plural(&lw) {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

/// Whether `text[s..e]` can hold a figure: a digit, a vulgar fraction or a word that can
/// start a number or a date (see [`crate::lexicon::Fast::sentence_word`]; currency signs and
/// units only matter next to a number). Most prose sentences fail this scan, which is
/// cheaper than lexing them.
fn may_hold_figure(lx: &Lexicon, text: &[u8], s: usize, e: usize) -> bool {
    // Most sentences that hold a figure hold a digit, which a scan eight bytes at a time
    // finds sooner than the word by word scan below.
    if has_digit(text, s, e) {
        return true;
    }
    let fast = &lx.fast;
    let mut i = s;
    while i < e {
        let c = text[i];
        if is_ascii_letter(c) {
            let w = i;
            i = ascii_letters_end(text, i + 1, e);
            if fast.sentence_word(&text[w..i]) {
                return true;
            }
            // The usual space after a word, which is neither digit nor fraction.
            if i < e && text[i] == b' ' {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_digit() || c >= 0x80 && fraction_at(text, i, e) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether `text[s..e]` holds an ASCII digit.
fn has_digit(text: &[u8], s: usize, e: usize) -> bool {
    const LANES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = text[s..e].chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let v = u64::from_le_bytes(w);
        // A lane is a digit when its low seven bits are in 0x30..=0x39 and its high bit is
        // clear; adding to seven-bit lanes never carries into the next lane.
        let x = v & (0x7F * LANES);
        let ge_0 = x + (0x80 - 0x30) * LANES;
        let gt_9 = x + (0x80 - 0x3A) * LANES;
        if ge_0 & !gt_9 & !v & (0x80 * LANES) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// Vulgar fractions are the only figures without a digit or a word: U+00BC..BE (C2 BC..BE)
/// and U+2150..215E (E2 85 90..9E), whole before `e`.
#[inline]
fn fraction_at(text: &[u8], i: usize, e: usize) -> bool {
    match text[i] {
        0xC2 => i + 1 < e && (0xBC..=0xBE).contains(&text[i + 1]),
        0xE2 => i + 2 < e && text[i + 1] == 0x85 && (0x90..=0x9E).contains(&text[i + 2]),
        _ => false,
    }
}

/// A unit surface found in the text: its unit ids and the piece after it.
type UnitMatch<'a> = (&'a [u16], usize);

/// The previous quantity of this sentence, for conversions and "or" continuations.
#[derive(Clone, Copy)]
struct Last {
    idx: usize,
    end_tok: usize,
    /// The quantity this one converts, when it is itself a conversion.
    conv_of: Option<usize>,
}

/// One sentence being scanned.
struct Sent<'a> {
    lx: &'a Lexicon,
    text: &'a str,
    /// The sentence, ASCII-lower-cased; `lower[k - base]` is `text[k]` lower-cased.
    lower: &'a str,
    base: usize,
    t: &'a [Tok],
    key: String,
    key_cs: String,
    out: &'a mut Vec<Quantity>,
    /// Index in `out` of this sentence's first quantity.
    first: usize,
    last: Option<Last>,
    /// Recent answers of [`Sent::unit_at`] by piece (`usize::MAX`: none): the rules around a
    /// figure ask for the unit after it several times.
    units_seen: [(usize, Option<UnitMatch<'a>>); 4],
    /// Recent answers of [`Sent::cues_ending_at`] by piece (`usize::MAX`: none).
    cues_seen: [(usize, CuesEnding); 4],
}

/// The roles of the cue phrases ending at a piece: `roles[k - 1]` for the phrase of the `k`
/// pieces before it, up to `longest` pieces.
#[derive(Clone, Copy)]
struct CuesEnding {
    roles: [u32; MAX_PIECES],
    longest: usize,
}

/// Buffers reused from document to document (per thread, as the stage is shared).
#[derive(Default)]
struct Scratch {
    toks: Vec<Tok>,
    lower: String,
    key: String,
    key_cs: String,
}

impl Scratch {
    /// Keeps what one long document grew from pinning memory for the thread's life.
    fn trim(&mut self) {
        const KEEP: usize = 1 << 16;
        if self.toks.capacity() > KEEP {
            self.toks = Vec::new();
        }
        if self.lower.capacity() > KEEP {
            self.lower = String::new();
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Extracts quantities from `text`, sentence by sentence (the whole text when `sentences` is
/// empty), appending to `out` in text order.
pub(crate) fn extract(lx: &Lexicon, text: &str, sentences: &[Span], out: &mut Vec<Quantity>) {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            extract_with(lx, text, sentences, out, &mut scratch);
            scratch.trim();
        }
        Err(_) => extract_with(lx, text, sentences, out, &mut Scratch::default()),
    })
}

fn extract_with(
    lx: &Lexicon,
    text: &str,
    sentences: &[Span],
    out: &mut Vec<Quantity>,
    scratch: &mut Scratch,
) {
    if text.is_empty() {
        return;
    }
    let whole = [Span::new(0, text.len())];
    let spans: &[Span] = if sentences.is_empty() {
        &whole
    } else {
        sentences
    };
    let mut prev_end = 0;
    for sp in spans {
        if !sp.is_valid_in(text) || sp.start < prev_end {
            continue;
        }
        prev_end = sp.end;
        if !may_hold_figure(lx, text.as_bytes(), sp.start, sp.end) {
            continue;
        }
        // Only sentences that may hold a figure are lower-cased and lexed.
        let sentence = &text[sp.start..sp.end];
        scratch.lower.clear();
        scratch.lower.push_str(sentence);
        scratch.lower.make_ascii_lowercase();
        scratch.toks.clear();
        lex_marking(
            text,
            sp.start,
            sp.end,
            &mut scratch.toks,
            &lx.fast.trigger_lens,
        );
        let first = out.len();
        let mut s = Sent {
            first,
            lx,
            text,
            lower: &scratch.lower,
            base: sp.start,
            t: &scratch.toks,
            key: std::mem::take(&mut scratch.key),
            key_cs: std::mem::take(&mut scratch.key_cs),
            out,
            last: None,
            units_seen: [(usize::MAX, None); 4],
            cues_seen: [(
                usize::MAX,
                CuesEnding {
                    roles: [0; MAX_PIECES],
                    longest: 0,
                },
            ); 4],
        };
        s.run();
        scratch.key = s.key;
        scratch.key_cs = s.key_cs;
    }
}

impl<'a> Sent<'a> {
    fn n(&self) -> usize {
        self.t.len()
    }
    fn lw(&self, i: usize) -> &'a str {
        match self.t.get(i) {
            Some(t) => &self.lower[t.s - self.base..t.e - self.base],
            None => "",
        }
    }
    /// [`Sent::lw`] as bytes, for the sieves: no char boundary checks.
    fn lwb(&self, i: usize) -> &'a [u8] {
        match self.t.get(i) {
            Some(t) => &self.lower.as_bytes()[t.s - self.base..t.e - self.base],
            None => b"",
        }
    }
    /// The cue roles of piece `i` alone.
    fn cue_of(&self, i: usize) -> u32 {
        self.lx.cue(self.lw(i))
    }
    /// True when piece `i` is a month name.
    fn month_at(&self, i: usize) -> bool {
        self.lx.is_month(self.lw(i))
    }
    /// The value of piece `i` as a number word of `class`.
    fn num_class_at(&self, i: usize, class: NumClass) -> Option<f64> {
        self.lx.num_class(self.lw(i), class)
    }
    /// True when piece `i` is a number word.
    fn number_word_at(&self, i: usize) -> bool {
        self.lx.is_number_word(self.lw(i))
    }
    fn raw(&self, i: usize) -> &'a str {
        match self.t.get(i) {
            Some(t) => &self.text[t.s..t.e],
            None => "",
        }
    }
    fn is(&self, i: usize, k: K) -> bool {
        self.t.get(i).is_some_and(|t| t.k == k)
    }
    // The tests below compare bytes: slicing a `str` also checks char boundaries, which
    // costs more than the comparison itself, and the pieces are checked very often.
    fn sym(&self, i: usize, c: &str) -> bool {
        self.t.get(i).is_some_and(|t| {
            t.k == K::Sym && t.e - t.s == c.len() && &self.text.as_bytes()[t.s..t.e] == c.as_bytes()
        })
    }
    fn glued(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| !t.sp)
    }
    fn dash(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| {
            t.k == K::Sym
                // "-", "–", "—", "−" in UTF-8.
                && matches!(
                    self.text.as_bytes()[t.s..t.e],
                    [b'-'] | [0xE2, 0x80, 0x93] | [0xE2, 0x80, 0x94] | [0xE2, 0x88, 0x92]
                )
        })
    }
    fn word_is(&self, i: usize, w: &str) -> bool {
        self.t.get(i).is_some_and(|t| {
            t.k == K::Word
                && t.e - t.s == w.len()
                && &self.lower.as_bytes()[t.s - self.base..t.e - self.base] == w.as_bytes()
        })
    }
    fn capitalized(&self, i: usize) -> bool {
        match self.t.get(i) {
            Some(t) if self.text.as_bytes()[t.s].is_ascii() => {
                self.text.as_bytes()[t.s].is_ascii_uppercase()
            }
            _ => self.raw(i).chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// Builds the keys of pieces `a..b` (lower-cased in `key`, as written in `key_cs`) and
    /// returns where each piece starts in them. The key of `j..b` is then the suffix from
    /// `starts[j - a]`: pieces hold no spaces, and ASCII lower-casing keeps byte offsets.
    fn build_keys(&mut self, a: usize, b: usize) -> [usize; MAX_PIECES] {
        let mut starts = [0; MAX_PIECES];
        self.key.clear();
        self.key_cs.clear();
        for j in a..b {
            if j > a {
                self.key.push(' ');
                self.key_cs.push(' ');
            }
            starts[j - a] = self.key.len();
            let t = self.t[j];
            self.key
                .push_str(&self.lower[t.s - self.base..t.e - self.base]);
            self.key_cs.push_str(&self.text[t.s..t.e]);
        }
        starts
    }

    /// The longest cue phrase starting at `i`: its roles and end.
    fn cue_at(&mut self, i: usize) -> (u32, usize) {
        let mut best = (0, i);
        let max = self.lx.cue_max.min(self.n().saturating_sub(i));
        self.key.clear();
        for k in 0..max {
            let j = i + k;
            if k > 0 {
                self.key.push(' ');
            }
            let t = self.t[j];
            self.key
                .push_str(&self.lower[t.s - self.base..t.e - self.base]);
            if !self.lx.fast.cue_prefix.contains_key(self.key.as_str()) {
                break;
            }
            let r = self.lx.cue(&self.key);
            if r != 0 {
                best = (r, j + 1);
            }
        }
        best
    }

    /// The longest cue phrase ending at `e` (exclusive) with one of `mask`'s roles.
    fn cue_before(&mut self, e: usize, mask: u32) -> (u32, usize) {
        let ending = self.cues_ending_at(e);
        for k in (1..=ending.longest).rev() {
            let r = ending.roles[k - 1];
            if r & mask != 0 {
                return (r, e - k);
            }
            // The longest phrase wins: "make up" is no "up".
            if r & role::PHRASAL != 0 {
                break;
            }
        }
        (0, e)
    }

    /// The roles of the phrases ending at `e` (exclusive), remembered for a while: a figure
    /// looks back from the same piece for years, bounds and movements.
    fn cues_ending_at(&mut self, e: usize) -> CuesEnding {
        let slot = e % self.cues_seen.len();
        if self.cues_seen[slot].0 == e {
            return self.cues_seen[slot].1;
        }
        let mut ending = CuesEnding {
            roles: [0; MAX_PIECES],
            longest: 0,
        };
        // No phrase is longer than the longest one ending in this piece.
        if e > 0 && self.lx.fast.cue_last_sieve.maybe(self.lwb(e - 1)) {
            if let Some(&longest) = self.lx.fast.cue_last.get(self.lw(e - 1)) {
                let max = self.lx.cue_max.min(e).min(longest);
                let starts = self.build_keys(e - max, e);
                for k in 1..=max {
                    ending.roles[k - 1] = self.lx.cue(&self.key[starts[max - k]..]);
                }
                ending.longest = max;
            }
        }
        self.cues_seen[slot] = (e, ending);
        ending
    }

    /// The longest unit surface starting at `i`: its unit ids and end.
    fn unit_at(&mut self, i: usize) -> Option<(&'a [u16], usize)> {
        let slot = i % self.units_seen.len();
        if self.units_seen[slot].0 == i {
            return self.units_seen[slot].1;
        }
        let found = self.find_unit_at(i);
        self.units_seen[slot] = (i, found);
        found
    }

    /// [`Sent::unit_at`] without the memory.
    fn find_unit_at(&mut self, i: usize) -> Option<(&'a [u16], usize)> {
        let lx: &'a Lexicon = self.lx;
        // Every surface starts with a piece of the sieve, whatever its case.
        if i >= self.n() || !lx.fast.unit_first_sieve.maybe(self.lwb(i)) {
            return None;
        }
        let max = lx.unit_max.min(self.n().saturating_sub(i));
        let mut best = None;
        self.key.clear();
        self.key_cs.clear();
        for k in 0..max {
            let j = i + k;
            // "km2" but not "12 m 2 dm": a digit inside a unit is glued to it.
            if k > 0 && self.t[j].k == K::Num && self.t[j].sp {
                break;
            }
            if k > 0 {
                self.key.push(' ');
                self.key_cs.push(' ');
            }
            let t = self.t[j];
            self.key
                .push_str(&self.lower[t.s - self.base..t.e - self.base]);
            self.key_cs.push_str(&self.text[t.s..t.e]);
            let ci = lx.fast.unit_prefix_ci.get(self.key.as_str());
            let cs = lx.fast.unit_prefix_cs.get(self.key_cs.as_str());
            if ci.is_none() && cs.is_none() {
                break;
            }
            // A case-sensitive surface wins over a case-insensitive one.
            match (cs, ci) {
                (Some(ids), _) if !ids.is_empty() => best = Some((ids.as_slice(), j + 1)),
                (_, Some(ids)) if !ids.is_empty() => best = Some((ids.as_slice(), j + 1)),
                _ => {}
            }
        }
        // A bare surface that is just a common word ("in", "a") never reaches here; but a
        // surface that ends inside a longer word-run ("m" of "m high") is fine. Reject a
        // match that is immediately followed by a glued letter run ("5 mil" + "es").
        if let Some((ids, e)) = best {
            if self.is(e, K::Word) && self.glued(e) && self.is(e - 1, K::Word) {
                return None;
            }
            // "24703m212", "24703 L-202": part numbers, not units.
            let money = ids
                .iter()
                .any(|&id| lx.units[id as usize].dimension == "currency");
            if !money
                && (self.is(e, K::Num) && self.glued(e)
                    || self.sym(e, "-")
                        && self.glued(e)
                        && self.is(e + 1, K::Num)
                        && self.glued(e + 1))
            {
                return None;
            }
            // A one-letter temperature symbol ("C", "F") needs a sign, the end of a clause
            // or temperature words nearby: "13F filing" and "23456 F Block" are names.
            let surf = &self.text[self.t[i].s..self.t[e - 1].e];
            if e == i + 1
                && surf.len() == 1
                && ids
                    .iter()
                    .all(|&id| lx.units[id as usize].dimension == "temperature")
            {
                let signed = i >= 2 && (self.sym(i - 2, "-") || self.sym(i - 2, "−"));
                let clause_end = !(self.is(e, K::Word)
                    || self.is(e, K::Num)
                    || self.dash(e)
                    || self.sym(e, "/"));
                let lo = i.saturating_sub(8);
                let hi = (e + 8).min(self.n());
                let near = ids.iter().any(|id| {
                    lx.context.get(id).is_some_and(|words| {
                        (lo..hi).any(|j| words.iter().any(|w| w == self.lw(j)))
                    })
                });
                // "48C in Basra" is a temperature; "13F filing" and "777F" name things, so
                // "F" needs more support than "C".
                let celsius = surf == "C" && !self.sym(e, "/");
                if !(signed || near || clause_end && !self.sym(e, "/") || celsius) {
                    return None;
                }
            }
        }
        best
    }

    /// A currency surface ending at `e` (exclusive), for "$5", "US$ 5", "EUR 5", "RM120".
    fn currency_before(&mut self, e: usize) -> Option<(&'a [u16], usize)> {
        let lx: &'a Lexicon = self.lx;
        if e == 0
            || !lx.fast.currency_last_sieve.maybe(self.lwb(e - 1))
            || !lx.fast.currency_last_ci.contains_key(self.lw(e - 1))
                && !lx.fast.currency_last_cs.contains_key(self.raw(e - 1))
        {
            return None;
        }
        let max = 3.min(e);
        let starts = self.build_keys(e - max, e);
        for k in (1..=max).rev() {
            let s = e - k;
            let from = starts[max - k];
            let ids = match lx.unit_cs.get(&self.key_cs[from..]) {
                Some(ids) => ids,
                None => match lx.unit_ci.get(&self.key[from..]) {
                    Some(ids) => ids,
                    None => continue,
                },
            };
            let cur: Option<u16> = ids
                .iter()
                .copied()
                .find(|&id| lx.units[id as usize].dimension == "currency");
            if cur.is_none() {
                continue;
            }
            // "a $3500 a month" is not "A$": spaced pieces need a capitalized first piece.
            if k > 1 && (s + 1..e).any(|j| self.t[j].sp) && !self.capitalized(s) {
                continue;
            }
            // Only symbols and codes precede a number: "$", "US$", "EUR", "Rs"; not "dollars".
            let surf = self.raw(s);
            let symbolic = (s..e).any(|j| self.is(j, K::Sym))
                || (k == 1
                    && surf.len() <= 3
                    && surf.chars().next().is_some_and(char::is_uppercase));
            if !symbolic {
                continue;
            }
            // Only currencies among the ids.
            let pos = ids
                .iter()
                .position(|&id| lx.units[id as usize].dimension == "currency")
                .unwrap_or(0);
            return Some((&ids[pos..pos + 1], s));
        }
        None
    }

    /// Picks one unit among ambiguous ids by context votes (ties: file order).
    fn choose(&self, ids: &[u16], scaled: bool, at: usize) -> u16 {
        if ids.len() == 1 {
            return ids[0];
        }
        // Votes come from a window around the unit, so two figures in one sentence can
        // resolve differently ("20 pounds of explosives, a 20 million pounds deal").
        let lo = at.saturating_sub(8);
        let hi = (at + 8).min(self.n());
        let mut best = ids[0];
        let mut best_votes = -1i32;
        for &id in ids {
            let mut votes = 0i32;
            if scaled && self.lx.units[id as usize].dimension == "currency" {
                votes += 2;
            }
            if let Some(words) = self.lx.context.get(&id) {
                for j in lo..hi {
                    let w = self.lw(j);
                    if words.iter().any(|c| c == w) {
                        votes += 1;
                    }
                }
            }
            if votes > best_votes {
                best_votes = votes;
                best = id;
            }
        }
        best
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.n() {
            i = self.try_at(i).max(i + 1);
        }
    }

    /// Tries a figure at piece `i`; returns where to continue.
    fn try_at(&mut self, i: usize) -> usize {
        match self.t[i].k {
            K::Word => {
                // Most words are no trigger, as the lexer marked from their first and last
                // letters and length.
                if !self.t[i].trig || !self.lx.fast.is_trigger(self.lw(i)) {
                    return i + 1;
                }
            }
            K::Sym => {
                if vulgar(self.raw(i)).is_none() {
                    return i + 1;
                }
            }
            K::Num => {}
        }
        if let Some(e) = self.date_at(i) {
            self.push_simple(i, e, QuantityKind::Date, None);
            return e;
        }
        if self.t[i].k == K::Word && self.month_at(i) && !self.number_word_at(i) {
            return i + 1;
        }
        if let Some(e) = self.phone_run(i) {
            return e;
        }
        let money = if self.t[i].k == K::Num || self.t[i].k == K::Word {
            self.currency_before(i).or_else(|| {
                if i > 1 && self.sym(i - 1, "-") && self.glued(i) && self.glued(i - 1) {
                    self.currency_before(i - 1)
                } else {
                    None
                }
            })
        } else {
            None
        };
        if money.is_none() && self.is_name_number(i) {
            return self.skip_glued(i);
        }
        let num = match self.parse_num(i, money.is_some()) {
            Parse::No => return i + 1,
            Parse::Skip(e) => return e,
            Parse::Num(n) => n,
        };
        match num.nk {
            NK::Ordinal => {
                self.push_simple(num.s, num.e, QuantityKind::Ordinal, Some(num.v));
                return num.e;
            }
            NK::Decade => {
                self.push_simple(num.s, num.e, QuantityKind::Year, Some(num.v));
                return num.e;
            }
            _ => {}
        }
        self.build(num, money)
    }

    /// Skips a number and whatever is glued to it ("F-16A", "555-0101").
    fn skip_glued(&self, i: usize) -> usize {
        let mut e = i + 1;
        while e < self.n() && self.glued(e) && !self.is(e, K::Sym)
            || (e + 1 < self.n()
                && self.glued(e)
                && self.dash(e)
                && self.glued(e + 1)
                && !self.is(e + 1, K::Sym))
        {
            e += 1;
        }
        e
    }

    /// A phone number: three or more digit groups joined by dashes, dots, spaces or
    /// parentheses, with at least seven digits and no word between.
    fn phone_run(&self, i: usize) -> Option<usize> {
        if !self.is(i, K::Num) {
            return None;
        }
        let mut groups = 0;
        let mut digits = 0;
        let mut j = i;
        let mut end = i;
        while j < self.n() {
            if self.is(j, K::Num) {
                let r = self.raw(j);
                if r.contains(',') || r.contains('.') {
                    break;
                }
                groups += 1;
                digits += r.len();
                end = j + 1;
                j += 1;
            } else if self.is(j, K::Sym) && matches!(self.raw(j), "-" | "." | "(" | ")") {
                j += 1;
            } else {
                break;
            }
        }
        let leading_plus = i > 0 && self.sym(i - 1, "+");
        // "07700 900123": a trunk prefix and a long subscriber number.
        if groups == 2 && digits >= 9 && self.raw(i).starts_with('0') {
            return Some(end);
        }
        if groups >= 3 && digits >= 7 || leading_plus && groups >= 2 && digits >= 7 {
            // "(202) 555-0101" style, or "+44 20 7946 0958"; but not a list of small numbers
            // or a date (dates are taken before this check).
            let all_short = (i..end)
                .filter(|&k| self.is(k, K::Num))
                .all(|k| self.raw(k).len() <= 2);
            if !all_short {
                return Some(end);
            }
        }
        None
    }

    /// True when the number at `i` is part of a name: "F-16", "G20", "Route 66", "S&P 500".
    fn is_name_number(&mut self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let p = i - 1;
        if self.is(i, K::Num) {
            if self.glued(i) && self.is(p, K::Word) {
                return true;
            }
            if self.glued(i) && self.dash(p) && p > 0 && self.glued(p) && self.is(p - 1, K::Word) {
                let w = self.lw(p - 1);
                return !matches!(
                    w,
                    "mid" | "pre" | "post" | "early" | "late" | "from" | "to" | "sub" | "minus"
                );
            }
            if self.sym(p, "#") || self.sym(p, "№") {
                return true;
            }
            // "ID.3", "v.2": a number glued by a dot to a word.
            if self.glued(i)
                && self.sym(p, ".")
                && self.glued(p)
                && p > 0
                && self.is(p - 1, K::Word)
            {
                return true;
            }
            if self.is(p, K::Word) {
                let raw = self.raw(p);
                // An acronym right before a number names an index or a model ("FTSE 100").
                if raw.len() >= 2
                    && raw.chars().all(|c| c.is_ascii_uppercase())
                    && !self.lx.unit_cs.contains_key(raw)
                    && !self.lx.unit_ci.contains_key(self.lw(p))
                {
                    return true;
                }
                // "S&P 500", "S P 500", "Note 20"-style single letters.
                if raw.len() == 1
                    && raw != "A"
                    && raw != "I"
                    && raw.chars().all(|c| c.is_ascii_uppercase())
                {
                    return true;
                }
            }
        }
        if self.is(p, K::Word) && self.cue_of(p) & role::NAME != 0 {
            // "in 10 years" is not a name; the name words are nouns.
            return true;
        }
        if p > 0 && self.sym(p, ".") && self.is(p - 1, K::Word) {
            let w = self.lw(p - 1);
            if matches!(w, "no" | "nos" | "vol" | "art" | "sec") {
                return true;
            }
        }
        false
    }

    /// A date at `i`: "Nov. 7, 2017", "7 November 2017", "July 2017", "2017-11-07", "7/11/2017".
    fn date_at(&mut self, i: usize) -> Option<usize> {
        let n = self.n();
        let year_at = |s: &Self, j: usize| -> bool {
            s.is(j, K::Num) && s.raw(j).len() == 4 && {
                let y: u32 = s.raw(j).parse().unwrap_or(0);
                (1000..=2200).contains(&y)
            }
        };
        let day_at = |s: &Self, j: usize| -> bool {
            s.is(j, K::Num) && s.raw(j).len() <= 2 && {
                let d: u32 = s.raw(j).parse().unwrap_or(0);
                (1..=31).contains(&d)
            }
        };
        if self.is(i, K::Word) {
            if !self.month_at(i) || !self.capitalized(i) {
                return None;
            }
            let mut j = i + 1;
            if self.sym(j, ".") && self.glued(j) {
                j += 1;
            }
            if day_at(self, j) && !(self.glued(j + 1) && self.is(j + 1, K::Num)) {
                j += 1;
                // "Sept. 20-24"
                if self.dash(j) && self.glued(j) && day_at(self, j + 1) && self.glued(j + 1) {
                    j += 2;
                }
                if self.is(j, K::Word)
                    && self.glued(j)
                    && matches!(self.lw(j), "st" | "nd" | "rd" | "th")
                {
                    j += 1;
                }
                if self.sym(j, ",") && year_at(self, j + 1) {
                    j += 2;
                } else if year_at(self, j) {
                    j += 1;
                }
                return Some(j);
            }
            if year_at(self, j) && self.raw(i).len() > 3 {
                return Some(j + 1);
            }
            return None;
        }
        if !self.is(i, K::Num) {
            return None;
        }
        // ISO and slashed dates.
        if i + 4 < n {
            let sep = self.raw(i + 1);
            if (sep == "-" || sep == "/" || sep == ".")
                && self.glued(i + 1)
                && self.is(i + 2, K::Num)
                && self.glued(i + 2)
                && self.raw(i + 3) == sep
                && self.glued(i + 3)
                && self.is(i + 4, K::Num)
                && self.glued(i + 4)
            {
                let (a, b, c) = (
                    self.raw(i).len(),
                    self.raw(i + 2).len(),
                    self.raw(i + 4).len(),
                );
                if (a == 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && (c == 4 || c == 2)) {
                    return Some(i + 5);
                }
            }
        }
        if day_at(self, i) {
            let mut j = i + 1;
            if self.is(j, K::Word)
                && self.glued(j)
                && matches!(self.lw(j), "st" | "nd" | "rd" | "th")
            {
                j += 1;
            }
            if self.word_is(j, "of") {
                j += 1;
            }
            if self.is(j, K::Word) && self.month_at(j) && self.capitalized(j) {
                j += 1;
                if self.sym(j, ".") && self.glued(j) {
                    j += 1;
                }
                if self.sym(j, ",") && year_at(self, j + 1) {
                    j += 2;
                } else if year_at(self, j) {
                    j += 1;
                }
                return Some(j);
            }
        }
        None
    }

    fn parse_num(&mut self, i: usize, money: bool) -> Parse {
        match self.t[i].k {
            K::Num => self.parse_digits(i, money),
            K::Sym => match vulgar(self.raw(i)) {
                Some(f) => Parse::Num(Num {
                    s: i,
                    e: i + 1,
                    v: f,
                    nk: NK::Fraction,
                    scale: 1.0,
                    digits: true,
                    int4: false,
                    word_one: false,
                }),
                None => Parse::No,
            },
            K::Word => self.parse_words(i),
        }
    }

    /// After a glued "m" or "b" with no currency: millions when a noun follows ("35m
    /// devices"), else metres/bits.
    fn scale_suffix_context(&mut self, j: usize) -> bool {
        if !self.is(j, K::Word) {
            return false;
        }
        let w = self.lw(j);
        if w == "of" {
            // "35m of its devices"
            return true;
        }
        if METRE_WORDS.contains(&w) {
            return false;
        }
        if self.lx.cue(w) & role::STOP != 0 {
            return false;
        }
        // "1.2m tons", "7m euros", "35m devices": a scale before a unit or a noun.
        true
    }

    fn parse_digits(&mut self, i: usize, money: bool) -> Parse {
        let n = self.n();
        let txt = self.raw(i);
        if txt.len() > 1 && txt.starts_with('0') && !txt[1..].starts_with('.') {
            return Parse::Skip(self.skip_glued(i));
        }
        let dots = txt.bytes().filter(|&b| b == b'.').count();
        if dots > 1 {
            return Parse::Skip(i + 1);
        }
        let Some(mut v) = parse_digits(txt) else {
            return Parse::Skip(i + 1);
        };
        let is_int = dots == 0;
        let has_comma = txt.contains(',');
        let int4 = is_int && !has_comma && txt.len() == 4;
        let mut e = i + 1;
        let mut nk = NK::Plain;
        if e < n && self.glued(e) {
            match self.t[e].k {
                K::Sym => {
                    let r = self.raw(e);
                    let r = if r == "⁄" { "/" } else { r };
                    if (r == ":" || r == "/") && self.is(e + 1, K::Num) && self.glued(e + 1) {
                        if r == ":" {
                            return Parse::Skip(self.skip_glued(e + 1));
                        }
                        let b = parse_digits(self.raw(e + 1)).unwrap_or(0.0);
                        let b_int = !self.raw(e + 1).contains('.');
                        // Only usual denominators: "3/4" is a fraction, "9/11" and "24/7" are not.
                        if is_int && b_int && v < b && FRACTION_DENOMINATORS.contains(&b) {
                            v /= b;
                            e += 2;
                            nk = NK::Fraction;
                        } else {
                            return Parse::Skip(e + 2);
                        }
                    }
                }
                K::Word => {
                    let w = self.lw(e);
                    if is_int && matches!(w, "st" | "nd" | "rd" | "th") {
                        return Parse::Num(Num {
                            s: i,
                            e: e + 1,
                            v,
                            nk: NK::Ordinal,
                            scale: 1.0,
                            digits: true,
                            int4: false,
                            word_one: false,
                        });
                    }
                    if int4 && w == "s" {
                        return Parse::Num(Num {
                            s: i,
                            e: e + 1,
                            v,
                            nk: NK::Decade,
                            scale: 1.0,
                            digits: true,
                            int4: false,
                            word_one: false,
                        });
                    }
                    if is_int && w == "s" {
                        // "the 80s": a decade written short; not a quantity.
                        return Parse::Skip(e + 1);
                    }
                }
                K::Num => {}
            }
        }
        if nk == NK::Plain && e < n && self.glued(e) {
            if let Some(f) = vulgar(self.raw(e)) {
                v += f;
                e += 1;
                nk = NK::Fraction;
            }
        }
        // "10 1/2"
        if is_int
            && nk == NK::Plain
            && e + 2 < n
            && !self.glued(e)
            && self.is(e, K::Num)
            && self.sym(e + 1, "/")
            && self.glued(e + 1)
            && self.is(e + 2, K::Num)
            && self.glued(e + 2)
        {
            let a = parse_digits(self.raw(e)).unwrap_or(0.0);
            let b = parse_digits(self.raw(e + 2)).unwrap_or(0.0);
            if a < b && FRACTION_DENOMINATORS.contains(&b) {
                v += a / b;
                e += 3;
            }
        }
        // "4e14", "9.83e-3"
        if nk == NK::Plain && self.is(e, K::Word) && self.glued(e) && self.lw(e) == "e" {
            let mut j = e + 1;
            let mut sign = 1.0;
            if (self.sym(j, "-") || self.sym(j, "−") || self.sym(j, "+")) && self.glued(j) {
                if !self.sym(j, "+") {
                    sign = -1.0;
                }
                j += 1;
            }
            if self.is(j, K::Num) && self.glued(j) && self.raw(j).len() <= 3 {
                let x: f64 = self.raw(j).parse().unwrap_or(0.0);
                v *= 10f64.powf(sign * x);
                e = j + 1;
            }
        }
        // "10 000 dollars": thousands grouped by spaces (also thin spaces).
        if nk == NK::Plain && is_int && !has_comma && txt.len() <= 3 {
            while self.is(e, K::Num)
                && !self.glued(e)
                && self.raw(e).len() == 3
                && self.raw(e).bytes().all(|b| b.is_ascii_digit())
                && !(self.is(e + 1, K::Num) && !self.glued(e + 1) && self.raw(e + 1).len() != 3)
                && !self.sym(e + 1, "/")
            {
                v = v * 1000.0 + parse_digits(self.raw(e)).unwrap_or(0.0);
                e += 1;
            }
        }
        // "1.99×10−30", "2.998 x 10^8"
        if nk == NK::Plain
            && (self.sym(e, "×") || self.word_is(e, "x"))
            && self.is(e + 1, K::Num)
            && self.raw(e + 1) == "10"
        {
            let mut j = e + 2;
            if self.sym(j, "^") && self.glued(j) {
                j += 1;
            }
            let mut sign = 1.0;
            if (self.sym(j, "-") || self.sym(j, "−")) && self.glued(j) {
                sign = -1.0;
                j += 1;
            }
            if self.is(j, K::Num) && self.glued(j) && !self.raw(j).contains(['.', ',']) {
                let x: f64 = self.raw(j).parse().unwrap_or(0.0);
                v *= 10f64.powf(sign * x);
                e = j + 1;
            }
        }
        let mut scale = 1.0;
        loop {
            if !self.is(e, K::Word) {
                break;
            }
            let w = self.lw(e);
            let g = self.glued(e);
            // One lookup for all the classes tested below.
            let classes = self.lx.number(w);
            let class = |c: NumClass| classes.iter().find(|(_, x)| *x == c).map(|(v, _)| *v);
            if let Some(s) = class(NumClass::Scale).or_else(|| class(NumClass::Hundred)) {
                scale *= s;
                e += 1;
                continue;
            }
            if w == "dozen" {
                scale *= 12.0;
                e += 1;
                continue;
            }
            if scale == 1.0 {
                if let Some(s) = class(NumClass::Suffix) {
                    let ok = if g {
                        match w {
                            "m" => money || self.scale_suffix_context(e + 1),
                            // "1500b" is bits, "$3b" and "$2.174T" are money.
                            "b" | "t" => money,
                            _ => true,
                        }
                    } else {
                        matches!(w, "bn" | "mn" | "mln" | "bln" | "tn" | "trn")
                    };
                    if ok {
                        scale *= s;
                        e += 1;
                        continue;
                    }
                }
            }
            break;
        }
        v *= scale;
        Parse::Num(Num {
            s: i,
            e,
            v,
            nk,
            scale,
            digits: true,
            int4: int4 && scale == 1.0 && nk == NK::Plain,
            word_one: false,
        })
    }

    fn parse_words(&mut self, i: usize) -> Parse {
        let n = self.n();
        let lx = self.lx;
        let w0 = self.lw(i);
        if let Some(s0) = lx.num_class(w0, NumClass::Vague) {
            let mut s = s0;
            let mut e = i + 1;
            if self.word_is(e, "of") {
                if let Some(s2) = self.num_class_at(e + 1, NumClass::Vague) {
                    if s2 > s0 {
                        s *= s2;
                        e += 2;
                    }
                }
            }
            if e == i + 1 && (w0 == "tens" || w0 == "scores" && !self.word_is(e, "of")) {
                return Parse::No;
            }
            return Parse::Num(Num {
                s: i,
                e,
                v: s,
                nk: NK::Vague,
                scale: 1.0,
                digits: false,
                int4: false,
                word_one: false,
            });
        }
        let mut j = i;
        let mut cur = 0.0f64;
        let mut total = 0.0f64;
        let mut any = false;
        let mut last: Option<NumClass> = None;
        let mut nk = NK::Plain;
        let mut scaled = 1.0;
        if w0 == "a" || w0 == "an" {
            let w1 = self.lw(i + 1);
            if !self.is(i + 1, K::Word) {
                return Parse::No;
            }
            let classes = lx.number(w1);
            let has = |c: NumClass| classes.iter().any(|(_, x)| *x == c);
            if classes.is_empty() {
                // Most words after an article are no number words.
                return Parse::No;
            }
            if has(NumClass::Hundred) || has(NumClass::Scale) || has(NumClass::Dozen) {
                cur = 1.0;
                j = i + 1;
                last = Some(NumClass::Digit);
                any = true;
            } else if let Some(den) = lx.num_class(w1, NumClass::Fraction) {
                // "a third of", "a half", "a quarter mile".
                let next = i + 2;
                let ok = self.word_is(next, "of")
                    || next >= n
                    || self.is(next, K::Sym)
                    || self.num_class_at(next, NumClass::Scale).is_some();
                let ok = ok || self.unit_at(next).is_some();
                // "a third-party evaluation"
                let compound = self.sym(next, "-") && self.glued(next);
                if !ok || compound || w1.ends_with('s') {
                    return Parse::No;
                }
                let mut v = 1.0 / den;
                let mut e = next;
                if let Some(sc) = self.num_class_at(e, NumClass::Scale) {
                    v *= sc;
                    e += 1;
                }
                return Parse::Num(Num {
                    s: i,
                    e,
                    v,
                    nk: if e > next { NK::Plain } else { NK::Fraction },
                    scale: 1.0,
                    digits: false,
                    int4: false,
                    word_one: false,
                });
            } else {
                return Parse::No;
            }
        }
        if (w0 == "half" || w0 == "quarter") && self.is(i + 1, K::Word) {
            if let Some(sc) = self.num_class_at(i + 1, NumClass::Scale) {
                let f = if w0 == "half" { 0.5 } else { 0.25 };
                return Parse::Num(Num {
                    s: i,
                    e: i + 2,
                    v: f * sc,
                    nk: NK::Plain,
                    scale: sc,
                    digits: false,
                    int4: false,
                    word_one: false,
                });
            }
        }
        if w0 == "half" {
            // "the second half of the game" is a part, not a figure.
            if i > 0
                && (self.word_is(i - 1, "the")
                    || self.num_class_at(i - 1, NumClass::Ordinal).is_some())
            {
                return Parse::No;
            }
            // "half of the city", "half a million", "half a dozen"
            if self.word_is(i + 1, "a") && self.word_is(i + 2, "dozen") {
                return Parse::Num(Num {
                    s: i,
                    e: i + 3,
                    v: 6.0,
                    nk: NK::Plain,
                    scale: 1.0,
                    digits: false,
                    int4: false,
                    word_one: false,
                });
            }
            if self.word_is(i + 1, "a") {
                if let Some(sc) = self.num_class_at(i + 2, NumClass::Scale) {
                    return Parse::Num(Num {
                        s: i,
                        e: i + 3,
                        v: 0.5 * sc,
                        nk: NK::Plain,
                        scale: sc,
                        digits: false,
                        int4: false,
                        word_one: false,
                    });
                }
            }
            if self.word_is(i + 1, "of") || self.word_is(i + 1, "the") {
                return Parse::Num(Num {
                    s: i,
                    e: i + 1,
                    v: 0.5,
                    nk: NK::Fraction,
                    scale: 1.0,
                    digits: false,
                    int4: false,
                    word_one: false,
                });
            }
            return Parse::No;
        }
        if any {
            j += 0;
        }
        while j < n {
            if !self.is(j, K::Word) {
                if any
                    && self.sym(j, "-")
                    && self.glued(j)
                    && self.is(j + 1, K::Word)
                    && self.glued(j + 1)
                    && self.number_word_at(j + 1)
                {
                    j += 1;
                    continue;
                }
                break;
            }
            let w = self.lw(j);
            let Some(entries) = lx.numbers.get(w) else {
                if w == "and"
                    && any
                    && matches!(last, Some(NumClass::Hundred | NumClass::Scale))
                    && self.is(j + 1, K::Word)
                    && [NumClass::Digit, NumClass::Teen, NumClass::Tens]
                        .iter()
                        .any(|&c| self.num_class_at(j + 1, c).is_some())
                {
                    j += 1;
                    continue;
                }
                break;
            };
            let has = |c: NumClass| entries.iter().find(|(_, x)| *x == c).map(|(v, _)| *v);
            let after_unitish =
                matches!(last, None | Some(NumClass::Hundred) | Some(NumClass::Scale));
            if let (Some(v), true) = (
                has(NumClass::Digit),
                after_unitish || last == Some(NumClass::Tens),
            ) {
                cur += v;
                last = Some(NumClass::Digit);
            } else if let (Some(v), true) = (has(NumClass::Teen), after_unitish) {
                cur += v;
                last = Some(NumClass::Teen);
            } else if let (Some(v), true) = (has(NumClass::Tens), after_unitish) {
                cur += v;
                last = Some(NumClass::Tens);
            } else if let (Some(v), true) = (has(NumClass::Hundred), any) {
                cur = cur.max(1.0) * v;
                last = Some(NumClass::Hundred);
            } else if let (Some(v), true) = (has(NumClass::Scale), any) {
                total += cur.max(1.0) * v;
                scaled *= v;
                cur = 0.0;
                last = Some(NumClass::Scale);
            } else if let (Some(v), true) = (has(NumClass::Dozen), any) {
                cur = cur.max(1.0) * v;
                last = Some(NumClass::Dozen);
            } else if let (Some(den), Some(NumClass::Digit)) = (has(NumClass::Fraction), last) {
                // "two-thirds", "three quarters", "one half"
                if total == 0.0 && cur <= 10.0 {
                    cur /= den;
                    nk = NK::Fraction;
                    j += 1;
                    any = true;
                    break;
                }
                break;
            } else if let Some(v) = has(NumClass::Ordinal) {
                match last {
                    None => {
                        cur = v;
                        nk = NK::Ordinal;
                        j += 1;
                        any = true;
                        break;
                    }
                    Some(NumClass::Tens) | Some(NumClass::Hundred) | Some(NumClass::Scale) => {
                        cur += v;
                        nk = NK::Ordinal;
                        j += 1;
                        break;
                    }
                    _ => break,
                }
            } else {
                break;
            }
            any = true;
            j += 1;
        }
        if !any {
            return Parse::No;
        }
        // Do not keep a trailing hyphen joiner.
        let mut v = total + cur;
        // "two and a half", "five and a quarter"
        if nk == NK::Plain
            && self.word_is(j, "and")
            && (self.word_is(j + 1, "a") || self.word_is(j + 1, "one"))
        {
            if let Some(den) = self.num_class_at(j + 2, NumClass::Fraction) {
                if !self.lw(j + 2).ends_with('s') {
                    v += 1.0 / den;
                    j += 3;
                }
            }
        }
        Parse::Num(Num {
            s: i,
            e: j,
            v,
            nk,
            scale: scaled,
            digits: false,
            int4: false,
            word_one: j == i + 1 && w0 == "one",
        })
    }

    fn push_simple(&mut self, s: usize, e: usize, kind: QuantityKind, value: Option<f64>) {
        let span = Span::new(self.t[s].s, self.t[e - 1].e);
        self.out.push(Quantity {
            span,
            value,
            kind,
            ..Quantity::default()
        });
    }

    /// The unit after a number at `j`: ids, start and end. Handles "3-inch", "of" after vague
    /// plurals ("hundreds of miles").
    fn unit_after(&mut self, j: usize, vague: bool) -> Option<(&'a [u16], usize)> {
        if let Some(r) = self.unit_at(j) {
            return Some(r);
        }
        if self.sym(j, "-") && self.glued(j) && self.glued(j + 1) && self.is(j + 1, K::Word) {
            if let Some(r) = self.unit_at(j + 1) {
                return Some(r);
            }
        }
        if vague && self.word_is(j, "of") {
            if let Some(r) = self.unit_at(j + 1) {
                return Some(r);
            }
        }
        None
    }

    /// The counted noun after a number at `j`: its piece index.
    ///
    /// The head is the first plural within four words ("21 ISIS fighters"); for "one" the
    /// first lower-case word that does not look like an adjective ("one particular demand");
    /// failing both, a lower-case noun used as a modifier ("a 12 page document").
    fn count_noun(&mut self, j: usize, one: bool, vague: bool) -> Option<usize> {
        let n = self.n();
        let mut k = j;
        if vague && self.word_is(k, "of") {
            k += 1;
        }
        // "a four-cylinder engine", "a 12-page document": the noun glued by a hyphen.
        if !vague
            && self.sym(k, "-")
            && self.glued(k)
            && self.is(k + 1, K::Word)
            && self.glued(k + 1)
            && !self.capitalized(k + 1)
            && self.cue_of(k + 1) & role::STOP == 0
            && !(self.sym(k + 2, "-") && self.glued(k + 2))
        {
            return Some(k + 1);
        }
        let mut words = 0;
        let mut first_lower = None;
        while k < n && words < 4 {
            // A line break ends a noun phrase (table rows, headlines).
            if k > 0 && self.text[self.t[k - 1].e..self.t[k].s].contains('\n') {
                break;
            }
            if !self.is(k, K::Word) {
                if words > 0
                    && self.sym(k, "-")
                    && self.glued(k)
                    && self.is(k + 1, K::Word)
                    && self.glued(k + 1)
                {
                    k += 1;
                    continue;
                }
                break;
            }
            let w = self.lw(k);
            let r = self.lx.cue(w);
            if r & role::STOP != 0 || self.lx.is_month(w) {
                break;
            }
            let compound_next = self.sym(k + 1, "-") && self.glued(k + 1) && self.glued(k + 2);
            if words == 0 && self.lx.is_number_word(w) && !compound_next {
                return None;
            }
            let plural = r & role::PLURAL != 0 || looks_plural(w) || plural_men(w);
            // "two Euphrates Valley towns": a capitalized name ending in -s inside a longer
            // noun phrase is a modifier.
            let name_inside = self.capitalized(k)
                && self.is(k + 1, K::Word)
                && self.cue_of(k + 1) & role::STOP == 0;
            if !compound_next && plural && !name_inside {
                return Some(k);
            }
            let lower = !self.capitalized(k);
            if one && !compound_next && lower && !looks_adjective(w) {
                return Some(k);
            }
            if words == 0 && lower && !compound_next && w.len() >= 3 {
                first_lower = Some(k);
            }
            words += 1;
            k += 1;
        }
        if words >= 2 && !one {
            return first_lower;
        }
        None
    }

    /// The second end of a range after a number ending at `e`: (number, currency start, end).
    fn range_second(&mut self, e: usize, between: bool) -> Option<(Num, usize)> {
        // "8- to 16-meter": a suspended hyphen before "to" ("7- or 8-inch" are two sizes).
        let e = if self.sym(e, "-")
            && self.glued(e)
            && self.is(e + 1, K::Word)
            && self.lw(e + 1) == "to"
        {
            e + 1
        } else {
            e
        };
        let conn_dash = self.dash(e);
        let w = if self.is(e, K::Word) { self.lw(e) } else { "" };
        let ok = conn_dash
            || w == "to"
            || (w == "and" && between)
            || (w == "or"
                && !matches!(
                    self.lw(e + 1),
                    "more" | "less" | "fewer" | "so" | "above" | "over" | "under" | "below"
                ));
        if !ok {
            return None;
        }
        let mut j = e + 1;
        let money = self.currency_before_at(j);
        if let Some(mj) = money {
            j = mj;
        }
        if !(self.is(j, K::Num) || self.is(j, K::Word)) {
            return None;
        }
        if self.is(j, K::Word) && !self.number_word_at(j) && self.lw(j) != "a" {
            return None;
        }
        match self.parse_num(j, money.is_some()) {
            Parse::Num(n) if matches!(n.nk, NK::Plain | NK::Fraction) => Some((n, j)),
            _ => None,
        }
    }

    /// A currency symbol starting at `j` and followed by a number: where the number starts.
    fn currency_before_at(&mut self, j: usize) -> Option<usize> {
        if let Some((ids, e)) = self.unit_at(j) {
            let code = e == j + 1
                && self.raw(j).len() <= 3
                && self.raw(j).chars().all(|c| c.is_ascii_uppercase());
            if self.lx.units[ids[0] as usize].dimension == "currency"
                && (self.is(e, K::Num))
                && ((j..e).any(|k| self.is(k, K::Sym)) || code)
            {
                return Some(e);
            }
        }
        None
    }

    fn build(&mut self, num: Num, money: Option<(&'a [u16], usize)>) -> usize {
        let n = self.n();
        let lx = self.lx;
        let mut start = num.s;
        let mut neg = false;
        let mut plus = false;
        if money.is_none() && !num.digits && num.s > 0 && self.word_is(num.s - 1, "minus") {
            neg = true;
            start = num.s - 1;
        }
        if money.is_none() && num.digits && num.s > 0 {
            let p = num.s - 1;
            if self.sym(p, "+") && self.glued(num.s) && (p == 0 || self.t[p].sp) {
                plus = true;
                start = p;
            } else if (self.sym(p, "-") || self.sym(p, "−"))
                && self.glued(num.s)
                && (p == 0 || self.t[p].sp || self.sym(p - 1, "("))
                || self.word_is(p, "minus")
            {
                neg = true;
                start = p;
            } else if self.sym(p, "-")
                && self.glued(num.s)
                && self.glued(p)
                && self.word_is(p.wrapping_sub(1), "minus")
            {
                // "minus-130 degrees"
                neg = true;
                start = p - 1;
            }
        }
        if let Some((_, ps)) = money {
            start = ps;
            // "$-50.8bn"
            if num.s > ps + 1 && self.sym(num.s - 1, "-") && self.glued(num.s) {
                neg = true;
            }
        }
        let mut v = if neg { -num.v } else { num.v };
        let sign: i8 = if plus {
            1
        } else if neg {
            -1
        } else {
            0
        };
        let mut e = num.e;

        // A glued letter run that is neither unit nor scale makes a name ("5G", "3D").
        if num.digits && self.is(e, K::Word) && self.glued(e) && self.unit_at(e).is_none() {
            return self.skip_glued(num.s);
        }

        // "1400 GMT", "0600 local time": a time of day, not a year or a count.
        if num.int4 && money.is_none() && v <= 2400.0 {
            let (r, ce) = self.cue_at(e);
            if r & role::CLOCK != 0 && !matches!(self.lw(e), "am" | "pm" | "a") {
                return ce;
            }
        }
        // Years: a bare four-digit integer in year context, or with nothing counted after it.
        if num.int4 && money.is_none() && !neg && (1000.0..=2200.0).contains(&v) {
            let (r, _) = self.cue_before(start, role::YEAR_BEFORE);
            // "about 2000 - 2500 Calories" is a range of a unit, not a year.
            let second = self.range_second(e, true);
            let unit_range = match second {
                Some((hi, _)) => hi.v > v && self.unit_after(hi.e, false).is_some(),
                None => false,
            };
            // "between 1600 and 1900", "from 1990 to 2005": a span of years, unless the
            // second end counts something ("from 1000 to 2000 hires").
            let year_span = match second {
                Some((hi, _)) if hi.int4 && hi.v > v && hi.v <= 2100.0 && !unit_range => {
                    let counted2 = self.count_noun(hi.e, false, false).is_some();
                    (!counted2).then_some(hi)
                }
                _ => None,
            };
            let month_before = start > 0 && self.month_at(start - 1);
            // Four-digit counts of this size are rare in news ("2018 sales" is a year); a
            // unit still wins ("2,000km" has a comma, "2000 km" has a unit).
            let modern = (1900.0..=2100.0).contains(&v);
            let counted = self.unit_after(e, false).is_some()
                || (!modern && self.count_noun(e, false, false).is_some());
            let plausible = r != 0 || v <= 2100.0;
            // Before 1900 a bare four-digit number is a year only in year context ("in 1907").
            let bare_ok = modern && !counted;
            if !unit_range
                && plausible
                && (r != 0
                    || month_before
                    || bare_ok
                    || year_span.is_some()
                    || self.sym(start.wrapping_sub(1), "'"))
            {
                let mut qe = e;
                let mut q = Quantity {
                    value: Some(v),
                    kind: QuantityKind::Year,
                    ..Quantity::default()
                };
                let mut start = start;
                if let Some(hi) = year_span {
                    q.value = None;
                    q.low = Some(v);
                    q.high = Some(hi.v);
                    q.bound = Bound::Range;
                    qe = hi.e;
                    if start > 0 && matches!(self.lw(start - 1), "between" | "from") {
                        start -= 1;
                    }
                }
                // "2016-2017", "2014-15"
                if self.dash(e) && self.glued(e) && self.is(e + 1, K::Num) && self.glued(e + 1) {
                    let r2 = self.raw(e + 1);
                    if r2.len() == 4 || r2.len() == 2 {
                        let hi: f64 = r2.parse().unwrap_or(0.0);
                        let hi = if r2.len() == 2 {
                            (v / 100.0).floor() * 100.0 + hi
                        } else {
                            hi
                        };
                        if hi > v {
                            q.value = None;
                            q.low = Some(v);
                            q.high = Some(hi);
                            q.bound = Bound::Range;
                            qe = e + 2;
                        }
                    }
                }
                q.span = Span::new(self.t[start].s, self.t[qe - 1].e);
                self.out.push(q);
                return qe;
            }
        }

        // Clock times: "5 pm", "10 a.m.", "9 GMT".
        if num.digits && v <= 24.0 && money.is_none() {
            let (r, ce) = self.cue_at(e);
            if r & role::CLOCK != 0 {
                return ce;
            }
        }

        // Scores: "won 3-1", "a 2-0 victory".
        if num.digits
            && self.dash(e)
            && self.glued(e)
            && self.is(e + 1, K::Num)
            && self.glued(e + 1)
        {
            let b = parse_digits(self.raw(e + 1)).unwrap_or(0.0);
            let small = v.fract() == 0.0 && b.fract() == 0.0 && v <= 200.0 && b <= 200.0;
            let cue_near = (start.saturating_sub(3)..start)
                .any(|k| self.is(k, K::Word) && self.cue_of(k) & role::SCORE != 0)
                || (e + 2..(e + 4).min(n))
                    .any(|k| self.is(k, K::Word) && self.cue_of(k) & role::SCORE != 0);
            if small && (v >= b || cue_near) {
                return e + 2;
            }
        }

        // Ranges.
        let mut low = None;
        let mut high = None;
        let mut is_range = false;
        let mut split_from: Option<(f64, usize, usize)> = None; // value, start, end pieces
        let mut range_start = start;
        let between = start > 0 && self.word_is(start - 1, "between");
        let from = start > 0 && self.word_is(start - 1, "from");
        if matches!(num.nk, NK::Plain | NK::Fraction) {
            let mut second = self.range_second(e, between);
            if second.is_none() {
                // "between 15kHz and 17kHz", "5 km to 10 km": the unit on both ends.
                if let Some((ids, ue)) = self.unit_after(e, false) {
                    if let Some((hi, hs)) = self.range_second(ue, between) {
                        if self
                            .unit_after(hi.e, false)
                            .is_some_and(|(ids2, _)| ids2 == ids)
                        {
                            second = Some((hi, hs));
                        }
                    }
                }
            }
            // "increased by $43.6 billion to $419.2 billion": a change, then a level.
            if let Some((hi, _)) = second {
                let by = start > 0 && self.word_is(start - 1, "by");
                let to_before = (hi.s > 0 && self.word_is(hi.s - 1, "to"))
                    || (hi.s > 1 && self.word_is(hi.s - 2, "to"));
                if by && to_before && hi.v > 2.0 * v.abs() {
                    second = None;
                }
            }
            if let Some((hi, _hstart)) = second {
                let mut lo = v;
                // "four to five thousand", "$10-15 million": the scale of the second end.
                if num.scale == 1.0 && hi.scale > 1.0 && lo * hi.scale <= hi.v {
                    lo *= hi.scale;
                }
                let conn_is_to =
                    self.word_is(e, "to") || self.word_is(hi.s.saturating_sub(1), "to");
                let change_before = from && {
                    let (r, _) = self.cue_before(start - 1, role::CHANGE);
                    r != 0
                };
                if from && conn_is_to && change_before {
                    split_from = Some((lo, start, e));
                    start = hi.s;
                    if let Some((_, ms)) = self.currency_before_opt(hi.s) {
                        start = ms;
                    }
                    v = hi.v;
                    e = hi.e;
                } else if lo < hi.v || between {
                    low = Some(lo);
                    high = Some(hi.v);
                    is_range = true;
                    e = hi.e;
                    if between || from {
                        range_start = start - 1;
                    }
                }
            }
        }

        // Unit, counted noun, or bare number.
        let vague = num.nk == NK::Vague;
        let mut unit: Option<u16> = None;
        let mut noun: Option<String> = None;
        let mut qe = e;
        let scaled = num.scale > 1.0;
        // "Ahmed al-Assadi, 44, said": an age in apposition to a name.
        let appositive_age = num.digits
            && money.is_none()
            && !is_range
            && v.fract() == 0.0
            && (1.0..=120.0).contains(&v)
            && start > 1
            && (self.sym(start - 1, ",") && self.sym(e, ",")
                || self.sym(start - 1, "(") && self.sym(e, ")") && v >= 15.0)
            && self.is(start - 2, K::Word)
            && self.capitalized(start - 2);
        let age_word = start > 0
            && matches!(self.lw(start - 1), "aged" | "age")
            && self.is(start - 1, K::Word);
        if let Some((ids, _)) = money {
            unit = Some(ids[0]);
        } else if appositive_age || age_word && self.unit_after(e, false).is_none() {
            unit = lx
                .units
                .iter()
                .position(|u| u.canonical == "year")
                .map(|p| p as u16);
        } else if let Some((ids, ue)) = self.unit_after(e, vague) {
            unit = Some(self.choose(ids, scaled, e));
            qe = ue;
        }
        // Compound units: "per day", "/h", "a year".
        if let Some(u) = unit {
            if let Some((u2, ce)) = self.compound(u, qe) {
                let (name, dim, f, si) = self.compound_parts(u, u2);
                return self.finish(
                    Finish {
                        start,
                        range_start,
                        e: ce,
                        v,
                        low,
                        high,
                        is_range,
                        vague,
                        nk: num.nk,
                        split_from,
                        sign,
                        digits: num.digits,
                    },
                    Some((name, dim, f, si)),
                    None,
                );
            }
        }
        if unit.is_none() && num.nk != NK::Fraction {
            if let Some(k) = self.count_noun(e, num.word_one || v == 1.0, vague) {
                // "booby-traps": the noun keeps the words hyphened to its head.
                let mut ns = k;
                while ns >= 2
                    && self.sym(ns - 1, "-")
                    && self.glued(ns)
                    && self.glued(ns - 1)
                    && self.is(ns - 2, K::Word)
                    && ns - 2 >= e
                {
                    ns -= 2;
                }
                // "517 rushing yards": the head is a unit after all.
                if let Some((ids, ue)) = self.unit_at(k) {
                    if ue == k + 1
                        && !self.capitalized(k)
                        && lx.units[ids[0] as usize].dimension != "currency"
                        && lx.units[ids[0] as usize].dimension != "percent"
                    {
                        unit = Some(self.choose(ids, scaled, e));
                    }
                }
                if unit.is_none() {
                    noun = Some(self.text[self.t[ns].s..self.t[k].e].to_string());
                }
                qe = k + 1;
            } else if num.word_one {
                return e;
            }
        }
        // "3 dollars 50 cents", "5 feet 2 inches": a minor unit completes the figure.
        if let (Some(u), false, false) = (unit, is_range, vague) {
            if let Some((add, end)) = self.minor_part(u, qe) {
                v += add;
                qe = end;
            }
        }
        let unit_parts = unit.map(|u| {
            let un = &lx.units[u as usize];
            (
                un.canonical.clone(),
                un.dimension.clone(),
                un.factor.map(|f| (f, un.offset)),
                un.si_unit.clone(),
            )
        });
        self.finish(
            Finish {
                start,
                range_start,
                e: qe,
                v,
                low,
                high,
                is_range,
                vague,
                nk: num.nk,
                split_from,
                sign,
                digits: num.digits,
            },
            unit_parts,
            noun,
        )
    }

    /// A bare figure after a figure with a unit takes that unit: "435 homes by sale and 187
    /// by tender", "84.75 cents, the lowest 74.07". Only for figures of like size.
    fn inherit_unit(&self, q: &mut Quantity) {
        let Some(prev) = self.out[self.first..]
            .iter()
            .rev()
            .filter(|p| p.conversion_of.is_none())
            .find(|p| {
                matches!(
                    p.kind,
                    QuantityKind::Quantity
                        | QuantityKind::Currency
                        | QuantityKind::Percent
                        | QuantityKind::Count
                )
            })
        else {
            return;
        };
        if prev.unit.is_none() && prev.noun.is_none() || prev.unit.as_deref() == Some("fraction") {
            return;
        }
        let (Some(pv), Some(v)) = (prev.value.or(prev.high), q.value.or(q.high)) else {
            return;
        };
        // "rose 8.15% to 3.65": the level after a percentage move is not a percentage.
        if prev.kind == QuantityKind::Percent && prev.change.is_some() {
            return;
        }
        let ratio = if pv != 0.0 { (v / pv).abs() } else { 0.0 };
        if !(0.01..=100.0).contains(&ratio) {
            return;
        }
        q.unit = prev.unit.clone();
        q.dimension = prev.dimension.clone();
        q.noun = prev.noun.clone();
        q.kind = prev.kind;
        if let (Some(ps), Some(pvv), Some(vv)) = (prev.si_value, prev.value, q.value) {
            if pvv != 0.0 && prev.dimension.as_deref() != Some("temperature") {
                q.si_value = Some(vv * ps / pvv);
                q.si_unit = prev.si_unit.clone();
            }
        }
    }

    /// A minor unit after a major one: its share of the major unit and where it ends.
    fn minor_part(&mut self, major: u16, at: usize) -> Option<(f64, usize)> {
        let name = self.lx.units[major as usize].canonical.as_str();
        let (_, minor, per) = PAIRS.iter().find(|(m, _, _)| *m == name)?;
        let mut j = at;
        if self.word_is(j, "and") {
            j += 1;
        }
        if !(self.is(j, K::Num) || self.is(j, K::Word) && self.number_word_at(j)) {
            return None;
        }
        let Parse::Num(n) = self.parse_num(j, false) else {
            return None;
        };
        if n.nk != NK::Plain || n.scale != 1.0 || n.v >= *per {
            return None;
        }
        // "5 ft 2 in": a bare "in" is an inch only here, after feet.
        if *minor == "inch" && self.word_is(n.e, "in") && !self.is(n.e + 1, K::Word) {
            return Some((n.v / per, n.e + 1));
        }
        let (ids, ue) = self.unit_at(n.e)?;
        if ids
            .iter()
            .any(|&id| self.lx.units[id as usize].canonical == *minor)
        {
            Some((n.v / per, ue))
        } else {
            None
        }
    }

    fn currency_before_opt(&mut self, i: usize) -> Option<(&'a [u16], usize)> {
        self.currency_before(i)
    }

    /// "per day", "/h", "a year", "per share" after a unit ending at `e`.
    fn compound(&mut self, first: u16, e: usize) -> Option<(Option<u16>, usize)> {
        let per = self.word_is(e, "per") || self.sym(e, "/");
        let article = self.word_is(e, "a") || self.word_is(e, "an");
        if !per && !article {
            return None;
        }
        let j = e + 1;
        if let Some((ids, ue)) = self.unit_at(j) {
            let id = ids[0];
            let dim = &self.lx.units[id as usize].dimension;
            // "$52 a barrel", "5 percent a year"; but "10 km a day" only with time.
            let money = self.lx.units[first as usize].dimension == "currency";
            if article && dim != "time" && !money {
                return None;
            }
            // "a year earlier", "a year ago" date the figure; they do not divide it.
            if article
                && matches!(
                    self.lw(ue),
                    "earlier" | "ago" | "before" | "later" | "after"
                )
            {
                return None;
            }
            if dim == "currency" || dim == "percent" {
                return None;
            }
            return Some((Some(id), ue));
        }
        if self.word_is(e, "per") && self.is(j, K::Word) && self.cue_of(j) & role::STOP == 0 {
            return Some((None, j + 1));
        }
        None
    }

    /// Name, dimension, SI factor/offset and SI unit of a compound unit.
    #[allow(clippy::type_complexity)]
    fn compound_parts(
        &self,
        u: u16,
        u2: Option<u16>,
    ) -> (String, String, Option<(f64, f64)>, Option<String>) {
        let a = &self.lx.units[u as usize];
        match u2 {
            Some(u2) => {
                let b = &self.lx.units[u2 as usize];
                let f = match (a.factor, b.factor) {
                    (Some(x), Some(y)) if y != 0.0 && a.offset == 0.0 => Some((x / y, 0.0)),
                    _ => None,
                };
                let si = match (&a.si_unit, &b.si_unit) {
                    (Some(x), Some(y)) if f.is_some() => Some(format!("{x}/{y}")),
                    _ => None,
                };
                (
                    format!("{} per {}", a.canonical, b.canonical),
                    format!("{}/{}", a.dimension, b.dimension),
                    f,
                    si,
                )
            }
            None => (
                format!("{} per item", a.canonical),
                a.dimension.clone(),
                None,
                None,
            ),
        }
    }

    fn finish(&mut self, f: Finish, unit: Option<UnitParts>, noun: Option<String>) -> usize {
        let lx = self.lx;
        let n = self.n();
        let mut qe = f.e;
        let mut q = Quantity::default();
        // Per-item compounds name their item from the text ("per share").
        let unit = unit.map(|(name, dim, fac, si)| {
            if name.ends_with(" per item") {
                let item = singular(self.raw(qe - 1));
                (
                    name.replace(" per item", &format!(" per {item}")),
                    dim,
                    fac,
                    si,
                )
            } else {
                (name, dim, fac, si)
            }
        });
        let dim = unit.as_ref().map(|u| u.1.as_str());
        q.kind = match dim {
            Some("currency") => QuantityKind::Currency,
            Some(d) if d.starts_with("currency/") => QuantityKind::Currency,
            Some("percent") => QuantityKind::Percent,
            Some("time") => QuantityKind::Duration,
            Some(_) => QuantityKind::Quantity,
            None if noun.is_some() => QuantityKind::Count,
            None if f.nk == NK::Fraction => QuantityKind::Quantity,
            None => QuantityKind::Count,
        };
        // Ages and "ago".
        if q.kind == QuantityKind::Duration {
            let mut j = qe;
            if self.sym(j, "-") && self.glued(j) {
                j += 1;
            }
            let (r, ce) = self.cue_at(j);
            if r & role::OLD != 0 {
                qe = ce;
            } else if r & role::AGO != 0 {
                qe = ce;
                q.kind = QuantityKind::TimeAgo;
            }
        }
        // Bound cues before; "sub-7 nanometer" is below 7.
        let mut s0 = f.range_start.min(f.start);
        if s0 > 1 && self.sym(s0 - 1, "-") && self.glued(s0) && self.word_is(s0 - 2, "sub") {
            q.bound = Bound::LessThan;
        }
        let (r, cs) = self.cue_before(s0, role::BOUND);
        let mut hedged = false;
        if r != 0 {
            s0 = cs;
            q.bound = if r & role::APPROX != 0 {
                hedged = true;
                Bound::Approx
            } else if r & role::MORE_THAN != 0 {
                Bound::MoreThan
            } else if r & role::LESS_THAN != 0 {
                Bound::LessThan
            } else if r & role::AT_LEAST != 0 {
                Bound::AtLeast
            } else {
                Bound::AtMost
            };
        }
        // "or more", "or less", "500+".
        if self.word_is(qe, "or") || self.word_is(qe, "and") {
            match self.lw(qe + 1) {
                "more" | "above" | "over" | "greater" | "higher" => {
                    q.bound = Bound::AtLeast;
                    qe += 2;
                }
                "less" | "fewer" | "under" | "below" | "lower" => {
                    q.bound = Bound::AtMost;
                    qe += 2;
                }
                _ => {}
            }
        } else if self.sym(f.e, "+") && self.glued(f.e) && qe == f.e {
            q.bound = Bound::AtLeast;
            qe += 1;
        }
        // Movement before: "rose (sharply) (by) (about) 3%"; for "rose from 5 to 7" look
        // before "from".
        let mut p = match f.split_from {
            Some((_, ls, _)) if ls > 0 => ls - 1,
            _ => s0,
        };
        for _ in 0..2 {
            if p > 0 && self.is(p - 1, K::Word) {
                let w = self.lw(p - 1);
                if w == "by" || (w.len() > 4 && w.ends_with("ly") && lx.cue(w) == 0) {
                    p -= 1;
                }
            }
        }
        let (cr, _) = self.cue_before(p, role::CHANGE);
        // "troops advanced 30 km", "lost 21 fighters": verbs that also act on things move a
        // value only when the figure is a level (percent, money, points, mass, volume), not
        // a count, a distance, an area or a span of time.
        let physical = q.kind == QuantityKind::Count && noun.is_some()
            || matches!(dim, Some("length" | "area" | "time"));
        if cr & role::ACTION == 0 || !physical {
            if cr & role::UP != 0 {
                q.change = Some(Change::Up);
            } else if cr & role::DOWN != 0 {
                q.change = Some(Change::Down);
            }
        }
        // "... lost 190 points, or 0.6%": the apposition moves the same way.
        if let Some(last) = self.last {
            let mut k = s0;
            if k > 0 && self.word_is(k - 1, "or") {
                k -= 1;
                if k > 0 && self.sym(k - 1, ",") {
                    k -= 1;
                }
                if k == last.end_tok && q.change.is_none() {
                    q.change = self.out[last.idx].change;
                }
            }
        }
        // "a 3 percent drop"
        if q.change.is_none() && unit.is_some() {
            let art = (s0 > 0 && matches!(self.lw(s0 - 1), "a" | "an"))
                || (s0 > 1 && matches!(self.lw(s0 - 2), "a" | "an"));
            let mut j = qe;
            if self.sym(j, "-") && self.glued(j) {
                j += 1;
            }
            if art && self.is(j, K::Word) {
                let r = self.cue_of(j);
                if r & role::NOUN_UP != 0 {
                    q.change = Some(Change::Up);
                } else if r & role::NOUN_DOWN != 0 {
                    q.change = Some(Change::Down);
                }
            }
        }
        // Market tables: "Dow +0.2%", "DAX -1.6%".
        if q.change.is_none() && q.kind == QuantityKind::Percent {
            q.change = match f.sign {
                1 => Some(Change::Up),
                -1 => Some(Change::Down),
                _ => None,
            };
        }
        // Conversions: "320 kilometers (200 miles)", "(224 kW / 300 PS)".
        let mut conv = None;
        if let Some(last) = self.last {
            if unit.is_some() {
                if s0 > 0 && self.sym(s0 - 1, "(") && last.end_tok + 1 == s0 {
                    conv = Some(last.conv_of.unwrap_or(last.idx));
                } else if let Some(c) = last.conv_of {
                    if s0 > 0
                        && last.end_tok + 1 == s0
                        && (self.sym(s0 - 1, "/")
                            || self.sym(s0 - 1, ",")
                            || self.word_is(s0 - 1, "or"))
                    {
                        conv = Some(c);
                    }
                }
            }
        }
        if let Some(c) = conv {
            q.conversion_of = Some(c);
            if q.bound == Bound::Exact && !f.is_range {
                q.bound = self.out[c].bound;
            }
            if q.change.is_none() {
                q.change = self.out[c].change;
            }
        }
        // Values.
        if f.vague {
            q.value = None;
            q.low = Some(2.0 * f.v);
            q.bound = Bound::AtLeast;
        } else if f.is_range {
            q.value = None;
            q.low = f.low;
            q.high = f.high;
            q.approx = hedged;
            q.bound = Bound::Range;
        } else {
            q.value = Some(f.v);
        }
        if let Some((name, d, fac, si)) = unit {
            if let (Some((k, off)), Some(v)) = (fac, q.value) {
                q.si_value = Some(v * k + off);
            }
            if fac.is_some() {
                q.si_unit = si;
            }
            // An age reads better in years whatever unit was written.
            q.unit = Some(name);
            q.dimension = Some(d);
        } else if f.nk == NK::Fraction {
            q.unit = Some("fraction".to_string());
            q.dimension = Some("fraction".to_string());
        }
        q.noun = noun;
        if q.kind == QuantityKind::Count && q.noun.is_none() && f.nk == NK::Plain {
            self.inherit_unit(&mut q);
            // "the Big 12", "Apple Watch 5", "Planet 9": a bare number right after a
            // capitalized word inside a sentence names something.
            if q.kind == QuantityKind::Count
                && q.noun.is_none()
                && f.digits
                && q.bound == Bound::Exact
                && !f.is_range
                && s0 > 1
                && self.is(s0 - 1, K::Word)
                && self.raw(s0 - 1).chars().any(char::is_uppercase)
                && !self.month_at(s0 - 1)
                && self.cue_of(s0 - 1) == 0
            {
                return qe;
            }
            // "Dak Prescott (4)": a bare number in brackets after a name is a shirt or a
            // reference number (ages are taken before this).
            if q.kind == QuantityKind::Count
                && q.noun.is_none()
                && f.digits
                && s0 > 1
                && self.sym(s0 - 1, "(")
                && self.sym(qe, ")")
                && self.is(s0 - 2, K::Word)
                && self.capitalized(s0 - 2)
            {
                return qe;
            }
        }
        // "rose from 5 to 7 percent": the first figure, with the unit of the second.
        if let Some((lv, ls, le)) = f.split_from {
            let mut first = q.clone();
            first.value = Some(lv);
            first.low = None;
            first.high = None;
            first.bound = Bound::Exact;
            first.conversion_of = None;
            if let (Some(u), Some(sv)) = (&q.unit, q.si_value) {
                let _ = u;
                let ratio = if f.v != 0.0 { sv / f.v } else { 0.0 };
                first.si_value = if f.v != 0.0 && q.dimension.as_deref() != Some("temperature") {
                    Some(lv * ratio)
                } else {
                    None
                };
            }
            first.span = Span::new(self.t[ls].s, self.t[le - 1].e);
            self.out.push(first);
        }
        let s_final = if f.split_from.is_some() {
            f.start.min(s0.max(f.start))
        } else {
            s0
        };
        // "1e999" overflows: no figure is better than an infinite one.
        if [q.value, q.low, q.high, q.si_value]
            .into_iter()
            .flatten()
            .any(|x| !x.is_finite())
        {
            return qe;
        }
        q.span = Span::new(self.t[s_final].s, self.t[qe - 1].e);
        let _ = n;
        self.out.push(q);
        self.last = Some(Last {
            idx: self.out.len() - 1,
            end_tok: qe,
            conv_of: conv,
        });
        qe
    }
}

/// A resolved unit: canonical name, dimension, SI factor and offset, SI unit.
type UnitParts = (String, String, Option<(f64, f64)>, Option<String>);

/// What `build` hands to `finish`.
struct Finish {
    start: usize,
    range_start: usize,
    e: usize,
    v: f64,
    low: Option<f64>,
    high: Option<f64>,
    is_range: bool,
    vague: bool,
    nk: NK,
    split_from: Option<(f64, usize, usize)>,
    /// An explicit sign: +1 for "+0.2%", -1 for "-1.3%", 0 for none.
    sign: i8,
    /// Written in digits.
    digits: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `may_hold_figure` as first written: byte by byte, in order.
    fn naive(lx: &Lexicon, text: &[u8]) -> bool {
        let mut i = 0;
        while i < text.len() {
            if text[i].is_ascii_alphabetic() {
                let w = i;
                while i < text.len() && text[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let word = std::str::from_utf8(&text[w..i])
                    .unwrap()
                    .to_ascii_lowercase();
                match lx.fast.sentence_words.get(&word) {
                    Some(&caps_only) if !caps_only || text[w].is_ascii_uppercase() => return true,
                    _ => continue,
                }
            }
            if text[i].is_ascii_digit() || fraction_at(text, i, text.len()) {
                return true;
            }
            i += 1;
        }
        false
    }

    #[test]
    fn digits_are_found_in_every_lane() {
        for c in 0..=255u8 {
            for at in 0..17 {
                let mut t = vec![b'x'; 17];
                t[at] = c;
                assert_eq!(
                    has_digit(&t, 0, t.len()),
                    c.is_ascii_digit(),
                    "{c:#x} at {at}"
                );
                assert!(!has_digit(&t, at + 1, t.len()));
            }
        }
    }

    #[test]
    fn the_sentence_filter_agrees_with_a_plain_scan() {
        let lx = Lexicon::bundled();
        let pieces = [
            "Iraqi", " ", "forces", "seven", "Seven", "may", "May", "march", "a", "an", "m", "bn",
            "dozens", ",", ".", "'", "’", "½", "\u{2153}", "\u{2190}", "é", "7", "\n", "Mosul",
            "hundred", "quarter", "I'm", "(", "tens",
        ];
        // Every sequence of up to three pieces, at every offset in a 20-byte window: letter
        // runs and fractions cross the eight-byte chunks at every position.
        let mut n = 0;
        for a in &pieces {
            for b in &pieces {
                for c in &pieces {
                    for pad in 0..9 {
                        let text = format!("{}{a}{b}{c} the {}", "x ".repeat(pad), "y".repeat(pad));
                        let t = text.as_bytes();
                        for s in 0..t.len().min(3) {
                            let got = may_hold_figure(&lx, t, s, t.len());
                            assert_eq!(got, naive(&lx, &t[s..]), "{:?}", &text[s..]);
                            n += 1;
                        }
                    }
                }
            }
        }
        assert!(n > 10_000);
    }
}
