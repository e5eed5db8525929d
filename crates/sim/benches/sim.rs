//! Benchmarks of the simulator, each against the target the playground needs:
//!
//! 1. `sim/events`: simulated events per second, 5 nodes under a steady client load (one
//!    `set` every 100 ms of simulated time). Also printed: how long one whole simulated hour
//!    takes (target: under 1 s).
//! 2. `history/seek`: jumping to a random instant of a recorded hour, alternately far back and
//!    far forward. Also printed: max and p99 over 1000 seeks (target: under 16 ms, one frame),
//!    within a time budget, and the same for `History::goto` to random event numbers, which
//!    starts from the nearest checkpoint in both directions.
//! 3. The memory the history of one simulated hour holds, counted by a global allocator
//!    (target: under 32 MB).
//!
//! When a figure misses its target, the seek/memory trade-off is also printed for a few
//! checkpoint intervals, so one can be picked.
//!
//! Every printed figure is measured outside criterion's timing with [`Instant`]. The counting
//! allocator adds two relaxed atomic operations to each allocation, for every figure alike.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use sim::history::DEFAULT_CHECKPOINT_INTERVAL;
use sim::{History, Input, Rng, SimConfig, Simulation, MICROS_PER_MS};

// ----- Counting allocator --------------------------------------------------------------------

/// The system allocator, keeping count of the bytes currently allocated.
struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE_BYTES.fetch_add(new_size, Ordering::Relaxed);
            LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> usize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

// ----- The workload --------------------------------------------------------------------------

const NODES: usize = 5;
const SEED: u64 = 1;
const HOUR: u64 = sim::LONGEST_MS * MICROS_PER_MS;
/// One client `set` every 100 ms of simulated time.
const CLIENT_EVERY: u64 = 100 * MICROS_PER_MS;

const TARGET_HOUR: Duration = Duration::from_secs(1);
const TARGET_SEEK: Duration = Duration::from_millis(16);
const TARGET_MEMORY_MB: f64 = 32.0;

fn client(t: u64) -> Input {
    Input::Client(format!("set k{} {}", t % 7, t))
}

/// A bare simulation under the steady client load, one event at a time.
struct Load {
    sim: Simulation,
    next_client: u64,
}

impl Load {
    fn new() -> Self {
        Load {
            sim: Simulation::new(SimConfig::new(NODES, SEED)).unwrap(),
            next_client: CLIENT_EVERY,
        }
    }

    /// Processes one event: the next simulated one, or the client's `set` when that is due
    /// first (events at the same instant run before it, as `History::seek` then `apply` does).
    fn event(&mut self) {
        if self
            .sim
            .next_event_time()
            .is_some_and(|t| t <= self.next_client)
        {
            black_box(self.sim.step());
        } else {
            let t = self.next_client;
            self.sim.set_clock(t);
            black_box(self.sim.apply(client(t)).unwrap());
            self.next_client += CLIENT_EVERY;
        }
    }

    /// Runs until the client's `set` at `until` (µs) is done.
    fn run_to(&mut self, until: u64) {
        while self.next_client <= until {
            self.event();
        }
    }
}

/// One simulated hour under the load, recorded with checkpoints every `interval` events, the
/// way the playground records it (as in `tests/history.rs`).
fn hour_of_history(interval: u64) -> History {
    let start = Simulation::new(SimConfig::new(NODES, SEED)).unwrap();
    let mut history = History::with_interval(start, interval);
    let mut t = 0;
    while t < HOUR {
        t += CLIENT_EVERY;
        history.seek(t);
        history.apply(client(t)).unwrap();
    }
    history
}

/// Random instants of the hour, alternately in its first half and its second half, so every
/// seek jumps far: back, then forward, then back...
struct Instants {
    rng: Rng,
    forward: bool,
}

impl Instants {
    fn new() -> Self {
        Instants {
            rng: Rng::new(0x5eec),
            forward: false,
        }
    }

    fn next(&mut self) -> (u64, bool) {
        self.forward = !self.forward;
        let t = if self.forward {
            self.rng.range_inclusive(HOUR / 2, HOUR)
        } else {
            self.rng.range_inclusive(0, HOUR / 2 - 1)
        };
        (t, self.forward)
    }
}

// ----- Printing ------------------------------------------------------------------------------

/// `1234567` as `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "meets"
    } else {
        "MISSES"
    }
}

// ----- 1. Events per second --------------------------------------------------------------------

/// Events per criterion iteration.
const EVENTS_PER_ITER: u64 = 10_000;

