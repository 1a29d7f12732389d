use std::sync::atomic::{AtomicUsize, Ordering};

use lede_core::{Annotation, Entity, Span, StageError, StageInfo};

use super::*;

/// Tags "ISIS" correctly: the suite must pass it.
struct Good;
impl Stage for Good {
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Extra("groups".into())]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let items = doc
            .text
            .match_indices("ISIS")
            .map(|(i, m)| Annotation {
                span: Span::new(i, i + m.len()),
                label: "group".into(),
                ..Annotation::default()
            })
            .collect();
        doc.extra.insert("groups".into(), items);
        Ok(())
    }
}

/// Panics on the first emoji it meets.
struct PanicsOnEmoji;
impl Stage for PanicsOnEmoji {
    fn provides(&self) -> Vec<Layer> {
        vec![]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.text.contains('🙂') {
            panic!("emoji are not news");
        }
        Ok(())
    }
}

/// Puts an entity one byte into the text: inside the character when it is multibyte.
struct OneByte;
impl Stage for OneByte {
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Entities]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if !doc.text.is_empty() {
            doc.entities.push(Entity {
                span: Span::new(0, 1),
                id: "x".into(),
                entity_type: "X".into(),
                canonical: "x".into(),
                candidates: vec![],
            });
        }
        Ok(())
    }
}

/// Labels each document with a call counter: different every run.
struct Counter(AtomicUsize);
impl Stage for Counter {
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Extra("calls".into())]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        doc.extra.insert(
            "calls".into(),
            vec![Annotation {
                label: n.to_string(),
                ..Annotation::default()
            }],
        );
        Ok(())
    }
}

/// Writes sentences without declaring them.
struct Sneaky;
impl Stage for Sneaky {
    fn provides(&self) -> Vec<Layer> {
        vec![]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.sentences.push(Span::new(0, 0));
        Ok(())
    }
}

/// Needs tokens.
struct NeedsTokens;
impl Stage for NeedsTokens {
    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Tokens]
    }
    fn provides(&self) -> Vec<Layer> {
        vec![]
    }
    fn process(&self, _: &mut Document) -> Result<(), StageError> {
        Err(StageError::new("never reached"))
    }
}

fn small(stages: Vec<Box<dyn Stage>>) -> Conformance {
    Conformance::new(stages).big_text_bytes(64 * 1024)
}

#[test]
fn a_correct_stage_passes_every_case() {
    let r = small(vec![Box::new(Good)]).run();
    assert!(r.is_ok(), "{r}");
    assert!(r.cases >= 15, "{r}");
}

#[test]
fn a_panic_is_caught_and_named_with_its_case() {
    let r = small(vec![Box::new(PanicsOnEmoji)]).run();
    assert!(!r.is_ok());
    let f = &r.failures[0];
    assert_eq!(f.case, "emoji");
    assert!(f.message.contains("panicked: emoji are not news"), "{f}");
}

#[test]
fn a_span_inside_a_character_is_reported() {
    let r = small(vec![Box::new(OneByte)]).run();
    let cases: Vec<&str> = r.failures.iter().map(|f| f.case.as_str()).collect();
    assert!(cases.contains(&"rtl"), "{r}");
    assert!(cases.contains(&"emoji"), "{r}");
    assert!(!cases.contains(&"news"), "{r}");
    assert!(r.mentions("inside a character"), "{r}");
}

#[test]
fn nondeterministic_output_is_reported() {
    let r = small(vec![Box::new(Counter(AtomicUsize::new(0)))]).run();
    assert!(r.mentions("differs between two runs"), "{r}");
}

#[test]
fn writing_an_undeclared_layer_is_reported() {
    let r = small(vec![Box::new(Sneaky)]).run();
    assert!(r.mentions("does not declare"), "{r}");
}

#[test]
fn a_missing_prerequisite_is_reported_before_running() {
    let r = small(vec![Box::new(NeedsTokens)]).run();
    assert_eq!(r.failures.len(), 1, "{r}");
    assert_eq!(r.failures[0].case, "setup");
    assert!(r.failures[0].message.contains("requires `tokens`"), "{r}");
}

#[test]
fn errors_fail_unless_allowed() {
    struct Refuses;
    impl Stage for Refuses {
        fn provides(&self) -> Vec<Layer> {
            vec![]
        }
        fn process(&self, doc: &mut Document) -> Result<(), StageError> {
            if doc.text.is_empty() {
                Err(StageError::new("nothing to do"))
            } else {
                Ok(())
            }
        }
    }
    assert!(small(vec![Box::new(Refuses)])
        .run()
        .mentions("nothing to do"));
    assert!(small(vec![Box::new(Refuses)])
        .allow_errors(true)
        .run()
        .is_ok());
}

#[test]
fn the_big_case_has_the_asked_size_and_hostile_text_inside() {
    let big = cases(BIG_TEXT_BYTES)
        .into_iter()
        .find(|c| c.name == "big")
        .unwrap();
    assert!(big.text.len() >= BIG_TEXT_BYTES);
    assert!(big.text.len() < BIG_TEXT_BYTES + 2048);
    assert!(big.text[BIG_TEXT_BYTES / 2..].contains('\0'));
    assert!(big.text.contains("قال"));
}

#[test]
fn from_toml_builds_stages_by_kind_and_reports_bad_ones() {
    let mut r = Registry::new();
    r.register(StageInfo::new("good", "tags ISIS"), |_, _| {
        Ok(Box::new(Good))
    });
    let c = Conformance::from_toml(&r, "[[stage]]\nkind = \"good\"\nname = \"g\"").unwrap();
    let report = c.big_text_bytes(0).run();
    assert!(report.is_ok(), "{report}");
    let e = Conformance::from_toml(&r, "[[stage]]\nkind = \"goood\"").unwrap_err();
    assert!(e.to_string().contains("did you mean `good`"), "{e}");
    let e = Conformance::from_toml(&r, "x = 1").unwrap_err();
    assert!(e.to_string().contains("no [[stage]]"), "{e}");
}
