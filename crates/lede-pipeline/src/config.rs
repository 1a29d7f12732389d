//! `pipeline.toml`: the config file and its checks.

use std::path::{Path, PathBuf};

use lede_core::{parse_table, ConfigError};
use serde::Deserialize;

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputConfig {
    /// A `.jsonl` file, a `.txt` file, a folder of them, or `-` for JSONL on stdin.
    /// Relative paths resolve against the config file's folder.
    #[serde(default)]
    pub path: Option<String>,
    /// The JSONL field holding the text (default `text`).
    #[serde(default = "default_text_field")]
    pub text_field: String,
    /// The JSONL field holding the id (default `id`).
    #[serde(default = "default_id_field")]
    pub id_field: String,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            path: None,
            text_field: default_text_field(),
            id_field: default_id_field(),
        }
    }
}

fn default_text_field() -> String {
    "text".into()
}

fn default_id_field() -> String {
    "id".into()
}

/// How spans are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Offsets {
    /// Unicode code points, as Python's `str` slicing counts.
    #[default]
    Chars,
    /// UTF-8 bytes.
    Bytes,
}

/// The layers the writer can include, in output order.
pub const LAYER_NAMES: &[&str] = &[
    "text",
    "tokens",
    "sentences",
    "entities",
    "quantities",
    "attributions",
];

/// Where and how results are written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// A file, or `-` for stdout. Relative paths resolve against the config file's folder.
    #[serde(default)]
    pub path: Option<String>,
    /// `chars` (default) or `bytes`.
    #[serde(default)]
    pub offsets: Offsets,
    /// The layers to write; `tokens` and `text` only on request.
    #[serde(default = "default_include")]
    pub include: Vec<String>,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            path: None,
            offsets: Offsets::Chars,
            include: default_include(),
        }
    }
}

fn default_include() -> Vec<String> {
    ["sentences", "entities", "quantities", "attributions"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// What to do when a stage fails on a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum OnError {
    /// Record the error on the document, write it, and go on.
    #[default]
    Record,
    /// Stop the run with a non-zero exit, naming the document and stage.
    Abort,
}

/// How the run is executed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// Worker threads; 0 means one per core.
    #[serde(default)]
    pub threads: usize,
    /// `record` (default) or `abort`.
    #[serde(default)]
    pub on_error: OnError,
    /// Most documents in one unit of parallel work.
    #[serde(default = "default_batch_docs")]
    pub batch_docs: usize,
    /// Most text bytes in one unit of parallel work.
    #[serde(default = "default_batch_bytes")]
    pub batch_bytes: usize,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            threads: 0,
            on_error: OnError::Record,
            batch_docs: default_batch_docs(),
            batch_bytes: default_batch_bytes(),
        }
    }
}

fn default_batch_docs() -> usize {
    64
}

fn default_batch_bytes() -> usize {
    1 << 20
}

/// One `[[stage]]` table: its kind, its name, and the options its factory reads.
#[derive(Debug, Clone, PartialEq)]
pub struct StageConfig {
    /// 1-based position in the file.
    pub index: usize,
    /// The registered kind (`kind = "..."`).
    pub kind: String,
    /// The name used in messages, timings and `errors` (`name = "..."`, default the kind).
    pub name: String,
    /// Every other key of the table.
    pub options: toml::Table,
}

/// A whole pipeline config.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `[input]`.
    pub input: InputConfig,
    /// `[output]`.
    pub output: OutputConfig,
    /// `[run]`.
    pub run: RunConfig,
    /// The `[[stage]]` tables in order.
    pub stages: Vec<StageConfig>,
    /// The folder relative paths resolve against (the config file's folder).
    pub base_dir: PathBuf,
    /// Where the config came from, for messages (a path, or `<string>`).
    pub origin: String,
}

const TOP_KEYS: &[&str] = &["input", "output", "run", "stage"];

impl Config {
    /// Reads and checks a config file.
    pub fn from_path(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::at(
                "",
                format!("cannot read config file {}: {e}", path.display()),
            )
        })?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Config::from_str_in(&text, &base, &path.display().to_string())
    }

    /// Parses a config from a string; relative paths resolve against `base_dir`.
    pub fn from_str_in(text: &str, base_dir: &Path, origin: &str) -> Result<Config, ConfigError> {
        Config::parse(text, base_dir)
            .map_err(|e| ConfigError {
                location: e.location,
                message: format!("{origin}: {}", e.message),
            })
            .map(|mut c| {
                c.origin = origin.to_string();
                c
            })
    }

    fn parse(text: &str, base_dir: &Path) -> Result<Config, ConfigError> {
        let doc: toml::Table = toml::from_str(text)
            .map_err(|e| ConfigError::at("", format!("invalid TOML: {}", e.to_string().trim())))?;
        for key in doc.keys() {
            if !TOP_KEYS.contains(&key.as_str()) {
                let mut e = ConfigError::unknown_key("the top level", key, TOP_KEYS);
                if key == "stages" {
                    e.message
                        .push_str("; stages are declared as [[stage]] tables");
                }
                return Err(e);
            }
        }
        let input = section::<InputConfig>(&doc, "input")?;
        let output = section::<OutputConfig>(&doc, "output")?;
        let run = section::<RunConfig>(&doc, "run")?;
        for name in &output.include {
            if !LAYER_NAMES.contains(&name.as_str()) {
                let mut msg = format!("[output].include: unknown layer `{name}`");
                if let Some(b) = lede_core::suggest::nearest(name, LAYER_NAMES.iter().copied()) {
                    msg.push_str(&format!(" (did you mean `{b}`?)"));
                }
                msg.push_str(&format!(
                    "; layers: {}",
                    lede_core::quoted_list(LAYER_NAMES)
                ));
                return Err(ConfigError {
                    location: "[output].include".into(),
                    message: msg,
                });
            }
        }
        if run.batch_docs == 0 || run.batch_bytes == 0 {
            return Err(ConfigError::at(
                "[run]",
                "`batch_docs` and `batch_bytes` must be at least 1",
            ));
        }
        let stages = match doc.get("stage") {
            None => Vec::new(),
            Some(toml::Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| stage_config(i + 1, v))
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(ConfigError::at(
                    "stage",
                    "stages are declared as [[stage]] tables (an array of tables)",
                ))
            }
        };
        Ok(Config {
            input,
            output,
            run,
            stages,
            base_dir: base_dir.to_path_buf(),
            origin: String::new(),
        })
    }

    /// Resolves a path from the config against the config file's folder
    /// (`-` stays `-`).
    pub fn resolve(&self, path: &str) -> PathBuf {
        let p = Path::new(path);
        if path == "-" || p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base_dir.join(p)
        }
    }
}

