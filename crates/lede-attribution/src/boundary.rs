//! The learned boundary model: after the rules, moves the edges of each
//! relation's cue and content, and may drop a relation.
//!
//! PolNeAR's conventions for where a span ends are split in ways only context
//! decides (coordinated verb phrases, ", which" clauses, trailing phrases of
//! time and place, "said Tuesday", a leading "But"), so the rules' spans are
//! taken as a starting point. For each relation with a cue the module lists
//! four choices: the cue (edges moved by up to two tokens, or a phrase opened
//! by a preposition after the verb, "said in an interview"; it may take the
//! first word or two of a content right after it, "responding [to ...]",
//! and the content then starts after the cue), the content's
//! start (up to six tokens back within the clause, up to five forward: with or
//! without "that", a leading "But" or adverbial) and end (before clause
//! commas, conjunctions, prepositions, time words, relative pronouns and
//! dashes, or at the sentence end; never across any relation's cue, source or
//! outlet), and keep or drop. An averaged perceptron
//! ([`crate::perceptron`]) over hashed features of the edge words (function
//! words as themselves, other words by shape), punctuation, distance moved,
//! the cue word, the kind of relation and the side of the content scores the
//! candidates; a cue candidate also reads the words it adds or drops as
//! themselves ("in an interview" against "in a village", whose shapes match),
//! crossed with the verb and the side of the content, and how far the
//! content's first word stands from its end. On PolNeAR the labels of the
//! commonest edges are close to a coin toss in every context we tried
//! ("said Friday that": the weekday is in the gold cue as often as not), so
//! these features move dev cue F1 by tenths of a point. Candidate 0 is always the rules' answer, and another one wins
//! only by a margin tuned on held-out training documents, so a model that has
//! learnt nothing changes nothing. Direct quotes keep the rules' content.
//!
//! The model is trained by `lede train attribution` from a local copy of
//! PolNeAR and never shipped (the corpus's terms); the default stage uses no
//! model. A model file records a hash of this source file: features are
//! defined here, so a model trained by another version is refused instead of
//! silently scoring with features that mean something else.

use std::path::Path;

use lede_core::{Attribution as Record, AttributionKind, Span};

use crate::extract::{Ctx, Tk, P};
use crate::lexicon::*;
use crate::perceptron::{train_mean, Choice, Table, Weights};

/// The choice codes, in [`Choice::problem`] and in training reports.
pub const PROBLEMS: [&str; 4] = ["cue", "content_start", "content_end", "keep"];
const CUE: u8 = 0;
const START: u8 = 1;
const END: u8 = 2;
const KEEP: u8 = 3;
/// The feature of the "drop" candidate of a keep choice.
const DROP: u32 = 0xD20D;

/// Features are hashed into `2^FEATURE_BITS` ids: a 1 MB weight array, no
/// worse on dev than 32-bit ids.
const FEATURE_BITS: u32 = 18;

/// The first word of a model file.
const MAGIC: &str = "lede-attribution-boundary";
/// The file format version (2: the cue detector follows the boundary
/// weights; 3: cue candidates read the words they add or drop).
const FORMAT: u32 = 3;

/// The feature template: this file, since candidates and features are
/// defined here, without whitespace (so reformatting keeps models valid).
pub fn template_hash() -> u64 {
    let src = include_str!("boundary.rs");
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

/// [`fnv`] of bytes `s..e` of `text` lowercased, when they are ASCII and
/// fit the buffer of [`lower`] (which then gives the same bytes).
fn fnv_ascii_lower(text: &[u8], s: usize, e: usize) -> Option<u64> {
    let b = &text[s..e];
    if b.len() > 40 {
        return None;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut high = 0;
    for &x in b {
        high |= x;
        h ^= u64::from(x.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (high < 0x80).then_some(h)
}

const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte.
const HIGH: u64 = ONES * 0x80;

/// Bytes `s..e` of `text` as two little-endian words, zero past `e`, when
/// they are 16 or fewer and the text goes on for 16 bytes from `s`.
#[inline]
fn two_words(text: &[u8], s: usize, e: usize) -> Option<(u64, u64)> {
    let n = e.checked_sub(s).filter(|&n| n <= 16)?;
    let w = text.get(s..s + 16)?;
    let (a, b) = w.split_at(8);
    let lo = u64::from_le_bytes(a.try_into().ok()?);
    let hi = u64::from_le_bytes(b.try_into().ok()?);
    let keep = |n: usize| if n >= 8 { !0 } else { (1u64 << (8 * n)) - 1 };
    Some((lo & keep(n), hi & keep(n.saturating_sub(8))))
}

/// The high bit of each byte of `x` from `lo` to `hi` (the bytes of `x` are
/// all below 0x80, so no sum carries into the next byte).
#[inline]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let ge = x.wrapping_add(ONES * u64::from(0x80 - lo));
    let gt = x.wrapping_add(ONES * u64::from(0x7f - hi));
    (ge ^ gt) & HIGH
}

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15)).rotate_left(31);
    x.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ (x >> 29)
}

/// A trained boundary model: feature weights and the line saying where they
/// came from.
#[derive(Debug, Clone, Default)]
pub struct Model {
    weights: Weights,
    /// The weights frozen for scoring.
    table: Table,
    /// Per problem, how much better than the rules' answer another candidate
    /// must score to replace it (tuned on documents held out of training).
    margins: [f32; 4],
    /// The learned cue detector (empty: the rules' cues only).
    pub cue: crate::cue::Detector,
    /// The provenance part of the header (training folders, documents, epochs).
    pub provenance: String,
}

/// What training documents taught: per problem, how many choices there were
/// and how many had the gold answer among the candidates.
#[derive(Debug, Clone, Copy, Default)]
pub struct Coverage {
    /// Choices met, per problem (see [`PROBLEMS`]).
    pub seen: [usize; 4],
    /// Choices whose gold answer was a candidate.
    pub reachable: [usize; 4],
    /// Choices where the gold answer was the rules' own (candidate 0).
    pub rules_right: [usize; 4],
}

impl Coverage {
    /// Adds another document's counts.
    pub fn add(&mut self, o: &Coverage) {
        for i in 0..4 {
            self.seen[i] += o.seen[i];
            self.reachable[i] += o.reachable[i];
            self.rules_right[i] += o.rules_right[i];
        }
    }
}

/// The gold spans of one relation, in byte offsets of the document text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GoldSpans {
    /// The cue.
    pub cue: Option<Span>,
    /// The content, when it is one stretch of text.
    pub content: Option<Span>,
}

impl Model {
    /// Trains a model on choices made by [`crate::Attribution::boundary_choices`]:
    /// the mean of `runs` averaged perceptrons (seeds `seed`, `seed + 1`, ...).
    /// Margins start at 0; see [`Model::tune_margins`].
    pub fn train(
        choices: &[Choice],
        epochs: usize,
        seed: u64,
        runs: usize,
        provenance: &str,
    ) -> Model {
        let weights = train_mean(choices, epochs, seed, runs);
        Model {
            table: Table::new(&weights, FEATURE_BITS),
            weights,
            margins: [0.0; 4],
            cue: crate::cue::Detector::default(),
            provenance: provenance.replace(['\n', '\r'], " "),
        }
    }

    /// The same model with a cue detector.
    pub fn with_cue(mut self, cue: crate::cue::Detector) -> Model {
        self.cue = cue;
        self
    }

    /// The candidate the model picks: the best one when it beats the rules'
    /// answer (candidate 0) by more than the problem's margin.
    pub fn pick(&self, c: &Choice) -> usize {
        self.table
            .pick(c, self.margins[usize::from(c.problem).min(3)])
    }

