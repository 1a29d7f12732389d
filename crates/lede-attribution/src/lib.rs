//! lede stage `attribution`: quotes, reported speech, sources and outlets. (Skeleton: the stage issue fills this in.)

use lede_core::{ConfigError, Registry, StageInfo};

/// Registers the `attribution` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "attribution",
            "quotes, reported speech, sources and outlets (not built yet)",
        ),
        |_, ctx| {
            Err(ConfigError::at(
                ctx.table(),
                "the `attribution` stage is not built yet",
            ))
        },
    );
}
