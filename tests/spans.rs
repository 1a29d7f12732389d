//! Property test: for any UTF-8 text, every span the default pipeline emits
//! is in bounds and on character boundaries, and every `text` equals the
//! slice it names, in both offset modes.

use std::sync::OnceLock;

use lede::{DocId, Document};
use lede_pipeline::{write_line, Config, Include, Offsets, Pipeline};
use proptest::prelude::*;
use serde_json::Value;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pipeline.toml");
        let cfg = Config::from_path(&path).expect("default config");
        Pipeline::build(&cfg, &lede::registry()).expect("default pipeline builds")
    })
}

/// Checks every span in a written record against `text` in `mode`.
fn check(v: &Value, text: &str, mode: Offsets) -> Result<(), TestCaseError> {
    let slice = |s: u64, e: u64| -> Result<String, TestCaseError> {
        let (s, e) = (s as usize, e as usize);
        prop_assert!(s <= e, "start {} after end {}", s, e);
        match mode {
            Offsets::Bytes => {
                prop_assert!(
                    e <= text.len(),
                    "byte span [{}, {}) past {}",
                    s,
                    e,
                    text.len()
                );
                prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                Ok(text[s..e].to_string())
            }
            Offsets::Chars => {
                let n = text.chars().count();
                prop_assert!(e <= n, "char span [{}, {}) past {}", s, e, n);
                Ok(text.chars().skip(s).take(e - s).collect())
            }
        }
    };
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e)) = (
                m.get("start").and_then(Value::as_u64),
                m.get("end").and_then(Value::as_u64),
            ) {
                let got = slice(s, e)?;
                if let Some(t) = m.get("text").and_then(Value::as_str) {
                    prop_assert_eq!(t, got.as_str());
                }
            }
            for (k, x) in m {
                if k != "text" && k != "meta" {
                    check(x, text, mode)?;
                }
            }
        }
        Value::Array(items) => {
            if items.len() >= 2 && items[0].is_u64() && items[1].is_u64() {
                slice(items[0].as_u64().unwrap(), items[1].as_u64().unwrap())?;
            } else {
                for x in items {
                    check(x, text, mode)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn all_layers() -> Include {
    Include::from_names(&[
        "tokens",
        "sentences",
        "entities",
        "quantities",
        "attributions",
    ])
}

/// News-like pieces mixed with arbitrary characters, so the stages find
/// things to annotate next to combining marks, emoji and RTL text.
fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Mosul",
        " ",
        "\n\n",
        "“",
        "”",
        "\"",
        "'",
        "’",
        " said",
        " al-Assadi",
        "Daesh",
        " 30 kilometers",
        "27,000",
        " percent",
        "$3.5bn",
        "Col.",
        " U.S.",
        ".",
        ",",
        "Qāmishlī",
        "ّ",
        "😀",
        "مرحبا",
        "\u{0}",
        "—",
        "(AP Photo/Ali Hassan)",
        "SOURCE:AFP",
        " according to",
        " he added",
        "e\u{301}",
        "½",
    ]);
    prop::collection::vec(
        prop_oneof![pieces.prop_map(String::from), any::<String>()],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_valid_in_both_offset_modes(text in newsy()) {
        let mut doc = Document::new(DocId::line(1), text.clone());
        pipeline().process(&mut doc);
        prop_assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        for mode in [Offsets::Chars, Offsets::Bytes] {
            let mut out = Vec::new();
            write_line(&mut out, &doc, mode, all_layers());
            let v: Value = serde_json::from_slice(&out).unwrap();
            check(&v, &text, mode)?;
        }
    }
}
