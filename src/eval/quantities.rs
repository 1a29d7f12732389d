//! `lede eval quantities`: NewsQuant scoring as in the CQE paper (value, value+unit,
//! value+change P/R/F1), and pass rates on the Recognizers-Text English specs and on
//! quantulum3's test sentences used as test vectors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use lede_core::{Bound, Change, Document, Quantity, QuantityKind, Span, StageContext};
use serde_json::Value;

use super::{round2, Floors, Prf};

/// Options of `lede eval quantities`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// NewsQuant gold (NewsQuant.json or NewsQuant.jsonl).
    #[arg(long)]
    pub newsquant: Vec<PathBuf>,
    /// Recognizers-Text English specs folder (with number/ and number-with-unit/).
    #[arg(long)]
    pub recognizers: Option<PathBuf>,
    /// quantulum3 folder (with tests/quantities.json).
    #[arg(long)]
    pub quantulum: Option<PathBuf>,
    /// Print each NewsQuant sentence with a miss or a false alarm (on stderr).
    #[arg(long)]
    pub show_errors: bool,
    /// Fail when a metric is below a floor: NAME=VALUE, repeatable.
    #[arg(long = "min", value_name = "NAME=VALUE")]
    pub min: Vec<String>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

type Runner = Box<dyn Fn(&str) -> Result<Vec<Quantity>>>;

fn runner(registry: &lede_core::Registry) -> Result<Runner> {
    let stage = registry
        .build(
            "quantities",
            &Default::default(),
            &StageContext::standalone("quantities"),
        )
        .map_err(|e| anyhow::anyhow!("building the quantities stage: {e}"))?;
    Ok(Box::new(move |text: &str| {
        let mut doc = Document::new(None, text);
        doc.sentences = vec![Span::new(0, text.len())];
        stage
            .process(&mut doc)
            .map_err(|e| anyhow::anyhow!("{}", e.message()))?;
        Ok(doc.quantities)
    }))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-8 + 1e-5 * b.abs()
}

/// A value as NewsQuant compares it: a number or a range.
#[derive(Debug, Clone, Copy)]
enum Val {
    One(f64),
    Range(f64, f64),
}

impl Val {
    fn eq(&self, o: &Val) -> bool {
        match (self, o) {
            (Val::One(a), Val::One(b)) => close(*a, *b),
            (Val::Range(a, b), Val::Range(c, d)) => close(*a, *c) && close(*b, *d),
            _ => false,
        }
    }
}

fn gold_val(s: &str) -> Option<Val> {
    let s = s.trim();
    if let Ok(v) = s.parse::<f64>() {
        return Some(Val::One(v));
    }
    let b = s.as_bytes();
    for i in 1..b.len() {
        if b[i] == b'-' && !matches!(b[i - 1], b'e' | b'E') {
            let (l, r) = (s[..i].trim(), s[i + 1..].trim());
            if let (Ok(l), Ok(r)) = (l.parse::<f64>(), r.parse::<f64>()) {
                return Some(Val::Range(l, r));
            }
        }
    }
    None
}

/// NewsQuant's reading of a quantity: vague plurals are ranges S..10S ("dozens" 12-120).
fn pred_val(q: &Quantity) -> Option<Val> {
    if let Some(v) = q.value {
        return Some(Val::One(v));
    }
    match (q.low, q.high) {
        (Some(l), Some(h)) => Some(Val::Range(l, h)),
        (Some(l), None) => Some(Val::Range(l / 2.0, 5.0 * l)),
        _ => None,
    }
}

/// The CQE unit name for one of ours (CQE's list differs in a few names).
fn cqe_unit_name(u: &str) -> String {
    let one = |c: &str| -> String {
        match c {
            "percent" => "percentage".into(),
            "US dollar" => "dollar".into(),
            "degree Celsius" => "celsius".into(),
            "degree Fahrenheit" => "fahrenheit".into(),
            "pound" => "pound-mass".into(),
            "Israeli new shekel" => "shekel".into(),
            "revolution per minute" => "revolutions per minute".into(),
            "part per billion" => "parts-per-billion".into(),
            "milliampere hour" => "milliampere-hour".into(),
            "fraction" => "-".into(),
            // CQE has no pence, no metric horsepower and names torque and tonnes its own way.
            "penny" => "point".into(),
            "metric horsepower" => "horsepower".into(),
            "pound-foot" => "foot pound-force".into(),
            "tonne" => "metric ton".into(),
            other => other.to_lowercase(),
        }
    };
    if let Some(n) = one_whole(u) {
        return n;
    }
    let whole = one(u);
    if whole != u.to_lowercase() {
        return whole;
    }
    u.split(" per ").map(one).collect::<Vec<_>>().join(" per ")
}

