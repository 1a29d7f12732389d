//! The compiled gazetteer: one aho-corasick automaton over every folded
//! surface of every dictionary, and the checks that turn raw automaton hits
//! into entity mentions (word boundaries, case policy, common words, ties).

use std::collections::HashSet;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{dfa, Anchored, MatchKind, StartKind};
use lede_core::{Entity, Span, Token, TokenKind};

use crate::dict::Dictionary;
use crate::normalize::{
    char_at, fold_ascii_byte, is_char_start, is_dropped, is_space_like, normalize, normalize_alias,
    normalize_alias_into, FoldBuf,
};

/// How letter case decides whether an alias matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CasePolicy {
    /// Acronyms ("US", "PMU") match only in capitals; other aliases match
    /// wherever the text is capitalised like the alias (so "MOSUL" and
    /// "Mosul", not "mosul"); common words ("Market", "Of") need the exact
    /// case and a place-like context.
    #[default]
    Smart,
    /// Letters must have the alias's case exactly.
    Sensitive,
    /// Case is ignored.
    Insensitive,
}

/// How a [`Gazetteer`] matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchOptions {
    /// The case policy.
    pub case: CasePolicy,
    /// Fold Latin diacritics ("Qāmishlī" = "Qamishli").
    pub fold_diacritics: bool,
}

impl Default for MatchOptions {
    fn default() -> MatchOptions {
        MatchOptions {
            case: CasePolicy::Smart,
            fold_diacritics: true,
        }
    }
}

/// What the gazetteer knows of every entity, as written to the output, one
/// record after another in one string: a byte saying whether the
/// population is known, the lengths of the id, the type and the canonical
/// name in four bytes each (seven bits a byte, so the record stays ASCII up
/// to its names), then the three names. An entity is named by where its
/// record starts, so a hit reads all of it from one or two cache lines (a
/// struct pointing at three strings cost a cache miss for each, and a table
/// of structs beside the names one more, in a dictionary of 100k entities).
#[derive(Debug, Default)]
struct Entities {
    data: String,
    count: usize,
}

/// The bytes of an [`Entities`] record before its names.
const ENTITY_HEAD: usize = 13;

impl Entities {
    /// Adds an entity; returns where its record starts.
    fn push(&mut self, population: u64, id: &str, entity_type: &str, canonical: &str) -> u32 {
        let at = u32::try_from(self.data.len()).expect("entity names fit in 4 GiB");
        self.data.push(if population == 0 { '0' } else { '1' });
        for name in [id, entity_type, canonical] {
            let n = u32::try_from(name.len()).ok().filter(|&n| n < 1 << 28);
            let n = n.expect("an entity name is shorter than 256 MiB");
            for k in 0..4 {
                self.data.push(char::from((n >> (7 * k) & 0x7f) as u8));
            }
        }
        for name in [id, entity_type, canonical] {
            self.data.push_str(name);
        }
        // Record starts stay below 4 GiB.
        let _ = u32::try_from(self.data.len()).expect("entity names fit in 4 GiB");
        self.count += 1;
        at
    }

    fn len(&self) -> usize {
        self.count
    }

    /// The length written at byte `at` of the records.
    #[inline]
    fn length(head: &[u8], at: usize) -> usize {
        let b = head.get(at..at + 4).unwrap_or(&[0; 4]);
        b.iter()
            .rev()
            .fold(0, |n, &x| n << 7 | usize::from(x & 0x7f))
    }

    /// True when the entity's population is known.
    #[inline]
    fn has_population(&self, e: u32) -> bool {
        self.data.as_bytes().get(e as usize) == Some(&b'1')
    }

    /// The entity's id, type and canonical name.
    #[inline]
    fn names(&self, e: u32) -> (&str, &str, &str) {
        let at = e as usize;
        let head = self
            .data
            .as_bytes()
            .get(at..at + ENTITY_HEAD)
            .unwrap_or(&[]);
        let (id, ty, canonical) = (
            Self::length(head, 1),
            Self::length(head, 5),
            Self::length(head, 9),
        );
        let from = at + ENTITY_HEAD;
        let names = self
            .data
            .get(from..from + id + ty + canonical)
            .unwrap_or("");
        let (id, rest) = names.split_at_checked(id).unwrap_or((names, ""));
        let (ty, canonical) = rest.split_at_checked(ty).unwrap_or((rest, ""));
        (id, ty, canonical)
    }

    #[inline]
    fn id(&self, e: u32) -> &str {
        self.names(e).0
    }

    fn memory_usage(&self) -> usize {
        self.data.capacity()
    }
}

/// One alias of one entity behind a folded surface.
#[derive(Debug, Clone, Copy)]
struct Variant {
    entity: u32,
    /// Bit k: the k-th folded char comes from an upper-case letter of the alias.
    upper: u64,
    /// `upper` without the capitals of Arabic and other name particles
    /// ("Al", "Abu" in "Al-Anbar"), which news writes either way.
    name_upper: u64,
    /// Bit k: the k-th folded char comes from a lower-case letter of the alias.
    lower: u64,
    flags: u8,
    /// The first letter after the leading particles is a capital in the
    /// alias ("al-Anbar", "Abu al-Baghdadi"), so a match that starts
    /// lower-case needs a capital there too.
    capital_name: bool,
    /// The alias opens with a lower-case word that is no particle, and
    /// the first word after it that is no particle starts with a capital
    /// ("the Kremlin", "anti-ISIS"): a match needs that capital in the text.
    capital_second: bool,
}

const HAS_UPPER: u8 = 1;
const ACRONYM: u8 = 2;
const PLURAL_OK: u8 = 4;
const CANONICAL: u8 = 8;
/// A bare acronym of one or two letters ("IS", "US"): a word in a shouted line.
const SHORT_ACRONYM: u8 = 16;
/// The entity is a place (type GPE or LOC). The type and population bits
/// are copied into each variant so the checks of a hit never load the
/// entity itself, a cache miss per hit in a dictionary of 100k entities.
const PLACE: u8 = 32;
/// The entity is a nationality or group (type NORP).
const NORP: u8 = 64;
/// The entity is a place with fewer than [`MINOR_PLACE`] people.
const SMALL: u8 = 128;

/// Pattern flag: the surface is a common English word.
const COMMON: u8 = 1;
/// Pattern flag: the surface never matches except as an acronym.
const NEVER: u8 = 2;
/// Pattern flag: a shorter pattern ends at a word boundary inside this one.
const SHRINK: u8 = 4;
/// Pattern flag: the surface has more than one word (a space).
const SPACED: u8 = 8;

/// What the checks of a hit need of its pattern, in one place (and in the
/// [`WordTable`] slot of a one-word pattern), so that a hit does not wait
/// for two more cache misses before it reads its variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PatternInfo {
    /// `variants[first..end]` are the pattern's variants, best first; the
    /// first also tells the pattern from every other.
    first: u32,
    end: u32,
    /// [`COMMON`], [`NEVER`], [`SHRINK`], [`SPACED`].
    flags: u8,
}

/// Places smaller than this, named by one word, are dropped when the word
/// is glued to another capitalised word ("Hiram Walker", "Bethlehem Steel").
const MINOR_PLACE: u64 = 500_000;

/// Scratch buffers for [`Gazetteer::find_into`], reused across documents.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The whole text folded, for [`Gazetteer::raw_scan`].
    norm: Vec<u8>,
    map: Vec<u32>,
    /// The folded window at a word start.
    window: FoldBuf,
    /// Minor one-word places accepted in this document: (index in out, pattern).
    minor: Vec<(usize, usize)>,
    /// Patterns seen glued to a personal or company name in this document.
    glued: Vec<usize>,
    /// Match candidates at one start: (end, pattern), longest first.
    ends: Vec<(usize, PatternInfo)>,
    /// The patterns a walk finds: (end, pattern).
    walked: Vec<(usize, usize)>,
}

/// A compiled gazetteer, built once and shared by every thread.
///
/// ```
/// use lede_gazetteer::{Dictionary, Gazetteer, MatchOptions};
///
/// let d = Dictionary::parse("d.tsv", "mosul\tGPE\tMosul\tAl Mawsil\n").unwrap();
/// let g = Gazetteer::build(&[d], &["of", "to"], MatchOptions::default());
/// let found = g.find("Troops entered Mosul's old city.", &[]);
/// assert_eq!(found[0].id, "mosul");
/// assert_eq!((found[0].span.start, found[0].span.end), (15, 20));
/// ```
pub struct Gazetteer {
    engine: Engines,
    /// Per pair of raw ASCII bytes (bit `b0 << 8 | b1`): whether a start
    /// with them may begin an alias, as the first two-byte tests of the
    /// search say (`lower_first_words` for a lower-case letter, else
    /// `first_words`; a second byte outside ASCII passes): one lookup
    /// with no branch on the letter's case, which is hard to predict.
    pairs: Vec<u64>,
    first_words: FirstWords,
    /// The patterns by their first word, for words that start no longer
    /// pattern here: see [`Gazetteer::word_ends`].
    words: WordTable,
    /// First words of the patterns that may start at a lower-case letter
    /// under the case policy ("al" of "al-Anbar"); `None` when case is
    /// ignored.
    lower_first_words: Option<FirstWords>,
    /// The subset of `lower_first_words` whose patterns may match with no
    /// capital after the leading particles; the others ("as" of
    /// "as-Sulaymaniyah") walk only when the text has that capital, which
    /// keeps "as the", "at least" and "an attack" off the automaton.
    lower_loose_words: Option<FirstWords>,
    /// The first words of patterns like "the Kremlin" (see
    /// `Variant::capital_second`): out of `lower_loose_words`, they walk
    /// only when the word after them has a capital, so "the" of running
    /// text stays off the automaton.
    lower_second_words: Option<FirstWords>,
    /// The same patterns as `lower_first_words`, exactly, by first word:
    /// see [`LowerWords`].
    lower_words: Option<LowerWords>,
    /// Per pattern: its variants and flags.
    patterns: Vec<PatternInfo>,
    variants: Vec<Variant>,
    entities: Entities,
    options: MatchOptions,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("patterns", &self.pattern_count())
            .field("entities", &self.entities.len())
            .field("options", &self.options)
            .finish()
    }
}

/// Types whose names take no plural "s" ("Omans", "Dillons" are not mentions).
fn plural_allowed(entity_type: &str) -> bool {
    // "Economists" is not The Economist, nor "Omans" Oman.
    !matches!(entity_type, "GPE" | "LOC" | "PERSON" | "FAC" | "OUTLET")
}

/// Name particles whose capital is optional under smart case ("al-Abadi" is
/// "Al-Abadi"); only before another word of the name.
const PARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "at", "an", "ash", "az", "ez", "ed", "es", "abu", "abo", "ibn",
    "bin", "bint", "um", "umm", "de", "da", "di", "du", "del", "der", "den", "van", "von", "la",
    "le",
];

/// Locative words after which a common word may still be a place ("in Deal").
const PLACE_CUES: &[&str] = &[
    "in", "at", "near", "from", "to", "into", "outside", "around", "towards", "toward", "via",
    "of", "across", "through",
];

impl Gazetteer {
    /// Compiles dictionaries (earlier ones win ties) with a list of common
    /// words (lower-case surfaces that are mostly ordinary English words).
    pub fn build<S: AsRef<str>>(
        dictionaries: &[Dictionary],
        common_words: &[S],
        options: MatchOptions,
    ) -> Gazetteer {
        Gazetteer::build_with_automaton(dictionaries, common_words, options, "contiguous-nfa")
    }

    /// [`build`](Gazetteer::build) with another search engine, for the
    /// benchmark that chose the default: `"contiguous-nfa"` (the default),
    /// `"contiguous-nfa:dense=N"`, `"noncontiguous-nfa"`, `"dfa"` (anchored
    /// walks over that automaton).
    #[doc(hidden)]
    pub fn build_with_automaton<S: AsRef<str>>(
        dictionaries: &[Dictionary],
        common_words: &[S],
        options: MatchOptions,
        automaton: &str,
    ) -> Gazetteer {
        // Every alias goes into one arena and one flat list, sorted by
        // surface then rank: no per-alias or per-pattern allocation, which
        // is what a million-alias dictionary pays for.
        struct Folded {
            at: u32,
            len: u32,
            rank: (u32, std::cmp::Reverse<u64>, u32),
            variant: Variant,
        }
        let mut entities = Entities::default();
        let mut arena: Vec<u8> = Vec::new();
        let mut folded: Vec<Folded> = Vec::new();
        let (mut buf, mut map, mut sources) = (Vec::new(), Vec::new(), Vec::new());
        let mut order = 0u32;
        for (di, dict) in dictionaries.iter().enumerate() {
            for entry in &dict.entries {
                // Entries without a population rank below those with one.
                let pop = entry.population.map_or(0, |p| p.saturating_add(1));
                let entity = entities.push(pop, &entry.id, &entry.entity_type, &entry.canonical);
                order += 1;
                let plural = plural_allowed(&entry.entity_type);
                let first_of_entry = folded.len();
                let aliases = std::iter::once(&entry.canonical).chain(entry.aliases.iter());
                for (k, alias) in aliases.enumerate() {
                    normalize_alias_into(
                        alias,
                        options.fold_diacritics,
                        &mut buf,
                        &mut map,
                        &mut sources,
                    );
                    if buf.is_empty() {
                        continue;
                    }
                    let mut v = variant_for(entity, &sources, plural);
                    if k == 0 {
                        v.flags |= CANONICAL;
                    }
                    v.flags |= match entry.entity_type.as_str() {
                        "GPE" | "LOC" if pop < MINOR_PLACE => PLACE | SMALL,
                        "GPE" | "LOC" => PLACE,
                        "NORP" => NORP,
                        _ => 0,
                    };
                    // The same surface with the same capitals twice in one
                    // entry ("Tikrīt", "Tikrit") is one variant.
                    let dup = folded[first_of_entry..].iter().any(|f| {
                        f.variant.upper == v.upper
                            && &arena[f.at as usize..(f.at + f.len) as usize] == buf.as_slice()
                    });
                    if dup {
                        continue;
                    }
                    folded.push(Folded {
                        at: arena.len() as u32,
                        len: buf.len() as u32,
                        rank: (di as u32, std::cmp::Reverse(pop), order),
                        variant: v,
                    });
                    arena.extend_from_slice(&buf);
                }
            }
        }
        let surface = |f: &Folded| &arena[f.at as usize..(f.at + f.len) as usize];
        folded.sort_unstable_by(|a, b| surface(a).cmp(surface(b)).then(a.rank.cmp(&b.rank)));
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut starts = Vec::new();
        let mut variants = Vec::with_capacity(folded.len());
        for f in &folded {
            let s = surface(f);
            if patterns.last() != Some(&s) {
                patterns.push(s);
                starts.push(variants.len() as u32);
            }
            variants.push(f.variant);
        }
        starts.push(variants.len() as u32);
        let mut common_set: HashSet<Vec<u8>> = HashSet::new();
        let mut never_set: HashSet<Vec<u8>> = HashSet::new();
        for w in common_words {
            let w = w.as_ref();
            let (set, w) = match w.strip_prefix('!') {
                Some(rest) => (&mut never_set, rest),
                None => (&mut common_set, w),
            };
            let n = normalize_alias(w, options.fold_diacritics).0;
            if !n.is_empty() {
                set.insert(n);
            }
        }
        let pattern_flags: Vec<u8> = patterns
            .iter()
            .map(|&p| {
                let mut f = 0;
                if common_set.contains(p) {
                    f |= COMMON;
                }
                if never_set.contains(p) {
                    f |= NEVER;
                }
                // Patterns are sorted, so a shorter pattern is a binary search away.
                let shorter = p.iter().enumerate().any(|(k, &b)| {
                    k > 0
                        && b < 0x80
                        && !b.is_ascii_alphanumeric()
                        && patterns.binary_search(&&p[..k]).is_ok()
                });
                if shorter {
                    f |= SHRINK;
                }
                if p.contains(&b' ') {
                    f |= SPACED;
                }
                f
            })
            .collect();

        // The automaton and its search: see `Engine`.
        let engine = Engines::build(automaton, &patterns);
        let first_words = FirstWords::new(patterns.iter().copied());
        let pattern_info: Vec<PatternInfo> = (0..patterns.len())
            .map(|p| PatternInfo {
                first: starts[p],
                end: starts[p + 1],
                flags: pattern_flags[p],
            })
            .collect();
        let words = WordTable::new(&patterns, &pattern_info);
        let may_start_lower = |v: &Variant| match options.case {
            CasePolicy::Insensitive => true,
            CasePolicy::Sensitive => v.upper & 1 == 0,
            // A common-word pattern needs `upper`, a superset of
            // `name_upper`, so testing `name_upper` keeps every pattern
            // that can start lower-case.
            CasePolicy::Smart => v.flags & HAS_UPPER != 0 && v.name_upper & 1 == 0,
        };
        let lower_words = |keep: &dyn Fn(&Variant) -> bool| {
            FirstWords::new(patterns.iter().enumerate().filter_map(|(p, &s)| {
                variants[starts[p] as usize..starts[p + 1] as usize]
                    .iter()
                    .any(|v| may_start_lower(v) && keep(v))
                    .then_some(s)
            }))
        };
        let (lower_first_words, lower_loose_words, lower_second_words) = match options.case {
            CasePolicy::Insensitive => (None, None, None),
            _ => (
                Some(lower_words(&|_| true)),
                Some(lower_words(&|v| !v.capital_name && !v.capital_second)),
                Some(lower_words(&|v| !v.capital_name && v.capital_second)),
            ),
        };
        let lower_words = (options.case != CasePolicy::Insensitive).then(|| {
            LowerWords::new(patterns.iter().enumerate().filter_map(|(p, &s)| {
                variants[starts[p] as usize..starts[p + 1] as usize]
                    .iter()
                    .any(may_start_lower)
                    .then_some(s)
            }))
        });
        let mut pairs = vec![0u64; 1 << 10];
        for b0 in 0..0x80u8 {
            for b1 in 0..=0xffu8 {
                let pass = match fold_ascii_byte(b1) {
                    None => true,
                    Some(f1) => match &lower_first_words {
                        Some(lower) if b0.is_ascii_lowercase() => lower.may_start(&[b0, f1], 0),
                        _ => {
                            let f0 = fold_ascii_byte(b0).unwrap_or(b0);
                            first_words.may_start(&[f0, f1], 0)
                        }
                    },
                };
                let k = usize::from(b0) << 8 | usize::from(b1);
                pairs[k >> 6] |= u64::from(pass) << (k & 63);
            }
        }
        Gazetteer {
            engine,
            pairs,
            first_words,
            words,
            lower_first_words,
            lower_loose_words,
            lower_second_words,
            lower_words,
            patterns: pattern_info,
            variants,
            entities,
            options,
        }
    }

