//! Documents to request lines, response lines to annotations, and offsets
//! between bytes and code points.

use std::collections::BTreeMap;

use lede_core::{Annotation, Document, Entity, Layer, Span, StageError};
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The unit of offsets in the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Offsets {
    /// Unicode code points: what Python's `str` indexing uses.
    #[default]
    Chars,
    /// UTF-8 bytes: what Rust, Go and C use.
    Bytes,
}

impl Offsets {
    /// The name used in configs and the handshake.
    pub fn as_str(self) -> &'static str {
        match self {
            Offsets::Chars => "chars",
            Offsets::Bytes => "bytes",
        }
    }
}

/// Converts offsets of one document between bytes and the protocol's unit.
pub(crate) struct OffsetMap {
    unit: Offsets,
    len: usize,
    /// For `chars`: the byte offset of each code point, and the text length last.
    starts: Option<Vec<usize>>,
    text_is_boundary: Vec<bool>,
}

impl OffsetMap {
    pub(crate) fn new(text: &str, unit: Offsets) -> OffsetMap {
        match unit {
            Offsets::Chars => {
                let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                starts.push(text.len());
                OffsetMap {
                    unit,
                    len: text.len(),
                    starts: Some(starts),
                    text_is_boundary: Vec::new(),
                }
            }
            Offsets::Bytes => OffsetMap {
                unit,
                len: text.len(),
                starts: None,
                text_is_boundary: (0..=text.len()).map(|i| text.is_char_boundary(i)).collect(),
            },
        }
    }

    fn unit(&self) -> Offsets {
        self.unit
    }

    fn out(&self, byte: usize) -> usize {
        match &self.starts {
            Some(s) => s.binary_search(&byte).unwrap_or_else(|i| i),
            None => byte,
        }
    }

    fn span_out(&self, s: Span) -> Value {
        json!([self.out(s.start), self.out(s.end)])
    }

    /// The byte offset of a protocol offset, if it is a valid position.
    fn back(&self, unit: u64) -> Option<usize> {
        let u = usize::try_from(unit).ok()?;
        match &self.starts {
            Some(s) => s.get(u).copied(),
            None => (u <= self.len && self.text_is_boundary[u]).then_some(u),
        }
    }

    fn span_back(&self, start: u64, end: u64) -> Result<Span, String> {
        match (self.back(start), self.back(end)) {
            (Some(s), Some(e)) if s <= e => Ok(Span::new(s, e)),
            _ => Err(format!(
                "[{start}, {end}) is not a span of this text (out of bounds, reversed, or inside a character)"
            )),
        }
    }
}

