//! The lede dictionary format and its parser.
//!
//! Tab-separated UTF-8, one entity per line, `#` starts a comment line, and an
//! optional header line `id<TAB>type<TAB>canonical<TAB>aliases[<TAB>extra...]`:
//!
//! ```text
//! id<TAB>type<TAB>canonical<TAB>alias1|alias2|...
//! ```
//!
//! The canonical name is itself an alias; the alias column may be empty or
//! missing. Columns after the fourth are allowed and ignored, except a column
//! the header names `population`, which breaks ties between entities that
//! share a surface (the larger wins).

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// One entity of a dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entity id ("islamic-state", "geonames:99072").
    pub id: String,
    /// The entity type ("ORG", "GPE", ...).
    pub entity_type: String,
    /// The canonical name (also matched as an alias).
    pub canonical: String,
    /// The other surfaces, as written in the file.
    pub aliases: Vec<String>,
    /// The `population` column, when the file has one and the row fills it in.
    pub population: Option<u64>,
    /// The 1-based line number in the file.
    pub line: usize,
}

/// A parsed dictionary file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dictionary {
    /// The name used in messages (usually the file path).
    pub name: String,
    /// The entries, in file order.
    pub entries: Vec<Entry>,
}

/// A malformed dictionary line or an unreadable file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictError {
    /// The file name.
    pub file: String,
    /// The 1-based line number; 0 when the whole file is at fault.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for DictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

impl std::error::Error for DictError {}

impl Dictionary {
    /// Reads and parses a dictionary file.
    pub fn load(path: &Path) -> Result<Dictionary, DictError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| DictError {
            file: name.clone(),
            line: 0,
            message: format!("cannot read dictionary: {e}"),
        })?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
                return Err(DictError {
                    file: name,
                    line,
                    message: "invalid UTF-8".into(),
                });
            }
        };
        Dictionary::parse(&name, &text)
    }

    /// Parses dictionary text; `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Dictionary, DictError> {
        let err = |line: usize, message: String| DictError {
            file: name.to_string(),
            line,
            message,
        };
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut entries = Vec::new();
        let mut population_col: Option<usize> = None;
        let mut seen_data = false;
        let mut ids: HashMap<String, usize> = HashMap::new();
        for (i, raw) in text.split('\n').enumerate() {
            let line_no = i + 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if !seen_data && fields.len() >= 3 && fields[0] == "id" && fields[1] == "type" {
                population_col = fields.iter().position(|f| f.trim() == "population");
                seen_data = true;
                continue;
            }
            seen_data = true;
            if fields.len() < 3 {
                return Err(err(
                    line_no,
                    format!(
                        "expected at least 3 tab-separated columns (id, type, canonical[, aliases]), found {}",
                        fields.len()
                    ),
                ));
            }
            let id = fields[0].trim();
            let ty = fields[1].trim();
            let canonical = fields[2].trim();
            for (what, v) in [("id", id), ("type", ty), ("canonical name", canonical)] {
                if v.is_empty() {
                    return Err(err(line_no, format!("empty {what}")));
                }
            }
            if let Some(first) = ids.insert(id.to_string(), line_no) {
                return Err(err(
                    line_no,
                    format!("duplicate id `{id}` (first on line {first})"),
                ));
            }
            let aliases = fields
                .get(3)
                .map(|a| {
                    a.split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            let population = match population_col.and_then(|c| fields.get(c)).map(|p| p.trim()) {
                None | Some("") => None,
                Some(p) => Some(parse_population(p).ok_or_else(|| {
                    err(
                        line_no,
                        format!("population `{p}` is not a non-negative number"),
                    )
                })?),
            };
            entries.push(Entry {
                id: id.to_string(),
                entity_type: ty.to_string(),
                canonical: canonical.to_string(),
                aliases,
                population,
                line: line_no,
            });
        }
        Ok(Dictionary {
            name: name.to_string(),
            entries,
        })
    }
}

fn parse_population(p: &str) -> Option<u64> {
    if let Ok(n) = p.parse::<u64>() {
        return Some(n);
    }
    let f: f64 = p.parse().ok()?;
    (f.is_finite() && f >= 0.0).then_some(f as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_header_comments_aliases_and_population() {
        let d = Dictionary::parse(
            "t.tsv",
            "# places\nid\ttype\tcanonical\taliases\tpopulation\n\
             geo:1\tGPE\tMosul\tAl Mawşil|Mosul city\t1739800\ngeo:2\tGPE\tRawa\t\t\n",
        )
        .unwrap();
        assert_eq!(d.entries.len(), 2);
        assert_eq!(d.entries[0].aliases, vec!["Al Mawşil", "Mosul city"]);
        assert_eq!(d.entries[0].population, Some(1_739_800));
        assert_eq!(d.entries[0].line, 3);
        assert_eq!(d.entries[1].population, None);
        assert!(d.entries[1].aliases.is_empty());
    }

    #[test]
    fn alias_column_may_be_missing_and_extra_columns_are_ignored() {
        let d = Dictionary::parse(
            "t.tsv",
            "pmu\tORG\tPopular Mobilization Units\nx\tORG\tX\ta|b\tfoo\tbar\n",
        )
        .unwrap();
        assert!(d.entries[0].aliases.is_empty());
        assert_eq!(d.entries[1].aliases, vec!["a", "b"]);
        assert_eq!(d.entries[1].population, None);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let e =
            Dictionary::parse("a.tsv", "# c\nok\tORG\tOK\nbad line without tabs\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.to_string().starts_with("a.tsv:3: expected at least 3"),
            "{e}"
        );
        let e = Dictionary::parse("a.tsv", "x\tORG\t \n").unwrap_err();
        assert_eq!(e.to_string(), "a.tsv:1: empty canonical name");
        let e = Dictionary::parse("a.tsv", "x\tORG\tX\nx\tGPE\tY\n").unwrap_err();
        assert_eq!(e.to_string(), "a.tsv:2: duplicate id `x` (first on line 1)");
        let e = Dictionary::parse(
            "a.tsv",
            "id\ttype\tcanonical\taliases\tpopulation\nx\tGPE\tX\t\tmany\n",
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("a.tsv:2: population `many`"),
            "{e}"
        );
    }
}