    fn pick_scored(&self, c: &Cands) -> usize {
        Table::pick_scores(&c.scores, self.margins[usize::from(c.choice.problem)])
    }

    /// The margins.
    pub fn margins(&self) -> [f32; 4] {
        self.margins
    }

    /// Sets the margins.
    pub fn with_margins(mut self, margins: [f32; 4]) -> Model {
        self.margins = margins;
        self
    }

    /// Chooses each problem's margin on held-out choices. Boundaries take the
    /// margin with the most right answers; dropping a relation takes the one
    /// with the most right drops minus twice the wrong ones, because a wrong
    /// drop costs a found relation (recall here is lower than precision, so
    /// a drop pays only when it is right about two times in three).
    pub fn tune_margins(&self, held: &[Choice]) -> [f32; 4] {
        const GRID: [f32; 9] = [0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 1e9];
        let mut gains = [[0i64; GRID.len()]; 4];
        for c in held {
            let p = usize::from(c.problem).min(3);
            let b = self.weights.best(c);
            if b == 0 {
                continue;
            }
            let d = self.weights.score(c.cand(b)) - self.weights.score(c.cand(0));
            for (g, m) in GRID.iter().enumerate() {
                if d > *m {
                    gains[p][g] += match (b == c.gold, c.gold == 0, p == usize::from(KEEP)) {
                        (true, _, _) => 1,
                        (false, true, true) => -2,
                        (false, true, false) => -1,
                        // another wrong candidate instead of a wrong rules' answer
                        (false, false, _) => 0,
                    };
                }
            }
        }
        let mut out = [0.0; 4];
        for p in 0..4 {
            // the largest gain; the larger margin on ties (fewer changes)
            let mut best = GRID.len() - 1;
            for g in (0..GRID.len()).rev() {
                if gains[p][g] > gains[p][best] {
                    best = g;
                }
            }
            out[p] = GRID[best];
        }
        out
    }

    /// The weights.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The model as text: a header line, one `feature weight` line per
    /// boundary weight, then the cue detector's weights and gate lines.
    pub fn to_text(&self) -> String {
        let w = self.weights.sorted();
        let m = self.margins;
        let mut s = format!(
            "{MAGIC} {FORMAT} template={:016x} weights={} margins={},{},{},{} {} {}\n",
            template_hash(),
            w.len(),
            m[0],
            m[1],
            m[2],
            m[3],
            self.cue.header(),
            self.provenance
        );
        for (f, v) in w {
            s.push_str(&format!("{f:08x} {v}\n"));
        }
        self.cue.to_lines(&mut s);
        s
    }

    /// Reads a model; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Model, String> {
        let mut lines = Lines::new(text);
        let head = lines.next().map_or("", |l| l.1);
        let mut parts = head.splitn(10, ' ');
        if parts.next() != Some(MAGIC) {
            return Err(format!(
                "{file}:1: not an attribution boundary model (it should start with `{MAGIC}`; write one with `lede train attribution`)"
            ));
        }
        let version = parts.next().unwrap_or("");
        if version != FORMAT.to_string() {
            return Err(format!(
                "{file}:1: model format {version:?}, this build reads format {FORMAT}: retrain with `lede train attribution`"
            ));
        }
        let mut field = |key: &str| -> Result<&str, String> {
            parts
                .next()
                .and_then(|p| p.strip_prefix(key))
                .and_then(|p| p.strip_prefix('='))
                .ok_or_else(|| format!("{file}:1: the header has no {key}=..."))
        };
        let tmpl = field("template")?;
        let want = format!("{:016x}", template_hash());
        if tmpl != want {
            return Err(format!(
                "{file}:1: stale model: trained with feature template {tmpl}, this build uses {want}; retrain with `lede train attribution`"
            ));
        }
        let count: usize = field("weights")?
            .parse()
            .map_err(|_| format!("{file}:1: the header has no weights=N"))?;
        let margins: Vec<f32> = field("margins")?
            .split(',')
            .filter_map(|x| x.parse().ok())
            .collect();
        let margins: [f32; 4] = margins
            .try_into()
            .map_err(|_| format!("{file}:1: the header has no margins=A,B,C,D"))?;
        let cue_tmpl = field("cue_template")?;
        let want = format!("{:016x}", crate::cue::template_hash());
        if cue_tmpl != want {
            return Err(format!(
                "{file}:1: stale model: trained with cue feature template {cue_tmpl}, this build uses {want}; retrain with `lede train attribution`"
            ));
        }
        let number = |v: &str, key: &str| -> Result<usize, String> {
            v.parse()
                .map_err(|_| format!("{file}:1: the header's {key} is not a number"))
        };
        let cue_count = number(field("cue_weights")?, "cue_weights")?;
        let gate = number(field("cue_gate")?, "cue_gate")?;
        let cue_margin: Vec<f32> = field("cue_margin")?
            .split(',')
            .filter_map(|x| x.parse().ok())
            .filter(|m: &f32| m.is_finite())
            .collect();
        let cue_margin: [f32; 2] = cue_margin
            .try_into()
            .map_err(|_| format!("{file}:1: the header has no cue_margin=MARGIN,BOUND"))?;
        let provenance = parts.next().unwrap_or("").to_string();
        let mut weights = Weights::default();
        for _ in 0..count {
            if let Some((f, v)) = lines.quick_weight() {
                if f < 1 << FEATURE_BITS {
                    weights.set(f, v);
                    continue;
                }
                return Err(format!(
                    "{file}:{}: expected `FEATURE WEIGHT`, got {:?}",
                    lines.n, lines.last
                ));
            }
            let Some((n, line)) = lines.next() else {
                return Err(format!(
                    "{file}: truncated model: the header promises {count} weights"
                ));
            };
            let bad = || format!("{file}:{n}: expected `FEATURE WEIGHT`, got {line:?}");
            let (f, v) = line.split_once(' ').ok_or_else(bad)?;
            let f = u32::from_str_radix(f, 16)
                .ok()
                .filter(|f| *f < 1 << FEATURE_BITS)
                .ok_or_else(bad)?;
            let v: f32 = v.parse().map_err(|_| bad())?;
            if !v.is_finite() {
                return Err(bad());
            }
            weights.set(f, v);
        }
        let cue =
            crate::cue::Detector::parse(&mut lines, cue_count, gate, cue_margin.into(), file)?;
        if let Some((n, line)) = lines.next() {
            return Err(format!(
                "{file}:{n}: unexpected line after the model: {line:?}"
            ));
        }
        Ok(Model {
            table: Table::new(&weights, FEATURE_BITS),
            weights,
            margins,
            cue,
            provenance,
        })
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Model, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Model::parse(&text, &path.display().to_string())
    }
}

