//! The boundary model on short passages written for these tests, in the style
//! of reporting on the 2017 war against ISIS in Iraq and Syria. (A separate
//! file: the model's template hash covers `boundary.rs` only.)

use lede_core::{Attribution as Record, DocId, Document, Registry, Span, StageContext};

use super::*;
use crate::perceptron::Choice;
use crate::text::{fallback_sentences, fallback_tokens};
use crate::Attribution;

fn doc(text: &str) -> Document {
    let mut d = Document::new(DocId::line(1), text);
    d.tokens = fallback_tokens(text);
    d.sentences = fallback_sentences(text, &d.tokens);
    d
}

/// The byte span of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> Span {
    let s = text.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    Span::new(s, s + needle.len())
}

fn gold(text: &str, cue: &str, content: &str) -> GoldSpans {
    GoldSpans {
        cue: Some(at(text, cue)),
        content: Some(at(text, content)),
    }
}

fn coverage(text: &str, g: GoldSpans) -> (Coverage, Vec<Choice>) {
    let mut out = Vec::new();
    let cov = Attribution::bundled().boundary_choices(&doc(text), &[g], &mut out);
    (cov, out)
}

const YARALLAH: &str = "Iraqi commander Abdul-Amir Yarallah said Tuesday that troops had retaken \
the airport, which the militants had held since 2014.";
const ANBAR: &str = "The militants abandoned their positions in the old city and fled toward \
the west, a senior officer in Anbar province told AFP.";
const DILLON: &str = "Army Colonel Ryan Dillon said in an interview that the coalition had \
carried out 19 strikes near Raqqa and called the campaign a success.";

#[test]
fn the_gold_cue_is_among_the_candidates() {
    // the rules' cue is "said"; the gold keeps the weekday, or the interview
    for (text, cue, content) in [
        (
            YARALLAH,
            "said Tuesday",
            "that troops had retaken the airport",
        ),
        (
            DILLON,
            "said in an interview",
            "that the coalition had carried out 19 strikes near Raqqa",
        ),
    ] {
        let (cov, choices) = coverage(text, gold(text, cue, content));
        assert_eq!(cov.seen[0], 1, "{text}");
        assert_eq!(cov.reachable[0], 1, "{text}: {cue:?} is not a candidate");
        assert_eq!(cov.rules_right[0], 0, "{text}");
        let c = choices.iter().find(|c| c.problem == 0).unwrap();
        assert!(c.gold > 0 && c.len() > 2);
    }
}

#[test]
fn the_gold_content_edges_are_among_the_candidates() {
    for (text, cue, content) in [
        // longer than the rules: the ", which" clause belongs to the content
        (
            YARALLAH,
            "said",
            "that troops had retaken the airport, which the militants had held since 2014",
        ),
        // shorter: the coordinated verb phrase is left out
        (
            ANBAR,
            "told",
            "The militants abandoned their positions in the old city",
        ),
        // shorter: before a trailing place phrase
        (
            DILLON,
            "said",
            "that the coalition had carried out 19 strikes",
        ),
        // a later start: without "that"
        (
            DILLON,
            "said",
            "the coalition had carried out 19 strikes near Raqqa",
        ),
    ] {
        let (cov, _) = coverage(text, gold(text, cue, content));
        assert!(cov.seen[1] + cov.seen[2] >= 1, "{text}");
        assert_eq!(cov.reachable[1], cov.seen[1], "{content:?}: start");
        assert_eq!(cov.reachable[2], cov.seen[2], "{content:?}: end");
        assert_eq!(cov.seen[2], 1, "{content:?}");
    }
}

#[test]
fn a_relation_with_no_gold_counterpart_is_a_drop() {
    let mut out = Vec::new();
    let cov = Attribution::bundled().boundary_choices(&doc(YARALLAH), &[], &mut out);
    assert_eq!(cov.seen[3], 1);
    let keep: Vec<&Choice> = out.iter().filter(|c| c.problem == 3).collect();
    assert_eq!(keep.len(), 1);
    assert_eq!(keep[0].gold, 1);
    // nothing else is learnt without a gold relation
    assert_eq!(out.len(), 1);
}

fn records(stage: &Attribution, text: &str) -> Vec<Record> {
    stage.extract(&doc(text))
}

#[test]
fn no_model_and_an_empty_model_change_nothing() {
    let texts = [
        YARALLAH,
        ANBAR,
        DILLON,
        "“The fighting,” he said, “is over.” According to the Asayish, the fighters left Tabqa.",
        "",
        "   ",
    ];
    let plain = Attribution::bundled();
    let empty = Attribution::bundled().with_model(Model::default());
    for t in texts {
        assert_eq!(records(&plain, t), records(&empty, t), "{t:?}");
    }
    assert!(!records(&plain, YARALLAH).is_empty());
}