    /// The automaton's kind and heap bytes, for the benchmark report.
    #[doc(hidden)]
    pub fn automaton_info(&self) -> String {
        let name = match self.engine.parts.first() {
            Some(Engine::Noncontiguous(_)) => "anchored walks, noncontiguous NFA",
            Some(Engine::Dfa(_)) => "anchored walks, DFA",
            _ => "anchored walks, contiguous NFA",
        };
        format!(
            "{name} in {} parts, {} bytes",
            self.engine.parts.len(),
            self.engine.memory_usage()
        )
    }

    /// The number of distinct folded surfaces.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The number of entities.
    pub fn entity_count(&self) -> usize {
        self.entities.len()
    }

    /// Heap bytes of the automaton and the gazetteer's own tables.
    pub fn memory_usage(&self) -> usize {
        self.engine.memory_usage()
            + self.first_words.memory_usage()
            + self.pairs.capacity() * 8
            + self.words.memory_usage()
            + self
                .lower_first_words
                .as_ref()
                .map_or(0, FirstWords::memory_usage)
            + self
                .lower_loose_words
                .as_ref()
                .map_or(0, FirstWords::memory_usage)
            + self
                .lower_second_words
                .as_ref()
                .map_or(0, FirstWords::memory_usage)
            + self
                .lower_words
                .as_ref()
                .map_or(0, LowerWords::memory_usage)
            + self.patterns.capacity() * std::mem::size_of::<PatternInfo>()
            + self.variants.capacity() * std::mem::size_of::<Variant>()
            + self.entities.memory_usage()
    }

    /// Folds `text` (whole) and counts its folded bytes, or, with `search`,
    /// runs the search without the checks and counts raw automaton hits: the
    /// throughput example splits the stage's time with it.
    #[doc(hidden)]
    pub fn raw_scan(&self, text: &str, scratch: &mut Scratch, search: bool) -> usize {
        if !search {
            normalize(
                text,
                self.options.fold_diacritics,
                &mut scratch.norm,
                &mut scratch.map,
            );
            return scratch.norm.len();
        }
        let mut hits = 0;
        self.search(text, scratch, |_, map, ends| {
            hits += ends.len();
            ends.first().map(|&(e, _)| map[e] as usize)
        });
        hits
    }

    /// The entity mentions in `text`, in text order. `tokens` (may be empty)
    /// keeps matches out of web addresses and e-mail addresses.
    pub fn find(&self, text: &str, tokens: &[Token]) -> Vec<Entity> {
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        self.find_into(text, tokens, &mut scratch, &mut out);
        out
    }

    /// Like [`find`](Gazetteer::find), appending to `out` and reusing `scratch`.
    pub fn find_into(
        &self,
        text: &str,
        tokens: &[Token],
        scratch: &mut Scratch,
        out: &mut Vec<Entity>,
    ) {
        let text = within_offsets(text);
        let mut minor = std::mem::take(&mut scratch.minor);
        let mut glued = std::mem::take(&mut scratch.glued);
        minor.clear();
        glued.clear();
        self.search(text, scratch, |hay, map, ends| {
            // Longest first: the longest surface at a start may fail a check
            // that a shorter one passes ("US Army" written "US army").
            for &(ne, pattern) in ends {
                if let Some((entity, end, is_minor)) =
                    self.accept(text, hay, map, tokens, 0, ne, pattern, &mut glued)
                {
                    if is_minor {
                        minor.push((out.len(), pattern.first as usize));
                    }
                    out.push(entity);
                    return map.get(end).map(|&m| m as usize);
                }
            }
            None
        });
        scratch.minor = minor;
        scratch.glued = glued;
        // One sense per document: "Alex Ferguson" anywhere makes every
        // "Ferguson" of the document a name, not the town in Missouri.
        if !scratch.glued.is_empty() && !scratch.minor.is_empty() {
            let drop: Vec<usize> = scratch
                .minor
                .iter()
                .filter(|(_, p)| scratch.glued.contains(p))
                .map(|(i, _)| *i)
                .collect();
            let mut k = 0;
            out.retain(|_| {
                k += 1;
                drop.binary_search(&(k - 1)).is_err()
            });
        }
    }

    /// Runs over `text` once, and at every word start that may begin an
    /// alias folds the text from there (only as far as the automaton walks)
    /// and walks the automaton. `check` gets the folded window, its map back
    /// to `text` and the patterns found, longest first; it returns the byte
    /// of `text` to go on from after a match, or `None` to skip the word.
    ///
    /// A start is a char that is not a space or a dash and does not follow a
    /// letter or digit. Folding only around starts that pass the filters
    /// (case, first two bytes, hashed first word) is what makes the stage
    /// fast: most words start lower-case and most capitalised words start
    /// no alias, so most of the text is read once and never copied.
    fn search<F>(&self, text: &str, scratch: &mut Scratch, mut check: F)
    where
        F: FnMut(&[u8], &[u32], &[(usize, PatternInfo)]) -> Option<usize>,
    {
        let text = within_offsets(text);
        let bytes = text.as_bytes();
        let fold = self.options.fold_diacritics;
        // True when the char before `i` is a letter or digit.
        let mut glued = false;
        let mut i = 0;
        'scan: while i < bytes.len() {
            // 32 ASCII bytes at a time: the word starts among them are
            // the bits of one mask, so the bytes inside words (most of the
            // text) cost no branch at all. A block stops before its first
            // byte outside ASCII, which the char-by-char path below takes.
            let block = wide_block(&bytes[i..]);
            if block.len > 0 {
                // The first two bytes of every start, in a loop with no
                // branch on the answers (the text's last byte passes, as a
                // byte outside ASCII after it would).
                let mut pass = 0u32;
                let mut all = block.starts(glued);
                while all != 0 {
                    let k = all.trailing_zeros();
                    all &= all - 1;
                    let at = i + k as usize;
                    let b1 = bytes.get(at + 1).copied().unwrap_or(0x80);
                    let pair = usize::from(bytes[at]) << 8 | usize::from(b1);
                    pass |= ((self.pairs[pair >> 6] >> (pair & 63)) as u32 & 1) << k;
                }
                let mut starts = pass;
                while starts != 0 {
                    let at = i + starts.trailing_zeros() as usize;
                    starts &= starts - 1;
                    let b = bytes[at];
                    if b.is_ascii_lowercase() {
                        if !self.lower_may_start(bytes, at) {
                            continue;
                        }
                        // The word, when it ends inside the block (so an
                        // ASCII byte follows it), asked of the exact table.
                        let o = at - i;
                        let run = (block.alnum >> o).trailing_ones() as usize;
                        if o + run < block.len
                            && self
                                .lower_words
                                .as_ref()
                                .is_some_and(|l| !l.may_match(bytes, at, run))
                        {
                            continue;
                        }
                    }
                    if let Some(next) = self.try_start(text, at, b as char, scratch, &mut check) {
                        if next > at {
                            i = next;
                            glued = text[..i].chars().next_back().is_some_and(is_word_char);
                            continue 'scan;
                        }
                    }
                }
                glued = block.ends_in_word();
                i += block.len;
                continue;
            }
            // A char outside ASCII.
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            let len = c.len_utf8();
            if is_space_like(c) {
                glued = false;
            } else if is_dropped(c, fold) {
                // A combining mark leaves `glued` as its base char set it.
            } else if glued {
                glued = is_word_char(c);
            } else {
                if let Some(next) = self.try_start(text, i, c, scratch, &mut check) {
                    if next > i {
                        i = next;
                        glued = text[..i].chars().next_back().is_some_and(is_word_char);
                        continue;
                    }
                }
                glued = is_word_char(c);
            }
            i += len;
        }
    }

    /// False when the lower-case ASCII letter at `i` cannot begin any
    /// alias that may start lower-case ("al-", "de"): its first two bytes
    /// settle it for most words.
    #[inline]
    fn lower_may_start(&self, bytes: &[u8], i: usize) -> bool {
        let Some(lower) = &self.lower_first_words else {
            return true;
        };
        match bytes.get(i + 1).map_or(Some(0), |&b| fold_ascii_byte(b)) {
            Some(b1) if !lower.may_start(&[bytes[i], b1], 0) => false,
            // Three bytes turn away "and", "also" and "that" too, which
            // two ("an", "al", "th") let through to be hashed.
            Some(b1) => match bytes.get(i + 2).map(|&b| fold_ascii_byte(b)) {
                Some(Some(b2)) => lower.may_start3(bytes[i], b1, b2),
                _ => true,
            },
            None => true,
        }
    }

    /// The filters and the walk at one start `i` (char `c`); the byte to go
    /// on from when `check` accepts a match.
    ///
    /// The first filters, which turn away most starts, are inlined into the
    /// scan: an ASCII word whose first two bytes or hashed first word begin
    /// no alias costs no call. The rest is [`Gazetteer::try_known`].
    #[inline(always)]
    fn try_start<F>(
        &self,
        text: &str,
        i: usize,
        c: char,
        scratch: &mut Scratch,
        check: &mut F,
    ) -> Option<usize>
    where
        F: FnMut(&[u8], &[u32], &[(usize, PatternInfo)]) -> Option<usize>,
    {
        let filter = match &self.lower_first_words {
            Some(lower) if c.is_lowercase() => lower,
            _ => &self.first_words,
        };
        let bytes = text.as_bytes();
        let two = (
            fold_ascii_byte(bytes[i]),
            bytes.get(i + 1).map_or(Some(0), |&b| fold_ascii_byte(b)),
        );
        if let (Some(b0), Some(b1)) = two {
            if !filter.may_start(&[b0, b1], 0) {
                return None;
            }
            if let Some(word) = AsciiWord::at(bytes, i) {
                let (h, singular) = (word.hash(), word.singular_hash());
                if !filter.contains_hash(h) && !singular.is_some_and(|s| filter.contains_hash(s)) {
                    return None;
                }
                return self.try_known(text, i, c, Some(word), scratch, check);
            }
        }
        self.try_known(text, i, c, None, scratch, check)
    }

    /// [`Gazetteer::try_start`] past its first filters: `word` is the ASCII
    /// first word that passed them, or `None` to test the start from the
    /// beginning (a first word outside ASCII or not followed by ASCII).
    #[inline(never)]
    fn try_known<F>(
        &self,
        text: &str,
        i: usize,
        c: char,
        word: Option<AsciiWord>,
        scratch: &mut Scratch,
        check: &mut F,
    ) -> Option<usize>
    where
        F: FnMut(&[u8], &[u32], &[(usize, PatternInfo)]) -> Option<usize>,
    {
        let filter = match &self.lower_first_words {
            Some(lower) if c.is_lowercase() => lower,
            _ => &self.first_words,
        };
        let passed = word.is_some();
        let bytes = text.as_bytes();
        let fold = self.options.fold_diacritics;
        let first_two = match (
            fold_ascii_byte(bytes[i]),
            bytes.get(i + 1).map_or(Some(0), |&b| fold_ascii_byte(b)),
        ) {
            (Some(b0), Some(b1)) => Some([b0, b1]),
            _ => None,
        };
        let mut win = Window {
            text,
            next: i,
            fold,
            buf: &mut scratch.window,
        };
        win.buf.clear();
        let pass = passed
            || match first_two {
                Some(two) => filter.may_start(&two, 0),
                None => {
                    win.has(1);
                    filter.may_start(win.buf.bytes(), 0)
                }
            };
        if !pass {
            return None;
        }
        // The first word, folded. An ASCII word followed by ASCII (nearly
        // every word) folds to its lower-case letters: hash those in place,
        // eight at a time. The hash without a final "s" is the plural's
        // ("pmus"), which is not among the dictionary's first words.
        // The end of an ASCII first word: where the pair test looks on.
        let mut first_end = None;
        let word = if passed {
            word
        } else {
            AsciiWord::at(bytes, i)
        };
        let (h, h_singular) = if let Some(key) = &word {
            first_end = Some(i + key.len);
            (key.hash(), key.singular_hash())
        } else {
            let mut r;
            loop {
                r = word_end(win.buf.bytes(), 0);
                if r < win.buf.len() || !win.has(win.buf.len()) {
                    break;
                }
            }
            let run = &win.buf.bytes()[..r];
            let singular = (run.len() > 1 && run.last() == Some(&b's'))
                .then(|| word_hash(&run[..run.len() - 1]));
            (word_hash(run), singular)
        };
        let known =
            |f: &FirstWords| f.contains_hash(h) || h_singular.is_some_and(|s| f.contains_hash(s));
        if !passed && !known(filter) {
            return None;
        }
        let alone =
            |f: &FirstWords| f.walks_alone(h) || h_singular.is_some_and(|s| f.walks_alone(s));
        // The word after the first, once looked at.
        let mut next_word = None;
        if let Some(end) = first_end.filter(|_| !alone(filter)) {
            // Every pattern that starts with this word goes on with a space
            // and a second word: the text must too. Its first byte settles
            // most of them before the word is hashed.
            if let Some(b) = next_word_byte(bytes, end) {
                if !filter.may_pair_byte(h, b) {
                    return None;
                }
            }
            let next = next_word.insert(next_ascii_word(bytes, end));
            match next {
                NextWord::None => return None,
                NextWord::Word(second) => {
                    let paired = |h2| filter.contains_pair(h, h2);
                    if !paired(second.hash()) && !second.singular_hash().is_some_and(paired) {
                        return None;
                    }
                }
                NextWord::Unknown => {}
            }
        }
        if c.is_lowercase()
            && self.lower_loose_words.as_ref().is_some_and(|l| !known(l))
            && !capital_after_particles(text, i)
            && !(self.lower_second_words.as_ref().is_some_and(known)
                && capital_after_particles(text, name_word_end(text, i)))
        {
            return None;
        }
        let first = match first_two {
            Some([b0, _]) => b0,
            None => win.buf.bytes().first().copied().unwrap_or(0),
        };
        scratch.ends.clear();
        let walk = match (&word, first_end) {
            (Some(word), Some(end)) if word.len <= 16 => {
                self.word_ends(word, bytes, end, &mut next_word, &mut scratch.ends)
            }
            _ => true,
        };
        if walk {
            scratch.walked.clear();
            self.engine.walk(first, &mut win, &mut scratch.walked);
            let patterns = &self.patterns;
            (scratch.ends).extend(scratch.walked.iter().map(|&(e, p)| (e, patterns[p])));
        }
        let longest = scratch.ends.first()?.0;
        // The checks look up to three bytes past a match ("'s" + a letter),
        // and the char there may take four.
        win.fill(longest + 6);
        let next = check(win.buf.bytes(), win.buf.map(), &scratch.ends)?;
        Some(next)
    }

    /// The patterns at a start whose first word is the short ASCII `word`
    /// ending at byte `end` of the text, from the [`WordTable`] instead of a
    /// walk, as the walk would give them that the checks do not turn away
    /// at once: the word itself and the word without a final "s" (a plural).
    /// A pattern that ends inside the word otherwise always fails the end
    /// boundary, before any other check. Returns true, with `ends` left
    /// empty, when a longer pattern may go on from the word in the text:
    /// then the automaton walks.
    ///
    /// Most words that reach the automaton name one-word entities
    /// ("Baghdad", "Reuters"): a probe costs less than a walk through
    /// several states of the automaton, and turns away at once the words
    /// that only collide with a first word in [`FirstWords`].
    #[inline]
    fn word_ends(
        &self,
        word: &AsciiWord,
        bytes: &[u8],
        end: usize,
        next_word: &mut Option<NextWord>,
        ends: &mut Vec<(usize, PatternInfo)>,
    ) -> bool {
        if let Some(slot) = self.words.get(word.key) {
            // A longer pattern goes on with the byte that follows the word
            // in the folded text (ASCII: `AsciiWord` stops before anything
            // else), or not at all where the text ends.
            let next_byte = bytes.get(end).and_then(|&b| fold_ascii_byte(b));
            if next_byte.is_some_and(|b| slot.goes_on & goes_on_bit(b) != 0) {
                return true;
            }
            if next_byte == Some(b' ') && slot.goes_on & ON_WORD != 0 {
                let h = word.hash();
                let paired = |h2| self.first_words.contains_pair(h, h2);
                let next = next_word.get_or_insert_with(|| next_ascii_word(bytes, end));
                let goes_on = match next {
                    NextWord::None => false,
                    NextWord::Word(second) => {
                        paired(second.hash()) || second.singular_hash().is_some_and(paired)
                    }
                    NextWord::Unknown => true,
                };
                if goes_on {
                    return true;
                }
            }
            if slot.pattern.first != NO_PATTERN {
                ends.push((word.len, slot.pattern));
            }
        }
        if word.singular_hash().is_some() {
            // The word without its final "s": no pattern that goes on after
            // it matches here, where the text has that "s".
            let n = word.len - 1;
            let mut key = word.key;
            key[n / 8] &= !(0xff << (8 * (n % 8)));
            if let Some(slot) = self.words.get(key) {
                if slot.pattern.first != NO_PATTERN {
                    ends.push((n, slot.pattern));
                }
            }
        }
        false
    }

    /// Checks one automaton hit `[ns, ne)` of the folded copy; on success
    /// gives the entity and where the next search starts.
    #[allow(clippy::too_many_arguments)]
    fn accept(
        &self,
        text: &str,
        hay: &[u8],
        map: &[u32],
        tokens: &[Token],
        ns: usize,
        ne: usize,
        pattern: PatternInfo,
        glued: &mut Vec<usize>,
    ) -> Option<(Entity, usize, bool)> {
        // End boundary, with the possessive ("PMU's", "Reuters'") and plural
        // ("PMUs") forms; the plural "s" joins the span, the possessive not.
        let mut plural = false;
        let mut end = ne;
        if char_at(hay, ne).is_some_and(is_word_char) {
            if hay[ne..].starts_with(b"'s") && !char_at(hay, ne + 2).is_some_and(is_word_char) {
            } else if hay[ne] == b's' && !char_at(hay, ne + 1).is_some_and(is_word_char) {
                plural = true;
                end = ne + 1;
            } else {
                return None;
            }
        }
        let start = *map.get(ns)? as usize;
        let stop = *map.get(end)? as usize;
        if start >= stop || stop > text.len() {
            return None;
        }
        if !tokens.is_empty() && address_like(text, start, stop) && in_address(tokens, start) {
            return None;
        }
        let range = pattern.first as usize..pattern.end as usize;
        let smart = self.options.case == CasePolicy::Smart;
        let pflags = pattern.flags;
        let common_pattern = pflags & COMMON != 0 && smart;
        let never = pflags & NEVER != 0 && smart;
        let mut context: Option<bool> = None;
        // Per hit, not per variant: "Springfield" has dozens of variants.
        let mut org: Option<bool> = None;
        let mut glue: Option<Glue> = None;
        let mut headline: Option<bool> = None;
        let mut chosen: Option<u32> = None;
        let mut chosen_variant: Option<&Variant> = None;
        let mut candidates: Vec<String> = Vec::new();
        for v in &self.variants[range] {
            if plural && v.flags & PLURAL_OK == 0 {
                continue;
            }
            // Acronyms are exact-case already, so "US" is no common word.
            let acronym = v.flags & ACRONYM != 0;
            if never && !acronym {
                continue;
            }
            let common = common_pattern && !acronym;
            if !self.case_ok(v, text, hay, map, ns, ne, common) {
                continue;
            }
            if common
                && !*context.get_or_insert_with(|| self.common_word_context(text, start, stop))
            {
                continue;
            }
            if smart && v.flags & SHORT_ACRONYM != 0 && shouted(text, start, stop) {
                continue;
            }
            if smart
                && !acronym
                && v.flags & (PLACE | NORP) != 0
                && *org.get_or_insert_with(|| in_org_name(text, start, stop))
            {
                continue;
            }
            if smart && !acronym && self.is_one_word_place(v, pflags) {
                match *glue.get_or_insert_with(|| glued_to_name(text, start, stop)) {
                    Glue::None => {}
                    // A big place keeps its name next to a capitalised word
                    // ("Baghdad Airport"), but not after a given name
                    // ("Jeffrey Leeds") or a title.
                    Glue::After if !self.is_minor_place(v, pflags) => {}
                    // In a title-case headline every word is capitalised,
                    // so a capitalised neighbour says nothing. Asked last:
                    // it reads the whole line.
                    _ if *headline.get_or_insert_with(|| title_case_line(text, start, stop)) => {}
                    _ => {
                        // Only small places carry the sense to the whole
                        // document: one "George Washington University"
                        // must not undo every "Washington".
                        let id = pattern.first as usize;
                        if self.is_minor_place(v, pflags) && !glued.contains(&id) {
                            glued.push(id);
                        }
                        continue;
                    }
                }
            }
            // A state abbreviation before a capitalised word is an initial
            // ("N.M. Rothschild").
            if smart
                && hay[ne - 1] == b'.'
                && !self.entities.has_population(v.entity)
                && text[stop..].strip_prefix(' ').is_some_and(|r| {
                    let mut cs = r.chars();
                    cs.next().is_some_and(char::is_uppercase)
                        && cs.next().is_some_and(char::is_lowercase)
                })
            {
                continue;
            }
            match chosen {
                None => {
                    chosen = Some(v.entity);
                    chosen_variant = Some(v);
                }
                Some(c) if c == v.entity => {}
                Some(_) => {
                    let id = self.entities.id(v.entity);
                    if !candidates.iter().any(|x| x.as_str() == id) {
                        candidates.push(String::from(id));
                    }
                }
            }
        }
        let chosen = chosen?;
        let (id, entity_type, canonical) = self.entities.names(chosen);
        candidates.retain(|c| c.as_str() != id);
        let minor = smart && chosen_variant.is_some_and(|v| self.is_minor_place(v, pflags));
        Some((
            Entity {
                span: Span::new(start, stop),
                id: String::from(id),
                entity_type: String::from(entity_type),
                canonical: String::from(canonical),
                candidates,
            },
            end,
            minor,
        ))
    }

    /// A place small enough, and named by one word, that a person or a
    /// company of the same name is likelier ("Wilson", "Campbell").
    /// A place (GPE or LOC) named by one word.
    fn is_one_word_place(&self, v: &Variant, pattern_flags: u8) -> bool {
        v.flags & PLACE != 0 && pattern_flags & SPACED == 0
    }

    /// An alternate name counts as minor whatever the population: GeoNames
    /// lists "Ariel" for Jerusalem and "Rio" for Rio de Janeiro.
    fn is_minor_place(&self, v: &Variant, pattern_flags: u8) -> bool {
        v.flags & (SMALL | CANONICAL) != CANONICAL
            && v.flags & PLACE != 0
            && pattern_flags & SPACED == 0
    }

    /// The case check for one variant over the folded match `[ns, ne)`.
    #[allow(clippy::too_many_arguments)]
    fn case_ok(
        &self,
        v: &Variant,
        text: &str,
        hay: &[u8],
        map: &[u32],
        ns: usize,
        ne: usize,
        exact: bool,
    ) -> bool {
        let (upper_mask, need_lower) = match self.options.case {
            CasePolicy::Insensitive => return true,
            CasePolicy::Sensitive => (v.upper, true),
            CasePolicy::Smart if exact => (v.upper, true),
            CasePolicy::Smart => (v.name_upper, false),
        };
        let smart = self.options.case == CasePolicy::Smart;
        if let Some((upper, lower)) = ascii_cases(text, map, ns, ne) {
            // The usual case: ASCII text, one byte per folded char.
            if upper_mask & !upper != 0 || (need_lower && v.lower & !lower != 0) {
                return false;
            }
            if smart && v.flags & HAS_UPPER == 0 {
                let letters = upper | lower;
                return letters != 0 && upper & (letters & letters.wrapping_neg()) != 0;
            }
            return true;
        }
        let mut k = 0usize;
        let mut first_letter: Option<char> = None;
        for j in ns..ne {
            if !is_char_start(hay[j]) {
                continue;
            }
            let c = source_char(text, map[j] as usize);
            if first_letter.is_none() && c.is_alphabetic() {
                first_letter = Some(c);
            }
            if k < 64 {
                let bit = 1u64 << k;
                if upper_mask & bit != 0 && !c.is_uppercase() {
                    return false;
                }
                if need_lower && v.lower & bit != 0 && !c.is_lowercase() {
                    return false;
                }
            } else if v.flags & HAS_UPPER != 0 {
                break;
            }
            k += 1;
        }
        if self.options.case == CasePolicy::Smart && v.flags & HAS_UPPER == 0 {
            // An alias written all in lower case still needs a name-like text.
            return first_letter.is_some_and(char::is_uppercase);
        }
        true
    }

    /// A common word ("Market", "Deal", "Of") counts as a name only mid-
    /// sentence, right after a locative word, and not inside a longer
    /// capitalised name ("Time Warner", "Best Buy").
    fn common_word_context(&self, text: &str, start: usize, stop: usize) -> bool {
        let before = &text[..start];
        let trimmed = before.trim_end_matches([' ', '\t']);
        let prev_word: &str = {
            let w = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '\n');
            if w.len() != trimmed.len() {
                // Punctuation right before the word: a quote, a bracket, a
                // full stop. None of these is a locative context.
                return false;
            }
            let from = w
                .char_indices()
                .rev()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(0, |(i, c)| i + c.len_utf8());
            &w[from..]
        };
        if !PLACE_CUES
            .iter()
            .any(|cue| prev_word.eq_ignore_ascii_case(cue))
        {
            return false;
        }
        let after = text[stop..].trim_start_matches([' ', '\t']);
        // "at Bank of America", "from Bank of England": the head of a longer
        // "X of Y" name.
        if after
            .strip_prefix("of ")
            .is_some_and(|r| r.trim_start().starts_with(char::is_uppercase))
        {
            return false;
        }
        // In a title-case headline ("A Matter of Time") every word is
        // capitalised, so the capital says nothing.
        !after.chars().next().is_some_and(char::is_uppercase) && !title_case_line(text, start, stop)
    }
}

