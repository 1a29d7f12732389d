//! The word lists the stage reads: cues, speaker words and outlets.
//!
//! Every list is a plain-text file of `TYPE<TAB>FORM|FORM|...` lines; a form
//! with spaces is a multi-token phrase matched token by token. All lists end
//! up in one [`Lexicon`]: a map from a lowercased token to a set of flags, and
//! a map from the first token of a phrase to the phrases it starts.

use std::collections::HashMap;

/// A reporting verb usable in every pattern ("said").
pub const SAY: u32 = 1;
/// A reporting verb taking an addressee ("told").
pub const TELL: u32 = 1 << 1;
/// A weaker verb, a cue only with a that-clause, quote, colon or left content.
pub const THAT: u32 = 1 << 2;
/// A participle cue after a comma ("saying").
pub const PART: u32 = 1 << 3;
/// "according to".
pub const ACCORDING: u32 = 1 << 4;
/// "in a statement" right after the verb, kept in the cue.
pub const STATEMENT: u32 = 1 << 5;
/// Auxiliaries, negation, adverbs kept in the cue.
pub const AUX: u32 = 1 << 6;
/// Nouns describing a speaker.
pub const ROLE: u32 = 1 << 7;
/// Titles before a name.
pub const TITLE: u32 = 1 << 8;
/// Pronouns for one person.
pub const PERSON: u32 = 1 << 9;
/// Pronouns for a group.
pub const GROUP: u32 = 1 << 10;
/// Relative pronouns.
pub const RELATIVE: u32 = 1 << 11;
/// Capitalised words that are never a name by themselves.
pub const NONNAME: u32 = 1 << 12;
/// An outlet name.
pub const OUTLET: u32 = 1 << 13;
/// A word that makes a phrase an outlet ("television").
pub const OUTLET_HEAD: u32 = 1 << 14;
/// Words that end a source scanning leftwards (built in: grammar, not vocabulary).
pub const CONJ: u32 = 1 << 15;
/// Prepositions that open an adjunct after a cue (built in).
pub const PREP: u32 = 1 << 16;
/// Time words skipped after a cue ("said Monday").
pub const TIME: u32 = 1 << 17;
/// Determiners and possessives: a cue right after one is a noun or adjective.
pub const DET: u32 = 1 << 18;

/// Nouns naming organisations rather than people ("ministry", "army").
pub const ORG: u32 = 1 << 19;

/// A stance or speech-act verb, a cue only between a source and a content.
pub const ACT: u32 = 1 << 20;

/// Forms that are also nouns or reduced relatives: a cue only after a clear subject.
pub const AMBIG: u32 = 1 << 21;

/// A word that marks a person as a man: a title, a role noun or a given name
/// ("Mr.", "spokesman", "Ahmed"). Kept apart from the token flags, in
/// [`Lexicon::gender`]: only the resolver reads it.
pub const MALE: u32 = 1 << 22;

/// A word that marks a person as a woman ("Mrs.", "spokeswoman", "Jihan").
pub const FEMALE: u32 = 1 << 23;

/// Nouns of military operations, forces and weapons: "supported the
/// offensive", "backed the troops" are no stance taken (cues.txt,
/// `operation`). Kept apart like [`MALE`], in [`Lexicon::class`].
pub const OPERATION: u32 = 1 << 24;

/// The last word of an outlet's own name ("ARA News", "Kurdistan 24",
/// "Asia Times"): a capitalised run ending in one is an outlet (outlets.txt,
/// `tail`). Kept apart like [`MALE`], in [`Lexicon::class`].
pub const OUTLET_TAIL: u32 = 1 << 25;

/// Flags for cue verbs of any kind.
pub const CUE_VERB: u32 = SAY | TELL | THAT | PART | ACT;

/// FxHash (rustc-hash): the keys are short lowercase words, for which SipHash
/// is needlessly slow, and it reads them a word at a time.
type Map<V> = HashMap<Box<[u8]>, V, rustc_hash::FxBuildHasher>;

/// A multi-token phrase: the tokens after the first, and its flags.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Lowercased tokens after the first.
    pub rest: Vec<Box<[u8]>>,
    /// What the phrase is.
    pub flags: u32,
}

