//! The data the stage runs on: units, number words, cue phrases and context cues, each read
//! from a plain-text TSV file (bundled under `data/quantity/`, replaceable by config).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::lex::{lex, Tok};

/// A small, fast, non-cryptographic hasher (FxHash) for the short keys of the lexicons.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

const FX_K: u64 = 0x517c_c1b7_2722_0a95;

impl Fx {
    #[inline]
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(FX_K);
    }
}

impl Hasher for Fx {
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket, the weakest.
        self.0.rotate_left(26)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while rest.len() >= 8 {
            let (head, tail) = rest.split_at(8);
            let mut w = [0u8; 8];
            w.copy_from_slice(head);
            self.add(u64::from_le_bytes(w));
            rest = tail;
        }
        // Lexicon keys are short: the tail goes in one step (two overlapping reads of four
        // bytes, or three single bytes), with its length.
        let n = rest.len();
        if n >= 4 {
            let mut a = [0u8; 4];
            let mut b = [0u8; 4];
            a.copy_from_slice(&rest[..4]);
            b.copy_from_slice(&rest[n - 4..]);
            let v = u32::from_le_bytes(a) as u64 | (u32::from_le_bytes(b) as u64) << 32;
            self.add(v ^ (n as u64) << 59);
        } else if n > 0 {
            let v = rest[0] as u64 | (rest[n / 2] as u64) << 8 | (rest[n - 1] as u64) << 16;
            self.add(v | (n as u64) << 24);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(i as u64);
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// One unit of `units.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Canonical singular name ("kilometre").
    pub canonical: String,
    /// Physical dimension ("length").
    pub dimension: String,
    /// Factor to the SI unit, where one exists.
    pub factor: Option<f64>,
    /// Offset added after the factor (temperatures).
    pub offset: f64,
    /// SI unit symbol, where one exists.
    pub si_unit: Option<String>,
}

/// How a number word combines with its neighbours (see `numbers.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumClass {
    Digit,
    Teen,
    Tens,
    Hundred,
    Scale,
    Suffix,
    Dozen,
    Fraction,
    Ordinal,
    Vague,
}

/// Roles of cue phrases, as bits (see `cues.tsv`).
pub(crate) mod role {
    pub const APPROX: u32 = 1;
    pub const MORE_THAN: u32 = 1 << 1;
    pub const LESS_THAN: u32 = 1 << 2;
    pub const AT_LEAST: u32 = 1 << 3;
    pub const AT_MOST: u32 = 1 << 4;
    pub const UP: u32 = 1 << 5;
    pub const DOWN: u32 = 1 << 6;
    pub const NOUN_UP: u32 = 1 << 7;
    pub const NOUN_DOWN: u32 = 1 << 8;
    pub const NAME: u32 = 1 << 9;
    pub const YEAR_BEFORE: u32 = 1 << 10;
    pub const SCORE: u32 = 1 << 11;
    pub const AGO: u32 = 1 << 12;
    pub const CLOCK: u32 = 1 << 13;
    pub const OLD: u32 = 1 << 14;
    pub const PLURAL: u32 = 1 << 15;
    pub const STOP: u32 = 1 << 16;
    pub const ACTION: u32 = 1 << 17;
    pub const PHRASAL: u32 = 1 << 18;
    pub const BOUND: u32 = APPROX | MORE_THAN | LESS_THAN | AT_LEAST | AT_MOST;
    pub const CHANGE: u32 = UP | DOWN;

    pub fn parse(s: &str) -> Option<u32> {
        Some(match s {
            "approx" => APPROX,
            "more_than" => MORE_THAN,
            "less_than" => LESS_THAN,
            "at_least" => AT_LEAST,
            "at_most" => AT_MOST,
            "up" => UP,
            "down" => DOWN,
            "noun_up" => NOUN_UP,
            "noun_down" => NOUN_DOWN,
            "name" => NAME,
            "year_before" => YEAR_BEFORE,
            "score" => SCORE,
            "ago" => AGO,
            "clock" => CLOCK,
            "old" => OLD,
            "plural" => PLURAL,
            "stop" => STOP,
            "action" => ACTION,
            "phrasal" => PHRASAL,
            _ => return None,
        })
    }
}