/// Words after a place name that keep it a place ("Haditha Dam").
const PLACE_NOUNS: &[&str] = &[
    "province",
    "governorate",
    "district",
    "subdistrict",
    "city",
    "town",
    "village",
    "dam",
    "airport",
    "airbase",
    "base",
    "river",
    "valley",
    "mountains",
    "mountain",
    "desert",
    "plains",
    "plain",
    "region",
    "countryside",
    "road",
    "highway",
    "bridge",
    "front",
    "offensive",
    "border",
    "crossing",
    "corridor",
    "gate",
    "area",
    "camp",
    "refinery",
    "prison",
    "hospital",
    "island",
    "islands",
    "county",
    "state",
];

/// True when a word next to `[start, stop)` (one space away) is written in
/// capitals too: "HE IS CONTENT" is a shouted headline, not Islamic State.
fn shouted(text: &str, start: usize, stop: usize) -> bool {
    let caps = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    let next = text[stop..]
        .strip_prefix(' ')
        .map(|r| r.split(|c: char| c.is_whitespace()).next().unwrap_or(""));
    let prev = text[..start]
        .strip_suffix(' ')
        .map(|r| r.rsplit(|c: char| c.is_whitespace()).next().unwrap_or(""));
    next.is_some_and(caps) || prev.is_some_and(caps)
}

/// Words that end a company name ("China Steel Corp", "British Airways").
const COMPANY_ENDS: &[&str] = &[
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "co",
    "cos",
    "plc",
    "ag",
    "sa",
    "nv",
    "bv",
    "gmbh",
    "llc",
    "lp",
    "group",
    "holdings",
    "airways",
    "airlines",
    "telecommunications",
    "telecom",
    "industries",
    "enterprises",
    "partners",
    "bancorp",
    "bancshares",
    "trust",
    "fund",
];

/// Words after a place that make it a sports club ("Manchester United").
const CLUB_WORDS: &[&str] = &[
    "united",
    "rovers",
    "athletic",
    "wanderers",
    "albion",
    "rugby",
    "hotspur",
    "rangers",
    "celtic",
    "argyle",
    "orient",
    "villa",
    "wednesday",
    "harlequins",
    "warriors",
    "blues",
    "saints",
];

/// True when the match is part of an organisation's name: inside a Reuters
/// company tag (`<China Steel Corp>`), one or two capitalised words before a
/// company ending, or before a club word.
fn in_org_name(text: &str, start: usize, stop: usize) -> bool {
    // Look no further than a short window each way, so long lines stay linear.
    let lo = floor_boundary(text, start.saturating_sub(120));
    let hi = floor_boundary(text, (stop + 120).min(text.len()));
    // Reuters company tags ("<China Steel Corp>") and tickers need a '<'
    // in the window; looking there, not in the whole text, spares running
    // text a pass over every byte.
    if memchr::memchr(b'<', &text.as_bytes()[lo..hi]).is_none() {
        return followed_by_org_word(&text[stop..]);
    }
    let before = &text[lo..start];
    let before = memchr::memrchr(b'\n', before.as_bytes()).map_or(before, |i| &before[i + 1..]);
    if let Some(open) = before.rfind('<') {
        let after = &text[stop..hi];
        if !before[open..].contains('>')
            && after.find('>').is_some_and(|c| !after[..c].contains('<'))
        {
            return true;
        }
    }
    // A Reuters headline names a company before its ticker:
    // "CHEYENNE <CHEY.O>", "ST. JOSEPH LIGHT <SAJ>".
    let tail = &text[stop..hi];
    let tail = memchr::memchr(b'\n', tail.as_bytes()).map_or(tail, |i| &tail[..i]);
    if let Some(lt) = find_space_angle(tail.as_bytes()) {
        let words = &tail[..lt];
        if words.split_whitespace().count() <= 5
            && !words.chars().any(char::is_lowercase)
            && tail[lt + 2..].starts_with(|c: char| c.is_ascii_uppercase())
        {
            return true;
        }
    }
    followed_by_org_word(&text[stop..])
}

/// A list of lower-case ASCII words asked whether it holds a word in any
/// case, as `list.iter().any(|x| w.eq_ignore_ascii_case(x))` answers: most
/// words are turned away by their length and first letter, which no word
/// of the list has together (one bit test instead of a comparison with
/// each word of the list).
struct WordList {
    words: &'static [&'static str],
    /// Bit `l` of `shapes[n]`: some word has `n` bytes and starts with the
    /// `l`-th letter.
    shapes: [u32; 32],
}

impl WordList {
    const fn new(words: &'static [&'static str]) -> WordList {
        let mut shapes = [0u32; 32];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            if w.len() < 32 && !w.is_empty() && w[0].is_ascii_lowercase() {
                shapes[w.len()] |= 1 << (w[0] - b'a');
            } else {
                // A word the shapes cannot tell: every length and letter.
                let mut n = 0;
                while n < 32 {
                    shapes[n] = u32::MAX;
                    n += 1;
                }
            }
            i += 1;
        }
        WordList { words, shapes }
    }

    #[inline]
    fn has(&self, w: &str) -> bool {
        let b = w.as_bytes();
        if let Some(&first) = b.first() {
            if first.is_ascii_alphabetic() && b.len() < 32 {
                let letter = first.to_ascii_lowercase() - b'a';
                if self.shapes[b.len()] >> letter & 1 == 0 {
                    return false;
                }
            }
        }
        self.words.iter().any(|x| w.eq_ignore_ascii_case(x))
    }
}

static COMPANY_ENDS_SET: WordList = WordList::new(COMPANY_ENDS);
static CLUB_WORDS_SET: WordList = WordList::new(CLUB_WORDS);
static PLACE_NOUNS_SET: WordList = WordList::new(PLACE_NOUNS);
static PLACE_LEADS_SET: WordList = WordList::new(PLACE_LEADS);

/// Where `text.find(" <")` finds it, without setting up a substring search
/// for two bytes: the first '<' right after a space.
fn find_space_angle(b: &[u8]) -> Option<usize> {
    let mut from = 1;
    while let Some(k) = b.get(from..).and_then(|r| memchr::memchr(b'<', r)) {
        let at = from + k;
        if b[at - 1] == b' ' {
            return Some(at - 1);
        }
        from = at + 1;
    }
    None
}

/// The leading run of letters and digits (and `&` with `amp`) of `r`, as
/// `r.split(|c: char| !(c.is_alphanumeric() || (amp && c == '&'))).next()`
/// gives it, read a byte at a time while the text is ASCII.
#[inline]
fn leading_word(r: &str, amp: bool) -> &str {
    let b = r.as_bytes();
    let mut j = 0;
    while let Some(&x) = b.get(j) {
        if x < 0x80 {
            if !(x.is_ascii_alphanumeric() || (amp && x == b'&')) {
                break;
            }
            j += 1;
        } else {
            match r[j..].chars().next() {
                Some(c) if c.is_alphanumeric() => j += c.len_utf8(),
                _ => break,
            }
        }
    }
    &r[..j]
}

