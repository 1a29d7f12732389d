//! End-to-end tests of the `lede` binary.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lede() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lede"));
    c.current_dir(root());
    c
}

fn run(args: &[&str]) -> Output {
    lede().args(args).output().expect("run lede")
}

fn lines(out: &[u8]) -> Vec<Value> {
    out.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("each stdout line is JSON"))
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Checks every `{start, end, text}` object and `[start, end]` layer entry
/// against the text, counting code points.
fn check_spans(v: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| -> String {
        assert!(
            s <= e && e <= chars.len(),
            "span [{s}, {e}) out of bounds ({} chars)",
            chars.len()
        );
        chars[s..e].iter().collect()
    };
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e)) = (m.get("start"), m.get("end")) {
                let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                let got = slice(s, e);
                if let Some(t) = m.get("text") {
                    assert_eq!(t.as_str().unwrap(), got, "text must equal the slice");
                }
            }
            for (k, x) in m {
                if k != "meta" {
                    check_spans(x, text);
                }
            }
        }
        Value::Array(items) => {
            if items.len() >= 2 && items[0].is_u64() && items[1].is_u64() {
                slice(
                    items[0].as_u64().unwrap() as usize,
                    items[1].as_u64().unwrap() as usize,
                );
            } else {
                for x in items {
                    check_spans(x, text);
                }
            }
        }
        _ => {}
    }
}

const NOOP: &str = "[[stage]]\nkind = \"noop\"\n";