/// Every word list the stage uses, merged.
#[derive(Default)]
pub struct Lexicon {
    /// Token -> (its flags, the union of the flags of phrases it starts).
    words: Map<(u32, u32)>,
    phrases: Map<Vec<Phrase>>,
    /// Lowercased word -> MALE, FEMALE, OPERATION or OUTLET_TAIL: word classes only a
    /// few rules ask about (pronouns, stance verbs). Apart from `words`, so
    /// these lists do not change what the extractor reads of every token.
    classes: Map<u32>,
    /// A bit per (first byte, last byte, length) of every key of `words`:
    /// most tokens of running text are in no list, and a clear bit turns
    /// them away without hashing (the lookup was a sixth of the stage).
    filter: Vec<u64>,
    /// The keys of `words` of at most 16 bytes, packed in two words each,
    /// in an open-addressing table: see [`Lexicon::token_flags`].
    short: Vec<Slot>,
    /// One tag per slot of `short` (0: empty), from other bits of the same
    /// hash: 8 KB that stay in the first-level cache, so a word in no list
    /// (half of running text) never touches the slots themselves.
    tags: Vec<u16>,
}

/// One slot of [`Lexicon::short`]: a lowercased word of at most 16 bytes,
/// zero-padded into two little-endian words, its length (0: empty slot) and
/// its flags.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    a: u64,
    b: u64,
    len: u8,
    flags: (u32, u32),
}

/// Packs an ASCII word of at most 16 bytes into two zero-padded words,
/// lowercased eight letters at a time.
#[inline]
fn pack_lower(w: &[u8]) -> (u64, u64) {
    let mut buf = [0u8; 16];
    buf[..w.len()].copy_from_slice(w);
    let (a, b) = buf.split_at(8);
    (
        lower_word(u64::from_le_bytes(a.try_into().unwrap_or_default())),
        lower_word(u64::from_le_bytes(b.try_into().unwrap_or_default())),
    )
}

/// The slot index (high bits) and tag (middle bits, never 0) of a packed word.
#[inline]
fn slot_of(a: u64, b: u64, len: usize, mask: usize) -> (usize, u16) {
    let h = (a ^ b.rotate_left(29) ^ ((len as u64) << 56)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    ((h >> 40) as usize & mask, (h >> 24) as u16 | 1)
}

/// Lowercases a packed ASCII word eight letters at a time: for bytes below
/// 0x80, adding 0x3f sets the top bit from 'A' up and adding 0x25 from past
/// 'Z', with no carry between bytes.
#[inline]
fn lower_word(x: u64) -> u64 {
    let upper = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f)
        & !x.wrapping_add(0x2525_2525_2525_2525)
        & 0x8080_8080_8080_8080;
    x | (upper >> 2)
}

/// The low `n` bytes of `x` (n <= 8).
#[inline]
fn low_bytes(x: u64, n: usize) -> u64 {
    if n >= 8 {
        x
    } else {
        x & ((1u64 << (8 * n)) - 1)
    }
}

const FILTER_BITS: usize = 1 << 15;

fn filter_bit(w: &[u8]) -> usize {
    let (f, l) = match (w.first(), w.last()) {
        (Some(&f), Some(&l)) => (usize::from(f), usize::from(l)),
        _ => (0, 0),
    };
    ((f * 257 + l) * 16 + w.len().min(15)) % FILTER_BITS
}

/// The bundled cue list.
pub const CUES: &str = include_str!("../../../data/attribution/cues.txt");
/// The bundled speaker-word list.
pub const SOURCES: &str = include_str!("../../../data/attribution/sources.txt");
/// The bundled outlet list.
pub const OUTLETS: &str = include_str!("../../../data/attribution/outlets.txt");

const BUILTIN: &[(u32, &str)] = &[
    (
        CONJ,
        "but|while|as|because|when|although|though|whereas|where|if|since|after|before|until|unless|so|yet|and|or|nor|however|meanwhile|that|than|whether|once|even|also|still|instead|indeed|then|what|how|why",
    ),
    (
        PREP,
        "on|in|to|at|with|during|from|for|by|via|through|after|before|about|over|under|inside|outside|near|against|across|of",
    ),
    (
        TIME,
        "monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|earlier|later|recently|previously|afterwards|afterward|again|too|publicly|privately|repeatedly|separately|late|overnight|shortly|briefly|frequently|often|last|this|week|month|year|night|morning|afternoon|evening|weekend|ago|on",
    ),
    (
        DET,
        "the|a|an|this|that|these|those|its|his|her|their|our|my|your|such|any|no",
    ),
];

/// A lower-case particle inside an Arabic name ("Haider al Abadi", "Osama
/// bin Laden"), which does not break a run of capitalised name words.
pub fn is_name_particle(w: &str) -> bool {
    matches!(w, "al" | "el" | "bin" | "ibn" | "abu")
}

/// A lower-case name word opening with a particle and its hyphen ("al-Abadi").
pub fn has_particle_prefix(w: &str) -> bool {
    w.starts_with("al-") || w.starts_with("el-")
}

