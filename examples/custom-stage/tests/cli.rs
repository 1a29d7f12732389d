//! The example's binary runs the whole lede CLI with its own stage:
//! `stages` lists it, `check` validates a config naming it, `run` uses it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lede-casualties"))
}

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn stages_lists_the_custom_kind_next_to_the_built_in_ones() {
    let out = ok(&bin().arg("stages").output().unwrap());
    assert!(out.contains("casualties\n    casualty claims"), "{out}");
    assert!(out.contains("max_gap (integer; default 6)"), "{out}");
    for kind in ["tokenize", "gazetteer", "patterns", "command"] {
        assert!(
            out.contains(&format!("\n{kind}\n")),
            "{kind} missing:\n{out}"
        );
    }
}

#[test]
fn check_accepts_the_example_config_and_rejects_a_bad_one() {
    let cfg = here().join("pipeline.toml");
    let out = ok(&bin().arg("check").arg(&cfg).output().unwrap());
    assert!(out.contains("tokenize -> gazetteer -> casualties"), "{out}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[stage]]\nkind = \"casualties\"\nmax_gapp = 3\n").unwrap();
    let out = bin().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `max_gap`"), "{err}");

    std::fs::write(&bad, "[[stage]]\nkind = \"casualties\"\n").unwrap();
    let out = bin().arg("check").arg(&bad).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("requires `tokens`"), "{err}");
}

#[test]
fn run_writes_casualty_claims_for_the_samples() {
    let cfg = here().join("pipeline.toml");
    let out = ok(&bin().args(["run", "-q"]).arg(&cfg).output().unwrap());
    let docs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 10, "one line per sample");
    let claims: Vec<&Value> = docs
        .iter()
        .flat_map(|d| d["casualties"].as_array().unwrap().iter())
        .collect();
    let texts: Vec<&str> = claims.iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert!(
        texts.contains(&"21 ISIS fighters had been killed"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"more than 1,000 civilians were killed"),
        "{texts:?}"
    );
    let isis = claims
        .iter()
        .find(|c| c["text"] == "21 ISIS fighters had been killed")
        .unwrap();
    assert_eq!(isis["roles"]["count"]["text"], "21");
    assert_eq!(isis["data"]["count"], 21.0);
    assert!(docs
        .iter()
        .all(|d| d["errors"].as_array().unwrap().is_empty()));
}

#[test]
fn run_on_stdin_with_patterns_and_the_python_command_stage() {
    let has_python = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_python {
        eprintln!("SKIPPED: python3 is not on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../command-stage/stage.py");
    let cfg = dir.path().join("p.toml");
    std::fs::write(
        &cfg,
        format!(
            r#"
[output]
include = []
[[stage]]
kind = "tokenize"
[[stage]]
kind = "patterns"
output = "groups"
[[stage.patterns]]
label = "group"
phrases = ["ISIS", "Peshmerga"]
[[stage]]
kind = "command"
name = "py"
command = ["python3", {script:?}]
options = {{crash_on = "CRASH"}}
[[stage]]
kind = "casualties"
"#
        ),
    )
    .unwrap();
    let input = "{\"id\": \"a\", \"text\": \"Peshmerga said 4 ISIS fighters were killed.\"}\n\
                 {\"id\": \"b\", \"text\": \"CRASH\"}\n\
                 {\"id\": \"c\", \"text\": \"Later 2 soldiers were wounded.\"}\n";
    let mut child = bin()
        .args(["run", "--input", "-", "-q", "-j", "1"])
        .arg(&cfg)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = ok(&child.wait_with_output().unwrap());
    let docs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["groups"].as_array().unwrap().len(), 2);
    assert_eq!(docs[0]["py"][0]["text"], "4 ISIS fighters were killed");
    assert_eq!(
        docs[0]["casualties"][0]["text"],
        "4 ISIS fighters were killed"
    );
    let err = docs[1]["errors"][0]["message"].as_str().unwrap();
    assert!(err.contains("the program exited"), "{err}");
    assert_eq!(docs[2]["py"][0]["text"], "2 soldiers were wounded");
    assert!(docs[2]["errors"].as_array().unwrap().is_empty());
}
