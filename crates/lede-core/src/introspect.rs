//! Reads the field names of a serde struct from its `Deserialize` impl.
//!
//! serde's own `deny_unknown_fields` error names the bad key but its format
//! is not ours to rely on; asking the impl for its field list lets us write
//! the message lede promises ("did you mean `threads`?").

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field introspection")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop
    }
}

struct Grab<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> Deserializer<'de> for Grab<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = Some(fields);
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// The field names of the struct `T` deserializes as, or `None` when `T` is
/// not a plain struct (a map, an enum, a struct with `flatten`).
pub fn struct_fields<'de, T: Deserialize<'de>>() -> Option<&'static [&'static str]> {
    let mut fields = None;
    let _ = T::deserialize(Grab(&mut fields));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(dead_code)]
    #[derive(serde::Deserialize)]
    struct S {
        alpha: u32,
        #[serde(rename = "beta-key")]
        beta: String,
    }

    #[test]
    fn reads_field_names() {
        assert_eq!(struct_fields::<S>(), Some(&["alpha", "beta-key"][..]));
        assert_eq!(
            struct_fields::<std::collections::HashMap<String, u32>>(),
            None
        );
    }
}
