//! `lede eval quantities`. (Skeleton: the Quantities issue fills this in.)

use std::path::PathBuf;

use anyhow::{bail, Result};

/// Options of `lede eval quantities`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// NewsQuant gold (NewsQuant.json).
    #[arg(long)]
    pub newsquant: Vec<PathBuf>,
    /// Fail when a metric is below a floor: NAME=VALUE, repeatable.
    #[arg(long = "min", value_name = "NAME=VALUE")]
    pub min: Vec<String>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Runs the evaluation.
pub fn run(_args: &Args, _registry: &lede_core::Registry) -> Result<()> {
    bail!("`lede eval quantities` is not built yet")
}