/// True when `w` starts with a capital (a byte test for ASCII).
#[inline]
fn starts_capitalised(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(&b) if b < 0x80 => b.is_ascii_uppercase(),
        Some(_) => w.starts_with(char::is_uppercase),
        None => false,
    }
}

/// True when one to three capitalised words after a match end a company
/// name, or the first is a club word.
fn followed_by_org_word(mut rest: &str) -> bool {
    for k in 0..3 {
        let Some(r) = rest.strip_prefix(' ') else {
            return false;
        };
        let w = leading_word(r, true);
        if !starts_capitalised(w) {
            return false;
        }
        if COMPANY_ENDS_SET.has(w) || (k == 0 && CLUB_WORDS_SET.has(w)) {
            return true;
        }
        rest = &r[w.len()..];
    }
    false
}

/// The largest char boundary at or below `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Verbs after a one-word name that make it a speaker.
const SPEECH: &[&str] = &[
    "said", "says", "told", "added", "stated", "argued", "replied", "insisted",
];

/// Capitalised words before a place name that keep it a place.
const PLACE_LEADS: &[&str] = &[
    "the", "in", "at", "from", "to", "of", "and", "for", "on", "by", "with", "near", "outside",
    "into", "across", "between", "toward", "towards", "around", "via", "north", "south", "east",
    "west", "northern", "southern", "eastern", "western", "central", "upper", "lower", "greater",
    "old", "new", "but", "as", "while", "after", "before", "when", "if", "where", "both", "said",
    "says",
];

/// How a one-word place name touches a capitalised neighbour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glue {
    None,
    /// A capitalised word right before it ("Hiram Walker", "Mr Howard").
    Before,
    /// A capitalised word right after it ("Bethlehem Steel"), or a verb of
    /// speech ("Henderson said").
    After,
}

/// Whether a one-word place name sits inside a longer capitalised name.
/// Lines in capitals or in title case are left alone: there every word is
/// capitalised ("Iraqi Forces Retake Mosul").
fn glued_to_name(text: &str, start: usize, stop: usize) -> Glue {
    let m = &text[start..stop];
    let lower = if m.is_ascii() {
        m.bytes().any(|b| b.is_ascii_lowercase())
    } else {
        m.chars().any(char::is_lowercase)
    };
    if !lower {
        return Glue::None;
    }
    let after = &text[stop..];
    let next = after
        .strip_prefix(' ')
        .or_else(|| after.strip_prefix('-'))
        .map(|r| leading_word(r, false));
    let mut glue = Glue::None;
    if let Some(w) = next {
        // Towns do not speak: "Henderson said" is a person.
        if (starts_capitalised(w) && !PLACE_NOUNS_SET.has(w)) || SPEECH.contains(&w) {
            glue = Glue::After;
        }
    }
    if let Some(before) = text[..start].strip_suffix(' ') {
        let w = trailing_word(before);
        let w = w.trim_end_matches('.');
        if starts_capitalised(w) && !PLACE_LEADS_SET.has(w) {
            glue = Glue::Before;
        }
    }
    glue
}

/// The trailing run of letters, digits and dots of `before`, as
/// `before.rsplit(|c: char| !c.is_alphanumeric() && c != '.').next()` gives
/// it, read a byte at a time while the text is ASCII.
#[inline]
fn trailing_word(before: &str) -> &str {
    let b = before.as_bytes();
    let mut j = b.len();
    while j > 0 {
        let x = b[j - 1];
        if x >= 0x80 {
            return before
                .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
                .next()
                .unwrap_or("");
        }
        if !(x.is_ascii_alphanumeric() || x == b'.') {
            break;
        }
        j -= 1;
    }
    &before[j..]
}

/// True when the line around `[start, stop)` is a headline in title case:
/// most of its words, short function words aside, are capitalised.
fn title_case_line(text: &str, start: usize, stop: usize) -> bool {
    let lo = floor_boundary(text, start.saturating_sub(160));
    let hi = floor_boundary(text, (stop + 160).min(text.len()));
    let before = &text[lo..start];
    let before = memchr::memrchr(b'\n', before.as_bytes()).map_or(before, |i| &before[i + 1..]);
    let after = &text[stop..hi];
    let after = memchr::memchr(b'\n', after.as_bytes()).map_or(after, |i| &after[..i]);
    // Bounds from bit masks settle most lines (running text) at once.
    if let (Some((u0, l0)), Some((u1, l1))) = (
        case_bounds(before.as_bytes()),
        case_bounds(after.as_bytes()),
    ) {
        let (most_upper, least_lower) = (u0 + u1, l0 + l1);
        if most_upper < 3 || most_upper < 3 * least_lower {
            return false;
        }
    }
    let (mut upper, mut lower) = (0usize, 0usize);
    for part in [before, after] {
        let mut count = |w: &str| {
            let (u, l) = word_case(w);
            upper += u;
            lower += l;
        };
        // Splitting on Unicode white space decodes every char; an ASCII
        // line, the usual case, is counted in one pass over its bytes.
        if part.is_ascii() {
            let (u, l) = ascii_word_cases(part.as_bytes());
            upper += u;
            lower += l;
        } else {
            part.split_whitespace().for_each(&mut count);
        }
    }
    upper >= 3 && upper >= 3 * lower
}

/// Bounds on [`ascii_word_cases`] of an ASCII text, from bit masks with no
/// loop over its words: at least as many capitals as there are words
/// counted capitalised (every such word's first letter or digit is a
/// capital that follows no letter or digit), and at most as many small
/// words as there are words counted small (a word that starts right at
/// white space, or at the text's start, with four small letters is one).
/// `None` when the text is not ASCII.
fn case_bounds(b: &[u8]) -> Option<(usize, usize)> {
    let (mut upper, mut lower) = (0, 0);
    // The byte before the block: a letter or digit; white space (the
    // text's start counts as white space, where a word starts).
    let (mut after_alnum, mut after_space) = (0u64, 1u64);
    let mut cur = WordMasks::at(b, 0);
    let mut at = 0;
    while at < b.len() {
        let next = WordMasks::at(b, at + 64);
        if cur.high != 0 {
            return None;
        }
        let starts_capital = cur.upper & !(cur.alnum << 1 | after_alnum);
        upper += starts_capital.count_ones() as usize;
        let small_ahead = |n: u32| cur.lower >> n | next.lower << (64 - n);
        let four_small = cur.lower & small_ahead(1) & small_ahead(2) & small_ahead(3);
        lower += (four_small & (cur.space << 1 | after_space)).count_ones() as usize;
        after_alnum = cur.alnum >> 63;
        after_space = cur.space >> 63;
        cur = next;
        at += 64;
    }
    Some((upper, lower))
}

/// The classes of 64 bytes of an ASCII text for [`case_bounds`], as
/// [`ascii_word_cases`] tells them (bit `k` is byte `k`; bytes past the
/// text's end count as white space).
#[derive(Debug, Clone, Copy)]
struct WordMasks {
    alnum: u64,
    upper: u64,
    lower: u64,
    space: u64,
    /// Bytes outside ASCII.
    high: u64,
}

impl WordMasks {
    #[inline]
    fn at(b: &[u8], at: usize) -> WordMasks {
        let mut m = WordMasks {
            alnum: 0,
            upper: 0,
            lower: 0,
            space: 0,
            high: 0,
        };
        let end = b.len().saturating_sub(at).min(64);
        let mut k = 0;
        while k < end {
            // The last 16 bytes of the text, when fewer are left here,
            // their lanes before `at + k` shifted out.
            let (from, skip) = if at + k + 16 <= b.len() {
                (at + k, 0)
            } else if b.len() >= 16 {
                (b.len() - 16, at + k + 16 - b.len())
            } else {
                break;
            };
            let Some(chunk) = b.get(from..).and_then(<[u8]>::first_chunk::<16>) else {
                break;
            };
            let (alnum, upper, lower, space, high) = word_classes(chunk);
            let lanes = |x: u16| u64::from(x >> skip) << k;
            m.alnum |= lanes(alnum);
            m.upper |= lanes(upper);
            m.lower |= lanes(lower);
            m.space |= lanes(space);
            m.high |= lanes(high);
            k += 16 - skip;
        }
        // A text shorter than 16 bytes.
        for k in k..end {
            let x = b[at + k];
            let c = CLASS[usize::from(x)];
            m.alnum |= u64::from(c & ALNUM != 0) << k;
            m.upper |= u64::from(c & UPPER != 0) << k;
            m.lower |= u64::from(c & LOWER != 0) << k;
            m.space |= u64::from(c & WS != 0) << k;
            m.high |= u64::from(x >= 0x80) << k;
        }
        // White space past the text's end.
        if end < 64 {
            m.space |= u64::MAX << end;
            let keep = (1u64 << end) - 1;
            m.alnum &= keep;
            m.upper &= keep;
            m.lower &= keep;
            m.high &= keep;
        }
        m
    }
}

/// The SSE2 pieces the byte classifiers below share. Unsafe only as
/// `target_feature` functions must be before Rust 1.86 (the crate's minimum
/// is 1.80); SSE2 is part of every x86-64 CPU, and these are compiled only
/// where the build enables it.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_set1_epi8,
        _mm_set_epi64x,
    };

    /// 16 bytes in one register.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub(super) unsafe fn load(chunk: &[u8; 16]) -> __m128i {
        let lo = u64::from_le_bytes(*chunk.first_chunk::<8>().unwrap_or(&[0; 8]));
        let hi = u64::from_le_bytes(*chunk.last_chunk::<8>().unwrap_or(&[0; 8]));
        _mm_set_epi64x(hi as i64, lo as i64)
    }

    /// The lanes of `x` in `lo..=hi` (signed compares: bytes outside ASCII
    /// are negative, so no ASCII range holds them).
    #[target_feature(enable = "sse2")]
    #[inline]
    pub(super) unsafe fn within(x: __m128i, lo: u8, hi: u8) -> __m128i {
        _mm_and_si128(
            _mm_cmpgt_epi8(x, _mm_set1_epi8(lo as i8 - 1)),
            _mm_cmplt_epi8(x, _mm_set1_epi8(hi as i8 + 1)),
        )
    }

    /// The lanes of `x` equal to `c`.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub(super) unsafe fn eq(x: __m128i, c: u8) -> __m128i {
        _mm_cmpeq_epi8(x, _mm_set1_epi8(c as i8))
    }
}

/// The [`CLASS`] bits of 16 bytes as masks: letters and digits, capitals,
/// small letters, white space.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn word_classes(chunk: &[u8; 16]) -> (u16, u16, u16, u16, u16) {
    // SAFETY: `sse2_word_classes` only needs SSE2, which this build enables.
    unsafe { sse2_word_classes(chunk) }
}

/// [`word_classes`] with SSE2. Unsafe only as a `target_feature` function
/// must be before Rust 1.86 (the crate's minimum is 1.80): the caller
/// makes sure SSE2 is there.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
unsafe fn sse2_word_classes(chunk: &[u8; 16]) -> (u16, u16, u16, u16, u16) {
    use std::arch::x86_64::{_mm_movemask_epi8, _mm_or_si128};
    let v = sse2::load(chunk);
    let upper = sse2::within(v, b'A', b'Z');
    let lower = sse2::within(v, b'a', b'z');
    let alnum = _mm_or_si128(_mm_or_si128(upper, lower), sse2::within(v, b'0', b'9'));
    // `u8::is_ascii_whitespace`: tab, line feed, form feed, carriage
    // return, space.
    let space = _mm_or_si128(
        _mm_or_si128(sse2::within(v, b'\t', b'\n'), sse2::within(v, 0x0c, b'\r')),
        sse2::eq(v, b' '),
    );
    (
        _mm_movemask_epi8(alnum) as u16,
        _mm_movemask_epi8(upper) as u16,
        _mm_movemask_epi8(lower) as u16,
        _mm_movemask_epi8(space) as u16,
        _mm_movemask_epi8(v) as u16,
    )
}

/// [`word_classes`] a byte at a time.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn word_classes(chunk: &[u8; 16]) -> (u16, u16, u16, u16, u16) {
    let (mut alnum, mut upper, mut lower, mut space, mut high) = (0u16, 0u16, 0u16, 0u16, 0u16);
    for (k, &x) in chunk.iter().enumerate() {
        let c = CLASS[usize::from(x)];
        alnum |= u16::from(c & ALNUM != 0) << k;
        upper |= u16::from(c & UPPER != 0) << k;
        lower |= u16::from(c & LOWER != 0) << k;
        space |= u16::from(c & WS != 0) << k;
        high |= u16::from(x >= 0x80) << k;
    }
    (alnum, upper, lower, space, high)
}

/// [`word_case`] summed over the words of an ASCII text (split at ASCII
/// white space), in one pass: per word, the first letter or digit gives the
/// case, and a core (first to last letter or digit) of at most three small
/// letters is a function word.
fn ascii_word_cases(b: &[u8]) -> (usize, usize) {
    // Word by word, with a class table and no per-byte bookkeeping: a word
    // is settled by its first letter or digit, and only a small first
    // letter needs a look at what follows (up to four small letters, then
    // whether any letter or digit comes after them).
    let class = |i: usize| CLASS[usize::from(b[i])];
    let (mut upper, mut lower) = (0, 0);
    let mut i = 0;
    while i < b.len() {
        if class(i) & WS != 0 {
            i += 1;
            continue;
        }
        // The word's first letter or digit.
        while i < b.len() && class(i) & (WS | ALNUM) == 0 {
            i += 1;
        }
        if i < b.len() && class(i) & LOWER != 0 {
            let mut small = 1;
            while small < 4 && i + small < b.len() && class(i + small) & LOWER != 0 {
                small += 1;
            }
            i += small;
            let mut more = small == 4;
            while i < b.len() && class(i) & WS == 0 {
                more |= class(i) & ALNUM != 0;
                i += 1;
            }
            if more {
                lower += 1;
            }
            continue;
        }
        if i < b.len() && class(i) & UPPER != 0 {
            upper += 1;
        }
        while i < b.len() && class(i) & WS == 0 {
            i += 1;
        }
    }
    (upper, lower)
}

const WS: u8 = 1;
const ALNUM: u8 = 2;
const LOWER: u8 = 4;
const UPPER: u8 = 8;

