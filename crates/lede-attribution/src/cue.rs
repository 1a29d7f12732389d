//! The learned cue detector: after the rules read a stretch of text, it
//! names more words that head a reporting cue, and the rules read the
//! stretch again with those words as `say` cues.
//!
//! PolNeAR annotates attribution broadly: ordinary verbs in frames the rules
//! do not trust ("questioned", "backed", "is raising questions about"),
//! stance verbs without a clear subject, words the lists lack. A word list
//! cannot say when "shows" or "called" report something; context might.
//!
//! The relation of a candidate word is built by the rules
//! (`extract.rs`): the word becomes a `say` cue, so its source (left,
//! appositive or inverted), its content (the clause after it, or before it)
//! and its cue extent (auxiliaries, "critical of") come out as for a listed
//! verb. A word the rules build nothing on is no cue. An averaged perceptron
//! ([`crate::perceptron`]) then scores "this word heads a cue" from hashed
//! features of the word (itself, a suffix-stripped lemma, its last letters,
//! the words and word classes around it, what follows: a that-clause, a
//! quote, a colon, "to", a preposition; whether the rules' source finder
//! sees a speaker on its left and of what kind; auxiliaries before it; its
//! place in the clause; whether it sits in a relation the rules found) and
//! of its relation (whether it has a source and of what kind, on which side
//! the content lies and how it opens, its length, the relation's kind). It
//! learns from the words of training documents whose relation has exactly
//! the cue of a gold relation the rules missed. Accepted words are read
//! again as cues together; if that reading changes a relation of the first
//! (a new cue swallowing it), the first stands.
//!
//! Only words whose lemma headed such a cue at least twice in training are
//! scored (the gate, a 64 Kbit set of lemma hashes), and a relation is
//! built only for a word whose own features leave it within reach of the
//! margin (the bound: the most a relation's features lifted a word accepted
//! in training): most words never head a cue, and skipping them keeps the
//! stage fast. A word is accepted when it beats the "no cue" candidate by a
//! margin tuned on held-out training documents. The detector ships in the
//! boundary model's file ([`crate::boundary::Model`]); like it, a file
//! records a hash of this source file and is refused by a build whose
//! features differ.

use lede_core::Span;

use crate::extract::{Ctx, Rel, P};
use crate::lexicon::*;
use crate::perceptron::{train_mean, Choice, Table, Weights};

/// Features are hashed into `2^CUE_BITS` ids.
pub const CUE_BITS: u32 = 18;
/// The feature of the "no cue" candidate (a bias).
const NO: u32 = 0xC0E0;
/// The gate has `2^GATE_BITS` bits.
const GATE_BITS: u32 = 16;
/// Most relations built for candidate words per stretch of text.
const MAX_PROBES: usize = 4;
/// No bound on what a relation's features add (every word is worth a relation).
const NO_BOUND: f32 = 1e9;

/// The feature template: this file without whitespace.
pub fn template_hash() -> u64 {
    let src = include_str!("cue.rs");
    let kept: Vec<u8> = src.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    fnv(&kept)
}