/// The lines of a text as [`str::lines`] cuts them, numbered from 1.
struct Lines<'t> {
    rest: &'t str,
    /// The number of the last line.
    n: usize,
    /// The last line.
    last: &'t str,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            rest: text,
            n: 0,
            last: "",
        }
    }

    /// The next line when it is a weight line as models are written, eight
    /// hex digits, a space and a plain decimal of up to seven digits: the
    /// feature and weight that `u32::from_str_radix` and `str::parse` read
    /// from it, found faster. `None` (and no line taken) for any other form.
    fn quick_weight(&mut self) -> Option<(u32, f32)> {
        const TEN: [f32; 8] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7];
        let b = self.rest.as_bytes();
        if b.get(8) != Some(&b' ') {
            return None;
        }
        // the eight digits at once, the first one highest
        let x = u64::from_be_bytes(b[..8].try_into().ok()?);
        if x & HIGH != 0 {
            return None;
        }
        let digit = in_range(x, b'0', b'9');
        let letter = in_range(x | (ONES * 0x20), b'a', b'f');
        if digit | letter != HIGH {
            return None;
        }
        let v = (x & (ONES * 0x0F)) + (letter >> 7) * 9;
        let v = (v | v >> 4) & 0x00FF_00FF_00FF_00FF;
        let v = (v | v >> 8) & 0x0000_FFFF_0000_FFFF;
        let f = ((v | v >> 16) & 0xFFFF_FFFF) as u32;
        let neg = b.get(9) == Some(&b'-');
        let start = 9 + usize::from(neg);
        let (mut m, mut digits, mut point, mut end) = (0u32, 0, 0, start);
        while let Some(&c) = b.get(end) {
            match c {
                b'0'..=b'9' if digits < 7 => {
                    m = m * 10 + u32::from(c - b'0');
                    digits += 1;
                }
                b'.' if point == 0 && end > start => point = end,
                b'\n' => break,
                _ => return None,
            }
            end += 1;
        }
        if digits == 0 || point + 1 == end {
            return None;
        }
        // the digits (below 10^7 < 2^24) and the power of ten are exact in
        // f32, so one division rounds as parsing does
        let x = m as f32 / TEN[if point == 0 { 0 } else { end - point - 1 }];
        self.last = &self.rest[..end];
        self.rest = self.rest.get(end + 1..).unwrap_or("");
        self.n += 1;
        Some((f, if neg { -x } else { x }))
    }
}

impl<'t> Iterator for Lines<'t> {
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<(usize, &'t str)> {
        if self.rest.is_empty() {
            return None;
        }
        self.last = match memchr::memchr(b'\n', self.rest.as_bytes()) {
            Some(i) => {
                let line = &self.rest[..i];
                self.rest = &self.rest[i + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut self.rest),
        };
        self.n += 1;
        Some((self.n, self.last))
    }
}

/// The candidates of one problem and their byte spans (for a content start
/// only `.0` matters, for an end only `.1`). Reused from relation to relation.
#[derive(Default)]
struct Cands {
    choice: Choice,
    /// Fixed-point scores, when scoring with a model (then `choice` stays empty).
    scores: Vec<i32>,
    spans: Vec<(usize, usize)>,
    /// Whether there is a choice to make (two candidates or more).
    on: bool,
}

impl Cands {
    /// Ends a candidate: its score with a model, else its features.
    fn close(&mut self, acc: i32) {
        self.scores.push(acc);
        self.choice.close();
    }

    fn reset(&mut self, problem: u8) {
        self.choice.feats.clear();
        self.choice.ends.clear();
        self.choice.problem = problem;
        self.choice.gold = 0;
        self.scores.clear();
        self.spans.clear();
        self.on = false;
    }
}

/// The choices of one relation (buffers reused from relation to relation).
#[derive(Default)]
struct Problems {
    cue: Cands,
    start: Cands,
    end: Cands,
    keep: Cands,
    /// Candidate token positions, scratch.
    pos: Vec<(usize, usize)>,
    /// The words around a cue, scratch.
    words: Vec<u64>,
}

const WORD_MASK: u32 = CONJ
    | PREP
    | TIME
    | DET
    | AUX
    | RELATIVE
    | SAY
    | TELL
    | THAT
    | PART
    | ACT
    | ACCORDING
    | STATEMENT
    | ROLE
    | PERSON
    | GROUP;

/// How candidates are scored: their features summed with the frozen weights
/// as they are made, or kept for training.
trait Mode: Copy {
    /// Whether candidates get scores (else features).
    const SCORES: bool;
    /// Adds feature `id` to the candidate being made: its weight to `acc`,
    /// or the id to `out`.
    fn add(self, acc: &mut i32, out: &mut Vec<u32>, id: u32);
    /// The weight of feature `id` (0 when training).
    fn weight(self, id: u32) -> i32;
}

/// Scoring with a model's weights in fixed point, one per feature id: an
/// array, so that ids (below `2^FEATURE_BITS` by construction) need no
/// bounds check.
#[derive(Clone, Copy)]
struct Score<'t>(&'t [i16; 1 << FEATURE_BITS]);

/// The weights of a model that has none.
static NO_WEIGHTS: [i16; 1 << FEATURE_BITS] = [0; 1 << FEATURE_BITS];

impl<'t> Score<'t> {
    fn new(t: &'t Table) -> Score<'t> {
        // a table is either made for FEATURE_BITS or empty (a default model)
        Score(t.raw_all().try_into().unwrap_or(&NO_WEIGHTS))
    }
}

/// Making choices for training.
#[derive(Clone, Copy)]
struct Learn;

impl Mode for Score<'_> {
    const SCORES: bool = true;
    #[inline(always)]
    fn add(self, acc: &mut i32, _: &mut Vec<u32>, id: u32) {
        *acc += self.weight(id);
    }
    #[inline(always)]
    fn weight(self, id: u32) -> i32 {
        i32::from(self.0[id as usize])
    }
}

impl Mode for Learn {
    const SCORES: bool = false;
    #[inline(always)]
    fn add(self, _: &mut i32, out: &mut Vec<u32>, id: u32) {
        out.push(id);
    }
    fn weight(self, _: u32) -> i32 {
        0
    }
}

/// The token view the features read.
struct View<'c, M> {
    t: &'c [Tk],
    text: &'c str,
    /// `w` of each token once computed (0: not yet): candidates share edges.
    /// Offset by [`PAD`], with `BOS` and `EOS` in the cells around the tokens.
    words: Vec<std::cell::Cell<u64>>,
    /// Scoring or training.
    mode: M,
    /// Tokens inside the cue of some relation of the document.
    cue_tok: Vec<bool>,
    /// The tokens of each relation's cue.
    cues: Vec<Option<(usize, usize)>>,
}

/// Sentinel cells on each side of the tokens in [`View::words`].
const PAD: usize = 2;

const BOS: u64 = 0x5151;
const EOS: u64 = 0x7171;

impl<'c, M: Mode> View<'c, M> {
    fn new(cx: &'c Ctx, mode: M, rels: &[Record]) -> View<'c, M> {
        let n = cx.t.len();
        let words = vec![std::cell::Cell::new(0); n + 2 * PAD];
        let cues: Vec<_> = rels
            .iter()
            .map(|r| r.cue.and_then(|c| range_near(&cx.t, c, 0)))
            .collect();
        let mut cue_tok = vec![false; n];
        for &(a, b) in cues.iter().flatten() {
            cue_tok[a..b].fill(true);
        }
        for w in &words[..PAD] {
            w.set(BOS);
        }
        for w in &words[n + PAD..] {
            w.set(EOS);
        }
        View {
            t: &cx.t,
            text: cx.text,
            words,
            mode,
            cue_tok,
            cues,
        }
    }

    fn t(&self) -> &'c [Tk] {
        self.t
    }

    /// The word at `k`: lowercased when it is a function or list word (which
    /// generalise across articles), else its shape; a sentinel outside the text.
    #[inline]
    fn w(&self, k: isize) -> u64 {
        match self.words.get(k.wrapping_add(PAD as isize) as usize) {
            Some(cell) if cell.get() != 0 => cell.get(),
            Some(_) => self.fill(k as usize),
            None if k < 0 => BOS,
            None => EOS,
        }
    }

    #[cold]
    #[inline(never)]
    fn fill(&self, k: usize) -> u64 {
        let w = self.word_of(k) | 1 << 63;
        self.words[k + PAD].set(w);
        w
    }

