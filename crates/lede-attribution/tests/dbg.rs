use lede_core::{DocId, Document, Stage};
#[test]
fn dbg() {
    let t = std::env::var("DBG").unwrap_or_default();
    let stage = lede_attribution::Attribution::bundled();
    let mut doc = Document::new(DocId::line(1), t);
    stage.process(&mut doc).unwrap();
    for a in &doc.attributions {
        println!("{:?} content={:?} cue={:?} src={:?} out={:?} parts={}", a.kind, a.content.map(|s| doc.slice(s)), a.cue.map(|s| doc.slice(s)), a.source.as_ref().map(|s| (doc.slice(s.span), s.canonical.clone())), a.outlet.as_ref().map(|s| doc.slice(s.span)), a.content_parts.len());
    }
}
