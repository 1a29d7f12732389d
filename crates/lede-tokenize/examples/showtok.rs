//! Prints the sentences of a text file, one per line in brackets (line
//! breaks shown as ⏎), and its tokens separated by `|` on stderr: a quick
//! way to eyeball the tokenizer on a document.
//!
//! Run: `cargo run -p lede-tokenize --example showtok -- FILE`

fn main() {
    let path = std::env::args().nth(1).expect("usage: showtok FILE");
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let tokens = lede_tokenize::tokenize(&text);
    for s in lede_tokenize::sentences(&text, &tokens) {
        println!("[{}]", text[s.start..s.end].replace('\n', "⏎"));
    }
    let words: Vec<&str> = tokens
        .iter()
        .map(|t| &text[t.span.start..t.span.end])
        .collect();
    eprintln!("{}", words.join("|"));
}
