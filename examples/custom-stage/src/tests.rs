use lede::{DocId, Entity, Quantity};

use super::*;

fn tokenize(doc: &mut Document) {
    lede::registry()
        .build(
            "tokenize",
            &toml::Table::new(),
            &StageContext::standalone("tokenize"),
        )
        .expect("tokenize builds")
        .process(doc)
        .expect("tokenize runs");
}

fn claims(text: &str, prepare: impl FnOnce(&mut Document)) -> (Document, Vec<Annotation>) {
    let mut doc = Document::new(DocId::line(1), text);
    tokenize(&mut doc);
    prepare(&mut doc);
    let s =
        Casualties::build(&toml::Table::new(), &StageContext::standalone("casualties")).unwrap();
    s.process(&mut doc).unwrap();
    let found = doc.extra["casualties"].clone();
    (doc, found)
}

#[test]
fn passive_claim_links_count_group_and_verb() {
    let (doc, found) = claims(
        "The PMU said 21 ISIS fighters had been killed on Tuesday.",
        |_| {},
    );
    assert_eq!(found.len(), 1);
    let c = &found[0];
    assert_eq!(doc.slice(c.span), "21 ISIS fighters had been killed");
    assert_eq!(doc.slice(c.roles["count"]), "21");
    assert_eq!(doc.slice(c.roles["group"]), "ISIS fighters");
    assert_eq!(doc.slice(c.roles["verb"]), "killed");
    assert_eq!(c.data["voice"], "passive");
    assert_eq!(c.data["group_id"], Value::Null);
}

#[test]
fn an_entity_in_the_group_gives_its_id() {
    let text = "Officials said 21 ISIS fighters were killed.";
    let (doc, found) = claims(text, |d| {
        let s = text.find("ISIS").unwrap();
        d.entities.push(Entity {
            span: Span::new(s, s + 4),
            id: "islamic-state".into(),
            entity_type: "ORG".into(),
            canonical: "Islamic State".into(),
            candidates: vec![],
        });
    });
    assert_eq!(doc.slice(found[0].roles["group"]), "ISIS");
    assert_eq!(found[0].data["group_id"], "islamic-state");
}

#[test]
fn bounds_words_and_possessives() {
    let (doc, found) = claims(
        "More than 1,000 civilians were killed, and two of his fighters had been wounded.",
        |_| {},
    );
    assert_eq!(found.len(), 2);
    assert_eq!(
        doc.slice(found[0].span),
        "More than 1,000 civilians were killed"
    );
    assert_eq!(found[0].data["bound"], "more_than");
    assert_eq!(found[0].data["count"], 1000.0);
    assert_eq!(found[1].data["count"], 2.0);
    assert_eq!(doc.slice(found[1].roles["group"]), "fighters");
    assert_eq!(found[1].data["outcome"], "wounded");
}

#[test]
fn active_voice_claims() {
    let (doc, found) = claims("An airstrike killed some 30 militants near Hawija.", |_| {});
    assert_eq!(found.len(), 1);
    assert_eq!(doc.slice(found[0].span), "killed some 30 militants");
    assert_eq!(doc.slice(found[0].roles["group"]), "militants");
    assert_eq!(found[0].data["voice"], "active");
    assert_eq!(found[0].data["bound"], "approx");
}

#[test]
fn a_count_quantity_supplies_the_value() {
    let text = "Dozens of fighters were captured.";
    let (_, found) = claims(text, |d| {
        d.quantities.push(Quantity {
            span: Span::new(0, 6),
            low: Some(24.0),
            kind: QuantityKind::Count,
            ..Quantity::default()
        });
    });
    assert_eq!(found[0].data["count"], 24.0);
    assert_eq!(found[0].data["outcome"], "captured");
}

#[test]
fn figures_that_are_not_casualties_are_left_alone() {
    let (_, found) = claims(
        "Troops advanced 30 kilometers and 21 villages were retaken in 2017.",
        |_| {},
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn bad_layer_names_are_config_errors() {
    let t: toml::Table = toml::from_str("layer = \"entities\"").unwrap();
    let e = Casualties::build(&t, &StageContext::standalone("casualties")).unwrap_err();
    assert!(
        e.to_string().contains("not a name for an extra layer"),
        "{e}"
    );
    let t: toml::Table = toml::from_str("layr = \"x\"").unwrap();
    let e = Casualties::build(&t, &StageContext::standalone("casualties")).unwrap_err();
    assert!(e.to_string().contains("did you mean `layer`"), "{e}");
}

#[test]
fn passes_the_conformance_suite() {
    let mut registry = lede::registry();
    register(&mut registry);
    lede_testkit::Conformance::from_toml(
        &registry,
        "[[stage]]\nkind = \"tokenize\"\n[[stage]]\nkind = \"gazetteer\"\n[[stage]]\nkind = \"casualties\"",
    )
    .unwrap()
    .run()
    .assert_ok();
}