fn fnv(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One scored word of a training document: its gate bucket and its
/// two-candidate choice (0: no cue, 1: a cue head), labelled from gold.
#[derive(Debug, Clone)]
pub struct Example {
    /// The gate bucket of the word's lemma.
    pub key: u16,
    /// Whether the word heads a gold cue the rules missed.
    pub head: bool,
    /// The word's byte span in the document (for reports).
    pub at: Span,
    /// The cue of the relation the rules build on the word.
    pub cue: Span,
    /// Candidate 0 is "no cue", candidate 1 the word's features, then its
    /// relation's.
    pub choice: Choice,
    /// How many of candidate 1's features are the word's.
    pub word_feats: usize,
}

/// A trained detector: weights, the gate and the acceptance margin.
#[derive(Debug, Clone, Default)]
pub struct Detector {
    weights: Weights,
    table: Table,
    margin: f32,
    /// One bit per gate bucket.
    gate: Vec<u64>,
    /// The most a relation's features added to a word's score in training:
    /// a word that cannot pass the margin with it is not worth building a
    /// relation for.
    rel_max: f32,
    /// The most a speaker's last word and distance add to a word's score
    /// (see [`span_max`]).
    span_max: i32,
}

impl Detector {
    /// Whether the detector accepts nothing (no gate: an empty model).
    pub fn is_empty(&self) -> bool {
        self.gate.iter().all(|g| *g == 0)
    }

    /// Trains on examples: the gate holds the lemmas that headed a missed
    /// cue at least `min_heads` times, and only their words are learnt from.
    pub fn train(
        examples: &[Example],
        min_heads: usize,
        epochs: usize,
        seed: u64,
        runs: usize,
    ) -> Detector {
        let mut heads = vec![0u32; 1 << GATE_BITS];
        for e in examples.iter().filter(|e| e.head) {
            heads[usize::from(e.key)] += 1;
        }
        let mut gate = vec![0u64; 1 << (GATE_BITS - 6)];
        for (k, n) in heads.iter().enumerate() {
            if *n as usize >= min_heads.max(1) {
                gate[k >> 6] |= 1 << (k & 63);
            }
        }
        let mut d = Detector {
            gate,
            ..Detector::default()
        };
        let choices: Vec<Choice> = examples
            .iter()
            .filter(|e| d.open(e.key))
            .map(|e| e.choice.clone())
            .collect();
        d.weights = train_mean(&choices, epochs, seed, runs);
        d.table = Table::new(&d.weights, CUE_BITS);
        d.span_max = span_max(&d.table);
        d.rel_max = NO_BOUND;
        d
    }

    /// Sets how much a relation's features may add to a word's score: the
    /// least that keeps every training word the detector accepts at its
    /// margin (so only words that could pass have a relation built).
    pub fn with_bound(mut self, examples: &[Example]) -> Detector {
        self.rel_max = examples
            .iter()
            .filter(|e| self.open(e.key))
            .filter_map(|e| {
                let c = e.choice.cand(1);
                let word = self.table.score(&c[..e.word_feats]) - self.table.score(e.choice.cand(0));
                let rel = self.table.score(&c[e.word_feats..]);
                self.accept(word + rel).then_some(self.margin - word)
            })
            .fold(-NO_BOUND, f32::max)
            // a little slack for the rounding of fixed-point scores
            + 0.01;
        self
    }

    #[inline]
    fn open(&self, key: u16) -> bool {
        self.gate
            .get(usize::from(key >> 6))
            .is_some_and(|g| g >> (key & 63) & 1 == 1)
    }

    /// The margin by which a head must beat "no cue".
    pub fn margin(&self) -> f32 {
        self.margin
    }

    /// Sets the margin (and drops the bound of [`Detector::with_bound`],
    /// which holds for one margin).
    pub fn with_margin(mut self, margin: f32) -> Detector {
        if margin != self.margin {
            self.rel_max = NO_BOUND;
        }
        self.margin = margin;
        self
    }

    /// The number of lemma buckets in the gate.
    pub fn gate_len(&self) -> usize {
        self.gate.iter().map(|g| g.count_ones() as usize).sum()
    }

    /// The weights.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// Whether an example's word would be accepted (for reports).
    pub fn accepts(&self, e: &Example) -> bool {
        self.open(e.key)
            && self.accept(self.table.score(e.choice.cand(1)) - self.table.score(e.choice.cand(0)))
    }

    /// An example's score: how much its word beats "no cue".
    pub fn score(&self, e: &Example) -> f32 {
        self.table.score(e.choice.cand(1)) - self.table.score(e.choice.cand(0))
    }

    #[inline]
    fn accept(&self, d: f32) -> bool {
        d > self.margin
    }

    /// The weights, gate and margin as lines after the boundary weights.
    pub(crate) fn to_lines(&self, s: &mut String) {
        for (f, v) in self.weights.sorted() {
            s.push_str(&format!("{f:08x} {v}\n"));
        }
        for (i, g) in self.gate.iter().enumerate() {
            if *g != 0 {
                s.push_str(&format!("gate {i:04x} {g:016x}\n"));
            }
        }
    }

    /// The header fields of the detector.
    pub(crate) fn header(&self) -> String {
        format!(
            "cue_template={:016x} cue_weights={} cue_gate={} cue_margin={},{}",
            template_hash(),
            self.weights.len(),
            self.gate.iter().filter(|g| **g != 0).count(),
            self.margin,
            self.rel_max
        )
    }

    /// Reads the detector's part of a model file: `lines` yields (line
    /// number, text) after the boundary weights; `weights` and `gate` are the
    /// header's counts.
    pub(crate) fn parse<'l>(
        lines: &mut impl Iterator<Item = (usize, &'l str)>,
        weights: usize,
        gate: usize,
        (margin, rel_max): (f32, f32),
        file: &str,
    ) -> Result<Detector, String> {
        let mut d = Detector {
            margin,
            rel_max,
            gate: vec![0; 1 << (GATE_BITS - 6)],
            ..Detector::default()
        };
        for _ in 0..weights {
            let Some((n, line)) = lines.next() else {
                return Err(format!(
                    "{file}: truncated model: the header promises {weights} cue weights"
                ));
            };
            let bad = || format!("{file}:{n}: expected a cue `FEATURE WEIGHT`, got {line:?}");
            let (f, v) = line.split_once(' ').ok_or_else(bad)?;
            let f = u32::from_str_radix(f, 16)
                .ok()
                .filter(|f| *f < 1 << CUE_BITS)
                .ok_or_else(bad)?;
            let v: f32 = v.parse().map_err(|_| bad())?;
            if !v.is_finite() {
                return Err(bad());
            }
            d.weights.set(f, v);
        }
        for _ in 0..gate {
            let Some((n, line)) = lines.next() else {
                return Err(format!(
                    "{file}: truncated model: the header promises {gate} gate lines"
                ));
            };
            let bad = || format!("{file}:{n}: expected `gate INDEX BITS`, got {line:?}");
            let mut p = line.split(' ');
            if p.next() != Some("gate") {
                return Err(bad());
            }
            let i = p
                .next()
                .and_then(|x| usize::from_str_radix(x, 16).ok())
                .filter(|i| *i < d.gate.len())
                .ok_or_else(bad)?;
            let g = p
                .next()
                .and_then(|x| u64::from_str_radix(x, 16).ok())
                .ok_or_else(bad)?;
            d.gate[i] = g;
        }
        d.table = Table::new(&d.weights, CUE_BITS);
        d.span_max = span_max(&d.table);
        Ok(d)
    }

    /// The heads accepted in tokens `[a, b)`, which the rules read into
    /// `rels`: each word in the gate is scored with the relation the rules
    /// build on it (none: not a head).
    pub(crate) fn heads(
        &self,
        cx: &mut Ctx,
        a: usize,
        b: usize,
        rels: &[Rel],
        out: &mut Vec<usize>,
    ) {
        let mut scored: Vec<(usize, i32, u64)> = Vec::new();
        {
            let u = Unit::new(cx, a, b, rels);
            for k in a..b {
                let Some((_, lem)) = u.candidate(k, Some(self)) else {
                    continue;
                };
                let pass = |acc: i32| self.accept(acc as f32 / 1024.0 + self.rel_max);
                match u.score(k, lem, &self.table, self.span_max, pass) {
                    Some(acc) if pass(acc) => scored.push((k, acc, lem)),
                    _ => {}
                }
            }
        }
        // each relation built reads the stretch again: a few per stretch,
        // the best words first, keep a run of cue-like words linear
        if scored.len() > MAX_PROBES {
            scored.sort_by_key(|x| std::cmp::Reverse(x.1));
            scored.truncate(MAX_PROBES);
            scored.sort_by_key(|x| x.0);
        }
        let mut scratch = Vec::new();
        for (k, acc, lem) in scored {
            let Some(r) = cx.probe(a, b, k, rels, &mut scratch) else {
                continue;
            };
            let mut fx = Fx::new(None, Some(&self.table), acc);
            rel_features(cx, k, lem, &r, &mut fx);
            if self.accept(fx.sum() as f32 / 1024.0) {
                out.push(k);
            }
        }
    }
}

/// Features of the relation the rules build on a head: whether it has a
/// source and what kind, where its content lies and how it opens, its kind.
fn rel_features(cx: &Ctx, k: usize, lem: u64, r: &Rel, fx: &mut Fx) {
    let t = &cx.t;
    let range = |s: Span| {
        let a = t.partition_point(|x| x.s < s.start);
        let b = t.partition_point(|x| x.e <= s.end);
        (a < b).then_some((a, b))
    };
    let cls = |i: usize| -> u64 {
        let x = &t[i];
        (x.p as u64)
            | u64::from(x.cap) << 4
            | u64::from(x.f & (ROLE | PERSON | GROUP | ORG | OUTLET | TITLE)) << 8
    };
    let word = |i: usize| -> u64 {
        let mut b = [0u8; 40];
        lower(cx.word(i), &mut b).map_or(0xBEEF, hash_bytes)
    };
    let src = r.source.and_then(range);
    let (skind, sside, slen) = match src {
        Some((a, b)) => (cls(b - 1), u64::from(a > k) + 1, bucket((b - a) as isize)),
        None => (0, 0, 0),
    };
    fx.f(40, skind, sside);
    fx.f(41, slen, sside);
    fx.f(42, lem, sside);
    fx.f(43, u64::from(r.kind_code()), sside);
    let content = r.content.first().copied().and_then(range);
    let (cside, cfirst, clen) = match content {
        Some((a, b)) => (
            u64::from(a > k) + 1,
            if t[a].f != 0 { word(a) } else { cls(a) },
            bucket(((b - a) / 3) as isize),
        ),
        None => (0, 0, 0),
    };
    fx.f(44, cside, cfirst);
    fx.f(45, clen, cside);
    fx.f(46, lem, cside);
    fx.f(47, mix(sside, cside), skind);
    fx.f(48, r.content.len().min(3) as u64, u64::from(r.kind_code()));
    let cue = r
        .cue
        .and_then(range)
        .map_or(0, |(a, b)| bucket((b - a) as isize));
    fx.f(49, cue, lem);
}

/// The examples of tokens `[a, b)`, which the rules read into `rels`:
/// every candidate word the rules build a relation on when it is a cue. Its
/// label says whether that relation's cue overlaps a gold cue (of
/// `gold_cues`) that no cue of the rules overlaps. Words the rules build
/// nothing on are left out: accepting them or not changes nothing.
pub(crate) fn examples(
    cx: &mut Ctx,
    a: usize,
    b: usize,
    rels: &[Rel],
    gold_cues: &[Span],
    out: &mut Vec<Example>,
) {
    let mut found = Vec::new();
    {
        let mut u = Unit::new(cx, a, b, rels);
        for k in a..b {
            let Some((key, lem)) = u.candidate(k, None) else {
                continue;
            };
            let mut choice = Choice {
                problem: 4,
                ..Choice::default()
            };
            choice.feats.push(NO);
            choice.close();
            let mut fx = Fx::new(Some(&mut choice.feats), None, 0);
            u.features(k, lem, &mut fx);
            choice.close();
            found.push((k, key, lem, choice));
        }
    }
    let mut scratch = Vec::new();
    for (k, key, lem, mut choice) in found {
        let Some(r) = cx.probe(a, b, k, rels, &mut scratch) else {
            continue;
        };
        let Some(cue) = r.cue else { continue };
        // the features of the relation join the word's
        choice.ends.pop();
        let word_feats = choice.feats.len() - 1;
        let mut fx = Fx::new(Some(&mut choice.feats), None, 0);
        rel_features(cx, k, lem, &r, &mut fx);
        choice.close();
        let want = crate::boundary::strip(cx.text, cue.start, cue.end);
        let head = gold_cues.iter().any(|g| {
            crate::boundary::strip(cx.text, g.start, g.end) == want
                && !rels.iter().filter_map(|r| r.cue).any(|c| c.overlaps(*g))
        });
        choice.gold = usize::from(head);
        let at = Span::new(cx.t[k].s, cx.t[k].e);
        out.push(Example {
            key,
            head,
            at,
            cue,
            choice,
            word_feats,
        });
    }
}

/// Adds features to the candidate being built, or sums their weights.
struct Fx<'f> {
    out: Option<&'f mut Vec<u32>>,
    table: Option<&'f Table>,
    acc: i32,
    /// Ids not yet looked up in `table`: the lookups are made together, so
    /// their cache misses (the table is larger than L1 and L2) overlap
    /// instead of stalling one after another.
    ids: [u32; 32],
    n: usize,
}

