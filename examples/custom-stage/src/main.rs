//! `lede-casualties`: the whole `lede` command line, with the `casualties`
//! stage registered next to the built-in ones.

fn main() -> std::process::ExitCode {
    let mut registry = lede::registry();
    lede_example_custom_stage::register(&mut registry);
    lede::cli::main(registry)
}