/// The longest surface (in lexer pieces) any lexicon holds; bounds the look-ahead.
pub(crate) const MAX_PIECES: usize = 6;

/// Everything the extractor looks up, parsed and indexed.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// All units, in file order (the order breaks ambiguity ties).
    pub units: Vec<Unit>,
    /// Case-insensitive surfaces (lower-cased, pieces joined by one space) -> unit ids.
    pub(crate) unit_ci: FxMap<String, Vec<u16>>,
    /// Case-sensitive surfaces -> unit ids.
    pub(crate) unit_cs: FxMap<String, Vec<u16>>,
    /// Longest unit surface in pieces.
    pub(crate) unit_max: usize,
    /// Number words (a word may have several classes: "third" is a fraction and an ordinal).
    pub(crate) numbers: FxMap<String, Vec<(f64, NumClass)>>,
    /// Cue phrases -> role bits.
    pub(crate) cues: FxMap<String, u32>,
    /// Longest cue phrase in pieces.
    pub(crate) cue_max: usize,
    /// Per unit id, the context words that vote for it.
    pub(crate) context: FxMap<u16, Vec<String>>,
    /// Month names and abbreviations -> month number.
    pub(crate) months: FxMap<String, u8>,
    /// Indexes that let most lookups fail after one probe.
    pub(crate) fast: Fast,
}

/// Piece-prefix and last-piece sets of the surfaces, and the words that can start a figure.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fast {
    /// Every piece-prefix of a case-insensitive unit surface (the surfaces included) -> the
    /// unit ids of the surface it completes (empty for a bare prefix): one probe per piece
    /// tells both whether to go on and what matched.
    pub unit_prefix_ci: FxMap<String, Vec<u16>>,
    /// The same for the case-sensitive surfaces.
    pub unit_prefix_cs: FxMap<String, Vec<u16>>,
    pub cue_prefix: FxMap<String, ()>,
    /// Last pieces of the cue phrases -> the most pieces of a phrase ending in it, so a
    /// look-back never builds keys longer than a phrase that could match.
    pub cue_last: FxMap<String, usize>,
    pub currency_last_ci: FxMap<String, ()>,
    pub currency_last_cs: FxMap<String, ()>,
    pub trigger: FxMap<String, ()>,
    /// The words that let a sentence hold a figure (see [`Fast::sentence_word`]); true for
    /// words that count only when capitalized (month names).
    pub sentence_words: FxMap<String, bool>,
    /// By [`letter_pair`] of a trigger word's first and last letters, bit `min(length, 15)`
    /// is set when a trigger word has them (all bits when a trigger does not begin and end
    /// with ASCII letters).
    pub trigger_lens: Vec<u16>,
    /// The trigger words that begin and end with ASCII letters, by [`letter_pair`] of those.
    pub trigger_pairs: Vec<Vec<String>>,
    /// By [`letter_pair`] of a word's first and last letters, bit `min(length, 15)` is set
    /// when one of [`Fast::sentence_words`] has them.
    pub sentence_lens: Vec<u16>,
    /// [`Fast::sentence_words`] by [`letter_pair`] of their first and last letters.
    pub sentence_pairs: Vec<Vec<(String, bool)>>,
    /// The longest of [`Fast::sentence_words`], in bytes.
    pub sentence_max: usize,
    /// Sieves of the number words, cue phrases, month names, last pieces of cue phrases,
    /// first pieces of unit surfaces and last pieces of currency surfaces (the last two
    /// lower-cased, whether the surface matches with case or without).
    pub numbers_sieve: Sieve,
    pub cues_sieve: Sieve,
    pub months_sieve: Sieve,
    pub cue_last_sieve: Sieve,
    pub unit_first_sieve: Sieve,
    pub currency_last_sieve: Sieve,
}