    fn word_of(&self, k: usize) -> u64 {
        let t = &self.t()[k];
        let n = t.e - t.s;
        // the common cases first, where `lower` would keep the length
        if t.f != 0 || (!t.cap && n <= 4) {
            if let Some(h) = fnv_ascii_lower(self.text.as_bytes(), t.s, t.e) {
                return h;
            }
        } else if t.cap || n > 12 || self.text.as_bytes()[t.s..t.e].is_ascii() {
            // a shape whatever `lower` makes of it (a curly apostrophe
            // shrinks to one byte, so more than 12 bytes are more than 4)
            return shape(self.text, t);
        }
        let w = &self.text[t.s..t.e];
        let mut b = [0u8; 40];
        match lower(w, &mut b) {
            Some(l) if t.f != 0 || (l.len() <= 4 && !t.cap) => fnv(l),
            _ => shape(self.text, t),
        }
    }

    /// The word at `k` lowercased, or its shape when it is a capitalised
    /// word off the lexicon (a name) or too long.
    fn lex(&self, k: usize) -> u64 {
        let t = &self.t()[k];
        if t.f == 0 && t.cap {
            return shape(self.text, t);
        }
        if let Some(h) = fnv_ascii_lower(self.text.as_bytes(), t.s, t.e) {
            return h;
        }
        let w = &self.text[t.s..t.e];
        let mut b = [0u8; 40];
        match lower(w, &mut b) {
            Some(l) => fnv(l),
            _ => shape(self.text, t),
        }
    }

    /// Word class at `k`: punctuation kind, capital, lexicon flags.
    fn c(&self, k: isize) -> u64 {
        if k < 0 {
            return BOS;
        }
        let Some(t) = self.t().get(k as usize) else {
            return EOS;
        };
        (t.p as u64)
            | (u64::from(t.cap) << 4)
            | (u64::from(t.q != 0) << 5)
            | (u64::from(t.f & WORD_MASK) << 8)
    }

    /// The last three bytes of the lowercased word at `k`.
    fn suf(&self, k: isize) -> u64 {
        if k < 0 || k as usize >= self.t().len() {
            return BOS;
        }
        let t = &self.t()[k as usize];
        let lo = |b: u8| u64::from(b.to_ascii_lowercase());
        match self.text.as_bytes()[t.s..t.e] {
            [.., a, b, c] => 3 << 24 | lo(a) << 16 | lo(b) << 8 | lo(c),
            [a, b] => 3 << 16 | lo(a) << 8 | lo(b),
            [a] => 3 << 8 | lo(a),
            [] => 3,
        }
    }

    fn p(&self, k: usize) -> P {
        self.t().get(k).map_or(P::Stop, |t| t.p)
    }

    /// Whether a line break separates tokens `k - 1` and `k`.
    fn newline_before(&self, k: usize) -> bool {
        let t = self.t();
        k > 0 && k < t.len() && self.text.as_bytes()[t[k - 1].e..t[k].s].contains(&b'\n')
    }
}

/// The tokens of a span, (first, one past the last), searched from token
/// `h` (as fast as the span is near it).
fn range_near(t: &[Tk], s: Span, h: usize) -> Option<(usize, usize)> {
    let a = partition_near(t, h, |x| x.s < s.start);
    let b = partition_near(t, a, |x| x.e <= s.end);
    (a < b).then_some((a, b))
}

/// [`slice::partition_point`] by a search that gallops out from index `h`.
fn partition_near(t: &[Tk], h: usize, pred: impl Fn(&Tk) -> bool) -> usize {
    let n = t.len();
    if h < n && pred(&t[h]) {
        // the point is past `h`: `pred` holds before `lo`
        let mut lo = h + 1;
        let mut step = 1;
        loop {
            let hi = lo + step;
            if hi >= n || !pred(&t[hi]) {
                return lo + t[lo..hi.min(n)].partition_point(&pred);
            }
            lo = hi + 1;
            step *= 2;
        }
    }
    // the point is at `h` or before: `pred` fails from `hi` on
    let mut hi = h.min(n);
    let mut step = 1;
    loop {
        if hi < step {
            return t[..hi].partition_point(&pred);
        }
        let lo = hi - step;
        if pred(&t[lo]) {
            return lo + 1 + t[lo + 1..hi].partition_point(&pred);
        }
        hi = lo;
        step *= 2;
    }
}

/// A coarse shape of token `t`: capital, digits, and a suffix class.
fn shape(text: &str, t: &Tk) -> u64 {
    let (text, s) = (text.as_bytes(), text);
    let b = &text[t.s..t.e];
    let (digit, upper) = match two_words(text, t.s, t.e) {
        Some((lo, hi)) if (lo | hi) & HIGH == 0 => {
            let digit = (in_range(lo, b'0', b'9') | in_range(hi, b'0', b'9')) != 0;
            let lower = (in_range(lo, b'a', b'z') | in_range(hi, b'a', b'z')) != 0;
            (digit, b.len() > 1 && !lower)
        }
        _ => {
            let (mut digit, mut lower, mut high) = (false, false, 0);
            for &c in b {
                digit |= c.is_ascii_digit();
                lower |= c.is_ascii_lowercase();
                high |= c;
            }
            let upper = b.len() > 1
                && if high < 0x80 {
                    !lower
                } else {
                    s[t.s..t.e].chars().all(|c| !c.is_lowercase())
                };
            (digit, upper)
        }
    };
    let suffix = if b.ends_with(b"ing") {
        1
    } else if b.ends_with(b"ed") {
        2
    } else if b.ends_with(b"ly") {
        3
    } else if b.ends_with(b"s") {
        4
    } else {
        0
    };
    0xAB00 | u64::from(t.cap) | u64::from(digit) << 1 | u64::from(upper) << 2 | suffix << 3
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

/// Adds features to the candidate being built.
struct Fx<'f, M> {
    out: &'f mut Vec<u32>,
    ns: u64,
    mode: M,
    /// The score so far, when scoring.
    acc: i32,
}

impl<M: Mode> Fx<'_, M> {
    #[inline]
    fn f(&mut self, tmpl: u64, a: u64, b: u64) {
        let id = fid(self.ns, tmpl, a, b);
        self.mode.add(&mut self.acc, self.out, id);
    }
}

/// The id of feature template `tmpl` of problem `ns` with values `a`, `b`.
#[inline(always)]
fn fid(ns: u64, tmpl: u64, a: u64, b: u64) -> u32 {
    // one multiply per input; the top bits of the last product are well mixed
    let h = (a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F).rotate_left(31)
        ^ (ns << 8 | tmpl).wrapping_mul(0x1656_67B1_9E37_79F9))
    .wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (h >> (64 - FEATURE_BITS)) as u32
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„' | '\'' | '`')
}

/// A span without surrounding whitespace and quote marks: the form gold and
/// candidates are compared in (the evaluation puts adjacent marks back).
pub fn strip(text: &str, a: usize, b: usize) -> (usize, usize) {
    let s = &text[a..b];
    let t = s.trim_start_matches(|c: char| c.is_whitespace() || is_mark(c));
    let a2 = a + (s.len() - t.len());
    let t2 = t.trim_end_matches(|c: char| c.is_whitespace() || is_mark(c));
    (a2, a2 + t2.len())
}

/// Everything one relation's features share.
struct RelCtx {
    kind: u64,
    /// The rules' cue, in bytes.
    cue: (usize, usize),
    /// 1 when the content follows the cue.
    side: u64,
    head: u64,
    c0: usize,
    c1: usize,
    src: Option<(usize, usize)>,
    outlet: Option<(usize, usize)>,
    content: Option<(usize, usize)>,
}

