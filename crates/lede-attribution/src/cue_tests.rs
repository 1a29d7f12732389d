//! The cue detector on short passages written for these tests, in the style
//! of reporting on the 2017 war against ISIS in Iraq and Syria. (A separate
//! file: the detector's template hash covers `cue.rs` only.)

use lede_core::{DocId, Document};

use super::*;
use crate::boundary::{GoldSpans, Model};
use crate::text::{fallback_sentences, fallback_tokens};
use crate::Attribution;

fn doc(text: &str) -> Document {
    let mut d = Document::new(DocId::line(1), text);
    d.tokens = fallback_tokens(text);
    d.sentences = fallback_sentences(text, &d.tokens);
    d
}

fn at(text: &str, needle: &str) -> Span {
    let s = text.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    Span::new(s, s + needle.len())
}

const WHO: [&str; 4] = [
    "A coalition spokesman",
    "The Iraqi defence ministry",
    "Kurdish officials",
    "A Peshmerga commander",
];
const WHAT: [&str; 3] = [
    "that the bridge over the Tigris had been repaired",
    "that two villages south of Mosul were cleared",
    "that the road to Tal Afar was open again",
];
const DONE: [&str; 3] = [
    "crossed the river north of Raqqa",
    "shelled the old city of Mosul",
    "repaired the road to Tal Afar",
];

/// "signalled", which no list knows, reports what follows it; other verbs
/// in the same place do not ("Troops crossed the river").
fn toy_docs() -> Vec<(String, Vec<GoldSpans>)> {
    let mut out = Vec::new();
    for (i, w) in WHO.iter().enumerate() {
        for (j, c) in WHAT.iter().enumerate() {
            let done = DONE[(i + j) % DONE.len()];
            let text = format!("{w} signalled {c}. Iraqi troops {done} on Monday.");
            let g = GoldSpans {
                cue: Some(at(&text, "signalled")),
                content: Some(at(&text, c)),
            };
            out.push((text, vec![g]));
        }
    }
    out
}

fn examples_of(docs: &[(String, Vec<GoldSpans>)]) -> Vec<Example> {
    let stage = Attribution::bundled();
    let mut ex = Vec::new();
    for (text, gold) in docs {
        stage.cue_examples(&doc(text), gold, &mut ex);
    }
    ex
}

fn toy_detector() -> Detector {
    let ex = examples_of(&toy_docs());
    Detector::train(&ex, 1, 5, 1, 2)
        .with_margin(0.0)
        .with_bound(&ex)
}

fn with_detector(d: Detector) -> Attribution {
    Attribution::bundled().with_model(Model::default().with_cue(d))
}

#[test]
fn examples_are_words_the_rules_build_a_relation_on() {
    let ex = examples_of(&toy_docs());
    let heads = ex.iter().filter(|e| e.head).count();
    // one "signalled" per document is a head; "crossed", "shelled" and
    // "repaired" build relations too, and are not
    assert_eq!(heads, 12);
    assert!(ex.len() >= 24, "{}", ex.len());
    // a word heading a cue the rules found is no example: "said" is theirs
    let text = "A coalition spokesman said that the bridge had been repaired.";
    let g = GoldSpans {
        cue: Some(at(text, "said")),
        content: None,
    };
    let mut out = Vec::new();
    Attribution::bundled().cue_examples(&doc(text), &[g], &mut out);
    assert!(out.iter().all(|e| !e.head), "{out:?}");
}

#[test]
fn the_detector_learns_a_toy_cue_and_builds_its_relation() {
    let text =
        "A Syrian Democratic Forces commander signalled that the offensive on Raqqa would resume.";
    // the rules alone do not know the verb
    assert!(Attribution::bundled().extract(&doc(text)).is_empty());
    let stage = with_detector(toy_detector());
    let d = doc(text);
    let found = stage.extract(&d);
    assert_eq!(found.len(), 1, "{found:?}");
    let a = &found[0];
    assert_eq!(d.slice(a.cue.unwrap()), "signalled");
    assert_eq!(
        d.slice(a.source.as_ref().unwrap().span),
        "A Syrian Democratic Forces commander"
    );
    assert_eq!(
        d.slice(a.content.unwrap()),
        "that the offensive on Raqqa would resume"
    );
    // an ordinary verb in the same place is still no cue
    let plain = "Engineers repaired the bridge over the Euphrates on Tuesday.";
    assert!(stage.extract(&doc(plain)).is_empty());
}