impl<'f> Fx<'f> {
    fn new(out: Option<&'f mut Vec<u32>>, table: Option<&'f Table>, acc: i32) -> Fx<'f> {
        Fx {
            out,
            table,
            acc,
            ids: [0; 32],
            n: 0,
        }
    }

    /// The sum of the weights so far.
    fn sum(&mut self) -> i32 {
        self.flush();
        self.acc
    }

    #[inline]
    fn flush(&mut self) {
        if let Some(t) = self.table {
            self.acc += self.ids[..self.n]
                .iter()
                .map(|&id| i32::from(t.raw(id)))
                .sum::<i32>();
        }
        self.n = 0;
    }

    #[inline]
    fn f(&mut self, tmpl: u64, a: u64, b: u64) {
        let h = (a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F).rotate_left(31)
            ^ (0xC0E << 8 | tmpl).wrapping_mul(0x1656_67B1_9E37_79F9))
        .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let id = (h >> (64 - CUE_BITS)) as u32;
        if self.table.is_some() {
            if self.n == self.ids.len() {
                self.flush();
            }
            self.ids[self.n] = id;
            self.n += 1;
        }
        if let Some(o) = self.out.as_mut() {
            o.push(id);
        }
    }
}

const BOS: u64 = 0x5151;
const EOS: u64 = 0x7171;

