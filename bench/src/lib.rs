//! Shared helpers for the benchmarks: timing rounds and reporting.

use std::time::{Duration, Instant};

/// Runs `f` once and returns how long it took.
pub fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// The median of some durations.
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The p-th percentile (0–100) of sorted durations, by the nearest-rank method; zero if empty.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The value after `flag` on the command line (`--flag value`), if any.
pub fn arg(flag: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned()
}

/// Reads `--rounds N` (default `default`) from the command line.
pub fn rounds(default: usize) -> usize {
    arg("--rounds").and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// One line of a comparison table.
pub struct Comparison {
    pub workload: &'static str,
    pub ours: Duration,
    pub theirs: Duration,
}

/// Prints a comparison table: ours, theirs, and ours / theirs.
pub fn report(title: &str, peer: &str, rows: &[Comparison]) {
    println!("{title}");
    println!("{:<34} {:>12} {:>12} {:>8}", "workload", "edgelite", peer, "ratio");
    for row in rows {
        println!(
            "{:<34} {:>10.1}ms {:>10.1}ms {:>8.3}",
            row.workload,
            row.ours.as_secs_f64() * 1e3,
            row.theirs.as_secs_f64() * 1e3,
            row.ours.as_secs_f64() / row.theirs.as_secs_f64()
        );
    }
}
