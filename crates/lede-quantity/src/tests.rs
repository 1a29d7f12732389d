//! Unit tests of the `quantities` stage, on sentences written for them in the style of news
//! about the 2017 war against ISIS in Iraq and Syria.

use lede_core::{Bound, Change, DocId, Document, Quantity, QuantityKind, Span, StageContext};

use crate::Extractor;

fn x() -> Extractor {
    Extractor::bundled()
}

/// The quantities of `text` as (mention, quantity) pairs.
fn q(text: &str) -> Vec<(String, Quantity)> {
    x().extract(text)
        .into_iter()
        .map(|q| (text[q.span.start..q.span.end].to_string(), q))
        .collect()
}

/// The one quantity whose mention is `mention`.
fn find(text: &str, mention: &str) -> Quantity {
    let all = q(text);
    match all.iter().find(|(m, _)| m == mention) {
        Some((_, q)) => q.clone(),
        None => panic!(
            "no quantity {mention:?} in {text:?}; found {:?}",
            all.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>()
        ),
    }
}

fn mentions(text: &str) -> Vec<String> {
    q(text).into_iter().map(|(m, _)| m).collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
}

#[test]
fn approximate_length_in_kilometres() {
    let t = "Al-Qaim lies some 30 kilometers west of the border crossing.";
    let k = find(t, "some 30 kilometers");
    assert_eq!(k.bound, Bound::Approx);
    assert_eq!(k.kind, QuantityKind::Quantity);
    assert_eq!(k.unit.as_deref(), Some("kilometre"));
    assert_eq!(k.dimension.as_deref(), Some("length"));
    assert!(close(k.si_value, 30_000.0));
    assert_eq!(k.si_unit.as_deref(), Some("m"));
}

#[test]
fn more_than_a_percentage() {
    let t = "The group has lost more than 80 percent of its elements, the spokesman said.";
    let p = find(t, "more than 80 percent");
    assert_eq!(p.kind, QuantityKind::Percent);
    assert!(close(p.value, 80.0), "percent keeps the number written");
    assert_eq!(p.bound, Bound::MoreThan);
    assert_eq!(p.unit.as_deref(), Some("percent"));
}

#[test]
fn area_with_thousands_separator() {
    let t = "The militants once held 27,000 square kilometres of territory in Iraq.";
    let a = find(t, "27,000 square kilometres");
    assert_eq!(a.unit.as_deref(), Some("square kilometre"));
    assert_eq!(a.dimension.as_deref(), Some("area"));
    assert!(close(a.si_value, 27e9));
    let b = find("An area of 120 km2 was cleared.", "120 km2");
    assert_eq!(b.unit.as_deref(), Some("square kilometre"));
    let c = find("Some 40 sq mi of farmland burned.", "Some 40 sq mi");
    assert_eq!(c.unit.as_deref(), Some("square mile"));
}

#[test]
fn word_numbers_with_scale_count_people() {
    let t = "Seven million people lived under the group's rule at its peak.";
    let c = find(t, "Seven million people");
    assert_eq!(c.kind, QuantityKind::Count);
    assert!(close(c.value, 7e6));
    assert_eq!(c.noun.as_deref(), Some("people"));
    let d = find("Twenty-one soldiers were wounded.", "Twenty-one soldiers");
    assert!(close(d.value, 21.0));
    let e = find(
        "Four to five thousand families returned.",
        "Four to five thousand families",
    );
    assert_eq!(e.bound, Bound::Range);
    assert!(close(e.low, 4000.0) && close(e.high, 5000.0));
}

#[test]
fn between_ranges_and_hedged_ranges() {
    let t = "Troops retook between 10 and 15 towns south of Mosul.";
    let r = find(t, "between 10 and 15 towns");
    assert_eq!(r.bound, Bound::Range);
    assert_eq!(r.value, None);
    assert!(close(r.low, 10.0) && close(r.high, 15.0));
    assert_eq!(r.noun.as_deref(), Some("towns"));
    let h = find("The convoy was about 25-40 km long.", "about 25-40 km");
    assert_eq!(h.bound, Bound::Range);
    assert!(h.approx);
    let o = find(
        "The front moved 100 or 150 kilometers east.",
        "100 or 150 kilometers",
    );
    assert!(close(o.low, 100.0) && close(o.high, 150.0));
    let to = find("Shelling hit 10 to 15 villages.", "10 to 15 villages");
    assert_eq!(to.bound, Bound::Range);
}