impl RelCtx {
    /// Whether a content may not reach token `k`: this relation's cue,
    /// source or outlet, or any relation's cue (one content never holds
    /// another relation's cue: the rules keep only the outermost relation).
    fn blocked<M: Mode>(&self, v: &View<M>, k: usize) -> bool {
        let inside = |r: Option<(usize, usize)>| r.is_some_and(|(a, b)| a <= k && k < b);
        (self.c0 <= k && k < self.c1)
            || inside(self.src)
            || inside(self.outlet)
            || v.cue_tok.get(k).copied().unwrap_or(false)
    }
}

/// The four choices of relation `i`, `a`; false when it has no cue.
fn problems<M: Mode>(v: &View<M>, i: usize, a: &Record, out: &mut Problems) -> bool {
    out.keep.on = false;
    let Some(rc) = rel_ctx(v, i, a) else {
        out.cue.on = false;
        out.start.on = false;
        out.end.on = false;
        return false;
    };
    edge_problems(v, &rc, out);
    keep_choice(v, &rc, a, &mut out.keep);
    true
}

/// What the features of relation `i`, `a`, share; `None` when it has no cue.
fn rel_ctx<M: Mode>(v: &View<M>, i: usize, a: &Record) -> Option<RelCtx> {
    let (c0, c1) = v.cues.get(i).copied().flatten()?;
    let t = v.t();
    let head_k = (c0..c1)
        .find(|&k| t[k].f & (CUE_VERB | ACCORDING) != 0)
        .unwrap_or(c1 - 1);
    let single = a.content_parts.is_empty() && a.kind != AttributionKind::Direct;
    let content = if single {
        a.content.and_then(|s| range_near(t, s, c0))
    } else {
        None
    };
    let cue = a.cue.map_or((0, 0), |c| (c.start, c.end));
    let rc = RelCtx {
        cue,
        kind: a.kind as u64,
        side: content.map_or(2, |(s, _)| u64::from(s >= c1)),
        head: v.w(head_k as isize),
        c0,
        c1,
        src: a.source.as_ref().and_then(|s| range_near(t, s.span, c0)),
        outlet: a.outlet.as_ref().and_then(|o| range_near(t, o.span, c0)),
        content,
    };
    Some(rc)
}

/// The choices of a relation's edges: its cue, its content's start and end.
fn edge_problems<M: Mode>(v: &View<M>, rc: &RelCtx, out: &mut Problems) {
    out.start.on = false;
    out.end.on = false;
    cue_cands(v, rc, &mut out.cue, &mut out.pos, &mut out.words);
    if let Some((n0, n1)) = rc.content {
        if n1 <= v.t().len() {
            start_cands(v, rc, n0, n1, &mut out.start, &mut out.pos);
            end_cands(v, rc, n0, n1, &mut out.end, &mut out.pos);
        }
    }
}

fn cue_cands<M: Mode>(
    v: &View<M>,
    rc: &RelCtx,
    c: &mut Cands,
    pairs: &mut Vec<(usize, usize)>,
    lx: &mut Vec<u64>,
) {
    let t = v.t();
    let (c0, c1) = (rc.c0, rc.c1);
    let had_comma = (c0..c1).any(|k| t[k].p == P::Comma);
    c.reset(CUE);
    pairs.clear();
    pairs.push((c0, c1));
    // whether token `k` may be in a candidate: no punctuation but the cue's
    // own comma, nothing of the content, source or outlet outside the cue
    let fits = |k: usize| {
        let outside = k < c0 || k >= c1;
        let punct = match t[k].p {
            P::Word | P::Other => false,
            P::Comma => !had_comma,
            _ => true,
        };
        !punct
            && !(outside
                && (rc.content.is_some_and(|(a, b)| {
                    // a content right after the cue may give up its
                    // first word or two ("responding [to the news]")
                    let lead = a == c1 && k < a + 2 && k + 1 < b;
                    a <= k && k < b && !lead
                }) || rc.src.is_some_and(|(a, b)| a <= k && k < b)
                    || rc.outlet.is_some_and(|(a, b)| a <= k && k < b)))
    };
    let n = t.len();
    let top = (c1 + 6).min(n);
    let (lo_s, lo_e) = (c0.saturating_sub(2), c1.saturating_sub(2));
    for s in lo_s..=c0 + 2 {
        if s >= n || t[s].p != P::Word {
            continue;
        }
        // the end of the longest run of tokens from `s` that fit, with no
        // line break inside
        let mut reach = s;
        while reach < top && fits(reach) && (reach == s || !v.newline_before(reach)) {
            reach += 1;
        }
        // a phrase after the verb ("said in an interview") may join the cue
        for e in lo_e.max(s + 1)..=reach.min(s + 12) {
            if (s, e) == (c0, c1) || t[e - 1].p != P::Word {
                continue;
            }
            if e > c1 + 2 && (s != c0 || t[c1].f & PREP == 0) {
                continue;
            }
            pairs.push((s, e));
        }
    }
    if pairs.len() < 2 {
        return;
    }
    // the words the candidates span, lowercased (names by shape): the words
    // they add or drop are read from here
    let base = pairs.iter().map(|p| p.0).min().unwrap_or(c0);
    let end = pairs.iter().map(|p| p.1).max().unwrap_or(c1);
    lx.clear();
    lx.extend((base..end).map(|k| v.lex(k)));
    let span = |s: usize, e: usize| {
        // the rules' own span may start inside a token ("Trump’s claiming")
        if (s, e) == (c0, c1) {
            rc.cue
        } else {
            (t[s].s, t[e - 1].e)
        }
    };
    match M::SCORES {
        true => {
            // candidates share their edges: the features of each start and
            // each end are summed once
            let sum = |fs: &[(u64, u32)]| fs.iter().map(|f| v.mode.weight(f.1)).sum::<i32>();
            let mut at_start: [Option<i32>; 5] = [None; 5];
            let mut at_end: [Option<i32>; 9] = [None; 9];
            for &(s, e) in pairs.iter() {
                let a = *at_start[s - lo_s]
                    .get_or_insert_with(|| sum(&cue_start_feats(v, rc, lx, base, s)));
                let b = *at_end[e - lo_e]
                    .get_or_insert_with(|| sum(&cue_end_feats(v, rc, lx, base, e)));
                c.close(a + b + sum(&cue_pair_feats(rc, s, e)));
                c.spans.push(span(s, e));
            }
        }
        false => {
            for &(s, e) in pairs.iter() {
                let mut fs = [(0, 0); 21];
                fs[..2].copy_from_slice(&cue_pair_feats(rc, s, e));
                fs[2..7].copy_from_slice(&cue_start_feats(v, rc, lx, base, s));
                fs[7..].copy_from_slice(&cue_end_feats(v, rc, lx, base, e));
                // in the order of the templates, as they were always stored
                fs.sort_unstable_by_key(|f| f.0);
                c.choice.feats.extend(fs.iter().map(|f| f.1));
                c.close(0);
                c.spans.push(span(s, e));
            }
        }
    }
    c.on = true;
}

/// A cue feature: its template and id.
fn cf(tmpl: u64, a: u64, b: u64) -> (u64, u32) {
    (tmpl, fid(u64::from(CUE), tmpl, a, b))
}

/// The features of a cue candidate that read both its edges.
fn cue_pair_feats(rc: &RelCtx, s: usize, e: usize) -> [(u64, u32); 2] {
    let ds = bucket(s as isize - rc.c0 as isize);
    let de = bucket(e as isize - rc.c1 as isize);
    let sd = mix(rc.side, rc.kind);
    [cf(1, ds, de), cf(23, mix(mix(de, ds), sd), 0)]
}

