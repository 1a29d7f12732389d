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
///
/// The bytes are exactly those of serializing [`DocView`] with
/// `serde_json::to_writer` (a test holds the two together), written by hand
/// for the layers of the schema: through serde every key and short string
/// went through the generic escaper one call at a time, and writing took a
/// tenth of the default pipeline. Free-form parts (`id`, `meta`, `errors`,
/// a custom layer's `data`) still go through serde_json.
pub fn write_line(out: &mut Vec<u8>, doc: &Document, mode: Offsets, include: Include) {
    let view = DocView::new(doc, mode, include);
    view.write(out);
    out.push(b'\n');
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it: `"`, `\`
/// and control characters only (short forms where JSON has them, `\u00XX`
/// otherwise); everything else, non-ASCII included, is copied as it is.
fn json_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        if c >= 0x20 && c != b'"' && c != b'\\' {
            continue;
        }
        out.extend_from_slice(&b[from..i]);
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 0xF)]);
            }
        }
        from = i + 1;
    }
    out.extend_from_slice(&b[from..]);
    out.push(b'"');
}

fn json_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => json_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn json_usize(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Floats go through serde_json itself: its shortest-round-trip format
/// ("4.5e+21") is its own, and floats are few.
fn json_f64(out: &mut Vec<u8>, x: Option<f64>) {
    match finite(x) {
        Some(v) => json_value(out, &v),
        None => out.extend_from_slice(b"null"),
    }
}

/// Any other value, through serde_json (into a Vec this cannot fail).
fn json_value<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    serde_json::to_writer(&mut *out, v).expect("serializing to memory");
}

impl DocView<'_> {
    fn write_pair(&self, out: &mut Vec<u8>, sp: Span) {
        out.push(b'[');
        json_usize(out, self.map.convert(sp.start));
        out.push(b',');
        json_usize(out, self.map.convert(sp.end));
        out.push(b']');
    }

    /// `"start":S,"end":E,"text":"..."` (no braces).
    fn write_span_fields(&self, out: &mut Vec<u8>, sp: Span) {
        out.extend_from_slice(b"\"start\":");
        json_usize(out, self.map.convert(sp.start));
        out.extend_from_slice(b",\"end\":");
        json_usize(out, self.map.convert(sp.end));
        out.extend_from_slice(b",\"text\":");
        json_str(out, self.doc.slice(sp));
    }

    fn write_list<T>(
        &self,
        out: &mut Vec<u8>,
        key: &[u8],
        items: &[T],
        mut each: impl FnMut(&mut Vec<u8>, &T),
    ) {
        out.extend_from_slice(key);
        out.push(b'[');
        for (k, item) in items.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            each(out, item);
        }
        out.push(b']');
    }

    fn write_entity(&self, out: &mut Vec<u8>, e: &Entity) {
        out.push(b'{');
        self.write_span_fields(out, e.span);
        out.extend_from_slice(b",\"id\":");
        json_str(out, &e.id);
        out.extend_from_slice(b",\"type\":");
        json_str(out, &e.entity_type);
        out.extend_from_slice(b",\"canonical\":");
        json_str(out, &e.canonical);
        self.write_list(out, b",\"candidates\":", &e.candidates, |o, c| {
            json_str(o, c)
        });
        out.push(b'}');
    }

    fn write_quantity(&self, out: &mut Vec<u8>, q: &Quantity) {
        out.push(b'{');
        self.write_span_fields(out, q.span);
        out.extend_from_slice(b",\"value\":");
        json_f64(out, q.value);
        out.extend_from_slice(b",\"low\":");
        json_f64(out, q.low);
        out.extend_from_slice(b",\"high\":");
        json_f64(out, q.high);
        out.extend_from_slice(b",\"unit\":");
        json_opt_str(out, q.unit.as_deref());
        out.extend_from_slice(b",\"dimension\":");
        json_opt_str(out, q.dimension.as_deref());
        out.extend_from_slice(b",\"si_value\":");
        json_f64(out, q.si_value);
        out.extend_from_slice(b",\"si_unit\":");
        json_opt_str(out, q.si_unit.as_deref());
        out.extend_from_slice(b",\"bound\":");
        json_str(out, q.bound.as_str());
        out.extend_from_slice(if q.approx {
            b",\"approx\":true"
        } else {
            b",\"approx\":false"
        });
        out.extend_from_slice(b",\"noun\":");
        json_opt_str(out, q.noun.as_deref());
        out.extend_from_slice(b",\"kind\":");
        json_str(out, q.kind.as_str());
        out.extend_from_slice(b",\"change\":");
        json_opt_str(out, q.change.map(|c| c.as_str()));
        out.extend_from_slice(b",\"conversion_of\":");
        match q.conversion_of {
            Some(n) => json_usize(out, n),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
    }

    fn write_attribution(&self, out: &mut Vec<u8>, a: &Attribution) {
        out.extend_from_slice(b"{\"kind\":");
        json_str(out, a.kind.as_str());
        out.extend_from_slice(b",\"content\":");
        match a.content {
            Some(c) => self.write_pair(out, c),
            None => out.extend_from_slice(b"null"),
        }
        if !a.content_parts.is_empty() {
            self.write_list(out, b",\"content_parts\":", &a.content_parts, |o, p| {
                self.write_pair(o, *p)
            });
        }
        out.extend_from_slice(b",\"cue\":");
        match a.cue {
            Some(c) => {
                out.push(b'{');
                self.write_span_fields(out, c);
                out.push(b'}');
            }
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"source\":");
        match &a.source {
            Some(src) => {
                out.push(b'{');
                self.write_span_fields(out, src.span);
                out.extend_from_slice(b",\"canonical\":");
                json_opt_str(out, src.canonical.as_deref());
                out.extend_from_slice(b",\"entity\":");
                json_opt_str(out, src.entity.as_deref());
                out.push(b'}');
            }
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"outlet\":");
        match &a.outlet {
            Some(o) => {
                out.push(b'{');
                self.write_span_fields(out, o.span);
                out.extend_from_slice(b",\"entity\":");
                json_opt_str(out, o.entity.as_deref());
                out.push(b'}');
            }
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
    }

    fn write_annotation(&self, out: &mut Vec<u8>, a: &Annotation) {
        out.push(b'{');
        self.write_span_fields(out, a.span);
        out.extend_from_slice(b",\"label\":");
        json_str(out, &a.label);
        out.extend_from_slice(b",\"roles\":{");
        for (k, (name, sp)) in a.roles.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            json_str(out, name);
            out.extend_from_slice(b":{");
            self.write_span_fields(out, *sp);
            out.push(b'}');
        }
        out.extend_from_slice(b"},\"data\":");
        json_value(out, &a.data);
        out.push(b'}');
    }

    /// The document's JSON object, as its `Serialize` impl writes it.
    fn write(&self, out: &mut Vec<u8>) {
        let d = self.doc;
        let inc = self.include;
        out.extend_from_slice(b"{\"id\":");
        json_value(out, &d.id);
        if let Some(meta) = &d.meta {
            out.extend_from_slice(b",\"meta\":");
            json_value(out, meta);
        }
        if inc.text {
            out.extend_from_slice(b",\"text\":");
            json_str(out, &d.text);
        }
        if inc.tokens {
            self.write_list(out, b",\"tokens\":", &d.tokens, |o, t| {
                o.push(b'[');
                json_usize(o, self.map.convert(t.span.start));
                o.push(b',');
                json_usize(o, self.map.convert(t.span.end));
                o.push(b',');
                json_str(o, t.kind.as_str());
                o.push(b']');
            });
        }
        if inc.sentences {
            self.write_list(out, b",\"sentences\":", &d.sentences, |o, sp| {
                self.write_pair(o, *sp)
            });
        }
        if inc.entities {
            self.write_list(out, b",\"entities\":", &d.entities, |o, e| {
                self.write_entity(o, e)
            });
        }
        if inc.quantities {
            self.write_list(out, b",\"quantities\":", &d.quantities, |o, q| {
                self.write_quantity(o, q)
            });
        }
        if inc.attributions {
            self.write_list(out, b",\"attributions\":", &d.attributions, |o, a| {
                self.write_attribution(o, a)
            });
        }
        for (name, items) in &d.extra {
            out.push(b',');
            json_str(out, name);
            out.push(b':');
            self.write_list(out, b"", items, |o, a| self.write_annotation(o, a));
        }
        out.extend_from_slice(b",\"errors\":");
        json_value(out, &d.errors);
        out.push(b'}');
    }
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

    /// The bytes serde_json writes for the same view: the reference the
    /// hand-written writer must equal.
    fn via_serde(d: &Document, mode: Offsets, inc: Include) -> Vec<u8> {
        let mut v = serde_json::to_vec(&DocView::new(d, mode, inc)).unwrap();
        v.push(b'\n');
        v
    }

    fn full_doc() -> Document {
        use lede_core::{Annotation, AttributionKind, Bound, Change, Outlet, QuantityKind, Source};
        let text = "Col. \"Dillon\" said: \u{1}27,000 km² in Qāmishlī\\Raqqa\ttoday — 😀 \u{7f}.";
        let mut d = Document::new(DocId::Str("a\"b\\c\n\u{2028}".into()), text);
        let mut meta = serde_json::Map::new();
        meta.insert(
            "source".into(),
            serde_json::json!({"url": "x", "n": [1, 2.5, null]}),
        );
        d.meta = Some(meta);
        d.tokens.push(Token {
            span: Span::new(0, 4),
            kind: TokenKind::Word,
        });
        d.sentences.push(Span::new(0, text.len()));
        let q = text.find('"').unwrap();
        d.entities.push(Entity {
            span: Span::new(q + 1, q + 7),
            id: "lede:dillon".into(),
            entity_type: "PERSON".into(),
            canonical: "Ryan \"Dillon\"".into(),
            candidates: vec!["geonames:1".into(), "x\u{0}y".into()],
        });
        let k = text.find("27").unwrap();
        for (value, si) in [
            (Some(27000.0), Some(2.7e10)),
            (Some(f64::NAN), Some(f64::INFINITY)),
            (Some(4.5e21), None),
            (None, Some(-0.000123)),
        ] {
            d.quantities.push(Quantity {
                span: Span::new(k, k + 6),
                value,
                low: Some(1.0),
                high: None,
                unit: Some("kilometre".into()),
                dimension: None,
                si_value: si,
                si_unit: Some("m²".into()),
                bound: Bound::Approx,
                approx: value.is_some(),
                noun: Some("ar\"ea".into()),
                kind: QuantityKind::Quantity,
                change: value.map(|_| Change::Down),
                conversion_of: si.map(|_| 3),
            });
        }
        let src = Source {
            span: Span::new(0, 12),
            canonical: Some("Ryan Dillon".into()),
            entity: None,
        };
        d.attributions.push(Attribution {
            kind: AttributionKind::Direct,
            content: Some(Span::new(q, q + 8)),
            content_parts: vec![Span::new(q, q + 3), Span::new(q + 4, q + 8)],
            cue: Some(Span::new(13, 17)),
            source: Some(src),
            outlet: Some(Outlet {
                span: Span::new(0, 4),
                entity: Some("lede:afp".into()),
            }),
        });
        d.attributions.push(Attribution {
            kind: AttributionKind::Outlet,
            content: None,
            content_parts: vec![],
            cue: None,
            source: None,
            outlet: None,
        });
        let mut roles = std::collections::BTreeMap::new();
        roles.insert("count".to_string(), Span::new(k, k + 6));
        roles.insert("wh\"o".to_string(), Span::new(0, 4));
        let mut data = serde_json::Map::new();
        data.insert("score".into(), serde_json::json!(0.5));
        d.extra.insert(
            "casualty_claims".into(),
            vec![Annotation {
                span: Span::new(0, 4),
                label: "claim".into(),
                roles,
                data,
            }],
        );
        d.extra.insert("empty".into(), vec![]);
        d.record_error("quantities", "bad \"span\"\n at 3");
        d
    }

    #[test]
    fn hand_written_lines_equal_serde_json() {
        let full = full_doc();
        let empty = Document::new(DocId::line(7), "");
        let every = Include::from_names(&[
            "text",
            "tokens",
            "sentences",
            "entities",
            "quantities",
            "attributions",
        ]);
        for d in [&full, &empty] {
            for inc in [
                every,
                Include::default(),
                Include::from_names(&["entities"]),
            ] {
                for mode in [Offsets::Chars, Offsets::Bytes] {
                    let mut out = Vec::new();
                    write_line(&mut out, d, mode, inc);
                    assert_eq!(
                        String::from_utf8_lossy(&out),
                        String::from_utf8_lossy(&via_serde(d, mode, inc)),
                        "{inc:?} {mode:?}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_escape_like_serde_json(s in "\\PC*|[\\x00-\\x7f]*") {
            let mut out = Vec::new();
            json_str(&mut out, &s);
            proptest::prop_assert_eq!(out, serde_json::to_vec(&s).unwrap());
        }
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
