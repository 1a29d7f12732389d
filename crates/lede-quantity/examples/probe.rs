//! Prints the quantities of each line of standard input, one per output line.
//!
//! `echo "Troops advanced some 30 kilometers." | cargo run -p lede-quantity --example probe`

use std::io::BufRead;

fn main() {
    let x = lede_quantity::Extractor::bundled();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        println!("{line}");
        for q in x.extract(&line) {
            println!(
                "  {:?} [{}] kind={} value={:?} low={:?} high={:?} unit={:?} dim={:?} si={:?} {:?} bound={} approx={} noun={:?} change={:?} conv={:?}",
                &line[q.span.start..q.span.end],
                q.span.start,
                q.kind.as_str(),
                q.value,
                q.low,
                q.high,
                q.unit,
                q.dimension,
                q.si_value,
                q.si_unit,
                q.bound.as_str(),
                q.approx,
                q.noun,
                q.change.map(|c| c.as_str()),
                q.conversion_of
            );
        }
    }
}
