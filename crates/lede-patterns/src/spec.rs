//! Reading pattern definitions (TOML tables, JSONL lines) and checking them,
//! with errors that name the pattern by its place and label.

use std::collections::HashSet;
use std::path::Path;

use lede_core::{ConfigError, TokenKind};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

/// Where a pattern was written, for messages.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// The config location (`stage[2].patterns[3]`, `stage[2].file`).
    pub location: String,
    /// How to name the pattern in a sentence ("pattern 3", "groups.jsonl:4").
    pub describe: String,
}

impl Origin {
    fn error(&self, label: Option<&str>, what: impl std::fmt::Display) -> ConfigError {
        let who = match label {
            Some(l) => format!("{} (label `{l}`)", self.describe),
            None => self.describe.clone(),
        };
        ConfigError::at(&self.location, format!("{who}: {what}"))
    }
}

/// Case rule for phrases and regexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum CaseOpt {
    #[default]
    Sensitive,
    Insensitive,
}

/// What a match is labelled with.
#[derive(Debug, Clone, Default)]
pub(crate) struct PatternMeta {
    pub label: String,
    pub id: Option<String>,
    pub canonical: Option<String>,
    pub data: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    label: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    canonical: Option<String>,
    #[serde(default)]
    data: Option<Map<String, Value>>,
    #[serde(default)]
    case: Option<CaseOpt>,
    #[serde(default)]
    phrase: Option<String>,
    #[serde(default)]
    phrases: Option<Vec<String>>,
    #[serde(default)]
    tokens: Option<Vec<Value>>,
    #[serde(default)]
    regex: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawToken {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    lower: Option<String>,
    #[serde(default)]
    shape: Option<String>,
    #[serde(default)]
    kind: Option<TokenKind>,
    #[serde(default, rename = "in")]
    in_: Option<Vec<String>>,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default)]
    op: Option<String>,
}

/// One token test; every field given must hold.
#[derive(Debug, Clone, Default)]
pub(crate) struct TokenTest {
    pub text: Option<String>,
    pub lower: Option<String>,
    pub shape: Option<String>,
    pub kind: Option<TokenKind>,
    pub in_: Option<HashSet<String>>,
    pub regex: Option<regex::Regex>,
}

/// How often a token test may match in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rep {
    One,
    Opt,
    Star,
}

/// The body of a compiled pattern.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Phrases(Vec<String>),
    Tokens(Vec<(TokenTest, Rep)>),
    Regex(regex::Regex),
}

/// A checked pattern, ready for the matcher.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub meta: PatternMeta,
    pub body: Body,
    pub insensitive: bool,
    pub origin: Origin,
}

/// Reads a JSON object into `T`, reporting unknown keys with the nearest valid one.
fn read_object<T: DeserializeOwned>(
    value: Value,
    origin: &Origin,
    label: Option<&str>,
    what: &str,
) -> Result<T, ConfigError> {
    let Value::Object(map) = &value else {
        return Err(origin.error(
            label,
            format!("{what} must be a table (an object), not `{value}`"),
        ));
    };
    if let Some(fields) = lede_core::introspect::struct_fields::<T>() {
        for key in map.keys() {
            if !fields.contains(&key.as_str()) {
                let e = ConfigError::unknown_key(what, key, fields);
                return Err(origin.error(label, e.message));
            }
        }
    }
    serde_json::from_value(value).map_err(|e| origin.error(label, format!("in {what}: {e}")))
}

