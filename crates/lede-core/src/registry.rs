//! Stage factories registered by kind name, and the helpers factories use to
//! read their `[[stage]]` table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::error::{quoted_list, ConfigError};
use crate::stage::{Layer, Stage};

/// Documentation of one option of a stage kind, shown by `lede stages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionInfo {
    /// The key in the `[[stage]]` table.
    pub name: &'static str,
    /// The value type, as a user writes it ("path list", "\"smart\" | \"sensitive\"").
    pub ty: &'static str,
    /// The default, as a user would write it; empty when the option is required.
    pub default: &'static str,
    /// One sentence saying what it does.
    pub doc: &'static str,
}

/// What a stage kind is, what it takes, and what it needs and gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageInfo {
    /// The name used in `kind = "..."`.
    pub kind: &'static str,
    /// One line saying what the stage does.
    pub summary: &'static str,
    /// Its options.
    pub options: Vec<OptionInfo>,
    /// Layers it needs from earlier stages (for the usual configuration).
    pub requires: Vec<Layer>,
    /// Layers it fills in (for the usual configuration).
    pub provides: Vec<Layer>,
}

impl StageInfo {
    /// Information for the stage kind `kind`.
    pub fn new(kind: &'static str, summary: &'static str) -> StageInfo {
        StageInfo {
            kind,
            summary,
            options: Vec::new(),
            requires: Vec::new(),
            provides: Vec::new(),
        }
    }

    /// Adds a documented option.
    pub fn option(
        mut self,
        name: &'static str,
        ty: &'static str,
        default: &'static str,
        doc: &'static str,
    ) -> StageInfo {
        self.options.push(OptionInfo {
            name,
            ty,
            default,
            doc,
        });
        self
    }

    /// Declares the layers the stage needs.
    pub fn requires(mut self, layers: impl IntoIterator<Item = Layer>) -> StageInfo {
        self.requires.extend(layers);
        self
    }

    /// Declares the layers the stage fills in.
    pub fn provides(mut self, layers: impl IntoIterator<Item = Layer>) -> StageInfo {
        self.provides.extend(layers);
        self
    }
}

/// Where a stage is being built: its place in the config and the folder
/// relative paths resolve against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageContext {
    /// 1-based position of the `[[stage]]` table in the config.
    pub index: usize,
    /// The stage kind.
    pub kind: String,
    /// The stage name (the `name` key, or the kind).
    pub name: String,
    /// The folder of the config file; relative paths resolve against it.
    pub base_dir: PathBuf,
}

impl StageContext {
    /// A context for a stage built outside a config file (tests, embedding).
    pub fn standalone(kind: &str) -> StageContext {
        StageContext {
            index: 1,
            kind: kind.to_string(),
            name: kind.to_string(),
            base_dir: PathBuf::from("."),
        }
    }

    /// The table's name in messages: `stage[2]`.
    pub fn table(&self) -> String {
        format!("stage[{}]", self.index)
    }

    /// The location of one key in messages: `stage[2].dictionaries`.
    pub fn key(&self, key: &str) -> String {
        format!("stage[{}].{key}", self.index)
    }

    /// Resolves a path from the config against the config file's folder.
    pub fn resolve(&self, path: impl AsRef<Path>) -> PathBuf {
        let p = path.as_ref();
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base_dir.join(p)
        }
    }

    /// Reads the stage's options into `T`, rejecting unknown keys by name.
    ///
    /// `T` should be a plain serde struct (`#[serde(deny_unknown_fields)]`,
    /// no `flatten`); its field names are read from its `Deserialize` impl,
    /// so the "did you mean" list never drifts from the struct.
    pub fn options<T: DeserializeOwned>(&self, table: &toml::Table) -> Result<T, ConfigError> {
        parse_table(table, &self.table())
    }
}

/// Reads a TOML table into `T`, naming `table_label` (`[run]`, `stage[2]`)
/// in errors. Unknown keys are reported with the nearest valid key.
pub fn parse_table<T: DeserializeOwned>(
    table: &toml::Table,
    table_label: &str,
) -> Result<T, ConfigError> {
    if let Some(fields) = crate::introspect::struct_fields::<T>() {
        for key in table.keys() {
            if !fields.contains(&key.as_str()) {
                return Err(ConfigError::unknown_key(table_label, key, fields));
            }
        }
    }
    T::deserialize(toml::Value::Table(table.clone())).map_err(|e| {
        // toml reports "invalid type: ..., expected ..." and, for nested
        // values, the key; we add the table so the user knows where to look.
        let msg = e.message().trim().to_string();
        ConfigError::at(table_label, msg)
    })
}

/// Builds a stage from its table: the function a stage kind registers.
pub type Factory =
    Arc<dyn Fn(&toml::Table, &StageContext) -> Result<Box<dyn Stage>, ConfigError> + Send + Sync>;

