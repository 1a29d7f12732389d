//! Unit tests of the tokenizer, the sentence splitter and the stage.
//!
//! Every text here was written for these tests.

use super::*;
use lede_core::{DocId, StageContext};

fn toks(text: &str) -> Vec<&str> {
    tokenize(text)
        .iter()
        .map(|t| &text[t.span.start..t.span.end])
        .collect()
}

fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
    tokenize(text)
        .iter()
        .map(|t| (&text[t.span.start..t.span.end], t.kind))
        .collect()
}

fn kind_of(text: &str, token: &str) -> TokenKind {
    kinds(text)
        .into_iter()
        .find(|(t, _)| *t == token)
        .unwrap_or_else(|| panic!("no token {token:?} in {:?}", toks(text)))
        .1
}

fn sents(text: &str) -> Vec<&str> {
    let t = tokenize(text);
    sentences(text, &t)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

fn sents_with(tk: &Tokenizer, text: &str) -> Vec<String> {
    let t = tk.tokenize(text);
    tk.sentences(text, &t)
        .iter()
        .map(|s| text[s.start..s.end].to_string())
        .collect()
}

// ---- tokens -------------------------------------------------------------

#[test]
fn contractions_and_possessives_are_one_surface_token() {
    assert_eq!(
        toks("The militants didn't hold Iraq's border; the soldiers' advance won't stop."),
        [
            "The",
            "militants",
            "didn't",
            "hold",
            "Iraq's",
            "border",
            ";",
            "the",
            "soldiers'",
            "advance",
            "won't",
            "stop",
            "."
        ]
    );
    assert_eq!(toks("Iraq’s army"), ["Iraq’s", "army"]);
    assert_eq!(
        toks("Yahoo! and Yahoo!, not wow!"),
        ["Yahoo!", "and", "Yahoo!", ",", "not", "wow", "!"]
    );
}

#[test]
fn clitics_split_where_ud_splits_syntactic_words() {
    for (token, host) in [
        ("Iraq's", "Iraq"),
        ("ISIL’s", "ISIL"),
        ("didn't", "did"),
        ("won't", "wo"),
        ("they're", "they"),
        ("we've", "we"),
        ("soldiers'", "soldiers"),
        ("militants’", "militants"),
        ("I'm", "I"),
        ("Cannot", "Can"),
    ] {
        let at = clitic_start(token).unwrap_or_else(|| panic!("no clitic in {token}"));
        assert_eq!(&token[..at], host);
    }
    for token in ["Ba'aj", "O'Neill", "Mosul", "s'", "'s"] {
        assert_eq!(clitic_start(token), None, "{token}");
    }
}

#[test]
fn titles_and_months_keep_their_period() {
    assert_eq!(
        toks("Lt. Col. Ryan Dillon spoke on Nov. 7, 2017 in Baghdad."),
        [
            "Lt.", "Col.", "Ryan", "Dillon", "spoke", "on", "Nov.", "7", ",", "2017", "in",
            "Baghdad", "."
        ]
    );
    assert_eq!(toks("Gen. Joseph Votel"), ["Gen.", "Joseph", "Votel"]);
}

#[test]
fn dotted_abbreviations_keep_their_period_inside_a_sentence() {
    assert_eq!(
        toks("U.S. jets and U.K. drones struck, e.g. near Raqqa."),
        ["U.S.", "jets", "and", "U.K.", "drones", "struck", ",", "e.g.", "near", "Raqqa", "."]
    );
}

#[test]
fn a_sentence_final_abbreviation_gives_its_period_to_the_sentence() {
    // UD practice: "in the U.S." + new sentence -> "U.S" "." (EWT, GUM).
    assert_eq!(
        toks("The adviser returned to the U.S. The army did not comment."),
        [
            "The", "adviser", "returned", "to", "the", "U.S", ".", "The", "army", "did", "not",
            "comment", "."
        ]
    );
    assert_eq!(
        toks("Supplies came from Halliburton Inc."),
        ["Supplies", "came", "from", "Halliburton", "Inc", "."]
    );
}

#[test]
fn hyphenated_words_split_except_bound_prefixes() {
    assert_eq!(
        toks("PMU units reached al-Ba'aj and al-Qaim."),
        ["PMU", "units", "reached", "al", "-", "Ba'aj", "and", "al", "-", "Qaim", "."]
    );
    assert_eq!(
        toks("an e-mail from a non-state group"),
        ["an", "e-mail", "from", "a", "non-state", "group"]
    );
    assert_eq!(toks("a 34-year-old"), ["a", "34", "-", "year", "-", "old"]);
}

#[test]
fn curly_and_straight_quotes_are_separate_tokens() {
    assert_eq!(
        toks("“We will liberate Mosul,” he said. \"Soon.\""),
        [
            "“", "We", "will", "liberate", "Mosul", ",", "”", "he", "said", ".", "\"", "Soon", ".",
            "\""
        ]
    );
    assert_eq!(
        toks("the ‘caliphate’ fell"),
        ["the", "‘", "caliphate", "’", "fell"]
    );
}

#[test]
fn numbers_percent_and_money() {
    let text = "Some 27,000 people, 90% of them civilians, fled; aid cost $3.5bn and £600m.";
    assert_eq!(
        toks(text),
        [
            "Some",
            "27,000",
            "people",
            ",",
            "90",
            "%",
            "of",
            "them",
            "civilians",
            ",",
            "fled",
            ";",
            "aid",
            "cost",
            "$",
            "3.5",
            "bn",
            "and",
            "£",
            "600",
            "m",
            "."
        ]
    );
    assert_eq!(kind_of(text, "27,000"), TokenKind::Number);
    assert_eq!(kind_of(text, "3.5"), TokenKind::Number);
    assert_eq!(kind_of(text, "%"), TokenKind::Symbol);
    assert_eq!(kind_of(text, "$"), TokenKind::Symbol);
    assert_eq!(kind_of(text, "£"), TokenKind::Symbol);
    assert_eq!(kind_of(text, "bn"), TokenKind::Word);
    assert_eq!(kind_of(text, ";"), TokenKind::Punct);
    assert_eq!(toks("a 12km² pocket"), ["a", "12", "km²", "pocket"]);
    assert_eq!(toks("at 3pm"), ["at", "3", "pm"]);
    // Elided years are one token, feet and inches are not an elided year.
    assert_eq!(toks("the '90s"), ["the", "'90s"]);
    assert_eq!(toks("5'10 tall"), ["5", "'", "10", "tall"]);
    // Ordinals and decades stay whole.
    assert_eq!(
        toks("the 1990s and the 17th"),
        ["the", "1990s", "and", "the", "17th"]
    );
}

#[test]
fn dates_phone_numbers_and_ranges() {
    assert_eq!(
        toks("on 11/07/2017 call 713-664-7478"),
        ["on", "11/07/2017", "call", "713-664-7478"]
    );
    assert_eq!(
        toks("in 2016-17 lost 15-20 towns"),
        ["in", "2016", "-", "17", "lost", "15", "-", "20", "towns"]
    );
    assert_eq!(
        toks("at 10:30 local time"),
        ["at", "10:30", "local", "time"]
    );
}

#[test]
fn urls_and_emails_are_single_tokens_without_trailing_punctuation() {
    let text = "See https://example.org/iraq/mosul-2017?id=4. Write to desk@example.org, or www.example.com.";
    assert_eq!(
        kinds(text),
        [
            ("See", TokenKind::Word),
            ("https://example.org/iraq/mosul-2017?id=4", TokenKind::Url),
            (".", TokenKind::Punct),
            ("Write", TokenKind::Word),
            ("to", TokenKind::Word),
            ("desk@example.org", TokenKind::Email),
            (",", TokenKind::Punct),
            ("or", TokenKind::Word),
            ("www.example.com", TokenKind::Url),
            (".", TokenKind::Punct),
        ]
    );
    assert_eq!(
        toks("(http://example.org/a_(b))"),
        ["(", "http://example.org/a_(b)", ")"]
    );
}

#[test]
fn scraped_boilerplate_is_split_into_words() {
    assert_eq!(toks("SOURCE:AFP"), ["SOURCE", ":", "AFP"]);
    assert_eq!(
        toks("folder_openVoices access_time3 years ago"),
        ["folder_open", "Voices", "access_time", "3", "years", "ago"]
    );
}

#[test]
fn hashtags_and_handles_are_single_tokens() {
    let text = "#Mosul is trending, says @IraqiMoD; ranked #1";
    assert_eq!(
        toks(text),
        [
            "#Mosul",
            "is",
            "trending",
            ",",
            "says",
            "@IraqiMoD",
            ";",
            "ranked",
            "#",
            "1"
        ]
    );
    assert_eq!(kind_of(text, "#Mosul"), TokenKind::Other);
}

#[test]
fn emoji_and_pictographs() {
    let text = "Mosul is free 🇮🇶👍🏽 :)";
    assert_eq!(toks(text), ["Mosul", "is", "free", "🇮🇶", "👍🏽", ":)"]);
    assert_eq!(kind_of(text, "🇮🇶"), TokenKind::Emoji);
    assert_eq!(kind_of(text, "👍🏽"), TokenKind::Emoji);
}

#[test]
fn ellipses_dashes_and_brackets() {
    assert_eq!(
        toks("They waited... and waited… — then [PMU] forces (AFP) moved--fast."),
        [
            "They", "waited", "...", "and", "waited", "…", "—", "then", "[", "PMU", "]", "forces",
            "(", "AFP", ")", "moved", "--", "fast", "."
        ]
    );
}

#[test]
fn non_latin_scripts_and_combining_marks_stay_in_words() {
    let text = "قال العبادي، إن القوات Qa\u{0304}mishli\u{0301} وصلت.";
    let t = toks(text);
    assert!(t.contains(&"العبادي"), "{t:?}");
    assert!(t.contains(&"،"), "{t:?}");
    assert!(t.contains(&"Qa\u{0304}mishli\u{0301}"), "{t:?}");
}

// ---- sentences ----------------------------------------------------------

#[test]
fn abbreviations_initials_and_numbers_do_not_end_sentences() {
    assert_eq!(
        sents("Lt. Gen. Stephen J. Townsend said U.S. troops had 3.5 tons of aid. Col. Dillon agreed."),
        [
            "Lt. Gen. Stephen J. Townsend said U.S. troops had 3.5 tons of aid.",
            "Col. Dillon agreed."
        ]
    );
    assert_eq!(
        sents("The offensive began on Nov. 7, 2017. It ended in December."),
        [
            "The offensive began on Nov. 7, 2017.",
            "It ended in December."
        ]
    );
}

#[test]
fn a_title_never_ends_a_sentence_inside_a_line() {
    // "Al" starts sentences ("Al-Assadi said ..."), but not after a title.
    assert_eq!(
        sents("Col. Al-Assadi and Maj. Gen. Al-Aridi spoke."),
        ["Col. Al-Assadi and Maj. Gen. Al-Aridi spoke."]
    );
    assert_eq!(toks("Maj. Gen. Al")[..2], ["Maj.", "Gen."]);
}

#[test]
fn abbreviation_before_a_sentence_starter_ends_the_sentence() {
    assert_eq!(
        sents("Aid came from the U.S. The Iraqi army thanked the U.S. Army for it."),
        [
            "Aid came from the U.S.",
            "The Iraqi army thanked the U.S. Army for it."
        ]
    );
}

#[test]
fn quotes_and_brackets_after_the_stop_stay_with_the_sentence() {
    assert_eq!(
        sents("“We will win.” The commander left. \"Stop!\" he shouted. (The town fell.) Then rain came."),
        [
            "“We will win.”",
            "The commander left.",
            "\"Stop!\" he shouted.",
            "(The town fell.)",
            "Then rain came."
        ]
    );
}

#[test]
fn question_and_exclamation_marks_end_sentences() {
    assert_eq!(
        sents("Who holds Raqqa? Nobody knows! the spokesman said nothing."),
        [
            "Who holds Raqqa?",
            "Nobody knows!",
            "the spokesman said nothing."
        ]
    );
}

#[test]
fn ellipsis_ends_a_sentence_only_before_a_capital() {
    assert_eq!(
        sents("The siege went on... and on... Then it broke."),
        ["The siege went on... and on...", "Then it broke."]
    );
}

#[test]
fn headlines_and_bylines_end_at_a_line_break() {
    let text =
        "Daesh Loses Its Last Town in Iraq\nZeinab Daher\nIraqi forces entered Rawa on Friday.";
    assert_eq!(
        sents(text),
        [
            "Daesh Loses Its Last Town in Iraq",
            "Zeinab Daher",
            "Iraqi forces entered Rawa on Friday."
        ]
    );
}

#[test]
fn blank_line_always_ends_a_sentence_and_single_breaks_can_be_spaces() {
    let wrapped = Tokenizer::new(Lexicon::default(), LineBreaks::Space);
    let text = "Iraqi forces advanced toward\nthe Syrian border on Friday\n\nNo town was named";
    assert_eq!(
        sents_with(&wrapped, text),
        [
            "Iraqi forces advanced toward\nthe Syrian border on Friday",
            "No town was named"
        ]
    );
    assert_eq!(sents(text).len(), 3);
    // Even a title abbreviation cannot carry a sentence over a blank line.
    assert_eq!(sents_with(&wrapped, "He met Gen.\n\nSmith left.").len(), 2);
}

#[test]
fn dashes_and_bare_domains_do_not_end_sentences() {
    // A dash joins datelines and titles in news.
    assert_eq!(
        sents("BAGHDAD (AFP) - The army said it retook Anah.").len(),
        1
    );
    assert_eq!(
        sents("He reviewed Mosul - The Last Battle for the paper.").len(),
        1
    );
    assert_eq!(
        sents("Iraqinews.com Editors' Award went to a Mosul reporter.").len(),
        1
    );
    // A full address at the end of a line of web text does.
    assert_eq!(
        sents("More at https://example.org/mosul Residents returned on Friday."),
        [
            "More at https://example.org/mosul",
            "Residents returned on Friday."
        ]
    );
}

#[test]
fn a_name_that_is_a_greeting_word_is_not_a_greeting() {
    assert_eq!(sents("said Jeremy Dear, NUJ General Secretary.").len(), 1);
    assert_eq!(sents("Dear Ahmed, Mosul is quiet.").len(), 2);
}

#[test]
fn etc_ends_a_sentence_before_any_capital() {
    assert_eq!(
        sents("They took rifles, mortars, drones etc. Villagers fled west."),
        [
            "They took rifles, mortars, drones etc.",
            "Villagers fled west."
        ]
    );
    assert_eq!(
        toks("drones etc. Villagers"),
        ["drones", "etc", ".", "Villagers"]
    );
}

#[test]
fn mail_headers_and_sign_offs_end_sentences() {
    assert_eq!(
        sents("Best regards, Ahmed Hassan 11/07/2017 08:15 AM Mosul is quiet today."),
        [
            "Best regards,",
            "Ahmed Hassan",
            "11/07/2017 08:15 AM",
            "Mosul is quiet today."
        ]
    );
    assert_eq!(
        sents("Write to <desk@example.org> Reporters in Raqqa will answer."),
        [
            "Write to <desk@example.org>",
            "Reporters in Raqqa will answer."
        ]
    );
    // A ticker in a headline is not an address.
    assert_eq!(sents("NORTH OIL CO <NOC> TO REOPEN KIRKUK FIELD").len(), 1);
}

#[test]
fn separator_lines_and_run_on_list_items_end_sentences() {
    assert_eq!(
        sents("Casualty list attached ===== Iraqi forces entered Hit."),
        ["Casualty list attached =====", "Iraqi forces entered Hit."]
    );
    assert_eq!(
        sents("Two questions 1) who holds Tal Afar 2) when will it fall"),
        [
            "Two questions",
            "1) who holds Tal Afar",
            "2) when will it fall"
        ]
    );
    // A numbered reference in brackets is not a list item.
    assert_eq!(sents("He cited the report (2) on Mosul.").len(), 1);
    assert_eq!(sents("It aired on (Channel 4) and Al Iraqiya.").len(), 1);
    // A list marker at the start of a line is not a bracketed source.
    assert_eq!(sents("2) If Mosul falls, Raqqa is next.").len(), 1);
}

#[test]
fn citation_marks_stay_with_their_sentence() {
    assert_eq!(
        sents("The town fell in 2017. [12] Its people returned."),
        ["The town fell in 2017. [12]", "Its people returned."]
    );
}

#[test]
fn sentences_cover_every_token_once_in_order() {
    let text = "One. Two!\n\n“Three,” he said… Four? (Five.) Six";
    let t = tokenize(text);
    let s = sentences(text, &t);
    let mut k = 0;
    for sp in &s {
        assert!(sp.start == t[k].span.start, "sentence starts at a token");
        while k < t.len() && t[k].span.end <= sp.end {
            k += 1;
        }
        assert_eq!(t[k - 1].span.end, sp.end, "sentence ends at a token");
    }
    assert_eq!(k, t.len());
}

// ---- robustness ---------------------------------------------------------

fn check_invariants(text: &str) {
    let t = tokenize(text);
    let s = sentences(text, &t);
    let mut last = 0;
    for tok in &t {
        assert!(tok.span.start < tok.span.end, "empty token in {text:?}");
        assert!(tok.span.start >= last, "tokens overlap in {text:?}");
        assert!(tok.span.is_valid_in(text), "bad token span in {text:?}");
        assert!(
            !text[tok.span.start..tok.span.end]
                .chars()
                .any(char::is_whitespace),
            "token with whitespace in {text:?}"
        );
        last = tok.span.end;
    }
    let mut last = 0;
    for sp in &s {
        assert!(
            sp.is_valid_in(text) && sp.start >= last && sp.start < sp.end,
            "bad sentence in {text:?}"
        );
        last = sp.end;
    }
    assert_eq!(t.is_empty(), s.is_empty());
}

#[test]
fn odd_inputs_give_valid_spans() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "\0",
        "a\0b",
        "\u{FEFF}Mosul",
        "🇮",
        "‍",
        "e\u{301}\u{301}\u{301}",
        "\u{202E}Raqqa\u{202C}",
        "'",
        "’",
        "-",
        "@",
        "http://",
        "www.",
        "a@b",
        "x@y.zz",
        "U.S.",
        "Inc..",
        ":-",
        "#",
        "$",
        "1,",
        "1-",
        "a'",
        "(s)",
        "\r\n\r\n",
        "\u{2029}",
        "..\u{2026}",
        "a.\u{85}b",
    ] {
        check_invariants(text);
    }
}

