//! What the benchmarks share. Each bench uses some of it.
#![allow(dead_code)]

use std::time::Instant;

/// The median time of `passes` runs of `work`, in seconds: machines here are noisy.
pub fn median_seconds(passes: usize, work: impl FnMut()) -> f64 {
    let times = times(passes, work);
    times[times.len() / 2]
}

/// The fastest of `passes` runs, in seconds: the run least disturbed by the machine's other
/// load, for comparing how the time of one piece of code grows with its input.
pub fn fastest_seconds(passes: usize, work: impl FnMut()) -> f64 {
    times(passes, work)[0]
}

/// The times of `passes` runs, fastest first.
fn times(passes: usize, mut work: impl FnMut()) -> Vec<f64> {
    let mut times: Vec<f64> = (0..passes.max(1))
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times
}