#[test]
fn conversion_in_parentheses() {
    let t = "The highway runs 320 kilometers (200 miles) from Baghdad to the border.";
    let all = q(t);
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].0, "320 kilometers");
    assert_eq!(all[1].0, "200 miles");
    assert_eq!(all[1].1.conversion_of, Some(0));
    assert_eq!(all[0].1.conversion_of, None);
    assert!(close(all[1].1.si_value, 321_868.8));
}

#[test]
fn a_dozen_and_vague_plurals() {
    let d = find(
        "Iraqi forces freed a dozen villages on Tuesday.",
        "a dozen villages",
    );
    assert!(close(d.value, 12.0));
    assert_eq!(d.noun.as_deref(), Some("villages"));
    let v = find("Dozens of families fled Hawija.", "Dozens of families");
    assert_eq!(v.bound, Bound::AtLeast);
    assert_eq!(v.value, None);
    assert!(close(v.low, 24.0));
    let h = find("Hundreds of fighters surrendered.", "Hundreds of fighters");
    assert!(close(h.low, 200.0));
    let t = find(
        "Tens of thousands of civilians were trapped.",
        "Tens of thousands of civilians",
    );
    assert!(close(t.low, 20_000.0));
}

#[test]
fn counted_noun_skips_modifiers() {
    let t = "Coalition aircraft killed 21 ISIS fighters near Raqqa.";
    let c = find(t, "21 ISIS fighters");
    assert_eq!(c.kind, QuantityKind::Count);
    assert_eq!(c.noun.as_deref(), Some("fighters"));
    let d = find(
        "The camp shelters 100,000 civilians from Mosul.",
        "100,000 civilians",
    );
    assert!(close(d.value, 100_000.0));
    assert_eq!(d.noun.as_deref(), Some("civilians"));
}

#[test]
fn money_with_symbols_suffixes_and_codes() {
    let b = find(
        "Rebuilding Mosul will cost $3.5bn, officials said.",
        "$3.5bn",
    );
    assert_eq!(b.kind, QuantityKind::Currency);
    assert!(close(b.value, 3.5e9));
    assert_eq!(b.unit.as_deref(), Some("US dollar"));
    let e = find("The EU pledged €400 million in aid.", "€400 million");
    assert_eq!(e.unit.as_deref(), Some("euro"));
    assert!(close(e.value, 4e8));
    let hk = find("The firm raised HK$2.4 billion.", "HK$2.4 billion");
    assert_eq!(hk.unit.as_deref(), Some("Hong Kong dollar"));
    let r = find("Farmers were paid 35 lakh rupees.", "35 lakh rupees");
    assert!(close(r.value, 3.5e6));
    assert_eq!(r.unit.as_deref(), Some("Indian rupee"));
    let g = find("Britain gave £20m to the appeal.", "£20m");
    assert_eq!(g.unit.as_deref(), Some("pound sterling"));
    assert!(close(g.value, 2e7));
    let code = find("Baghdad received USD 500 million.", "USD 500 million");
    assert_eq!(code.unit.as_deref(), Some("US dollar"));
}

#[test]
fn changes_up_and_down() {
    let up = find("Oil exports rose 2.1 per cent in October.", "2.1 per cent");
    assert_eq!(up.change, Some(Change::Up));
    assert_eq!(up.kind, QuantityKind::Percent);
    let down = find(
        "Output fell by 2.1 percent after the attacks.",
        "2.1 percent",
    );
    assert_eq!(down.change, Some(Change::Down));
    let none = find("Turnout was 44 percent in Kirkuk.", "44 percent");
    assert_eq!(none.change, None);
}

#[test]
fn rose_from_to_gives_two_quantities() {
    let t = "Unemployment in Anbar rose from 5 to 7 percent last year.";
    let all = q(t);
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(close(all[0].1.value, 5.0) && close(all[1].1.value, 7.0));
    assert_eq!(all[0].1.unit.as_deref(), Some("percent"));
    assert_eq!(all[1].1.unit.as_deref(), Some("percent"));
    assert_eq!(all[1].1.change, Some(Change::Up));
}

