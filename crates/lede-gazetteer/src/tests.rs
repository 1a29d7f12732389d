//! The matching semantics of the issue, one test each, on texts written for
//! these tests in the style of 2017 war reporting.

use std::path::PathBuf;

use lede_core::{DocId, Document, Registry, Span, StageContext, Token, TokenKind};

use crate::{Dictionary, Gazetteer, MatchOptions};

/// A test-only tokenizer: words (with inner apostrophes and hyphens), numbers,
/// single punctuation marks, and "http"/"www" addresses as URL tokens.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if text[i..].starts_with("http") || text[i..].starts_with("www.") {
            let end = text[i..]
                .find(char::is_whitespace)
                .map_or(text.len(), |n| i + n);
            while it.peek().is_some_and(|&(j, _)| j < end) {
                it.next();
            }
            out.push(Token {
                span: Span::new(i, end),
                kind: TokenKind::Url,
            });
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                let inner = matches!(d, '\'' | '’' | '-' | '.' | '/' | ':');
                if d.is_alphanumeric()
                    || (inner
                        && text[j + d.len_utf8()..].starts_with(|x: char| x.is_alphanumeric()))
                {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            out.push(Token {
                span: Span::new(i, end),
                kind: TokenKind::Word,
            });
        } else {
            out.push(Token {
                span: Span::new(i, i + c.len_utf8()),
                kind: TokenKind::Punct,
            });
        }
    }
    out
}

const ACTORS: &str = "\
# test actors
id\ttype\tcanonical\taliases
pmu\tORG\tPopular Mobilization Units\tPMU|PMF|Hashd al-Shaabi|Hashd Sha'abi|Popular Mobilisation Forces
muhandis\tPERSON\tAbu Mahdi al-Muhandis\tal-Muhandis
abu-mahdi\tPERSON\tAbu Mahdi\t
assadi\tPERSON\tAhmed al-Assadi\tAhmad al-Assadi|al-Assadi
afp\tOUTLET\tAgence France-Presse\tAFP
is\tORG\tIslamic State\tDaesh|ISIS|IS
";

const PLACES: &str = "\
id\ttype\tcanonical\taliases\tpopulation
iran\tGPE\tIran\t\t80000000
us\tGPE\tUnited States\tUS|U.S.\t320000000
oman\tGPE\tOman\t\t4000000
iraq\tGPE\tIraq\t\t38000000
rawa\tGPE\tRawa\t\t
mosul\tGPE\tMosul\tAl Mawsil\t1700000
qamishli\tGPE\tQāmishlī\t\t180000
georgia-us\tGPE\tGeorgia (US state)\tGeorgia\t
georgia\tGPE\tGeorgia\t\t3700000
to\tGPE\tTo\t\t900
of\tGPE\tOf\t\t20000
market\tGPE\tMarket\t\t5000
mobile\tGPE\tMobile\t\t190000
";

const COMMON: &[&str] = &["to", "of", "market", "mobile"];

fn gaz_with(options: MatchOptions) -> Gazetteer {
    let a = Dictionary::parse("actors.tsv", ACTORS).unwrap();
    let p = Dictionary::parse("places.tsv", PLACES).unwrap();
    Gazetteer::build(&[a, p], COMMON, options)
}

fn gaz() -> Gazetteer {
    gaz_with(MatchOptions::default())
}

