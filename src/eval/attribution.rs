//! `lede eval attribution`: scores the `attribution` stage against PolNeAR
//! (brat standoff, one `.ann` per article and annotator).
//!
//! For each article the first annotator listed in `metadata.tsv` is gold
//! (the README's convention; other files of the same article are ignored).
//! Roles are scored over the whole document:
//!
//! - `source`, `cue`: exact spans (multiset match) and overlap (one-to-one,
//!   any shared character);
//! - `content`: the list of fragments, after joining fragments separated only
//!   by whitespace (annotators split long quotes at sentence ends); a
//!   `Content2` span is one more fragment. Quote marks belong to PolNeAR's
//!   content, so a `direct` prediction is widened by the marks around it;
//! - `relation`: a prediction matches a gold relation when their cues and
//!   contents overlap and, if the gold one has a source, their sources too.
//!
//! Predictions without a cue (floating quotes, which inherit a source from an
//! earlier relation) count for content only; `outlet` records (bylines,
//! credits) are not scored: PolNeAR does not annotate them.
//!
//! `--model FILE` scores the stage with a span-boundary model, which
//! `lede train attribution` (here too, sharing the PolNeAR reader) trains
//! from a split's gold: the rules run on each article, each relation's
//! candidate cue and content edges (and keep/drop) are labelled from the gold
//! relation whose cue overlaps its cue, margins are tuned on every fifth
//! article held out of a first model, and the final model learns from all.
//! With `--cues` it first trains the cue detector (`lede_attribution::cue`)
//! into the same file: the words the rules build a relation on when read as
//! cues, labelled by whether that relation has the exact cue of a gold
//! relation the rules missed; its margin is the one with the best sum of
//! exact cue, source and content F1 and relation F1 on the held-out fifth.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use lede_core::{AttributionKind, DocId, Document, StageContext};

use super::{round2, Floors, Prf};

/// Options of `lede eval attribution`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// PolNeAR split folder (text/ and attributions/), e.g. ../shared/data/polnear/test; repeatable.
    #[arg(long)]
    pub polnear: Vec<PathBuf>,
    /// metadata.tsv naming each article's annotators (default: the split folder's parent).
    #[arg(long)]
    pub metadata: Option<PathBuf>,
    /// Fail when a metric is below a floor: NAME=VALUE, repeatable.
    #[arg(long = "min", value_name = "NAME=VALUE")]
    pub min: Vec<String>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Print up to N missed and spurious spans per role to stderr (for tuning on dev).
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
    /// Write the predictions (character offsets, PolNeAR conventions) as JSON lines to this file.
    #[arg(long)]
    pub dump: Option<PathBuf>,
    /// A boundary model written by `lede train attribution` (the stage option `model`).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Score with this cue-detector margin instead of the model's (for tuning on dev).
    #[arg(long)]
    pub cue_margin: Option<f32>,
    /// Score the stage with a perfect cue detector (with --model): every word
    /// whose relation has the exact cue of a gold relation the rules missed
    /// is a head. The detector's ceiling, for tuning on dev.
    #[arg(long)]
    pub cue_oracle: bool,
}

/// Options of `lede train attribution`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// PolNeAR split folder to learn from, e.g. ../shared/data/polnear/train; repeatable.
    #[arg(long, required = true)]
    pub polnear: Vec<PathBuf>,
    /// metadata.tsv naming each article's annotators (default: the split folder's parent).
    #[arg(long)]
    pub metadata: Option<PathBuf>,
    /// Where to write the model (keep it local, e.g. under target/: PolNeAR's terms).
    #[arg(long)]
    pub out: PathBuf,
    /// Passes over the training choices (3 and 16 runs scored best on dev
    /// among 3/5/8/12 passes and 8/16 runs, all within 0.5 F1).
    #[arg(long, default_value_t = 3)]
    pub epochs: usize,
    /// Seed of the shuffle between passes (the same seed gives the same model).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Perceptrons averaged into the model (seeds seed, seed+1, ...): steadier weights.
    #[arg(long, default_value_t = 16)]
    pub runs: usize,
    /// A split to report choice accuracy on after training (e.g. dev, for tuning).
    #[arg(long)]
    pub heldout: Option<PathBuf>,
    /// Lemmas scored by the cue detector: those heading a missed gold cue at
    /// least this many times in training (3 scored as well as 2 on dev, and
    /// leaves about 150 lemmas instead of 270 to score: 3 % fewer instructions).
    #[arg(long, default_value_t = 3)]
    pub cue_min_heads: usize,
    /// Train the cue detector too (opt-in: on dev it lifts cue, source and
    /// relation F1 by 0.1-0.3 points and costs about a seventh of the throughput).
    #[arg(long)]
    pub cues: bool,
    /// Let the boundary model learn from the cue detector's relations too.
    #[arg(long)]
    pub boundary_with_cues: bool,
}

