//! Reading documents: JSONL files, `.txt` files, folders of them, and stdin.
//!
//! Reading is split in two so it scales: the reader thread only finds line
//! ends and reads files ([`RawItem`]); the workers turn raw items into
//! [`Document`]s ([`RawItem::into_document`]), JSON parsing included.
//! Nothing is dropped: a line that cannot be a document becomes a document
//! with an `input` error naming the file and line.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lede_core::{DocId, Document};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::config::InputConfig;

/// The JSONL field names the reader looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// The field holding the text.
    pub text: String,
    /// The field holding the id.
    pub id: String,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            text: "text".into(),
            id: "id".into(),
        }
    }
}

impl From<&InputConfig> for Fields {
    fn from(c: &InputConfig) -> Fields {
        Fields {
            text: c.text_field.clone(),
            id: c.id_field.clone(),
        }
    }
}

/// One unit read from the input, not yet parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawItem {
    /// One JSONL line (without its line end).
    Line {
        /// The file, for messages (`-` for stdin).
        origin: Arc<str>,
        /// 1-based line number.
        line: u64,
        /// The bytes of the line.
        bytes: Vec<u8>,
    },
    /// A whole `.txt` file.
    Text {
        /// The id: the path relative to the input root.
        id: String,
        /// The file's path, for messages.
        origin: Arc<str>,
        /// The file's bytes.
        bytes: Vec<u8>,
    },
    /// A file that could not be read: it still yields one document.
    Unreadable {
        /// The id: the path relative to the input root.
        id: String,
        /// What went wrong, naming the file.
        message: String,
    },
}

impl RawItem {
    /// The number of input bytes this item holds (for batching and throughput).
    pub fn len(&self) -> usize {
        match self {
            RawItem::Line { bytes, .. } | RawItem::Text { bytes, .. } => bytes.len(),
            RawItem::Unreadable { .. } => 0,
        }
    }

    /// True when the item holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Parses the item into a document. Problems become `input` errors on
    /// the document, never a lost document.
    pub fn into_document(self, fields: &Fields) -> Document {
        match self {
            RawItem::Line {
                origin,
                line,
                bytes,
            } => parse_line(&origin, line, bytes, fields),
            RawItem::Text { id, origin, bytes } => match String::from_utf8(bytes) {
                Ok(text) => Document::new(DocId::Str(id), text),
                Err(e) => {
                    let valid = e.utf8_error().valid_up_to();
                    let mut d = Document::new(DocId::Str(id), "");
                    d.record_error(
                        "input",
                        format!("{origin}: not valid UTF-8 (first bad byte at offset {valid})"),
                    );
                    d
                }
            },
            RawItem::Unreadable { id, message } => {
                let mut d = Document::new(DocId::Str(id), "");
                d.record_error("input", message);
                d
            }
        }
    }
}

/// What a JSONL line held, before checks.
#[derive(Default)]
struct LineFields {
    text: Option<serde_json::Value>,
    id: Option<serde_json::Value>,
    meta: serde_json::Map<String, serde_json::Value>,
}

/// Deserializes one JSON object, taking the text and id fields out as they
/// stream past, so the text is unescaped once and never held as a `Value` map.
struct LineSeed<'f>(&'f Fields);

impl<'de> DeserializeSeed<'de> for LineSeed<'_> {
    type Value = Result<LineFields, &'static str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_> {
    type Value = Result<LineFields, &'static str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = LineFields::default();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0.text {
                out.text = Some(map.next_value()?);
            } else if key == self.0.id {
                out.id = Some(map.next_value()?);
            } else {
                let v = map.next_value()?;
                out.meta.insert(key, v);
            }
        }
        Ok(Ok(out))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err("an array"))
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err("a string"))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("a boolean"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }
}