/// Byte classes for [`ascii_word_cases`]: ASCII white space, letters and
/// digits, small and capital letters.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_whitespace() {
            WS
        } else if b.is_ascii_lowercase() {
            ALNUM | LOWER
        } else if b.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if b.is_ascii_digit() {
            ALNUM
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Counts one word of [`title_case_line`]: (1, 0) when it starts with a
/// capital, (0, 1) with a small letter, (0, 0) for short function words
/// ("of", "the") and words without letters. Surrounding punctuation is
/// ignored. ASCII words, nearly all of them, are read byte by byte.
#[inline]
fn word_case(w: &str) -> (usize, usize) {
    let b = w.as_bytes();
    if b.is_ascii() {
        let s = b.iter().position(u8::is_ascii_alphanumeric);
        let Some(s) = s else { return (0, 0) };
        let e = b
            .iter()
            .rposition(u8::is_ascii_alphanumeric)
            .map_or(s, |e| e + 1);
        let core = &b[s..e];
        if core.len() <= 3 && core.iter().all(u8::is_ascii_lowercase) {
            return (0, 0);
        }
        return match core[0] {
            c if c.is_ascii_uppercase() => (1, 0),
            c if c.is_ascii_lowercase() => (0, 1),
            _ => (0, 0),
        };
    }
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    if w.len() <= 3 && w.chars().all(char::is_lowercase) {
        return (0, 0);
    }
    match w.chars().next() {
        Some(c) if c.is_uppercase() => (1, 0),
        Some(c) if c.is_lowercase() => (0, 1),
        _ => (0, 0),
    }
}

/// True when `word` is one of the [`PARTICLES`], in any case. Built for
/// every alias word, so it allocates nothing: a particle has at most four
/// ASCII letters.
fn is_particle(word: &[char]) -> bool {
    if word.len() > 4 || !word.iter().all(char::is_ascii_alphabetic) {
        return false;
    }
    let mut buf = [0u8; 4];
    for (b, c) in buf.iter_mut().zip(word) {
        *b = c.to_ascii_lowercase() as u8;
    }
    let w = &buf[..word.len()];
    PARTICLES.iter().any(|p| p.as_bytes() == w)
}

/// [`is_particle`] for ASCII bytes: one 32-bit key compared with the
/// particles' keys, since it runs at every small word before a possible
/// name in running text ("the", "at").
#[inline]
fn is_particle_ascii(word: &[u8]) -> bool {
    const fn key(w: &[u8]) -> u32 {
        let mut k = [0u8; 4];
        let mut i = 0;
        while i < w.len() {
            k[i] = w[i].to_ascii_lowercase();
            i += 1;
        }
        u32::from_le_bytes(k)
    }
    const KEYS: [u32; PARTICLES.len()] = {
        let mut keys = [0u32; PARTICLES.len()];
        let mut i = 0;
        while i < PARTICLES.len() {
            keys[i] = key(PARTICLES[i].as_bytes());
            i += 1;
        }
        keys
    };
    if !(2..=4).contains(&word.len()) {
        return false;
    }
    let k = key(word);
    KEYS.contains(&k)
}

fn variant_for(entity: u32, sources: &[char], plural: bool) -> Variant {
    let mut upper = 0u64;
    let mut lower = 0u64;
    for (k, c) in sources.iter().enumerate().take(64) {
        if c.is_uppercase() {
            upper |= 1 << k;
        } else if c.is_lowercase() {
            lower |= 1 << k;
        }
    }
    let mut name_upper = upper;
    let mut k = 0;
    while k < sources.len().min(64) {
        let word_end = (k..sources.len())
            .find(|&j| !sources[j].is_alphanumeric() && sources[j] != '\'')
            .unwrap_or(sources.len());
        if word_end < sources.len() && is_particle(&sources[k..word_end]) {
            name_upper &= !(1u64 << k);
        }
        k = word_end + 1;
    }
    let has_upper = sources.iter().any(|c| c.is_uppercase());
    let has_lower = sources.iter().any(|c| c.is_lowercase());
    let mut flags = 0;
    if has_upper {
        flags |= HAS_UPPER;
    }
    if has_upper && !has_lower {
        flags |= ACRONYM | PLURAL_OK;
        if sources.iter().filter(|c| c.is_alphabetic()).count() <= 2
            && sources.iter().all(|c| c.is_alphabetic())
        {
            flags |= SHORT_ACRONYM;
        }
    }
    if plural {
        flags |= PLURAL_OK;
    }
    // The first word that is not a particle: its first letter; and when
    // that is the alias's first word and small, the next such word's.
    let mut capital_name = false;
    let mut capital_second = false;
    let mut named: Option<usize> = None;
    let mut k = 0;
    while k < sources.len() {
        let end = (k..sources.len())
            .find(|&j| !sources[j].is_alphanumeric() && sources[j] != '\'')
            .unwrap_or(sources.len());
        if end > k && !is_particle(&sources[k..end]) {
            let capital = k < 64 && name_upper & (1 << k) != 0;
            match named {
                None => {
                    capital_name = capital;
                    if capital || k > 0 {
                        break;
                    }
                    named = Some(k);
                }
                Some(_) => {
                    capital_second = capital;
                    break;
                }
            }
        }
        k = end + 1;
    }
    Variant {
        entity,
        upper,
        name_upper,
        lower,
        flags,
        capital_name,
        capital_second,
    }
}

/// The capitals and small letters of the text behind the folded bytes
/// `[ns, ne)` as bit masks (bit `k`: the `k`-th folded char), when that
/// text is ASCII and maps one byte to one (no space run folded away) and
/// is at most 64 bytes long: then bit `k` is the `k`-th char as
/// [`Gazetteer::case_ok`] counts chars.
#[inline]
fn ascii_cases(text: &str, map: &[u32], ns: usize, ne: usize) -> Option<(u64, u64)> {
    let n = ne.checked_sub(ns).filter(|&n| (1..=64).contains(&n))?;
    let s = *map.get(ns)? as usize;
    let e = *map.get(ne - 1)? as usize;
    if e != s + n - 1 {
        return None;
    }
    let bytes = text.as_bytes();
    let src = bytes.get(s..s + n)?;
    let (mut upper, mut lower, mut high) = (0u64, 0u64, 0u64);
    let mut k = 0;
    while k < n {
        let Some(chunk) = bytes.get(s + k..).and_then(<[u8]>::first_chunk::<16>) else {
            // The last bytes of the text.
            for (j, &b) in src.iter().enumerate().skip(k) {
                upper |= u64::from(b.is_ascii_uppercase()) << j;
                lower |= u64::from(b.is_ascii_lowercase()) << j;
                high |= u64::from(b >= 0x80) << j;
            }
            break;
        };
        let (u, l, h) = letter_cases(chunk);
        upper |= u64::from(u) << k;
        lower |= u64::from(l) << k;
        high |= u64::from(h) << k;
        k += 16;
    }
    let keep = if n == 64 { u64::MAX } else { (1 << n) - 1 };
    (high & keep == 0).then_some((upper & keep, lower & keep))
}

/// The capitals, small letters and bytes outside ASCII among 16 bytes, as
/// bit masks.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn letter_cases(chunk: &[u8; 16]) -> (u16, u16, u16) {
    // SAFETY: `sse2_letter_cases` only needs SSE2, which this build enables.
    unsafe { sse2_letter_cases(chunk) }
}

/// [`letter_cases`] with SSE2. Bytes outside ASCII compare as negative, so
/// no letter range holds them. Unsafe as [`sse2_word_classes`] is.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
unsafe fn sse2_letter_cases(chunk: &[u8; 16]) -> (u16, u16, u16) {
    use std::arch::x86_64::_mm_movemask_epi8;
    let v = sse2::load(chunk);
    (
        _mm_movemask_epi8(sse2::within(v, b'A', b'Z')) as u16,
        _mm_movemask_epi8(sse2::within(v, b'a', b'z')) as u16,
        _mm_movemask_epi8(v) as u16,
    )
}

/// [`letter_cases`] a byte at a time.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn letter_cases(chunk: &[u8; 16]) -> (u16, u16, u16) {
    let (mut upper, mut lower, mut high) = (0u16, 0u16, 0u16);
    for (k, &b) in chunk.iter().enumerate() {
        upper |= u16::from(b.is_ascii_uppercase()) << k;
        lower |= u16::from(b.is_ascii_lowercase()) << k;
        high |= u16::from(b >= 0x80) << k;
    }
    (upper, lower, high)
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[inline]
fn source_char(text: &str, at: usize) -> char {
    match text.as_bytes().get(at) {
        Some(&b) if b < 0x80 => b as char,
        Some(_) => text.get(at..).and_then(|s| s.chars().next()).unwrap_or(' '),
        None => ' ',
    }
}

/// The automaton and how it is searched.
///
/// Chosen by measurement on the news corpora (21.8 MB, bundled places +
/// actors = 122,607 folded surfaces), single thread. First comparison, in MB
/// of text per CPU-second on a loaded box, with the whole text folded first
/// (`LEDE_AC=kind cargo run --release -p lede-gazetteer --example sample --
/// 0 1 ../shared/data/news/*.jsonl`; the scan row was an engine since dropped):
///
/// | engine | fold + search | whole stage | automaton |
/// |---|---|---|---|
/// | anchored walks, contiguous NFA (default) | 96 | 46 | 8.4 MB |
/// | anchored walks, contiguous NFA, dense depth 4 | 97 | 44 | 21 MB |
/// | anchored walks, noncontiguous NFA | 82 | 39 | 21 MB |
/// | anchored walks, DFA | 80 | 41 | 293 MB |
/// | one unanchored leftmost-longest `AhoCorasick` scan | 53 | 31 | 8.4 MB |
///
/// With the search of [`Gazetteer::find_into`] (one pass, folding only at
/// filtered word starts) the default measured about 110 MiB/s on an idle
/// box (`cargo bench --bench gazetteer`, which also times the other NFAs).
/// Since one-word names come from [`WordTable`] and most starts are turned
/// away before any walk, the automaton walks only from words that go on
/// into a longer name (about 67k walks in the news corpus), and the stage
/// measures about 1.45 times that, side by side with the old code.
/// The dense-depth-4 NFA then measures about the same as the default.
///
/// - Matches must start at a word start, so the default walks the trie
///   *anchored* from each word start whose first word can begin an alias
///   (see [`FirstWords`]) and stops at the first dead state. One unanchored
///   scan also reports hits inside words ("oman" in "romanian") and pays a
///   search call per hit, so it was dropped.
/// - Walking by hand (the `Automaton` trait) yields every pattern ending on
///   the walk, so shorter fallbacks ("Abu Mahdi" when "Abu Mahdi
///   al-Muhandis" fails a check) cost nothing extra.
/// - MatchKind::LeftmostLongest: the longest surface wins at a start.
/// - Contiguous NFA: smallest and fastest here; the search is bound by
///   cache misses on automaton states, which the 35x larger DFA makes worse.
/// - No prefilter: every letter starts some alias, so there is nothing for
///   a prefilter to skip, and anchored walks never consult one.
enum Engine {
    Contiguous(contiguous::NFA),
    Noncontiguous(noncontiguous::NFA),
    Dfa(dfa::DFA),
}

impl Engine {
    fn build(kind: &str, patterns: &[&[u8]]) -> Engine {
        const MSG: &str = "gazetteer patterns fit the automaton's limits";
        let nfa = || {
            noncontiguous::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns)
                .expect(MSG)
        };
        match kind {
            "noncontiguous-nfa" => Engine::Noncontiguous(nfa()),
            "dfa" => Engine::Dfa(
                dfa::Builder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build_from_noncontiguous(&nfa())
                    .expect(MSG),
            ),
            other => {
                let dense = other
                    .strip_prefix("contiguous-nfa:dense=")
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(2);
                Engine::Contiguous(
                    contiguous::Builder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .dense_depth(dense)
                        .build_from_noncontiguous(&nfa())
                        .expect(MSG),
                )
            }
        }
    }

    fn memory_usage(&self) -> usize {
        match self {
            Engine::Contiguous(a) => a.memory_usage(),
            Engine::Noncontiguous(a) => a.memory_usage(),
            Engine::Dfa(a) => a.memory_usage(),
        }
    }

    /// Walks the automaton anchored at the start of `win`, collecting
    /// every pattern that ends on the way, longest first.
    #[inline]
    fn walk(&self, win: &mut Window<'_>, ends: &mut Vec<(usize, usize)>) {
        match self {
            Engine::Contiguous(a) => walk(a, win, ends),
            Engine::Noncontiguous(a) => walk(a, win, ends),
            Engine::Dfa(a) => walk(a, win, ends),
        }
    }
}

/// The automaton in parts by first byte, built in parallel.
///
/// Walks are anchored, so a walk only ever meets patterns with the first
/// byte it starts on: the patterns (sorted) are cut at first-byte
/// boundaries into one part per worker thread, the parts are built at once,
/// and a walk goes to the part of its first byte. Matches do not depend on
/// the number of parts. Building the automaton is most of the start-up
/// time, which every `lede run` in a pipe (and every Spark partition) pays.
struct Engines {
    parts: Vec<Engine>,
    /// First byte -> part.
    route: [u8; 256],
    /// Global id of each part's pattern 0.
    base: Vec<usize>,
}

impl Engines {
    fn build(kind: &str, patterns: &[&[u8]]) -> Engines {
        use rayon::prelude::*;
        let n = rayon::current_num_threads().clamp(1, 8);
        let total: usize = patterns.iter().map(|p| p.len()).sum();
        let mut cuts = vec![0];
        let mut seen = 0;
        for (i, p) in patterns.iter().enumerate() {
            if i > 0
                && p.first() != patterns[i - 1].first()
                && cuts.len() < n
                && seen * n >= total * cuts.len()
            {
                cuts.push(i);
            }
            seen += p.len();
        }
        cuts.push(patterns.len());
        let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
        let parts: Vec<Engine> = ranges
            .par_iter()
            .map(|&(a, b)| Engine::build(kind, &patterns[a..b]))
            .collect();
        let mut route = [0u8; 256];
        for (j, &(a, b)) in ranges.iter().enumerate() {
            for p in &patterns[a..b] {
                if let Some(&f) = p.first() {
                    route[usize::from(f)] = j as u8;
                }
            }
        }
        Engines {
            parts,
            route,
            base: ranges.iter().map(|r| r.0).collect(),
        }
    }

    fn memory_usage(&self) -> usize {
        self.parts.iter().map(Engine::memory_usage).sum()
    }

    /// [`Engine::walk`] in the part of `first`, the walk's first byte, with
    /// global pattern ids.
    #[inline]
    fn walk(&self, first: u8, win: &mut Window<'_>, ends: &mut Vec<(usize, usize)>) {
        let j = usize::from(self.route[usize::from(first)]);
        self.parts[j].walk(win, ends);
        for e in ends.iter_mut() {
            e.1 += self.base[j];
        }
    }
}

/// One cache line of [`FirstWords`]'s bits.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Line([u64; 8]);

/// Bit sets of hashed first words (the leading run of letters and digits)
/// of every pattern, and of the word that follows them. Most words of
/// running text start no alias; checking a 256 KB bit set, mostly in cache,
/// is far cheaper than walking an 8 MB automaton, which measured as cache
/// misses at every step.
pub(crate) struct FirstWords {
    /// Hashed first words and pairs of first and second words, blocked by
    /// cache line so that one line answers every question about a word:
    /// the line is the first word's, and in it bit `2k` says some pattern
    /// starts with the word, bit `2k + 1` that some pattern is the word
    /// alone or goes on after it with anything but a space and a word
    /// ("u.s.", "mu'ayyad"), so the word walks whatever follows it; the
    /// (first word, second word) pairs of the patterns that go on with a
    /// space and a word ("the hague") set one more bit of the line. A
    /// capitalised word that only opens such patterns ("The", "John") walks
    /// only before one of its second words.
    lines: Vec<Line>,
    /// The first two bytes of every pattern (a one-byte first word allows
    /// any second byte): an 8 KB table that stays in L1 and turns most
    /// words away before they are measured and hashed.
    prefix: Vec<u64>,
    /// The first three bytes of every pattern, hashed into 64 K bits (8 KB),
    /// for the lower-case starts that pass `prefix`.
    prefix3: Vec<u64>,
    /// First bytes of one-byte first words, which `prefix3` lets through.
    any3: [u64; 4],
    /// Hashed (first word, first byte of the second word) of the patterns
    /// that go on with a space and a word, in 128 K bits (16 KB): the byte
    /// after a space turns away most pairs ("the city" for "the Kremlin")
    /// before the second word is measured and hashed for the pair bits.
    seconds: Vec<u64>,
}

/// The bits of [`FirstWords::seconds`], as a power of two.
const SECOND_BYTE_BITS: u32 = 17;

const FIRST_WORD_BITS: u32 = 20;

impl FirstWords {
    fn new<'a>(patterns: impl Iterator<Item = &'a [u8]>) -> FirstWords {
        let mut f = FirstWords {
            lines: vec![Line([0; 8]); 1 << (FIRST_WORD_BITS - 8)],
            prefix: vec![0; 1 << 10],
            prefix3: vec![0; 1 << 10],
            any3: [0; 4],
            seconds: vec![0; 1 << (SECOND_BYTE_BITS - 6)],
        };
        for p in patterns {
            let end = word_end(p, 0);
            let h = word_hash(&p[..end]);
            f.set(h >> 8, (h & 0xff) << 1);
            let second = match p.get(end) {
                Some(b' ') => Some(&p[end + 1..word_end(p, end + 1)]),
                _ => None,
            };
            match second {
                Some(w) if !w.is_empty() => {
                    f.set(h >> 8, pair_hash(h, word_hash(w)) & 511);
                    let k = Self::key2(h, w[0]);
                    f.seconds[k >> 6] |= 1 << (k & 63);
                }
                _ => f.set(h >> 8, (h & 0xff) << 1 | 1),
            }
            let Some(&b0) = p.first() else { continue };
            if end < 2 {
                // A first word of one byte takes any next two.
                f.any3[usize::from(b0) >> 6] |= 1 << (b0 & 63);
            } else if p.len() >= 3 {
                let k = Self::key3(b0, p[1], p[2]);
                f.prefix3[k >> 6] |= 1 << (k & 63);
            } else {
                // "um" + plural "s", "al" + a mark: any third byte.
                for b2 in 0..=255u8 {
                    let k = Self::key3(b0, p[1], b2);
                    f.prefix3[k >> 6] |= 1 << (k & 63);
                }
            }
            if p.len() == 1 || word_end(p, 0) == 1 {
                // A first word of one byte goes on with no letter or digit,
                // or is the word alone: then the text may have anything
                // but a letter or digit after it, or the plural's "s"
                // ("u" + "s"), and a byte outside ASCII stands for a char
                // that folding may drop (a mark after "a").
                for b1 in 0..=255u8 {
                    if !b1.is_ascii_alphanumeric() || b1 == b's' {
                        f.set_prefix(b0, b1);
                    }
                }
            } else {
                f.set_prefix(b0, p[1]);
            }
        }
        f
    }

    /// The bit of a first word's hash and a second word's first byte in
    /// `seconds`.
    #[inline]
    fn key2(h: usize, b: u8) -> usize {
        let k = (h as u64) << 8 | u64::from(b);
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SECOND_BYTE_BITS)) as usize
    }

    /// False when no pattern that goes on from the first word hashed `h`
    /// with a space and a word has a second word starting with the folded
    /// byte `b`.
    #[inline]
    fn may_pair_byte(&self, h: usize, b: u8) -> bool {
        let k = Self::key2(h, b);
        self.seconds[k >> 6] & (1 << (k & 63)) != 0
    }

    /// The bit of three folded bytes in `prefix3`.
    #[inline]
    fn key3(b0: u8, b1: u8, b2: u8) -> usize {
        let k = u32::from(b0) << 16 | u32::from(b1) << 8 | u32::from(b2);
        (k.wrapping_mul(0x9E37_79B1) >> 16) as usize
    }

    /// False when no pattern starts with the three folded bytes (which a
    /// pattern of one or two bytes before its end or a mark allows all).
    #[inline]
    fn may_start3(&self, b0: u8, b1: u8, b2: u8) -> bool {
        if self.any3[usize::from(b0) >> 6] & (1 << (b0 & 63)) != 0 {
            return true;
        }
        let k = Self::key3(b0, b1, b2);
        self.prefix3[k >> 6] & (1 << (k & 63)) != 0
    }

    fn set_prefix(&mut self, b0: u8, b1: u8) {
        let k = usize::from(b0) << 8 | usize::from(b1);
        self.prefix[k >> 6] |= 1 << (k & 63);
    }

    /// False when no pattern starts with the two bytes at `at` (a missing
    /// byte counts as 0).
    #[inline]
    fn may_start(&self, hay: &[u8], at: usize) -> bool {
        let b0 = hay.get(at).copied().unwrap_or(0);
        let b1 = hay.get(at + 1).copied().unwrap_or(0);
        let k = usize::from(b0) << 8 | usize::from(b1);
        self.prefix[k >> 6] & (1 << (k & 63)) != 0
    }

    fn set(&mut self, line: usize, bit: usize) {
        self.lines[line].0[bit >> 6] |= 1 << (bit & 63);
    }

    #[inline]
    fn get(&self, line: usize, bit: usize) -> bool {
        self.lines[line].0[bit >> 6] & (1 << (bit & 63)) != 0
    }

    #[inline]
    fn contains_hash(&self, h: usize) -> bool {
        self.get(h >> 8, (h & 0xff) << 1)
    }

    /// True when a pattern is the word hashed `h` alone or goes on after
    /// it otherwise than with a space and a word.
    #[inline]
    fn walks_alone(&self, h: usize) -> bool {
        self.get(h >> 8, (h & 0xff) << 1 | 1)
    }

    /// True when a pattern opens with the words hashed `h1` and `h2`.
    #[inline]
    fn contains_pair(&self, h1: usize, h2: usize) -> bool {
        self.get(h1 >> 8, pair_hash(h1, h2) & 511)
    }

    fn memory_usage(&self) -> usize {
        self.lines.capacity() * std::mem::size_of::<Line>()
            + (self.prefix.capacity() + self.prefix3.capacity() + self.seconds.capacity()) * 8
    }
}

