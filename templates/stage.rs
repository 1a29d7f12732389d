//! TEMPLATE: a new lede stage. Copy this file into your crate (a crate that
//! depends on `lede`, `serde` and `toml`), rename `MyStage` and `my_stage`,
//! and fill in the three places marked TODO. Everything else is the shape
//! every lede stage has; the comments say why.
//!
//! Then, in your `main.rs`:
//!
//! ```ignore
//! fn main() -> std::process::ExitCode {
//!     let mut registry = lede::registry();      // the built-in stages
//!     my_stage::register(&mut registry);        // yours
//!     lede::cli::main(registry)                 // `run`, `check`, `stages` know it now
//! }
//! ```
//!
//! and in your `pipeline.toml`, after the stages it needs:
//!
//! ```toml
//! [[stage]]
//! kind = "my_stage"
//! words = ["ceasefire", "truce"]
//! ```
//!
//! Test it with the conformance suite every built-in stage passes
//! (`lede-testkit` as a dev-dependency):
//!
//! ```ignore
//! let mut registry = lede::registry();
//! my_stage::register(&mut registry);
//! lede_testkit::Conformance::from_toml(&registry, "[[stage]]\nkind = \"tokenize\"\n[[stage]]\nkind = \"my_stage\"")
//!     .unwrap()
//!     .run()
//!     .assert_ok();
//! ```

use lede::{
    Annotation, ConfigError, Document, Layer, Registry, Span, Stage, StageContext, StageError,
    StageInfo,
};
use serde::Deserialize;

/// The options of the `[[stage]]` table.
///
/// `deny_unknown_fields` and no `flatten`: `ctx.options` then rejects a
/// misspelt key with "did you mean ...?" for free. Give every option a
/// default unless the stage cannot work without it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    // TODO 1: your options.
    /// Words to tag (matched on whole tokens, ignoring case).
    #[serde(default = "default_words")]
    words: Vec<String>,
    /// The extra layer to write.
    #[serde(default = "default_layer")]
    layer: String,
}

fn default_words() -> Vec<String> {
    vec!["ceasefire".into(), "truce".into()]
}

fn default_layer() -> String {
    "my_stage".into()
}

/// The built stage. It is built once and shared by every worker thread
/// (`Send + Sync`), so everything here is read-only after `build`: load
/// files and compile patterns in `build`, never in `process`.
pub struct MyStage {
    words: Vec<String>,
    layer: String,
}

impl MyStage {
    /// Reads the options and checks them. Every problem is a `ConfigError`
    /// naming the key (`ctx.key("words")`), so `lede check` reports it before
    /// any document is read. Relative paths: `ctx.resolve(path)` resolves
    /// them against the config file's folder.
    pub fn build(table: &toml::Table, ctx: &StageContext) -> Result<MyStage, ConfigError> {
        let o: Options = ctx.options(table)?;
        if o.words.iter().any(|w| w.trim().is_empty()) {
            return Err(ConfigError::at(ctx.key("words"), "a word is empty"));
        }
        Ok(MyStage {
            words: o.words.iter().map(|w| w.to_lowercase()).collect(),
            layer: o.layer,
        })
    }
}

impl Stage for MyStage {
    // TODO 2: the layers you read. The pipeline refuses a config that does
    // not put a stage providing them first, so `process` may rely on them.
    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Tokens]
    }

    // The layers you write. Custom output goes in an extra layer of its own
    // name; the writer emits it as {start, end, text, label, roles, data}.
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Extra(self.layer.clone().into())]
    }

    // TODO 3: the work. Rules: never panic (empty text, NUL, emoji, RTL,
    // 5 MB documents all come through here); spans are BYTE offsets into
    // `doc.text` on character boundaries (slice with `doc.slice(span)`);
    // the same text gives the same output; touch only the layers in
    // `provides`. Return `Err(StageError::new(...))` for a problem with this
    // one document: the runner records it on the document and goes on.
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut found = Vec::new();
        for t in &doc.tokens {
            let word = doc.slice(t.span).to_lowercase();
            if self.words.contains(&word) {
                found.push(Annotation {
                    span: Span::new(t.span.start, t.span.end),
                    label: "keyword".into(),
                    ..Annotation::default()
                });
            }
        }
        doc.extra.insert(self.layer.clone(), found);
        Ok(())
    }
}

/// Registers the kind: its name in `kind = "..."`, the summary and options
/// `lede stages` prints, and the factory that builds it.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new("my_stage", "tags the words you list (template stage)")
            .option(
                "words",
                "string list",
                "[\"ceasefire\", \"truce\"]",
                "words to tag, ignoring case",
            )
            .option(
                "layer",
                "layer name",
                "\"my_stage\"",
                "the extra layer to write",
            )
            .requires([Layer::Tokens])
            .provides([Layer::Extra("my_stage".into())]),
        |table, ctx| Ok(Box::new(MyStage::build(table, ctx)?)),
    );
}