#[test]
fn percentage_points_stay_apart_from_percent() {
    let p = find(
        "Support fell 3 percentage points in a month.",
        "3 percentage points",
    );
    assert_eq!(p.unit.as_deref(), Some("percentage point"));
    assert_eq!(p.kind, QuantityKind::Quantity);
    let b = find("Rates rose 25 basis points.", "25 basis points");
    assert_eq!(b.unit.as_deref(), Some("basis point"));
}

#[test]
fn bounds_at_least_at_most_less_than() {
    let a = find("At least 21 soldiers died.", "At least 21 soldiers");
    assert_eq!(a.bound, Bound::AtLeast);
    let b = find("The camp can hold up to 400 people.", "up to 400 people");
    assert_eq!(b.bound, Bound::AtMost);
    let c = find(
        "Fewer than 10 fighters remained in the old city.",
        "Fewer than 10 fighters",
    );
    assert_eq!(c.bound, Bound::LessThan);
    let d = find("Just under 300 families left.", "Just under 300 families");
    assert_eq!(d.bound, Bound::LessThan);
    let e = find("Nearly 5,000 homes were destroyed.", "Nearly 5,000 homes");
    assert_eq!(e.bound, Bound::Approx);
    let f = find(
        "An estimated 900,000 people fled.",
        "An estimated 900,000 people",
    );
    assert_eq!(f.bound, Bound::Approx);
}

#[test]
fn fractions_have_decimal_value_and_unit_fraction() {
    let t = "Two-thirds of the city was destroyed and a third of its people left.";
    let a = find(t, "Two-thirds");
    assert!(close(a.value, 2.0 / 3.0));
    assert_eq!(a.unit.as_deref(), Some("fraction"));
    let b = find(t, "a third");
    assert!(close(b.value, 1.0 / 3.0));
    let h = find("Half of the district was retaken.", "Half");
    assert!(close(h.value, 0.5));
    let s = find("The patrol walked 1/2 mile.", "1/2 mile");
    assert!(close(s.value, 0.5));
    let v = find("Snow lay ½ metre deep.", "½ metre");
    assert!(close(v.value, 0.5));
}

#[test]
fn temperatures_and_signs() {
    let c = find("Nights in Mosul fell to -5C in January.", "-5C");
    assert!(close(c.value, -5.0));
    assert_eq!(c.dimension.as_deref(), Some("temperature"));
    assert!(close(c.si_value, 268.15));
    let f = find(
        "Troops fought in 41 degrees Celsius heat.",
        "41 degrees Celsius",
    );
    assert_eq!(f.unit.as_deref(), Some("degree Celsius"));
}

#[test]
fn speed_energy_power_data_and_volume_units() {
    let s = find("The convoy moved at 60 km/h.", "60 km/h");
    assert_eq!(s.unit.as_deref(), Some("kilometre per hour"));
    assert!(close(s.si_value, 60.0 / 3.6));
    let m = find("Gusts reached 40 mph.", "40 mph");
    assert_eq!(m.dimension.as_deref(), Some("speed"));
    let p = find("The plant supplies 200 MW to Basra.", "200 MW");
    assert_eq!(p.unit.as_deref(), Some("megawatt"));
    let e = find("It produced 5 kWh per day.", "5 kWh per day");
    assert_eq!(e.dimension.as_deref(), Some("energy/time"));
    let d = find("The leak held 3 terabytes of files.", "3 terabytes");
    assert_eq!(d.dimension.as_deref(), Some("data"));
    let b = find(
        "Kirkuk pumps 300,000 barrels per day.",
        "300,000 barrels per day",
    );
    assert_eq!(b.unit.as_deref(), Some("barrel per day"));
}

#[test]
fn compound_units_per() {
    let k = find(
        "The ration was 2 kg per square metre of storage.",
        "2 kg per square metre",
    );
    assert_eq!(k.unit.as_deref(), Some("kilogram per square metre"));
    assert!(close(k.si_value, 2.0));
    let f = find("Fuel sold for $3 a gallon.", "$3 a gallon");
    assert_eq!(f.unit.as_deref(), Some("US dollar per gallon"));
    assert_eq!(f.kind, QuantityKind::Currency);
}