/// A bit per (first byte, last byte, length) of the keys of a set: a clear bit proves a key
/// absent for a few instructions, where a hash lookup costs a hundred. Most pieces probed
/// around a figure ("the", "people") are in no lexicon.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sieve(Vec<u64>);

impl Sieve {
    fn slot(key: &[u8]) -> usize {
        match key {
            [] => 0,
            [f, .., l] | [f @ l] => ((*f as usize) << 8 | *l as usize) ^ key.len().min(63) << 10,
        }
    }

    /// The sieve of these keys.
    pub(crate) fn of<'k>(keys: impl IntoIterator<Item = &'k str>) -> Sieve {
        let mut bits = vec![0u64; 1 << 10];
        for k in keys {
            let slot = Sieve::slot(k.as_bytes()) & 0xFFFF;
            bits[slot / 64] |= 1 << (slot % 64);
        }
        Sieve(bits)
    }

    /// False when `key` is surely none of the keys.
    #[inline]
    pub(crate) fn maybe(&self, key: &[u8]) -> bool {
        let slot = Sieve::slot(key) & 0xFFFF;
        // An empty sieve (never built) lets everything through.
        self.0
            .get(slot / 64)
            .map_or(true, |w| w & (1 << (slot % 64)) != 0)
    }
}

/// An index below 1024 for two ASCII letters, the same for either case (the low five bits
/// of 'A' and 'a' are both 1).
#[inline]
pub(crate) fn letter_pair(first: u8, last: u8) -> usize {
    ((first & 31) as usize) << 5 | (last & 31) as usize
}

impl Fast {
    /// True when `w` (lower case) is a trigger word: compared with the few trigger words
    /// that share its first and last letters when those are ASCII, hashed otherwise.
    #[inline]
    pub fn is_trigger(&self, w: &str) -> bool {
        match w.as_bytes() {
            [f, .., l] | [f @ l] if f.is_ascii_lowercase() && l.is_ascii_lowercase() => self
                .trigger_pairs[letter_pair(*f, *l)]
            .iter()
            .any(|k| k == w),
            _ => self.trigger.contains_key(w),
        }
    }
}

impl Fast {
    /// [`Fast::sentence_word`] after a cheap test on the first and last letters and the length
    /// of an ASCII letter run, which rejects most words without hashing: `false` there is
    /// `false` here.
    #[inline]
    pub fn may_be_sentence_word(&self, first: u8, last: u8, len: usize) -> bool {
        let lens = self.sentence_lens[letter_pair(first, last)];
        len <= self.sentence_max && lens >> len.min(15) & 1 != 0
    }

    /// True when the ASCII letter run `raw` (as written) can let its sentence hold a figure.
    ///
    /// A sentence can only yield a quantity through a digit, a vulgar fraction or a piece
    /// where `Sent::try_at` gets past its first checks with a result. A word piece gets
    /// there only as a number word of a class that can start a number (not a mere suffix
    /// such as "m" or "bn", which only scales digits before it) or as a capitalized month
    /// name (dates need one; "may" and "march" are verbs). "a" and "an" start a figure only
    /// before a hundred, scale, dozen or fraction word, which is in this set itself. A word
    /// piece made of plain ASCII letters is exactly a maximal ASCII letter run of the text,
    /// which is what the caller passes (number words with other letters are not looked for;
    /// the bundled ones are all ASCII).
    #[inline]
    pub fn sentence_word(&self, raw: &[u8]) -> bool {
        match raw {
            [first, .., last] | [first @ last] => {
                self.may_be_sentence_word(*first, *last, raw.len()) && self.sentence_lookup(raw)
            }
            [] => false,
        }
    }

    /// The lookup of [`Fast::sentence_word`]: the words sharing the first and last letters,
    /// compared ignoring case (no lower-cased copy, no hashing).
    #[inline]
    fn sentence_lookup(&self, raw: &[u8]) -> bool {
        let pair = letter_pair(raw[0], raw[raw.len() - 1]);
        self.sentence_pairs[pair]
            .iter()
            .find(|(w, _)| w.as_bytes().eq_ignore_ascii_case(raw))
            .is_some_and(|&(_, caps_only)| !caps_only || raw[0].is_ascii_uppercase())
    }
}

