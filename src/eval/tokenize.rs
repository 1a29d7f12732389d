//! `lede eval tokenize`. (Skeleton: the Tokenize issue fills this in.)

use std::path::PathBuf;

use anyhow::{bail, Result};

/// Options of `lede eval tokenize`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// CoNLL-U gold file(s), e.g. ../shared/data/ud/en_ewt-ud-test.conllu.
    #[arg(long)]
    pub conllu: Vec<PathBuf>,
    /// Fail when a metric is below a floor: NAME=VALUE, repeatable.
    #[arg(long = "min", value_name = "NAME=VALUE")]
    pub min: Vec<String>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Runs the evaluation.
pub fn run(_args: &Args, _registry: &lede_core::Registry) -> Result<()> {
    bail!("`lede eval tokenize` is not built yet")
}