/// A PolNeAR article ready for training: tokenized, with its gold in bytes
/// (for the learners) and characters (for scoring).
struct Prepared {
    doc: Document,
    spans: Vec<lede_attribution::boundary::GoldSpans>,
    chars: Vec<char>,
    gold: Vec<Rel>,
}

fn prepare(
    docs: &[Article],
    tokenizer: &Option<Box<dyn lede_core::Stage>>,
) -> Result<Vec<Prepared>> {
    docs.iter()
        .map(|a| {
            let chars: Vec<char> = a.text.chars().collect();
            let spans = gold_spans(&a.text, &chars, &a.gold);
            let mut doc = Document::new(DocId::Str(a.stem.clone()), a.text.clone());
            if let Some(t) = tokenizer {
                t.process(&mut doc)
                    .map_err(|e| anyhow::anyhow!("{}: tokenize: {e}", a.stem))?;
            }
            Ok(Prepared {
                doc,
                spans,
                chars,
                gold: a.gold.clone(),
            })
        })
        .collect()
}

/// The boundary choices of PolNeAR articles (with a cue detector's
/// relations among the rules' when given).
fn boundary_choices(
    docs: &[&Prepared],
    detector: Option<&lede_attribution::cue::Detector>,
) -> (
    Vec<lede_attribution::perceptron::Choice>,
    lede_attribution::boundary::Coverage,
) {
    let stage = lede_attribution::Attribution::bundled();
    let mut choices = Vec::new();
    let mut cov = lede_attribution::boundary::Coverage::default();
    for a in docs {
        cov.add(&stage.boundary_choices_with(&a.doc, &a.spans, detector, &mut choices));
    }
    (choices, cov)
}

/// The cue detector's examples of PolNeAR articles.
fn cue_examples(docs: &[&Prepared]) -> Vec<lede_attribution::cue::Example> {
    let stage = lede_attribution::Attribution::bundled();
    let mut out = Vec::new();
    for a in docs {
        stage.cue_examples(&a.doc, &a.spans, &mut out);
    }
    out
}

/// The scores of a stage on prepared articles.
fn score_prepared(stage: &lede_attribution::Attribution, docs: &[&Prepared]) -> Counts {
    let mut total = Counts::default();
    for a in docs {
        let mut doc = a.doc.clone();
        doc.attributions = stage.extract(&doc);
        let pred = predictions(&doc, &a.chars);
        total.add(score_doc(&a.gold, &pred, &a.chars));
    }
    total
}

/// The cue detector margins tried on held-out documents.
const CUE_MARGINS: [f32; 10] = [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 1e9];

/// The cue detector's margin with the best sum of exact cue, source and
/// content F1 and relation F1 on held-out articles (the larger margin on ties).
fn tune_cue_margin(
    detector: &lede_attribution::cue::Detector,
    held: &[&Prepared],
) -> (f32, Vec<(f32, f64, f64)>) {
    use lede_attribution::boundary::Model;
    let mut best = (f64::NEG_INFINITY, 1e9);
    let mut table = Vec::new();
    for &m in CUE_MARGINS.iter().rev() {
        let model = Model::default().with_cue(detector.clone().with_margin(m));
        let stage = lede_attribution::Attribution::bundled().with_model(model);
        let c = score_prepared(&stage, held);
        let sum = c.cue_exact.f1() + c.source_exact.f1() + c.content_exact.f1() + c.relation.f1();
        table.push((m, c.cue_exact.f1(), sum));
        if sum > best.0 + 1e-9 {
            best = (sum, m);
        }
    }
    (best.1, table)
}