/// Documents where the gold cue keeps the weekday after "said".
fn weekday_docs() -> Vec<(String, GoldSpans)> {
    let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    let who = [
        "A coalition spokesman",
        "The Iraqi defence ministry",
        "Kurdish officials",
        "A Peshmerga commander",
    ];
    let what = [
        "that the bridge over the Tigris had been repaired",
        "that two villages south of Mosul were cleared",
        "that the road to Tal Afar was open again",
    ];
    let mut out = Vec::new();
    for (i, day) in days.iter().enumerate() {
        for (j, w) in who.iter().enumerate() {
            let content = what[(i + j) % what.len()];
            let text = format!("{w} said {day} {content}.");
            let cue = format!("said {day}");
            let g = gold(&text, &cue, content);
            out.push((text, g));
        }
    }
    out
}

fn trained_on(docs: &[(String, GoldSpans)]) -> Model {
    let stage = Attribution::bundled();
    let mut choices = Vec::new();
    for (text, g) in docs {
        stage.boundary_choices(&doc(text), std::slice::from_ref(g), &mut choices);
    }
    assert!(!choices.is_empty());
    Model::train(&choices, 5, 1, 2, "test docs=20")
}

#[test]
fn a_trained_model_moves_the_cue_edge() {
    let model = trained_on(&weekday_docs());
    let text = "The Syrian Democratic Forces said Saturday that Tabqa dam was in their hands.";
    let plain = records(&Attribution::bundled(), text);
    assert_eq!(doc(text).slice(plain[0].cue.unwrap()), "said");
    let with = records(&Attribution::bundled().with_model(model), text);
    let d = doc(text);
    assert_eq!(d.slice(with[0].cue.unwrap()), "said Saturday");
    assert_eq!(
        d.slice(with[0].content.unwrap()),
        "that Tabqa dam was in their hands"
    );
}

#[test]
fn model_files_round_trip() {
    let model = trained_on(&weekday_docs()).with_margins([0.5, 1.0, 2.0, 3.0]);
    let text = model.to_text();
    let back = Model::parse(&text, "m.txt").unwrap();
    assert_eq!(back.margins(), [0.5, 1.0, 2.0, 3.0]);
    assert_eq!(back.provenance, "test docs=20");
    assert_eq!(back.weights(), model.weights());
    assert_eq!(back.to_text(), text);
    assert!(text.starts_with("lede-attribution-boundary 3 template="));
}

#[test]
fn corrupt_stale_and_missing_files_are_errors_naming_the_file() {
    let good = trained_on(&weekday_docs()).to_text();
    let head = good.lines().next().unwrap();
    let e = Model::parse("hello\n", "m.txt").unwrap_err();
    assert!(
        e.contains("m.txt:1") && e.contains("not an attribution boundary model"),
        "{e}"
    );
    let stale = good.replacen(&format!("{:016x}", template_hash()), "0123456789abcdef", 1);
    let e = Model::parse(&stale, "m.txt").unwrap_err();
    assert!(e.contains("m.txt:1") && e.contains("stale model"), "{e}");
    let e = Model::parse(&format!("{head}\nzz 1.0\n"), "m.txt").unwrap_err();
    assert!(e.contains("m.txt:2"), "{e}");
    let mut cut: Vec<&str> = good.lines().collect();
    cut.pop();
    let e = Model::parse(&cut.join("\n"), "m.txt").unwrap_err();
    assert!(e.contains("m.txt") && e.contains("truncated"), "{e}");
    let e = Model::load(Path::new("no/such/model.txt")).unwrap_err();
    assert!(e.contains("no/such/model.txt"), "{e}");
}