/// Checks one pattern and compiles its regexes.
pub(crate) fn compile(
    origin: &Origin,
    value: Value,
    default_case: CaseOpt,
) -> Result<Compiled, ConfigError> {
    let label = value
        .get("label")
        .and_then(Value::as_str)
        .map(str::to_string);
    let label_ref = label.as_deref();
    if label.is_none() {
        let got = match value.get("label") {
            None => "it has none".to_string(),
            Some(v) => format!("got `{v}`"),
        };
        return Err(origin.error(
            None,
            format!("every pattern needs a `label` string ({got})"),
        ));
    }
    let raw: RawPattern = read_object(value, origin, label_ref, "the pattern")?;
    if raw.label.trim().is_empty() {
        return Err(origin.error(label_ref, "the label is empty"));
    }
    let insensitive = raw.case.unwrap_or(default_case) == CaseOpt::Insensitive;
    let given: Vec<&str> = [
        raw.phrase.as_ref().map(|_| "phrase"),
        raw.phrases.as_ref().map(|_| "phrases"),
        raw.tokens.as_ref().map(|_| "tokens"),
        raw.regex.as_ref().map(|_| "regex"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if given.len() != 1 {
        let what = if given.is_empty() {
            "gives none".to_string()
        } else {
            format!("gives {}", lede_core::quoted_list(&given))
        };
        return Err(origin.error(
            label_ref,
            format!(
                "give exactly one of `phrase`, `phrases`, `tokens` or `regex` (this one {what})"
            ),
        ));
    }
    let body = if let Some(p) = raw.phrase {
        Body::Phrases(check_phrases(vec![p], origin, label_ref)?)
    } else if let Some(ps) = raw.phrases {
        Body::Phrases(check_phrases(ps, origin, label_ref)?)
    } else if let Some(r) = raw.regex {
        let re = regex::RegexBuilder::new(&r)
            .case_insensitive(insensitive)
            .build()
            .map_err(|e| origin.error(label_ref, format!("bad `regex`: {e}")))?;
        if re.is_match("") {
            return Err(origin.error(
                label_ref,
                format!("the regex `{r}` matches the empty string, so it would match everywhere; make at least one character required"),
            ));
        }
        Body::Regex(re)
    } else {
        let toks = raw.tokens.unwrap_or_default();
        Body::Tokens(compile_tokens(toks, origin, label_ref)?)
    };
    Ok(Compiled {
        meta: PatternMeta {
            label: raw.label,
            id: raw.id,
            canonical: raw.canonical,
            data: raw.data.unwrap_or_default(),
        },
        body,
        insensitive,
        origin: origin.clone(),
    })
}

fn check_phrases(
    ps: Vec<String>,
    origin: &Origin,
    label: Option<&str>,
) -> Result<Vec<String>, ConfigError> {
    if ps.is_empty() {
        return Err(origin.error(label, "`phrases` is empty"));
    }
    for (i, p) in ps.iter().enumerate() {
        if p.trim().is_empty() {
            return Err(origin.error(label, format!("phrase {} is empty or only spaces", i + 1)));
        }
    }
    Ok(ps)
}

fn compile_tokens(
    toks: Vec<Value>,
    origin: &Origin,
    label: Option<&str>,
) -> Result<Vec<(TokenTest, Rep)>, ConfigError> {
    if toks.is_empty() {
        return Err(origin.error(label, "`tokens` is empty"));
    }
    let mut out = Vec::new();
    for (i, v) in toks.into_iter().enumerate() {
        let what = format!("token {}", i + 1);
        let raw: RawToken = read_object(v, origin, label, &what)?;
        let regex = match &raw.regex {
            Some(r) => Some(
                regex::Regex::new(r)
                    .map_err(|e| origin.error(label, format!("{what}: bad `regex`: {e}")))?,
            ),
            None => None,
        };
        if let Some(list) = &raw.in_ {
            if list.is_empty() {
                return Err(origin.error(
                    label,
                    format!("{what}: `in` is empty, so it matches no token"),
                ));
            }
        }
        let test = TokenTest {
            text: raw.text,
            lower: raw.lower.map(|s| s.to_lowercase()),
            shape: raw.shape,
            kind: raw.kind,
            in_: raw
                .in_
                .map(|l| l.iter().map(|s| s.to_lowercase()).collect()),
            regex,
        };
        match raw.op.as_deref() {
            None | Some("1") => out.push((test, Rep::One)),
            Some("?") => out.push((test, Rep::Opt)),
            Some("*") => out.push((test, Rep::Star)),
            Some("+") => {
                out.push((test.clone(), Rep::One));
                out.push((test, Rep::Star));
            }
            Some(other) => {
                return Err(origin.error(
                    label,
                    format!("{what}: unknown `op` \"{other}\"; use \"?\" (0 or 1), \"*\" (0 or more) or \"+\" (1 or more)"),
                ))
            }
        }
    }
    if out.len() > crate::matcher::MAX_TOKEN_TESTS {
        return Err(origin.error(
            label,
            format!(
                "{} token tests (a `+` counts twice); a pattern may have at most {}",
                out.len(),
                crate::matcher::MAX_TOKEN_TESTS
            ),
        ));
    }
    if out.iter().all(|(_, r)| *r != Rep::One) {
        return Err(origin.error(
            label,
            "every token is optional, so the pattern could match no tokens at all; make one token required",
        ));
    }
    Ok(out)
}

/// Reads patterns from a `.toml` file (`[[patterns]]` tables) or a `.jsonl`
/// file (one pattern object per line; blank lines and `#` lines skipped).
pub(crate) fn read_file(path: &Path, location: &str) -> Result<Vec<(Origin, Value)>, ConfigError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !matches!(ext, "jsonl" | "ndjson" | "toml") {
        return Err(ConfigError::at(
            location,
            format!("{}: use a .toml file ([[patterns]] tables) or a .jsonl file (one pattern per line)", path.display()),
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::at(location, format!("cannot read {}: {e}", path.display())))?;
    let mut out = Vec::new();
    match ext {
        "jsonl" | "ndjson" => {
            for (i, line) in text.lines().enumerate() {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                let describe = format!("{}:{}", path.display(), i + 1);
                let v: Value = serde_json::from_str(t).map_err(|e| {
                    ConfigError::at(location, format!("{describe}: not a JSON object: {e}"))
                })?;
                out.push((
                    Origin {
                        location: location.to_string(),
                        describe,
                    },
                    v,
                ));
            }
        }
        "toml" => {
            let doc: toml::Table = toml::from_str(&text).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                    .unwrap_or(0);
                ConfigError::at(
                    location,
                    format!("{}:{line}: {}", path.display(), e.message().trim()),
                )
            })?;
            for key in doc.keys() {
                if key != "patterns" {
                    let e =
                        ConfigError::unknown_key(&path.display().to_string(), key, &["patterns"]);
                    return Err(ConfigError::at(location, e.message));
                }
            }
            let list = match doc.get("patterns") {
                Some(toml::Value::Array(a)) => a.clone(),
                Some(_) => {
                    return Err(ConfigError::at(
                        location,
                        format!(
                            "{}: `patterns` must be an array of tables ([[patterns]])",
                            path.display()
                        ),
                    ))
                }
                None => Vec::new(),
            };
            for (i, v) in list.into_iter().enumerate() {
                let v = serde_json::to_value(v).map_err(|e| ConfigError::at(location, e))?;
                out.push((
                    Origin {
                        location: location.to_string(),
                        describe: format!("{} pattern {}", path.display(), i + 1),
                    },
                    v,
                ));
            }
        }
        _ => unreachable!("extension checked above"),
    }
    if out.is_empty() {
        return Err(ConfigError::at(
            location,
            format!("{} holds no patterns", path.display()),
        ));
    }
    Ok(out)
}
