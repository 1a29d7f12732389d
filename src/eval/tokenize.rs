//! `lede eval tokenize`: tokens and sentences against CoNLL-U gold, by the
//! CoNLL 2018 shared-task definitions.
//!
//! Each document's raw text is rebuilt from the CoNLL-U file: surface forms
//! joined by a space unless `SpaceAfter=No`, sentences of a paragraph joined
//! by a space, paragraphs (`# newpar...`) by a blank line, documents
//! (`# newdoc`) processed separately. Surface tokens are multiword-token
//! ranges ("don't") plus the words outside them; empty nodes are skipped.
//! Spans are compared as character offsets into the text with all whitespace
//! removed, as `conll18_ud_eval.py` does, so only exact matches count.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use lede_core::{DocId, Document, Span};
use lede_pipeline::Pipeline;

use super::{round2, Floors, Prf};

/// Options of `lede eval tokenize`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// CoNLL-U gold file(s), e.g. ../shared/data/ud/en_ewt-ud-test.conllu.
    #[arg(long, required = true)]
    pub conllu: Vec<PathBuf>,
    /// Fail when a metric is below a floor: NAME=VALUE, repeatable. With
    /// several files every file must meet every floor.
    #[arg(long = "min", value_name = "NAME=VALUE")]
    pub min: Vec<String>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// A `tokenize` stage option, KEY=VALUE (e.g. `line_breaks=space`), repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Print up to N token and N sentence-boundary errors per file (to stderr).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub show_errors: usize,
}

/// One gold document rebuilt from CoNLL-U.
#[derive(Debug, Default, Clone)]
pub struct GoldDoc {
    /// The `# newdoc id`, or a running number.
    pub id: String,
    /// The rebuilt raw text.
    pub text: String,
    /// Surface token byte spans.
    pub tokens: Vec<Span>,
    /// Sentence byte spans.
    pub sentences: Vec<Span>,
}

/// Rebuilds the documents of a CoNLL-U file.
pub fn read_conllu(content: &str) -> Result<Vec<GoldDoc>> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut cur = GoldDoc::default();
    // Surface forms of the current sentence with their SpaceAfter.
    let mut sent: Vec<(String, bool)> = Vec::new();
    let mut new_par = false;
    let mut skip_until = 0u64;
    let flush_sentence = |cur: &mut GoldDoc, sent: &mut Vec<(String, bool)>, new_par: &mut bool| {
        if sent.is_empty() {
            return;
        }
        if !cur.text.is_empty() {
            cur.text.push_str(if *new_par { "\n\n" } else { " " });
        }
        *new_par = false;
        let start = cur.text.len();
        let n = sent.len();
        for (i, (form, space)) in sent.drain(..).enumerate() {
            let s = cur.text.len();
            cur.text.push_str(&form);
            cur.tokens.push(Span::new(s, cur.text.len()));
            if space && i + 1 < n {
                cur.text.push(' ');
            }
        }
        cur.sentences.push(Span::new(start, cur.text.len()));
    };
    for (lineno, line) in content.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            flush_sentence(&mut cur, &mut sent, &mut new_par);
            skip_until = 0;
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if c.starts_with("newdoc") {
                flush_sentence(&mut cur, &mut sent, &mut new_par);
                if !cur.tokens.is_empty() {
                    docs.push(std::mem::take(&mut cur));
                }
                cur.id = c
                    .split_once('=')
                    .map(|(_, v)| v.trim().to_string())
                    .unwrap_or_else(|| format!("doc{}", docs.len() + 1));
                new_par = false;
            } else if c.starts_with("newpar") {
                new_par = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            bail!(
                "line {}: expected 10 tab-separated columns, found {}",
                lineno + 1,
                cols.len()
            );
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        let space = !cols[9].split('|').any(|a| a == "SpaceAfter=No");
        if let Some((_, b)) = id.split_once('-') {
            let b: u64 = b
                .parse()
                .with_context(|| format!("line {}: bad range id {id:?}", lineno + 1))?;
            skip_until = b;
            sent.push((cols[1].to_string(), space));
            continue;
        }
        let n: u64 = id
            .parse()
            .with_context(|| format!("line {}: bad id {id:?}", lineno + 1))?;
        if n <= skip_until {
            continue;
        }
        sent.push((cols[1].to_string(), space));
    }
    flush_sentence(&mut cur, &mut sent, &mut new_par);
    if !cur.tokens.is_empty() {
        docs.push(cur);
    }
    for (i, d) in docs.iter_mut().enumerate() {
        if d.id.is_empty() {
            d.id = format!("doc{}", i + 1);
        }
    }
    Ok(docs)
}

/// Maps byte offsets to offsets in the text with whitespace removed.
fn nonspace_index(text: &str) -> Vec<u32> {
    let mut idx = vec![0u32; text.len() + 1];
    let mut count = 0u32;
    for (i, c) in text.char_indices() {
        for k in 0..c.len_utf8() {
            idx[i + k] = count;
        }
        if !c.is_whitespace() {
            count += 1;
        }
    }
    idx[text.len()] = count;
    idx
}

