//! An averaged perceptron that ranks candidates.
//!
//! Each training item is a [`Choice`]: a set of candidates, each a list of
//! hashed feature ids, and the index of the right one. The model scores a
//! candidate as the sum of its features' weights and picks the best; ties go
//! to the lowest index, so a model that knows nothing keeps candidate 0 (the
//! rules' own answer). Training is deterministic: the order of the items in
//! each epoch is a shuffle driven by the seed alone.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already hashes (feature ids).
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u32(&mut self, x: u32) {
        // spread the bits so the table's low-bit bucketing stays even
        self.0 = u64::from(x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

/// One decision: the candidates' features and which candidate is right.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choice {
    /// What is being decided (a small code, for per-problem reports).
    pub problem: u8,
    /// The features of all candidates, one after the other.
    pub feats: Vec<u32>,
    /// `ends[i]` is where candidate `i`'s features end in `feats`.
    pub ends: Vec<u32>,
    /// The index of the right candidate.
    pub gold: usize,
}

impl Choice {
    /// The number of candidates.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no candidates.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The features of candidate `i`.
    pub fn cand(&self, i: usize) -> &[u32] {
        let a = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.feats[a..self.ends[i] as usize]
    }

    /// Closes the current candidate: the features pushed since the last call
    /// belong to it.
    pub fn close(&mut self) {
        self.ends.push(self.feats.len() as u32);
    }
}

/// Feature weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weights {
    w: IdMap<f32>,
}

impl Weights {
    /// The weight of one feature (0 when unknown).
    pub fn get(&self, f: u32) -> f32 {
        self.w.get(&f).copied().unwrap_or(0.0)
    }

    /// Sets one weight; zero removes it.
    pub fn set(&mut self, f: u32, v: f32) {
        if v == 0.0 {
            self.w.remove(&f);
        } else {
            self.w.insert(f, v);
        }
    }

    /// The number of non-zero weights.
    pub fn len(&self) -> usize {
        self.w.len()
    }

    /// Whether every weight is zero.
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    /// The weights, sorted by feature id (for a stable file).
    pub fn sorted(&self) -> Vec<(u32, f32)> {
        let mut v: Vec<(u32, f32)> = self.w.iter().map(|(k, v)| (*k, *v)).collect();
        v.sort_unstable_by_key(|x| x.0);
        v
    }

    /// The score of a candidate.
    pub fn score(&self, feats: &[u32]) -> f32 {
        if self.w.is_empty() {
            return 0.0;
        }
        feats.iter().map(|f| self.get(*f)).sum()
    }

    /// The best candidate of a choice (the first one on ties).
    pub fn best(&self, c: &Choice) -> usize {
        let mut best = 0;
        let mut top = f32::NEG_INFINITY;
        for i in 0..c.len() {
            let s = self.score(c.cand(i));
            if s > top {
                top = s;
                best = i;
            }
        }
        best
    }
}

/// Frozen weights for scoring: a dense array indexed by feature id, in
/// fixed point. The features are hashed into a small space (the hashing
/// trick) and the weights kept in 16 bits, so the array stays small enough
/// for the cache and a lookup is one load.
#[derive(Debug, Clone, Default)]
pub struct Table {
    w: Vec<i16>,
}

/// Fixed-point units per 1.0 of weight: a step of 0.001, a range of ±32.
const SCALE: f32 = 1024.0;

impl Table {
    /// Freezes weights whose ids are all below `2^bits`.
    pub fn new(w: &Weights, bits: u32) -> Table {
        let mut t = Table {
            w: vec![0; 1 << bits],
        };
        for (&f, &v) in &w.w {
            if let Some(x) = t.w.get_mut(f as usize) {
                *x = (v * SCALE)
                    .round()
                    .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
            }
        }
        t
    }

    /// The weight of one feature (0 when unknown), as frozen.
    #[inline]
    pub fn get(&self, f: u32) -> f32 {
        f32::from(self.raw(f)) / SCALE
    }

    /// The weight of one feature in fixed point (1024 per 1.0).
    #[inline]
    pub fn raw(&self, f: u32) -> i16 {
        self.w.get(f as usize).copied().unwrap_or(0)
    }

    /// All weights in fixed point, indexed by feature id.
    pub fn raw_all(&self) -> &[i16] {
        &self.w
    }

    fn sum(&self, feats: &[u32]) -> i32 {
        feats.iter().map(|f| i32::from(self.raw(*f))).sum()
    }

    /// The score of a candidate.
    pub fn score(&self, feats: &[u32]) -> f32 {
        self.sum(feats) as f32 / SCALE
    }

    /// Of candidates with fixed-point scores, the best if it beats candidate 0
    /// by more than `margin`, else 0.
    pub fn pick_scores(scores: &[i32], margin: f32) -> usize {
        let Some(&base) = scores.first() else {
            return 0;
        };
        let mut best = 0;
        let mut top = base;
        for (i, &s) in scores.iter().enumerate().skip(1) {
            if s > top {
                top = s;
                best = i;
            }
        }
        if (top - base) as f32 > margin * SCALE {
            best
        } else {
            0
        }
    }

    /// The best candidate if it beats candidate 0 by more than `margin`, else 0.
    pub fn pick(&self, c: &Choice, margin: f32) -> usize {
        if c.len() < 2 {
            return 0;
        }
        let base = self.sum(c.cand(0));
        let mut best = 0;
        let mut top = base;
        for i in 1..c.len() {
            let s = self.sum(c.cand(i));
            if s > top {
                top = s;
                best = i;
            }
        }
        if (top - base) as f32 > margin * SCALE {
            best
        } else {
            0
        }
    }
}

