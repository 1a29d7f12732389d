use lede_core::{DocId, Entity, Token, TokenKind};

use super::*;

/// A tiny tokenizer for tests: runs of letters (with inner apostrophes and
/// hyphens), runs of digits (with inner commas and points), single others.
struct TestTokens;

impl Stage for TestTokens {
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Tokens]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let t = &doc.text;
        let cs: Vec<(usize, char)> = t.char_indices().collect();
        let mut i = 0;
        while i < cs.len() {
            let (s, c) = cs[i];
            let class = |c: char| {
                if c.is_alphabetic() {
                    1
                } else if c.is_numeric() {
                    2
                } else {
                    0
                }
            };
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            let k = class(c);
            let mut j = i + 1;
            if k != 0 {
                while j < cs.len() {
                    let d = cs[j].1;
                    let inner = matches!(d, '\'' | '-' | ',' | '.')
                        && j + 1 < cs.len()
                        && class(cs[j + 1].1) == k;
                    if class(d) == k || (inner && (k == 1) == matches!(d, '\'' | '-')) {
                        j += 1;
                    } else {
                        break;
                    }
                }
            }
            let e = cs.get(j).map_or(t.len(), |x| x.0);
            let kind = match k {
                1 => TokenKind::Word,
                2 => TokenKind::Number,
                _ if c.is_ascii_punctuation() => TokenKind::Punct,
                _ => TokenKind::Other,
            };
            doc.tokens.push(Token {
                span: Span::new(s, e),
                kind,
            });
            i = j;
        }
        Ok(())
    }
}

fn ctx() -> StageContext {
    let mut c = StageContext::standalone("patterns");
    c.index = 3;
    c
}

fn stage(config: &str) -> Patterns {
    let table: toml::Table = toml::from_str(config).expect("test config is TOML");
    build(&table, &ctx()).unwrap_or_else(|e| panic!("config should build: {e}"))
}

fn error(config: &str) -> String {
    let table: toml::Table = toml::from_str(config).expect("test config is TOML");
    match build(&table, &ctx()) {
        Ok(_) => panic!("config should fail: {config}"),
        Err(e) => e.to_string(),
    }
}

fn run(s: &Patterns, text: &str) -> Document {
    let mut doc = Document::new(DocId::line(1), text);
    if s.requires().contains(&Layer::Tokens) {
        TestTokens.process(&mut doc).unwrap();
    }
    s.process(&mut doc).unwrap();
    doc
}

fn entity_texts(doc: &Document) -> Vec<(&str, &str)> {
    doc.entities
        .iter()
        .map(|e| (doc.slice(e.span), e.entity_type.as_str()))
        .collect()
}

#[test]
fn phrases_respect_case_and_whole_words() {
    let s = stage(
        r#"
        [[patterns]]
        label = "ORG"
        phrases = ["ISIS", "Daesh"]
        "#,
    );
    let doc = run(
        &s,
        "ISIS and isis; the crisis deepened as Daesh retreated; Daeshi no.",
    );
    assert_eq!(entity_texts(&doc), vec![("ISIS", "ORG"), ("Daesh", "ORG")]);
    assert!(s.requires().is_empty(), "phrases need no tokens");
}

#[test]
fn insensitive_phrases_fold_beyond_ascii() {
    let s = stage(
        r#"
        case = "insensitive"
        [[patterns]]
        label = "GPE"
        id = "qamishli"
        canonical = "Qāmishlī"
        phrase = "Qāmishlī"
        "#,
    );
    let doc = run(&s, "Shelling hit QĀMISHLĪ and qāmishlī overnight.");
    assert_eq!(doc.entities.len(), 2);
    assert_eq!(doc.slice(doc.entities[0].span), "QĀMISHLĪ");
    assert!(doc
        .entities
        .iter()
        .all(|e| e.id == "qamishli" && e.canonical == "Qāmishlī"));
}

#[test]
fn ascii_insensitive_phrases_skip_non_ascii_lookalikes() {
    // The Kelvin sign lowercases to "k" but is three bytes: no match for "kurds".
    let s = stage("case = \"insensitive\"\n[[patterns]]\nlabel = \"NORP\"\nphrase = \"kurds\"");
    let doc = run(&s, "KURDS, Kurds and \u{212a}urds.");
    assert_eq!(
        entity_texts(&doc),
        vec![("KURDS", "NORP"), ("Kurds", "NORP")]
    );
}