/// [`WordSlot::goes_on`]: some pattern goes on after the word with a space
/// and a word ("new york" after "new"), which the pair bits of
/// [`FirstWords`] test.
const ON_WORD: u8 = 1;
/// [`WordSlot::goes_on`]: some pattern goes on after the word with a space
/// and no word ("ab (group)").
const ON_SPACE: u8 = 2;
/// [`WordSlot::goes_on`]: some pattern goes on after the word with a full
/// stop ("u.s." after "u").
const ON_DOT: u8 = 4;
/// [`WordSlot::goes_on`]: with an apostrophe ("mu'ayyad" after "mu").
const ON_APOSTROPHE: u8 = 8;
/// [`WordSlot::goes_on`]: with a comma ("washington, d.c.").
const ON_COMMA: u8 = 16;
/// [`WordSlot::goes_on`]: with an ampersand ("at&t").
const ON_AMPERSAND: u8 = 32;
/// [`WordSlot::goes_on`]: with any other byte.
const ON_OTHER: u8 = 64;

/// The [`WordSlot::goes_on`] bit of the folded byte that follows a first
/// word, when that byte alone decides that a pattern may go on (a space
/// followed by a word is [`ON_WORD`], which needs the pair test too).
#[inline]
fn goes_on_bit(b: u8) -> u8 {
    match b {
        b' ' => ON_SPACE,
        b'.' => ON_DOT,
        b'\'' => ON_APOSTROPHE,
        b',' => ON_COMMA,
        b'&' => ON_AMPERSAND,
        _ => ON_OTHER,
    }
}
/// [`WordSlot::pattern`]'s `first` when no pattern is the word alone.
const NO_PATTERN: u32 = u32::MAX;

const EMPTY_SLOT: WordSlot = WordSlot {
    key: [0, 0],
    pattern: PatternInfo {
        first: NO_PATTERN,
        end: NO_PATTERN,
        flags: 0,
    },
    goes_on: 0,
};

/// Linear probing in an open-addressing table of 16-byte word keys (a
/// power-of-two length, all-zero key = empty slot): the slot of `key`, or
/// the empty slot where it would go. [`WordTable`] and [`LowerWords`] share it.
#[inline]
fn probe<S>(slots: &[S], key: [u64; 2], key_of: impl Fn(&S) -> [u64; 2]) -> usize {
    let mask = slots.len() - 1;
    let h = (key[0] ^ key[1].rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut at = (h >> 32) as usize & mask;
    loop {
        let k = key_of(&slots[at]);
        if k == key || k == [0, 0] {
            return at;
        }
        at = (at + 1) & mask;
    }
}

/// What the patterns say of one first word.
#[derive(Debug, Clone, Copy)]
struct WordSlot {
    /// The word's bytes, zero-padded (no word holds a zero byte); all zero
    /// in an empty slot.
    key: [u64; 2],
    /// The pattern that is the word alone (`first` is [`NO_PATTERN`] when
    /// there is none).
    pattern: PatternInfo,
    /// How patterns go on after the word: [`ON_WORD`] and the bits of
    /// [`goes_on_bit`].
    goes_on: u8,
}

/// The first words of the patterns, when they are ASCII letters and digits
/// of at most 16 bytes, in an open-addressing table (linear probing, at
/// most half full) keyed by the word itself.
struct WordTable {
    slots: Vec<WordSlot>,
}

impl WordTable {
    fn new(patterns: &[&[u8]], info: &[PatternInfo]) -> WordTable {
        let keyed = |p: &[u8]| {
            let end = word_end(p, 0);
            Self::key(&p[..end]).map(|k| (k, end))
        };
        let n = patterns.iter().filter(|p| keyed(p).is_some()).count();
        let mut table = WordTable {
            slots: vec![EMPTY_SLOT; (2 * n).next_power_of_two().max(16)],
        };
        for (id, p) in patterns.iter().enumerate() {
            let Some((key, end)) = keyed(p) else { continue };
            let at = table.find(key);
            let slot = &mut table.slots[at];
            if slot.key != key {
                *slot = WordSlot { key, ..EMPTY_SLOT };
            }
            if end == p.len() {
                slot.pattern = info[id];
            } else if p[end] == b' ' && word_end(p, end + 1) > end + 1 {
                // As `FirstWords` tells a pair from the rest.
                slot.goes_on |= ON_WORD;
            } else {
                slot.goes_on |= goes_on_bit(p[end]);
            }
        }
        table
    }

    /// The key of a word of 1 to 16 ASCII letters and digits.
    fn key(word: &[u8]) -> Option<[u64; 2]> {
        if word.is_empty() || word.len() > 16 || !word.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        let mut bytes = [0u8; 16];
        bytes[..word.len()].copy_from_slice(word);
        let (lo, hi) = bytes.split_at(8);
        let lane = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        Some([lane(lo), lane(hi)])
    }

    /// The slot of `key`, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: [u64; 2]) -> usize {
        probe(&self.slots, key, |slot| slot.key)
    }

    /// The slot of the word `key`, if some pattern starts with it.
    #[inline]
    fn get(&self, key: [u64; 2]) -> Option<&WordSlot> {
        let slot = &self.slots[self.find(key)];
        (slot.key == key).then_some(slot)
    }

    fn memory_usage(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<WordSlot>()
    }
}

/// The first words of the patterns that may match from a lower-case letter
/// (under smart case a few dozen: particles as in "al-Anbar", "the" of
/// "the Kremlin"), exactly, with how their patterns go on. Only these
/// patterns pass the case check at a lower-case start, so a lower-case
/// word that none of them can match from here is done with: "the city"
/// after a table probe and a look at the next byte, where the bit sets
/// and the pair test cost a hash of both words.
struct LowerWords {
    slots: Vec<LowerSlot>,
}

/// What the patterns that may start lower-case say of one first word.
#[derive(Debug, Clone, Copy)]
struct LowerSlot {
    /// The word's bytes, zero-padded; all zero in an empty slot.
    key: [u64; 2],
    /// Some such pattern is the word alone.
    alone: bool,
    /// How such patterns go on after the word, as [`WordSlot::goes_on`].
    goes_on: u8,
    /// The first bytes of their second words ([`ON_WORD`]), as a bit set.
    seconds: [u64; 4],
}

const EMPTY_LOWER: LowerSlot = LowerSlot {
    key: [0, 0],
    alone: false,
    goes_on: 0,
    seconds: [0; 4],
};