#[test]
fn pound_is_mass_or_sterling_by_context() {
    let t = "Police seized 20 pounds of explosives.";
    assert_eq!(find(t, "20 pounds").unit.as_deref(), Some("pound"));
    let u = "Britain paid 20 million pounds for the aid programme.";
    assert_eq!(
        find(u, "20 million pounds").unit.as_deref(),
        Some("pound sterling")
    );
}

#[test]
fn years_dates_and_ordinals_are_typed() {
    let t = "The offensive began in 2017 and Mosul fell on July 10, 2017, the third city to fall.";
    assert_eq!(find(t, "2017").kind, QuantityKind::Year);
    let d = find(t, "July 10, 2017");
    assert_eq!(d.kind, QuantityKind::Date);
    assert_eq!(find(t, "third").kind, QuantityKind::Ordinal);
    let u = "Iraq declared victory on 9 December 2017.";
    assert_eq!(find(u, "9 December 2017").kind, QuantityKind::Date);
    let o = "The 22nd brigade moved north.";
    assert_eq!(find(o, "22nd").kind, QuantityKind::Ordinal);
}

#[test]
fn time_ago_durations_and_ages() {
    let t = "The town fell 3 years ago after a siege of six months.";
    let a = find(t, "3 years ago");
    assert_eq!(a.kind, QuantityKind::TimeAgo);
    let d = find(t, "six months");
    assert_eq!(d.kind, QuantityKind::Duration);
    assert_eq!(d.unit.as_deref(), Some("month"));
    let age = find("The 34-year-old commander was killed.", "34-year-old");
    assert_eq!(age.kind, QuantityKind::Duration);
    assert_eq!(age.unit.as_deref(), Some("year"));
    assert!(close(age.value, 34.0));
    let app = find("Ahmed al-Assadi, 44, said the push would go on.", "44");
    assert_eq!(app.kind, QuantityKind::Duration);
}

#[test]
fn not_quantities() {
    let t = "An F-16 struck a depot, COVID-19 was not yet known, Iraq won 3-1, \
             the briefing began at 10:30, call 202-555-0199, he was number two on the list, \
             and one of the commanders fled along Route 66 past the G20 banner.";
    let m = mentions(t);
    assert!(m.is_empty(), "found {m:?}");
    let clock = mentions("The curfew starts at 9 pm and ends at 6 a.m. daily.");
    assert!(clock.is_empty(), "found {clock:?}");
    let index = mentions("The S&P 500 ended the day flat.");
    assert!(index.is_empty(), "found {index:?}");
}

#[test]
fn the_pronoun_one_is_not_a_count() {
    assert!(mentions("One of them said the road was open.").is_empty());
    let c = find("Only one bridge still stands.", "one bridge");
    assert!(close(c.value, 1.0));
    assert_eq!(c.noun.as_deref(), Some("bridge"));
}

#[test]
fn scale_suffixes() {
    let k = find("Some 25k fighters joined.", "Some 25k fighters");
    assert!(close(k.value, 25_000.0));
    let m = find("About 7m people need aid.", "About 7m people");
    assert!(close(m.value, 7e6));
    let metres = find("The wall is 7m high.", "7m");
    assert_eq!(metres.unit.as_deref(), Some("metre"));
}

#[test]
fn ellipsis_takes_the_previous_unit() {
    let t = "The militia lost 120 fighters in March and 85 in April.";
    let b = find(t, "85");
    assert_eq!(b.noun.as_deref(), Some("fighters"));
    assert_eq!(b.kind, QuantityKind::Count);
}

#[test]
fn minor_units_complete_the_major_one() {
    let d = find(
        "A loaf cost 3 dollars 50 cents in the camp.",
        "3 dollars 50 cents",
    );
    assert!(close(d.value, 3.5));
    let f = find("The wall was 5 feet 6 inches tall.", "5 feet 6 inches");
    assert!(close(f.value, 5.5));
}