#[test]
fn default_pipeline_runs_on_the_samples() {
    let o = run(&["run", "--threads", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = lines(&o.stdout);
    let mut files: Vec<_> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 8,
        "the samples folder holds the default corpus"
    );
    let ids: Vec<_> = docs
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, files, "one record per sample, in sorted path order");
    // Layers no stage of the default pipeline provides are written empty.
    let provided: Vec<String> = lede_pipeline::Pipeline::build(
        &lede_pipeline::Config::from_path(&root().join("pipeline.toml")).unwrap(),
        &lede::registry(),
    )
    .unwrap()
    .provided_layers()
    .iter()
    .map(|l| l.name().to_string())
    .collect();
    let mut totals = [0usize; 4];
    for d in &docs {
        assert_eq!(d["errors"], serde_json::json!([]), "{}", d["id"]);
        let text = std::fs::read_to_string(root().join("samples").join(d["id"].as_str().unwrap()))
            .unwrap();
        check_spans(d, &text);
        for (i, layer) in ["sentences", "entities", "quantities", "attributions"]
            .iter()
            .enumerate()
        {
            totals[i] += d[layer]
                .as_array()
                .unwrap_or_else(|| panic!("{layer} present"))
                .len();
        }
    }
    for (i, layer) in ["sentences", "entities", "quantities", "attributions"]
        .iter()
        .enumerate()
    {
        if provided.iter().any(|p| p == layer) {
            assert!(
                totals[i] > 0,
                "{layer} finds something in the samples: {totals:?}"
            );
        } else {
            assert_eq!(totals[i], 0, "{layer} has no stage and stays empty");
        }
    }
    assert!(
        stderr(&o).contains("documents (0 with errors)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stdin_to_stdout_streams_before_input_ends() {
    let mut child = lede()
        .args(["run", "--input", "-", "--output", "-", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    stdin
        .write_all(
            b"{\"id\": \"first\", \"text\": \"Troops entered Mosul on Sunday, officials said.\"}\n",
        )
        .unwrap();
    stdin.flush().unwrap();
    // The input is still open: the first record must arrive anyway. The
    // long timeout only guards against a hang; it measures nothing.
    let first = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("output before input ends");
    let v: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["id"], "first");
    stdin
        .write_all(b"{\"id\": 2, \"text\": \"More than 80 percent of the city was retaken.\"}\n")
        .unwrap();
    drop(stdin);
    let second = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("second record");
    assert_eq!(serde_json::from_str::<Value>(&second).unwrap()["id"], 2);
    assert!(child.wait().unwrap().success());
}

#[test]
fn every_bad_input_line_yields_one_record() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(dir.path(), "p.toml", NOOP.as_bytes());
    let input = write(
        dir.path(),
        "in.jsonl",
        b"{\"id\": 10, \"text\": \"ok\", \"source\": \"wire\"}\n\
          {broken\n\
          [1, 2]\n\
          {\"id\": \"no-text\"}\n\
          {\"id\": \"null-text\", \"text\": null}\n\
          \n\
          {\"id\": 3.5, \"text\": 42}\n\
          {\"id\": \"bad-utf8\", \"text\": \"caf\xe9\"}\n\
          {\"text\": \"\"}\n\
          \"just a string\"\n",
    );
    let o = run(&[
        "run",
        cfg.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "document errors do not fail the run: {}",
        stderr(&o)
    );
    let docs = lines(&o.stdout);
    assert_eq!(docs.len(), 9, "nine non-blank lines in, nine records out");
    let ids: Vec<Value> = docs.iter().map(|d| d["id"].clone()).collect();
    assert_eq!(
        ids,
        serde_json::json!([10, 2, 3, "no-text", "null-text", 3.5, "bad-utf8", 9, 10])
            .as_array()
            .unwrap()
            .clone()
    );
    assert_eq!(docs[0]["meta"]["source"], "wire");
    assert_eq!(docs[0]["errors"], serde_json::json!([]));
    assert_eq!(
        docs[7]["errors"],
        serde_json::json!([]),
        "empty text is not an error"
    );
    for (i, d) in docs.iter().enumerate() {
        if [0, 7].contains(&i) {
            continue;
        }
        let e = &d["errors"][0];
        assert_eq!(e["stage"], "input");
        let msg = e["message"].as_str().unwrap();
        assert!(msg.contains("in.jsonl:"), "message names file:line: {msg}");
        for layer in ["sentences", "entities", "quantities", "attributions"] {
            assert_eq!(d[layer], serde_json::json!([]), "stable shape: {layer}");
        }
    }
    let err = stderr(&o);
    assert!(err.contains("in.jsonl:2: not valid JSON"), "{err}");
    assert!(err.contains("in.jsonl:8: not valid UTF-8"), "{err}");
    assert!(err.contains("skipped 1 blank input lines"), "{err}");
}

#[test]
fn unknown_config_key_is_rejected_before_reading_input() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "p.toml",
        b"[run]\nthredas = 2\n[[stage]]\nkind = \"noop\"\n",
    );
    let o = run(&[
        "run",
        cfg.to_str().unwrap(),
        "--input",
        "/nonexistent/corpus.jsonl",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("unknown key `thredas` in [run] (did you mean `threads`?)"),
        "{}",
        stderr(&o)
    );
    let cfg = write(
        dir.path(),
        "q.toml",
        b"[[stage]]\nkind = \"noop\"\n[[stage]]\nkind = \"fault\"\nfail_onn = \"x\"\n",
    );
    let o = run(&["check", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown key `fail_onn` in stage[2] (did you mean `fail_on`?)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stage_order_violation_is_rejected_naming_both_stages() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "p.toml",
        b"[[stage]]\nkind = \"fault\"\nrequires = [\"tokens\"]\n[[stage]]\nkind = \"tokenize\"\n",
    );
    for cmd in ["run", "check"] {
        let o = run(&[cmd, cfg.to_str().unwrap(), "--input", "/nonexistent"]
            [..if cmd == "run" { 4 } else { 2 }]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let e = stderr(&o);
        assert!(e.contains("stage[1] `fault` requires `tokens`"), "{e}");
        assert!(e.contains("stage[2] `tokenize`"), "{e}");
    }
}

#[test]
fn closed_pipe_ends_quietly_with_success() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(dir.path(), "p.toml", NOOP.as_bytes());
    let mut big = Vec::new();
    for i in 0..200_000 {
        writeln!(
            big,
            "{{\"id\": {i}, \"text\": \"Some 30 kilometers of the border were retaken.\"}}"
        )
        .unwrap();
    }
    let input = write(dir.path(), "big.jsonl", &big);
    let mut child = lede()
        .args([
            "run",
            cfg.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("{\"id\":0"), "{first}");
    // The reader is dropped here, as `| head -1` would.
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "exit {status}: {err}");
    assert!(!err.contains("lede: error"), "{err}");
    assert!(err.contains("output was closed early"), "{err}");
}

#[test]
fn abort_mode_exits_nonzero_naming_document_and_stage() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "p.toml",
        b"[run]\non_error = \"abort\"\n[[stage]]\nkind = \"fault\"\nfail_on = \"BOOM\"\n",
    );
    let input = write(dir.path(), "in.jsonl", b"{\"id\":\"a\",\"text\":\"fine\"}\n{\"id\":\"b\",\"text\":\"BOOM\"}\n{\"id\":\"c\",\"text\":\"fine\"}\n");
    let o = run(&[
        "run",
        cfg.to_str().unwrap(),
        "-i",
        input.to_str().unwrap(),
        "-j",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("stopped at document b: stage `fault` failed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(lines(&o.stdout).len(), 2);
    // The same config in record mode writes all three.
    let cfg2 = write(
        dir.path(),
        "r.toml",
        b"[[stage]]\nkind = \"fault\"\nfail_on = \"BOOM\"\n",
    );
    let o = run(&["run", cfg2.to_str().unwrap(), "-i", input.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(lines(&o.stdout).len(), 3);
    let o = run(&[
        "run",
        cfg2.to_str().unwrap(),
        "-i",
        input.to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(1), "--strict turns on abort");
}

#[test]
fn folder_input_is_recursive_sorted_and_ids_are_relative_paths() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(&corpus, "b.txt", "Raqqa".as_bytes());
    write(&corpus, "a/c.txt", "Tal Afar".as_bytes());
    write(
        &corpus,
        "a/d.jsonl",
        b"{\"id\": \"d1\", \"text\": \"x\"}\n{\"text\": \"y\"}\n",
    );
    write(&corpus, "bad.txt", b"\xff\xfe");
    write(&corpus, "notes.md", b"ignored");
    let cfg = write(
        dir.path(),
        "p.toml",
        b"[input]\npath = \"corpus\"\n[output]\ninclude = [\"text\"]\n[[stage]]\nkind = \"noop\"\n",
    );
    let o = run(&["run", cfg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = lines(&o.stdout);
    let ids: Vec<Value> = docs.iter().map(|d| d["id"].clone()).collect();
    assert_eq!(
        ids,
        vec![
            Value::from("a/c.txt"),
            "d1".into(),
            2.into(),
            "b.txt".into(),
            "bad.txt".into()
        ]
    );
    assert_eq!(docs[0]["text"], "Tal Afar");
    assert!(docs[4]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8"));
    assert!(stderr(&o).contains("skipped 1 files"), "{}", stderr(&o));
}

#[test]
fn output_file_and_missing_input() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(dir.path(), "p.toml", b"[input]\npath = \"in.jsonl\"\n[output]\npath = \"out/result.jsonl\"\n[[stage]]\nkind = \"noop\"\n");
    write(dir.path(), "in.jsonl", b"{\"text\": \"a\"}\n");
    let o = run(&["check", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "the output folder is missing");
    assert!(stderr(&o).contains("[output].path"), "{}", stderr(&o));
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let o = run(&["check", cfg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok: 1 stage(s): noop"));
    let o = run(&["run", cfg.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(o.stdout.is_empty(), "results went to the file");
    let written = std::fs::read(dir.path().join("out/result.jsonl")).unwrap();
    assert_eq!(lines(&written).len(), 1);
    let o = run(&[
        "run",
        cfg.to_str().unwrap(),
        "--input",
        "/nonexistent/x.jsonl",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/nonexistent/x.jsonl"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stages_lists_every_builtin_kind() {
    let o = run(&["stages", "--json"]);
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    for k in [
        "attribution",
        "fault",
        "gazetteer",
        "noop",
        "quantities",
        "tokenize",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    let tok = v
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "tokenize")
        .unwrap();
    assert!(tok["provides"]
        .as_array()
        .unwrap()
        .contains(&Value::from("tokens")));
}

#[test]
fn help_documents_exit_codes() {
    let o = run(&["run", "--help"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Exit status:"), "{text}");
    assert!(text.contains("on_error = \"abort\""), "{text}");
}

#[test]
fn gen_is_deterministic_and_feeds_the_pipeline() {
    let a = run(&["gen", "--bytes", "20000", "--seed", "3"]);
    let b = run(&["gen", "--bytes", "20000", "--seed", "3"]);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "same seed, same corpus");
    let docs = lines(&a.stdout);
    assert!(a.stdout.len() >= 20000 && docs.len() >= 5);
    assert_eq!(docs[0]["id"], 1);
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "gen.jsonl", &a.stdout);
    let o = run(&["run", "--input", input.to_str().unwrap(), "-q"]);
    assert!(o.status.success());
    assert_eq!(lines(&o.stdout).len(), docs.len());
}

#[test]
fn bench_reports_each_thread_count_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(dir.path(), "p.toml", NOOP.as_bytes());
    let input = write(
        dir.path(),
        "in.jsonl",
        "{\"text\": \"Mosul\"}\n".repeat(50).as_bytes(),
    );
    let o = run(&[
        "bench",
        cfg.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--threads",
        "1,2",
        "--repeat",
        "1",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["docs"], 50);
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1]["threads"], 2);
    assert_eq!(runs[0]["stages"][0]["name"], "noop");
    assert!(runs[0]["speedup_over_1_thread"].as_f64().unwrap() > 0.99);
    let o = run(&["bench", cfg.to_str().unwrap(), "--threads", "0"]);
    assert_eq!(o.status.code(), Some(2), "thread counts start at 1");
}

#[test]
fn train_and_eval_name_a_folder_that_is_not_a_polnear_split() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let out = dir.path().join("m.txt").display().to_string();
    for args in [
        vec![
            "train",
            "attribution",
            "--polnear",
            d.as_str(),
            "--out",
            out.as_str(),
        ],
        vec!["eval", "attribution", "--polnear", d.as_str()],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = stderr(&o);
        assert!(
            e.contains(&d) && e.contains("not a PolNeAR split folder"),
            "{e}"
        );
    }
    assert!(!dir.path().join("m.txt").exists());
}