#[test]
fn a_detected_cue_never_costs_a_relation_of_the_rules() {
    let text = "A coalition spokesman said that Iraqi troops signalled their advance on Tal Afar.";
    let d = doc(text);
    let rules = Attribution::bundled().extract(&d);
    let with = with_detector(toy_detector()).extract(&d);
    assert_eq!(rules.len(), 1);
    assert_eq!(with.len(), 1);
    assert_eq!(d.slice(with[0].cue.unwrap()), "said");
    assert_eq!(with[0].content, rules[0].content);
}

#[test]
fn an_empty_detector_changes_nothing() {
    let text = "Kurdish officials signalled that the road to Tal Afar was open. \
                “The fighting is over,” a Peshmerga commander said.";
    let d = doc(text);
    assert!(Detector::default().is_empty());
    assert_eq!(
        with_detector(Detector::default()).extract(&d),
        Attribution::bundled().extract(&d)
    );
}

#[test]
fn training_is_deterministic_and_files_round_trip() {
    let a = Model::default().with_cue(toy_detector()).to_text();
    let b = Model::default().with_cue(toy_detector()).to_text();
    assert_eq!(a, b);
    let back = Model::parse(&a, "m.txt").unwrap();
    assert_eq!(back.to_text(), a);
    assert_eq!(back.cue.weights(), toy_detector().weights());
    assert_eq!(back.cue.margin(), 0.0);
    assert!(back.cue.gate_len() >= 1);
    let text = "A Peshmerga commander signalled that two villages were cleared.";
    let d = doc(text);
    assert_eq!(
        Attribution::bundled().with_model(back).extract(&d),
        with_detector(toy_detector()).extract(&d)
    );
}