/// The request line for one document.
pub(crate) fn request(doc: &Document, n: u64, send: &[Layer], map: &OffsetMap) -> Vec<u8> {
    let mut m = Map::new();
    m.insert("n".into(), n.into());
    m.insert(
        "id".into(),
        doc.id
            .as_ref()
            .and_then(|id| serde_json::to_value(id).ok())
            .unwrap_or(Value::Null),
    );
    m.insert("text".into(), doc.text.as_str().into());
    m.insert("offsets".into(), map.unit().as_str().into());
    let mut extra = Map::new();
    for layer in send {
        match layer {
            Layer::Tokens => {
                let v: Vec<Value> = doc
                    .tokens
                    .iter()
                    .map(|t| json!([map.out(t.span.start), map.out(t.span.end), t.kind.as_str()]))
                    .collect();
                m.insert("tokens".into(), v.into());
            }
            Layer::Sentences => {
                let v: Vec<Value> = doc.sentences.iter().map(|s| map.span_out(*s)).collect();
                m.insert("sentences".into(), v.into());
            }
            Layer::Entities => {
                let v: Vec<Value> = doc
                    .entities
                    .iter()
                    .map(|e| {
                        json!({"start": map.out(e.span.start), "end": map.out(e.span.end),
                               "type": e.entity_type, "id": e.id, "canonical": e.canonical})
                    })
                    .collect();
                m.insert("entities".into(), v.into());
            }
            Layer::Extra(name) => {
                let items: Vec<Value> = doc
                    .extra
                    .get(name.as_ref())
                    .map(|items| {
                        items
                            .iter()
                            .map(|a| {
                                let roles: Map<String, Value> = a
                                    .roles
                                    .iter()
                                    .map(|(k, s)| (k.clone(), map.span_out(*s)))
                                    .collect();
                                json!({"start": map.out(a.span.start), "end": map.out(a.span.end),
                                       "label": a.label, "roles": roles, "data": a.data})
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                extra.insert(name.to_string(), items.into());
            }
            Layer::Quantities | Layer::Attributions => {}
        }
    }
    if !extra.is_empty() {
        m.insert("layers".into(), extra.into());
    }
    serde_json::to_vec(&Value::Object(m)).unwrap_or_default()
}

#[derive(Deserialize)]
struct Item {
    start: u64,
    end: u64,
    #[serde(default)]
    label: String,
    #[serde(default)]
    roles: BTreeMap<String, (u64, u64)>,
    #[serde(default)]
    data: Map<String, Value>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    canonical: Option<String>,
}

/// Writes a response's annotations into the document (`output` is the extra
/// layer, or `None` for entities). Items that do not fit the text are
/// dropped and the drop is recorded on the document.
pub(crate) fn apply(
    doc: &mut Document,
    answer: Value,
    output: Option<&str>,
    map: &OffsetMap,
    stage: &str,
) -> Result<(), StageError> {
    if let Some(e) = answer.get("error").filter(|e| !e.is_null()) {
        let msg = e.as_str().map_or_else(|| e.to_string(), str::to_string);
        return Err(StageError::new(format!("the program reported: {msg}")));
    }
    let items = match answer.get("annotations") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(other) => {
            return Err(StageError::new(format!(
                "protocol error: `annotations` must be a list, got {other}"
            )))
        }
    };
    let mut dropped = 0usize;
    let mut first: Option<String> = None;
    let mut good: Vec<(Span, Item)> = Vec::new();
    let mut roles_ok = Vec::new();
    for (i, v) in items.into_iter().enumerate() {
        let checked = serde_json::from_value::<Item>(v)
            .map_err(|e| format!("annotation {}: {e}", i + 1))
            .and_then(|it| {
                let span = map
                    .span_back(it.start, it.end)
                    .map_err(|e| format!("annotation {}: {e}", i + 1))?;
                let mut roles = BTreeMap::new();
                for (k, &(s, e)) in &it.roles {
                    let r = map
                        .span_back(s, e)
                        .map_err(|e| format!("annotation {} role `{k}`: {e}", i + 1))?;
                    roles.insert(k.clone(), r);
                }
                Ok((span, it, roles))
            });
        match checked {
            Ok((span, it, roles)) => {
                good.push((span, it));
                roles_ok.push(roles);
            }
            Err(e) => {
                dropped += 1;
                first.get_or_insert(e);
            }
        }
    }
    match output {
        Some(name) => {
            let layer = doc.extra.entry(name.to_string()).or_default();
            for ((span, it), roles) in good.into_iter().zip(roles_ok) {
                layer.push(Annotation {
                    span,
                    label: it.label,
                    roles,
                    data: it.data,
                });
            }
            layer.sort_by_key(|a| (a.span.start, a.span.end));
        }
        None => {
            for (span, it) in good {
                let text = doc.slice(span).to_string();
                doc.entities.push(Entity {
                    span,
                    id: it
                        .id
                        .unwrap_or_else(|| text.to_lowercase().replace(' ', "-")),
                    entity_type: it.label,
                    canonical: it.canonical.unwrap_or(text),
                    candidates: Vec::new(),
                });
            }
            doc.entities.sort_by_key(|e| (e.span.start, e.span.end));
        }
    }
    if let Some(first) = first {
        doc.record_error(
            stage,
            format!("dropped {dropped} annotation(s) the program sent (first: {first})"),
        );
    }
    Ok(())
}
