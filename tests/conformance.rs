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

#[test]
fn attribution_conforms() {
    check(
        r#"
        [[stage]]
        kind = "tokenize"
        [[stage]]
        kind = "gazetteer"
        [[stage]]
        kind = "attribution"
        "#,
    );
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
        send = ["tokens", "sentences"]
        options = {keywords = ["airstrike", "Mosul"]}
        "#,
    );
}

#[test]
fn noop_conforms() {
    check("[[stage]]\nkind = \"noop\"");
}