#[test]
fn large_input_is_tokenized() {
    let para = "Iraqi forces retook 27,000 sq km near al-Ba'aj on Nov. 7, 2017, Col. Dillon said. ";
    let text = para.repeat(5 * 1024 * 1024 / para.len() + 1);
    let t = tokenize(&text);
    let s = sentences(&text, &t);
    let per_para = tokenize(para).len();
    assert_eq!(t.len(), per_para * (text.len() / para.len()));
    assert_eq!(s.len(), text.len() / para.len());
}

#[test]
fn pathological_chunks_are_scanned_in_linear_time() {
    // Each of these would take hours if some check rescanned the chunk per token.
    let n = 200_000;
    let cases = [
        format!("http://example.org/{}", ")".repeat(n)),
        format!("{}@", "a-".repeat(n)),
        format!("{}x@y", "a.".repeat(n)),
        "(".repeat(n),
        ".".repeat(n),
        "🇮🇶".repeat(n / 4),
        "U.S. ".repeat(n / 5),
        "x'".repeat(n),
        "_a".repeat(n),
    ];
    for text in &cases {
        check_invariants(text);
    }
    // The address, then every bracket on its own.
    assert_eq!(toks(&cases[0]).len(), n + 1);
}

/// The stage's sentence pass (which jumps between the tokens the scanner
/// marked) must agree with the public one (which visits every token).
fn check_marked_pass_agrees(text: &str) {
    let tk = Tokenizer::default();
    let mut doc = Document::new(DocId::line(1), text);
    tk.annotate(&mut doc);
    assert_eq!(doc.tokens, tk.tokenize(text), "tokens differ for {text:?}");
    assert_eq!(
        doc.sentences,
        tk.sentences(text, &doc.tokens),
        "sentences differ for {text:?}"
    );
}

