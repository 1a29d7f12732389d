//! lede stage `tokenize`: tokens and sentences for news text. (Skeleton: the stage issue fills this in.)

use lede_core::{ConfigError, Registry, StageInfo};

/// Registers the `tokenize` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "tokenize",
            "tokens and sentences for news text (not built yet)",
        ),
        |_, ctx| {
            Err(ConfigError::at(
                ctx.table(),
                "the `tokenize` stage is not built yet",
            ))
        },
    );
}
