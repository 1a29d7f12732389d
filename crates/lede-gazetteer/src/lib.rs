//! lede stage `gazetteer`: dictionary entity tagging with aho-corasick.
//!
//! Dictionaries in the lede format (see [`Dictionary`]) compile into one
//! leftmost-longest automaton over a folded copy of the text (case, dashes,
//! apostrophes, white space, diacritics); hits are kept when they sit on word
//! boundaries and pass the case policy, and map back to byte spans of the
//! original text.
//!
//! ```
//! use lede_core::{DocId, Document, Stage};
//! use lede_gazetteer::{Dictionary, Gazetteer, GazetteerStage, MatchOptions};
//! use std::sync::Arc;
//!
//! let tsv = "pmu\tORG\tPopular Mobilization Units\tPMU|Hashd al-Shaabi\n\
//!            mosul\tGPE\tMosul\t\n";
//! let dict = Dictionary::parse("militias.tsv", tsv).unwrap();
//! let stage = GazetteerStage::new(Arc::new(Gazetteer::build(&[dict], &["us"], MatchOptions::default())));
//!
//! let mut doc = Document::new(DocId::line(1), "The PMU’s fighters reached Mosul.");
//! stage.process(&mut doc).unwrap();
//! let names: Vec<&str> = doc.entities.iter().map(|e| doc.slice(e.span)).collect();
//! assert_eq!(names, ["PMU", "Mosul"]);
//! assert_eq!(doc.entities[0].canonical, "Popular Mobilization Units");
//! ```
//!
//! The bundled dictionaries (`data/gazetteers/actors.tsv`, curated for the
//! 2017 war against ISIS in Iraq and Syria, and `data/gazetteers/places.tsv`,
//! from GeoNames, CC BY 4.0) are used when a stage names no `dictionaries`.

#![warn(missing_docs)]

mod dict;
mod fold_table;
mod gazetteer;
mod normalize;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use lede_core::{ConfigError, Document, Layer, Registry, Stage, StageError, StageInfo};
use serde::Deserialize;

pub use dict::{DictError, Dictionary, Entry};
pub use gazetteer::{CasePolicy, Gazetteer, MatchOptions, Scratch};

/// The bundled actors dictionary (armed groups, governments, outlets, people).
pub const ACTORS_TSV: &str = include_str!("../../../data/gazetteers/actors.tsv");
/// The bundled places dictionary (GeoNames countries, states, continents,
/// cities; plus regions and rivers).
pub const PLACES_TSV: &str = include_str!("../../../data/gazetteers/places.tsv");
/// The bundled common-word list: surfaces that are mostly ordinary words.
pub const COMMON_WORDS_TXT: &str = include_str!("../../../data/gazetteers/common_words.txt");

/// The words of a common-word list: one per line, `#` comments, first
/// tab-separated column (so the shared collisions TSV can be used as is).
pub fn parse_common_words(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('\t').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "surface_lower")
        .map(String::from)
        .collect()
}

/// The bundled dictionaries, actors first (so they win ties).
pub fn bundled_dictionaries() -> Vec<Dictionary> {
    vec![bundled("bundled:actors"), bundled("bundled:places")]
        .into_iter()
        .flatten()
        .collect()
}

fn bundled(name: &str) -> Option<Dictionary> {
    let text = match name {
        "bundled:actors" => ACTORS_TSV,
        "bundled:places" => PLACES_TSV,
        _ => return None,
    };
    // The bundled files are checked by the crate's tests, so a parse error
    // here would be a build defect; an empty dictionary keeps the stage up.
    Some(Dictionary::parse(name, text).unwrap_or_default())
}

/// The `gazetteer` stage: tags dictionary entities in `doc.entities`.
#[derive(Debug, Clone)]
pub struct GazetteerStage {
    gazetteer: Arc<Gazetteer>,
}

impl GazetteerStage {
    /// A stage over a compiled gazetteer.
    pub fn new(gazetteer: Arc<Gazetteer>) -> GazetteerStage {
        GazetteerStage { gazetteer }
    }

    /// The compiled gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Stage for GazetteerStage {
    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Tokens]
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Entities]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let had = !doc.entities.is_empty();
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            self.gazetteer
                .find_into(&doc.text, &doc.tokens, &mut s, &mut doc.entities);
        });
        if had {
            // Another entity stage ran first: keep the layer in text order.
            doc.entities.sort_by_key(|e| (e.span.start, e.span.end));
        }
        Ok(())
    }
}