fn one_whole(u: &str) -> Option<String> {
    match u {
        "revolution per minute" => Some("revolutions per minute".into()),
        "mile per hour" | "kilometre per hour" | "metre per second" | "mile per gallon"
        | "barrel per day" => Some(u.to_string()),
        _ => None,
    }
}

fn pred_unit(q: &Quantity, text: &str) -> String {
    if let Some(n) = &q.noun {
        // CQE names a counted unit by its lemmatized noun phrase ("heart transplant"): the
        // words of the mention from the first word after the number to the head noun.
        let mention = q.span.text(text).unwrap_or("");
        let words: Vec<&str> = mention
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        let head_at = words.iter().rposition(|w| w.ends_with(n.as_str()));
        let first = words
            .iter()
            .rposition(|w| {
                w.chars().any(|c| c.is_ascii_digit())
                    || NUMBER_WORDS.contains(&w.to_lowercase().as_str())
            })
            .map(|k| k + 1)
            .unwrap_or(0);
        if let Some(h) = head_at {
            if first <= h {
                let mut np: Vec<String> = words[first..h]
                    .iter()
                    .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "the" | "and"))
                    .map(|w| w.to_lowercase())
                    .collect();
                np.push(lede_quantity::singular(n).to_lowercase());
                let s = np.join(" ");
                return if s == "time" { "count".into() } else { s };
            }
        }
        return lede_quantity::singular(n).to_lowercase();
    }
    match &q.unit {
        None => "-".into(),
        Some(u) => {
            let mention = q.span.text(text).unwrap_or("").to_lowercase();
            let bare = !mention.is_empty() && mention.chars().all(|c| c.is_ascii_digit());
            if q.kind == QuantityKind::Duration
                && u == "year"
                && (mention.ends_with("old") || mention.ends_with("of age") || bare)
            {
                return "year of age".into();
            }
            cqe_unit_name(u)
        }
    }
}

const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "a",
    "an",
];

fn pred_change(q: &Quantity) -> &'static str {
    // NewsQuant's single `change` field holds either the bound or the movement; where both
    // are present its annotators mostly wrote a strict bound ("lost more than 60%" is `>`) but
    // the movement over a hedge ("up nearly 57%" is `up`).
    if q.change.is_some() && matches!(q.bound, Bound::MoreThan | Bound::LessThan) {
        return if q.bound == Bound::MoreThan { ">" } else { "<" };
    }
    match q.change {
        Some(Change::Up) => "up",
        Some(Change::Down) => "down",
        None => match q.bound {
            Bound::Exact => "=",
            Bound::Approx => "~",
            Bound::MoreThan => ">",
            Bound::AtLeast if q.value.is_none() && q.high.is_none() => "=",
            Bound::AtLeast => ">",
            Bound::LessThan | Bound::AtMost => "<",
            Bound::Range if q.approx => "~",
            Bound::Range => "=",
        },
    }
}

fn newsquant_scored(q: &Quantity) -> bool {
    !matches!(
        q.kind,
        QuantityKind::Year | QuantityKind::Date | QuantityKind::Ordinal
    )
}

struct Gold {
    val: Option<Val>,
    unit: String,
    change: String,
    raw: String,
}

