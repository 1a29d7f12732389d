//! The template a newcomer copies (`templates/stage.rs`) compiles against
//! `lede`, registers, runs, and passes the conformance suite.

#[path = "../../../templates/stage.rs"]
mod template;

use lede::{DocId, Document, StageContext};

#[test]
fn the_template_stage_tags_its_words() {
    let mut registry = lede::registry();
    template::register(&mut registry);
    let table: toml::Table = toml::from_str("words = [\"Truce\"]").unwrap();
    let tok = registry
        .build(
            "tokenize",
            &toml::Table::new(),
            &StageContext::standalone("tokenize"),
        )
        .unwrap();
    let s = registry
        .build("my_stage", &table, &StageContext::standalone("my_stage"))
        .unwrap();
    let mut doc = Document::new(
        DocId::line(1),
        "A truce held in Deir ez-Zor; the TRUCE broke.",
    );
    tok.process(&mut doc).unwrap();
    s.process(&mut doc).unwrap();
    let found: Vec<&str> = doc.extra["my_stage"]
        .iter()
        .map(|a| doc.slice(a.span))
        .collect();
    assert_eq!(found, vec!["truce", "TRUCE"]);
    let bad: toml::Table = toml::from_str("word = []").unwrap();
    let e = registry
        .build("my_stage", &bad, &StageContext::standalone("my_stage"))
        .err()
        .unwrap();
    assert!(e.to_string().contains("did you mean `words`"), "{e}");
}

#[test]
fn the_template_stage_conforms() {
    let mut registry = lede::registry();
    template::register(&mut registry);
    lede_testkit::Conformance::from_toml(
        &registry,
        "[[stage]]\nkind = \"tokenize\"\n[[stage]]\nkind = \"my_stage\"",
    )
    .unwrap()
    .big_text_bytes(1 << 20)
    .run()
    .assert_ok();
}