/// A weight being trained, with what averaging needs.
#[derive(Clone, Copy, Default)]
struct Acc {
    w: f64,
    /// Sum of the weight over the steps before `at`.
    sum: f64,
    at: u64,
}

/// Trains averaged weights over `epochs` passes, shuffling with `seed`.
pub fn train(choices: &[Choice], epochs: usize, seed: u64) -> Weights {
    let mut acc: IdMap<Acc> = IdMap::default();
    let mut order: Vec<usize> = (0..choices.len()).collect();
    let mut rng = seed ^ 0x2545_F491_4F6C_DD1D;
    let mut step: u64 = 0;
    let mut cur = Weights::default();
    for _ in 0..epochs {
        // Fisher-Yates with xorshift: the same seed gives the same model
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            // the weights after item `t` count once for it in the average
            let t = step;
            step += 1;
            let c = &choices[k];
            if c.len() < 2 || c.gold >= c.len() {
                continue;
            }
            let guess = cur.best(c);
            if guess == c.gold {
                continue;
            }
            let mut bump = |f: u32, d: f64| {
                let a = acc.entry(f).or_default();
                a.sum += a.w * (t - a.at) as f64;
                a.at = t;
                a.w += d;
                cur.set(f, a.w as f32);
            };
            for &f in c.cand(c.gold) {
                bump(f, 1.0);
            }
            for &f in c.cand(guess) {
                bump(f, -1.0);
            }
        }
    }
    let total = step.max(1) as f64;
    let mut out = Weights::default();
    for (f, a) in acc {
        let sum = a.sum + a.w * (step - a.at) as f64;
        let v = (sum / total) as f32;
        // rounding keeps the file small; weights this small never decide
        let v = (v * 1e4).round() / 1e4;
        out.set(f, v);
    }
    out
}

/// The mean of `runs` trainings with seeds `seed`, `seed + 1`, ...: the
/// shuffle order moves single weights a lot on noisy labels, the mean much less.
pub fn train_mean(choices: &[Choice], epochs: usize, seed: u64, runs: usize) -> Weights {
    let runs = runs.max(1);
    let mut sum: IdMap<f64> = IdMap::default();
    for r in 0..runs {
        for (f, v) in train(choices, epochs, seed.wrapping_add(r as u64)).w {
            *sum.entry(f).or_default() += f64::from(v);
        }
    }
    let mut out = Weights::default();
    for (f, v) in sum {
        let v = (v / runs as f64) as f32;
        out.set(f, (v * 1e4).round() / 1e4);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(cands: &[&[u32]], gold: usize) -> Choice {
        let mut c = Choice {
            gold,
            ..Choice::default()
        };
        for f in cands {
            c.feats.extend_from_slice(f);
            c.close();
        }
        c
    }

    #[test]
    fn learns_a_separable_ranking() {
        // the right candidate always carries feature 7, the others 8 or 9;
        // feature 1 is shared noise
        let mut data = Vec::new();
        for i in 0..40 {
            let g = i % 3;
            let mut cands: Vec<Vec<u32>> = vec![vec![1, 8], vec![1, 9], vec![1, 8, 9]];
            cands[g] = vec![1, 7];
            let refs: Vec<&[u32]> = cands.iter().map(|v| v.as_slice()).collect();
            data.push(choice(&refs, g));
        }
        let w = train(&data, 5, 1);
        for c in &data {
            assert_eq!(w.best(c), c.gold);
        }
        // 9 only ever sits on a candidate that already loses, so it needs no weight
        assert!(w.get(7) > 0.0 && w.get(8) < 0.0 && w.get(9) <= 0.0);
        assert_eq!(w.get(1), 0.0);
    }

    #[test]
    fn weights_are_averaged_over_steps() {
        // item 1 is a mistake (a tie picks 0), after it w3 = 1 and w2 = -1;
        // item 2 (the same, second epoch) is right: the average of the
        // weights after each item is the final weight
        let a = choice(&[&[2], &[3]], 1);
        let w = train(std::slice::from_ref(&a), 2, 0);
        assert_eq!(w.get(3), 1.0);
        assert_eq!(w.get(2), -1.0);
        // two contradicting items: in either order the weights are 1 after
        // one item and 0 or 1 after the other, so the average is 0.5
        let b = choice(&[&[2], &[3]], 0);
        let w = train(&[a, b], 1, 0);
        assert_eq!((w.get(3), w.get(2)), (0.5, -0.5));
    }

    #[test]
    fn the_frozen_table_scores_like_the_map() {
        let mut w = Weights::default();
        for f in 0..1000u32 {
            w.set(
                f.wrapping_mul(2_654_435_761) >> 20,
                (f as f32 - 500.0) / 32.0,
            );
        }
        let t = Table::new(&w, 12);
        for f in 0..5000u32 {
            assert!((t.get(f) - w.get(f)).abs() < 1e-3, "{f}");
        }
        let c = choice(&[&[0, 1], &[5]], 0);
        assert_eq!(
            t.pick(&c, 0.0),
            usize::from(t.score(c.cand(1)) > t.score(c.cand(0)))
        );
    }

    #[test]
    fn ties_keep_the_first_candidate_and_training_is_deterministic() {
        let c = choice(&[&[4], &[5], &[6]], 2);
        assert_eq!(Weights::default().best(&c), 0);
        let data: Vec<Choice> = (0..30)
            .map(|i| choice(&[&[4, i], &[5, i + 1], &[6]], (i % 3) as usize))
            .collect();
        assert_eq!(train(&data, 3, 9), train(&data, 3, 9));
    }
}