/// Per problem: choices, right with the rules' candidate, right with the model.
fn choice_accuracy(
    choices: &[lede_attribution::perceptron::Choice],
    model: &lede_attribution::boundary::Model,
) {
    use lede_attribution::boundary::PROBLEMS;
    let mut n = [0usize; 4];
    let mut rules = [0usize; 4];
    let mut learned = [0usize; 4];
    for c in choices {
        let i = c.problem as usize;
        n[i] += 1;
        rules[i] += usize::from(c.gold == 0);
        learned[i] += usize::from(model.pick(c) == c.gold);
    }
    for (i, name) in PROBLEMS.iter().enumerate() {
        eprintln!(
            "  {name:<14} {:6} choices: rules right {:6}, model right {:6}",
            n[i], rules[i], learned[i]
        );
    }
}

/// One PolNeAR article: its name, text and gold relations.
struct Article {
    stem: String,
    text: String,
    gold: Vec<Rel>,
}

/// The annotated articles of the given split folders, in name order.
fn articles(dirs: &[PathBuf], metadata: &Option<PathBuf>) -> Result<Vec<Article>> {
    let mut out = Vec::new();
    for dir in dirs {
        if !dir.join("text").is_dir() || !dir.join("attributions").is_dir() {
            bail!(
                "--polnear {}: not a PolNeAR split folder (expected text/ and attributions/ in it, \
                 e.g. ../shared/data/polnear/test)",
                dir.display()
            );
        }
        let meta = match metadata {
            Some(m) => m.clone(),
            None => dir.parent().unwrap_or(Path::new(".")).join("metadata.tsv"),
        };
        let firsts = first_annotators(&meta)?;
        let text_dir = dir.join("text");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&text_dir)
            .with_context(|| format!("cannot read {}", text_dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        for path in names {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let ann = match firsts.get(&stem) {
                Some(a) => dir.join("attributions").join(format!("{stem}_{a}.ann")),
                None => continue,
            };
            let Ok(ann_text) = std::fs::read_to_string(&ann) else {
                continue;
            };
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            out.push(Article {
                stem,
                text,
                gold: parse_ann(&ann_text),
            });
        }
    }
    Ok(out)
}

/// Gold relations in byte offsets, as the boundary model's trainer reads them.
fn gold_spans(
    text: &str,
    chars: &[char],
    gold: &[Rel],
) -> Vec<lede_attribution::boundary::GoldSpans> {
    let b = lede_attribution::boundary::char_to_byte(text);
    let at = |c: usize| b[c.min(b.len() - 1)];
    gold.iter()
        .map(|r| {
            let content = normalise(chars, &r.content);
            lede_attribution::boundary::GoldSpans {
                cue: r.cue.map(|(x, y)| lede_core::Span::new(at(x), at(y))),
                content: match content.as_slice() {
                    [(x, y)] => Some(lede_core::Span::new(at(*x), at(*y))),
                    _ => None,
                },
            }
        })
        .collect()
}

/// Trains the cue detector and the boundary model and writes them.
pub fn train(args: &TrainArgs, registry: &lede_core::Registry) -> Result<()> {
    use lede_attribution::boundary::{Coverage, Model, PROBLEMS};
    use lede_attribution::cue::Detector;
    let t0 = std::time::Instant::now();
    let empty = Default::default();
    let tokenizer = registry
        .build("tokenize", &empty, &StageContext::standalone("tokenize"))
        .ok();
    let arts = articles(&args.polnear, &args.metadata)?;
    if arts.is_empty() {
        bail!("no PolNeAR articles with annotations found under the given folders");
    }
    let docs = prepare(&arts, &tokenizer)?;
    let all: Vec<&Prepared> = docs.iter().collect();
    // margins are tuned on every fifth document, held out of first models
    let mut fit_docs = Vec::new();
    let mut tune_docs = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        if i % 5 == 4 {
            tune_docs.push(d);
        } else {
            fit_docs.push(d);
        }
    }
    // the cue detector first: the boundary model learns from its relations too
    let (cue_first, cue_final, cue_table) = if !args.cues {
        (Detector::default(), Detector::default(), Vec::new())
    } else {
        let fit = cue_examples(&fit_docs);
        let first = Detector::train(&fit, args.cue_min_heads, args.epochs, args.seed, args.runs);
        let (margin, table) = tune_cue_margin(&first, &tune_docs);
        let every = cue_examples(&all);
        let fin = Detector::train(
            &every,
            args.cue_min_heads,
            args.epochs,
            args.seed,
            args.runs,
        )
        .with_margin(margin)
        .with_bound(&every);
        (first.with_margin(margin).with_bound(&fit), fin, table)
    };
    let bd = |d: &Detector| Some(d.clone()).filter(|_| args.boundary_with_cues);
    let (fit, _) = boundary_choices(&fit_docs, bd(&cue_first).as_ref());
    let (tune, _) = boundary_choices(&tune_docs, bd(&cue_first).as_ref());
    let first = Model::train(&fit, args.epochs, args.seed, args.runs, "");
    let margins = first.tune_margins(&tune);
    let (choices, cov): (_, Coverage) = boundary_choices(&all, bd(&cue_final).as_ref());
    let folders: Vec<String> = args
        .polnear
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let provenance = format!(
        "docs={} epochs={} seed={} runs={} cue_min_heads={} trained-by=`lede train attribution` from={}",
        docs.len(),
        args.epochs,
        args.seed,
        args.runs,
        args.cue_min_heads,
        folders.join(",")
    );
    let model = Model::train(&choices, args.epochs, args.seed, args.runs, &provenance)
        .with_margins(margins)
        .with_cue(cue_final);
    let text = model.to_text();
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&args.out, &text)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "lede: trained the attribution boundary model{} on {} documents ({} choices) in {:.1} s",
        if args.cues { " and cue detector" } else { "" },
        docs.len(),
        choices.len(),
        t0.elapsed().as_secs_f64()
    );
    for (i, name) in PROBLEMS.iter().enumerate() {
        eprintln!(
            "  {name:<14} {:6} relations, gold among candidates {:6}, rules already right {:6}",
            cov.seen[i], cov.reachable[i], cov.rules_right[i]
        );
    }
    eprintln!(
        "  wrote {} ({} boundary weights, {} cue weights, {} gate lemmas, {} KB); it is trained on PolNeAR: keep it local",
        args.out.display(),
        model.weights().len(),
        model.cue.weights().len(),
        model.cue.gate_len(),
        text.len() / 1024
    );
    eprintln!(
        "  margins (tuned on every fifth document): {:?}, cue {}",
        model.margins(),
        model.cue.margin()
    );
    for (m, cue, sum) in &cue_table {
        eprintln!("    cue margin {m:>5}: held-out cue exact F1 {cue:.2}, cue+source+content+relation {sum:.2}");
    }
    eprintln!("training choices:");
    choice_accuracy(&choices, &model);
    if let Some(h) = &args.heldout {
        let arts = articles(std::slice::from_ref(h), &args.metadata)?;
        let held = prepare(&arts, &tokenizer)?;
        let held: Vec<&Prepared> = held.iter().collect();
        let (hc, _) = boundary_choices(&held, bd(&model.cue).as_ref());
        eprintln!("held-out choices ({}):", h.display());
        choice_accuracy(&hc, &model);
        if !model.cue.is_empty() {
            // words the rules build a relation on when they are cues, and
            // those whose relation has a gold cue the rules missed (heads)
            let ex = cue_examples(&held);
            let heads = ex.iter().filter(|e| e.head).count();
            eprintln!("  cue detector: {} words, {heads} heads", ex.len());
            for m in [-1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 8.0] {
                let d = model.cue.clone().with_margin(m);
                let right = ex.iter().filter(|e| e.head && d.accepts(e)).count();
                let wrong = ex.iter().filter(|e| !e.head && d.accepts(e)).count();
                eprintln!(
                    "    margin {m:>4}: heads accepted {right:5}, other words accepted {wrong:5}"
                );
            }
        }
    }
    Ok(())
}