#[test]
fn the_model_option_loads_a_file_or_names_the_problem() {
    let dir = std::env::temp_dir().join(format!("lede-attr-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("m.txt"), trained_on(&weekday_docs()).to_text()).unwrap();
    std::fs::write(dir.join("bad.txt"), "lede-attribution-boundary 0\n").unwrap();
    let ctx = StageContext {
        base_dir: dir.clone(),
        ..StageContext::standalone("attribution")
    };
    let mut reg = Registry::new();
    crate::register(&mut reg);
    let build = |toml_text: &str| {
        let t: toml::Table = toml::from_str(toml_text).unwrap();
        reg.build("attribution", &t, &ctx)
    };
    let stage = build("model = 'm.txt'").unwrap();
    let mut d = doc("The Syrian Democratic Forces said Saturday that Tabqa dam was theirs.");
    stage.process(&mut d).unwrap();
    assert_eq!(d.slice(d.attributions[0].cue.unwrap()), "said Saturday");
    for (file, what) in [("missing.txt", "cannot read"), ("bad.txt", "model format")] {
        let e = build(&format!("model = '{file}'"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("stage[1].model") && e.contains(file) && e.contains(what),
            "{e}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_content_never_reaches_another_relations_cue() {
    // "called" is the cue of a second relation of the same source
    let content = "that the coalition had carried out 19 strikes near Raqqa and called the campaign a success";
    let (cov, _) = coverage(DILLON, gold(DILLON, "said", content));
    assert_eq!(cov.seen[2], 1);
    assert_eq!(cov.reachable[2], 0);
}

/// Reported claims closed by "said in a ... interview" (the gold cue keeps
/// the phrase) or by "said in a ... village" (it does not). The two phrases
/// look alike to word shapes: only the words themselves tell them apart.
fn interview_docs() -> Vec<(String, GoldSpans)> {
    let claims = [
        "The road to Tal Afar is open again",
        "Two villages south of Mosul were cleared overnight",
        "The bridge over the Tigris has been repaired",
        "Coalition jets struck a weapons depot near Raqqa",
    ];
    let who = [
        "a Peshmerga commander",
        "a coalition spokesman",
        "an Iraqi army officer",
    ];
    let mut out = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        for (j, w) in who.iter().enumerate() {
            let adj = ["phone", "television", "lengthy"][(i + 2 * j) % 3];
            let place = ["nearby", "small", "ruined"][(2 * i + j) % 3];
            let (tail, cue) = if (i + j) % 2 == 0 {
                let t = format!("said in a {adj} interview");
                (t.clone(), t)
            } else {
                (format!("said in a {place} village"), "said".to_string())
            };
            let text = format!("{claim}, {w} {tail}.");
            let g = gold(&text, &cue, claim);
            out.push((text, g));
        }
    }
    out
}

#[test]
fn a_trained_model_reads_the_words_a_cue_would_add() {
    let docs = interview_docs();
    let stage = Attribution::bundled();
    let mut choices = Vec::new();
    for (text, g) in &docs {
        stage.boundary_choices(&doc(text), std::slice::from_ref(g), &mut choices);
    }
    let model = Model::train(&choices, 12, 1, 4, "test").with_margins([1.0, 0.0, 0.0, 0.0]);
    let stage = Attribution::bundled().with_model(model);
    let interview =
        "Militants shelled the camp at dawn, a Kurdish official said in a phone interview.";
    let village = "Militants shelled the camp at dawn, a Kurdish official said in a small village.";
    for text in [interview, village] {
        let plain = records(&Attribution::bundled(), text);
        assert_eq!(doc(text).slice(plain[0].cue.unwrap()), "said", "{text}");
    }
    let d = doc(interview);
    let r = records(&stage, interview);
    assert_eq!(d.slice(r[0].cue.unwrap()), "said in a phone interview");
    let d = doc(village);
    let r = records(&stage, village);
    assert_eq!(d.slice(r[0].cue.unwrap()), "said");
}

#[test]
fn a_trained_model_moves_a_particle_from_the_content_into_the_cue() {
    let who = [
        "Iraqi officials",
        "The Syrian Democratic Forces",
        "A coalition spokesman",
        "The Kurdish regional government",
    ];
    let what = [
        "questions about the losses near Tal Afar",
        "reports of civilian deaths in west Mosul",
        "requests for comment on the strike",
    ];
    let mut docs = Vec::new();
    for (i, w) in who.iter().enumerate() {
        for (j, q) in what.iter().enumerate() {
            if (i + j) % 4 == 3 {
                continue;
            }
            let text = format!("{w} did not reply to {q}.");
            let g = gold(&text, "did not reply to", q);
            docs.push((text, g));
        }
    }
    let text = "The Iraqi defence ministry did not reply to questions about the convoy.";
    let plain = records(&Attribution::bundled(), text);
    let d = doc(text);
    assert_eq!(d.slice(plain[0].cue.unwrap()), "did not reply");
    assert_eq!(
        d.slice(plain[0].content.unwrap()),
        "to questions about the convoy"
    );
    let with = records(&Attribution::bundled().with_model(trained_on(&docs)), text);
    assert_eq!(d.slice(with[0].cue.unwrap()), "did not reply to");
    assert_eq!(
        d.slice(with[0].content.unwrap()),
        "questions about the convoy"
    );
}