#[test]
fn marked_sentence_pass_agrees_with_full_pass() {
    for text in [
        "Mosul fell. Raqqa followed.\n\nThanks Ahmed 11/07/2017 08:15 AM Iraqi forces.",
        "Two questions 1) who holds Tal Afar 2) when will it fall",
        "Write to <desk@example.org> Reporters.  Double  spaces.\tTabs. Regards, Ali",
        "“We will win.” The commander left. \"Stop!\" he shouted. (The town fell.) Then",
        "Aid came from the U.S. The army etc. Villagers ===== Next :) ok [12] Its",
    ] {
        check_marked_pass_agrees(text);
    }
}

mod prop {
    use super::{check_invariants, check_marked_pass_agrees};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn marked_pass_agrees(
            text in "([A-Za-z0-9.,:;'’\"“”()\\[\\]<>@/_=%$!?…—-]|\\s|AM|PM|Thanks|Dear|etc\\.|U\\.S\\.|11/07/2017|08:15|a@b\\.org|http://x\\.org){0,60}"
        ) {
            check_marked_pass_agrees(&text);
        }

        #[test]
        fn any_text_gives_valid_spans(text in "\\PC{0,60}") {
            check_invariants(&text);
        }

        #[test]
        fn news_like_text_gives_valid_spans(
            text in "([A-Za-z0-9.,:;'’\"“”()\\[\\]@/_%$£&+#!?…—-]|\\s|é|🇮🇶|\u{200D}|\u{301}){0,80}"
        ) {
            check_invariants(&text);
        }
    }
}