#[test]
fn spans_are_valid_on_odd_input() {
    let odd = [
        "",
        "   ",
        "\0\0 12 \0",
        "🚀 12 km 🚀 — ½ ٣٠ كيلومتر",
        "e\u{301} 5 km e\u{301}",
        "$$$ 5 -- - , . 1/0 0/0 99999999999999999999999 1e400",
        "1,2,3,4 ,5 .5. 5.. -.- %% 5%% %5",
        "\u{202e}12 km\u{202c}",
    ];
    for t in odd {
        for q in x().extract(t) {
            assert!(q.span.is_valid_in(t), "{t:?}: bad span {:?}", q.span);
            assert!(q.span.start < q.span.end, "{t:?}: empty span");
        }
    }
    let big = "Some 30 kilometers west of Mosul, 21 fighters died. ".repeat(100_000);
    let n = x().extract(&big).len();
    assert_eq!(n, 200_000);
}

#[test]
fn stage_uses_sentences_and_registers_options() {
    let mut reg = lede_core::Registry::new();
    crate::register(&mut reg);
    let info = reg.info("quantities").expect("registered");
    assert!(info.provides.contains(&lede_core::Layer::Quantities));
    let ctx = StageContext::standalone("quantities");
    let stage = reg
        .build("quantities", &toml::Table::new(), &ctx)
        .unwrap_or_else(|e| panic!("{e}"));
    let text = "Troops advanced 30 km. Between them, 10 died.";
    let mut doc = Document::new(DocId::line(1), text);
    doc.sentences = vec![Span::new(0, 22), Span::new(23, text.len())];
    stage.process(&mut doc).unwrap();
    let m: Vec<&str> = doc.quantities.iter().map(|q| doc.slice(q.span)).collect();
    // "30 km" and "10" sit in different sentences, so no range joins them.
    assert_eq!(m, ["30 km", "10"]);

    let bad: toml::Table = toml::from_str("unit = 'x.tsv'").unwrap();
    let e = reg
        .build("quantities", &bad, &ctx)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("did you mean `units`"), "{e}");
    let kinds: toml::Table = toml::from_str("kinds = ['percnt']").unwrap();
    let e = reg
        .build("quantities", &kinds, &ctx)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("did you mean `percent`"), "{e}");
    let only: toml::Table = toml::from_str("kinds = ['percent']").unwrap();
    let s = reg.build("quantities", &only, &ctx).unwrap();
    let mut d = Document::new(
        DocId::line(2),
        "In 2017 prices rose 3% and 21 fighters died.",
    );
    s.process(&mut d).unwrap();
    assert_eq!(d.quantities.len(), 1);
    assert_eq!(d.quantities[0].kind, QuantityKind::Percent);
}

