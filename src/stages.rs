//! Small stages that ship with the binary: `noop` (measures the I/O floor)
//! and `fault` (fails or panics on purpose, to try out error handling).

use lede_core::{
    ConfigError, Document, Layer, Registry, Stage, StageContext, StageError, StageInfo,
};
use serde::Deserialize;

/// Does nothing: a pipeline of `noop` stages measures reading and writing alone.
struct Noop;

impl Stage for Noop {
    fn provides(&self) -> Vec<Layer> {
        Vec::new()
    }

    fn process(&self, _doc: &mut Document) -> Result<(), StageError> {
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultOptions {
    /// Documents whose text contains this fail with an error.
    #[serde(default)]
    fail_on: Option<String>,
    /// Documents whose text contains this make the stage panic.
    #[serde(default)]
    panic_on: Option<String>,
    /// Layers to declare as required, to try out the pipeline's order checks.
    #[serde(default)]
    requires: Vec<String>,
}

/// Fails or panics on documents containing a marker string.
struct Fault(FaultOptions);

impl Stage for Fault {
    fn requires(&self) -> Vec<Layer> {
        self.0
            .requires
            .iter()
            .map(|l| Layer::from_name(l))
            .collect()
    }

    fn provides(&self) -> Vec<Layer> {
        Vec::new()
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if let Some(m) = self.0.panic_on.as_deref() {
            if doc.text.contains(m) {
                panic!("fault stage: document contains the panic marker {m:?}");
            }
        }
        if let Some(m) = self.0.fail_on.as_deref() {
            if doc.text.contains(m) {
                return Err(StageError::new(format!(
                    "fault stage: document contains the failure marker {m:?}"
                )));
            }
        }
        Ok(())
    }
}

pub(crate) fn register(r: &mut Registry) {
    r.register(
        StageInfo::new(
            "noop",
            "does nothing; a pipeline of it measures the I/O floor",
        ),
        |table, ctx: &StageContext| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct NoOptions {}
            let _: NoOptions = ctx.options(table)?;
            Ok(Box::new(Noop))
        },
    );
    r.register(
        StageInfo::new(
            "fault",
            "test aid: fails or panics on documents containing a marker, to try out `on_error`",
        )
        .option(
            "fail_on",
            "string",
            "none",
            "documents containing this string fail with an error",
        )
        .option(
            "panic_on",
            "string",
            "none",
            "documents containing this string make the stage panic",
        ),
        |table, ctx| {
            let opts: FaultOptions = ctx.options(table)?;
            if opts.fail_on.as_deref() == Some("") || opts.panic_on.as_deref() == Some("") {
                return Err(ConfigError::at(
                    ctx.table(),
                    "an empty marker would match every document; give a non-empty string",
                ));
            }
            Ok(Box::new(Fault(opts)))
        },
    );
}
