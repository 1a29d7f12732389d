//! `outlet` records: source lines ("SOURCE: AFP"), agency datelines
//! ("BAGHDAD (AP) —"), photo credits ("(AP Photo/Khalid Mohammed)") and bylines.

use lede_core::Span;

use crate::extract::{Ctx, OutletSink};
use crate::lexicon::{
    has_particle_prefix, lower, CUE_VERB, NONNAME, OUTLET, OUTLET_TAIL, ROLE, TITLE,
};

/// A trimmed sub-span of `text[a..b]`, or `None` when it is empty.
fn trimmed(text: &str, a: usize, b: usize) -> Option<Span> {
    let s = text.get(a..b)?;
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    let t = t.trim_end_matches(['.', ',', ';']);
    let t = t.trim_end();
    (!t.is_empty()).then(|| Span::new(a + lead, a + lead + t.len()))
}

/// A listed outlet ("AFP", "Al Jazeera"), or two to five capitalised words
/// ending in an outlet's last word ("ARA News", "Kurdistan 24").
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
    let listed = ctx.lx.phrases(l).iter().any(|p| {
        p.flags & OUTLET != 0
            && p.rest.len() == rest.len()
            && p.rest.iter().zip(&rest).all(|(a, b)| **a == *b.as_bytes())
    });
    listed
        || rest.len() <= 4
            && s.split_whitespace().all(|w| {
                w.starts_with(|c: char| c.is_uppercase()) || w.bytes().all(|c| c.is_ascii_digit())
            })
            && s.split_whitespace()
                .next_back()
                .is_some_and(|w| ctx.lx.class(w) & OUTLET_TAIL != 0)
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
                sink.push_dateline(Span::new(b0 + p + 1, b0 + p + q));
            }
        }
    }
    // "June 4, 2017 – ARA News – The coalition ...": an outlet between two
    // dashes near the start of a line
    if let Some(o) = dashed_outlet(ctx, b0, &body[..head]) {
        sink.push_dateline(o);
    }
    // "... west of Baghdad. / AFP": a credit closing a caption (looked for
    // in the line's last bytes only: lines are often whole paragraphs)
    let mut tail = body.len().saturating_sub(48);
    while !body.is_char_boundary(tail) {
        tail += 1;
    }
    if let Some(slash) = body[tail..].rfind('/').map(|p| tail + p) {
        let name = body[slash + 1..].trim();
        if !name.is_empty()
            && body[..slash].ends_with([' ', '.'])
            && is_outlet_name(ctx, name.trim_end_matches('.'))
        {
            if let Some(o) = trimmed(text, b0 + slash + 1, b0 + body.len()) {
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
        // "By Omar Fahmy and Tom Perry, Reuters": the last comma group may be the outlet
        let (names, outlet) = match rest.rfind([',', '|']) {
            Some(c) if is_outlet_name(ctx, rest[c + 1..].trim().trim_end_matches('.')) => {
                (&rest[..c], trimmed(text, off + c + 1, off + rest.len()))
            }
            _ => (rest, None),
        };
        // (a sentence opening with "By the time ..." is no byline: every
        // piece must be a name)
        let pieces = split_names(names);
        if names.len() <= 120 && pieces.iter().all(|(_, n)| name_like(ctx, n.trim(), 5)) {
            for (k, name) in pieces {
                let src = trimmed(text, off + k, off + k + name.len());
                sink.push(src, outlet, None);
            }
        }
        return;
    }
    // a bare name near the top; past the first lines (scraped pages open
    // with menus and buttons) only one that starts with a given name
    let given = || {
        body.split_whitespace()
            .next()
            .is_some_and(|w| ctx.lx.gender(w) != 0)
    };
    if (line_no <= 6 || line_no <= 12 && given())
        && name_like(ctx, body, 4)
        && body.split_whitespace().count() >= 2
    {
        let src = trimmed(text, b0, b0 + body.len());
        if let Some(s) = src {
            if !sink.covered(s) {
                sink.push(Some(s), None, None);
            }
        }
    }
}

/// An outlet named between two dashes in the head of a line.
fn dashed_outlet(ctx: &Ctx, at: usize, head: &str) -> Option<Span> {
    let hb = head.as_bytes();
    // the dashes of the head: a long dash (– — ―, E2 80 93..95), or a
    // hyphen with spaces around it ("2017 - Rudaw - "), found bytewise
    let mut dashes = memchr::memchr2_iter(0xE2, b'-', hb).filter_map(|i| match hb[i] {
        0xE2 if hb.get(i + 1) == Some(&0x80) && matches!(hb.get(i + 2), Some(0x93..=0x95)) => {
            Some((i, 3))
        }
        b'-' if i > 0 && hb[i - 1] == b' ' && hb.get(i + 1) == Some(&b' ') => Some((i, 1)),
        _ => None,
    });
    let (p, l1) = dashes.next()?;
    let (q, _) = dashes.next()?;
    let inner = &head[p + l1..q];
    let name = inner.trim();
    if name.is_empty() || !is_outlet_name(ctx, name) {
        return None;
    }
    let lead = inner.len() - inner.trim_start().len();
    let s = at + p + l1 + lead;
    Some(Span::new(s, s + name.len()))
}

/// "(Reporting by Ahmed Rasheed; Editing by Peter Graff)": the reporters
/// (not the editors) are the sources of the story, each a record with the
/// agency of the document's dateline as outlet.
fn reporting_credit(ctx: &Ctx, sink: &mut OutletSink, at: usize, s: &str) -> bool {
    let mut found = false;
    let mut off = 0;
    for part in s.split(';') {
        let p = part.trim_start();
        let start = off + part.len() - p.len();
        off += part.len() + 1;
        let Some((skip, names)) = ["Reporting by ", "Additional reporting by ", "Writing by "]
            .iter()
            .find_map(|pre| p.strip_prefix(pre).map(|r| (pre.len(), r)))
        else {
            continue;
        };
        found = true;
        for (k, name) in split_names(names) {
            // "Ahmed Rasheed in Baghdad"
            let who = name.split(" in ").next().unwrap_or(name);
            if name_like(ctx, who.trim(), 5) {
                let a = at + start + skip + k;
                if let Some(src) = trimmed(ctx.text, a, a + who.len()) {
                    let agency = sink.agency();
                    sink.push(Some(src), agency, None);
                }
            }
        }
    }
    found
}

/// The names of a list ("A, B and C", "A & B"), each with its byte offset.
fn split_names(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut i = 0;
    while i < s.len() {
        let sep = if s[i..].starts_with(" and ") {
            5
        } else if s[i..].starts_with([',', '&']) {
            1
        } else {
            0
        };
        if sep > 0 {
            out.push((from, &s[from..i]));
            i += sep;
            from = i;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push((from, &s[from..]));
    out.into_iter()
        .map(|(k, n)| {
            let lead = n.len() - n.trim_start().len();
            (k + lead, n.trim_start())
        })
        .filter(|(_, n)| !n.trim().is_empty())
        .collect()
}

/// "AP Photo/Khalid Mohammed", "Photo: Khalid Mohammed/AFP", "Photo by X/Getty Images".
fn credit(ctx: &Ctx, sink: &mut OutletSink, at: usize, s: &str) {
    let text = ctx.text;
    if reporting_credit(ctx, sink, at, s) {
        return;
    }
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
            // "Photo: Reuters/Omar Sanadiki" names the agency first
            Some(sl) if is_outlet_name(ctx, r[..sl].trim()) => {
                let out = trimmed(text, off, off + sl);
                let src = trimmed(text, off + sl + 1, off + r.len());
                sink.push(src, out, None);
            }
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