/// The stage kinds a program knows, by name.
///
/// The `lede` facade fills one with the built-in stages; a program with
/// stages of its own registers them too and hands the registry to the CLI.
#[derive(Clone, Default)]
pub struct Registry {
    kinds: BTreeMap<&'static str, (StageInfo, Factory)>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("kinds", &self.kinds.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Registers a stage kind; a later registration of the same kind replaces the earlier.
    pub fn register<F>(&mut self, info: StageInfo, factory: F) -> &mut Registry
    where
        F: Fn(&toml::Table, &StageContext) -> Result<Box<dyn Stage>, ConfigError>
            + Send
            + Sync
            + 'static,
    {
        self.kinds.insert(info.kind, (info, Arc::new(factory)));
        self
    }

    /// The registered kinds, sorted by name.
    pub fn kinds(&self) -> impl Iterator<Item = &StageInfo> {
        self.kinds.values().map(|(info, _)| info)
    }

    /// Information about one kind.
    pub fn info(&self, kind: &str) -> Option<&StageInfo> {
        self.kinds.get(kind).map(|(info, _)| info)
    }

    /// Builds a stage of `kind` from its options table.
    ///
    /// An unknown kind is an error that lists the registered kinds and the
    /// nearest one.
    pub fn build(
        &self,
        kind: &str,
        table: &toml::Table,
        ctx: &StageContext,
    ) -> Result<Box<dyn Stage>, ConfigError> {
        match self.kinds.get(kind) {
            Some((_, factory)) => factory(table, ctx),
            None => {
                let names: Vec<&str> = self.kinds.keys().copied().collect();
                let mut msg = format!("unknown stage kind `{kind}`");
                if let Some(best) = crate::suggest::nearest(kind, names.iter().copied()) {
                    msg.push_str(&format!(" (did you mean `{best}`?)"));
                }
                msg.push_str(&format!("; registered kinds: {}", quoted_list(&names)));
                Err(ConfigError::at(ctx.key("kind"), msg))
            }
        }
    }

    /// The kinds whose usual configuration provides `layer` (for hints).
    pub fn providers_of(&self, layer: &Layer) -> Vec<&'static str> {
        self.kinds
            .values()
            .filter(|(info, _)| info.provides.contains(layer))
            .map(|(info, _)| info.kind)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, StageError};
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Opts {
        #[serde(default)]
        dictionaries: Vec<String>,
        #[serde(default)]
        case: Option<String>,
    }

    struct Nop;
    impl Stage for Nop {
        fn provides(&self) -> Vec<Layer> {
            vec![]
        }
        fn process(&self, _: &mut Document) -> Result<(), StageError> {
            Ok(())
        }
    }

    fn ctx() -> StageContext {
        StageContext {
            index: 2,
            kind: "gazetteer".into(),
            name: "gazetteer".into(),
            base_dir: PathBuf::from("/cfg"),
        }
    }

    #[test]
    fn options_reject_unknown_keys_with_suggestion() {
        let t: toml::Table = toml::from_str("dictionarys = []").unwrap();
        let e = ctx().options::<Opts>(&t).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown key `dictionarys` in stage[2] (did you mean `dictionaries`?)"
        );
    }

    #[test]
    fn options_report_type_errors_with_table() {
        let t: toml::Table = toml::from_str("case = 3").unwrap();
        let e = ctx().options::<Opts>(&t).unwrap_err();
        assert!(e.to_string().starts_with("stage[2]: "), "{e}");
        assert!(e.to_string().contains("invalid type"), "{e}");
    }

    #[test]
    fn options_parse_good_tables() {
        let t: toml::Table = toml::from_str("dictionaries = ['a.tsv']\ncase = 'smart'").unwrap();
        let o = ctx().options::<Opts>(&t).unwrap();
        assert_eq!(o.dictionaries, vec!["a.tsv"]);
        assert_eq!(o.case.as_deref(), Some("smart"));
    }

    #[test]
    fn resolve_is_relative_to_config_folder() {
        assert_eq!(ctx().resolve("d/x.tsv"), PathBuf::from("/cfg/d/x.tsv"));
        assert_eq!(ctx().resolve("/abs/x.tsv"), PathBuf::from("/abs/x.tsv"));
    }

    #[test]
    fn unknown_kind_lists_registered_kinds() {
        let mut r = Registry::new();
        r.register(StageInfo::new("tokenize", "t"), |_, _| Ok(Box::new(Nop)));
        r.register(StageInfo::new("gazetteer", "g"), |_, _| Ok(Box::new(Nop)));
        let err = r
            .build("tokenise", &toml::Table::new(), &ctx())
            .err()
            .expect("unknown kind must fail");
        let msg = err.to_string();
        assert!(msg.contains("did you mean `tokenize`"), "{msg}");
        assert!(msg.contains("`gazetteer`, `tokenize`"), "{msg}");
        assert!(r.build("tokenize", &toml::Table::new(), &ctx()).is_ok());
    }
}
