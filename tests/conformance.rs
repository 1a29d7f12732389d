//! Every built-in stage kind, built from `lede::registry()` after the stages
//! it needs, passes the conformance suite of `lede-testkit`: empty and
//! whitespace-only text, a 5 MB text, combining marks, RTL, emoji, NUL,
//! spans in bounds and on character boundaries, deterministic output, no
//! panic, no writes to undeclared layers.

use lede_testkit::Conformance;

/// Builds the suite for a pipeline config, or says why it cannot run yet.
fn suite(config: &str) -> Option<Conformance> {
    match Conformance::from_toml(&lede::registry(), config) {
        Ok(c) => Some(c),
        // A stage crate still at its skeleton registers a factory that
        // refuses to build; its test starts checking as soon as it is built.
        Err(e) if e.to_string().contains("not built yet") => {
            eprintln!("SKIPPED: {e}");
            None
        }
        Err(e) => panic!("the pipeline should build: {e}"),
    }
}

fn check(config: &str) {
    if let Some(c) = suite(config) {
        let report = c.run();
        eprintln!("{report}");
        report.assert_ok();
    }
}

#[test]
fn tokenize_conforms() {
    check("[[stage]]\nkind = \"tokenize\"");
}

#[test]
fn gazetteer_with_bundled_dictionaries_conforms() {
    check(
        r#"
        [[stage]]
        kind = "tokenize"
        [[stage]]
        kind = "gazetteer"
        dictionaries = ["bundled:actors", "bundled:places"]
        "#,
    );
}

#[test]
fn quantities_conforms() {
    check("[[stage]]\nkind = \"tokenize\"\n[[stage]]\nkind = \"quantities\"");
}

const ATTRIBUTION: &str = r#"
    [[stage]]
    kind = "tokenize"
    [[stage]]
    kind = "gazetteer"
    [[stage]]
    kind = "attribution"
"#;

#[test]
fn attribution_conforms() {
    check(ATTRIBUTION);
}

#[test]
fn patterns_conforms() {
    check(
        r#"
        [[stage]]
        kind = "tokenize"
        [[stage]]
        kind = "patterns"
        output = "hits"
        case = "insensitive"
        [[stage.patterns]]
        label = "ORG"
        phrases = ["ISIS", "Islamic State", "Daesh", "داعش"]
        [[stage.patterns]]
        label = "CASUALTIES"
        tokens = [{kind = "number"}, {op = "*"}, {in = ["killed", "wounded", "fled"]}]
        [[stage.patterns]]
        label = "DISTANCE"
        regex = '(?P<value>\d+) ?(?P<unit>km|kilometers|miles)'
        "#,
    );
}

#[test]
fn patterns_to_entities_after_gazetteer_conforms() {
    check(
        r#"
        [[stage]]
        kind = "tokenize"
        [[stage]]
        kind = "gazetteer"
        [[stage]]
        kind = "patterns"
        overwrite = true
        [[stage.patterns]]
        label = "ORG"
        tokens = [{shape = "Xxxxx", op = "+"}, {lower = "forces"}]
        "#,
    );
}

#[test]
fn command_with_the_python_example_conforms() {
    let has_python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_python {
        eprintln!("SKIPPED: python3 is not on PATH; the command stage's conformance needs it");
        return;
    }
    check(
        r#"
        [[stage]]
        kind = "tokenize"
        [[stage]]
        kind = "command"
        name = "claims"
        command = ["python3", "examples/command-stage/stage.py"]
        send = ["sentences"]   # tokens are sent in the crate's own (1 MB) conformance test
        options = {keywords = ["airstrike", "Mosul"]}
        "#,
    );
}

#[test]
fn noop_conforms() {
    check("[[stage]]\nkind = \"noop\"");
}

/// Runs `lede run -q CONFIG` and parses its output lines.
fn run_lede(config: &str) -> Vec<serde_json::Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(["run", "-q", config])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("lede runs");
    assert!(
        out.status.success(),
        "lede run {config}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn the_patterns_template_runs_on_the_samples() {
    let docs = run_lede("templates/patterns.toml");
    assert_eq!(docs.len(), 10);
    let all = |key: &str, f: &dyn Fn(&serde_json::Value) -> bool| -> Vec<String> {
        docs.iter()
            .flat_map(|d| d[key].as_array().unwrap().clone())
            .filter(|x| f(x))
            .map(|x| x["text"].as_str().unwrap().to_string())
            .collect()
    };
    let cts = all("entities", &|e| e["id"] == "iraqi-cts");
    assert!(
        cts.contains(&"Counter Terrorism Service".to_string()),
        "{cts:?}"
    );
    let forces = all("forces", &|_| true);
    assert!(
        forces.contains(&"Syrian Democratic Forces".to_string()),
        "{forces:?}"
    );
    let distances = all("distances", &|_| true);
    assert!(
        distances.contains(&"330 kilometers".to_string()),
        "{distances:?}"
    );
    assert!(docs
        .iter()
        .all(|d| d["errors"].as_array().unwrap().is_empty()));
}

#[test]
fn the_python_command_example_runs_on_the_samples() {
    let has_python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_python {
        eprintln!("SKIPPED: python3 is not on PATH");
        return;
    }
    let docs = run_lede("examples/command-stage/pipeline.toml");
    assert_eq!(docs.len(), 10);
    let claims: Vec<&str> = docs
        .iter()
        .flat_map(|d| d["claims"].as_array().unwrap())
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert!(
        claims.contains(&"21 ISIS fighters had been killed"),
        "{claims:?}"
    );
    assert!(docs
        .iter()
        .all(|d| d["errors"].as_array().unwrap().is_empty()));
}