impl LowerWords {
    fn new<'a>(patterns: impl Iterator<Item = &'a [u8]>) -> LowerWords {
        let mut keyed = Vec::new();
        for p in patterns {
            let end = word_end(p, 0);
            // Other first words (outside ASCII, longer than 16 bytes,
            // empty) never equal a short ASCII word of the text.
            if let Some(key) = WordTable::key(&p[..end]) {
                keyed.push((key, p, end));
            }
        }
        let mut table = LowerWords {
            slots: vec![EMPTY_LOWER; (2 * keyed.len()).next_power_of_two().max(16)],
        };
        for (key, p, end) in keyed {
            let at = table.find(key);
            let slot = &mut table.slots[at];
            if slot.key != key {
                *slot = LowerSlot { key, ..EMPTY_LOWER };
            }
            if end == p.len() {
                slot.alone = true;
            } else if p[end] == b' ' && word_end(p, end + 1) > end + 1 {
                slot.goes_on |= ON_WORD;
                let b = p[end + 1];
                slot.seconds[usize::from(b >> 6)] |= 1 << (b & 63);
            } else {
                slot.goes_on |= goes_on_bit(p[end]);
            }
        }
        table
    }

    #[inline]
    fn find(&self, key: [u64; 2]) -> usize {
        probe(&self.slots, key, |slot| slot.key)
    }

    #[inline]
    fn get(&self, key: [u64; 2]) -> Option<&LowerSlot> {
        let slot = &self.slots[self.find(key)];
        (slot.key == key).then_some(slot)
    }

    /// False when no pattern that may start lower-case can match at `i`,
    /// where a word of `run` ASCII letters and digits is followed by an
    /// ASCII byte (or the text's end): such a pattern is the word, goes on
    /// from it with the byte (and second word) the text has, or is the word
    /// less a final "s" (a plural). True too for words too long to ask.
    #[inline]
    fn may_match(&self, bytes: &[u8], i: usize, run: usize) -> bool {
        if run == 0 || run > 16 {
            return true;
        }
        let lane = |k: usize| {
            let (w, _) = load_lanes(bytes.get(i + 8 * k..).unwrap_or(&[]));
            w | (LANE_LOW * 0x20)
        };
        let mut key = [
            low_bytes(lane(0), run),
            if run > 8 {
                low_bytes(lane(1), run - 8)
            } else {
                0
            },
        ];
        if let Some(slot) = self.get(key) {
            if slot.alone {
                return true;
            }
            let end = i + run;
            match bytes.get(end).and_then(|&b| fold_ascii_byte(b)) {
                Some(b' ') => {
                    if slot.goes_on & ON_SPACE != 0 {
                        return true;
                    }
                    if slot.goes_on & ON_WORD != 0 {
                        let mut j = end;
                        while j < bytes.len() && fold_ascii_byte(bytes[j]) == Some(b' ') {
                            j += 1;
                        }
                        match bytes.get(j) {
                            Some(&b) if b >= 0x80 => return true,
                            Some(&b) if b.is_ascii_alphanumeric() => {
                                let b = b.to_ascii_lowercase();
                                if slot.seconds[usize::from(b >> 6)] >> (b & 63) & 1 != 0 {
                                    return true;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Some(b) if slot.goes_on & goes_on_bit(b) != 0 => return true,
                _ => {}
            }
        }
        let n = run - 1;
        if n > 0 && key[n / 8] >> (8 * (n % 8)) == u64::from(b's') {
            key[n / 8] = low_bytes(key[n / 8], n % 8);
            return self.get(key).is_some_and(|s| s.alone);
        }
        false
    }

    fn memory_usage(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<LowerSlot>()
    }
}

/// The hash of a folded first word in the bit set of [`FirstWords`]: its
/// length, then its bytes eight at a time (the last chunk padded with
/// zeros), so a scan hashes an ASCII word with a multiply per eight bytes
/// instead of one per byte.
fn word_hash(w: &[u8]) -> usize {
    let mut h = w.len() as u64;
    for c in w.chunks(8) {
        let mut lanes = [0u8; 8];
        lanes[..c.len()].copy_from_slice(c);
        h = hash_step(h, u64::from_le_bytes(lanes));
    }
    hash_finish(h)
}

#[inline]
fn hash_step(h: u64, chunk: u64) -> u64 {
    (h ^ chunk)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(29)
}

/// The hash of a pair of word hashes, in the range of [`word_hash`].
#[inline]
fn pair_hash(h1: usize, h2: usize) -> usize {
    hash_finish(hash_step(h1 as u64, h2 as u64))
}

#[inline]
fn hash_finish(h: u64) -> usize {
    ((h ^ (h >> 32)).wrapping_mul(0xBF58_476D_1CE4_E5B9) >> (64 - FIRST_WORD_BITS)) as usize
}

/// What follows a first word, for the pair test of [`FirstWords`].
enum NextWord {
    /// No space and word: no pattern that goes on after the word matches.
    None,
    /// A space (any run of white space and dashes, as folding has it) and
    /// an ASCII word.
    Word(AsciiWord),
    /// Text outside ASCII, or a word too long for [`AsciiWord`]: walk.
    Unknown,
}

/// The folded first byte of the word after the space that follows byte
/// `end` of the text, when that word starts with an ASCII letter or digit.
#[inline]
fn next_word_byte(bytes: &[u8], end: usize) -> Option<u8> {
    let mut j = end;
    while j < bytes.len() && fold_ascii_byte(bytes[j]) == Some(b' ') {
        j += 1;
    }
    match bytes.get(j) {
        Some(&b) if j > end && b.is_ascii_alphanumeric() => Some(b.to_ascii_lowercase()),
        _ => None,
    }
}

/// The word after the space that follows byte `end` of the text.
#[inline]
fn next_ascii_word(bytes: &[u8], end: usize) -> NextWord {
    let mut j = end;
    while j < bytes.len() && fold_ascii_byte(bytes[j]) == Some(b' ') {
        j += 1;
    }
    match bytes.get(j) {
        Some(&b) if j > end && b.is_ascii_alphanumeric() => {
            AsciiWord::at(bytes, j).map_or(NextWord::Unknown, NextWord::Word)
        }
        Some(&b) if b >= 0x80 => NextWord::Unknown,
        _ => NextWord::None,
    }
}

/// An ASCII word of the text, hashed as [`word_hash`] would hash its folded
/// copy (lower-cased in chunks of eight bytes), without folding.
struct AsciiWord {
    hash: usize,
    /// The hash without a final "s", for plurals.
    singular: Option<usize>,
    len: usize,
    /// The folded word's first 16 bytes, zero-padded: the word itself
    /// when `len` is at most 16, a key of [`WordTable`].
    key: [u64; 2],
}

impl AsciiWord {
    /// The run of ASCII letters and digits at `i`, when one starts there,
    /// is at most 32 bytes and is not followed by a byte outside ASCII
    /// (which folding might join to the word).
    #[inline]
    fn at(bytes: &[u8], i: usize) -> Option<AsciiWord> {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<16>) {
            return Self::at16(bytes, i, chunk);
        }
        // Most words fit one chunk: hash it straight away.
        let (w, n) = load_lanes(&bytes[i..]);
        let w = ascii_lanes(w, n);
        // Lanes cleared by `ascii_lanes` are no letters, so the run stops
        // before them.
        let run = alnum_bits(w).trailing_ones() as usize;
        if run == 8 {
            return Self::long(bytes, i);
        }
        if run == 0 || bytes.get(i + run).is_some_and(|&b| b >= 0x80) {
            return None;
        }
        let chunk = (w | (LANE_LOW * 0x20)) & ((1u64 << (8 * run)) - 1);
        let last = 8 * (run - 1);
        let singular = (run > 1 && chunk >> last == u64::from(b's'))
            .then(|| hash_finish(hash_step(run as u64 - 1, chunk & ((1u64 << last) - 1))));
        Some(AsciiWord {
            hash: hash_finish(hash_step(run as u64, chunk)),
            singular,
            len: run,
            key: [chunk, 0],
        })
    }

    /// [`AsciiWord::at`] with 16 bytes of text at `i` (`chunk`): one
    /// vector compare finds the run of letters and digits, so a word of up
    /// to 15 bytes costs no loop.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[inline]
    fn at16(bytes: &[u8], i: usize, chunk: &[u8; 16]) -> Option<AsciiWord> {
        // SAFETY: `sse2_classes` only needs SSE2, which this build enables.
        let (high, alnum, _) = unsafe { sse2_classes(chunk) };
        let run = alnum.trailing_ones() as usize;
        if run == 16 {
            return Self::long(bytes, i);
        }
        if run == 0 || high >> run & 1 != 0 {
            return None;
        }
        let lane = |k: usize| {
            let b = chunk[8 * k..8 * k + 8].try_into().unwrap_or([0; 8]);
            u64::from_le_bytes(b) | (LANE_LOW * 0x20)
        };
        let key = [
            low_bytes(lane(0), run),
            low_bytes(lane(1), run.saturating_sub(8)),
        ];
        let hash = |key: &[u64; 2], len: usize| {
            let h = hash_step(len as u64, key[0]);
            hash_finish(if len > 8 { hash_step(h, key[1]) } else { h })
        };
        let n = run - 1;
        let singular = (n > 0 && key[n / 8] >> (8 * (n % 8)) == u64::from(b's')).then(|| {
            let mut shorter = key;
            shorter[n / 8] = low_bytes(shorter[n / 8], n % 8);
            hash(&shorter, n)
        });
        Some(AsciiWord {
            hash: hash(&key, run),
            singular,
            len: run,
            key,
        })
    }

    /// [`AsciiWord::at`] for a word of eight bytes or more.
    fn long(bytes: &[u8], i: usize) -> Option<AsciiWord> {
        let mut chunks = [0u64; 4];
        let mut len = 0;
        for (k, slot) in chunks.iter_mut().enumerate() {
            let (w, n) = load_lanes(&bytes[(i + 8 * k).min(bytes.len())..]);
            let w = ascii_lanes(w, n);
            let run = alnum_bits(w).trailing_ones() as usize;
            let keep = if run == 8 {
                u64::MAX
            } else {
                (1u64 << (8 * run)) - 1
            };
            *slot = (w | (LANE_LOW * 0x20)) & keep;
            len += run;
            if run < 8 {
                if bytes.get(i + len).is_some_and(|&b| b >= 0x80) {
                    return None;
                }
                let n = len - 1;
                let singular =
                    ((chunks[n / 8] >> (8 * (n % 8))) & 0xff == u64::from(b's')).then(|| {
                        let mut shorter = chunks;
                        shorter[n / 8] &= (1u64 << (8 * (n % 8))) - 1;
                        Self::hash_prefix(&shorter, n)
                    });
                return Some(AsciiWord {
                    hash: Self::hash_prefix(&chunks, len),
                    singular,
                    len,
                    key: [chunks[0], chunks[1]],
                });
            }
        }
        None
    }

    #[inline]
    fn hash(&self) -> usize {
        self.hash
    }

    #[inline]
    fn singular_hash(&self) -> Option<usize> {
        self.singular
    }

    fn hash_prefix(chunks: &[u64; 4], len: usize) -> usize {
        let mut h = len as u64;
        for &c in &chunks[..len.div_ceil(8)] {
            h = hash_step(h, c);
        }
        hash_finish(h)
    }
}

/// The first `n` bytes of `x` (all of them from eight on).
#[inline]
fn low_bytes(x: u64, n: usize) -> u64 {
    if n >= 8 {
        x
    } else {
        x & ((1u64 << (8 * n)) - 1)
    }
}

/// Up to eight ASCII bytes of the text, as masks (bit `k` is byte `k`).
#[derive(Debug, Clone, Copy)]
struct AsciiBlock {
    /// How many bytes the block covers: up to the first byte outside ASCII
    /// or the end of the text.
    len: usize,
    /// Letters and digits.
    alnum: u32,
    /// The bytes [`fold_ascii_byte`] turns into a space: white space, '-', NUL.
    space: u32,
}

impl AsciiBlock {
    /// The bytes where a search may start: neither space-like nor after a
    /// letter or digit (`glued`: the byte before the block is one).
    #[inline]
    fn starts(&self, glued: bool) -> u32 {
        let after_word = (self.alnum << 1) | u32::from(glued);
        !after_word & !self.space & ((1u64 << self.len) - 1) as u32
    }

    /// True when the block's last byte is a letter or digit.
    #[inline]
    fn ends_in_word(&self) -> bool {
        self.alnum >> (self.len - 1) & 1 != 0
    }
}

const LANE_LOW: u64 = 0x0101_0101_0101_0101;
const LANE_HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `w` (all below 0x80) that lies in
/// `lo..=hi`. No byte sum carries into the next byte, so the lanes stay apart.
#[inline]
fn lanes_in(w: u64, lo: u8, hi: u8) -> u64 {
    let ge_lo = w.wrapping_add(LANE_LOW * u64::from(0x80 - lo));
    let gt_hi = w.wrapping_add(LANE_LOW * u64::from(0x7f - hi));
    ge_lo & !gt_hi & LANE_HIGH
}

/// The high bit of every byte of `w` (all below 0x80) equal to `c`.
#[inline]
fn lanes_eq(w: u64, c: u8) -> u64 {
    let x = w ^ (LANE_LOW * u64::from(c));
    !(x.wrapping_add(LANE_LOW * 0x7f)) & LANE_HIGH
}

/// The byte lanes' high bits of `m` gathered into the low eight bits.
#[inline]
fn lane_bits(m: u64) -> u32 {
    (((m >> 7) & LANE_LOW).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// Eight bytes from the start of `rest` (zeros past its end) and how many
/// of them are `rest`'s.
#[inline]
fn load_lanes(rest: &[u8]) -> (u64, usize) {
    match rest.first_chunk::<8>() {
        Some(chunk) => (u64::from_le_bytes(*chunk), 8),
        None => {
            let mut lanes = [0u8; 8];
            lanes[..rest.len()].copy_from_slice(rest);
            (u64::from_le_bytes(lanes), rest.len())
        }
    }
}

/// The bytes of a [`wide_block`].
const WIDE: usize = 32;

/// Like [`ascii_block`], over [`WIDE`] bytes when `rest` has them, with
/// SSE2 (part of every x86-64 CPU): a few vector compares and mask moves
/// classify 32 bytes, where lanes in a `u64` take about as many
/// instructions for eight.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn wide_block(rest: &[u8]) -> AsciiBlock {
    let Some(chunk) = rest.first_chunk::<WIDE>() else {
        return ascii_block(rest);
    };
    // SAFETY: `sse2_classes` only needs SSE2, which this build enables
    // (the cfg above), as every x86-64 target does.
    let (h0, a0, s0) = unsafe { sse2_classes(chunk.first_chunk::<16>().unwrap_or(&[0; 16])) };
    let (h1, a1, s1) = unsafe { sse2_classes(chunk.last_chunk::<16>().unwrap_or(&[0; 16])) };
    let len = (h0 | h1 << 16).trailing_zeros() as usize;
    let keep = ((1u64 << len) - 1) as u32;
    AsciiBlock {
        len,
        alnum: (a0 | a1 << 16) & keep,
        space: (s0 | s1 << 16) & keep,
    }
}

/// The masks of 16 bytes: outside ASCII, letters and digits, and what
/// [`ascii_block_of`] counts as space (white space, '-', NUL). Bytes
/// outside ASCII compare as negative, so no range below holds them.
/// Unsafe as [`sse2_word_classes`] is.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
unsafe fn sse2_classes(half: &[u8; 16]) -> (u32, u32, u32) {
    use std::arch::x86_64::{_mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let v = sse2::load(half);
    let folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
    let alnum = _mm_or_si128(
        sse2::within(folded, b'a', b'z'),
        sse2::within(v, b'0', b'9'),
    );
    let blank = _mm_or_si128(
        _mm_or_si128(sse2::within(v, 0x09, 0x0d), sse2::eq(v, b' ')),
        _mm_or_si128(sse2::eq(v, b'-'), sse2::eq(v, 0)),
    );
    (
        _mm_movemask_epi8(v) as u32,
        _mm_movemask_epi8(alnum) as u32,
        _mm_movemask_epi8(blank) as u32,
    )
}

/// [`ascii_block`] elsewhere.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn wide_block(rest: &[u8]) -> AsciiBlock {
    ascii_block(rest)
}

/// The [`AsciiBlock`] at the start of `rest` (empty when `rest` starts
/// outside ASCII).
#[inline]
fn ascii_block(rest: &[u8]) -> AsciiBlock {
    let (w, n) = load_lanes(rest);
    ascii_block_of(w, n)
}

/// The [`AsciiBlock`] of the first `n` lanes of `w`.
#[inline]
fn ascii_block_of(w: u64, n: usize) -> AsciiBlock {
    let len = ascii_len(w, n);
    if len == 0 {
        return AsciiBlock {
            len: 0,
            alnum: 0,
            space: 0,
        };
    }
    let w = ascii_lanes(w, n);
    // NUL folds to a space too (the fold table's zero); cleared lanes are
    // masked off by `len`.
    let space = lanes_in(w, 0x09, 0x0d) | lanes_eq(w, b' ') | lanes_eq(w, b'-') | lanes_eq(w, 0);
    AsciiBlock {
        len,
        alnum: alnum_bits(w),
        space: lane_bits(space),
    }
}

/// How many of the first `n` lanes of `w` come before a byte outside ASCII.
#[inline]
fn ascii_len(w: u64, n: usize) -> usize {
    let high = w & LANE_HIGH;
    if high == 0 {
        n
    } else {
        (high.trailing_zeros() as usize / 8).min(n)
    }
}

/// `w` with every lane from the first byte outside ASCII (or lane `n`) on
/// cleared: lane arithmetic then never carries into the next lane.
#[inline]
fn ascii_lanes(w: u64, n: usize) -> u64 {
    let len = ascii_len(w, n);
    if len < 8 {
        w & ((1u64 << (8 * len)) - 1)
    } else {
        w
    }
}

/// The letters and digits among the lanes of `w` (all below 0x80).
#[inline]
fn alnum_bits(w: u64) -> u32 {
    let letters = lanes_in(w | (LANE_LOW * 0x20), b'a', b'z');
    let digits = lanes_in(w, b'0', b'9');
    lane_bits(letters | digits)
}

/// The end of the run of letters and digits starting at `i`.
#[inline]
fn word_end(s: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < s.len() {
        let b = s[j];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            j += 1;
        } else {
            match char_at(s, j) {
                Some(c) if is_word_char(c) => j += c.len_utf8(),
                _ => break,
            }
        }
    }
    j
}

/// True when the first word after the particles that open `text[i..]`
/// ("al-", "abu al-") starts with a capital, as "al-Anbar" and unlike
/// "as the" or "at least".
fn capital_after_particles(text: &str, i: usize) -> bool {
    // ASCII text, nearly always: the same words, read byte by byte.
    let b = text.as_bytes();
    let mut j = i;
    for _ in 0..4 {
        while j < b.len() && b[j] < 0x80 && !b[j].is_ascii_alphanumeric() && b[j] != b'\'' {
            j += 1;
        }
        let Some(&first) = b.get(j) else {
            return false;
        };
        if first >= 0x80 {
            return capital_after_particles_chars(text, i);
        }
        if first.is_ascii_uppercase() {
            return true;
        }
        let from = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'\'') {
            j += 1;
        }
        if b.get(j).is_some_and(|&c| c >= 0x80) {
            return capital_after_particles_chars(text, i);
        }
        if !is_particle_ascii(&b[from..j]) {
            return false;
        }
    }
    false
}

/// [`capital_after_particles`] over chars, for text outside ASCII.
fn capital_after_particles_chars(text: &str, i: usize) -> bool {
    let mut words = text[i..]
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| !w.is_empty());
    for _ in 0..4 {
        let Some(w) = words.next() else { return false };
        if w.starts_with(char::is_uppercase) {
            return true;
        }
        if !PARTICLES.iter().any(|p| w.eq_ignore_ascii_case(p)) {
            return false;
        }
    }
    false
}

/// The end of the word at `i` as [`capital_after_particles`] splits words.
fn name_word_end(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'\'') {
        j += 1;
    }
    if !matches!(b.get(j), Some(&c) if c >= 0x80) {
        return j;
    }
    text[i..]
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .map_or(text.len(), |(k, _)| i + k)
}

/// The folded text from one start on, folded as far as the walk asks.
struct Window<'a> {
    text: &'a str,
    /// The next byte of `text` to fold.
    next: usize,
    fold: bool,
    buf: &'a mut FoldBuf,
}

impl Window<'_> {
    /// True when byte `k` of the folded window exists (folding more text
    /// when needed, 8 bytes ahead at a time).
    #[inline]
    fn has(&mut self, k: usize) -> bool {
        if k < self.buf.len() {
            return true;
        }
        self.next = self.buf.fold_more(self.text, self.next, self.fold, k + 8);
        k < self.buf.len()
    }

    /// Folds until the window holds `want` bytes or the text ends.
    #[inline]
    fn fill(&mut self, want: usize) {
        if self.buf.len() < want {
            self.next = self.buf.fold_more(self.text, self.next, self.fold, want);
        }
    }
}

/// Walks `aut` anchored from the start of `win` until it dies, collecting
/// every pattern that ends on the way (longest first), as (end in the
/// folded window, pattern).
///
/// Most walks die within a few bytes and find nothing, so ASCII text is
/// folded byte by byte as it is fed, without filling the window; the window
/// is filled (from the same start, so with the same bytes) only when the
/// walk meets a non-ASCII char, or later, for the checks of a hit.
#[inline]
fn walk<A: Automaton>(aut: &A, win: &mut Window<'_>, ends: &mut Vec<(usize, usize)>) {
    let Ok(mut sid) = aut.start_state(Anchored::Yes) else {
        return;
    };
    let mut k = 0;
    let on_match = |sid, k: usize, ends: &mut Vec<(usize, usize)>| {
        for i in 0..aut.match_len(sid) {
            let p = aut.match_pattern(sid, i);
            if aut.pattern_len(p) == k + 1 {
                ends.push((k + 1, p.as_usize()));
            }
        }
    };
    if win.buf.len() == 0 {
        let bytes = win.text.as_bytes();
        let mut j = win.next;
        let mut last_space = false;
        while let Some(&b) = bytes.get(j) {
            let Some(f) = fold_ascii_byte(b) else {
                break;
            };
            j += 1;
            if f == b' ' && last_space {
                continue;
            }
            last_space = f == b' ';
            sid = aut.next_state(Anchored::Yes, sid, f);
            if aut.is_special(sid) {
                if aut.is_dead(sid) {
                    ends.reverse();
                    return;
                }
                if aut.is_match(sid) {
                    on_match(sid, k, ends);
                }
            }
            k += 1;
        }
        if j >= bytes.len() {
            ends.reverse();
            return;
        }
    }
    while win.has(k) {
        sid = aut.next_state(Anchored::Yes, sid, win.buf.bytes()[k]);
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                break;
            }
            if aut.is_match(sid) {
                on_match(sid, k, ends);
            }
        }
        k += 1;
    }
    ends.reverse();
}