/// A stretch of tokens the rules have read, with what its candidates share.
struct Unit<'c, 'a> {
    cx: &'c Ctx<'a>,
    a: usize,
    b: usize,
    rels: &'c [Rel],
    /// Whether a speech quote is in the stretch.
    quoted: bool,
}

/// Bytes of a word kept for hashing (longer words are cut).
const MAXW: usize = 40;

impl<'c, 'a> Unit<'c, 'a> {
    fn new(cx: &'c Ctx<'a>, a: usize, b: usize, rels: &'c [Rel]) -> Unit<'c, 'a> {
        Unit {
            cx,
            a,
            b,
            rels,
            quoted: cx.t[a..b].iter().any(|t| t.q != 0),
        }
    }

    fn in_span(&self, k: usize, s: Option<Span>) -> bool {
        let t = &self.cx.t[k];
        s.is_some_and(|s| s.start <= t.s && t.e <= s.end)
    }

    /// Whether token `k` is scored, and its gate bucket: a word outside
    /// quotes and outside the rules' cues that the rules would read as a cue
    /// if listed (not a capitalised name inside a sentence, an infinitive or
    /// a noun after a determiner), and not a function word.
    #[inline(always)]
    fn candidate(&self, k: usize, gate: Option<&Detector>) -> Option<(u16, u64)> {
        let t = &self.cx.t[k];
        if t.p != P::Word
            || t.q != 0
            || t.f & (DET | CONJ | AUX | PERSON | GROUP | RELATIVE | TIME | PREP | TITLE) != 0
            || !(3..=MAXW).contains(&(t.e - t.s))
        {
            return None;
        }
        let w = self.cx.word(k);
        if !w.as_bytes()[0].is_ascii_alphabetic() {
            return None;
        }
        if k > self.a {
            let p = &self.cx.t[k - 1];
            if t.cap && !matches!(p.p, P::QClose | P::QOpen | P::Colon | P::Dash) {
                return None;
            }
            if p.f & DET != 0 && p.f & RELATIVE == 0 {
                return None;
            }
        }
        let lem = lemma_in(self.cx.text, t.s, t.e);
        let key = (lem >> (64 - GATE_BITS)) as u16;
        if gate.is_some_and(|d| !d.open(key)) {
            return None;
        }
        if k > self.a && self.cx.lower_is(k - 1, "to") && !w.ends_with("ed") {
            return None;
        }
        if self.rels.iter().any(|r| self.in_span(k, r.cue)) {
            return None;
        }
        Some((key, lem))
    }

