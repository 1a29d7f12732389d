//! Writing documents as JSON lines in the output schema of DESIGN.md.

use lede_core::{Annotation, Attribution, Document, Entity, Quantity, Span};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::config::Offsets;

/// Converts byte offsets of one text into the offsets the output asks for.
///
/// ASCII texts convert for free. Otherwise a table holds the char count at
/// every 64th byte, so a conversion scans at most 63 bytes and the table
/// costs 1/16 of the text's size.
pub struct OffsetMap<'t> {
    text: &'t [u8],
    blocks: Vec<u32>,
}

const BLOCK: usize = 64;

impl<'t> OffsetMap<'t> {
    /// A converter for `text` in `mode`.
    pub fn new(text: &'t str, mode: Offsets) -> OffsetMap<'t> {
        let bytes = text.as_bytes();
        let mut blocks = Vec::new();
        if mode == Offsets::Chars && !text.is_ascii() {
            blocks.reserve(bytes.len() / BLOCK + 1);
            let mut count = 0u32;
            for chunk in bytes.chunks(BLOCK) {
                blocks.push(count);
                count += chunk.iter().filter(|&&b| !is_continuation(b)).count() as u32;
            }
            blocks.push(count);
        }
        OffsetMap {
            text: bytes,
            blocks,
        }
    }

    /// The output offset of byte offset `b`.
    #[inline]
    pub fn convert(&self, b: usize) -> usize {
        if self.blocks.is_empty() {
            return b;
        }
        let b = b.min(self.text.len());
        let blk = b / BLOCK;
        let base = self.blocks[blk] as usize;
        base + self.text[blk * BLOCK..b]
            .iter()
            .filter(|&&x| !is_continuation(x))
            .count()
    }
}

#[inline]
fn is_continuation(b: u8) -> bool {
    (b as i8) < -64
}

/// Which layers to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Include {
    /// The document text itself (an extension of the schema).
    pub text: bool,
    /// `tokens`.
    pub tokens: bool,
    /// `sentences`.
    pub sentences: bool,
    /// `entities`.
    pub entities: bool,
    /// `quantities`.
    pub quantities: bool,
    /// `attributions`.
    pub attributions: bool,
}

impl Include {
    /// The set named by `[output] include` (names already checked by the config).
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Include {
        let mut inc = Include::default();
        for n in names {
            match n.as_ref() {
                "text" => inc.text = true,
                "tokens" => inc.tokens = true,
                "sentences" => inc.sentences = true,
                "entities" => inc.entities = true,
                "quantities" => inc.quantities = true,
                "attributions" => inc.attributions = true,
                _ => {}
            }
        }
        inc
    }
}

/// A document ready to serialize: the document, its offset converter and
/// the layers to write.
pub struct DocView<'a> {
    doc: &'a Document,
    map: OffsetMap<'a>,
    include: Include,
}

impl<'a> DocView<'a> {
    /// A view of `doc` writing `include` with offsets in `mode`.
    pub fn new(doc: &'a Document, mode: Offsets, include: Include) -> DocView<'a> {
        DocView {
            doc,
            map: OffsetMap::new(&doc.text, mode),
            include,
        }
    }
}

/// Appends one JSON line (with its `\n`) for `doc` to `out`.
pub fn write_line(out: &mut Vec<u8>, doc: &Document, mode: Offsets, include: Include) {
    let view = DocView::new(doc, mode, include);
    // Serializing our own types into a Vec cannot fail: every map key is a string.
    serde_json::to_writer(&mut *out, &view).expect("serializing a document to memory");
    out.push(b'\n');
}

struct SpanRef<'a, 'v> {
    span: Span,
    view: &'a DocView<'v>,
}

impl Serialize for SpanRef<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("start", &self.view.map.convert(self.span.start))?;
        m.serialize_entry("end", &self.view.map.convert(self.span.end))?;
        m.serialize_entry("text", self.view.doc.slice(self.span))?;
        m.end()
    }
}

struct Pair(usize, usize);

