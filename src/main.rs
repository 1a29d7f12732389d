fn main() -> anyhow::Result<()> {
    lede::cli::main(lede::registry())
}
