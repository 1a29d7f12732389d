//! Checks a `lede run` output file against the output schema of DESIGN.md and
//! against the input texts: one record per document, every layer present,
//! every span's `text` equal to the slice it names (char offsets).
//!
//! `cargo run --example validate_output -- OUTPUT.jsonl SAMPLES_DIR`
//! (SAMPLES_DIR holds the `.txt` documents the output was made from).

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde_json::Value;

fn check_spans(v: &Value, chars: &[char], at: &str, problems: &mut Vec<String>) {
    let slice = |s: u64, e: u64| -> Option<String> {
        let (s, e) = (s as usize, e as usize);
        (s <= e && e <= chars.len()).then(|| chars[s..e].iter().collect())
    };
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e)) = (
                m.get("start").and_then(Value::as_u64),
                m.get("end").and_then(Value::as_u64),
            ) {
                match (slice(s, e), m.get("text").and_then(Value::as_str)) {
                    (None, _) => problems.push(format!("{at}: span [{s}, {e}) out of bounds")),
                    (Some(got), Some(t)) if got != t => problems.push(format!(
                        "{at}: text {t:?} is not the slice [{s}, {e}) = {got:?}"
                    )),
                    _ => {}
                }
            }
            for (k, x) in m {
                if k != "meta" && k != "text" {
                    check_spans(x, chars, at, problems);
                }
            }
        }
        Value::Array(items) => {
            if items.len() >= 2 && items[0].is_u64() && items[1].is_u64() {
                let (s, e) = (items[0].as_u64().unwrap(), items[1].as_u64().unwrap());
                if slice(s, e).is_none() {
                    problems.push(format!("{at}: span [{s}, {e}) out of bounds"));
                }
            } else {
                for x in items {
                    check_spans(x, chars, at, problems);
                }
            }
        }
        _ => {}
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [output, samples] = &args[..] else {
        eprintln!("usage: validate_output OUTPUT.jsonl SAMPLES_DIR");
        return ExitCode::from(2);
    };
    let mut texts = BTreeMap::new();
    for e in std::fs::read_dir(samples).expect("read samples dir") {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            texts.insert(name, std::fs::read_to_string(&p).expect("sample is UTF-8"));
        }
    }
    let data = std::fs::read_to_string(output).expect("read output");
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let mut counts = BTreeMap::<&str, usize>::new();
    for (n, line) in data.lines().enumerate() {
        let at = format!("{output}:{}", n + 1);
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{at}: not JSON: {e}"));
                continue;
            }
        };
        let id = v["id"].as_str().unwrap_or_default().to_string();
        for key in [
            "errors",
            "sentences",
            "entities",
            "quantities",
            "attributions",
        ] {
            match v.get(key).and_then(Value::as_array) {
                Some(a) => *counts.entry(key).or_default() += a.len(),
                None => problems.push(format!("{at}: `{key}` missing or not an array")),
            }
        }
        if v["errors"].as_array().is_some_and(|e| !e.is_empty()) {
            problems.push(format!("{at}: document {id} has errors: {}", v["errors"]));
        }
        match texts.get(&id) {
            Some(t) => check_spans(&v, &t.chars().collect::<Vec<_>>(), &at, &mut problems),
            None => problems.push(format!("{at}: id {id:?} is not a file in {samples}")),
        }
        seen.push(id);
    }
    let expected: Vec<String> = texts.keys().cloned().collect();
    if seen != expected {
        problems.push(format!(
            "ids {seen:?} differ from the sample files {expected:?}"
        ));
    }
    for p in &problems {
        eprintln!("validate_output: {p}");
    }
    eprintln!(
        "validate_output: {} records; layer items: {counts:?}",
        seen.len()
    );
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