/// (surface, id) of every mention.
fn found(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
    let toks = tokens(text);
    g.find(text, &toks)
        .into_iter()
        .map(|e| {
            assert!(
                e.span.is_valid_in(text),
                "bad span {:?} in {text:?}",
                e.span
            );
            (text[e.span.start..e.span.end].to_string(), e.id)
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn leftmost_longest_prefers_the_whole_name() {
    let g = gaz();
    assert_eq!(
        found(&g, "Popular Mobilization Units fighters were led by Abu Mahdi al-Muhandis, not Abu Mahdi alone."),
        pairs(&[
            ("Popular Mobilization Units", "pmu"),
            ("Abu Mahdi al-Muhandis", "muhandis"),
            ("Abu Mahdi", "abu-mahdi"),
        ])
    );
}

#[test]
fn matches_sit_on_token_boundaries() {
    let g = gaz();
    assert_eq!(
        found(&g, "The Iran-backed units joined the US-led push."),
        pairs(&[("Iran", "iran"), ("US", "us")])
    );
    assert!(found(&g, "A Romanian envoy visited Rawanduz on Monday.").is_empty());
    // Addresses are not mentions.
    assert!(found(&g, "Full text at http://example.org/Mosul/report").is_empty());
}

#[test]
fn possessives_and_plurals_tag_the_entity() {
    let g = gaz();
    assert_eq!(
        found(
            &g,
            "The PMU's spokesman said the PMUs and Iraq's army held Rawa."
        ),
        pairs(&[
            ("PMU", "pmu"),
            ("PMUs", "pmu"),
            ("Iraq", "iraq"),
            ("Rawa", "rawa")
        ])
    );
    // Place names take no plural: "Omans" is not Oman.
    assert!(found(&g, "Two Omans?").is_empty());
}

#[test]
fn smart_case_acronyms_need_capitals() {
    let g = gaz();
    assert!(found(&g, "Commanders asked reporters to join us at the front.").is_empty());
    assert_eq!(found(&g, "US advisers arrived."), pairs(&[("US", "us")]));
    assert!(found(&g, "Pmu and pmf are not how anyone writes it.").is_empty());
}

#[test]
fn smart_case_names_need_name_capitals() {
    let g = gaz();
    assert_eq!(
        found(&g, "FIGHTING RAGES IN MOSUL"),
        pairs(&[("MOSUL", "mosul")])
    );
    assert_eq!(
        found(&g, "Fighting rages in Mosul."),
        pairs(&[("Mosul", "mosul")])
    );
    assert!(found(&g, "fighting rages in mosul").is_empty());
    // Arabic particles are written either way.
    assert_eq!(
        found(&g, "al-Muhandis and Al-Muhandis"),
        pairs(&[("al-Muhandis", "muhandis"), ("Al-Muhandis", "muhandis")])
    );
}

#[test]
fn common_words_do_not_match_as_places() {
    let g = gaz();
    let text = "Fighters went to the market in the east of the city with a mobile phone.";
    assert!(found(&g, text).is_empty());
    assert!(
        found(&g, "Market prices rose in Mosul after the battle.") == pairs(&[("Mosul", "mosul")])
    );
    assert!(found(&g, "Of the 300 families, most fled.").is_empty());
    // Shouted, a common word is still a word.
    assert!(found(&g, "MARKET PRICES RISE").is_empty());
    // Mid-sentence after a locative word, written like a name, it is a place.
    assert_eq!(
        found(&g, "The convoy stopped in Mobile, officials said."),
        pairs(&[("Mobile", "mobile")])
    );
    // Inside a longer capitalised name it is not, nor at the head of an
    // "X of Y" name.
    assert!(found(&g, "He spoke in Market Square.").is_empty());
    assert!(found(
        &g,
        "The guards who worked in Mobile of Basra Company were paid late."
    )
    .is_empty());
}

#[test]
fn variants_are_the_same_surface() {
    let g = gaz();
    for text in [
        "Hashd Sha'abi",
        "Hashd Sha’abi",
        "Hashd Sha‘abi",
        "Hashd Shaʼabi",
        "Hashd Sha`abi",
    ] {
        assert_eq!(found(&g, text), pairs(&[(text, "pmu")]), "{text}");
    }
    for text in [
        "Hashd al‐Shaabi",
        "Hashd al‑Shaabi",
        "Hashd al–Shaabi",
        "Hashd al—Shaabi",
        "Hashd al-Shaabi",
    ] {
        assert_eq!(found(&g, text), pairs(&[(text, "pmu")]), "{text}");
    }
    let text = "Popular\n  Mobilisation\tForces";
    assert_eq!(found(&g, text), pairs(&[(text, "pmu")]));
    assert_eq!(
        found(&g, "Qamishli and Qāmishlī"),
        pairs(&[("Qamishli", "qamishli"), ("Qāmishlī", "qamishli")])
    );
    let strict = gaz_with(MatchOptions {
        fold_diacritics: false,
        ..MatchOptions::default()
    });
    assert_eq!(
        found(&strict, "Qamishli and Qāmishlī"),
        pairs(&[("Qāmishlī", "qamishli")])
    );
}

#[test]
fn ambiguity_picks_one_and_lists_candidates() {
    let g = gaz();
    let text = "Georgia sent observers.";
    let e = &g.find(text, &tokens(text))[0];
    // Same dictionary: the one with a population wins over the one without.
    assert_eq!(e.id, "georgia");
    assert_eq!(e.candidates, vec!["georgia-us"]);

    // An earlier dictionary wins whatever the population.
    let first = Dictionary::parse("a.tsv", "ga-film\tWORK\tGeorgia\t\n").unwrap();
    let places = Dictionary::parse("p.tsv", PLACES).unwrap();
    let g2 = Gazetteer::build(&[first, places], COMMON, MatchOptions::default());
    let e = &g2.find(text, &[])[0];
    assert_eq!(e.id, "ga-film");
    assert_eq!(e.candidates, vec!["georgia", "georgia-us"]);

    // Without populations, file order decides.
    let d = Dictionary::parse("d.tsv", "b\tGPE\tTripoli\t\na\tGPE\tTripoli\t\n").unwrap();
    let g3 = Gazetteer::build(&[d], COMMON, MatchOptions::default());
    let e = &g3.find("Tripoli", &[])[0];
    assert_eq!(
        (e.id.as_str(), e.candidates.clone()),
        ("b", vec!["a".to_string()])
    );
}

#[test]
fn output_carries_id_type_canonical() {
    let g = gaz();
    let text = "Daesh lost ground, Ahmad al-Assadi told AFP.";
    let ents = g.find(text, &tokens(text));
    let got: Vec<(&str, &str, &str, &str)> = ents
        .iter()
        .map(|e| {
            (
                &text[e.span.start..e.span.end],
                e.id.as_str(),
                e.entity_type.as_str(),
                e.canonical.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Daesh", "is", "ORG", "Islamic State"),
            ("Ahmad al-Assadi", "assadi", "PERSON", "Ahmed al-Assadi"),
            ("AFP", "afp", "OUTLET", "Agence France-Presse"),
        ]
    );
}

#[test]
fn case_policies_sensitive_and_insensitive() {
    let s = gaz_with(MatchOptions {
        case: crate::CasePolicy::Sensitive,
        ..MatchOptions::default()
    });
    assert!(found(&s, "MOSUL").is_empty());
    assert_eq!(found(&s, "Mosul"), pairs(&[("Mosul", "mosul")]));
    let i = gaz_with(MatchOptions {
        case: crate::CasePolicy::Insensitive,
        ..MatchOptions::default()
    });
    assert_eq!(found(&i, "mosul"), pairs(&[("mosul", "mosul")]));
}

#[test]
fn hostile_inputs_give_valid_spans() {
    let g = gaz();
    let long = "Troops entered Mosul. ".repeat(250_000);
    for text in [
        "",
        "   \n\t ",
        "\0Mosul\0",
        "🔥Mosul🔥 and Iraq",
        "الموصل Mosul العراق",
        "Mosul\u{0301} Iraq\u{200D}",
        "İIraq ǅMosul",
        long.as_str(),
    ] {
        let ents = g.find(text, &tokens(text));
        for e in &ents {
            assert!(e.span.is_valid_in(text), "{:?}", e.span);
        }
        if text.contains("Mosul") && !text.contains('\u{0301}') && !text.contains('ǅ') {
            assert!(
                ents.iter().any(|e| e.id == "mosul"),
                "{:?}",
                &text[..text.len().min(40)]
            );
        }
    }
    assert_eq!(g.find(&long, &[]).len(), 250_000);
}

fn temp_file(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lede-gaz-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

fn registry() -> Registry {
    let mut r = Registry::new();
    crate::register(&mut r);
    r
}

#[test]
fn malformed_dictionary_is_a_config_error_naming_file_and_line() {
    let p = temp_file("bad.tsv", "ok\tORG\tFine\t\n# comment\nnot a valid line\n");
    let table: toml::Table =
        toml::from_str(&format!("dictionaries = [{:?}]", p.display().to_string())).unwrap();
    let err = registry()
        .build("gazetteer", &table, &StageContext::standalone("gazetteer"))
        .err()
        .expect("malformed file must fail");
    assert_eq!(err.location, "stage[1].dictionaries");
    assert!(
        err.message.contains(&format!("{}:3:", p.display())),
        "{}",
        err.message
    );
    let missing: toml::Table = toml::from_str("dictionaries = ['no/such/file.tsv']").unwrap();
    let err = registry()
        .build(
            "gazetteer",
            &missing,
            &StageContext::standalone("gazetteer"),
        )
        .err()
        .expect("missing file must fail");
    assert!(err.message.contains("no/such/file.tsv"), "{}", err.message);
}

#[test]
fn unknown_option_is_named_with_suggestion() {
    let t: toml::Table = toml::from_str("dictionnaries = []").unwrap();
    let err = registry()
        .build("gazetteer", &t, &StageContext::standalone("gazetteer"))
        .err()
        .unwrap();
    assert!(
        err.message.contains("did you mean `dictionaries`"),
        "{}",
        err.message
    );
    let t: toml::Table = toml::from_str("case = 'loud'").unwrap();
    assert!(registry()
        .build("gazetteer", &t, &StageContext::standalone("gazetteer"))
        .is_err());
}

#[test]
fn stage_from_config_tags_document() {
    let p = temp_file("actors.tsv", ACTORS);
    let table: toml::Table = toml::from_str(&format!(
        "dictionaries = [{:?}]\ncase = 'smart'",
        p.display().to_string()
    ))
    .unwrap();
    let stage = registry()
        .build("gazetteer", &table, &StageContext::standalone("gazetteer"))
        .unwrap();
    assert_eq!(stage.requires(), vec![lede_core::Layer::Tokens]);
    let mut doc = Document::new(DocId::line(1), "ISIS and the PMF clashed, AFP reported.");
    doc.tokens = tokens(&doc.text);
    stage.process(&mut doc).unwrap();
    let ids: Vec<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["is", "pmu", "afp"]);
}

/// The default `gazetteer` stage (bundled dictionaries) run on `text`.
fn bundled_run(text: &str) -> Document {
    let stage = registry()
        .build(
            "gazetteer",
            &toml::Table::new(),
            &StageContext::standalone("gazetteer"),
        )
        .unwrap();
    let mut doc = Document::new(DocId::line(1), text);
    doc.tokens = tokens(text);
    stage.process(&mut doc).unwrap();
    doc
}

#[test]
fn bundled_places_give_a_surface_to_the_place_it_names() {
    // GeoNames lists "Missouri" among Bozeman's names and "Venice" among
    // Dayton's; the state and the Italian city must win, while exonyms of big
    // cities ("New York" for the city) and companies ("Google") are settled
    // by curation.
    let doc = bundled_run(
        "Troops from Missouri and Maine trained in Indiana before flying out of New York; \
         a Google map of Venice was found on one of the phones, made in West Germany.",
    );
    let got: Vec<(&str, &str)> = doc
        .entities
        .iter()
        .map(|e| (doc.slice(e.span), e.canonical.as_str()))
        .collect();
    for want in [
        ("Missouri", "Missouri"),
        ("Maine", "Maine"),
        ("Indiana", "Indiana"),
        ("New York", "New York City"),
        ("Venice", "Venice"),
        ("West Germany", "West Germany"),
    ] {
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
    let venice = doc
        .entities
        .iter()
        .find(|e| e.canonical == "Venice")
        .unwrap();
    assert_eq!(
        venice.id, "geonames:3164603",
        "the Italian city: {venice:?}"
    );
    assert!(!got.iter().any(|(s, _)| *s == "Google"), "{got:?}");
}

#[test]
fn bundled_dictionaries_parse_and_know_the_war() {
    for (name, text) in [("actors", crate::ACTORS_TSV), ("places", crate::PLACES_TSV)] {
        let d = Dictionary::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
        assert!(!d.entries.is_empty());
    }
    let doc = bundled_run(
        "Daesh fighters fled Tal Afar as the Hashed al-Sha’abi and the Iraqi Army advanced \
         from Mosul toward the Euphrates, Brig. Gen. Yahya Rasool told Rudaw. Haider al-Abadi \
         and Ahmed al-Asadi spoke to Syrian state TV; Col. Ryan Dillon said Raqqa would fall.",
    );
    let got: Vec<(&str, &str)> = doc
        .entities
        .iter()
        .map(|e| (doc.slice(e.span), e.entity_type.as_str()))
        .collect();
    for want in [
        ("Daesh", "ORG"),
        ("Tal Afar", "GPE"),
        ("Hashed al-Sha’abi", "ORG"),
        ("Iraqi Army", "ORG"),
        ("Mosul", "GPE"),
        ("Euphrates", "LOC"),
        ("Rudaw", "OUTLET"),
        ("Haider al-Abadi", "PERSON"),
        ("Ahmed al-Asadi", "PERSON"),
        ("Syrian state TV", "OUTLET"),
        ("Col. Ryan Dillon", "PERSON"),
        ("Raqqa", "GPE"),
    ] {
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
    assert!(
        !got.iter()
            .any(|(s, _)| *s == "from" || *s == "to" || *s == "as"),
        "{got:?}"
    );
}

#[test]
fn people_companies_and_clubs_are_not_places() {
    let places = Dictionary::parse(
        "p.tsv",
        "id\ttype\tcanonical\taliases\tpopulation\n\
         wilson\tGPE\tWilson\t\t49000\n\
         manchester\tGPE\tManchester\t\t395000\n\
         china\tGPE\tChina\t\t1400000000\n\
         baghdad\tGPE\tBaghdad\t\t7200000\n\
         british\tNORP\tBritish\t\t\n",
    )
    .unwrap();
    let g = Gazetteer::build(&[places], COMMON, MatchOptions::default());
    // A capitalised name glued to a small place's name makes it a person,
    // here and everywhere else in the document.
    assert!(found(
        &g,
        "Envoy Ryan Wilson flew to the front. Later Wilson's team left."
    )
    .is_empty());
    assert!(found(&g, "Wilson said the convoy was safe.").is_empty());
    assert_eq!(
        found(&g, "The convoy left Wilson at dawn."),
        pairs(&[("Wilson", "wilson")])
    );
    // Company and club names.
    assert!(found(&g, "Shares of China Steel Corp and British Airways fell.").is_empty());
    assert!(found(&g, "Manchester United won again.").is_empty());
    // A given name before even a big city makes a person.
    assert!(found(&g, "Analyst Sarah Baghdad said prices fell.").is_empty());
    // Title-case headlines keep their places.
    assert_eq!(
        found(&g, "Iraqi Forces Retake Wilson After Long Siege"),
        pairs(&[("Wilson", "wilson")])
    );
    // A Reuters headline names the company before its ticker.
    assert!(found(&g, "WILSON ENERGY <WLS> SETS DIVIDEND").is_empty());
    assert_eq!(
        found(
            &g,
            "British and Chinese officials met in Baghdad, China said."
        ),
        pairs(&[
            ("British", "british"),
            ("Baghdad", "baghdad"),
            ("China", "china")
        ])
    );
}

#[test]
fn common_words_stay_words_in_title_case_headlines() {
    let g = gaz();
    assert!(found(&g, "Victory Now A Matter Of Time For Mobile Units\n\nText.").is_empty());
    // "In Mobile," would pass mid-sentence; in a title-case line it does not.
    assert!(found(&g, "Troops Rest In Mobile, Then Move On\n").is_empty());
    assert_eq!(
        found(&g, "Troops rest in Mobile, then move on."),
        pairs(&[("Mobile", "mobile")])
    );
}

#[test]
fn particle_names_match_lower_case_but_not_common_words() {
    let d = Dictionary::parse(
        "p.tsv",
        "sul\tGPE\tAs-Sulaymaniyah\tas-Sulaymaniyah\t700000\n\
         tabqa\tGPE\tAt-Tabqa\t\t70000\n\
         baghdadi\tPERSON\tAbu Bakr al-Baghdadi\t\n",
    )
    .unwrap();
    let g = Gazetteer::build(&[d], COMMON, MatchOptions::default());
    let text = "Fighters left as-Sulaymaniyah and at-Tabqa, as the abu Bakr al-Baghdadi \
                tapes aired; at least ten as sulaymaniyah residents said so.";
    assert_eq!(
        found(&g, text),
        pairs(&[
            ("as-Sulaymaniyah", "sul"),
            ("at-Tabqa", "tabqa"),
            ("abu Bakr al-Baghdadi", "baghdadi"),
        ])
    );
}

#[test]
fn matches_do_not_depend_on_the_number_of_build_threads() {
    let text = "Iran-backed PMU units and U.S. advisers met in Mosul, Qāmishlī and Georgia; \
                the PMUs' Abu Mahdi al-Muhandis told AFP that ISIS lost Rawa.";
    let by_threads: Vec<Vec<(String, String)>> = [1, 2, 5]
        .iter()
        .map(|&n| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap();
            let g = pool.install(gaz);
            found(&g, text)
        })
        .collect();
    assert!(by_threads[0].len() >= 8, "{:?}", by_threads[0]);
    assert_eq!(by_threads[0], by_threads[1]);
    assert_eq!(by_threads[0], by_threads[2]);
}

/// The scan walks the automaton from a word that only opens longer names
/// ("Abu", "the") only when the next word can go on with it; every way the
/// text may write that space must still reach the names.
#[test]
fn names_of_several_words_survive_the_second_word_test() {
    let actors = "\
id\ttype\tcanonical\taliases
kremlin\tORG\tthe Kremlin\t
abu-mahdi\tPERSON\tAbu Mahdi\t
militia\tORG\tKurdish militia\t
";
    let a = Dictionary::parse("actors.tsv", actors).unwrap();
    let g = Gazetteer::build(&[a], COMMON, MatchOptions::default());
    let ids =
        |text: &str| -> Vec<String> { found(&g, text).into_iter().map(|(_, id)| id).collect() };
    assert_eq!(
        ids("Officials said the Kremlin backed the talks."),
        ["kremlin"]
    );
    assert!(ids("Officials said the company backed the talks.").is_empty());
    assert_eq!(ids("Abu Mahdi's men held the road."), ["abu-mahdi"]);
    assert_eq!(
        ids("Abu  Mahdi and Abu\nMahdi and Abu-Mahdi."),
        ["abu-mahdi"; 3]
    );
    assert!(ids("Abu.Mahdi, Abu, and Abu Mahdiyah.").is_empty());
    assert_eq!(ids("Two Kurdish militias crossed."), ["militia"]);
    assert!(ids("Kurdish militiamen crossed.").is_empty());
    // A second word outside ASCII is left to the automaton.
    assert_eq!(ids("ABU MAHDİ SPOKE"), ["abu-mahdi"]);
    assert_eq!(ids("Abu Mahdi\u{301} spoke."), ["abu-mahdi"]);
}

/// Lower-case starts are turned away by their first bytes before they are
/// hashed; names that do start lower-case must all get through, whatever
/// the length of their first word.
#[test]
fn lower_case_starts_of_names_pass_the_byte_filters() {
    let places = "\
id\ttype\tcanonical\taliases
eixample\tLOC\tl'Eixample\t
anbar\tGPE\tal-Anbar\t
qasr\tGPE\tum Qasr\t
mistura\tPERSON\tde Mistura\t
";
    let p = Dictionary::parse("places.tsv", places).unwrap();
    let g = Gazetteer::build(&[p], COMMON, MatchOptions::default());
    let ids =
        |text: &str| -> Vec<String> { found(&g, text).into_iter().map(|(_, id)| id).collect() };
    assert_eq!(
        ids("Envoy de Mistura flew from l'Eixample to um Qasr, then to al-Anbar."),
        ["mistura", "eixample", "qasr", "anbar"]
    );
    assert!(ids("Envoy de mistura flew from um qasr and also the anbar desert.").is_empty());
}

#[test]
fn names_inside_web_and_mail_addresses_are_not_mentions() {
    let g = gaz();
    let text = "Read www.mosul-eye.org/Mosul/news or http://news.example/Mosul; Mosul fell.";
    let ids: Vec<(String, String)> = found(&g, text);
    // only the last "Mosul" is a mention: the others sit in URL tokens
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(ids[0].0, "Mosul");
    let last = text.rfind("Mosul").unwrap();
    let e = &g.find(text, &tokens(text))[0];
    assert_eq!(e.span.start, last);
    // with no tokens nothing says where the addresses are
    assert!(g.find(text, &[]).len() > 1);
}