fn type_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn parse_line(origin: &str, line: u64, bytes: Vec<u8>, fields: &Fields) -> Document {
    let at = format!("{origin}:{line}");
    let (owned, utf8_problem) = match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (
                lossy,
                Some(format!(
                    "{at}: not valid UTF-8 (first bad byte at column {})",
                    valid + 1
                )),
            )
        }
    };
    let mut de = serde_json::Deserializer::from_str(&owned);
    let parsed = LineSeed(fields)
        .deserialize(&mut de)
        .and_then(|r| de.end().map(|_| r));
    let mut doc = Document::new(DocId::line(line), String::new());
    let lf = match parsed {
        Err(e) => {
            doc.record_error(
                "input",
                utf8_problem.unwrap_or_else(|| format!("{at}: not valid JSON: {e}")),
            );
            return doc;
        }
        Ok(Err(what)) => {
            doc.record_error(
                "input",
                utf8_problem
                    .unwrap_or_else(|| format!("{at}: expected a JSON object, found {what}")),
            );
            return doc;
        }
        Ok(Ok(lf)) => lf,
    };
    let mut problems = Vec::new();
    problems.extend(utf8_problem);
    match lf.id {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(s)) => doc.id = Some(DocId::Str(s)),
        Some(serde_json::Value::Number(n)) => doc.id = Some(DocId::Num(n)),
        Some(other) => problems.push(format!(
            "{at}: `{}` must be a string or a number, found {}; using the line number",
            fields.id,
            type_name(&other)
        )),
    }
    if !lf.meta.is_empty() {
        doc.meta = Some(lf.meta);
    }
    match lf.text {
        // Invalid UTF-8 leaves the document without text: annotating a
        // replacement-character guess would report spans of text nobody wrote.
        Some(serde_json::Value::String(s)) if problems.is_empty() => doc.text = s,
        Some(serde_json::Value::String(_)) => {}
        None => problems.push(format!("{at}: no `{}` field", fields.text)),
        Some(other) => problems.push(format!(
            "{at}: `{}` must be a string, found {}",
            fields.text,
            type_name(&other)
        )),
    }
    for p in problems {
        doc.record_error("input", p);
    }
    doc
}

/// Where documents are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// JSONL on standard input.
    Stdin,
    /// One JSONL file (any extension but `.txt`).
    Jsonl(PathBuf),
    /// One `.txt` file: one document.
    Text(PathBuf),
    /// A folder: every `.jsonl`, `.ndjson` and `.txt` file below it, sorted by path.
    Dir(PathBuf),
}

impl Input {
    /// The input at `path` (`-` for stdin); fails when it does not exist.
    pub fn open(path: &Path) -> io::Result<Input> {
        if path.as_os_str() == "-" {
            return Ok(Input::Stdin);
        }
        let meta = std::fs::metadata(path)
            .map_err(|e| io::Error::new(e.kind(), format!("input {}: {e}", path.display())))?;
        Ok(if meta.is_dir() {
            Input::Dir(path.to_path_buf())
        } else if path.extension().is_some_and(|e| e == "txt") {
            Input::Text(path.to_path_buf())
        } else {
            Input::Jsonl(path.to_path_buf())
        })
    }

    /// Streams the raw items of the input in order into `sink`; stops early
    /// when `sink` returns false. Returns counts of what was skipped.
    pub fn read(&self, mut sink: impl FnMut(RawItem) -> bool) -> io::Result<ReadStats> {
        let mut stats = ReadStats::default();
        match self {
            Input::Stdin => {
                let stdin = io::stdin();
                read_jsonl(stdin.lock(), "-".into(), &mut sink, &mut stats)?;
            }
            Input::Jsonl(p) => {
                let f = File::open(p)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
                read_jsonl(
                    BufReader::with_capacity(1 << 16, f),
                    p.display().to_string().into(),
                    &mut sink,
                    &mut stats,
                )?;
            }
            Input::Text(p) => {
                let id = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.display().to_string());
                sink(read_text(p, id));
            }
            Input::Dir(root) => {
                let mut files = Vec::new();
                walk(root, &mut files, &mut stats)?;
                files.sort();
                for f in files {
                    let rel = f
                        .strip_prefix(root)
                        .unwrap_or(&f)
                        .to_string_lossy()
                        .replace('\\', "/");
                    if f.extension().is_some_and(|e| e == "txt") {
                        if !sink(read_text(&f, rel)) {
                            break;
                        }
                    } else {
                        let origin: Arc<str> = f.display().to_string().into();
                        match File::open(&f) {
                            Ok(h) => {
                                if !read_jsonl(
                                    BufReader::with_capacity(1 << 16, h),
                                    origin,
                                    &mut sink,
                                    &mut stats,
                                )? {
                                    break;
                                }
                            }
                            Err(e) => {
                                if !sink(RawItem::Unreadable {
                                    id: rel,
                                    message: format!("{origin}: cannot open: {e}"),
                                }) {
                                    break;
                                }
                            }
                        }
                    }
                }
            }
        }
        Ok(stats)
    }
}

/// What the reader passed over (never documents: blank lines and files of other types).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Blank or whitespace-only JSONL lines.
    pub blank_lines: u64,
    /// Files in an input folder that are neither `.jsonl`, `.ndjson` nor `.txt`.
    pub other_files: u64,
}

fn read_text(p: &Path, id: String) -> RawItem {
    let origin: Arc<str> = p.display().to_string().into();
    match std::fs::read(p) {
        Ok(bytes) => RawItem::Text { id, origin, bytes },
        Err(e) => RawItem::Unreadable {
            id,
            message: format!("{origin}: cannot read: {e}"),
        },
    }
}