/// `text`, cut (on a char boundary) below 4 GiB: offsets are `u32`, and a
/// document that large is far past anything a news pipeline reads.
fn within_offsets(text: &str) -> &str {
    if text.len() < u32::MAX as usize {
        return text;
    }
    let mut cut = u32::MAX as usize - 8;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// Whether the match `[start, stop)` may lie in a web or e-mail address:
/// the white-space-delimited run around it holds, outside the match, a ':',
/// '/', '@', or a '.' before a letter or digit ("www.reuters.com",
/// "afp@example.org"). An address holds no white space and one of these, so
/// a match without them needs no look at the tokens; with them, the token
/// under the match decides ([`in_address`]). Reading the tokens only for
/// the few such matches saves a pass over all of them (a twentieth of the
/// stage on the news corpus).
fn address_like(text: &str, start: usize, stop: usize) -> bool {
    /// How far a run is read before it counts as address-like anyway.
    const LIMIT: usize = 256;
    let b = text.as_bytes();
    let marks = |c: u8, next: Option<&u8>| {
        matches!(c, b':' | b'/' | b'@') || c == b'.' && next.is_some_and(u8::is_ascii_alphanumeric)
    };
    let mut k = start;
    while k > 0 {
        let c = b[k - 1];
        if c.is_ascii_whitespace() {
            break;
        }
        if start - k >= LIMIT || marks(c, b.get(k)) {
            return true;
        }
        k -= 1;
    }
    let mut k = stop;
    while k < b.len() {
        let c = b[k];
        if c.is_ascii_whitespace() {
            break;
        }
        if k - stop >= LIMIT || marks(c, b.get(k + 1)) {
            return true;
        }
        k += 1;
    }
    false
}

/// True when byte `at` lies in a web or e-mail address token (`tokens` in
/// text order).
fn in_address(tokens: &[Token], at: usize) -> bool {
    let k = tokens.partition_point(|t| t.span.end <= at);
    tokens
        .get(k)
        .is_some_and(|t| t.span.start <= at && matches!(t.kind, TokenKind::Url | TokenKind::Email))
}

#[cfg(test)]
mod address_tests {
    use super::address_like;

    fn like(text: &str, m: &str) -> bool {
        let start = text.find(m).unwrap();
        address_like(text, start, start + m.len())
    }

    #[test]
    fn address_marks_outside_the_match_send_it_to_the_tokens() {
        assert!(like("see www.Reuters.com today", "Reuters"));
        assert!(like("mail Iraq@example.org now", "Iraq"));
        assert!(like("at http://Mosul now", "Mosul"));
        assert!(like("the feed rudaw.net/Mosul", "Mosul"));
        // marks inside the match, or a full stop ending a sentence, are no address
        assert!(!like("the U.S. said", "U.S."));
        assert!(!like("they left Iraq. Then", "Iraq"));
        assert!(!like("U.S.-led forces", "U.S."));
        assert!(!like("Mosul", "Mosul"));
        // a run too long to read is sent to the tokens
        let long = format!("{}Mosul", "x".repeat(300));
        assert!(like(&long, "Mosul"));
    }
}

#[cfg(test)]
mod word_case_tests {
    use super::*;

    #[test]
    fn one_pass_counts_equal_word_by_word() {
        let texts = [
            "Iraqi Forces Retake Mosul From ISIS After Nine-Month Battle",
            "troops of the 9th division entered the city on Sunday, officers said",
            "  (AP) -- U.S.-led coalition's \"spokesman\" said: 'it is over'  ",
            "a an the of I A.B. x.y e-mail ... --- 123 4th MOSUL's al-Anbar",
            "",
            "   \t\n ",
            "ab, abc. abcd! Ab AB aB a1 1a 'ab' \"abc\" (abcd)",
        ];
        for t in texts {
            let (mut u, mut l) = (0, 0);
            for w in t.split_ascii_whitespace() {
                let (a, b) = word_case(w);
                u += a;
                l += b;
            }
            assert_eq!(ascii_word_cases(t.as_bytes()), (u, l), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn case_bounds_hold(t in "([A-Z][a-z]{0,6}|[a-z]{1,7}|[ -~]|[\t\n\x0b\x0c\r ]{1,2}){0,90}") {
            let (upper, lower) = ascii_word_cases(t.as_bytes());
            let (most_upper, least_lower) = case_bounds(t.as_bytes()).unwrap();
            proptest::prop_assert!(most_upper >= upper, "{:?}", t);
            proptest::prop_assert!(least_lower <= lower, "{:?}", t);
        }

        #[test]
        fn case_bounds_refuse_text_outside_ascii(t in "[ -~]{0,80}é[ -~]{0,80}") {
            proptest::prop_assert!(case_bounds(t.as_bytes()).is_none());
        }

        #[test]
        fn one_pass_counts_equal_word_by_word_on_any_ascii(t in "[ -~\t\n]{0,80}") {
            let (mut u, mut l) = (0, 0);
            for w in t.split_ascii_whitespace() {
                let (a, b) = word_case(w);
                u += a;
                l += b;
            }
            proptest::prop_assert_eq!(ascii_word_cases(t.as_bytes()), (u, l));
        }
    }
}

#[cfg(test)]
mod lane_tests {
    use super::*;

    /// The search's start rule, a byte at a time: not space-like, and not
    /// right after a letter or digit.
    fn scalar_starts(block: &[u8], glued: bool) -> u32 {
        let mut bits = 0;
        let mut prev_word = glued;
        for (k, &b) in block.iter().enumerate() {
            if fold_ascii_byte(b) != Some(b' ') && !prev_word {
                bits |= 1 << k;
            }
            prev_word = b.is_ascii_alphanumeric();
        }
        bits
    }

    #[test]
    fn lane_masks_pick_the_word_starts_of_ascii_text() {
        let text = b"Iraqi-led forces,  al-Ba'aj (\"27,000\")\t\nin Anbar";
        let mut glued = false;
        let mut i = 0;
        let mut starts = Vec::new();
        while i < text.len() {
            let block = ascii_block(&text[i..]);
            assert_eq!(block.len, 8.min(text.len() - i));
            let mut bits = block.starts(glued);
            while bits != 0 {
                starts.push(i + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
            glued = block.ends_in_word();
            i += block.len;
        }
        let words: Vec<&str> = starts
            .iter()
            .map(|&s| {
                let e = word_end(text, s).max(s + 1);
                std::str::from_utf8(&text[s..e]).unwrap()
            })
            .collect();
        assert_eq!(
            words,
            [
                "Iraqi", "led", "forces", "al", "Ba", "aj", "(", "\"", "27", "000", ")", "in",
                "Anbar"
            ]
        );
    }

    #[test]
    fn a_block_stops_before_the_first_byte_outside_ascii() {
        let text = "Al-Qāmishlī".as_bytes();
        let block = ascii_block(text);
        assert_eq!(block.len, 4);
        assert_eq!(block.starts(false), 0b1001);
        assert!(block.ends_in_word());
        assert_eq!(ascii_block(&text[4..]).len, 0);
        // "Mosul’s": the first word stops at the curly apostrophe, which
        // folding may join to it, so the scan's quick hash stands aside.
        assert!(AsciiWord::at("Mosul’s".as_bytes(), 0).is_none());
        assert!(AsciiWord::at(b"Mosul's", 0).is_some());
    }

    proptest::proptest! {
        #[test]
        fn wide_blocks_equal_eight_byte_blocks(t in "[ -~\t\n\r\u{b}\u{c}\u{0}éā’—]{0,80}", glued: bool) {
            let b = t.as_bytes();
            let mut i = 0;
            while i < b.len() {
                let wide = wide_block(&b[i..]);
                // The same masks as eight-byte blocks over the same bytes.
                let (mut alnum, mut space, mut len, mut g) = (0u32, 0u32, 0, glued);
                let mut starts = 0u32;
                while len < wide.len.max(1) && i + len < b.len() {
                    let block = ascii_block(&b[i + len..]);
                    if block.len == 0 {
                        break;
                    }
                    let n = block.len.min(wide.len - len);
                    let cut = ((1u64 << n) - 1) as u32;
                    alnum |= (block.alnum & cut) << len;
                    space |= (block.space & cut) << len;
                    starts |= (block.starts(g) & cut) << len;
                    g = block.alnum >> (n - 1) & 1 != 0;
                    len += n;
                }
                proptest::prop_assert_eq!(wide.len, len);
                // Eight-byte blocks leave bits past their end, which
                // `starts` masks off.
                let cut = ((1u64 << len) - 1) as u32;
                proptest::prop_assert_eq!(wide.alnum & cut, alnum);
                proptest::prop_assert_eq!(wide.space & cut, space);
                if wide.len == 0 {
                    // A char outside ASCII: the search steps over it.
                    i += 1;
                    while i < b.len() && b[i] & 0xc0 == 0x80 {
                        i += 1;
                    }
                    continue;
                }
                proptest::prop_assert_eq!(wide.starts(glued), starts);
                i += wide.len;
            }
        }

        #[test]
        fn lane_masks_equal_the_byte_rule(t in "[ -~\t\n\r\u{b}\u{c}\u{0}]{0,40}", glued: bool) {
            let b = t.as_bytes();
            let mut i = 0;
            let mut g = glued;
            while i < b.len() {
                let block = ascii_block(&b[i..]);
                let n = block.len;
                proptest::prop_assert_eq!(block.starts(g), scalar_starts(&b[i..i + n], g));
                g = block.ends_in_word();
                proptest::prop_assert_eq!(g, b[i + n - 1].is_ascii_alphanumeric());
                i += n;
            }
        }

        #[test]
        fn quick_word_hash_equals_the_folded_word_hash(t in "[A-Za-z0-9]{1,40}[ ,.'-]?[a-z ]{0,3}") {
            let b = t.as_bytes();
            let end = b.iter().position(|c| !c.is_ascii_alphanumeric()).unwrap_or(b.len());
            let folded: Vec<u8> = b[..end].iter().map(u8::to_ascii_lowercase).collect();
            match AsciiWord::at(b, 0) {
                None => proptest::prop_assert!(end >= 32),
                Some(w) => {
                    proptest::prop_assert_eq!(w.hash(), word_hash(&folded));
                    let singular = (folded.len() > 1 && folded.last() == Some(&b's'))
                        .then(|| word_hash(&folded[..folded.len() - 1]));
                    proptest::prop_assert_eq!(w.singular_hash(), singular);
                }
            }
        }
    }
}

#[cfg(test)]
mod word_table_tests {
    use super::*;

    const DICT: &str = "\
id\ttype\tcanonical\taliases
us\tGPE\tUnited States\tUS|U.S.|U.S.A.|United States of America
new-york\tGPE\tNew York\tNew York City|NYC
york\tGPE\tYork\t
pmu\tORG\tPopular Mobilization Units\tPMU|PMUs|Hashd al-Shaabi
muayyad\tPERSON\tMu'ayyad\tMu
al\tORG\tAl\tAl-Anbar|Al Anbar|al Qaeda
wash\tGPE\tWashington\tWashington Post|Washington, D.C.|Wash
news\tORG\tNews\tNew|The News|News of the World
ab\tORG\tAb\tA|Abs|Ab (group)|Abcdefghijklmnopq|Abcdefghijklmnop
att\tORG\tAT&T\tAT|AT/T|AT-T|At·T
";

    /// The ends a walk gives at `i` that the end-boundary check lets
    /// through, longest first.
    fn walked(g: &Gazetteer, text: &str, i: usize) -> Vec<(usize, PatternInfo)> {
        let mut buf = FoldBuf::default();
        let mut win = Window {
            text,
            next: i,
            fold: true,
            buf: &mut buf,
        };
        let mut ends = Vec::new();
        let first = fold_ascii_byte(text.as_bytes()[i]).unwrap_or(0);
        g.engine.walk(first, &mut win, &mut ends);
        let longest = ends.first().map_or(0, |e| e.0);
        win.has(longest + 3);
        let hay = win.buf.bytes();
        ends.retain(|&(ne, _)| {
            !char_at(hay, ne).is_some_and(is_word_char)
                || (hay[ne] == b's' && !char_at(hay, ne + 1).is_some_and(is_word_char))
        });
        ends.iter().map(|&(e, p)| (e, g.patterns[p])).collect()
    }

    const LOWER_DICT: &str = "\
id\ttype\tcanonical\taliases
anbar\tGPE\tal-Anbar\tal Anbar|al-Qa'im|al.Q|al
kremlin\tORG\tthe Kremlin\tthe Hague|anti-ISIS|as-Sulaymaniyah|the (K)|the,K
abu\tPERSON\tAbu Bakr\tabu Bakr|abus|de Gaulle|des
iphone\tPRODUCT\tiPhone\tiPod&Co|iPad's
";

    /// Checks that [`LowerWords::may_match`] turns away no lower-case
    /// start of `text` where a pattern that may start lower-case ends on
    /// the walk past the end-boundary check, and returns how many starts
    /// it turned away and let through.
    fn check_lower(g: &Gazetteer, text: &str) -> (usize, usize) {
        let lower = g.lower_words.as_ref().unwrap();
        let bytes = text.as_bytes();
        let (mut away, mut through) = (0, 0);
        for i in 0..bytes.len() {
            if !bytes[i].is_ascii_lowercase() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
                continue;
            }
            let run = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if lower.may_match(bytes, i, run) {
                through += 1;
                continue;
            }
            away += 1;
            for (_, p) in walked(g, text, i) {
                let lowers = g.variants[p.first as usize..p.end as usize]
                    .iter()
                    .any(|v| v.flags & HAS_UPPER != 0 && v.name_upper & 1 == 0);
                assert!(!lowers, "{text:?} at {i}");
            }
        }
        (away, through)
    }

    #[test]
    fn lower_words_let_through_each_way_a_pattern_goes_on() {
        let d = Dictionary::parse("t.tsv", LOWER_DICT).unwrap();
        let g = Gazetteer::build(&[d], &[] as &[&str], MatchOptions::default());
        for t in [
            "al.Q",
            "al Q",
            "al-Qa'im",
            "the (K)",
            "the,K",
            "the Hague",
            "iphones",
            "iPhone",
            "iPod&Co",
            "iPad's",
            "anti-ISIS",
        ] {
            assert_eq!(check_lower(&g, t).1, 1, "{t:?}");
        }
        for t in ["the city", "al", "the.K", "ipods", "anti ISIS x"] {
            check_lower(&g, t);
        }
        // "al" goes on only before 'a' or 'q' here, or with '.'.
        assert_eq!(check_lower(&g, "al city"), (2, 0));
    }

    proptest::proptest! {
        #[test]
        fn lower_words_turn_away_only_starts_no_pattern_matches(
            words in proptest::collection::vec(
                "(al|Anbar|anbar|Qa'im|Q|the|Kremlin|kremlin|Hague|hague|anti|ISIS|as|Sulaymaniyah|K|abu|abus|Bakr|bakr|de|des|Gaulle|x|als|thes|iphone|iPhones|iPod|Co|iPad)",
                1..10,
            ),
            seps in proptest::collection::vec("( |-|'|\\.|,| \\(|\\)|  |\n|'s |&)", 10),
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            let d = Dictionary::parse("t.tsv", LOWER_DICT).unwrap();
            let g = Gazetteer::build(&[d], &[] as &[&str], MatchOptions::default());
            check_lower(&g, &text);
        }
    }

    #[test]
    fn every_pair_of_words_passes_its_second_byte() {
        let d = Dictionary::parse("t.tsv", DICT).unwrap();
        let g = Gazetteer::build(&[d], &[] as &[&str], MatchOptions::default());
        let mut pairs = 0;
        for name in [
            "New York City",
            "United States of America",
            "Washington Post",
            "The News",
        ] {
            let (p, _) = normalize_alias(name, true);
            let end = word_end(&p, 0);
            let h = word_hash(&p[..end]);
            assert_eq!(p[end], b' ');
            assert!(g.first_words.may_pair_byte(h, p[end + 1]), "{name}");
            pairs += 1;
        }
        assert_eq!(pairs, 4);
    }

    proptest::proptest! {
        #[test]
        fn word_edges_equal_the_splits(t in "([ <.&A]|[ -~é’ÉΣ\u{2013}]){0,40}", amp: bool) {
            let split = t
                .split(|c: char| !(c.is_alphanumeric() || (amp && c == '&')))
                .next()
                .unwrap_or("");
            proptest::prop_assert_eq!(leading_word(&t, amp), split);
            let rsplit = t
                .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
                .next()
                .unwrap_or("");
            proptest::prop_assert_eq!(trailing_word(&t), rsplit);
            proptest::prop_assert_eq!(starts_capitalised(&t), t.starts_with(char::is_uppercase));
            proptest::prop_assert_eq!(find_space_angle(t.as_bytes()), t.find(" <"));
        }

        #[test]
        fn word_lists_answer_as_their_words(w in "([A-Za-z]{1,12}|Corp|INC|Airways|united|Dam|PROVINCE|North|the|Ünited|1st)") {
            for (set, list) in [
                (&COMPANY_ENDS_SET, COMPANY_ENDS),
                (&CLUB_WORDS_SET, CLUB_WORDS),
                (&PLACE_NOUNS_SET, PLACE_NOUNS),
                (&PLACE_LEADS_SET, PLACE_LEADS),
            ] {
                proptest::prop_assert_eq!(set.has(&w), list.iter().any(|x| w.eq_ignore_ascii_case(x)));
            }
        }

        #[test]
        fn space_angle_found_where_find_finds_it(t in "[ <a>é]{0,12}") {
            proptest::prop_assert_eq!(find_space_angle(t.as_bytes()), t.find(" <"));
        }

        #[test]
        fn ascii_cases_equal_the_chars_behind_the_fold(
            t in "[ -~\t\nāÆ’]{1,90}",
            a in 0usize..90,
            len in 1usize..70,
        ) {
            let (mut hay, mut map) = (Vec::new(), Vec::new());
            normalize(&t, true, &mut hay, &mut map);
            let ns = a.min(hay.len() - 1);
            let ne = (ns + len).min(hay.len());
            if let Some((upper, lower)) = ascii_cases(&t, &map, ns, ne) {
                // The chars behind the folded bytes, one per byte.
                for (k, j) in (ns..ne).enumerate() {
                    let c = source_char(&t, map[j] as usize);
                    proptest::prop_assert!(hay[j] < 0x80);
                    proptest::prop_assert_eq!(upper >> k & 1 != 0, c.is_uppercase());
                    proptest::prop_assert_eq!(lower >> k & 1 != 0, c.is_lowercase());
                }
                proptest::prop_assert!(ne - ns == 64 || (upper | lower) >> (ne - ns) == 0);
            }
        }

        #[test]
        fn table_ends_equal_walked_ends(
            words in proptest::collection::vec(
                "(United|States|US|U|S|New|York|City|NYC|News|PMU|PMUs|Mu|Mu'ayyad|Al|Anbar|Qaeda|Washington|Post|Wash|D|C|Ab|Abs|A|Abcdefghijklmnopq|Abcdefghijklmnop|of|the|World|Yorks|Newss|x|AT|T|ATs)",
                1..12,
            ),
            seps in proptest::collection::vec("( |, |\\.|'s |-|  |\\. | \\(|\n|&|/|·|,|'|`|\\( )", 12),
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            let d = Dictionary::parse("t.tsv", DICT).unwrap();
            let g = Gazetteer::build(&[d], &[] as &[&str], MatchOptions::default());
            let bytes = text.as_bytes();
            for i in 0..bytes.len() {
                if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
                    continue;
                }
                let Some(word) = AsciiWord::at(bytes, i) else { continue };
                if word.len > 16 {
                    continue;
                }
                let mut ends = Vec::new();
                let walk = g.word_ends(&word, bytes, i + word.len, &mut None, &mut ends);
                if walk {
                    proptest::prop_assert!(ends.is_empty());
                } else {
                    proptest::prop_assert_eq!(&ends, &walked(&g, &text, i), "{:?} at {}", text, i);
                }
            }
        }
    }
}