/// Exact matches between two sorted span lists, in whitespace-free offsets.
fn score(idx: &[u32], gold: &[Span], sys: &[Span]) -> (Prf, Vec<bool>, Vec<bool>) {
    let key = |s: &Span| (idx[s.start], idx[s.end]);
    let g: Vec<(u32, u32)> = gold.iter().map(key).filter(|(a, b)| a < b).collect();
    let s: Vec<(u32, u32)> = sys.iter().map(key).filter(|(a, b)| a < b).collect();
    let (mut i, mut j, mut tp) = (0, 0, 0u64);
    let mut gm = vec![false; g.len()];
    let mut sm = vec![false; s.len()];
    while i < g.len() && j < s.len() {
        if g[i] == s[j] {
            gm[i] = true;
            sm[j] = true;
            tp += 1;
            i += 1;
            j += 1;
        } else if g[i] < s[j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (Prf::from_counts(g.len() as u64, s.len() as u64, tp), gm, sm)
}

/// Scores of one file.
#[derive(Debug, Default, Clone)]
struct FileScore {
    docs: usize,
    tokens: Prf,
    sentences: Prf,
}

impl FileScore {
    fn metrics(&self) -> BTreeMap<String, f64> {
        let mut m = BTreeMap::new();
        for (name, p) in [("tokens", &self.tokens), ("sentences", &self.sentences)] {
            m.insert(format!("{name}_precision"), round2(p.precision()));
            m.insert(format!("{name}_recall"), round2(p.recall()));
            m.insert(format!("{name}_f1"), round2(p.f1()));
        }
        m
    }
}

fn context(text: &str, at: usize, width: usize) -> String {
    let mut a = at.saturating_sub(width);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (at + width).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}⟂{}", &text[a..at], &text[at..b]).replace('\n', "⏎")
}

fn show(text: &str, spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect::<Vec<_>>()
        .join("|")
}

/// Runs the evaluation.
pub fn run(args: &Args, registry: &lede_core::Registry) -> Result<()> {
    let mut config = String::from("[[stage]]\nkind = \"tokenize\"\n");
    for kv in &args.set {
        let (k, v) = kv
            .split_once('=')
            .with_context(|| format!("--set {kv:?}: expected KEY=VALUE"))?;
        let v = v.trim();
        let literal = v.starts_with(['"', '[', '\''])
            || v == "true"
            || v == "false"
            || v.parse::<f64>().is_ok();
        let v = if literal {
            v.to_string()
        } else {
            serde_json::to_string(v)?
        };
        let _ = writeln!(config, "{} = {v}", k.trim());
    }
    let pipeline =
        Pipeline::from_toml_str(&config, registry).map_err(|e| anyhow::anyhow!("{e}"))?;

    let mut files = Vec::new();
    let mut total = FileScore::default();
    for path in &args.conllu {
        let content = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let gold = read_conllu(&content).with_context(|| format!("{}", path.display()))?;
        let mut fs = FileScore {
            docs: gold.len(),
            ..FileScore::default()
        };
        let (mut tok_errs, mut sent_errs) = (String::new(), String::new());
        let (mut n_tok_errs, mut n_sent_errs) = (0usize, 0usize);
        for g in &gold {
            let mut doc = Document::new(DocId::Str(g.id.clone()), g.text.clone());
            if pipeline.process(&mut doc) {
                bail!("{}: document {}: {:?}", path.display(), g.id, doc.errors);
            }
            let idx = nonspace_index(&g.text);
            let sys_tokens: Vec<Span> = doc.tokens.iter().map(|t| t.span).collect();
            let (tp, gm, _) = score(&idx, &g.tokens, &sys_tokens);
            let (sp, _, _) = score(&idx, &g.sentences, &doc.sentences);
            fs.tokens.add(tp);
            fs.sentences.add(sp);
            if args.show_errors > 0 {
                let mut last_end = 0;
                for (k, gs) in g.tokens.iter().enumerate() {
                    if gm.get(k).copied().unwrap_or(true) || gs.start < last_end {
                        continue;
                    }
                    if n_tok_errs < args.show_errors {
                        // The region of overlapping gold and system tokens.
                        let (mut a, mut b) = (gs.start, gs.end);
                        let mut grown = true;
                        while grown {
                            grown = false;
                            for s in g.tokens.iter().chain(sys_tokens.iter()) {
                                if s.start < b && a < s.end && (s.start < a || s.end > b) {
                                    a = a.min(s.start);
                                    b = b.max(s.end);
                                    grown = true;
                                }
                            }
                        }
                        let gold_in: Vec<Span> = g
                            .tokens
                            .iter()
                            .copied()
                            .filter(|s| s.start >= a && s.end <= b)
                            .collect();
                        let sys_in: Vec<Span> = sys_tokens
                            .iter()
                            .copied()
                            .filter(|s| s.start >= a && s.end <= b)
                            .collect();
                        let _ = writeln!(
                            tok_errs,
                            "  gold {:40} sys {}",
                            show(&g.text, &gold_in),
                            show(&g.text, &sys_in)
                        );
                        last_end = b;
                    }
                    n_tok_errs += 1;
                }
                let gold_ends: std::collections::BTreeSet<usize> =
                    g.sentences.iter().map(|s| idx[s.end] as usize).collect();
                let sys_ends: std::collections::BTreeSet<usize> =
                    doc.sentences.iter().map(|s| idx[s.end] as usize).collect();
                for s in &g.sentences {
                    if !sys_ends.contains(&(idx[s.end] as usize)) {
                        if n_sent_errs < args.show_errors {
                            let _ =
                                writeln!(sent_errs, "  missed  {}", context(&g.text, s.end, 50));
                        }
                        n_sent_errs += 1;
                    }
                }
                for s in &doc.sentences {
                    if !gold_ends.contains(&(idx[s.end] as usize)) {
                        if n_sent_errs < args.show_errors {
                            let _ =
                                writeln!(sent_errs, "  extra   {}", context(&g.text, s.end, 50));
                        }
                        n_sent_errs += 1;
                    }
                }
            }
        }
        if args.show_errors > 0 {
            eprintln!(
                "{}: token errors (first {}):\n{tok_errs}",
                path.display(),
                args.show_errors
            );
            eprintln!(
                "{}: sentence-boundary errors (first {}):\n{sent_errs}",
                path.display(),
                args.show_errors
            );
        }
        total.docs += fs.docs;
        total.tokens.add(fs.tokens);
        total.sentences.add(fs.sentences);
        files.push((path.clone(), fs));
    }

    if args.json {
        let mut arr = Vec::new();
        for (p, fs) in &files {
            arr.push(serde_json::json!({
                "file": p.display().to_string(),
                "docs": fs.docs,
                "tokens": fs.tokens.to_json(),
                "sentences": fs.sentences.to_json(),
                "metrics": fs.metrics(),
            }));
        }
        let report = serde_json::json!({
            "files": arr,
            "total": {
                "docs": total.docs,
                "tokens": total.tokens.to_json(),
                "sentences": total.sentences.to_json(),
                "metrics": total.metrics(),
            }
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for (p, fs) in &files {
            print_file(p, fs);
        }
        if files.len() > 1 {
            print_file(Path::new("all files (micro-average)"), &total);
        }
    }

    let floors = Floors::parse(&args.min)?;
    let mut failures = Vec::new();
    for (p, fs) in &files {
        if let Err(e) = floors.check(&fs.metrics()) {
            failures.push(format!("{}: {e}", p.display()));
        }
    }
    if !failures.is_empty() {
        bail!("{}", failures.join("\n"));
    }
    Ok(())
}

fn print_file(p: &Path, fs: &FileScore) {
    println!("{} ({} documents)", p.display(), fs.docs);
    println!("  tokens     {}", fs.tokens);
    println!("  sentences  {}", fs.sentences);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# newpar id = p1\n# text = Troops didn't stop.\n\
1\tTroops\t_\t_\t_\t_\t_\t_\t_\t_\n\
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdid\t_\t_\t_\t_\t_\t_\t_\t_\n\
3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
4\tstop\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\
\n\
# newpar id = p2\n\
1\tMosul\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
1.1\tfell\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\t!\t_\t_\t_\t_\t_\t_\t_\t_\n\
\n\
# newdoc id = d2\n\
1\tRaqqa\t_\t_\t_\t_\t_\t_\t_\t_\n\n";

    #[test]
    fn conllu_rebuilds_text_tokens_and_sentences() {
        let docs = read_conllu(SAMPLE).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "d1");
        assert_eq!(docs[0].text, "Troops didn't stop.\n\nMosul!");
        let t = &docs[0];
        let forms: Vec<&str> = t.tokens.iter().map(|s| &t.text[s.start..s.end]).collect();
        assert_eq!(forms, ["Troops", "didn't", "stop", ".", "Mosul", "!"]);
        assert_eq!(t.sentences.len(), 2);
        assert_eq!(docs[1].text, "Raqqa");
    }

    #[test]
    fn scoring_ignores_whitespace_and_counts_exact_spans() {
        let text = "ab  cd";
        let idx = nonspace_index(text);
        let gold = [Span::new(0, 2), Span::new(4, 6)];
        let sys = [Span::new(0, 1), Span::new(1, 2), Span::new(4, 6)];
        let (p, gm, _) = score(&idx, &gold, &sys);
        assert_eq!((p.tp, p.fp, p.fn_), (1, 2, 1));
        assert_eq!(gm, [false, true]);
    }
}
