//! lede's pipeline: the `pipeline.toml` config, building stages from a
//! [`Registry`](lede_core::Registry) with order checks, and running
//! documents through them.
//!
//! ```
//! use lede_core::{Document, DocId, Layer, Registry, Stage, StageError, StageInfo};
//! use lede_pipeline::Pipeline;
//!
//! struct Upper;
//! impl Stage for Upper {
//!     fn provides(&self) -> Vec<Layer> { vec![] }
//!     fn process(&self, doc: &mut Document) -> Result<(), StageError> {
//!         doc.text.make_ascii_uppercase();
//!         Ok(())
//!     }
//! }
//!
//! let mut registry = Registry::new();
//! registry.register(StageInfo::new("upper", "shouts"), |_, _| Ok(Box::new(Upper)));
//! let pipeline = Pipeline::from_toml_str("[[stage]]\nkind = \"upper\"", &registry).unwrap();
//! let mut doc = Document::new(DocId::line(1), "mosul");
//! pipeline.process(&mut doc);
//! assert_eq!(doc.text, "MOSUL");
//! ```

#![warn(missing_docs)]

pub mod config;
mod pipeline;

pub use config::{Config, InputConfig, Offsets, OnError, OutputConfig, RunConfig, StageConfig};
pub use pipeline::{Pipeline, StageTiming};
pub mod input;
pub mod output;
pub mod runner;

pub use input::{Fields, Input, RawItem, ReadStats};
pub use output::{write_line, Include, OffsetMap};
pub use runner::{run, Counters, RunError, RunOptions, RunSummary};
