//! Error types shared by every crate of lede.

use std::fmt;

/// A stage's failure on one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageError {
    message: String,
}

impl StageError {
    /// An error with a message saying what was wrong with the document.
    pub fn new(message: impl Into<String>) -> StageError {
        StageError {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for StageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StageError {}

impl From<String> for StageError {
    fn from(message: String) -> StageError {
        StageError { message }
    }
}

impl From<&str> for StageError {
    fn from(message: &str) -> StageError {
        StageError::new(message)
    }
}

impl From<std::io::Error> for StageError {
    fn from(e: std::io::Error) -> StageError {
        StageError::new(e.to_string())
    }
}

/// A problem with the configuration, found before any document is read.
///
/// `location` names where in the config the problem is, in the form users
/// see in the file: `[run]`, `[run].threads`, `stage[2].dictionaries`
/// (stages are counted from 1, in file order).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    /// Where the problem is (`stage[2].dictionaries`); may be empty for whole-file problems.
    pub location: String,
    /// What is wrong, with the location already worked into the sentence.
    pub message: String,
}

impl ConfigError {
    /// An error about the value at `location`: "in `location`: what".
    pub fn at(location: impl Into<String>, what: impl fmt::Display) -> ConfigError {
        let location = location.into();
        let message = if location.is_empty() {
            what.to_string()
        } else {
            format!("{location}: {what}")
        };
        ConfigError { location, message }
    }

    /// An unknown key in a table, with the nearest valid key when one is close.
    pub fn unknown_key(table: &str, key: &str, valid: &[&str]) -> ConfigError {
        let mut message = format!("unknown key `{key}` in {table}");
        match crate::suggest::nearest(key, valid.iter().copied()) {
            Some(best) => message.push_str(&format!(" (did you mean `{best}`?)")),
            None if !valid.is_empty() => {
                message.push_str(&format!(" (valid keys: {})", quoted_list(valid)));
            }
            None => message.push_str(" (this table takes no keys)"),
        }
        ConfigError {
            location: format!("{table}.{key}"),
            message,
        }
    }
}

/// "`a`, `b`, `c`" for messages.
pub fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_nearest() {
        let e = ConfigError::unknown_key("[run]", "thredas", &["threads", "on_error"]);
        assert_eq!(
            e.to_string(),
            "unknown key `thredas` in [run] (did you mean `threads`?)"
        );
        assert_eq!(e.location, "[run].thredas");
    }

    #[test]
    fn unknown_key_lists_keys_when_nothing_is_close() {
        let e = ConfigError::unknown_key("stage[1]", "zzz", &["case", "dictionaries"]);
        assert!(
            e.to_string().contains("valid keys: `case`, `dictionaries`"),
            "{e}"
        );
    }
}
