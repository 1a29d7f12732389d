//! The stage contract: what every pipeline component implements.

use std::borrow::Cow;
use std::fmt;

use crate::document::Document;
use crate::error::StageError;

/// An annotation layer a stage can require or provide.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// `Document::tokens`.
    Tokens,
    /// `Document::sentences`.
    Sentences,
    /// `Document::entities`.
    Entities,
    /// `Document::quantities`.
    Quantities,
    /// `Document::attributions`.
    Attributions,
    /// A named layer in `Document::extra`.
    Extra(Cow<'static, str>),
}

impl Layer {
    /// The layer's name as used in configs and messages.
    pub fn name(&self) -> &str {
        match self {
            Layer::Tokens => "tokens",
            Layer::Sentences => "sentences",
            Layer::Entities => "entities",
            Layer::Quantities => "quantities",
            Layer::Attributions => "attributions",
            Layer::Extra(s) => s,
        }
    }

    /// The layer with this name: a built-in one, or else an extra layer.
    pub fn from_name(name: &str) -> Layer {
        match name {
            "tokens" => Layer::Tokens,
            "sentences" => Layer::Sentences,
            "entities" => Layer::Entities,
            "quantities" => Layer::Quantities,
            "attributions" => Layer::Attributions,
            other => Layer::Extra(Cow::Owned(other.to_string())),
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A pipeline component.
///
/// A stage is built once from its `[[stage]]` table by a factory registered
/// in a [`Registry`](crate::Registry), then shared by every worker thread:
/// per-document work takes `&self`. Put per-call scratch space on the stack
/// or in a `thread_local!`, not behind a lock.
///
/// The pipeline checks [`requires`](Stage::requires) against the
/// [`provides`](Stage::provides) of the stages before it when it is built,
/// so a stage may rely on its required layers being filled in.
pub trait Stage: Send + Sync {
    /// The layers this stage reads. Defaults to none.
    fn requires(&self) -> Vec<Layer> {
        Vec::new()
    }

    /// The layers this stage writes.
    fn provides(&self) -> Vec<Layer>;

    /// Annotates one document.
    ///
    /// Return an error for a problem with this document only; the runner
    /// records it on the document and goes on (unless the config says
    /// `on_error = "abort"`). Panics are caught and recorded the same way,
    /// but an error is kinder: it can say what was wrong.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}
