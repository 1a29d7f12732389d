//! Resolving speakers: `source.canonical` for names, short names, pronouns
//! and descriptions, and gazetteer ids for sources and outlets.

use rustc_hash::FxHashMap;

use lede_core::{Attribution, Document, Entity, Span};

use crate::extract::{make, RawRel};
use crate::lexicon::{
    has_particle_prefix, lower, Lexicon, FEMALE, GROUP, MALE, NONNAME, ORG, OUTLET, PERSON,
    RELATIVE, ROLE, TITLE,
};

/// A speaker named earlier in the document.
struct Named {
    canonical: String,
    /// Lowercased name words, for short-name matches ("Dillon"): the
    /// canonical name's and, for a tagged entity, the words as written
    /// ("Abu Mahdi al Mohandis" makes "Mohandis" match "al-Muhandis").
    words: Vec<String>,
    person: bool,
    /// MALE, FEMALE, 0 (unknown) or [`UNREAD`], for "he" and "she".
    gender: u32,
    /// Where the text names the person (with a title before it), and where
    /// a later mention matched it (an empty span when none): the gender is
    /// read from them and the canonical name only when a pronoun asks, as
    /// most people named are never referred to by one.
    said_as: [Span; 2],
    /// A person the gazetteer found inside what somebody said (a name in a
    /// quote): a match for a later short name, but never for a pronoun,
    /// which in news refers to a speaker ("“... Prime Minister Abadi
    /// ordered us ...,” he said" is not Abadi speaking).
    in_content: bool,
    /// A described group in the plural ("local officials"): "they", not "it".
    plural: bool,
    entity: Option<String>,
}

/// Lowercased words of a name, without the marks around them.
fn name_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
}

/// [`Named::gender`] not read yet.
const UNREAD: u32 = u32::MAX;

impl Named {
    /// The person's gender, read from the mention on first use.
    fn gender(&mut self, text: &str, lx: &Lexicon) -> u32 {
        if self.gender == UNREAD {
            let [a, b] = self.said_as.map(|s| text.get(s.start..s.end).unwrap_or(""));
            self.gender = gender_of_all(lx, &[a, b, &self.canonical]);
        }
        self.gender
    }
}

/// The gender the words of a mention (in pieces) give a person: a title or
/// role word anywhere in it ("SDF spokeswoman ...", "Mr."), else the first
/// given name. 0 when nothing says, or the words disagree.
fn gender_of_all(lx: &Lexicon, pieces: &[&str]) -> u32 {
    let mut g = 0;
    for w in pieces
        .iter()
        .flat_map(|p| p.split([' ', ',', '(', ')', '\n']))
        .filter(|w| !w.is_empty())
    {
        g |= lx.gender(w.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.'));
    }
    if g == MALE || g == FEMALE {
        g
    } else {
        0
    }
}

/// The gender a pronoun asks for (0: any).
fn pronoun_gender(w: &str) -> u32 {
    let is = |ws: &[&str]| ws.iter().any(|x| w.eq_ignore_ascii_case(x));
    if is(&["he", "him", "his", "the man"]) {
        MALE
    } else if is(&["she", "her", "hers", "the woman"]) {
        FEMALE
    } else {
        0
    }
}

fn entity_in<'d>(doc: &'d Document, s: Span, types: &[&str]) -> Option<&'d Entity> {
    // entities are in text order: start at the first one inside the span
    let k = doc.entities.partition_point(|e| e.span.start < s.start);
    doc.entities[k..]
        .iter()
        .take_while(|e| e.span.start < s.end)
        .filter(|e| {
            s.contains(e.span) && (types.is_empty() || types.contains(&e.entity_type.as_str()))
        })
        .max_by_key(|e| e.span.len())
}

/// How many earlier speakers stay candidates for pronouns and short names.
const WINDOW: usize = 64;

fn flags_of(lx: &Lexicon, w: &str) -> u32 {
    let mut b = [0u8; 40];
    lower(w, &mut b).map_or(0, |l| lx.flags(l))
}