/// Reads lines; returns false when the sink asked to stop.
fn read_jsonl(
    mut r: impl BufRead,
    origin: Arc<str>,
    sink: &mut impl FnMut(RawItem) -> bool,
    stats: &mut ReadStats,
) -> io::Result<bool> {
    let mut line = 0u64;
    loop {
        let mut buf = Vec::new();
        let n = r.read_until(b'\n', &mut buf).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("{origin}: read failed after line {line}: {e}"),
            )
        })?;
        if n == 0 {
            return Ok(true);
        }
        line += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            stats.blank_lines += 1;
            continue;
        }
        if !sink(RawItem::Line {
            origin: origin.clone(),
            line,
            bytes: buf,
        }) {
            return Ok(false);
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, stats: &mut ReadStats) -> io::Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = entry.file_type()?;
        if ft.is_dir() || (ft.is_symlink() && path.is_dir()) {
            walk(&path, out, stats)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "jsonl" || e == "ndjson" || e == "txt")
        {
            out.push(path);
        } else {
            stats.other_files += 1;
        }
    }
    Ok(())
}

/// Reads all of a reader into documents (for tests and small embeddings).
pub fn read_all_jsonl(r: impl Read, origin: &str, fields: &Fields) -> Vec<Document> {
    let mut out = Vec::new();
    let mut stats = ReadStats::default();
    let _ = read_jsonl(
        BufReader::new(r),
        origin.into(),
        &mut |item| {
            out.push(item.into_document(fields));
            true
        },
        &mut stats,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(input: &[u8]) -> Vec<Document> {
        read_all_jsonl(input, "in.jsonl", &Fields::default())
    }

    #[test]
    fn good_lines_keep_id_type_and_meta() {
        let d = docs(b"{\"id\": 7, \"text\": \"a\", \"src\": \"x\"}\n{\"id\": \"b\", \"text\": \"b\"}\n{\"text\": \"c\"}\n");
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].id, Some(DocId::Num(7.into())));
        assert_eq!(d[0].meta.as_ref().unwrap()["src"], "x");
        assert_eq!(d[1].id, Some(DocId::Str("b".into())));
        assert!(d[1].meta.is_none());
        assert_eq!(d[2].id, Some(DocId::line(3)));
        assert!(d.iter().all(|x| x.errors.is_empty()));
    }

    #[test]
    fn bad_lines_become_error_documents_naming_file_and_line() {
        let input = b"not json\n[1,2]\n{\"id\": 5}\n{\"id\": 6, \"text\": null}\n{\"text\": 3}\n\n{\"id\": true, \"text\": \"t\"}\n{\"id\":\"u\",\"text\":\"\xff\"}\n";
        let d = docs(input);
        assert_eq!(d.len(), 7, "blank line skipped, every other line kept");
        let msg = |i: usize| d[i].errors[0].message.clone();
        assert!(
            msg(0).starts_with("in.jsonl:1: not valid JSON"),
            "{}",
            msg(0)
        );
        assert!(msg(1).contains("in.jsonl:2: expected a JSON object, found an array"));
        assert_eq!(d[2].id, Some(DocId::Num(5.into())));
        assert!(msg(2).contains("in.jsonl:3: no `text` field"));
        assert_eq!(d[3].id, Some(DocId::Num(6.into())));
        assert!(msg(3).contains("in.jsonl:4: `text` must be a string, found null"));
        assert!(msg(4).contains("found a number"));
        assert_eq!(d[5].id, Some(DocId::line(7)));
        assert!(msg(5).contains("must be a string or a number"));
        assert_eq!(
            d[6].id,
            Some(DocId::Str("u".into())),
            "id kept from a line with bad UTF-8"
        );
        assert!(msg(6).contains("in.jsonl:8: not valid UTF-8"), "{}", msg(6));
        assert_eq!(d[6].text, "");
        assert!(d
            .iter()
            .all(|x| x.errors.iter().all(|e| e.stage == "input")));
    }

    #[test]
    fn custom_field_names() {
        let f = Fields {
            text: "body".into(),
            id: "uid".into(),
        };
        let d = read_all_jsonl(
            &b"{\"uid\": \"z\", \"body\": \"hi\", \"text\": \"no\"}\n"[..],
            "x",
            &f,
        );
        assert_eq!(d[0].text, "hi");
        assert_eq!(d[0].id, Some(DocId::Str("z".into())));
        assert_eq!(d[0].meta.as_ref().unwrap()["text"], "no");
    }

    #[test]
    fn crlf_and_missing_final_newline() {
        let d = docs(b"{\"text\": \"a\"}\r\n{\"text\": \"b\"}");
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].text, "b");
        assert!(d[0].errors.is_empty());
    }
}