fn prefixes(key: &str, into: &mut FxMap<String, ()>) {
    for (i, c) in key.char_indices() {
        if c == ' ' {
            into.insert(key[..i].to_string(), ());
        }
    }
    into.insert(key.to_string(), ());
}

/// The piece-prefixes of the surfaces of `units`, each with the ids of the surface it is.
fn unit_prefixes(units: &FxMap<String, Vec<u16>>) -> FxMap<String, Vec<u16>> {
    let mut all = FxMap::default();
    for k in units.keys() {
        prefixes(k, &mut all);
    }
    all.into_keys()
        .map(|p| {
            let ids = units.get(&p).cloned().unwrap_or_default();
            (p, ids)
        })
        .collect()
}

fn last_piece(key: &str) -> &str {
    key.rsplit(' ').next().unwrap_or(key)
}

/// The bundled units lexicon.
pub const UNITS_TSV: &str = include_str!("../../../data/quantity/units.tsv");
/// The bundled number words.
pub const NUMBERS_TSV: &str = include_str!("../../../data/quantity/numbers.tsv");
/// The bundled cue phrases.
pub const CUES_TSV: &str = include_str!("../../../data/quantity/cues.tsv");
/// The bundled context cues for ambiguous units.
pub const CONTEXT_TSV: &str = include_str!("../../../data/quantity/context.tsv");

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// Lexes a surface into its normalized key: pieces joined by one space.
pub(crate) fn surface_key(s: &str) -> String {
    let mut toks: Vec<Tok> = Vec::new();
    lex(s, 0, s.len(), &mut toks);
    let mut k = String::with_capacity(s.len() + 4);
    for (n, t) in toks.iter().enumerate() {
        if n > 0 {
            k.push(' ');
        }
        k.push_str(&s[t.s..t.e]);
    }
    k
}

fn pieces(s: &str) -> usize {
    let mut toks: Vec<Tok> = Vec::new();
    lex(s, 0, s.len(), &mut toks);
    toks.len()
}