#[test]
fn pattern_case_overrides_the_stage_default() {
    let s = stage(
        r#"
        case = "insensitive"
        [[patterns]]
        label = "ORG"
        phrase = "SDF"
        case = "sensitive"
        "#,
    );
    let doc = run(&s, "The SDF said the sdf file was corrupt.");
    assert_eq!(entity_texts(&doc), vec![("SDF", "ORG")]);
    assert_eq!(
        doc.entities[0].id, "sdf",
        "id defaults to a slug of the match"
    );
}

#[test]
fn token_patterns_find_casualty_counts() {
    let s = stage(
        r#"
        output = "casualties"
        [[patterns]]
        label = "killed"
        tokens = [
          {kind = "number"},
          {lower = "isis", op = "?"},
          {in = ["fighters", "militants", "civilians"]},
          {in = ["were", "was"]},
          {in = ["killed", "wounded"]},
        ]
        "#,
    );
    assert_eq!(s.requires(), vec![Layer::Tokens]);
    let doc = run(
        &s,
        "Officials said 21 ISIS fighters were killed and 30 civilians were wounded; 4 fighters fled.",
    );
    let found: Vec<&str> = doc.extra["casualties"]
        .iter()
        .map(|a| doc.slice(a.span))
        .collect();
    assert_eq!(
        found,
        vec!["21 ISIS fighters were killed", "30 civilians were wounded"]
    );
    assert_eq!(doc.extra["casualties"][0].label, "killed");
}

#[test]
fn plus_and_star_repeat_tokens() {
    let s = stage(
        r#"
        [[patterns]]
        label = "UNIT"
        tokens = [{shape = "Xxxxx", op = "+"}, {lower = "brigade"}]
        [[patterns]]
        label = "TITLE"
        tokens = [{text = "Gen"}, {text = ".", op = "*"}, {shape = "Xxxxx"}]
        "#,
    );
    let doc = run(
        &s,
        "The Golden Division Brigade and the brigade of Mosul met Gen. Rasool and Gen Yahya.",
    );
    assert_eq!(
        entity_texts(&doc),
        vec![
            ("Golden Division Brigade", "UNIT"),
            ("Gen. Rasool", "TITLE"),
            ("Gen Yahya", "TITLE")
        ]
    );
}

#[test]
fn token_regex_and_kind_tests() {
    let s = stage(
        r#"
        output = "figures"
        [[patterns]]
        label = "km"
        tokens = [{kind = "number", regex = "^[0-9]+$"}, {regex = "^(km|kilomet(er|re)s?)$"}]
        "#,
    );
    let doc = run(
        &s,
        "Troops advanced 30 kilometers, then 12 km, then 3.5 km, then 7 miles.",
    );
    let found: Vec<&str> = doc.extra["figures"]
        .iter()
        .map(|a| doc.slice(a.span))
        .collect();
    assert_eq!(found, vec!["30 kilometers", "12 km"]);
}

#[test]
fn regex_named_groups_become_roles() {
    let s = stage(
        r#"
        output = "claims"
        [[patterns]]
        label = "casualty_claim"
        regex = '(?P<count>\d+) (?P<group>ISIS|Daesh) (?:fighters|militants) were (?P<verb>killed|captured)'
        data = {source = "regex"}
        "#,
    );
    let doc = run(&s, "On Sunday 21 ISIS fighters were killed near Hawija.");
    let a = &doc.extra["claims"][0];
    assert_eq!(doc.slice(a.span), "21 ISIS fighters were killed");
    assert_eq!(doc.slice(a.roles["count"]), "21");
    assert_eq!(doc.slice(a.roles["group"]), "ISIS");
    assert_eq!(doc.slice(a.roles["verb"]), "killed");
    assert_eq!(a.data["source"], "regex");
}

#[test]
fn longest_overlap_wins_unless_all_are_kept() {
    let cfg = |overlaps: &str| {
        format!(
            r#"
            overlaps = "{overlaps}"
            [[patterns]]
            label = "ORG"
            phrase = "Islamic State"
            [[patterns]]
            label = "GPE"
            phrase = "State"
            "#
        )
    };
    let text = "The Islamic State lost ground; the State Department said so.";
    let doc = run(&stage(&cfg("longest")), text);
    assert_eq!(
        entity_texts(&doc),
        vec![("Islamic State", "ORG"), ("State", "GPE")]
    );
    let doc = run(&stage(&cfg("all")), text);
    assert_eq!(doc.entities.len(), 3);
}