fn is_name_word(lx: &Lexicon, w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    let first = w.chars().next().unwrap_or(' ');
    (first.is_uppercase()
        || has_particle_prefix(w)
        || w == "bin"
        || w == "ibn"
        || w == "al"
        || w == "el")
        && flags_of(lx, w) & NONNAME == 0
}

/// The name inside a source mention: the last run of capitalised words
/// before an appositive, with titles in front dropped.
fn name_in(lx: &Lexicon, s: &str, after_prep_ok: bool) -> Option<(String, Vec<String>, bool)> {
    let head = s.split([',', '(']).next().unwrap_or(s);
    // read from the end: the name ends the mention ("Iraqi troops" and "a
    // senior officer in Anbar province" are descriptions), and mentions can
    // be long clauses, so no vector of all their words
    let mut rev = head.split_whitespace().rev();
    let last = rev.next()?;
    if !is_name_word(lx, last) {
        return None;
    }
    // the run of name words, last first, with each word's flags as written
    let mut run: Vec<(&str, u32)> = Vec::with_capacity(4);
    run.push((last, flags_of(lx, last)));
    let mut before_run = None;
    for w in rev.by_ref() {
        if is_name_word(lx, w) {
            run.push((w, flags_of(lx, w)));
        } else {
            before_run = Some(w);
            break;
        }
    }
    run.reverse();
    let whole_mention_is_one_word = run.len() == 1 && before_run.is_none();
    // "the head of the Joint Operations Command": a name after a preposition
    // (determiners aside) is a complement, not the speaker
    let word_before = before_run.map(|w| (w, flags_of(lx, w)));
    if !after_prep_ok {
        let before = word_before
            .into_iter()
            .chain(rev.clone().map(|w| (w, flags_of(lx, w))))
            .find(|(_, f)| f & crate::lexicon::DET == 0);
        if before.is_some_and(|(_, f)| f & crate::lexicon::PREP != 0) {
            return None;
        }
    }
    let has_title =
        run.iter().any(|(_, f)| f & TITLE != 0) || word_before.is_some_and(|(_, f)| f & TITLE != 0);
    let mut start = 0;
    while start + 1 < run.len() && run[start].1 & TITLE != 0 {
        start += 1;
    }
    let name_words = &run[start..];
    // "Army Spokesman": titles and roles only, a description
    if name_words.iter().all(|(_, f)| f & (TITLE | ROLE) != 0) {
        return None;
    }
    // the name's own words decide ("SDF spokeswoman Jihan Sheikh Ahmed" is a person)
    let org = name_words.iter().any(|(_, f)| f & (ORG | OUTLET) != 0)
        || name_words.len() == 1
            && name_words[0].0.len() > 1
            && name_words[0].0.chars().all(|c| c.is_uppercase());
    let person = !org && (has_title || name_words.len() >= 2 || whole_mention_is_one_word);
    let mut canonical = String::with_capacity(head.len());
    for (i, (w, _)) in name_words.iter().enumerate() {
        if i > 0 {
            canonical.push(' ');
        }
        canonical.push_str(w);
    }
    let lw = name_words
        .iter()
        .map(|(w, _)| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    Some((canonical, lw, person))
}

/// Resolves every relation in text order and builds the final records.
pub(crate) fn finish(
    text: &str,
    doc: &Document,
    raws: Vec<RawRel>,
    lx: &Lexicon,
) -> Vec<Attribution> {
    let mut named: Vec<Named> = Vec::new();
    // where each source span was resolved last (its record in `out`), for
    // floating quotes that inherit it
    let mut last_at: FxHashMap<Span, usize> = FxHashMap::default();
    let mut persons = doc
        .entities
        .iter()
        .filter(|e| e.entity_type == "PERSON")
        .peekable();
    // What the relations report, merged into disjoint spans, for
    // `Named::in_content`.
    let mut said: Vec<Span> = raws
        .iter()
        .filter(|r| r.kind != lede_core::AttributionKind::Outlet)
        .flat_map(|r| r.content.iter().copied())
        .collect();
    said.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(said.len());
    for c in said {
        match merged.last_mut() {
            Some(m) if c.start <= m.end => m.end = m.end.max(c.end),
            _ => merged.push(c),
        }
    }
    let inside = |e: Span| {
        let k = merged.partition_point(|m| m.start <= e.start);
        k > 0 && merged[k - 1].end >= e.end
    };
    let mut out = Vec::with_capacity(raws.len());
    for r in &raws {
        let pos = r.source.map_or(0, |s| s.start);
        // people the gazetteer found before this point are candidates too
        while let Some(e) = persons.peek() {
            if e.span.start >= pos {
                break;
            }
            let surface = text.get(e.span.start..e.span.end).unwrap_or("");
            let mut lw: Vec<String> = name_words(&e.canonical).collect();
            if surface != e.canonical {
                lw.extend(name_words(surface));
            }
            // a title right before the name ("Mrs. Clinton") says the gender
            let mut from = e.span.start.saturating_sub(12);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before = text.get(from..e.span.start).unwrap_or("").trim_end();
            let title = before
                .rfind([' ', '\n', '(', ','])
                .map_or(from, |k| from + k + 1);
            if named.len() >= WINDOW {
                named.remove(0);
            }
            named.push(Named {
                canonical: e.canonical.clone(),
                words: lw,
                person: true,
                gender: UNREAD,
                said_as: [
                    Span::new(title.min(e.span.start), e.span.end),
                    Span::default(),
                ],
                in_content: inside(e.span),
                plural: false,
                entity: Some(e.id.clone()),
            });
            persons.next();
        }
        let outlet_entity = r
            .outlet
            .and_then(|o| entity_in(doc, o, &["OUTLET", "ORG"]))
            .map(|e| e.id.clone());
        let Some(src) = r.source else {
            out.push(make(r, None, None, outlet_entity));
            continue;
        };
        if r.inherited {
            if let Some(src) = last_at.get(&src).and_then(|&i| out[i].source.as_ref()) {
                let (c, e) = (src.canonical.clone(), src.entity.clone());
                out.push(make(r, c, e, outlet_entity));
                continue;
            }
        }
        let s = text.get(src.start..src.end).unwrap_or("");
        let (canonical, entity) = resolve_one(text, doc, lx, src, s, &mut named);
        last_at.insert(src, out.len());
        out.push(make(r, canonical, entity, outlet_entity));
    }
    out
}

fn resolve_one(
    text: &str,
    doc: &Document,
    lx: &Lexicon,
    src: Span,
    s: &str,
    named: &mut Vec<Named>,
) -> (Option<String>, Option<String>) {
    let mut words = s.split_whitespace();
    let fl = if words.next().is_some() && words.next().is_none() {
        flags_of(lx, s)
    } else {
        0
    };
    // "the man", "the woman": a person already named, like "he" and "she"
    if s.eq_ignore_ascii_case("the man") || s.eq_ignore_ascii_case("the woman") {
        return last_person(text, lx, named, pronoun_gender(s));
    }
    if fl & RELATIVE != 0 {
        // "Hajj Ahmad al-Assadi, who told us": the name before the comma
        let mut from = src.start.saturating_sub(300);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let before = text[from..src.start].trim_end().trim_end_matches(',');
        let tail_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '.' | ';' | ':' | '\n' | '“' | '"'))
            .map_or(0, |(p, c)| p + c.len_utf8());
        let tail = &before[tail_start..];
        let last_clause = tail.rsplit(',').next().unwrap_or(tail);
        if let Some((c, words, person)) = name_in(lx, last_clause, true) {
            let found = short_match(named, &words);
            let at = last_clause.as_ptr() as usize - text.as_ptr() as usize;
            let said_as = Span::new(at, at + last_clause.len());
            return remember(named, c, words, person, said_as, None, found);
        }
        return last_of(named, None);
    }
    if fl & PERSON != 0 {
        return last_person(text, lx, named, pronoun_gender(s));
    }
    if fl & GROUP != 0 {
        let singular = s.eq_ignore_ascii_case("it") || s.eq_ignore_ascii_case("its");
        return last_group(text, lx, named, singular);
    }
    // A tagged person anywhere in the mention is the speaker ("Army Colonel
    // Ryan Dillon"); an organisation only when it is what the mention names,
    // not what qualifies a person ("the PMU spokesman Karim al-Nouri", "an
    // Iraqi expert on Daesh", "the head of Joint Operations Command").
    let speaker = entity_in(doc, src, &["PERSON"]).or_else(|| {
        let k = doc.entities.partition_point(|e| e.span.start < src.start);
        doc.entities[k..]
            .iter()
            .take_while(|e| e.span.start < src.end)
            .filter(|e| {
                src.contains(e.span)
                    && matches!(e.entity_type.as_str(), "ORG" | "OUTLET")
                    && heads_mention(text, lx, src, e.span)
            })
            .max_by_key(|e| e.span.len())
    });
    if let Some(e) = speaker {
        let mut words: Vec<String> = name_words(&e.canonical).collect();
        let surface = text.get(e.span.start..e.span.end).unwrap_or("");
        if surface != e.canonical {
            words.extend(name_words(surface));
        }
        let person = e.entity_type == "PERSON";
        return remember(
            named,
            e.canonical.clone(),
            words,
            person,
            src,
            Some(e.id.clone()),
            None,
        );
    }
    match name_in(lx, s, false) {
        Some((c, words, person)) => {
            let found = short_match(named, &words);
            remember(named, c, words, person, src, None, found)
        }
        None => {
            // a name in apposition: "the head of Joint Operations Command,
            // Gen. Abdelamir Yarallah,"
            let appositive = s
                .split(',')
                .skip(1)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .find_map(|p| name_in(lx, p, false).filter(|(_, _, person)| *person));
            if let Some((c, words, person)) = appositive {
                let found = short_match(named, &words);
                return remember(named, c, words, person, src, None, found);
            }
            // a description: "a commander", "sources"; a relative clause
            // after it ("..., who asked not to be named,") is not its name
            let d = memchr::memchr_iter(b',', s.as_bytes())
                .find(|&k| {
                    let r = &s[k + 1..];
                    r.starts_with(" who ") || r.starts_with(" whose ") || r.starts_with(" which ")
                })
                .map_or(s, |k| &s[..k]);
            let d = d.trim_end_matches([',', ' ']).to_string();
            // "the coalition spokesperson" after "The coalition's spokesman,
            // Army Colonel Ryan Dillon,": a definite description of a
            // speaker named or described before
            if let Some(i) = definite_match(text, lx, named, &d) {
                let n = named.remove(i);
                let r = (Some(n.canonical.clone()), n.entity.clone());
                named.push(n);
                return r;
            }
            // a described speaker is who "he" or "they" in the next
            // sentence most likely is ("A senior officer said ... He added")
            let (person, plural) = describes(lx, &d);
            if named.len() >= WINDOW {
                named.remove(0);
            }
            named.push(Named {
                canonical: d.clone(),
                words: Vec::new(),
                person,
                gender: if person { UNREAD } else { 0 },
                said_as: [src, Span::default()],
                in_content: false,
                plural,
                entity: None,
            });
            (Some(d), None)
        }
    }
}

