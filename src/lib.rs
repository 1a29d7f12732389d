//! lede turns raw news text into structured facts: who and what is
//! mentioned (entities), which figures are reported (quantities), and who
//! said what (attributions), in a TOML-configured pipeline that runs
//! documents in parallel.
//!
//! This crate is the facade: it registers the built-in stages and holds the
//! CLI. A program with stages of its own builds [`registry()`], registers
//! its stages, and calls [`cli::main`] to get the whole `lede` command line.
//!
//! ```
//! use lede::{Document, DocId};
//!
//! let pipeline = lede::Pipeline::from_toml_str(
//!     r#"
//!     [[stage]]
//!     kind = "noop"
//!     "#,
//!     &lede::registry(),
//! )
//! .unwrap();
//! let mut doc = Document::new(DocId::line(1), "Troops entered Mosul.");
//! pipeline.process(&mut doc);
//! assert!(doc.errors.is_empty());
//! ```

#![warn(missing_docs)]

pub mod bench;
pub mod cli;
pub mod eval;
pub mod gen;
mod stages;

pub use lede_core::*;
pub use lede_pipeline::{Config, Pipeline};

/// Re-exported so that custom-stage crates need only depend on `lede`.
pub use lede_core;
pub use lede_pipeline;

/// A registry holding every built-in stage kind: `tokenize`, `gazetteer`,
/// `quantities`, `attribution`, the custom-work kinds `patterns` and
/// `command`, and the test aids `noop` and `fault`.
pub fn registry() -> Registry {
    let mut r = Registry::new();
    lede_tokenize::register(&mut r);
    lede_gazetteer::register(&mut r);
    lede_quantity::register(&mut r);
    lede_attribution::register(&mut r);
    lede_patterns::register(&mut r);
    lede_command::register(&mut r);
    stages::register(&mut r);
    r
}