#[test]
fn earlier_entities_win_unless_overwrite() {
    let cfg = |overwrite: bool| {
        format!(
            "overwrite = {overwrite}\n[[patterns]]\nlabel = \"ORG\"\nid = \"pmf\"\nphrase = \"Popular Mobilization Forces\""
        )
    };
    let text = "The Popular Mobilization Forces advanced.";
    let with_gazetteer = |s: &Patterns| {
        let mut doc = Document::new(DocId::line(1), text);
        doc.entities.push(Entity {
            span: Span::new(4, 22),
            id: "popular-mobilization".into(),
            entity_type: "ORG".into(),
            canonical: "Popular Mobilization".into(),
            candidates: vec![],
        });
        s.process(&mut doc).unwrap();
        doc
    };
    let kept = with_gazetteer(&stage(&cfg(false)));
    assert_eq!(kept.entities.len(), 1);
    assert_eq!(kept.entities[0].id, "popular-mobilization");
    let replaced = with_gazetteer(&stage(&cfg(true)));
    assert_eq!(replaced.entities.len(), 1);
    assert_eq!(replaced.entities[0].id, "pmf");
}

#[test]
fn bad_patterns_are_config_errors_naming_label_and_index() {
    let e = error("[[patterns]]\nlabel = \"A\"\nphrase = \"x\"\n[[patterns]]\nlabel = \"GROUP\"\nregex = \"(unclosed\"");
    assert!(
        e.starts_with("stage[3].patterns[2]: pattern 2 (label `GROUP`): bad `regex`"),
        "{e}"
    );

    let e = error("[[patterns]]\nlabel = \"GROUP\"\ntokens = [{lower = \"isis\", op = \"++\"}]");
    assert!(
        e.contains("pattern 1 (label `GROUP`): token 1: unknown `op` \"++\""),
        "{e}"
    );

    let e = error("[[patterns]]\nlabel = \"GROUP\"\ntokens = [{lowr = \"isis\"}]");
    assert!(
        e.contains("unknown key `lowr` in token 1 (did you mean `lower`?)"),
        "{e}"
    );

    let e = error("[[patterns]]\nlabel = \"GROUP\"\nphrase = \"ISIS\"\nregex = \"ISIS\"");
    assert!(
        e.contains("exactly one of") && e.contains("`phrase`, `regex`"),
        "{e}"
    );

    let e = error("[[patterns]]\nphrase = \"ISIS\"");
    assert!(
        e.contains("pattern 1: every pattern needs a `label`"),
        "{e}"
    );

    let e = error("[[patterns]]\nlabel = \"X\"\nregex = \"a*\"");
    assert!(e.contains("matches the empty string"), "{e}");

    let e = error("[[patterns]]\nlabel = \"X\"\ntokens = [{kind = \"number\", op = \"?\"}]");
    assert!(e.contains("could match no tokens"), "{e}");

    let e = error("[[patterns]]\nlabel = \"X\"\ntokens = [{kind = \"nubmer\"}]");
    assert!(e.contains("(label `X`)") && e.contains("nubmer"), "{e}");

    let e = error("[[patterns]]\nlabel = \"X\"\nphrases = [\"ok\", \"  \"]");
    assert!(e.contains("phrase 2 is empty"), "{e}");

    let e = error("[[patterns]]\nlabel = \"X\"\nphrse = \"a\"");
    assert!(
        e.contains("unknown key `phrse` in the pattern (did you mean `phrase`?)"),
        "{e}"
    );

    let e = error("output = \"tokens\"\n[[patterns]]\nlabel = \"X\"\nphrase = \"a\"");
    assert!(e.starts_with("stage[3].output:"), "{e}");

    let e = error("outptu = \"x\"");
    assert!(e.contains("did you mean `output`"), "{e}");

    let many = vec!["{kind = \"word\"}"; 64].join(", ");
    let e = error(&format!("[[patterns]]\nlabel = \"X\"\ntokens = [{many}]"));
    assert!(
        e.contains("64 token tests") && e.contains("at most 63"),
        "{e}"
    );

    assert!(error("").contains("no patterns"));
}