fn load_newsquant(path: &Path) -> Result<Vec<(String, Vec<Gold>)>> {
    let src =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let items: Vec<Value> = if src.trim_start().starts_with('[') {
        serde_json::from_str(&src).with_context(|| format!("parsing {}", path.display()))?
    } else {
        src.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| {
                serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), n + 1))
            })
            .collect::<Result<_>>()?
    };
    let mut out = Vec::new();
    for (n, it) in items.iter().enumerate() {
        let text = it["text"]
            .as_str()
            .with_context(|| format!("{}: item {} has no text", path.display(), n + 1))?;
        let mut golds = Vec::new();
        for q in it["quantities"].as_array().into_iter().flatten() {
            let s = |k: &str| q[k].as_str().unwrap_or("").to_string();
            golds.push(Gold {
                val: gold_val(&s("value")),
                unit: s("normalized_unit").to_lowercase(),
                change: s("change"),
                raw: format!("{} {} {}", s("change"), s("value"), s("unit")),
            });
        }
        out.push((text.to_string(), golds));
    }
    Ok(out)
}

/// Greedy one-to-one matching of gold to predictions under `ok`; returns the match count.
fn matches(
    golds: &[Gold],
    preds: &[(Val, String, &'static str)],
    ok: impl Fn(&Gold, &(Val, String, &'static str)) -> bool,
) -> u64 {
    let mut used = vec![false; preds.len()];
    let mut n = 0;
    for g in golds {
        let Some(gv) = g.val else { continue };
        if let Some(k) =
            (0..preds.len()).find(|&k| !used[k] && preds[k].0.eq(&gv) && ok(g, &preds[k]))
        {
            used[k] = true;
            n += 1;
        }
    }
    n
}

fn eval_newsquant(
    path: &Path,
    run: &Runner,
    show: bool,
    metrics: &mut BTreeMap<String, f64>,
    report: &mut serde_json::Map<String, Value>,
) -> Result<String> {
    let data = load_newsquant(path)?;
    let (mut v, mut vu, mut vc) = (Prf::default(), Prf::default(), Prf::default());
    for (text, golds) in &data {
        let qs = run(text)?;
        let preds: Vec<(Val, String, &'static str)> = qs
            .iter()
            .filter(|q| newsquant_scored(q))
            .filter_map(|q| Some((pred_val(q)?, pred_unit(q, text), pred_change(q))))
            .collect();
        let g = golds.len() as u64;
        let p = preds.len() as u64;
        let cv = matches(golds, &preds, |_, _| true);
        let cu = matches(golds, &preds, |g, p| g.unit == p.1);
        let cc = matches(golds, &preds, |g, p| g.change == p.2);
        v.add(Prf::from_counts(g, p, cv));
        vu.add(Prf::from_counts(g, p, cu));
        vc.add(Prf::from_counts(g, p, cc));
        if show && (cv < g || cv < p || cu < cv || cc < cv) {
            eprintln!("--- {text}");
            for gq in golds {
                eprintln!("  gold {} [{}]", gq.raw, gq.unit);
            }
            for (q, pr) in qs.iter().filter(|q| newsquant_scored(q)).zip(&preds) {
                eprintln!(
                    "  pred {:?} {} [{}] {:?} {:?}",
                    pr.0,
                    pr.2,
                    pr.1,
                    q.span.text(text).unwrap_or(""),
                    q.kind
                );
            }
        }
    }
    metrics.insert("value_precision".into(), round2(v.precision()));
    metrics.insert("value_recall".into(), round2(v.recall()));
    metrics.insert("value_f1".into(), round2(v.f1()));
    metrics.insert("value_unit_f1".into(), round2(vu.f1()));
    metrics.insert("value_change_f1".into(), round2(vc.f1()));
    report.insert(
        "newsquant".into(),
        serde_json::json!({"file": path.display().to_string(), "sentences": data.len(),
            "value": v.to_json(), "value_unit": vu.to_json(), "value_change": vc.to_json()}),
    );
    Ok(format!(
        "NewsQuant ({} sentences, {})\n  value        {v}\n  value+unit   {vu}\n  value+change {vc}\n",
        data.len(),
        path.display()
    ))
}

fn read_json(path: &Path) -> Result<Value> {
    let src =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(src.trim_start_matches('\u{feff}'))
        .with_context(|| format!("parsing {}", path.display()))
}

fn char_span(text: &str, s: Span) -> (usize, usize) {
    (
        text[..s.start].chars().count(),
        text[..s.end].chars().count(),
    )
}

/// Whether a prediction has the type a Recognizers model expects.
fn recognizers_type_ok(model: &str, q: &Quantity) -> bool {
    let dim = q.dimension.as_deref().unwrap_or("");
    match model {
        "CurrencyModel" => q.kind == QuantityKind::Currency,
        "TemperatureModel" => dim == "temperature",
        "AgeModel" => q.kind == QuantityKind::Duration,
        "PercentModel" => q.kind == QuantityKind::Percent,
        "OrdinalModel" => q.kind == QuantityKind::Ordinal,
        // Plain numbers: a figure with a unit ("the 180ml liquid") is no bare number.
        "NumberModel" => {
            !matches!(q.kind, QuantityKind::Date | QuantityKind::Ordinal)
                && (q.unit.is_none() || q.unit.as_deref() == Some("fraction"))
        }
        "DimensionModel" => {
            q.unit.is_some()
                && !matches!(q.kind, QuantityKind::Currency | QuantityKind::Percent)
                && dim != "temperature"
        }
        _ => true,
    }
}

/// A Recognizers interval ("[20,30)", "(20,)"): its ends, open or absent.
fn interval(v: &str) -> Option<(Option<f64>, Option<f64>)> {
    let inner = v
        .trim()
        .strip_prefix(['[', '('])?
        .strip_suffix([']', ')'])?;
    let (l, r) = inner.split_once(',')?;
    let end = |x: &str| -> Option<Option<f64>> {
        let x = x.trim();
        if x.is_empty() {
            Some(None)
        } else {
            x.parse().ok().map(Some)
        }
    };
    Some((end(l)?, end(r)?))
}

/// Whether prediction `q` resolves a Recognizers result to the same value.
fn resolution_ok(model: &str, r: &Value, q: &Quantity) -> bool {
    let v = r["Resolution"]["value"].as_str();
    if model == "NumberRangeModel" {
        let Some((l, h)) = v.and_then(interval) else {
            return false;
        };
        return match (l, h) {
            (Some(l), Some(h)) => {
                q.low.is_some_and(|x| close(x, l)) && q.high.is_some_and(|x| close(x, h))
            }
            (Some(l), None) => {
                matches!(q.bound, Bound::AtLeast | Bound::MoreThan)
                    && q.value.or(q.low).is_some_and(|x| close(x, l))
            }
            (None, Some(h)) => {
                matches!(q.bound, Bound::AtMost | Bound::LessThan)
                    && q.value.is_some_and(|x| close(x, h))
            }
            (None, None) => false,
        };
    }
    match v.and_then(|v| v.trim_end_matches('%').parse::<f64>().ok()) {
        Some(w) => q.value.is_some_and(|x| close(x, w)),
        // A unit without a number ("rmb") or a relative ordinal ("end-1"): no value to check.
        None => true,
    }
}

/// Runs one group of spec files; returns its report lines and the pass rate.
fn spec_group(
    dir: &Path,
    files: &[(&str, &str)],
    run: &Runner,
    show: bool,
    per: &mut serde_json::Map<String, Value>,
) -> Result<(String, f64)> {
    let mut out = String::new();
    let (mut all_pass, mut all_n) = (0u64, 0u64);
    for (sub, model) in files {
        let path = dir.join(sub).join(format!("{model}.json"));
        let cases = read_json(&path)?;
        let (mut pass, mut n) = (0u64, 0u64);
        for case in cases.as_array().into_iter().flatten() {
            let input = case["Input"].as_str().unwrap_or("");
            let preds: Vec<Quantity> = run(input)?
                .into_iter()
                .filter(|q| recognizers_type_ok(model, q))
                .collect();
            let results = case["Results"].as_array().cloned().unwrap_or_default();
            let ok = if results.is_empty() {
                preds.is_empty()
            } else {
                results.iter().all(|r| {
                    let s = r["Start"].as_u64().unwrap_or(0) as usize;
                    let e = r["End"].as_u64().unwrap_or(0) as usize + 1;
                    preds.iter().any(|q| {
                        let (ps, pe) = char_span(input, q.span);
                        ps < e && s < pe && resolution_ok(model, r, q)
                    })
                })
            };
            if show && !ok {
                let got: Vec<String> = preds
                    .iter()
                    .map(|q| format!("{:?}={:?}", q.span.text(input).unwrap_or(""), q.value))
                    .collect();
                eprintln!(
                    "FAIL {model}: {input:?} want {} got {}",
                    case["Results"],
                    got.join(" ")
                );
            }
            n += 1;
            pass += ok as u64;
        }
        let rate = 100.0 * pass as f64 / n.max(1) as f64;
        out.push_str(&format!("  {model:18} {pass:4}/{n:<4} {rate:6.2}%\n"));
        per.insert(
            (*model).into(),
            serde_json::json!({"passed": pass, "cases": n, "rate": round2(rate)}),
        );
        all_pass += pass;
        all_n += n;
    }
    let rate = 100.0 * all_pass as f64 / all_n.max(1) as f64;
    out.push_str(&format!(
        "  {:18} {all_pass:4}/{all_n:<4} {rate:6.2}%\n",
        "all"
    ));
    Ok((out, rate))
}

/// One Recognizers case passes when every expected result has an overlapping prediction of the
/// right type and value, and a negative case (no results) gets no prediction of that type.
/// `recognizers_pass` covers the quantity specs (number with unit, percent);
/// `recognizers_number_pass` the plain number, range and ordinal specs.
fn eval_recognizers(
    dir: &Path,
    run: &Runner,
    show: bool,
    metrics: &mut BTreeMap<String, f64>,
    report: &mut serde_json::Map<String, Value>,
) -> Result<String> {
    let units = [
        ("number-with-unit", "CurrencyModel"),
        ("number-with-unit", "DimensionModel"),
        ("number-with-unit", "TemperatureModel"),
        ("number-with-unit", "AgeModel"),
        ("number", "PercentModel"),
    ];
    let numbers = [
        ("number", "NumberModel"),
        ("number", "NumberRangeModel"),
        ("number", "OrdinalModel"),
    ];
    let mut per = serde_json::Map::new();
    let (a, ra) = spec_group(dir, &units, run, show, &mut per)?;
    let (b, rb) = spec_group(dir, &numbers, run, show, &mut per)?;
    metrics.insert("recognizers_pass".into(), round2(ra));
    metrics.insert("recognizers_number_pass".into(), round2(rb));
    report.insert("recognizers".into(), Value::Object(per));
    Ok(format!(
        "Recognizers-Text English specs, quantities (cases passed)\n{a}\
         Recognizers-Text English specs, numbers (cases passed)\n{b}"
    ))
}

/// quantulum3 sentences: an expected quantity passes when a prediction overlapping its surface
/// has its value (the midpoint for ranges); a sentence passes when all of its quantities do.
fn eval_quantulum(
    dir: &Path,
    run: &Runner,
    show: bool,
    metrics: &mut BTreeMap<String, f64>,
    report: &mut serde_json::Map<String, Value>,
) -> Result<String> {
    let mut out = String::from("quantulum3 tests (quantities found / sentences passed)\n");
    let (mut qp, mut qn, mut sp, mut sn) = (0u64, 0u64, 0u64, 0u64);
    for file in ["quantities.json", "quantities.ambiguity.json"] {
        let cases = read_json(&dir.join("tests").join(file))?;
        let (mut fq, mut fqn) = (0u64, 0u64);
        for case in cases.as_array().into_iter().flatten() {
            let req = case["req"].as_str().unwrap_or("");
            let preds = run(req)?;
            let mut all = true;
            let mut from = 0;
            for r in case["res"].as_array().into_iter().flatten() {
                let surface = r["surface"].as_str().unwrap_or("");
                let want = r["value"].as_f64();
                let at = req[from.min(req.len())..]
                    .find(surface)
                    .map(|k| k + from)
                    .or_else(|| req.find(surface));
                let ok = match (at, want) {
                    (Some(s), Some(w)) => {
                        let e = s + surface.len();
                        from = e;
                        preds.iter().any(|q| {
                            let v = q.value.or_else(|| match (q.low, q.high) {
                                (Some(l), Some(h)) => Some((l + h) / 2.0),
                                _ => None,
                            });
                            q.span.start < e && s < q.span.end && v.is_some_and(|v| close(v, w))
                        })
                    }
                    _ => false,
                };
                if show && !ok {
                    let got: Vec<String> = preds
                        .iter()
                        .map(|q| format!("{:?}={:?}", q.span.text(req).unwrap_or(""), q.value))
                        .collect();
                    eprintln!("MISS {req:?}: {surface:?}={want:?} got {}", got.join(" "));
                }
                fqn += 1;
                fq += ok as u64;
                all &= ok;
            }
            sn += 1;
            sp += all as u64;
        }
        out.push_str(&format!(
            "  {file:26} {fq:4}/{fqn:<4} {:6.2}%\n",
            100.0 * fq as f64 / fqn.max(1) as f64
        ));
        qp += fq;
        qn += fqn;
    }
    let qrate = 100.0 * qp as f64 / qn.max(1) as f64;
    let srate = 100.0 * sp as f64 / sn.max(1) as f64;
    out.push_str(&format!(
        "  {:26} {qp:4}/{qn:<4} {qrate:6.2}%   sentences {sp}/{sn} {srate:6.2}%\n",
        "all"
    ));
    metrics.insert("quantulum_pass".into(), round2(qrate));
    metrics.insert("quantulum_sentence_pass".into(), round2(srate));
    report.insert(
        "quantulum".into(),
        serde_json::json!({"quantities": qn, "found": qp, "rate": round2(qrate),
                           "sentences": sn, "sentences_passed": sp, "sentence_rate": round2(srate)}),
    );
    Ok(out)
}

/// Runs the evaluation.
pub fn run(args: &Args, registry: &lede_core::Registry) -> Result<()> {
    if args.newsquant.is_empty() && args.recognizers.is_none() && args.quantulum.is_none() {
        bail!(
            "nothing to evaluate: give --newsquant FILE, --recognizers DIR and/or --quantulum DIR"
        );
    }
    let run = runner(registry)?;
    let mut metrics = BTreeMap::new();
    let mut report = serde_json::Map::new();
    let mut text = String::new();
    for p in &args.newsquant {
        text.push_str(&eval_newsquant(
            p,
            &run,
            args.show_errors,
            &mut metrics,
            &mut report,
        )?);
    }
    if let Some(d) = &args.recognizers {
        text.push_str(&eval_recognizers(
            d,
            &run,
            args.show_errors,
            &mut metrics,
            &mut report,
        )?);
    }
    if let Some(d) = &args.quantulum {
        text.push_str(&eval_quantulum(
            d,
            &run,
            args.show_errors,
            &mut metrics,
            &mut report,
        )?);
    }
    if args.json {
        report.insert("metrics".into(), serde_json::to_value(&metrics)?);
        println!("{}", serde_json::to_string_pretty(&Value::Object(report))?);
    } else {
        eprint!("{text}");
    }
    Floors::parse(&args.min)?.check(&metrics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_values_parse_ranges_and_exponents() {
        assert!(matches!(gold_val("6.0"), Some(Val::One(v)) if v == 6.0));
        assert!(matches!(gold_val("-1.3"), Some(Val::One(v)) if v == -1.3));
        assert!(matches!(gold_val("1.99E-29"), Some(Val::One(_))));
        assert!(matches!(gold_val("12-120"), Some(Val::Range(a, b)) if a == 12.0 && b == 120.0));
        assert!(matches!(gold_val("3.0 - 4.0"), Some(Val::Range(a, b)) if a == 3.0 && b == 4.0));
    }

    #[test]
    fn vague_plurals_read_as_newsquant_ranges() {
        let q = Quantity {
            low: Some(24.0),
            bound: Bound::AtLeast,
            ..Quantity::default()
        };
        assert!(pred_val(&q).unwrap().eq(&Val::Range(12.0, 120.0)));
        assert_eq!(pred_change(&q), "=");
    }

    #[test]
    fn unit_names_map_to_cqe() {
        assert_eq!(cqe_unit_name("percent"), "percentage");
        assert_eq!(cqe_unit_name("US dollar per barrel"), "dollar per barrel");
        assert_eq!(cqe_unit_name("mile per hour"), "mile per hour");
    }
}
