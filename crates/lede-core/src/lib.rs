//! The core of lede: the [`Document`] that flows through a pipeline, its
//! typed annotation layers, the [`Stage`] trait every component implements,
//! and the [`Registry`] that builds stages from their config tables by kind.
//!
//! Stage crates depend on this crate and on nothing else of lede, so a stage
//! written by a user looks exactly like a built-in one.
//!
//! ```
//! use lede_core::{Document, DocId, Entity, Layer, Span, Stage, StageError};
//!
//! /// Tags every "Mosul" as a place (a toy gazetteer).
//! struct Mosul;
//!
//! impl Stage for Mosul {
//!     fn provides(&self) -> Vec<Layer> {
//!         vec![Layer::Entities]
//!     }
//!     fn process(&self, doc: &mut Document) -> Result<(), StageError> {
//!         let found: Vec<usize> = doc.text.match_indices("Mosul").map(|(i, _)| i).collect();
//!         for start in found {
//!             doc.entities.push(Entity {
//!                 span: Span::new(start, start + 5),
//!                 id: "mosul".into(),
//!                 entity_type: "GPE".into(),
//!                 canonical: "Mosul".into(),
//!                 candidates: vec![],
//!             });
//!         }
//!         Ok(())
//!     }
//! }
//!
//! let mut doc = Document::new(DocId::line(1), "Troops entered Mosul on Sunday.");
//! Mosul.process(&mut doc).unwrap();
//! assert_eq!(doc.slice(doc.entities[0].span), "Mosul");
//! ```

#![warn(missing_docs)]

mod document;
mod error;
pub mod introspect;
mod registry;
mod span;
mod stage;
pub mod suggest;

pub use document::{
    Annotation, Attribution, AttributionKind, Bound, Change, DocError, DocId, Document, Entity,
    Outlet, Quantity, QuantityKind, Source, Token, TokenKind,
};
pub use error::{quoted_list, ConfigError, StageError};
pub use registry::{parse_table, Factory, OptionInfo, Registry, StageContext, StageInfo};
pub use span::Span;
pub use stage::{Layer, Stage};

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        assert_send_sync::<Document>();
        assert_send_sync::<Span>();
        assert_send_sync::<Token>();
        assert_send_sync::<Entity>();
        assert_send_sync::<Quantity>();
        assert_send_sync::<Attribution>();
        assert_send_sync::<Annotation>();
        assert_send_sync::<StageError>();
        assert_send_sync::<ConfigError>();
        assert_send_sync::<Registry>();
        assert_send_sync::<StageInfo>();
        assert_send_sync::<StageContext>();
        assert_send_sync::<Box<dyn Stage>>();
    }
}