fn events(c: &mut Criterion) {
    let started = Instant::now();
    let mut load = Load::new();
    load.run_to(HOUR);
    let wall = started.elapsed();
    let events = load.sim.frame_count();
    println!(
        "sim/hour: 1 h simulated in {:.2} s ({} events, {:.2} M events/s) — target under {} s: {}",
        wall.as_secs_f64(),
        grouped(events),
        events as f64 / wall.as_secs_f64() / 1e6,
        TARGET_HOUR.as_secs(),
        verdict(wall < TARGET_HOUR),
    );
    drop(load);

    let mut group = c.benchmark_group("sim");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(EVENTS_PER_ITER));
    // Past the first election, so the iterations see the steady state. Made once: criterion
    // calls the closure again for every sample, and each carries on where the last stopped.
    let mut load = Load::new();
    load.run_to(10_000 * MICROS_PER_MS);
    group.bench_function("events", |b| {
        b.iter(|| {
            for _ in 0..EVENTS_PER_ITER {
                load.event();
            }
        });
    });
    group.finish();
}

// ----- 2 and 3. The history of an hour: memory and seeking -------------------------------------

/// How long recording an hour took and what it holds.
struct Recorded {
    history: History,
    build: Duration,
    bytes: usize,
}

fn record_hour(interval: u64) -> Recorded {
    let before = live_bytes();
    let started = Instant::now();
    let history = hour_of_history(interval);
    let build = started.elapsed();
    // Everything the build made is dropped by now, except the history.
    let bytes = live_bytes().saturating_sub(before);
    Recorded {
        history,
        build,
        bytes,
    }
}

/// Seek times, all of them and split by direction.
struct SeekTimes {
    back: Vec<Duration>,
    forward: Vec<Duration>,
}

impl SeekTimes {
    /// Up to `seeks` seeks, fewer if they take longer than `budget` in all.
    fn measure(history: &mut History, seeks: usize, budget: Duration) -> Self {
        let started = Instant::now();
        let mut instants = Instants::new();
        let mut times = SeekTimes {
            back: Vec::with_capacity(seeks / 2 + 1),
            forward: Vec::with_capacity(seeks / 2 + 1),
        };
        while times.len() < seeks && started.elapsed() < budget {
            let (t, forward) = instants.next();
            let started = Instant::now();
            black_box(history.seek(t));
            let took = started.elapsed();
            assert_eq!(history.current().now(), t);
            if forward {
                times.forward.push(took);
            } else {
                times.back.push(took);
            }
        }
        times.back.sort_unstable();
        times.forward.sort_unstable();
        times
    }

    fn len(&self) -> usize {
        self.back.len() + self.forward.len()
    }

    /// A note when the budget ran out first.
    fn budget_note(&self, seeks: usize, budget: Duration) -> String {
        if self.len() < seeks {
            format!(
                " (stopped at the {} s budget after {} of {seeks})",
                budget.as_secs(),
                self.len()
            )
        } else {
            String::new()
        }
    }

    fn all(&self) -> Vec<Duration> {
        let mut all: Vec<Duration> = self.back.iter().chain(&self.forward).copied().collect();
        all.sort_unstable();
        all
    }
}

/// Times of `gotos` jumps to random event numbers, alternately in the second half of the
/// history and in the first, sorted. `goto` starts from the nearest checkpoint whichever way
/// it jumps, so these are what seeking costs when only the checkpoint interval bounds replay.
fn goto_times(history: &mut History, gotos: usize) -> Vec<Duration> {
    let mut rng = Rng::new(0x6070);
    let len = history.len();
    let mut times: Vec<Duration> = (0..gotos)
        .map(|i| {
            let target = if i % 2 == 0 {
                rng.range_inclusive(len / 2, len)
            } else {
                rng.range_inclusive(0, len / 2 - 1)
            };
            let started = Instant::now();
            history.goto(target);
            let took = started.elapsed();
            assert_eq!(history.position(), target);
            took
        })
        .collect();
    times.sort_unstable();
    times
}

/// (p99, max) of sorted durations.
fn p99_max(sorted: &[Duration]) -> (Duration, Duration) {
    let n = sorted.len();
    let p99 = sorted[(n * 99).div_ceil(100).max(1) - 1];
    (p99, sorted[n - 1])
}

fn mean(durations: &[Duration]) -> Duration {
    durations.iter().sum::<Duration>() / durations.len() as u32
}

/// Seeks measured outside criterion, and the most time they may take, so that the run stays
/// short however slow seeking is.
const SEEKS: usize = 1000;
const SEEKS_BUDGET: Duration = Duration::from_secs(60);