// ---- stage --------------------------------------------------------------

fn build_stage(toml_src: &str) -> Result<Box<dyn Stage>, ConfigError> {
    let mut r = Registry::new();
    register(&mut r);
    let table: toml::Table = toml::from_str(toml_src).expect("test TOML parses");
    let mut ctx = StageContext::standalone("tokenize");
    ctx.base_dir = std::env::temp_dir();
    r.build("tokenize", &table, &ctx)
}

#[test]
fn stage_fills_tokens_and_sentences() {
    let stage = build_stage("").unwrap();
    assert_eq!(stage.provides(), vec![Layer::Tokens, Layer::Sentences]);
    let mut doc = Document::new(DocId::line(1), "Mosul fell. Raqqa followed.");
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.tokens.len(), 6);
    assert_eq!(doc.sentences, vec![Span::new(0, 11), Span::new(12, 27)]);
}

#[test]
fn stage_rejects_unknown_options_by_name() {
    let err = build_stage("abbreviation = 'x.txt'")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("did you mean `abbreviations`"), "{err}");
    let err = build_stage("line_breaks = 'never'")
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("line_breaks") && err.contains("\"space\""),
        "{err}"
    );
}

#[test]
fn stage_loads_a_users_abbreviation_file() {
    let dir = std::env::temp_dir().join(format!("lede-tokenize-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("abbr.txt");
    std::fs::write(&good, "# mine\nPltn title\n").unwrap();
    let stage = build_stage(&format!("abbreviations = {:?}", good.display().to_string())).unwrap();
    let mut doc = Document::new(DocId::line(1), "The 9th Pltn. Commander spoke.");
    stage.process(&mut doc).unwrap();
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    assert!(words.contains(&"Pltn."), "{words:?}");
    assert_eq!(doc.sentences.len(), 1);
    // Without the user's file, "Pltn" is a plain word and the period ends the sentence.
    let mut doc2 = Document::new(DocId::line(1), "The 9th Pltn. Commander spoke.");
    build_stage("").unwrap().process(&mut doc2).unwrap();
    assert_eq!(doc2.sentences.len(), 2);

    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "Gen title\nCol colonel\n").unwrap();
    let err = build_stage(&format!("abbreviations = {:?}", bad.display().to_string()))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("stage[1].abbreviations") && err.contains("bad.txt:2"),
        "{err}"
    );
    let err = build_stage("abbreviations = 'no-such-file.txt'")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("no-such-file.txt"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_full_stop_that_lost_its_space_still_ends_the_sentence() {
    let text = "Officials said the offensive had stalled.Moreover, supplies were low.";
    assert_eq!(
        toks(text)[..8],
        [
            "Officials",
            "said",
            "the",
            "offensive",
            "had",
            "stalled",
            ".",
            "Moreover"
        ]
    );
    assert_eq!(
        sents(text),
        [
            "Officials said the offensive had stalled.",
            "Moreover, supplies were low."
        ]
    );
    // domains, initialisms and capitalised words keep their inner period
    for one in ["Amazon.Com", "U.S.Army", "al.Qaem", "www.Rudaw.net"] {
        let t = format!("See {one} today.");
        assert!(toks(&t).contains(&one), "{one}: {:?}", toks(&t));
    }
}