    /// The lowercased word at `k` (a sentinel outside the text).
    fn lw(&self, k: isize) -> u64 {
        if k < 0 {
            return BOS;
        }
        let Some(t) = self.cx.t.get(k as usize) else {
            return EOS;
        };
        lower_hash_in(self.cx.text, t.s, t.e)
    }

    /// The word at `k` when it is a function or list word, else its shape.
    fn sw(&self, k: isize) -> u64 {
        if k < 0 {
            return BOS;
        }
        let Some(t) = self.cx.t.get(k as usize) else {
            return EOS;
        };
        let w = &self.cx.text[t.s..t.e];
        if t.p != P::Word || t.f != 0 || (w.len() <= 3 && !t.cap) {
            return self.lw(k);
        }
        let suffix = if w.ends_with("ing") {
            1
        } else if w.ends_with("ed") {
            2
        } else if w.ends_with("ly") {
            3
        } else if w.ends_with('s') {
            4
        } else {
            0
        };
        0xAB00 | u64::from(t.cap) | suffix << 3
    }

    /// Word class at `k`: punctuation kind, capital, in a quote, list flags.
    fn c(&self, k: isize) -> u64 {
        if k < 0 {
            return BOS;
        }
        let Some(t) = self.cx.t.get(k as usize) else {
            return EOS;
        };
        const MASK: u32 = CONJ
            | PREP
            | TIME
            | DET
            | AUX
            | RELATIVE
            | CUE_VERB
            | ACCORDING
            | ROLE
            | PERSON
            | GROUP
            | ORG
            | OUTLET;
        (t.p as u64)
            | (u64::from(t.cap) << 4)
            | (u64::from(t.q != 0) << 5)
            | (u64::from(t.f & MASK) << 8)
    }

    /// The last three letters of the word at `k`.
    fn suf(&self, k: usize) -> u64 {
        let t = &self.cx.t[k];
        let w = &self.cx.text.as_bytes()[t.s..t.e];
        let mut h: u64 = 3;
        for &x in &w[w.len().saturating_sub(3)..] {
            h = (h << 8) | u64::from(x.to_ascii_lowercase());
        }
        h
    }

    /// What follows the word at `k`: a code for the next token's kind.
    fn next_code(&self, k: usize) -> u64 {
        let t = &self.cx.t;
        let j = k + 1;
        if j >= self.b {
            return 1;
        }
        let n = &t[j];
        if self.cx.quote_opening_at(j).is_some() {
            return 2;
        }
        match n.p {
            P::Colon => 3,
            P::Comma => {
                if j + 1 < self.b && self.cx.quote_opening_at(j + 1).is_some() {
                    4
                } else {
                    5
                }
            }
            P::Stop => 6,
            P::Word if self.cx.lower_is(j, "that") => 7,
            P::Word if self.cx.lower_is(j, "to") => 8,
            P::Word if n.f & PREP != 0 => 9,
            P::Word if n.f & (PERSON | GROUP) != 0 => 10,
            P::Word if n.f & DET != 0 => 11,
            P::Word if n.cap => 12,
            P::Word => 13,
            _ => 14 + n.p as u64,
        }
    }

    /// Whether "that", a quote or a colon comes within the next few words,
    /// before a comma or stop.
    fn clause_follows(&self, k: usize) -> bool {
        let t = &self.cx.t;
        let end = self.b.min(k + 6).max(k + 1);
        for (j, tj) in t.iter().enumerate().take(end).skip(k + 1) {
            if self.cx.lower_is(j, "that")
                || tj.p == P::Colon
                || self.cx.quote_opening_at(j).is_some()
            {
                return true;
            }
            if matches!(tj.p, P::Comma | P::Stop | P::Semi) {
                return false;
            }
        }
        false
    }

