//! `outlet` records: source lines ("SOURCE: AFP"), agency datelines
//! ("BAGHDAD (AP) —"), photo credits ("(AP Photo/Khalid Mohammed)") and bylines.

use lede_core::Span;

use crate::extract::{Ctx, OutletSink};
use crate::lexicon::{has_particle_prefix, lower, CUE_VERB, NONNAME, OUTLET, ROLE, TITLE};

/// A trimmed sub-span of `text[a..b]`, or `None` when it is empty.
fn trimmed(text: &str, a: usize, b: usize) -> Option<Span> {
    let s = text.get(a..b)?;
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    let t = t.trim_end_matches(['.', ',', ';']);
    let t = t.trim_end();
    (!t.is_empty()).then(|| Span::new(a + lead, a + lead + t.len()))
}

fn is_outlet_name(ctx: &Ctx, s: &str) -> bool {
    let mut buf = [0u8; 40];
    let mut words = s.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let Some(l) = lower(first, &mut buf) else {
        return false;
    };
    let rest: Vec<String> = words.map(|w| w.to_ascii_lowercase()).collect();
    if rest.is_empty() {
        return ctx.lx.flags(l) & OUTLET != 0;
    }
    ctx.lx.phrases(l).iter().any(|p| {
        p.flags & OUTLET != 0
            && p.rest.len() == rest.len()
            && p.rest.iter().zip(&rest).all(|(a, b)| **a == *b.as_bytes())
    })
}

/// Capitalised words only, none of them a function word or cue: a name.
fn name_like(ctx: &Ctx, s: &str, max_words: usize) -> bool {
    // Lines near the top are often whole paragraphs: stop counting words past
    // the limit instead of splitting the paragraph into a vector.
    let mut words = [""; 8];
    let mut n = 0;
    for w in s.split_whitespace() {
        if n == max_words || n == words.len() {
            return false;
        }
        words[n] = w;
        n += 1;
    }
    let words = &words[..n];
    if words.is_empty() {
        return false;
    }
    let mut buf = [0u8; 40];
    words.iter().all(|w| {
        let first = w.chars().next().unwrap_or(' ');
        let ok_chars = w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'));
        let fl = lower(w, &mut buf).map_or(0, |l| ctx.lx.flags(l));
        (first.is_uppercase() || has_particle_prefix(w))
            && ok_chars
            && fl & (NONNAME | CUE_VERB | ROLE) == 0
    }) && words.iter().any(|w| {
        let fl = lower(w, &mut buf).map_or(0, |l| ctx.lx.flags(l));
        fl & TITLE == 0
    })
}

/// Finds the outlet records of a document.
pub(crate) fn records(ctx: &Ctx, sink: &mut OutletSink) {
    sink.index();
    let text = ctx.text;
    let mut line_start = 0;
    let mut line_no = 0;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |p| line_start + p);
        let line = &text[line_start..line_end];
        if !line.trim().is_empty() {
            line_no += 1;
            one_line(ctx, sink, line_start, line, line_no);
        }
        if line_end >= text.len() {
            break;
        }
        line_start = line_end + 1;
    }
}