fn section<T: for<'de> Deserialize<'de> + Default>(
    doc: &toml::Table,
    name: &str,
) -> Result<T, ConfigError> {
    match doc.get(name) {
        None => Ok(T::default()),
        Some(toml::Value::Table(t)) => parse_table(t, &format!("[{name}]")),
        Some(_) => Err(ConfigError::at(format!("[{name}]"), "must be a table")),
    }
}

fn stage_config(index: usize, v: &toml::Value) -> Result<StageConfig, ConfigError> {
    let label = format!("stage[{index}]");
    let toml::Value::Table(t) = v else {
        return Err(ConfigError::at(label, "must be a table"));
    };
    let mut options = t.clone();
    let kind = match options.remove("kind") {
        Some(toml::Value::String(s)) => s,
        Some(_) => return Err(ConfigError::at(format!("{label}.kind"), "must be a string")),
        None => {
            return Err(ConfigError::at(
                label,
                "missing `kind` (the registered stage kind; `lede stages` lists them)",
            ))
        }
    };
    let name = match options.remove("name") {
        Some(toml::Value::String(s)) if !s.is_empty() => s,
        Some(_) => {
            return Err(ConfigError::at(
                format!("{label}.name"),
                "must be a non-empty string",
            ))
        }
        None => kind.clone(),
    };
    Ok(StageConfig {
        index,
        kind,
        name,
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Config, ConfigError> {
        Config::from_str_in(s, Path::new("/cfg"), "pipeline.toml")
    }

    #[test]
    fn full_config_parses() {
        let c = parse(
            r#"
            [input]
            path = "samples"
            [output]
            path = "-"
            offsets = "bytes"
            include = ["tokens", "entities"]
            [run]
            threads = 2
            on_error = "abort"
            [[stage]]
            kind = "tokenize"
            [[stage]]
            kind = "gazetteer"
            name = "places"
            dictionaries = ["d.tsv"]
            "#,
        )
        .unwrap();
        assert_eq!(c.input.path.as_deref(), Some("samples"));
        assert_eq!(c.output.offsets, Offsets::Bytes);
        assert_eq!(c.run.threads, 2);
        assert_eq!(c.run.on_error, OnError::Abort);
        assert_eq!(c.stages.len(), 2);
        assert_eq!(c.stages[1].name, "places");
        assert_eq!(c.stages[1].index, 2);
        assert!(c.stages[1].options.contains_key("dictionaries"));
        assert!(!c.stages[1].options.contains_key("kind"));
        assert_eq!(c.resolve("samples"), PathBuf::from("/cfg/samples"));
        assert_eq!(c.resolve("-"), PathBuf::from("-"));
    }

    #[test]
    fn unknown_keys_name_table_and_suggestion() {
        let e = parse("[run]\nthredas = 2\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "pipeline.toml: unknown key `thredas` in [run] (did you mean `threads`?)"
        );
        let e = parse("[outptu]\n").unwrap_err();
        assert!(e.to_string().contains("did you mean `output`"), "{e}");
        let e = parse("[output]\ninclude = [\"entitys\"]\n").unwrap_err();
        assert!(e.to_string().contains("did you mean `entities`"), "{e}");
    }

    #[test]
    fn bad_values_name_their_table() {
        let e = parse("[run]\non_error = \"abrt\"\n").unwrap_err();
        assert!(e.to_string().contains("[run]"), "{e}");
        assert!(e.to_string().contains("abrt"), "{e}");
        let e = parse("[[stage]]\nname = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("stage[1]: missing `kind`"), "{e}");
        let e = parse("stage = 3\n").unwrap_err();
        assert!(e.to_string().contains("[[stage]]"), "{e}");
        let e = parse("[run\n").unwrap_err();
        assert!(e.to_string().contains("invalid TOML"), "{e}");
    }

    #[test]
    fn empty_config_has_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.output.include, default_include());
        assert_eq!(c.run.on_error, OnError::Record);
        assert_eq!(c.input.text_field, "text");
        assert_eq!(c.input.id_field, "id");
        assert!(c.stages.is_empty());
    }
}