    /// Where token `k` lies against the rules' relations of the stretch.
    fn in_rel(&self, k: usize) -> u64 {
        if self.rels.is_empty() {
            return 0;
        }
        for r in self.rels {
            if r.content.iter().any(|c| self.in_span(k, Some(*c))) {
                return 1;
            }
            if self.in_span(k, r.source) {
                return 2;
            }
        }
        3
    }

    /// What the features of the word at `k` are made of, but the speaker.
    fn around(&self, k: usize) -> Around {
        let cx = self.cx;
        let t = &cx.t;
        let ki = k as isize;
        // past auxiliaries, adverbs and contracted forms: where the cue starts
        let mut cs = k;
        while cs > self.a
            && t[cs - 1].p == P::Word
            && (t[cs - 1].f & AUX != 0 || cx.is_ly(cs - 1))
            && t[cs - 1].q == 0
        {
            cs -= 1;
        }
        Around {
            cs,
            next: self.next_code(k),
            c_prev: self.c(cs as isize - 1),
            lw_next: self.lw(ki + 1),
            lw_prev: self.lw(cs as isize - 1),
            follows: u64::from(self.clause_follows(k)),
            inr: self.in_rel(k),
        }
    }

    /// A speaker on the left of the cue, as the rules' source finder sees
    /// one: the class of its last word and its distance and length.
    fn source(&self, w: &Around) -> Option<(u64, u64)> {
        let cs = w.cs;
        self.cx.left_source(self.a, cs).map(|(s, e)| {
            (
                self.c(e as isize - 1),
                bucket(cs as isize - e as isize) + (e - s).min(6) as u64 * 100,
            )
        })
    }

    fn features(&mut self, k: usize, lem: u64, fx: &mut Fx) {
        let w = self.around(k);
        let src = self.source(&w);
        self.emit::<ALL>(k, lem, &w, src, fx);
    }

    /// The features of `SEL` ([`WORD`], [`SRC_SIDE`], [`SRC_SPAN`]) of the
    /// word at `k`, whose speaker is `src` (see [`Unit::source`]).
    #[inline(always)]
    fn emit<const SEL: u8>(
        &self,
        k: usize,
        lem: u64,
        w: &Around,
        src: Option<(u64, u64)>,
        fx: &mut Fx,
    ) {
        let t = &self.cx.t;
        let ki = k as isize;
        let (cs, next) = (w.cs, w.next);
        if SEL & WORD != 0 {
            let lw = self.lw(ki);
            let naux = (k - cs).min(3) as u64;
            let c_next = self.c(ki + 1);
            let suf = self.suf(k);
            fx.f(0, 0, 0);
            fx.f(1, lem, 0);
            fx.f(2, lw, 0);
            fx.f(3, lem, w.lw_next);
            fx.f(4, w.lw_prev, lem);
            fx.f(5, lem, self.sw(ki + 2));
            fx.f(6, self.sw(cs as isize - 2), lem);
            fx.f(7, self.sw(cs as isize - 1), self.sw(ki + 1));
            fx.f(8, w.c_prev, c_next);
            fx.f(9, lem, c_next);
            fx.f(10, u64::from(t[k].f & (CUE_VERB | AMBIG)), next);
            fx.f(11, lem, next);
            fx.f(12, next, 0);
            fx.f(13, naux, lem);
            fx.f(14, naux, suf);
            fx.f(15, suf, next);
            fx.f(16, suf, w.c_prev);
        }
        // a speaker on the left, as the rules' source finder sees one
        let has = u64::from(src.is_some());
        let (src_kind, gap) = src.unwrap_or((0, 0));
        if SEL & SRC_SPAN != 0 {
            fx.f(17, src_kind, 0);
        }
        if SEL & SRC_SIDE != 0 {
            fx.f(18, has, lem);
        }
        if SEL & SRC_SPAN != 0 {
            fx.f(19, gap, has);
        }
        if SEL & SRC_SIDE != 0 {
            fx.f(20, mix(has, next), lem);
        }
        if SEL & WORD != 0 {
            fx.f(21, w.follows, lem);
        }
        let pos = bucket(k as isize - self.a as isize);
        if SEL & SRC_SIDE != 0 {
            fx.f(22, mix(w.follows, has), next);
            fx.f(23, pos, has);
        }
        if SEL & WORD != 0 {
            fx.f(24, bucket(self.b as isize - k as isize), 0);
            fx.f(25, w.inr, 0);
            fx.f(26, w.inr, lem);
        }
        if SEL & SRC_SIDE != 0 {
            fx.f(27, w.inr, mix(next, has));
            fx.f(28, u64::from(self.quoted), mix(next, has));
        }
        if SEL & WORD != 0 {
            fx.f(29, u64::from(t[k].cap), w.c_prev);
            fx.f(30, w.lw_prev, w.lw_next);
        }
    }

