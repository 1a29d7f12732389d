//! lede stage `gazetteer`: dictionary entity tagging with aho-corasick. (Skeleton: the stage issue fills this in.)

use lede_core::{ConfigError, Registry, StageInfo};

/// Registers the `gazetteer` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "gazetteer",
            "dictionary entity tagging with aho-corasick (not built yet)",
        ),
        |_, ctx| {
            Err(ConfigError::at(
                ctx.table(),
                "the `gazetteer` stage is not built yet",
            ))
        },
    );
}