/// One relation in character offsets.
#[derive(Debug, Clone, Default)]
struct Rel {
    source: Option<(usize, usize)>,
    cue: Option<(usize, usize)>,
    content: Vec<(usize, usize)>,
}

#[derive(Default)]
struct Counts {
    source_exact: Prf,
    source_overlap: Prf,
    cue_exact: Prf,
    cue_overlap: Prf,
    content_exact: Prf,
    content_overlap: Prf,
    relation: Prf,
}

impl Counts {
    fn add(&mut self, c: Counts) {
        self.source_exact.add(c.source_exact);
        self.source_overlap.add(c.source_overlap);
        self.cue_exact.add(c.cue_exact);
        self.cue_overlap.add(c.cue_overlap);
        self.content_exact.add(c.content_exact);
        self.content_overlap.add(c.content_overlap);
        self.relation.add(c.relation);
    }
}

/// Reads `metadata.tsv`: article name -> first annotator.
fn first_annotators(path: &Path) -> Result<HashMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if n == 0 {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        if let Some(first) = cols[3].split('|').next() {
            out.insert(cols[1].to_string(), first.to_string());
        }
    }
    Ok(out)
}

/// Character-offset fragments of one brat span.
type Frags = Vec<(usize, usize)>;

/// Parses a brat `.ann` into relations (character offsets).
fn parse_ann(text: &str) -> Vec<Rel> {
    let mut spans: HashMap<&str, Frags> = HashMap::new();
    let mut events: Vec<Vec<(&str, &str)>> = Vec::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_label, offs)) = body.split_once(' ') else {
                continue;
            };
            let frags: Vec<(usize, usize)> = offs
                .split(';')
                .filter_map(|f| {
                    let mut it = f.split_whitespace();
                    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
                })
                .collect();
            spans.insert(id, frags);
        } else if id.starts_with('E') {
            events.push(
                body.split_whitespace()
                    .filter_map(|r| r.split_once(':'))
                    .collect(),
            );
        }
    }
    let mut out = Vec::new();
    for ev in events {
        let mut r = Rel::default();
        for (role, tid) in ev {
            let Some(frags) = spans.get(tid) else {
                continue;
            };
            let hull = frags.first().zip(frags.last()).map(|(a, b)| (a.0, b.1));
            match role {
                "Source" => r.source = hull,
                "Cue" => r.cue = hull,
                "Content" | "Content2" => r.content.extend(frags.iter().copied()),
                _ => {}
            }
        }
        if r.cue.is_some() || !r.content.is_empty() {
            out.push(r);
        }
    }
    out
}