/// The head word of a description: its last word before a complement
/// ("officer" of "a senior officer in the Hashd"), as written.
fn head_of(d: &str) -> &str {
    let mut head = "";
    for w in d.split_whitespace() {
        if ["in", "of", "from", "at", "with", "for", "on", "who"]
            .iter()
            .any(|m| w.eq_ignore_ascii_case(m))
        {
            break;
        }
        head = w.trim_end_matches(',');
        if w.ends_with(',') {
            break;
        }
    }
    head.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Whether two words name one role, whatever their case: "spokesman",
/// "spokeswoman" and "spokesperson" do, and "commanders" and "commander"
/// ("one of the two commanders").
fn same_role(a: &str, b: &str) -> bool {
    fn stem(w: &str) -> &str {
        if w.len() >= 6 && w.is_char_boundary(6) && w[..6].eq_ignore_ascii_case("spokes") {
            &w[..6]
        } else if w.len() > 4 && (w.ends_with('s') || w.ends_with('S')) {
            &w[..w.len() - 1]
        } else {
            w
        }
    }
    stem(a).eq_ignore_ascii_case(stem(b))
}

/// How many of the last speakers a definite description is matched against.
const DEFINITE_WINDOW: usize = 16;

/// The earlier speaker or name a definite description refers to: "the
/// commander", "the coalition spokesperson", "the prime minister" (a
/// person whose own mention holds the role word), "the department" (the
/// Agriculture Department), "the company" (the last company named).
fn definite_match(text: &str, lx: &Lexicon, named: &mut [Named], d: &str) -> Option<usize> {
    if !d.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("the ")) {
        return None;
    }
    let head = head_of(d);
    if flags_of(lx, head) & (ROLE | TITLE | ORG) == 0 {
        return None;
    }
    // capitalised words must be in the earlier mention too ("the PMU
    // spokesman"; "The Hunt group" names a group of its own)
    let caps: Vec<&str> = d
        .split_whitespace()
        .skip(1)
        .filter(|w| w.starts_with(char::is_uppercase))
        .collect();
    let (person, _) = describes(lx, d);
    // (the last few speakers: "the company" is common, and the mentions
    // are read word by word)
    let mut k = named.len();
    let stop = k.saturating_sub(DEFINITE_WINDOW);
    while k > stop {
        k -= 1;
        let n = &named[k];
        let holds = n.said_as.iter().any(|s| {
            text.get(s.start..s.end).is_some_and(|m| {
                m.split(|c: char| !c.is_alphanumeric())
                    .any(|w| same_role(w, head))
                    && caps.iter().all(|c| m.contains(c))
            })
        });
        // (the gender is read last: it is the costly part)
        if holds
            && if person {
                named[k].person
            } else {
                !named[k].person || named[k].gender(text, lx) == 0
            }
        {
            return Some(k);
        }
    }
    // "the company", "the firm": the last name that is no person's
    let generic = head.eq_ignore_ascii_case("company") || head.eq_ignore_ascii_case("firm");
    if !person && caps.is_empty() && generic {
        let mut k = named.len();
        while k > 0 {
            k -= 1;
            if !named[k].words.is_empty() && !named[k].in_content && named[k].gender(text, lx) == 0
            {
                return Some(k);
            }
        }
    }
    None
}