fn history(c: &mut Criterion) {
    let Recorded {
        mut history,
        build,
        bytes,
    } = record_hour(DEFAULT_CHECKPOINT_INTERVAL);
    let events = history.len();
    println!(
        "history/build: 1 h recorded in {:.2} s ({} events, {:.2} M events/s)",
        build.as_secs_f64(),
        grouped(events),
        events as f64 / build.as_secs_f64() / 1e6,
    );
    let memory_ok = mb(bytes) < TARGET_MEMORY_MB;
    println!(
        "history/memory: {:.1} MB held for 1 h ({} events, {} checkpoints every {} events, {:.0} bytes/event) — target under {} MB: {}",
        mb(bytes),
        grouped(events),
        grouped(history.checkpoint_count() as u64),
        DEFAULT_CHECKPOINT_INTERVAL,
        bytes as f64 / events as f64,
        TARGET_MEMORY_MB,
        verdict(memory_ok),
    );

    let times = SeekTimes::measure(&mut history, SEEKS, SEEKS_BUDGET);
    let all = times.all();
    let (p99, max) = p99_max(&all);
    let seek_ok = max < TARGET_SEEK;
    println!(
        "history/seek: {} random seeks over 1 h{}: p99 {}, max {}, mean {} — target under {} ms: {}",
        all.len(),
        times.budget_note(SEEKS, SEEKS_BUDGET),
        ms(p99),
        ms(max),
        ms(mean(&all)),
        TARGET_SEEK.as_millis(),
        verdict(seek_ok),
    );
    for (name, sorted) in [("back", &times.back), ("forward", &times.forward)] {
        let (p99, max) = p99_max(sorted);
        println!(
            "history/seek/{name}: {} seeks: p99 {}, max {}, mean {}",
            sorted.len(),
            ms(p99),
            ms(max),
            ms(mean(sorted)),
        );
    }

    let gotos = goto_times(&mut history, SEEKS);
    let (p99, max) = p99_max(&gotos);
    println!(
        "history/goto: {} random gotos (event number, far back and forward) over 1 h: p99 {}, max {}, mean {}",
        gotos.len(),
        ms(p99),
        ms(max),
        ms(mean(&gotos)),
    );

    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    // Made once, so that every sample goes on with the sequence rather than restarting it.
    let mut instants = Instants::new();
    group.bench_function("seek", |b| {
        b.iter(|| black_box(history.seek(instants.next().0)));
    });
    group.finish();
    drop(history);

    if !(memory_ok && seek_ok) {
        tradeoff();
    }
}

/// Seeks per interval in the trade-off table, and their time budget; then as many gotos.
const TRADEOFF_SEEKS: usize = 200;
const TRADEOFF_BUDGET: Duration = Duration::from_secs(20);

fn tradeoff() {
    println!(
        "history/tradeoff: checkpoint interval vs memory, seek and goto (up to {TRADEOFF_SEEKS} seeks or {} s, then {TRADEOFF_SEEKS} gotos, each)",
        TRADEOFF_BUDGET.as_secs()
    );
    println!(
        "  {:>8} | {:>11} | {:>6} | {:>7} | {:>5} | {:>10} | {:>10} | {:>10} | {:>10} | {:>10} | {:>10}",
        "interval", "checkpoints", "MB", "build s", "seeks", "back p99", "back max", "fwd p99",
        "fwd max", "goto p99", "goto max",
    );
    for interval in [1024, DEFAULT_CHECKPOINT_INTERVAL, 16384] {
        let Recorded {
            mut history,
            build,
            bytes,
        } = record_hour(interval);
        let times = SeekTimes::measure(&mut history, TRADEOFF_SEEKS, TRADEOFF_BUDGET);
        let (back_p99, back_max) = p99_max(&times.back);
        let (fwd_p99, fwd_max) = p99_max(&times.forward);
        let (goto_p99, goto_max) = p99_max(&goto_times(&mut history, TRADEOFF_SEEKS));
        println!(
            "  {:>8} | {:>11} | {:>6.1} | {:>7.2} | {:>5} | {:>10} | {:>10} | {:>10} | {:>10} | {:>10} | {:>10}",
            interval,
            grouped(history.checkpoint_count() as u64),
            mb(bytes),
            build.as_secs_f64(),
            times.len(),
            ms(back_p99),
            ms(back_max),
            ms(fwd_p99),
            ms(fwd_max),
            ms(goto_p99),
            ms(goto_max),
        );
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    events(&mut criterion);
    history(&mut criterion);
    criterion.final_summary();
}