/// The features of a cue candidate that read only its first token `s`
/// (`lx`: the words from token `base`).
fn cue_start_feats<M: Mode>(
    v: &View<M>,
    rc: &RelCtx,
    lx: &[u64],
    base: usize,
    s: usize,
) -> [(u64, u32); 5] {
    let si = s as isize;
    let ds = bucket(si - rc.c0 as isize);
    let sd = mix(rc.side, rc.kind);
    // the words the candidate adds or drops before the verb
    let before = seg(lx, base, s, rc.c0);
    [
        cf(2, ds, v.w(si)),
        cf(3, ds, v.w(si - 1)),
        cf(14, mix(ds, sd), before),
        cf(20, mix(ds, v.w(si - 2)), v.w(si - 1)),
        cf(25, mix(ds, sd), lex(lx, base, s)),
    ]
}

/// The features of a cue candidate that read only its end `e` (one past
/// its last token).
fn cue_end_feats<M: Mode>(
    v: &View<M>,
    rc: &RelCtx,
    lx: &[u64],
    base: usize,
    e: usize,
) -> [(u64, u32); 14] {
    let ei = e as isize;
    let de = bucket(ei - rc.c1 as isize);
    let sd = mix(rc.side, rc.kind);
    let (last, next) = (v.w(ei - 1), v.w(ei));
    // the words the candidate adds or drops after the verb, as themselves:
    // "in an interview", "Friday", "of", "as" (PolNeAR's choice depends on
    // them, on the verb and on which side of the cue the content stands)
    let after = seg(lx, base, rc.c1, e);
    // how far the content's first token stands from the candidate's end
    let gap = match rc.content {
        Some((n0, _)) if n0 >= e => bucket((n0 - e) as isize),
        Some(_) => 0xC0,
        None => 0xC1,
    };
    [
        cf(6, de, last),
        cf(7, de, next),
        cf(9, de, v.c(ei)),
        cf(11, mix(de, rc.head), last),
        cf(12, mix(de, last), next),
        cf(13, mix(de, sd), after),
        cf(15, mix(de, rc.head), after),
        cf(16, mix(de, sd), next),
        cf(17, mix(de, sd), v.c(ei)),
        cf(18, mix(de, sd), gap),
        cf(19, mix(de, next), v.w(ei + 1)),
        cf(21, mix(de, rc.head), mix(next, rc.side)),
        cf(22, mix(de, sd), lex(lx, base, e - 1)),
        cf(24, mix(de, kinds(v.t(), rc.c1, e)), mix(rc.head, rc.side)),
    ]
}

/// The word at `k` of a window of words starting at token `base`.
fn lex(lx: &[u64], base: usize, k: usize) -> u64 {
    k.checked_sub(base)
        .and_then(|i| lx.get(i))
        .copied()
        .unwrap_or(EOS)
}

/// The words from token `a` to `b` (added when `a < b`, dropped when
/// `b < a`, marked apart), as one feature value; 0 when empty.
fn seg(lx: &[u64], base: usize, a: usize, b: usize) -> u64 {
    let (lo, hi, dir) = if a <= b { (a, b, 1) } else { (b, a, 2) };
    if lo == hi {
        return 0;
    }
    let mut h = dir;
    for k in lo..hi {
        h = mix(h, lex(lx, base, k));
    }
    h
}

/// What kind of phrase tokens `a..b` are, from their lexicon flags: the first
/// token's preposition/time/statement/that flags and whether a time or
/// statement word follows.
fn kinds(t: &[Tk], a: usize, b: usize) -> u64 {
    const K: u32 = PREP | TIME | STATEMENT | THAT | DET | AUX | CONJ;
    if a >= b {
        return u64::from(b < a) + 1;
    }
    let first = t[a].f & K;
    let rest = t[a + 1..b]
        .iter()
        .fold(0, |acc, x| acc | (x.f & (TIME | STATEMENT)));
    0x100 | u64::from(first) << 1 | u64::from(rest) << 24
}

fn start_cands<M: Mode>(
    v: &View<M>,
    rc: &RelCtx,
    n0: usize,
    n1: usize,
    c: &mut Cands,
    ks: &mut Vec<(usize, usize)>,
) {
    c.reset(START);
    let t = v.t();
    let mut lo = n0;
    while lo > 0
        && n0 - lo < 6
        && !matches!(t[lo - 1].p, P::Stop)
        && !v.newline_before(lo)
        && !rc.blocked(v, lo - 1)
    {
        lo -= 1;
    }
    let hi = (n0 + 5).min(n1 - 1);
    ks.clear();
    ks.push((n0, 0));
    for (k, tk) in t.iter().enumerate().take(hi + 1).skip(lo) {
        let bad_edge = matches!(
            tk.p,
            P::Comma | P::Stop | P::Semi | P::Colon | P::QClose | P::Dash | P::RParen
        );
        if k != n0 && !rc.blocked(v, k) && !bad_edge {
            ks.push((k, 0));
        }
    }
    if ks.len() < 2 {
        return;
    }
    for &(k, _) in ks.iter() {
        let mut fx = Fx {
            out: &mut c.choice.feats,
            ns: u64::from(START),
            mode: v.mode,
            acc: 0,
        };
        let ki = k as isize;
        let d = bucket(ki - n0 as isize);
        let ctxr = mix(rc.kind, rc.side);
        let (prev, word) = (v.w(ki - 1), v.w(ki));
        fx.f(1, d, 0);
        fx.f(2, d, word);
        fx.f(3, d, prev);
        fx.f(4, d, v.c(ki));
        fx.f(6, mix(d, prev), word);
        fx.f(7, 0, word);
        fx.f(10, ctxr, word);
        fx.f(
            12,
            u64::from(k == rc.c1),
            u64::from(rc.src.is_some_and(|s| s.1 == k)),
        );
        fx.f(13, mix(d, rc.head), word);
        let acc = fx.acc;
        c.close(acc);
        c.spans.push((t[k].s, 0));
    }
    c.on = true;
}

/// Whether a content may end before token `k`.
fn end_point<M: Mode>(v: &View<M>, k: usize) -> bool {
    let t = v.t();
    if k >= t.len() {
        return true;
    }
    let prev = t[k - 1].p;
    let closing = t[k].p == P::QClose;
    match prev {
        P::Comma | P::Stop | P::Colon => return closing,
        P::Semi | P::Dash | P::LParen | P::QOpen | P::QClose => return false,
        _ => {}
    }
    t[k].p != P::Word || t[k].f & (CONJ | PREP | TIME | RELATIVE | CUE_VERB) != 0
}

