//! The `lede` command line. Placeholder until the runner lands.

use anyhow::Result;
use clap::{Parser, Subcommand};
use lede_core::Registry;

/// lede: structured facts from news text.
#[derive(Debug, Parser)]
#[command(name = "lede", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score a stage against gold data.
    #[command(subcommand)]
    Eval(crate::eval::EvalCommand),
}

/// Runs the CLI with the given registry.
pub fn main(registry: Registry) -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval(cmd) => crate::eval::run(&cmd, &registry),
    }
}