/// Data lines of a TSV file with their 1-based line numbers.
fn data_lines(src: &str) -> impl Iterator<Item = (usize, &str)> {
    src.lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn opt_num(s: &str, line: usize, what: &str) -> Result<Option<f64>, String> {
    let s = s.trim();
    if s == "-" || s.is_empty() {
        return Ok(None);
    }
    s.parse::<f64>()
        .map(Some)
        .map_err(|_| format!("line {line}: {what} {s:?} is not a number or \"-\""))
}

impl Lexicon {
    /// The bundled lexicon.
    pub fn bundled() -> Lexicon {
        Lexicon::from_sources(UNITS_TSV, NUMBERS_TSV, CUES_TSV, CONTEXT_TSV)
            .expect("bundled quantity lexicons parse")
    }

    /// Parses the four files; an error names the file and line.
    pub fn from_sources(
        units: &str,
        numbers: &str,
        cues: &str,
        context: &str,
    ) -> Result<Lexicon, String> {
        Lexicon::parse(units, numbers, cues, context, true)
    }

    /// Like [`Lexicon::from_sources`], but context lines naming a unit the units file lacks
    /// are skipped instead of rejected (for the bundled context file over a user's units).
    pub fn from_sources_lenient_context(
        units: &str,
        numbers: &str,
        cues: &str,
        context: &str,
    ) -> Result<Lexicon, String> {
        Lexicon::parse(units, numbers, cues, context, false)
    }

    fn parse(
        units: &str,
        numbers: &str,
        cues: &str,
        context: &str,
        strict_context: bool,
    ) -> Result<Lexicon, String> {
        let mut lx = Lexicon {
            units: Vec::new(),
            unit_ci: FxMap::default(),
            unit_cs: FxMap::default(),
            unit_max: 1,
            numbers: FxMap::default(),
            cues: FxMap::default(),
            cue_max: 1,
            context: FxMap::default(),
            months: FxMap::default(),
            fast: Fast::default(),
        };
        lx.load_units(units).map_err(|e| format!("units: {e}"))?;
        lx.load_numbers(numbers)
            .map_err(|e| format!("numbers: {e}"))?;
        lx.load_cues(cues).map_err(|e| format!("cues: {e}"))?;
        lx.load_context(context, strict_context)
            .map_err(|e| format!("context: {e}"))?;
        for (m, n) in MONTHS {
            lx.months.insert((*m).to_string(), *n);
        }
        lx.index();
        Ok(lx)
    }

    fn load_units(&mut self, src: &str) -> Result<(), String> {
        for (line, l) in data_lines(src) {
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() != 7 {
                return Err(format!(
                    "line {line}: expected 7 TAB-separated columns (canonical, dimension, si_factor, si_offset, si_unit, surfaces, symbols), found {}",
                    cols.len()
                ));
            }
            let id = self.units.len();
            if id >= u16::MAX as usize {
                return Err(format!("line {line}: too many units"));
            }
            let canonical = cols[0].trim();
            if canonical.is_empty() {
                return Err(format!("line {line}: empty canonical name"));
            }
            let factor = opt_num(cols[2], line, "si_factor")?;
            let offset = opt_num(cols[3], line, "si_offset")?.unwrap_or(0.0);
            let si_unit = match cols[4].trim() {
                "-" | "" => None,
                s => Some(s.to_string()),
            };
            self.units.push(Unit {
                canonical: canonical.to_string(),
                dimension: cols[1].trim().to_string(),
                factor,
                offset,
                si_unit,
            });
            for (col, cs) in [(cols[5], false), (cols[6], true)] {
                for surf in col.split('|').map(str::trim) {
                    if surf.is_empty() || surf == "-" {
                        continue;
                    }
                    let key = if cs {
                        surface_key(surf)
                    } else {
                        surface_key(&surf.to_lowercase())
                    };
                    self.unit_max = self.unit_max.max(pieces(surf)).min(MAX_PIECES);
                    let map = if cs {
                        &mut self.unit_cs
                    } else {
                        &mut self.unit_ci
                    };
                    let ids = map.entry(key).or_default();
                    if !ids.contains(&(id as u16)) {
                        ids.push(id as u16);
                    }
                }
            }
        }
        Ok(())
    }

    fn load_numbers(&mut self, src: &str) -> Result<(), String> {
        for (line, l) in data_lines(src) {
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() != 3 {
                return Err(format!(
                    "line {line}: expected 3 TAB-separated columns (word, value, class)"
                ));
            }
            let v = opt_num(cols[1], line, "value")?
                .ok_or_else(|| format!("line {line}: missing value"))?;
            let class = match cols[2].trim() {
                "digit" => NumClass::Digit,
                "teen" => NumClass::Teen,
                "tens" => NumClass::Tens,
                "hundred" => NumClass::Hundred,
                "scale" => NumClass::Scale,
                "suffix" => NumClass::Suffix,
                "dozen" => NumClass::Dozen,
                "fraction" => NumClass::Fraction,
                "ordinal" => NumClass::Ordinal,
                "vague" => NumClass::Vague,
                other => return Err(format!("line {line}: unknown class {other:?}")),
            };
            self.numbers
                .entry(cols[0].trim().to_lowercase())
                .or_default()
                .push((v, class));
        }
        Ok(())
    }

    fn load_cues(&mut self, src: &str) -> Result<(), String> {
        for (line, l) in data_lines(src) {
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() != 2 {
                return Err(format!(
                    "line {line}: expected 2 TAB-separated columns (phrase, role)"
                ));
            }
            let r = role::parse(cols[1].trim())
                .ok_or_else(|| format!("line {line}: unknown role {:?}", cols[1].trim()))?;
            let phrase = cols[0].trim().to_lowercase();
            self.cue_max = self.cue_max.max(pieces(&phrase)).min(MAX_PIECES);
            *self.cues.entry(surface_key(&phrase)).or_default() |= r;
        }
        Ok(())
    }

    fn load_context(&mut self, src: &str, strict: bool) -> Result<(), String> {
        for (line, l) in data_lines(src) {
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() != 2 {
                return Err(format!(
                    "line {line}: expected 2 TAB-separated columns (canonical, cues)"
                ));
            }
            // "degree [angle]" picks the unit of that name and dimension.
            let raw = cols[0].trim();
            let (name, dim) = match raw.strip_suffix(']').and_then(|r| r.split_once(" [")) {
                Some((n, d)) => (n.trim(), Some(d.trim())),
                None => (raw, None),
            };
            let id = self
                .units
                .iter()
                .position(|u| u.canonical == name && dim.map_or(true, |d| u.dimension == d));
            let id = match id {
                Some(id) => id,
                None if !strict => continue,
                None => return Err(format!("line {line}: no unit named {raw:?} in units.tsv")),
            };
            let words = cols[1]
                .split('|')
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect();
            self.context.insert(id as u16, words);
        }
        Ok(())
    }

    fn index(&mut self) {
        let mut f = Fast::default();
        for (k, ids) in &self.unit_ci {
            if ids
                .iter()
                .any(|&id| self.units[id as usize].dimension == "currency")
            {
                f.currency_last_ci.insert(last_piece(k).to_string(), ());
            }
        }
        for (k, ids) in &self.unit_cs {
            if ids
                .iter()
                .any(|&id| self.units[id as usize].dimension == "currency")
            {
                f.currency_last_cs.insert(last_piece(k).to_string(), ());
            }
        }
        f.unit_prefix_ci = unit_prefixes(&self.unit_ci);
        f.unit_prefix_cs = unit_prefixes(&self.unit_cs);
        for k in self.cues.keys() {
            prefixes(k, &mut f.cue_prefix);
            let len = k.split(' ').count();
            let m = f.cue_last.entry(last_piece(k).to_string()).or_default();
            *m = (*m).max(len);
        }
        for k in self.numbers.keys().chain(self.months.keys()) {
            f.trigger.insert(k.clone(), ());
        }
        f.trigger.insert("a".into(), ());
        f.trigger.insert("an".into(), ());
        f.trigger_lens = vec![0; 1024];
        f.trigger_pairs = vec![Vec::new(); 1024];
        for k in f.trigger.keys() {
            match k.as_bytes() {
                [a, .., z] | [a @ z] if a.is_ascii_lowercase() && z.is_ascii_lowercase() => {
                    f.trigger_lens[letter_pair(*a, *z)] |= 1 << k.len().min(15);
                    f.trigger_pairs[letter_pair(*a, *z)].push(k.clone());
                }
                _ => f.trigger_lens.iter_mut().for_each(|m| *m = u16::MAX),
            }
        }
        for (k, classes) in &self.numbers {
            // Mirrors the order of `Sent::parse_words`: vague plurals first, then "a"/"an"
            // (a figure only before a number word), "half" and "quarter" (their own rules),
            // then the classes that can open a number.
            let opens = match k.as_str() {
                "a" | "an" => classes.iter().any(|(_, c)| *c == NumClass::Vague),
                "half" | "quarter" => true,
                _ => classes.iter().any(|(_, c)| *c != NumClass::Suffix),
            };
            if opens {
                f.sentence_words.insert(k.clone(), false);
            }
        }
        for k in self.months.keys() {
            f.sentence_words.entry(k.clone()).or_insert(true);
        }
        // Words that are not plain ASCII letters never equal an ASCII letter run.
        f.sentence_words
            .retain(|k, _| !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase()));
        f.numbers_sieve = Sieve::of(self.numbers.keys().map(String::as_str));
        f.cues_sieve = Sieve::of(self.cues.keys().map(String::as_str));
        f.months_sieve = Sieve::of(self.months.keys().map(String::as_str));
        f.cue_last_sieve = Sieve::of(f.cue_last.keys().map(String::as_str));
        // Lower-cased as the text is (ASCII only), since they are probed with its pieces.
        let firsts: Vec<String> = (self.unit_ci.keys().chain(self.unit_cs.keys()))
            .map(|k| k.split(' ').next().unwrap_or("").to_ascii_lowercase())
            .collect();
        f.unit_first_sieve = Sieve::of(firsts.iter().map(String::as_str));
        let lasts: Vec<String> = (f.currency_last_ci.keys().chain(f.currency_last_cs.keys()))
            .map(|k| k.to_ascii_lowercase())
            .collect();
        f.currency_last_sieve = Sieve::of(lasts.iter().map(String::as_str));
        f.sentence_lens = vec![0; 1024];
        f.sentence_pairs = vec![Vec::new(); 1024];
        for (k, &caps_only) in &f.sentence_words {
            let b = k.as_bytes();
            let pair = letter_pair(b[0], b[b.len() - 1]);
            f.sentence_lens[pair] |= 1 << b.len().min(15);
            f.sentence_pairs[pair].push((k.clone(), caps_only));
            f.sentence_max = f.sentence_max.max(k.len());
        }
        self.fast = f;
    }

    /// Looks up a unit by its canonical name.
    pub fn unit(&self, canonical: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.canonical == canonical)
    }

    pub(crate) fn num_class(&self, w: &str, class: NumClass) -> Option<f64> {
        self.number(w)
            .iter()
            .find(|(_, c)| *c == class)
            .map(|(x, _)| *x)
    }

    /// The classes of a number word (none for other words).
    #[inline]
    pub(crate) fn number(&self, w: &str) -> &[(f64, NumClass)] {
        if !self.fast.numbers_sieve.maybe(w.as_bytes()) {
            return &[];
        }
        self.numbers.get(w).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn is_number_word(&self, w: &str) -> bool {
        self.fast.numbers_sieve.maybe(w.as_bytes()) && self.numbers.contains_key(w)
    }

    pub(crate) fn cue(&self, key: &str) -> u32 {
        if !self.fast.cues_sieve.maybe(key.as_bytes()) {
            return 0;
        }
        self.cues.get(key).copied().unwrap_or(0)
    }

    /// True for a month name or abbreviation (lower case).
    #[inline]
    pub(crate) fn is_month(&self, w: &str) -> bool {
        self.fast.months_sieve.maybe(w.as_bytes()) && self.months.contains_key(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_covers_dimensions() {
        let lx = Lexicon::bundled();
        for dim in [
            "length",
            "area",
            "volume",
            "mass",
            "time",
            "speed",
            "temperature",
            "energy",
            "power",
            "data",
            "percent",
            "percentage point",
            "currency",
        ] {
            assert!(
                lx.units.iter().any(|u| u.dimension == dim),
                "no unit of dimension {dim}"
            );
        }
        let km = lx.unit_ci.get("km").unwrap();
        assert_eq!(lx.units[km[0] as usize].canonical, "kilometre");
        let kmh = lx.unit_ci.get("km / h").unwrap();
        assert_eq!(lx.units[kmh[0] as usize].canonical, "kilometre per hour");
        // "pounds" is ambiguous: mass first, sterling second.
        let p = lx.unit_ci.get("pounds").unwrap();
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn bad_lines_are_reported_with_line_numbers() {
        let e =
            Lexicon::from_sources("# h\nmetre\tlength\tx\t0\tm\tm\t-\n", "", "", "").unwrap_err();
        assert!(e.contains("units: line 2"), "{e}");
        let e = Lexicon::from_sources("", "one\t1\tdigit\ntwo\t2\tdigits\n", "", "").unwrap_err();
        assert!(e.contains("numbers: line 2") && e.contains("digits"), "{e}");
        let e = Lexicon::from_sources("", "", "about\thedge\n", "").unwrap_err();
        assert!(e.contains("cues: line 1"), "{e}");
    }
}