fn end_cands<M: Mode>(
    v: &View<M>,
    rc: &RelCtx,
    n0: usize,
    n1: usize,
    c: &mut Cands,
    ks: &mut Vec<(usize, usize)>,
) {
    c.reset(END);
    let t = v.t();
    let n = t.len();
    let mut hi = n1;
    while hi < n
        && hi - n1 < 30
        && t[hi].p != P::Stop
        && !(hi > n1 && v.newline_before(hi))
        && !rc.blocked(v, hi)
    {
        hi += 1;
    }
    if hi < n && t[hi].p == P::Stop && hi + 1 < n && t[hi + 1].p == P::QClose && !rc.blocked(v, hi)
    {
        // "... call.”": the period inside the closing mark
        hi += 1;
    }
    let lo = (n0 + 1).max(n1.saturating_sub(20));
    ks.clear();
    ks.push((n1, 0));
    for k in lo..=hi {
        if k == n1 {
            continue;
        }
        let near = k + 3 >= n1 && k <= n1 + 3;
        let pk = t[k - 1].p;
        let edge_ok = !matches!(pk, P::QOpen | P::LParen | P::Dash)
            && (!matches!(pk, P::Comma | P::Stop | P::Colon | P::Semi)
                || (k < n && t[k].p == P::QClose));
        if edge_ok && (k == hi || near || end_point(v, k)) {
            ks.push((k, 0));
        }
    }
    if ks.len() < 2 {
        return;
    }
    let ctxr = mix(rc.kind, rc.side);
    // counts of reporting verbs and commas before each token of the window
    let base = lo.min(n1);
    let mut cues = [0u8; 128];
    let mut commas = [0u8; 128];
    let top = (hi - base).min(127);
    for j in 0..top {
        let tk = &t[base + j];
        cues[j + 1] = cues[j] + u8::from(tk.f & CUE_VERB != 0 && tk.q == 0);
        commas[j + 1] = commas[j] + u8::from(tk.p == P::Comma);
    }
    let between = |acc: &[u8; 128], a: usize, b: usize| {
        u64::from(acc[(b - base).min(top)] - acc[(a - base).min(top)]).min(3)
    };
    let first = v.w(n0 as isize);
    for &(k, _) in ks.iter() {
        let mut fx = Fx {
            out: &mut c.choice.feats,
            ns: u64::from(END),
            mode: v.mode,
            acc: 0,
        };
        let ki = k as isize;
        let d = bucket(ki - n1 as isize);
        let (a, b) = if k < n1 { (k, n1) } else { (n1, k) };
        let crossed_cues = between(&cues, a, b);
        let at_end = u64::from(k == hi);
        let (last, next) = (v.w(ki - 1), v.w(ki));
        fx.f(1, d, 0);
        fx.f(2, 0, last);
        fx.f(3, 0, next);
        fx.f(5, 0, v.c(ki));
        fx.f(7, last, next);
        fx.f(8, v.p(k - 1) as u64, next);
        fx.f(10, u64::from(k > n1), next);
        fx.f(12, at_end, ctxr);
        fx.f(13, crossed_cues, u64::from(k > n1));
        fx.f(16, ctxr, next);
        fx.f(17, rc.head, next);
        fx.f(18, d, v.suf(ki - 1));
        fx.f(21, mix(next, v.w(ki + 1)), d);
        // what moving the end adds or removes, read from its first words
        if k != n1 {
            let dir = u64::from(k > n1) + 1;
            let seg = bucket((b - a) as isize);
            let (ai, bi) = (a as isize, b as isize);
            let seg_commas = between(&commas, a, b);
            let wa = v.w(ai);
            fx.f(23, dir, mix(wa, v.w(ai + 1)));
            fx.f(24, dir, mix(v.c(ai), v.c(ai + 1)));
            fx.f(25, mix(dir, seg), wa);
            fx.f(26, mix(dir, seg_commas), crossed_cues);
            fx.f(27, mix(dir, first), wa);
            fx.f(28, mix(dir, rc.head), wa);
            fx.f(29, mix(dir, wa), v.w(bi - 1));
            fx.f(30, mix(dir, wa), at_end);
        }
        fx.f(31, first, mix(next, u64::from(k > n1)));
        let acc = fx.acc;
        c.close(acc);
        c.spans.push((0, t[k - 1].e));
    }
    c.on = true;
}

fn keep_choice<M: Mode>(v: &View<M>, rc: &RelCtx, a: &Record, c: &mut Cands) {
    let t = v.t();
    c.reset(KEEP);
    let ch = &mut c.choice;
    let (c0, c1) = (rc.c0 as isize, rc.c1 as isize);
    let mut fx = Fx {
        out: &mut ch.feats,
        ns: u64::from(KEEP),
        mode: v.mode,
        acc: 0,
    };
    let clen = a
        .content
        .map_or(0, |s| bucket(((s.end - s.start) / 8) as isize));
    let src = rc.src.map_or(BOS, |(s, _)| v.w(s as isize));
    let srclen = rc.src.map_or(0, |(s, e)| bucket((e - s) as isize));
    let ctxr = mix(rc.kind, rc.side);
    fx.f(1, ctxr, 0);
    fx.f(2, rc.head, 0);
    fx.f(3, rc.head, ctxr);
    fx.f(4, src, rc.kind);
    fx.f(5, srclen, rc.kind);
    fx.f(6, clen, ctxr);
    let (before, after) = (v.w(c0 - 1), v.w(c1));
    fx.f(7, bucket(c1 - c0), rc.head);
    fx.f(8, before, rc.head);
    fx.f(9, after, rc.head);
    fx.f(10, v.c(c0 - 1), v.c(c1));
    fx.f(11, u64::from(t[rc.c0].q != 0), ctxr);
    fx.f(12, rc.content.map_or(EOS, |(s, _)| v.w(s as isize)), ctxr);
    fx.f(13, u64::from(a.source.is_some()), ctxr);
    fx.f(14, mix(before, rc.head), after);
    fx.f(15, u64::from(rc.c0 > 0 && v.newline_before(rc.c0)), rc.head);
    // what kind of speaker: the class of the source's last word, and how far
    // it stands from the cue
    let (sc, gap) = rc.src.map_or((BOS, 0), |(s, e)| {
        let gap = if e <= rc.c0 {
            bucket((rc.c0 - e) as isize)
        } else {
            bucket(-((s - rc.c1.min(s)) as isize)) ^ 0x80
        };
        (v.c(e as isize - 1), gap)
    });
    fx.f(16, sc, mix(rc.head, rc.kind));
    fx.f(17, gap, ctxr);
    fx.f(18, after, v.w(c1 + 1));
    fx.f(19, rc.head, v.c(c1));
    let acc = fx.acc;
    c.close(acc);
    // dropping has one feature, a bias
    let drop = v.mode.weight(DROP);
    c.choice.feats.push(DROP);
    c.close(drop);
    c.on = true;
}

/// Applies a model to the relations the rules found.
pub(crate) fn refine(cx: &Ctx, m: &Model, rels: &mut Vec<Record>) {
    thread_local! {
        /// The candidates' buffers, kept from document to document.
        static SCRATCH: std::cell::RefCell<Problems> = std::cell::RefCell::new(Problems::default());
    }
    SCRATCH.with(|p| match p.try_borrow_mut() {
        Ok(mut p) => refine_with(cx, m, rels, &mut p),
        Err(_) => refine_with(cx, m, rels, &mut Problems::default()),
    });
}

fn refine_with(cx: &Ctx, m: &Model, rels: &mut Vec<Record>, p: &mut Problems) {
    let v = View::new(cx, Score::new(&m.table), rels);
    let mut i = 0;
    rels.retain_mut(|a| {
        // relations in the order of `v.cues`
        i += 1;
        if a.kind == AttributionKind::Outlet {
            return true;
        }
        let Some(rc) = rel_ctx(&v, i - 1, a) else {
            return true;
        };
        // whether to keep the relation first: a dropped one needs no edges
        keep_choice(&v, &rc, a, &mut p.keep);
        if m.pick_scored(&p.keep) == 1 {
            return false;
        }
        edge_problems(&v, &rc, p);
        if p.cue.on {
            let (s, e) = p.cue.spans[m.pick_scored(&p.cue)];
            a.cue = Some(Span::new(s, e));
        }
        if let Some(old) = a.content {
            let mut s = old.start;
            let mut e = old.end;
            if p.start.on {
                s = p.start.spans[m.pick_scored(&p.start)].0;
            }
            if p.end.on {
                e = p.end.spans[m.pick_scored(&p.end)].1;
            }
            if let Some(c) = a.cue {
                if c.start <= s && s < c.end {
                    // the cue took the content's first words
                    let k = cx.t.partition_point(|x| x.s < c.end);
                    s = cx.t.get(k).map_or(e, |x| x.s);
                }
            }
            let new = Span::new(s, e);
            if s < e && !a.cue.is_some_and(|c| c.overlaps(new)) {
                a.content = Some(new);
            }
        }
        true
    });
}