/// Whether a description names one person ("a senior officer in the
/// Hashd") rather than a group or a body ("local officials", "the army",
/// "the report"): its head, the last word before a complement, is singular
/// and no organisation; and whether that head is plural.
fn describes(lx: &Lexicon, d: &str) -> (bool, bool) {
    let head = head_of(d);
    let b = head.as_bytes();
    let plural = b.len() > 3
        && b[b.len() - 1].eq_ignore_ascii_case(&b's')
        && !b[b.len() - 2].eq_ignore_ascii_case(&b's');
    let fl = flags_of(lx, head);
    (
        !plural && fl & (ORG | OUTLET | GROUP) == 0 && !head.is_empty(),
        plural,
    )
}

/// Whether the organisation at `e` is what the source mention `src` names:
/// no role or title word right after it ("the PMU spokesman") and no
/// preposition before it ("an expert on Daesh", "the head of ...").
fn heads_mention(text: &str, lx: &Lexicon, src: Span, e: Span) -> bool {
    let (Some(before), Some(after)) = (text.get(src.start..e.start), text.get(e.end..src.end))
    else {
        return false;
    };
    // an appositive or a relative clause after the name says nothing of the head
    let after = after.split([',', '(']).next().unwrap_or("");
    let role = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        flags_of(lx, w) & (ROLE | TITLE) != 0
    };
    if after.split_whitespace().any(role) {
        return false;
    }
    // "the spokesman for Iraq's Popular Mobilization Forces", "the head of
    // the JOC": possessives and determiners aside, a preposition before the
    // name makes it a complement
    let mut words = before.split_whitespace().rev().filter(|w| {
        !(w.ends_with("'s") || w.ends_with("’s")) && flags_of(lx, w) & crate::lexicon::DET == 0
    });
    match words.next() {
        // "a statement from the Joint Operations Command": the organisation
        // issued the document, so it is the source
        Some("from" | "by") => words.next().is_some_and(|n| {
            matches!(
                n.to_lowercase().as_str(),
                "statement" | "report" | "communique" | "release" | "message" | "letter" | "post"
            )
        }),
        // "..., also known as Hashd al-Shaabi": another name of the complement
        Some(p) => flags_of(lx, p) & crate::lexicon::PREP == 0 && !p.eq_ignore_ascii_case("as"),
        None => true,
    }
}

