//! `lede gen`: a synthetic news-style JSONL corpus of any size, for scale
//! tests and benchmarks.
//!
//! Documents are built from the project's own samples (embedded in the
//! binary): paragraphs are drawn from several articles, figures are
//! re-rolled digit by digit (so "27,000" stays shaped like a number with a
//! separator) and place names are swapped, so no two documents are alike
//! while the text stays in the register the stages are built for. The same
//! seed always gives the same corpus.

use std::io::{self, Write};

/// The samples, embedded so `lede gen` works from any folder.
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "01-border-advance",
        include_str!("../samples/01-border-advance.txt"),
    ),
    (
        "02-mosul-old-city",
        include_str!("../samples/02-mosul-old-city.txt"),
    ),
    (
        "03-tal-afar-offensive",
        include_str!("../samples/03-tal-afar-offensive.txt"),
    ),
    (
        "04-hawija-displaced",
        include_str!("../samples/04-hawija-displaced.txt"),
    ),
    ("05-raqqa-sdf", include_str!("../samples/05-raqqa-sdf.txt")),
    (
        "06-deir-ezzor-oil",
        include_str!("../samples/06-deir-ezzor-oil.txt"),
    ),
    (
        "07-reconstruction-costs",
        include_str!("../samples/07-reconstruction-costs.txt"),
    ),
    (
        "08-al-qaim-recapture",
        include_str!("../samples/08-al-qaim-recapture.txt"),
    ),
    (
        "09-sinjar-peshmerga",
        include_str!("../samples/09-sinjar-peshmerga.txt"),
    ),
    (
        "10-mosul-football",
        include_str!("../samples/10-mosul-football.txt"),
    ),
];

const PLACES: &[&str] = &[
    "Mosul",
    "Raqqa",
    "Tal Afar",
    "Hawija",
    "Sinjar",
    "Kirkuk",
    "Ramadi",
    "Fallujah",
    "Tikrit",
    "Baiji",
    "Deir ez-Zor",
    "Palmyra",
    "Manbij",
    "al-Qaim",
    "Rawa",
    "Anah",
];

/// splitmix64: small, fast, and the same on every platform and version.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// One synthetic document's text.
pub fn document(rng: &mut Rng) -> String {
    let base = SAMPLES[rng.below(SAMPLES.len())].1;
    let mut paragraphs: Vec<&str> = base.split("\n\n").collect();
    // Swap in paragraphs from other articles, keeping the headline.
    for p in paragraphs.iter_mut().skip(1) {
        if rng.below(10) < 3 {
            let other: Vec<&str> = SAMPLES[rng.below(SAMPLES.len())].1.split("\n\n").collect();
            *p = other[rng.below(other.len())];
        }
    }
    let text = paragraphs.join("\n\n");
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text.as_str();
    'scan: while !rest.is_empty() {
        for p in PLACES {
            if rest.starts_with(p) {
                out.push_str(PLACES[rng.below(PLACES.len())]);
                rest = &rest[p.len()..];
                continue 'scan;
            }
        }
        let c = rest.chars().next().expect("non-empty");
        if c.is_ascii_digit() {
            // Keep a leading digit non-zero so "27,000" never becomes "07,000".
            let prev_digit = out.ends_with(|d: char| d.is_ascii_digit());
            let lo = if prev_digit { 0 } else { 1 };
            out.push(char::from(b'0' + (lo + rng.below(10 - lo as usize) as u8)));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Writes JSONL documents until at least `bytes` have been written; returns
/// the number of documents.
pub fn write_corpus(out: &mut impl Write, bytes: u64, seed: u64) -> io::Result<u64> {
    let mut rng = Rng::new(seed);
    let (mut written, mut n) = (0u64, 0u64);
    while written < bytes {
        n += 1;
        let line = serde_json::json!({"id": n, "text": document(&mut rng)}).to_string();
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        written += line.len() as u64 + 1;
    }
    out.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_other_seed_other_corpus() {
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        write_corpus(&mut a, 50_000, 7).unwrap();
        write_corpus(&mut b, 50_000, 7).unwrap();
        write_corpus(&mut c, 50_000, 8).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.len() >= 50_000 && a.len() < 50_000 + 10_000);
    }

    #[test]
    fn documents_vary_and_keep_number_shapes() {
        let mut rng = Rng::new(1);
        let docs: Vec<String> = (0..50).map(|_| document(&mut rng)).collect();
        let distinct: std::collections::BTreeSet<_> = docs.iter().collect();
        assert_eq!(distinct.len(), docs.len());
        for d in &docs {
            assert!(!d.contains(" 0,"), "no leading zero before a separator");
        }
    }
}