    /// The score of the word at `k` (its features' weights, less the "no
    /// cue" bias, in fixed point) when `pass` may hold for it: the rules'
    /// source finder runs only for a word that passes with the best speaker
    /// features (`span_max`, see [`span_max`]) it could be given.
    fn score(
        &self,
        k: usize,
        lem: u64,
        table: &Table,
        span_max: i32,
        pass: impl Fn(i32) -> bool,
    ) -> Option<i32> {
        let w = self.around(k);
        let mut fx = Fx::new(None, Some(table), -i32::from(table.raw(NO)));
        self.emit::<WORD>(k, lem, &w, None, &mut fx);
        let base = fx.sum();
        // without a speaker, all its features are known; with one, all but
        // those of its extent
        let mut fx = Fx::new(None, Some(table), 0);
        self.emit::<{ SRC_SIDE | SRC_SPAN }>(k, lem, &w, None, &mut fx);
        let none = fx.sum();
        let mut fx = Fx::new(None, Some(table), 0);
        self.emit::<SRC_SIDE>(k, lem, &w, Some((0, 0)), &mut fx);
        let some = fx.sum();
        if !pass(base + none.max(some + span_max)) {
            return None;
        }
        Some(match self.source(&w) {
            None => base + none,
            src @ Some(_) => {
                let mut fx = Fx::new(None, Some(table), base + some);
                self.emit::<SRC_SPAN>(k, lem, &w, src, &mut fx);
                fx.sum()
            }
        })
    }
}

/// The features of a word alone ([`Unit::emit`]).
const WORD: u8 = 1;
/// The features of whether a speaker stands on a word's left (with the
/// word, what follows it, its place).
const SRC_SIDE: u8 = 2;
/// The features of that speaker's last word and its distance.
const SRC_SPAN: u8 = 4;
const ALL: u8 = WORD | SRC_SIDE | SRC_SPAN;

/// What a word's features are made of (see [`Unit::around`]).
struct Around {
    /// Where its cue starts (past auxiliaries and adverbs).
    cs: usize,
    next: u64,
    c_prev: u64,
    lw_next: u64,
    lw_prev: u64,
    follows: u64,
    inr: u64,
}

/// The most the [`SRC_SPAN`] features can add to a word's score in fixed
/// point: any weight for the speaker's last word class (its values are too
/// many to list), the best of the few distances and lengths.
fn span_max(table: &Table) -> i32 {
    let any = (0..1u32 << CUE_BITS)
        .map(|f| i32::from(table.raw(f)))
        .max()
        .unwrap_or(0);
    let mut gap = i32::MIN;
    for d in -20..=20 {
        for n in 0..=6 {
            let mut fx = Fx::new(None, Some(table), 0);
            fx.f(19, bucket(d) + n * 100, 1);
            gap = gap.max(fx.sum());
        }
    }
    any + gap
}

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15)).rotate_left(31);
    x.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ (x >> 29)
}

/// Signed distance, kept exact near 0 and bucketed further out.
fn bucket(d: isize) -> u64 {
    let b = match d {
        -3..=3 => d,
        4..=6 => 5,
        7..=12 => 9,
        13.. => 20,
        -6..=-4 => -5,
        -12..=-7 => -9,
        _ => -20,
    };
    (b + 64) as u64
}