#[test]
fn stale_old_and_corrupt_detector_files_are_errors_naming_the_file() {
    let good = Model::default().with_cue(toy_detector()).to_text();
    let stale = good.replacen(
        &format!("cue_template={:016x}", template_hash()),
        "cue_template=0123456789abcdef",
        1,
    );
    let e = Model::parse(&stale, "m.txt").unwrap_err();
    assert!(
        e.contains("m.txt:1") && e.contains("stale model") && e.contains("cue"),
        "{e}"
    );
    // an older format (1: a boundary model without a detector)
    let old = good.replacen(
        "lede-attribution-boundary 3 ",
        "lede-attribution-boundary 1 ",
        1,
    );
    let e = Model::parse(&old, "m.txt").unwrap_err();
    assert!(
        e.contains("m.txt:1") && e.contains("model format \"1\"") && e.contains("retrain"),
        "{e}"
    );
    // a gate line lost
    let mut cut: Vec<&str> = good.lines().collect();
    assert!(cut.last().unwrap().starts_with("gate "));
    cut.pop();
    let e = Model::parse(&cut.join("\n"), "m.txt").unwrap_err();
    assert!(e.contains("m.txt") && e.contains("truncated"), "{e}");
    // a broken gate line names its line
    let n = good.lines().count();
    let bad: Vec<String> = good
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == n {
                "gate zz 1".to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    let e = Model::parse(&bad.join("\n"), "m.txt").unwrap_err();
    assert!(
        e.contains(&format!("m.txt:{n}")) && e.contains("gate"),
        "{e}"
    );
    // a line too many
    let e = Model::parse(&format!("{good}00000001 0.5\n"), "m.txt").unwrap_err();
    assert!(e.contains("unexpected line"), "{e}");
}

#[test]
fn lemmas_join_inflections() {
    for group in [
        ["urges", "urged", "urging", "urge"],
        ["denies", "denied", "denying", "deny"],
        ["plans", "planned", "planning", "plan"],
    ] {
        let h = lemma(group[0]);
        for w in &group[1..] {
            assert_eq!(lemma(w), h, "{w} vs {}", group[0]);
        }
    }
    assert_ne!(lemma("urged"), lemma("warned"));
    assert_eq!(lemma("Urged"), lemma("urged"));
}

/// The lemma as first written (a lowercasing buffer and `hash_bytes`): the
/// register fast path must agree with it on every word.
fn lemma_reference(w: &str) -> u64 {
    let mut b = [0u8; 40];
    let Some(l) = lower(w, &mut b) else {
        return 0xBEEF;
    };
    let (m, y) = stem(l);
    let h = hash_bytes(&l[..m]);
    if y {
        mix(h, 0x79)
    } else {
        h
    }
}

#[test]
fn lemma_fast_path_matches_reference() {
    let pieces = [
        "a", "E", "y", "Y", "s", "S", "ed", "ED", "es", "ies", "ied", "ing", "ss", "us", "ses",
        "nn", "pp", "ll", "Z", "@", "[", "`", "{", "'", "’", "é", "-", "0", "urg", "Warn", "deni",
    ];
    let mut x: u64 = 0x2017_0710;
    for _ in 0..200_000 {
        let mut w = String::new();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let parts = 1 + (x % 7) as usize;
        for i in 0..parts {
            w.push_str(pieces[((x >> (8 + 5 * i)) % pieces.len() as u64) as usize]);
        }
        assert_eq!(lemma(&w), lemma_reference(&w), "{w:?}");
    }
    for w in [
        "",
        "a",
        "Reported",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "abcdefghijklmnop",
        "abcdefghijklmnopq",
    ] {
        assert_eq!(lemma(w), lemma_reference(w), "{w:?}");
    }
}

#[test]
fn lemma_read_from_the_text_matches_lemma() {
    let text = "Officials SAID the ASSAULT on Raqqa, which had STALLED, was resuming; \
                the spokesman’s colleagues denied it é urging calm: internationally-recognised.";
    let mut s = 0;
    for w in text.split([' ', ',', ';', ':']) {
        if !w.is_empty() {
            let at = text[s..].find(w).map(|i| i + s).unwrap_or(s);
            assert_eq!(lemma_in(text, at, at + w.len()), lemma(w), "{w:?}");
            s = at + w.len();
        }
    }
    // the last word has fewer than 16 bytes after its start
    let end = text.len() - 1;
    let start = text[..end].rfind(' ').map_or(0, |i| i + 1);
    assert_eq!(lemma_in(text, start, end), lemma(&text[start..end]));
}

#[test]
fn word_hash_read_from_the_text_matches_the_buffered_hash() {
    let text = "The COALITION said Tuesday that ISIS fighters’ positions near al-Qaim \
                had been struck 14 times; an extraordinarily-long-hyphenated-word follows é.";
    for (s, _) in text.char_indices() {
        for e in (s + 1..=text.len().min(s + 45)).filter(|&e| text.is_char_boundary(e)) {
            let mut b = [0u8; 40];
            let want = lower(&text[s..e], &mut b).map_or(0xBEEF, hash_bytes);
            assert_eq!(lower_hash_in(text, s, e), want, "{:?}", &text[s..e]);
        }
    }
}

#[test]
fn a_word_is_dropped_before_its_speaker_is_read_only_when_it_cannot_pass() {
    // every candidate word of the toy documents, against floors around its
    // score: `Unit::score` gives the sum of all its features (less the "no
    // cue" bias) whenever that passes, and drops it only when it does not
    // every feature weighs something (a trained model leaves most at 0)
    let mut w = Weights::default();
    let mut x: u64 = 0x2017_1017;
    for f in 0..1u32 << CUE_BITS {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        w.set(f, (x % 2001) as f32 / 100.0 - 10.0);
    }
    let table = Table::new(&w, CUE_BITS);
    let d = Detector {
        span_max: span_max(&table),
        table,
        ..toy_detector()
    };
    let stage = Attribution::bundled();
    let (mut words, mut dropped) = (0, 0);
    // words with no speaker on their left too
    let bare = [
        "Signalled earlier, the offensive on Raqqa resumed. Then troops crossed the river.",
        "Crossing the Tigris, they repaired the bridge; shelled overnight, the old city burned.",
    ];
    let texts = toy_docs().into_iter().map(|(t, _)| t);
    for text in texts.chain(bare.map(String::from)) {
        let doc = doc(&text);
        let (mut ctx, units) = Ctx::new(&doc, &stage.lexicon, &stage.settings);
        let mut more = |cx: &mut Ctx, a, b, rels: &[Rel], _: &mut Vec<usize>| {
            let u = Unit::new(cx, a, b, rels);
            for k in a..b {
                let Some((_, lem)) = u.candidate(k, None) else {
                    continue;
                };
                words += 1;
                let w = u.around(k);
                let mut fx = Fx::new(None, Some(&d.table), -i32::from(d.table.raw(NO)));
                u.emit::<ALL>(k, lem, &w, u.source(&w), &mut fx);
                let full = fx.sum();
                for floor in [-40_000, -5000, -1, 0, 1, 5000, 40_000].map(|x| full + x) {
                    let got = u.score(k, lem, &d.table, d.span_max, |s| s > floor);
                    if full > floor {
                        assert_eq!(got, Some(full), "{k} in {text:?}");
                    } else {
                        assert!(got.is_none_or(|s| s == full), "{k} in {text:?}");
                        dropped += usize::from(got.is_none());
                    }
                }
            }
        };
        ctx.run_with(&units, &doc, Some(&mut more));
    }
    assert!(words > 50 && dropped > 0, "{words} {dropped}");
}