#[test]
fn user_lexicon_files_replace_the_bundled_ones() {
    let dir = std::env::temp_dir().join(format!("lede-quantity-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("units.tsv"),
        "# mine\nfarsakh\tlength\t6000\t0\tm\tfarsakh|farsakhs\t-\n",
    )
    .unwrap();
    std::fs::write(dir.join("bad.tsv"), "farsakh\tlength\n").unwrap();
    let mut reg = lede_core::Registry::new();
    crate::register(&mut reg);
    let mut ctx = StageContext::standalone("quantities");
    ctx.base_dir = dir.clone();
    let t: toml::Table = toml::from_str("units = 'units.tsv'").unwrap();
    let s = reg.build("quantities", &t, &ctx).unwrap();
    let mut d = Document::new(DocId::line(1), "The caravan went 3 farsakhs and 5 km.");
    s.process(&mut d).unwrap();
    assert_eq!(d.quantities[0].unit.as_deref(), Some("farsakh"));
    assert!(close(d.quantities[0].si_value, 18_000.0));
    assert!(
        d.quantities
            .iter()
            .all(|q| q.unit.as_deref() != Some("kilometre")),
        "km is not in the user's lexicon"
    );
    let b: toml::Table = toml::from_str("units = 'bad.tsv'").unwrap();
    let e = reg.build("quantities", &b, &ctx).err().unwrap().to_string();
    assert!(
        e.contains("stage[1].units") && e.contains("bad.tsv:1"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn phrasal_verbs_do_not_move_figures() {
    let t = "Dry valleys make up around 4 percent of the province.";
    assert_eq!(find(t, "around 4 percent").change, None);
    let u = "Oil revenue went up 4 percent in Basra.";
    assert_eq!(find(u, "4 percent").change, Some(Change::Up));
}

#[test]
fn action_verbs_move_levels_not_counts() {
    let t = "Troops advanced 30 kilometers and the militants lost 40 fighters.";
    assert_eq!(find(t, "30 kilometers").change, None);
    assert_eq!(find(t, "40 fighters").change, None);
    let u = "The dinar lost 3 percent against the dollar.";
    assert_eq!(find(u, "3 percent").change, Some(Change::Down));
}

#[test]
fn hyphened_and_named_noun_phrases() {
    let t = "Sappers cleared dozens of booby-traps in two Euphrates Valley towns.";
    assert_eq!(
        find(t, "dozens of booby-traps").noun.as_deref(),
        Some("booby-traps")
    );
    assert_eq!(
        find(t, "two Euphrates Valley towns").noun.as_deref(),
        Some("towns")
    );
    let c = find("A four-cylinder truck bomb hit the gate.", "four-cylinder");
    assert_eq!(c.noun.as_deref(), Some("cylinder"));
}

#[test]
fn year_spans_and_older_years() {
    let t = "The citadel was rebuilt between 1600 and 1900 by Ottoman governors.";
    let y = find(t, "between 1600 and 1900");
    assert_eq!(y.kind, QuantityKind::Year);
    assert_eq!(y.bound, Bound::Range);
    let c = find("About 1500 come from Tal Afar.", "About 1500");
    assert_eq!(c.kind, QuantityKind::Count);
    let h = find("Hiring rose from 1000 to 2000 hires a year.", "2000 hires");
    assert_eq!(h.kind, QuantityKind::Count);
}

#[test]
fn ages_after_aged_and_suspended_hyphen_ranges() {
    let a = find("A boy aged 12 was wounded in Mosul.", "12");
    assert_eq!(a.kind, QuantityKind::Duration);
    assert_eq!(a.unit.as_deref(), Some("year"));
    let r = find("Walls 8- to 10-meter high ring the camp.", "8- to 10-meter");
    assert_eq!(r.bound, Bound::Range);
    assert_eq!(r.unit.as_deref(), Some("metre"));
}

#[test]
fn number_forms_exponents_groups_and_urls() {
    assert!(close(
        find(
            "Light travels 3e8 metres per second.",
            "3e8 metres per second"
        )
        .value,
        3e8
    ));
    assert!(close(
        find(
            "The fund paid 10 000 dollars to each family.",
            "10 000 dollars"
        )
        .value,
        10_000.0
    ));
    assert!(close(
        find("Farmers owe 12,34,567 rupees.", "12,34,567 rupees").value,
        1_234_567.0
    ));
    assert!(mentions("See https://example.org/report?id=2017&page=30%20 for details.").is_empty());
    let h = find("It cost half a million dinars.", "half a million dinars");
    assert!(close(h.value, 500_000.0));
    assert_eq!(h.unit.as_deref(), Some("Iraqi dinar"));
}

#[test]
fn one_letter_units_need_support() {
    assert!(mentions("The 13F filing was late.").is_empty());
    let c = find("Temperatures hit 48C in Basra.", "48C");
    assert_eq!(c.unit.as_deref(), Some("degree Celsius"));
    let d = find("It was 45 degrees in Baghdad.", "45 degrees");
    assert_eq!(d.dimension.as_deref(), Some("temperature"));
    let e = find("The turret turned 90 degrees.", "90 degrees");
    assert_eq!(e.dimension.as_deref(), Some("angle"));
}

mod properties {
    use proptest::prelude::*;

    /// Pieces that exercise every path: numbers, number words, units, cues, signs, odd
    /// characters and separators.
    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "12",
            "3.5",
            "27,000",
            "0",
            "007",
            "1/2",
            "½",
            "-",
            "−",
            "+",
            "$",
            "US$",
            "€",
            "£",
            "¥",
            "Y=",
            "km",
            "km/h",
            "per",
            "a",
            "an",
            "one",
            "twenty",
            "-",
            "thousand",
            "million",
            "bn",
            "m",
            "k",
            "dozen",
            "dozens",
            "of",
            "tens",
            "third",
            "half",
            "between",
            "and",
            "to",
            "or",
            "from",
            "rose",
            "fell",
            "by",
            "about",
            "more than",
            "up to",
            "(",
            ")",
            ",",
            ".",
            ":",
            "%",
            "percent",
            "per cent",
            "°",
            "C",
            "F",
            "degrees",
            "year-old",
            "years",
            "ago",
            "2017",
            "Nov.",
            "7",
            "F-16",
            "COVID-19",
            "number",
            "Route",
            "e",
            "x",
            "×",
            "10",
            "^",
            "e999",
            "99999999999999999999999999",
            "pm",
            "GMT",
            "\n",
            " ",
            "  ",
            "🚀",
            "é",
            "\u{301}",
            "\u{202e}",
            "\0",
            "fighters",
            "people",
            "Mosul",
            "aged",
            "minus",
            "sub",
            "https://x.org/a?b=3%20",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn spans_are_always_valid(pieces in prop::collection::vec(piece(), 0..40),
                                  glue in prop::collection::vec(any::<bool>(), 40)) {
            let mut text = String::new();
            for (k, p) in pieces.iter().enumerate() {
                text.push_str(p);
                if glue[k] {
                    text.push(' ');
                }
            }
            let qs = super::x().extract(&text);
            let mut last = 0;
            for (k, q) in qs.iter().enumerate() {
                prop_assert!(q.span.is_valid_in(&text), "{:?} in {:?}", q.span, text);
                prop_assert!(q.span.start < q.span.end);
                prop_assert!(q.span.start >= last, "out of order in {:?}", text);
                last = q.span.start;
                if let Some(c) = q.conversion_of {
                    prop_assert!(c < k, "conversion points forward in {:?}", text);
                }
                for v in [q.value, q.low, q.high, q.si_value].into_iter().flatten() {
                    prop_assert!(v.is_finite(), "{} in {:?}", v, text);
                }
            }
        }
    }
}

#[test]
fn a_case_sensitive_symbol_outside_ascii_is_still_found() {
    // The pre-filters fold ASCII case only, as the text is folded: "Ω" stays "Ω".
    let units = "ohm\tresistance\t1\t0\tΩ\tohm|ohms\tΩ\n";
    let lx = crate::Lexicon::from_sources(units, crate::NUMBERS_TSV, crate::CUES_TSV, "")
        .expect("units parse");
    let text = "The relay at the Mosul dam showed 40 Ω after the repairs.";
    let q = Extractor::new(lx).extract(text);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(&text[q[0].span.start..q[0].span.end], "40 Ω");
    assert_eq!(q[0].unit.as_deref(), Some("ohm"));
}

#[test]
fn sentences_with_only_suffix_or_lower_case_month_words_hold_no_figure() {
    // "m", "t" and "bn" only scale digits; "may" and "march" are verbs here.
    let text = "I'm told they may march on Raqqa. It's what we don't know. \
                Troops held 12 villages by March 2017.";
    let all = q(text);
    let mentions: Vec<&str> = all.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(mentions, ["12 villages", "March 2017"]);
}

#[test]
fn hostile_text_gives_spans_on_char_boundaries() {
    let long = "ISIS lost 7 towns, ".repeat(20_000);
    let texts = [
        "",
        "   \n\t ",
        "\0\0 5 \0km",
        "🙂 5 km 🙂 ½",
        "قتل ١٢ شخصا و 12 km من الموصل",
        "e\u{301} 3 kg, then 4\u{301}0 t",
        "Up 5—",
        "⅓",
        "a",
        "M",
        long.as_str(),
    ];
    for text in texts {
        // Whole text, and cut into arbitrary (char-aligned) sentences.
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&k| text.is_char_boundary(k))
            .step_by(7)
            .collect();
        let sentences: Vec<Span> = cuts.windows(2).map(|w| Span::new(w[0], w[1])).collect();
        for spans in [&[][..], &sentences[..]] {
            let mut out = Vec::new();
            x().extract_into(text, spans, &mut out);
            for q in &out {
                assert!(
                    q.span.start < q.span.end && q.span.end <= text.len(),
                    "{q:?}"
                );
                assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
            }
        }
    }
    // The long text holds one count per clause.
    assert_eq!(x().extract(&long).len(), 20_000);
}