impl Serialize for Pair {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut q = s.serialize_seq(Some(2))?;
        q.serialize_element(&self.0)?;
        q.serialize_element(&self.1)?;
        q.end()
    }
}

struct Seq<'a, T, F>(&'a [T], F);

impl<'a, T, F, R> Serialize for Seq<'a, T, F>
where
    F: Fn(&'a T) -> R,
    R: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut q = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            q.serialize_element(&(self.1)(item))?;
        }
        q.end()
    }
}

impl DocView<'_> {
    fn pair(&self, sp: Span) -> Pair {
        Pair(self.map.convert(sp.start), self.map.convert(sp.end))
    }

    fn span(&self, span: Span) -> SpanRef<'_, '_> {
        SpanRef { span, view: self }
    }
}

struct EntityOut<'a, 'v>(&'a Entity, &'a DocView<'v>);

impl Serialize for EntityOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (e, v) = (self.0, self.1);
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("start", &v.map.convert(e.span.start))?;
        m.serialize_entry("end", &v.map.convert(e.span.end))?;
        m.serialize_entry("text", v.doc.slice(e.span))?;
        m.serialize_entry("id", &e.id)?;
        m.serialize_entry("type", &e.entity_type)?;
        m.serialize_entry("canonical", &e.canonical)?;
        m.serialize_entry("candidates", &e.candidates)?;
        m.end()
    }
}

struct QuantityOut<'a, 'v>(&'a Quantity, &'a DocView<'v>);

impl Serialize for QuantityOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (q, v) = (self.0, self.1);
        let mut m = s.serialize_map(Some(17))?;
        m.serialize_entry("start", &v.map.convert(q.span.start))?;
        m.serialize_entry("end", &v.map.convert(q.span.end))?;
        m.serialize_entry("text", v.doc.slice(q.span))?;
        m.serialize_entry("value", &finite(q.value))?;
        m.serialize_entry("low", &finite(q.low))?;
        m.serialize_entry("high", &finite(q.high))?;
        m.serialize_entry("unit", &q.unit)?;
        m.serialize_entry("dimension", &q.dimension)?;
        m.serialize_entry("si_value", &finite(q.si_value))?;
        m.serialize_entry("si_unit", &q.si_unit)?;
        m.serialize_entry("bound", q.bound.as_str())?;
        m.serialize_entry("approx", &q.approx)?;
        m.serialize_entry("noun", &q.noun)?;
        m.serialize_entry("kind", q.kind.as_str())?;
        m.serialize_entry("change", &q.change.map(|c| c.as_str()))?;
        m.serialize_entry("conversion_of", &q.conversion_of)?;
        m.end()
    }
}

/// JSON has no NaN or infinity; a stage that computes one writes null.
fn finite(x: Option<f64>) -> Option<f64> {
    x.filter(|v| v.is_finite())
}

struct AttributionOut<'a, 'v>(&'a Attribution, &'a DocView<'v>);

impl Serialize for AttributionOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, v) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", a.kind.as_str())?;
        m.serialize_entry("content", &a.content.map(|c| v.pair(c)))?;
        if !a.content_parts.is_empty() {
            m.serialize_entry(
                "content_parts",
                &Seq(&a.content_parts, |p: &Span| v.pair(*p)),
            )?;
        }
        m.serialize_entry("cue", &a.cue.map(|c| v.span(c)))?;
        m.serialize_entry("source", &a.source.as_ref().map(|src| SourceOut(src, v)))?;
        m.serialize_entry("outlet", &a.outlet.as_ref().map(|o| OutletOut(o, v)))?;
        m.end()
    }
}

struct SourceOut<'a, 'v>(&'a lede_core::Source, &'a DocView<'v>);

impl Serialize for SourceOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (src, v) = (self.0, self.1);
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("start", &v.map.convert(src.span.start))?;
        m.serialize_entry("end", &v.map.convert(src.span.end))?;
        m.serialize_entry("text", v.doc.slice(src.span))?;
        m.serialize_entry("canonical", &src.canonical)?;
        m.serialize_entry("entity", &src.entity)?;
        m.end()
    }
}