/// The case policy as written in the config.
#[derive(Debug, Clone, Copy, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
enum CaseOption {
    #[default]
    Smart,
    Sensitive,
    Insensitive,
}

fn default_true() -> bool {
    true
}

/// The `[[stage]]` options of `kind = "gazetteer"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    #[serde(default)]
    dictionaries: Option<Vec<String>>,
    #[serde(default)]
    case: CaseOption,
    #[serde(default = "default_true")]
    fold_diacritics: bool,
    #[serde(default)]
    common_words: Option<String>,
}

/// Bundled gazetteers already built, by options: tests and programs that
/// build several pipelines pay for the places automaton once.
static BUILT: Mutex<Vec<(MatchOptions, Arc<Gazetteer>)>> = Mutex::new(Vec::new());

fn build_stage(
    table: &toml::Table,
    ctx: &lede_core::StageContext,
) -> Result<Box<dyn Stage>, ConfigError> {
    let opts: Options = ctx.options(table)?;
    let options = MatchOptions {
        case: match opts.case {
            CaseOption::Smart => CasePolicy::Smart,
            CaseOption::Sensitive => CasePolicy::Sensitive,
            CaseOption::Insensitive => CasePolicy::Insensitive,
        },
        fold_diacritics: opts.fold_diacritics,
    };
    let common = match &opts.common_words {
        None => parse_common_words(COMMON_WORDS_TXT),
        Some(p) => {
            let path = ctx.resolve(p);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                ConfigError::at(
                    ctx.key("common_words"),
                    format!("{}: cannot read: {e}", path.display()),
                )
            })?;
            parse_common_words(&text)
        }
    };
    let all_default = opts.common_words.is_none()
        && opts.dictionaries.as_ref().map_or(true, |d| {
            d.iter()
                .map(String::as_str)
                .eq(["bundled:actors", "bundled:places"])
        });
    if all_default {
        let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, g)) = built.iter().find(|(o, _)| *o == options) {
            return Ok(Box::new(GazetteerStage::new(Arc::clone(g))));
        }
        let g = Arc::new(Gazetteer::build(&bundled_dictionaries(), &common, options));
        built.push((options, Arc::clone(&g)));
        return Ok(Box::new(GazetteerStage::new(g)));
    }
    let mut dicts = Vec::new();
    for name in opts.dictionaries.unwrap_or_default() {
        let dict = match bundled(&name) {
            Some(d) => d,
            None => {
                let path = ctx.resolve(&name);
                Dictionary::load(&path).map_err(|e| ConfigError::at(ctx.key("dictionaries"), e))?
            }
        };
        dicts.push(dict);
    }
    if dicts.is_empty() {
        return Err(ConfigError::at(
            ctx.key("dictionaries"),
            "no dictionaries given (leave the key out to use the bundled ones)",
        ));
    }
    Ok(Box::new(GazetteerStage::new(Arc::new(Gazetteer::build(
        &dicts, &common, options,
    )))))
}

/// Registers the `gazetteer` stage kind.
pub fn register(registry: &mut Registry) {
    registry.register(
        StageInfo::new(
            "gazetteer",
            "dictionary entity tagging (people, groups, outlets, places) with aho-corasick",
        )
        .option(
            "dictionaries",
            "path list",
            "[\"bundled:actors\", \"bundled:places\"]",
            "dictionary files in the lede TSV format (earlier files win ties); `bundled:actors` and `bundled:places` name the built-in ones",
        )
        .option(
            "case",
            "\"smart\" | \"sensitive\" | \"insensitive\"",
            "\"smart\"",
            "smart: acronyms only in capitals, names only where the text is capitalised, common words only in a place-like context",
        )
        .option(
            "fold_diacritics",
            "bool",
            "true",
            "match \"Qamishli\" to \"Qāmishlī\" and the like",
        )
        .option(
            "common_words",
            "path",
            "the bundled list",
            "surfaces that are mostly ordinary words (one per line); smart case tags them only in a place-like context",
        )
        .requires([Layer::Tokens])
        .provides([Layer::Entities]),
        build_stage,
    );
}
