//! What the benchmarks share.

use std::time::Instant;

/// The median time of `passes` runs of `work`, in seconds: machines here are noisy.
pub fn median_seconds(passes: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..passes)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}