/// Joins fragments separated only by whitespace and trims them.
fn normalise(chars: &[char], frags: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut f: Vec<(usize, usize)> = frags
        .iter()
        .map(|&(a, b)| (a.min(chars.len()), b.min(chars.len())))
        .collect();
    f.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (mut a, mut b) in f {
        while a < b && chars[a].is_whitespace() {
            a += 1;
        }
        while b > a && chars[b - 1].is_whitespace() {
            b -= 1;
        }
        if a >= b {
            continue;
        }
        if let Some(last) = out.last_mut() {
            if last.1 <= a && chars[last.1..a].iter().all(|c| c.is_whitespace()) {
                last.1 = b;
                continue;
            }
            if a < last.1 {
                last.1 = last.1.max(b);
                continue;
            }
        }
        out.push((a, b));
    }
    out
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn frags_overlap(a: &[(usize, usize)], b: &[(usize, usize)]) -> bool {
    a.iter().any(|x| b.iter().any(|y| overlaps(*x, *y)))
}

/// Exact multiset matching.
fn exact<T: Eq + std::hash::Hash + Clone>(gold: &[T], pred: &[T]) -> Prf {
    let mut bag: HashMap<T, usize> = HashMap::new();
    for g in gold {
        *bag.entry(g.clone()).or_default() += 1;
    }
    let mut tp = 0;
    for p in pred {
        if let Some(n) = bag.get_mut(p) {
            if *n > 0 {
                *n -= 1;
                tp += 1;
            }
        }
    }
    Prf::from_counts(gold.len() as u64, pred.len() as u64, tp)
}

/// Greedy one-to-one matching under a predicate.
fn greedy<G, P>(gold: &[G], pred: &[P], ok: impl Fn(&G, &P) -> bool) -> Prf {
    let mut used = vec![false; gold.len()];
    let mut tp = 0;
    for p in pred {
        if let Some(k) = (0..gold.len()).find(|&k| !used[k] && ok(&gold[k], p)) {
            used[k] = true;
            tp += 1;
        }
    }
    Prf::from_counts(gold.len() as u64, pred.len() as u64, tp)
}

/// Predictions of the stage, in character offsets and PolNeAR's conventions.
fn predictions(doc: &Document, chars: &[char]) -> Vec<Rel> {
    let text = &doc.text;
    let mut b2c = vec![0usize; text.len() + 1];
    let mut ci = 0;
    for (bi, ch) in text.char_indices() {
        for k in 0..ch.len_utf8() {
            b2c[bi + k] = ci;
        }
        ci += 1;
    }
    b2c[text.len()] = ci;
    let conv = |s: lede_core::Span| (b2c[s.start.min(text.len())], b2c[s.end.min(text.len())]);
    let is_mark = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»' | '„');
    let mut out = Vec::new();
    for a in &doc.attributions {
        if a.kind == AttributionKind::Outlet {
            continue;
        }
        let mut parts: Vec<(usize, usize)> = if a.content_parts.is_empty() {
            a.content.iter().map(|s| conv(*s)).collect()
        } else {
            a.content_parts.iter().map(|s| conv(*s)).collect()
        };
        for p in &mut parts {
            // PolNeAR keeps the marks inside the content
            if p.0 > 1 && chars[p.0 - 1] == '\'' && chars[p.0 - 2] == '\'' {
                p.0 -= 2;
            } else if p.0 > 0 && is_mark(chars[p.0 - 1]) {
                p.0 -= 1;
            }
            if p.1 + 1 < chars.len() && chars[p.1] == '\'' && chars[p.1 + 1] == '\'' {
                p.1 += 2;
            } else if p.1 < chars.len() && is_mark(chars[p.1]) {
                p.1 += 1;
            }
        }
        out.push(Rel {
            source: a.cue.and(a.source.as_ref()).map(|s| conv(s.span)),
            cue: a.cue.map(conv),
            content: parts,
        });
    }
    out
}

fn score_doc(gold: &[Rel], pred: &[Rel], chars: &[char]) -> Counts {
    let gs: Vec<(usize, usize)> = gold.iter().filter_map(|r| r.source).collect();
    let ps: Vec<(usize, usize)> = pred.iter().filter_map(|r| r.source).collect();
    let gq: Vec<(usize, usize)> = gold.iter().filter_map(|r| r.cue).collect();
    let pq: Vec<(usize, usize)> = pred.iter().filter_map(|r| r.cue).collect();
    let gc: Vec<Vec<(usize, usize)>> = gold
        .iter()
        .map(|r| normalise(chars, &r.content))
        .filter(|c| !c.is_empty())
        .collect();
    let pc: Vec<Vec<(usize, usize)>> = pred
        .iter()
        .map(|r| normalise(chars, &r.content))
        .filter(|c| !c.is_empty())
        .collect();
    let ov = |a: &(usize, usize), b: &(usize, usize)| overlaps(*a, *b);
    Counts {
        source_exact: exact(&gs, &ps),
        source_overlap: greedy(&gs, &ps, ov),
        cue_exact: exact(&gq, &pq),
        cue_overlap: greedy(&gq, &pq, ov),
        content_exact: exact(&gc, &pc),
        content_overlap: greedy(&gc, &pc, |a, b| frags_overlap(a, b)),
        relation: greedy(
            gold,
            &pred
                .iter()
                .filter(|r| r.cue.is_some())
                .cloned()
                .collect::<Vec<_>>(),
            |g, p| {
                let cue = matches!((g.cue, p.cue), (Some(a), Some(b)) if overlaps(a, b));
                let content = frags_overlap(&g.content, &p.content);
                let source = match (g.source, p.source) {
                    (None, _) => true,
                    (Some(a), Some(b)) => overlaps(a, b),
                    (Some(_), None) => false,
                };
                cue && content && source
            },
        ),
    }
}

fn show(
    label: &str,
    chars: &[char],
    name: &str,
    gold: &[(usize, usize)],
    pred: &[(usize, usize)],
    left: &mut usize,
) {
    let s = |x: &(usize, usize)| {
        chars[x.0..x.1.min(chars.len())]
            .iter()
            .collect::<String>()
            .replace('\n', "⏎")
    };
    for g in gold {
        if *left > 0 && !pred.contains(g) {
            *left -= 1;
            let near = pred
                .iter()
                .find(|p| overlaps(**p, *g))
                .map(s)
                .unwrap_or_default();
            let ctx = (g.0.saturating_sub(80), (g.1 + 80).min(chars.len()));
            eprintln!(
                "{label} MISS {name}: [{}] got [{near}]\n    {}",
                s(g),
                s(&ctx)
            );
        }
    }
    for p in pred {
        if *left > 0 && !gold.contains(p) && !gold.iter().any(|g| overlaps(*g, *p)) {
            *left -= 1;
            let ctx = (p.0.saturating_sub(80), (p.1 + 80).min(chars.len()));
            eprintln!("{label} SPURIOUS {name}: [{}]\n    {}", s(p), s(&ctx));
        }
    }
}

/// Runs the evaluation.
pub fn run(args: &Args, registry: &lede_core::Registry) -> Result<()> {
    if args.polnear.is_empty() {
        bail!("give a PolNeAR split folder: --polnear ../shared/data/polnear/test");
    }
    let empty = Default::default();
    // the tokenizer when it is built; the stage falls back to its own otherwise
    let tokenizer = registry
        .build("tokenize", &empty, &StageContext::standalone("tokenize"))
        .ok();
    let stage: Box<dyn lede_core::Stage> = match &args.model {
        // the default options plus the model, as `model = "FILE"` builds it
        Some(m) => {
            let mut model =
                lede_attribution::boundary::Model::load(m).map_err(anyhow::Error::msg)?;
            if let Some(x) = args.cue_margin {
                model.cue = model.cue.with_margin(x);
            }
            Box::new(lede_attribution::Attribution::bundled().with_model(model))
        }
        None => registry
            .build(
                "attribution",
                &empty,
                &StageContext::standalone("attribution"),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    let oracle = match &args.model {
        Some(m) if args.cue_oracle => {
            Some(lede_attribution::Attribution::bundled().with_model(
                lede_attribution::boundary::Model::load(m).map_err(anyhow::Error::msg)?,
            ))
        }
        _ => None,
    };
    let mut total = Counts::default();
    let mut docs = 0usize;
    let mut bytes = 0usize;
    let mut elapsed = std::time::Duration::ZERO;
    let mut left = [args.show_errors; 3];
    let mut dump = match &args.dump {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        )),
        None => None,
    };
    for art in articles(&args.polnear, &args.metadata)? {
        let Article { stem, text, gold } = art;
        {
            let chars: Vec<char> = text.chars().collect();
            let mut doc = Document::new(DocId::Str(stem.clone()), text);
            if let Some(t) = &tokenizer {
                t.process(&mut doc)
                    .map_err(|e| anyhow::anyhow!("{stem}: tokenize: {e}"))?;
            }
            let t0 = std::time::Instant::now();
            match &oracle {
                Some(o) => {
                    doc.attributions =
                        o.extract_oracle(&doc, &gold_spans(&doc.text, &chars, &gold));
                }
                _ => stage
                    .process(&mut doc)
                    .map_err(|e| anyhow::anyhow!("{stem}: {e}"))?,
            }
            elapsed += t0.elapsed();
            bytes += doc.text.len();
            for a in &doc.attributions {
                for s in doc.all_spans() {
                    if !s.is_valid_in(&doc.text) {
                        bail!("{stem}: invalid span {s:?} in {a:?}");
                    }
                }
            }
            let pred = predictions(&doc, &chars);
            if let Some(w) = dump.as_mut() {
                use std::io::Write;
                let rels: Vec<serde_json::Value> = pred
                    .iter()
                    .map(|r| serde_json::json!({"source": r.source, "cue": r.cue, "content": r.content}))
                    .collect();
                writeln!(w, "{}", serde_json::json!({"doc": stem, "relations": rels}))?;
            }
            let c = score_doc(&gold, &pred, &chars);
            if args.show_errors > 0 {
                let gs: Vec<_> = gold.iter().filter_map(|r| r.source).collect();
                let ps: Vec<_> = pred.iter().filter_map(|r| r.source).collect();
                show(&stem, &chars, "source", &gs, &ps, &mut left[0]);
                let gq: Vec<_> = gold.iter().filter_map(|r| r.cue).collect();
                let pq: Vec<_> = pred.iter().filter_map(|r| r.cue).collect();
                show(&stem, &chars, "cue", &gq, &pq, &mut left[1]);
                let gc: Vec<_> = gold
                    .iter()
                    .flat_map(|r| normalise(&chars, &r.content))
                    .collect();
                let pc: Vec<_> = pred
                    .iter()
                    .flat_map(|r| normalise(&chars, &r.content))
                    .collect();
                show(&stem, &chars, "content", &gc, &pc, &mut left[2]);
            }
            total.source_exact.add(c.source_exact);
            total.source_overlap.add(c.source_overlap);
            total.cue_exact.add(c.cue_exact);
            total.cue_overlap.add(c.cue_overlap);
            total.content_exact.add(c.content_exact);
            total.content_overlap.add(c.content_overlap);
            total.relation.add(c.relation);
            docs += 1;
        }
    }
    if docs == 0 {
        bail!("no PolNeAR articles with annotations found under the given folders");
    }
    let rows: [(&str, &Prf); 7] = [
        ("source_exact", &total.source_exact),
        ("source_overlap", &total.source_overlap),
        ("cue_exact", &total.cue_exact),
        ("cue_overlap", &total.cue_overlap),
        ("content_exact", &total.content_exact),
        ("content_overlap", &total.content_overlap),
        ("relation", &total.relation),
    ];
    let mut metrics = BTreeMap::new();
    for (name, p) in rows {
        metrics.insert(format!("{name}_precision"), round2(p.precision()));
        metrics.insert(format!("{name}_recall"), round2(p.recall()));
        metrics.insert(format!("{name}_f1"), round2(p.f1()));
    }
    let mbps = if elapsed.as_secs_f64() > 0.0 {
        bytes as f64 / 1e6 / elapsed.as_secs_f64()
    } else {
        0.0
    };
    if args.json {
        let mut roles = serde_json::Map::new();
        for (name, p) in rows {
            roles.insert(name.to_string(), p.to_json());
        }
        let report = serde_json::json!({
            "documents": docs,
            "scores": roles,
            "metrics": metrics,
            "stage_mb_per_s": round2(mbps),
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        eprintln!("PolNeAR attribution: {docs} documents (first annotator per article)");
        for (name, p) in rows {
            eprintln!("  {name:<16} {p}");
        }
        eprintln!("  stage alone: {mbps:.1} MB/s (this build, one thread)");
    }
    Floors::parse(&args.min)?.check(&metrics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ann_parsing_and_fragment_joining() {
        let ann = "T1\tSource 0 2\the\nT2\tCue 3 7\tsaid\nT3\tContent 8 12;13 17\tab cd\nT4\tAttribution 3 7\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n";
        let rels = parse_ann(ann);
        assert_eq!(rels.len(), 1);
        assert_eq!(rels[0].source, Some((0, 2)));
        assert_eq!(rels[0].content, vec![(8, 12), (13, 17)]);
        let chars: Vec<char> = "he said abcd efgh".chars().collect();
        assert_eq!(normalise(&chars, &rels[0].content), vec![(8, 17)]);
    }

    #[test]
    fn exact_and_overlap_counts() {
        let g = [(0, 5), (10, 15)];
        let p = [(0, 5), (11, 14), (20, 22)];
        let e = exact(&g, &p);
        assert_eq!((e.tp, e.fp, e.fn_), (1, 2, 1));
        let o = greedy(&g, &p, |a, b| overlaps(*a, *b));
        assert_eq!((o.tp, o.fp, o.fn_), (2, 1, 0));
    }
}