/// Lowercases an ASCII token into `buf` (curly apostrophes become `'`); `None`
/// for tokens that cannot be in a list (too long, or other non-ASCII letters).
#[inline]
pub fn lower<'b>(s: &str, buf: &'b mut [u8; 40]) -> Option<&'b [u8]> {
    let b = s.as_bytes();
    // Nearly every token is short ASCII: a plain byte map the compiler
    // vectorises, without the per-byte checks of the general loop.
    if b.len() <= buf.len() && b.is_ascii() {
        let out = &mut buf[..b.len()];
        for (o, &c) in out.iter_mut().zip(b) {
            *o = c.to_ascii_lowercase();
        }
        return Some(out);
    }
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if n >= buf.len() {
            return None;
        }
        if c < 0x80 {
            buf[n] = c.to_ascii_lowercase();
            i += 1;
        } else if b[i..].starts_with("’".as_bytes()) {
            buf[n] = b'\'';
            i += 3;
        } else {
            return None;
        }
        n += 1;
    }
    Some(&buf[..n])
}

/// A problem in a list file: the line number and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl Lexicon {
    /// Builds the lexicon from the three lists' texts.
    pub fn from_texts(
        cues: &str,
        sources: &str,
        outlets: &str,
    ) -> Result<Lexicon, (usize, ListError)> {
        let mut lx = Lexicon::default();
        for &(flag, forms) in BUILTIN {
            for f in forms.split('|') {
                lx.words.entry(f.as_bytes().into()).or_insert((0, 0)).0 |= flag;
            }
        }
        let lists: [(&str, &[(&str, u32)]); 3] = [
            (
                cues,
                &[
                    ("say", SAY),
                    ("tell", TELL),
                    ("that", THAT),
                    ("act", ACT),
                    ("part", PART),
                    ("according", ACCORDING),
                    ("statement", STATEMENT),
                    ("aux", AUX),
                    ("ambiguous", AMBIG),
                    ("operation", OPERATION),
                ],
            ),
            (
                sources,
                &[
                    ("role", ROLE),
                    ("title", TITLE),
                    ("person", PERSON),
                    ("group", GROUP),
                    ("relative", RELATIVE),
                    ("nonname", NONNAME),
                    ("org", ORG),
                    ("male", MALE),
                    ("female", FEMALE),
                ],
            ),
            (
                outlets,
                &[
                    ("name", OUTLET),
                    ("head", OUTLET_HEAD),
                    ("tail", OUTLET_TAIL),
                ],
            ),
        ];
        for (which, (text, types)) in lists.iter().enumerate() {
            lx.add_list(text, types).map_err(|e| (which, e))?;
        }
        lx.filter = vec![0; FILTER_BITS / 64];
        for k in lx.words.keys() {
            let b = filter_bit(k);
            lx.filter[b / 64] |= 1 << (b % 64);
        }
        // At most a quarter full, so probes stay short.
        let size = (lx.words.len() * 4).next_power_of_two().max(64);
        lx.short = vec![Slot::default(); size];
        lx.tags = vec![0; size];
        for (k, &flags) in &lx.words {
            if k.len() > 16 || k.is_empty() || !k.is_ascii() {
                continue;
            }
            let (a, b) = pack_lower(k);
            let (mut i, tag) = slot_of(a, b, k.len(), size - 1);
            while lx.tags[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            lx.tags[i] = tag;
            lx.short[i] = Slot {
                a,
                b,
                len: k.len() as u8,
                flags,
            };
        }
        Ok(lx)
    }

    fn add_list(&mut self, text: &str, types: &[(&str, u32)]) -> Result<(), ListError> {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let err = |message: String| ListError {
                line: n + 1,
                message,
            };
            let (ty, forms) = line
                .split_once('\t')
                .ok_or_else(|| err("expected `TYPE<TAB>FORM|FORM|...`".into()))?;
            let flag = types
                .iter()
                .find(|(name, _)| *name == ty.trim())
                .map(|&(_, f)| f)
                .ok_or_else(|| {
                    let names: Vec<&str> = types.iter().map(|(n, _)| *n).collect();
                    err(format!(
                        "unknown type `{}` (expected one of: {})",
                        ty.trim(),
                        names.join(", ")
                    ))
                })?;
            for form in forms.split('|') {
                let form = form.trim().to_lowercase().replace('’', "'");
                if form.is_empty() {
                    continue;
                }
                let mut parts = form.split_whitespace();
                let first: Box<[u8]> = parts.next().unwrap_or_default().as_bytes().into();
                let rest: Vec<Box<[u8]>> = parts.map(|p| p.as_bytes().into()).collect();
                if flag & (MALE | FEMALE | OPERATION | OUTLET_TAIL) != 0 {
                    if !rest.is_empty() {
                        return Err(err(format!(
                            "`{form}`: a `{}` word is one token, not a phrase",
                            ty.trim()
                        )));
                    }
                    *self.classes.entry(first).or_insert(0) |= flag;
                    continue;
                }
                if rest.is_empty() {
                    self.words.entry(first).or_insert((0, 0)).0 |= flag;
                } else {
                    self.words.entry(first.clone()).or_insert((0, 0)).1 |= flag;
                    self.phrases
                        .entry(first)
                        .or_default()
                        .push(Phrase { rest, flags: flag });
                }
            }
        }
        for v in self.phrases.values_mut() {
            // Longest first, so "in a written statement" wins over shorter phrases.
            v.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
        }
        Ok(())
    }

    /// Flags of a single lowercased token.
    #[inline]
    pub fn flags(&self, lower: &[u8]) -> u32 {
        if !self.may_have(lower) {
            return 0;
        }
        self.words.get(lower).map_or(0, |f| f.0)
    }

    /// MALE, FEMALE, or 0 for a word (any case) that says nothing of a
    /// person's gender, or says both.
    pub fn gender(&self, w: &str) -> u32 {
        match self.class(w) & (MALE | FEMALE) {
            g @ (MALE | FEMALE) => g,
            _ => 0,
        }
    }

    /// The word classes (MALE, FEMALE, OPERATION, OUTLET_TAIL) of a word, any case.
    pub fn class(&self, w: &str) -> u32 {
        if self.classes.is_empty() {
            return 0;
        }
        let mut buf = [0u8; 40];
        lower(w, &mut buf).map_or(0, |l| self.classes.get(l).copied().unwrap_or(0))
    }

    /// False when `lower` is surely in no list.
    #[inline]
    fn may_have(&self, lower: &[u8]) -> bool {
        let b = filter_bit(lower);
        self.filter
            .get(b / 64)
            .map_or(true, |bits| bits & (1 << (b % 64)) != 0)
    }

    /// Flags of a token, and the union of the flags of the phrases it starts,
    /// in one lookup.
    #[inline]
    pub fn flags_and_phrases(&self, lower: &[u8]) -> (u32, u32) {
        if !self.may_have(lower) {
            return (0, 0);
        }
        self.words.get(lower).copied().unwrap_or((0, 0))
    }

    /// Flags of a token as written (any case) and the union of the flags of
    /// the phrases it starts: the same as [`lower`] then
    /// [`Lexicon::flags_and_phrases`]. A short ASCII token, nearly every one,
    /// is lowercased, hashed and compared as two machine words, without a
    /// copy to hash byte by byte or a `memcmp` call.
    #[inline(always)]
    pub fn token_flags(&self, w: &str, buf: &mut [u8; 40]) -> (u32, u32) {
        let bytes = w.as_bytes();
        if !bytes.is_empty() && bytes.len() <= 16 && bytes.is_ascii() && !self.short.is_empty() {
            let (a, b) = pack_lower(bytes);
            return self.lookup_packed(a, b, bytes.len());
        }
        lower(w, buf).map_or((0, 0), |l| self.flags_and_phrases(l))
    }

    /// [`Lexicon::token_flags`] of the token `text[s..e]`, reading its
    /// bytes as two machine words straight from the text when 16 bytes are
    /// there to read (no copy through a buffer, which stalls the loads).
    #[inline(always)]
    pub fn token_flags_in(&self, text: &str, s: usize, e: usize, buf: &mut [u8; 40]) -> (u32, u32) {
        let t = text.as_bytes();
        let len = e.wrapping_sub(s);
        if (1..=16).contains(&len) && e <= t.len() && s + 16 <= t.len() && !self.short.is_empty() {
            let word = |at: usize| {
                let mut w = [0u8; 8];
                w.copy_from_slice(&t[at..at + 8]);
                u64::from_le_bytes(w)
            };
            let a = low_bytes(word(s), len);
            let b = if len > 8 {
                low_bytes(word(s + 8), len - 8)
            } else {
                0
            };
            if (a | b) & 0x8080_8080_8080_8080 == 0 {
                return self.lookup_packed(lower_word(a), lower_word(b), len);
            }
        }
        self.token_flags(text.get(s..e).unwrap_or(""), buf)
    }

    #[inline(always)]
    fn lookup_packed(&self, a: u64, b: u64, len: usize) -> (u32, u32) {
        let mask = self.short.len() - 1;
        let (mut i, tag) = slot_of(a, b, len, mask);
        loop {
            let t = self.tags[i];
            if t == 0 {
                return (0, 0);
            }
            if t == tag {
                let s = &self.short[i];
                if s.a == a && s.b == b && usize::from(s.len) == len {
                    return s.flags;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Phrases starting with this lowercased token.
    #[inline]
    pub fn phrases(&self, lower: &[u8]) -> &[Phrase] {
        if !self.may_have(lower) {
            return &[];
        }
        self.phrases.get(lower).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_flags_equal_lowercasing_then_lookup() {
        let lx = Lexicon::from_texts(CUES, SOURCES, OUTLETS).unwrap();
        let mut words: Vec<String> = lx
            .words
            .keys()
            .map(|k| String::from_utf8_lossy(k).into_owned())
            .collect();
        words.extend(
            [
                "",
                "Said",
                "SAID",
                "sAiD",
                "saidx",
                "AP",
                "Z",
                "[",
                "@",
                "`",
                "{",
                "Reuters",
                "spokesman",
                "Spokeswoman’s",
                "according",
                "accordingtothereport",
                "Qāmishlī",
                "sixteen-letters!",
                "seventeen-letters",
                "x\u{0}y",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
        words.extend(upper);
        let (mut b1, mut b2) = ([0u8; 40], [0u8; 40]);
        let mut hits = 0;
        for w in &words {
            let slow = lower(w, &mut b1).map_or((0, 0), |l| lx.flags_and_phrases(l));
            assert_eq!(lx.token_flags(w, &mut b2), slow, "{w:?}");
            // inside a longer text, at its start and at its very end
            for text in [
                format!("{w} and more text after it"),
                format!("text before {w}"),
            ] {
                let s0 = text.find(w.as_str()).unwrap_or(0);
                let s0 = if text.starts_with("text before") {
                    text.len() - w.len()
                } else {
                    s0
                };
                assert_eq!(
                    lx.token_flags_in(&text, s0, s0 + w.len(), &mut b2),
                    slow,
                    "{w:?} in {text:?}"
                );
            }
            hits += usize::from(slow != (0, 0));
        }
        assert!(hits > 1000, "{hits}");
    }

    #[test]
    fn bundled_lists_load_with_phrases() {
        let lx = Lexicon::from_texts(CUES, SOURCES, OUTLETS).unwrap();
        assert!(lx.flags(b"said") & SAY != 0);
        assert!(lx.flags(b"told") & TELL != 0);
        assert!(lx.flags(b"spokesman") & ROLE != 0);
        assert!(lx
            .phrases(b"according")
            .iter()
            .any(|p| p.flags & ACCORDING != 0));
        assert!(lx.flags_and_phrases(b"according").1 & ACCORDING != 0);
        assert!(lx.phrases(b"mosul").is_empty());
        assert!(lx.phrases(b"al").iter().any(|p| &*p.rest[0] == b"jazeera"));
    }

    #[test]
    fn bad_lines_name_their_line() {
        let e = Lexicon::from_texts("# c\nsay\tsaid\nverb\tx\n", "", "")
            .err()
            .unwrap();
        assert_eq!(e.0, 0);
        assert_eq!(e.1.line, 3);
        assert!(e.1.message.contains("unknown type `verb`"));
        assert!(Lexicon::from_texts("said\n", "", "").is_err());
        // the one-word classes refuse phrases, naming list and line
        let e = Lexicon::from_texts("", "role\tofficial\nfemale\tumm ahmed\n", "")
            .err()
            .unwrap();
        assert_eq!((e.0, e.1.line), (1, 2));
        assert!(
            e.1.message.contains("`female` word is one token"),
            "{}",
            e.1.message
        );
    }

    #[test]
    fn word_classes_stay_apart_from_token_flags() {
        let lx = Lexicon::from_texts("operation\toffensive\n", "female\tjihan\n", "tail\tnews\n")
            .unwrap();
        assert_eq!(lx.gender("Jihan"), FEMALE);
        assert_eq!(lx.class("offensive"), OPERATION);
        assert_eq!(lx.class("NEWS"), OUTLET_TAIL);
        // the extractor's flags of these words are untouched
        assert_eq!(lx.flags(b"jihan"), 0);
        assert_eq!(lx.flags(b"offensive"), 0);
    }

    #[test]
    fn lower_handles_curly_apostrophes() {
        let mut b = [0u8; 40];
        assert_eq!(lower("Didn’t", &mut b), Some(&b"didn't"[..]));
        assert_eq!(lower("Qāmishlī", &mut b), None);
    }
}
