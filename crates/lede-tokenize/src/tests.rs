//! Unit tests of the tokenizer, the sentence splitter and the stage.

use super::*;

fn toks(text: &str) -> Vec<&str> {
    tokenize(text)
        .iter()
        .map(|t| &text[t.span.start..t.span.end])
        .collect()
}

fn sents(text: &str) -> Vec<&str> {
    let t = tokenize(text);
    sentences(text, &t)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

#[test]
fn smoke() {
    assert_eq!(toks("Col. Dillon said."), ["Col.", "Dillon", "said", "."]);
    assert_eq!(sents("He left. She stayed."), ["He left.", "She stayed."]);
}