fn one_line(ctx: &Ctx, sink: &mut OutletSink, at: usize, line: &str, line_no: usize) {
    let text = ctx.text;
    let lead = line.len() - line.trim_start().len();
    let body = line.trim();
    let b0 = at + lead;
    // "SOURCE: AFP", "Source:AFP"
    if body.len() > 7 && body.is_char_boundary(6) && body[..6].eq_ignore_ascii_case("source") {
        let rest = body[6..].trim_start();
        if let Some(r) = rest.strip_prefix(':') {
            let off = b0 + body.len() - r.len();
            if r.trim().len() <= 60 {
                if let Some(o) = trimmed(text, off, b0 + body.len()) {
                    if !sink.covered(o) {
                        sink.push(None, Some(o), Some(Span::new(b0, off)));
                    }
                }
                return;
            }
        }
    }
    // "BAGHDAD (AP) —", "SALVADOR, Feb 26 (Reuters) -"
    let mut head = body.len().min(80);
    while !body.is_char_boundary(head) {
        head -= 1;
    }
    if let Some(p) = body[..head].find('(') {
        if let Some(q) = body[p..].find(')') {
            let name = &body[p + 1..p + q];
            let after = body[p + q + 1..].trim_start();
            let dash = after.starts_with(['—', '–', '-', '―']);
            if dash
                && !name.is_empty()
                && (is_outlet_name(ctx, name)
                    || (name.len() <= 12 && name.chars().all(|c| c.is_ascii_uppercase())))
            {
                let o = Span::new(b0 + p + 1, b0 + p + q);
                if !sink.covered(o) {
                    sink.push(None, Some(o), None);
                }
            }
        }
    }
    // photo credits, in brackets or opening a line
    let mut from = 0;
    while let Some(p) = body[from..].find('(') {
        let s = from + p + 1;
        let Some(q) = body[s..].find(')') else { break };
        credit(ctx, sink, b0 + s, &body[s..s + q]);
        from = s + q;
    }
    if body.starts_with("Photo:") || body.starts_with("Photo by") || body.starts_with("PHOTO:") {
        credit(ctx, sink, b0, body);
    }
    // bylines: "By Zeinab Daher", "By Jane Roe, Reuters", or a bare name near the top
    if let Some(rest) = body
        .strip_prefix("By ")
        .or_else(|| body.strip_prefix("BY "))
    {
        let off = b0 + 3;
        let (name, outlet) = match rest.find([',', '|']) {
            Some(c) => (&rest[..c], Some((off + c + 1, off + rest.len()))),
            None => (rest, None),
        };
        if name_like(ctx, name.trim(), 5) {
            let src = trimmed(text, off, off + name.len());
            let out = outlet
                .and_then(|(a, b)| trimmed(text, a, b))
                .filter(|o| is_outlet_name(ctx, &text[o.start..o.end]));
            sink.push(src, out, None);
        }
        return;
    }
    if line_no <= 6 && name_like(ctx, body, 4) && body.split_whitespace().count() >= 2 {
        let src = trimmed(text, b0, b0 + body.len());
        if let Some(s) = src {
            if !sink.covered(s) {
                sink.push(Some(s), None, None);
            }
        }
    }
}

/// "AP Photo/Khalid Mohammed", "Photo: Khalid Mohammed/AFP", "Photo by X/Getty Images".
fn credit(ctx: &Ctx, sink: &mut OutletSink, at: usize, s: &str) {
    let text = ctx.text;
    if let Some(p) = s.find(" Photo/").or_else(|| s.find(" photo/")) {
        let outlet = trimmed(text, at, at + p);
        let src = trimmed(text, at + p + 7, at + s.len());
        if outlet.is_some() && src.is_some() {
            sink.push(src, outlet, None);
        }
        return;
    }
    let rest = [
        "Photo: ",
        "Photo by ",
        "PHOTO: ",
        "Photo credit: ",
        "Photograph: ",
    ]
    .iter()
    .find_map(|pre| s.strip_prefix(pre).map(|r| (pre.len(), r)));
    if let Some((skip, r)) = rest {
        let off = at + skip;
        match r.rfind('/') {
            Some(sl) => {
                let src = trimmed(text, off, off + sl);
                let out = trimmed(text, off + sl + 1, off + r.len());
                sink.push(src, out, None);
            }
            None => {
                let sp = trimmed(text, off, off + r.len());
                if let Some(sp) = sp {
                    if is_outlet_name(ctx, &text[sp.start..sp.end]) {
                        sink.push(None, Some(sp), None);
                    } else {
                        sink.push(Some(sp), None, None);
                    }
                }
            }
        }
    }
}