/// A one-word name matching a word of an earlier, longer name.
fn short_match(named: &[Named], words: &[String]) -> Option<usize> {
    if words.len() != 1 {
        return None;
    }
    let w = &words[0];
    let bare = w.trim_start_matches("al-").trim_start_matches("el-");
    named.iter().rposition(|n| {
        n.words.len() > 1
            && n.words
                .iter()
                .any(|x| x == w || x.trim_start_matches("al-").trim_start_matches("el-") == bare)
    })
}

/// Records a speaker (or moves the earlier name it matched, `found`, to the
/// end: it is now the last speaker) and gives its canonical name and entity.
#[allow(clippy::too_many_arguments)]
fn remember(
    named: &mut Vec<Named>,
    canonical: String,
    words: Vec<String>,
    person: bool,
    said_as: Span,
    entity: Option<String>,
    found: Option<usize>,
) -> (Option<String>, Option<String>) {
    if let Some(i) = found {
        let mut n = named.remove(i);
        n.in_content = false;
        // ("SDF spokeswoman Ahmed" may say what "Ahmed" did not)
        if (person && n.gender == 0) || n.gender == UNREAD {
            n.gender = UNREAD;
            n.said_as[1] = said_as;
        }
        let r = (Some(n.canonical.clone()), n.entity.clone().or(entity));
        named.push(n);
        return r;
    }
    if named.len() >= WINDOW {
        named.remove(0);
    }
    named.push(Named {
        canonical: canonical.clone(),
        words,
        person,
        gender: if person { UNREAD } else { 0 },
        said_as: [said_as, Span::default()],
        in_content: false,
        plural: false,
        entity: entity.clone(),
    });
    (Some(canonical), entity)
}

