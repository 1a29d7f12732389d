//! lede stage `quantities`: numbers, units and quantities normalised to SI. (Skeleton: the stage issue fills this in.)

use lede_core::{ConfigError, Registry, StageInfo};

/// Registers the `quantities` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "quantities",
            "numbers, units and quantities normalised to SI (not built yet)",
        ),
        |_, ctx| {
            Err(ConfigError::at(
                ctx.table(),
                "the `quantities` stage is not built yet",
            ))
        },
    );
}