struct OutletOut<'a, 'v>(&'a lede_core::Outlet, &'a DocView<'v>);

impl Serialize for OutletOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (o, v) = (self.0, self.1);
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("start", &v.map.convert(o.span.start))?;
        m.serialize_entry("end", &v.map.convert(o.span.end))?;
        m.serialize_entry("text", v.doc.slice(o.span))?;
        m.serialize_entry("entity", &o.entity)?;
        m.end()
    }
}

struct AnnotationOut<'a, 'v>(&'a Annotation, &'a DocView<'v>);

impl Serialize for AnnotationOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, v) = (self.0, self.1);
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("start", &v.map.convert(a.span.start))?;
        m.serialize_entry("end", &v.map.convert(a.span.end))?;
        m.serialize_entry("text", v.doc.slice(a.span))?;
        m.serialize_entry("label", &a.label)?;
        m.serialize_entry("roles", &RolesOut(a, v))?;
        m.serialize_entry("data", &a.data)?;
        m.end()
    }
}

struct RolesOut<'a, 'v>(&'a Annotation, &'a DocView<'v>);

impl Serialize for RolesOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.roles.len()))?;
        for (k, sp) in &self.0.roles {
            m.serialize_entry(k, &self.1.span(*sp))?;
        }
        m.end()
    }
}

impl Serialize for DocView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.doc;
        let inc = self.include;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &d.id)?;
        if let Some(meta) = &d.meta {
            m.serialize_entry("meta", meta)?;
        }
        if inc.text {
            m.serialize_entry("text", &d.text)?;
        }
        if inc.tokens {
            m.serialize_entry(
                "tokens",
                &Seq(&d.tokens, |t: &lede_core::Token| {
                    (
                        self.map.convert(t.span.start),
                        self.map.convert(t.span.end),
                        t.kind.as_str(),
                    )
                }),
            )?;
        }
        if inc.sentences {
            m.serialize_entry("sentences", &Seq(&d.sentences, |sp: &Span| self.pair(*sp)))?;
        }
        if inc.entities {
            m.serialize_entry("entities", &Seq(&d.entities, |e| EntityOut(e, self)))?;
        }
        if inc.quantities {
            m.serialize_entry("quantities", &Seq(&d.quantities, |q| QuantityOut(q, self)))?;
        }
        if inc.attributions {
            m.serialize_entry(
                "attributions",
                &Seq(&d.attributions, |a| AttributionOut(a, self)),
            )?;
        }
        for (name, items) in &d.extra {
            m.serialize_entry(name, &Seq(items, |a| AnnotationOut(a, self)))?;
        }
        m.serialize_entry("errors", &d.errors)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lede_core::{DocId, Token, TokenKind};

    #[test]
    fn char_offsets_count_code_points() {
        let text = "Qāmishlī — “Daesh” 😀 x".repeat(5);
        let m = OffsetMap::new(&text, Offsets::Chars);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(m.convert(bi), ci, "byte {bi}");
        }
        assert_eq!(m.convert(text.len()), text.chars().count());
        let b = OffsetMap::new(&text, Offsets::Bytes);
        assert_eq!(b.convert(7), 7);
    }

    #[test]
    fn writes_schema_with_stable_shape() {
        let mut d = Document::new(DocId::Num(3.into()), "Mosul é");
        d.tokens.push(Token {
            span: Span::new(6, 8),
            kind: TokenKind::Word,
        });
        d.sentences.push(Span::new(0, 8));
        let mut out = Vec::new();
        let inc = Include::from_names(&["tokens", "sentences", "entities"]);
        write_line(&mut out, &d, Offsets::Chars, inc);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["id"], 3);
        assert_eq!(v["tokens"], serde_json::json!([[6, 7, "word"]]));
        assert_eq!(v["sentences"], serde_json::json!([[0, 7]]));
        assert_eq!(v["entities"], serde_json::json!([]));
        assert_eq!(v["errors"], serde_json::json!([]));
        assert!(v.get("meta").is_none());
        assert!(v.get("quantities").is_none());
        assert!(out.ends_with(b"\n"));
    }
}
