//! The one parallel engine: units of work on a pool of threads, results back in input
//! order, in bounded memory, each unit's panic its own failure.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use rayon::prelude::*;

/// The stack of each worker thread.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Runs `work` on every item on `jobs` threads and hands each result to `sink` on the
/// calling thread, in the items' order, whatever order they finish in. Items are pulled
/// from the iterator only as threads free up and at most a window ahead of the sink, so a
/// stream of any length is converted in bounded memory. A panic in `work` becomes that
/// item's `Err` with the panic's message; the others go on. `sink` returns `false` to stop
/// early (a closed output): no new item starts after that.
pub fn run_ordered<I, L, P, R, W, S>(items: I, jobs: usize, work: W, sink: S)
where
    I: Iterator<Item = (L, P)> + Send,
    L: Send,
    P: Send,
    R: Send,
    W: Fn(P) -> R + Sync,
    S: FnMut(L, Result<R, String>) -> bool,
{
    run_ordered_accounting(items, jobs, work, sink, None::<fn(L)>);
}

/// [`run_ordered`], and, given `untaken`, once `sink` has stopped every item it did not
/// take (finished, running or never started) goes to `untaken`, in the items' order: a run
/// cut short by a closed output still accounts for each of its inputs. The items after the
/// stop are only enumerated, not worked on. With no `untaken` they stop being pulled.
pub fn run_ordered_accounting<I, L, P, R, W, S, U>(
    items: I,
    jobs: usize,
    work: W,
    mut sink: S,
    mut untaken: Option<U>,
) where
    I: Iterator<Item = (L, P)> + Send,
    L: Send,
    P: Send,
    R: Send,
    W: Fn(P) -> R + Sync,
    S: FnMut(L, Result<R, String>) -> bool,
    U: FnMut(L),
{
    use std::sync::{mpsc, Condvar, Mutex};
    let drain = untaken.is_some();
    let jobs = jobs.max(1);
    let window = jobs * 8 + 8;
    // How many results the sink has taken; `usize::MAX` once it wants no more.
    let taken = Mutex::new(0usize);
    let moved = Condvar::new();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        // Pages nest up to `html::depth::MAX_DEPTH` levels and the walks over them recurse:
        // workers get the stack a main thread has, and more (it is only reserved, not used).
        .stack_size(WORKER_STACK)
        .build()
        .expect("a thread pool of this size can be built");
    // `None`: the item was not worked on, as the sink had stopped.
    type Message<L, R> = (usize, L, Option<Result<R, String>>);
    let (sender, receiver) = mpsc::channel::<Message<L, R>>();
    std::thread::scope(|scope| {
        let (taken, moved, work) = (&taken, &moved, &work);
        scope.spawn(move || {
            let gated = items.enumerate().map_while(move |(index, item)| {
                let mut done = taken.lock().unwrap_or_else(|e| e.into_inner());
                while *done != usize::MAX && index >= *done + window {
                    done = moved.wait(done).unwrap_or_else(|e| e.into_inner());
                }
                let stopped = *done == usize::MAX;
                (drain || !stopped).then_some((index, item, stopped))
            });
            pool.install(|| {
                gated.par_bridge().for_each_with(
                    sender,
                    |sender, (index, (label, payload), stopped)| {
                        let result = (!stopped).then(|| {
                            catch_unwind(AssertUnwindSafe(|| work(payload)))
                                .map_err(|panic| panic_message(&*panic))
                        });
                        // The receiver reads until every sender is gone.
                        let _ = sender.send((index, label, result));
                    },
                );
            });
        });
        let mut pending = BTreeMap::new();
        let mut next = 0usize;
        let mut open = true;
        for (index, label, result) in receiver {
            pending.insert(index, (label, result));
            while let Some((label, result)) = pending.remove(&next) {
                next += 1;
                match (result, untaken.as_mut()) {
                    (Some(result), _) if open => open = sink(label, result),
                    (_, Some(untaken)) => untaken(label),
                    (_, None) => {}
                }
            }
            let now = if open { next } else { usize::MAX };
            let mut done = taken.lock().unwrap_or_else(|e| e.into_inner());
            if *done != now {
                *done = now;
                moved.notify_all();
            }
        }
    });
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    format!("internal error (please report it): {message}")
}

/// The number of jobs to run: as asked, else one per core.
/// At most this many jobs per core: each job holds an input read ahead, so thousands of
/// them only add memory and contention (`--jobs 65535` ran four times slower than 2 and
/// streamed nothing before it was killed).
pub const MAX_JOBS_PER_CORE: usize = 4;

pub fn jobs_or_cores(jobs: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    jobs.map_or(cores, |jobs| jobs.clamp(1, cores * MAX_JOBS_PER_CORE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_capped_at_a_few_per_core() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(jobs_or_cores(Some(65_535)), cores * MAX_JOBS_PER_CORE);
        assert_eq!(jobs_or_cores(Some(1)), 1);
        assert_eq!(jobs_or_cores(None), cores);
    }

    #[test]
    fn a_panic_is_one_failure_and_the_rest_go_on() {
        let items = (0..40).map(|i| (i, i));
        let mut seen = Vec::new();
        run_ordered(
            items,
            2,
            |i| {
                if i == 2 {
                    panic!("boom");
                }
                // Later items finish first, and still come out in order.
                std::thread::sleep(std::time::Duration::from_micros(40 - i as u64));
                i * 10
            },
            |label, result| {
                seen.push((label, result));
                true
            },
        );
        assert_eq!(seen.len(), 40);
        assert!(seen.iter().enumerate().all(|(i, (label, _))| *label == i));
        assert!(matches!(&seen[2].1, Err(reason) if reason.contains("boom")));
        assert_eq!(seen[3].1, Ok(30));
    }

    #[test]
    fn a_sink_that_stops_stops_the_items() {
        let pulled = std::sync::atomic::AtomicUsize::new(0);
        let items = (0..100_000).map(|i| {
            pulled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            (i, i)
        });
        let mut taken = 0;
        run_ordered(
            items,
            2,
            |i| i,
            |_, _| {
                taken += 1;
                taken < 5
            },
        );
        assert_eq!(taken, 5);
        assert!(pulled.load(std::sync::atomic::Ordering::Relaxed) < 100);
    }

    #[test]
    fn a_stopped_sink_still_accounts_for_every_item_in_order() {
        let worked = std::sync::atomic::AtomicUsize::new(0);
        let (mut taken, mut untaken) = (Vec::new(), Vec::new());
        run_ordered_accounting(
            (0..1_000).map(|i| (i, i)),
            2,
            |i| {
                worked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            },
            |label, _| {
                taken.push(label);
                taken.len() < 5
            },
            Some(|label| untaken.push(label)),
        );
        assert_eq!(taken, [0, 1, 2, 3, 4]);
        assert_eq!(untaken, (5..1_000).collect::<Vec<_>>());
        // Only the window ahead of the stop was worked on.
        assert!(worked.load(std::sync::atomic::Ordering::Relaxed) < 100);
    }
}
