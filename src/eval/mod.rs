//! `lede eval`: scores stages against gold data.
//!
//! Each evaluation lives in its own module and shares the scoring helpers
//! here: [`Prf`] for precision/recall/F1 counts and [`Floors`] for the
//! `--min NAME=VALUE` checks `.ci/run` uses to catch regressions.

use std::collections::BTreeMap;
use std::fmt;

use anyhow::{bail, Context, Result};

pub mod attribution;
pub mod quantities;
pub mod tokenize;

/// The evaluations `lede eval` can run.
#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// Tokens and sentences against CoNLL-U gold (CoNLL 2018 definitions).
    Tokenize(tokenize::Args),
    /// Quantities against NewsQuant and the test vectors of Recognizers-Text and quantulum3.
    Quantities(quantities::Args),
    /// Attribution against PolNeAR (brat standoff).
    Attribution(attribution::Args),
}

/// The learned pieces `lede train` can train.
#[derive(Debug, clap::Subcommand)]
pub enum TrainCommand {
    /// The attribution span-boundary model, from PolNeAR's train split (stays local: see the README).
    Attribution(attribution::TrainArgs),
}

/// Trains one model and writes it.
pub fn train(cmd: &TrainCommand, registry: &lede_core::Registry) -> Result<()> {
    match cmd {
        TrainCommand::Attribution(a) => attribution::train(a, registry),
    }
}

/// Runs one evaluation and prints its report.
pub fn run(cmd: &EvalCommand, registry: &lede_core::Registry) -> Result<()> {
    match cmd {
        EvalCommand::Tokenize(a) => tokenize::run(a, registry),
        EvalCommand::Quantities(a) => quantities::run(a, registry),
        EvalCommand::Attribution(a) => attribution::run(a, registry),
    }
}

/// True-positive, false-positive and false-negative counts, with P/R/F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    /// Predicted and in gold.
    pub tp: u64,
    /// Predicted, not in gold.
    pub fp: u64,
    /// In gold, not predicted.
    pub fn_: u64,
}

impl Prf {
    /// Counts from the number of gold items, predicted items and matches.
    pub fn from_counts(gold: u64, predicted: u64, correct: u64) -> Prf {
        Prf {
            tp: correct,
            fp: predicted.saturating_sub(correct),
            fn_: gold.saturating_sub(correct),
        }
    }

    /// Precision in percent (100 when nothing was predicted and nothing was expected).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds another set of counts.
    pub fn add(&mut self, other: Prf) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// The counts and scores as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "tp": self.tp, "fp": self.fp, "fn": self.fn_,
            "precision": round2(self.precision()),
            "recall": round2(self.recall()),
            "f1": round2(self.f1()),
        })
    }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:6.2}  R {:6.2}  F1 {:6.2}  (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Rounds to two decimals for reports.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Minimum scores given as `--min NAME=VALUE`; an evaluation fails when a
/// named metric is below its floor, or when a floor names no metric.
#[derive(Debug, Clone, Default)]
pub struct Floors(BTreeMap<String, f64>);

impl Floors {
    /// Parses `NAME=VALUE` strings.
    pub fn parse(specs: &[String]) -> Result<Floors> {
        let mut m = BTreeMap::new();
        for s in specs {
            let (k, v) = s.split_once('=').with_context(|| {
                format!("--min {s:?}: expected NAME=VALUE, e.g. tokens_f1=98.5")
            })?;
            let v: f64 = v
                .trim()
                .parse()
                .with_context(|| format!("--min {s:?}: {v:?} is not a number"))?;
            m.insert(k.trim().to_string(), v);
        }
        Ok(Floors(m))
    }

    /// Checks the measured metrics against the floors; the error lists every
    /// metric below its floor.
    pub fn check(&self, measured: &BTreeMap<String, f64>) -> Result<()> {
        let mut failures = Vec::new();
        for (name, floor) in &self.0 {
            match measured.get(name) {
                None => failures.push(format!(
                    "--min names `{name}`, which this evaluation does not measure (it measures: {})",
                    measured.keys().cloned().collect::<Vec<_>>().join(", ")
                )),
                Some(&v) if v < *floor => {
                    failures.push(format!("{name} = {v:.2} is below the floor {floor:.2}"))
                }
                Some(_) => {}
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            bail!("evaluation below its floors:\n  {}", failures.join("\n  "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_scores() {
        let p = Prf::from_counts(10, 8, 6);
        assert_eq!((p.tp, p.fp, p.fn_), (6, 2, 4));
        assert!((p.precision() - 75.0).abs() < 1e-9);
        assert!((p.recall() - 60.0).abs() < 1e-9);
        assert!((p.f1() - 66.666_666).abs() < 1e-3);
    }

    #[test]
    fn floors_fail_below_and_on_unknown_names() {
        let f = Floors::parse(&["a=90".into(), "b=50".into()]).unwrap();
        let mut m = BTreeMap::new();
        m.insert("a".to_string(), 91.0);
        m.insert("b".to_string(), 49.9);
        let e = f.check(&m).unwrap_err().to_string();
        assert!(e.contains("b = 49.90 is below the floor 50.00"), "{e}");
        m.insert("b".to_string(), 50.0);
        assert!(f.check(&m).is_ok());
        let f = Floors::parse(&["c=1".into()]).unwrap();
        assert!(f
            .check(&m)
            .unwrap_err()
            .to_string()
            .contains("does not measure"));
        assert!(Floors::parse(&["x".into()]).is_err());
    }
}
