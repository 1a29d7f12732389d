fn main() -> std::process::ExitCode {
    lede::cli::main(lede::registry())
}