/// A hash of a short byte string: two loads and a mix for up to 16 bytes
/// (most words), byte by byte beyond.
#[inline]
fn hash_bytes(b: &[u8]) -> u64 {
    if b.len() > 16 {
        return fnv(b);
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    let (x, y) = buf.split_at(8);
    let x = u64::from_le_bytes(x.try_into().unwrap_or_default());
    let y = u64::from_le_bytes(y.try_into().unwrap_or_default());
    mix(x ^ (b.len() as u64) << 59, mix(y, 0x6C65_6465))
}

/// A hash of a suffix-stripped, lowercased form ("urges", "urged",
/// "urging" and "urge" share one).
pub fn lemma(w: &str) -> u64 {
    let b = w.as_bytes();
    if b.len() <= 16 {
        let mut buf = [0u8; 16];
        buf[..b.len()].copy_from_slice(b);
        let lo = u64::from_le_bytes(buf[..8].try_into().unwrap_or_default());
        let hi = u64::from_le_bytes(buf[8..].try_into().unwrap_or_default());
        if let Some(h) = lemma_packed(lo, hi, b.len()) {
            return h;
        }
    }
    lemma_slow(w)
}

/// [`lemma`] of `text[s..e]`, a word: a short one is read straight from
/// the text in two loads when 16 bytes follow its start.
#[inline]
fn lemma_in(text: &str, s: usize, e: usize) -> u64 {
    let n = e - s;
    if n <= 16 {
        if let Some(x) = text.as_bytes().get(s..s + 16) {
            let lo = u64::from_le_bytes(x[..8].try_into().unwrap_or_default());
            let hi = u64::from_le_bytes(x[8..].try_into().unwrap_or_default());
            if let Some(h) = lemma_packed(lo & low_bytes(n), hi & low_bytes(n.saturating_sub(8)), n)
            {
                return h;
            }
        }
    }
    lemma(&text[s..e])
}

/// [`lemma`] of a word of `n` (at most 16) bytes given as two zero-padded
/// little-endian words; `None` when it is not ASCII.
#[inline]
fn lemma_packed(lo: u64, hi: u64, n: usize) -> Option<u64> {
    if (lo | hi) & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    // lowercased in two registers and hashed from them: the same hash as
    // `hash_bytes` of the stem, without a buffer round trip
    let (lo, hi) = (ascii_lower(lo), ascii_lower(hi));
    let mut l = [0u8; 16];
    l[..8].copy_from_slice(&lo.to_le_bytes());
    l[8..].copy_from_slice(&hi.to_le_bytes());
    let (m, y) = stem(&l[..n]);
    let h = hash_words(lo & low_bytes(m), hi & low_bytes(m.saturating_sub(8)), m);
    Some(if y { mix(h, 0x79) } else { h })
}

/// [`lemma`] through a lowercasing buffer (long or non-ASCII words).
fn lemma_slow(w: &str) -> u64 {
    let mut buf = [0u8; 40];
    let Some(l) = lower(w, &mut buf) else {
        return 0xBEEF;
    };
    let (m, y) = stem(l);
    let h = hash_bytes(&l[..m]);
    if y {
        mix(h, 0x79)
    } else {
        h
    }
}

/// `hash_bytes` of `text[s..e]` lowercased (0xBEEF when `lower` refuses
/// it): a short ASCII word is read straight from the text in two loads.
#[inline]
fn lower_hash_in(text: &str, s: usize, e: usize) -> u64 {
    let n = e - s;
    if n <= 16 {
        if let Some(x) = text.as_bytes().get(s..s + 16) {
            let lo = u64::from_le_bytes(x[..8].try_into().unwrap_or_default()) & low_bytes(n);
            let hi = u64::from_le_bytes(x[8..].try_into().unwrap_or_default())
                & low_bytes(n.saturating_sub(8));
            if (lo | hi) & 0x8080_8080_8080_8080 == 0 {
                return hash_words(ascii_lower(lo), ascii_lower(hi), n);
            }
        }
    }
    let mut b = [0u8; 40];
    match lower(&text[s..e], &mut b) {
        Some(l) => hash_bytes(l),
        None => 0xBEEF,
    }
}

/// ASCII letters of eight ASCII bytes lowercased.
#[inline]
fn ascii_lower(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // per byte: the high bit set when the byte is at least 'A', and when
    // it is past 'Z' (no carries: every byte is below 0x80)
    let ge_a = x + ONES * (0x80 - u64::from(b'A'));
    let gt_z = x + ONES * (0x80 - u64::from(b'Z') - 1);
    let upper = ge_a & !gt_z & (ONES * 0x80);
    x | upper >> 2
}

/// A mask of the low `n` bytes of a word (all of it from 8 on).
#[inline]
fn low_bytes(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

/// `hash_bytes` of a string of `len` (at most 16) bytes, given as its two
/// zero-padded little-endian words.
#[inline]
fn hash_words(x: u64, y: u64, len: usize) -> u64 {
    mix(x ^ (len as u64) << 59, mix(y, 0x6C65_6465))
}

/// The stem of a lowercased word: its length, and whether a final "y" was
/// cut ("deny", "denying" and "denied" meet at "den" + y).
#[inline]
fn stem(l: &[u8]) -> (usize, bool) {
    let n = l.len();
    let ends = |s: &[u8]| l.ends_with(s);
    let cut = if n > 5 && ends(b"ing") || n > 4 && (ends(b"ied") || ends(b"ies")) {
        3
    } else if n > 4 && (ends(b"ed") || ends(b"es") && !ends(b"ses")) {
        2
    } else {
        usize::from(n > 3 && ends(b"s") && !ends(b"ss") && !ends(b"us"))
    };
    let stem = &l[..n - cut];
    let y = cut == 3 && !ends(b"ing");
    let (stem, y) = match stem {
        [rest @ .., b'y'] if rest.len() > 2 && !y => (rest, true),
        _ => (stem, y),
    };
    let stem = match stem {
        [rest @ .., b'e'] if rest.len() > 2 => rest,
        // "planned", "shipping": a doubled consonant
        [rest @ .., x, z]
            if x == z && rest.len() > 1 && !b"aeiouls".contains(x) && stem.len() < n =>
        {
            &stem[..stem.len() - 1]
        }
        _ => stem,
    };
    (stem.len(), y)
}

#[cfg(test)]
#[path = "cue_tests.rs"]
mod tests;