#[test]
fn patterns_load_from_jsonl_and_toml_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("groups.jsonl"),
        "# armed groups\n{\"label\": \"ORG\", \"id\": \"sdf\", \"phrase\": \"Syrian Democratic Forces\"}\n\n{\"label\": \"ORG\", \"tokens\": [{\"lower\": \"peshmerga\"}]}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("places.toml"),
        "[[patterns]]\nlabel = \"GPE\"\nphrases = [\"Raqqa\", \"Sinjar\"]\n",
    )
    .unwrap();
    let mut c = ctx();
    c.base_dir = dir.path().to_path_buf();
    let build_with = |file: &str| {
        let t: toml::Table = toml::from_str(&format!("file = \"{file}\"")).unwrap();
        build(&t, &c)
    };
    let s = build_with("groups.jsonl").unwrap();
    let doc = run(&s, "The Syrian Democratic Forces and Peshmerga units met.");
    assert_eq!(
        entity_texts(&doc),
        vec![("Syrian Democratic Forces", "ORG"), ("Peshmerga", "ORG")]
    );
    let s = build_with("places.toml").unwrap();
    assert_eq!(run(&s, "From Raqqa to Sinjar.").entities.len(), 2);

    std::fs::write(
        dir.path().join("bad.jsonl"),
        "{\"label\": \"A\", \"phrase\": \"a\"}\n{\"label\": \"B\", \"regex\": \"[\"}\n",
    )
    .unwrap();
    let e = build_with("bad.jsonl").unwrap_err().to_string();
    assert!(
        e.starts_with("stage[3].file:") && e.contains("bad.jsonl:2 (label `B`): bad `regex`"),
        "{e}"
    );
    std::fs::write(
        dir.path().join("bad2.jsonl"),
        "{\"label\": \"A\", \"phrase\": \"a\"}\nnot json\n",
    )
    .unwrap();
    let e = build_with("bad2.jsonl").unwrap_err().to_string();
    assert!(e.contains("bad2.jsonl:2: not a JSON object"), "{e}");
    let e = build_with("missing.jsonl").unwrap_err().to_string();
    assert!(
        e.contains("cannot read") && e.contains("missing.jsonl"),
        "{e}"
    );
    let e = build_with("groups.csv").unwrap_err().to_string();
    assert!(e.contains("use a .toml file"), "{e}");
}

#[test]
fn shapes_follow_spacy() {
    assert_eq!(shape("Mosul"), "Xxxxx");
    assert_eq!(shape("Qayyarah"), "Xxxxx");
    assert_eq!(shape("27,000"), "dd,ddd");
    assert_eq!(shape("F-16"), "X-dd");
    assert_eq!(shape("ISIS"), "XXXX");
    assert_eq!(shape("al-Ba'aj"), "xx-Xx'xx");
}

#[test]
fn passes_the_conformance_suite() {
    let table: toml::Table = toml::from_str(
        r#"
        output = "hits"
        case = "insensitive"
        [[patterns]]
        label = "ORG"
        phrases = ["ISIS", "Islamic State", "Mosul", "é"]
        [[patterns]]
        label = "CLAIM"
        tokens = [{kind = "number"}, {op = "*"}, {in = ["killed", "fled"]}]
        [[patterns]]
        label = "KM"
        regex = '(?P<n>\d+) ?(?P<unit>km|kilometers)'
        "#,
    )
    .unwrap();
    let s = build(&table, &ctx()).unwrap();
    let report = lede_testkit::Conformance::new(vec![Box::new(TestTokens), Box::new(s)])
        .big_text_bytes(1 << 20)
        .run();
    report.assert_ok();
}

#[test]
fn token_matches_stay_in_their_sentence_and_under_max_tokens() {
    let cfg = |max: usize| {
        format!(
            "max_tokens = {max}\noutput = \"x\"\n[[patterns]]\nlabel = \"claim\"\ntokens = [{{kind = \"number\"}}, {{op = \"*\"}}, {{lower = \"killed\"}}]"
        )
    };
    let text = "Troops counted 21 bodies. Later, fighters were killed.";
    let run_with_sentences = |s: &Patterns| {
        let mut doc = Document::new(DocId::line(1), text);
        TestTokens.process(&mut doc).unwrap();
        let split = text.find("Later").unwrap();
        doc.sentences = vec![Span::new(0, split - 1), Span::new(split, text.len())];
        s.process(&mut doc).unwrap();
        doc.extra["x"].len()
    };
    // Without sentences the wildcard reaches "killed" in the next sentence.
    assert_eq!(run(&stage(&cfg(32)), text).extra["x"].len(), 1);
    assert_eq!(run_with_sentences(&stage(&cfg(32))), 0);
    // "21 bodies . Later , fighters were killed" is 8 tokens.
    assert_eq!(run(&stage(&cfg(7)), text).extra["x"].len(), 0);
    assert_eq!(run(&stage(&cfg(8)), text).extra["x"].len(), 1);
    assert!(error(&cfg(0)).contains("max_tokens: must be at least 1"));
}