/// The choices one document teaches, labelled from its gold relations.
pub(crate) fn choices(
    cx: &Ctx,
    rels: &[Record],
    gold: &[GoldSpans],
    out: &mut Vec<Choice>,
) -> Coverage {
    let v = View::new(cx, Learn, rels);
    let text = cx.text;
    let mut cov = Coverage::default();
    let mut p = Problems::default();
    for (i, a) in rels.iter().enumerate() {
        if a.kind == AttributionKind::Outlet || !problems(&v, i, a, &mut p) {
            continue;
        }
        let Some(cue) = a.cue else { continue };
        // the gold relation whose cue shares most with this one
        let g = gold
            .iter()
            .filter_map(|g| {
                let gc = g.cue?;
                let ov = gc.end.min(cue.end).saturating_sub(gc.start.max(cue.start));
                (ov > 0).then_some((ov, g))
            })
            .max_by_key(|x| x.0)
            .map(|x| x.1);
        let mut push = |c: &Cands, label: Option<usize>, cov: &mut Coverage| {
            if !c.on {
                return;
            }
            let i = usize::from(c.choice.problem);
            cov.seen[i] += 1;
            if let Some(l) = label {
                cov.reachable[i] += 1;
                if l == 0 {
                    cov.rules_right[i] += 1;
                }
                out.push(Choice {
                    gold: l,
                    ..c.choice.clone()
                });
            }
        };
        push(&p.keep, Some(usize::from(g.is_none())), &mut cov);
        let Some(g) = g else { continue };
        if let Some(gc) = g.cue {
            let want = strip(text, gc.start, gc.end);
            let l = p
                .cue
                .spans
                .iter()
                .position(|&(s, e)| strip(text, s, e) == want);
            push(&p.cue, l, &mut cov);
        }
        let (Some(gc), Some(pc)) = (g.content, a.content) else {
            continue;
        };
        if !gc.overlaps(pc) {
            continue;
        }
        let want = strip(text, gc.start, gc.end);
        let l = p
            .start
            .spans
            .iter()
            .position(|&(s, _)| s < want.1 && strip(text, s, want.1).0 == want.0);
        push(&p.start, l, &mut cov);
        let l = p
            .end
            .spans
            .iter()
            .position(|&(_, e)| e > want.0 && strip(text, want.0, e).1 == want.1);
        push(&p.end, l, &mut cov);
    }
    cov
}

/// Converts character offsets of `text` to byte offsets (for gold read from
/// brat files).
pub fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

#[cfg(test)]
#[path = "boundary_tests.rs"]
mod tests;

#[cfg(test)]
mod word_tests {
    use super::*;

    /// Words, near the end of their text or not: ASCII, curly apostrophes,
    /// other letters, digits, every length around the word-size steps.
    fn cases() -> Vec<(String, usize, usize)> {
        let mut words: Vec<String> = [
            "",
            "a",
            "I",
            "it’s",
            "Don’t",
            "said",
            "SAID",
            "Said",
            "U.S.",
            "F-16s",
            "1990s",
            "Qāmishlī",
            "ÉLYSÉE",
            "naïve",
            "running",
            "Ended",
            "Orly",
            "ABCs",
            "x’",
            "’",
            "MAY",
            "3",
            "B2B",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for n in 1..=45 {
            words.push("aBcDeFgHiJ".repeat(5)[..n].to_string());
            words.push("ZYXWVUTSRQ".repeat(5)[..n].to_string());
            words.push("z0y9@[`{".repeat(6)[..n].to_string());
        }
        let mut out = Vec::new();
        for w in words {
            for pad in ["", " x", " and a long tail of text after it"] {
                let text = format!("<{w}{pad}");
                out.push((text, 1, 1 + w.len()));
            }
        }
        out
    }

    /// The shape as first written.
    fn slow_shape(cap: bool, w: &str) -> u64 {
        let digit = w.bytes().any(|c| c.is_ascii_digit());
        let upper = w.len() > 1 && w.chars().all(|c| !c.is_lowercase());
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
        0xAB00 | u64::from(cap) | u64::from(digit) << 1 | u64::from(upper) << 2 | suffix << 3
    }

    /// A weight line read quickly, and what stays of the text.
    fn quick(line: &str) -> (Option<(u32, u32)>, String) {
        let mut l = Lines::new(line);
        let w = l.quick_weight().map(|(f, v)| (f, v.to_bits()));
        (w, l.rest.to_string())
    }

    #[test]
    fn weight_lines_read_as_the_standard_parsers_read_them() {
        let slow = |line: &str| -> Option<(u32, u32)> {
            let (f, v) = line.split_once(' ')?;
            let v: f32 = v.parse().ok()?;
            Some((u32::from_str_radix(f, 16).ok()?, v.to_bits()))
        };
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for i in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let w = ((x >> 20) % 4_000_001) as f32 / 1e4 - 200.0 * (i % 2) as f32;
            let w = (w * 1e4).round() / 1e4;
            let line = format!("{:08x} {w}", (x >> 40) as u32);
            assert_eq!(
                quick(&format!("{line}\nnext")),
                (slow(&line), "next".into())
            );
            assert_eq!(quick(&line), (slow(&line), String::new()));
        }
        for line in [
            "0000001a -0",
            "0000001A 1.5",
            "0000001a 1.0",
            "0000001a 0.000001",
            "0000001a 1234567",
            "0000001a -1234.567",
        ] {
            assert_eq!(quick(line), (slow(line), String::new()), "{line}");
        }
        // other forms are left to the standard parsers
        for line in [
            "0000001a +1.5",
            "0000001a .5",
            "0000001a 1.",
            "0000001a 12345678",
            "0000001a 0.0000001",
            "0000001a 0.12345678",
            "0000001a 1e-3",
            "0000001a -",
            "0000001a 1..2",
            "+000001a 1",
            "0000001a  1",
            "0000001a 1 ",
            "0000001a inf",
            "0000001a NaN",
            "0000001 1.5",
            "0000001a",
            "0000001a ",
            "000000g1 1",
            "0000001a 1\r\n",
            "éééAA 1",
            "0000:001 1",
            "0000`001 1",
        ] {
            assert_eq!(quick(line), (None, line.to_string()), "{line}");
        }
        let text = "a\r\nb\n\nc\rd\r\n\r\ne";
        let ours: Vec<_> = Lines::new(text).collect();
        let std: Vec<_> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
        assert_eq!(ours, std);
    }

    #[test]
    fn word_hashes_match_lowercasing_then_hashing() {
        for (text, s, e) in cases() {
            let w = &text[s..e];
            let mut b = [0u8; 40];
            let want = lower(w, &mut b).filter(|_| w.is_ascii()).map(fnv);
            assert_eq!(fnv_ascii_lower(text.as_bytes(), s, e), want, "{w:?}");
            for cap in [false, true] {
                let t = Tk {
                    s,
                    e,
                    f: 0,
                    p: P::Word,
                    cap,
                    q: 0,
                    pf: 0,
                };
                assert_eq!(shape(&text, &t), slow_shape(cap, w), "{w:?}");
            }
        }
    }
}
