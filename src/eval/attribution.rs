//! `lede eval attribution`. (Skeleton: the Attribution issue fills this in.)

use std::path::PathBuf;

use anyhow::{bail, Result};

/// Options of `lede eval attribution`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// PolNeAR split folder (text/ and attributions/).
    #[arg(long)]
    pub polnear: Vec<PathBuf>,
    /// Fail when a metric is below a floor: NAME=VALUE, repeatable.
    #[arg(long = "min", value_name = "NAME=VALUE")]
    pub min: Vec<String>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Runs the evaluation.
pub fn run(_args: &Args, _registry: &lede_core::Registry) -> Result<()> {
    bail!("`lede eval attribution` is not built yet")
}