/// The last named person a pronoun of `gender` (0: any) can refer to:
/// speakers and people named outside quotes, of that gender or unknown.
/// A person of unknown gender takes the pronoun's, so "she" and "he" later
/// keep apart.
fn last_person(
    text: &str,
    lx: &Lexicon,
    named: &mut [Named],
    gender: u32,
) -> (Option<String>, Option<String>) {
    let mut hit = None;
    for n in named.iter_mut().rev() {
        if n.person
            && !n.in_content
            && (gender == 0 || matches!(n.gender(text, lx), 0) || n.gender == gender)
        {
            hit = Some(n);
            break;
        }
    }
    match hit {
        Some(n) => {
            if n.gender == 0 {
                n.gender = gender;
            }
            (Some(n.canonical.clone()), n.entity.clone())
        }
        None => (None, None),
    }
}

/// The last group or body "it" (`singular`) or "they" can refer to; when
/// none was named, the last name that is not a man's or a woman's (a
/// company the name finder took for a person: "Cabot Medical Corp said
/// ... It said").
fn last_group(
    text: &str,
    lx: &Lexicon,
    named: &mut [Named],
    singular: bool,
) -> (Option<String>, Option<String>) {
    let group = named
        .iter()
        .rposition(|n| !(n.in_content || n.person || singular && n.plural));
    let k = group.or_else(|| {
        let mut k = named.len();
        while k > 0 {
            k -= 1;
            let n = &mut named[k];
            if !n.in_content && n.entity.is_none() && !n.plural && n.gender(text, lx) == 0 {
                return Some(k);
            }
        }
        None
    });
    match k {
        Some(k) => (Some(named[k].canonical.clone()), named[k].entity.clone()),
        None => (None, None),
    }
}

/// The last speaker or name of the kind asked (`Some(false)`: a group,
/// for "they" and "it"; `None`: anyone, for "who").
fn last_of(named: &[Named], person: Option<bool>) -> (Option<String>, Option<String>) {
    let hit = named
        .iter()
        .rev()
        .find(|n| !n.in_content && person.map_or(true, |p| n.person == p));
    match hit {
        Some(n) => (Some(n.canonical.clone()), n.entity.clone()),
        None => (None, None),
    }
}
