//! A whole customers file through a [`Simulation`]: read in batches, each batch
//! parsed and simulated on all cores (rayon), the parts' counts added in file
//! order. Only the traces asked for are kept. Counts are whole numbers and
//! problems are sorted by line, so the result does not depend on the threads.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use super::read::{CustomersReader, LineParser, OpenError, Problem, RawLine};
use super::{Counts, Customer, SimError, Simulation, Trace, fnv1a, splitmix};

/// Lines read at once; a batch is simulated while no more is held.
const BATCH_LINES: usize = 1 << 15;
/// Lines one task takes from a batch.
const TASK_LINES: usize = 512;
/// Problems listed; the rest are counted.
pub const MAX_PROBLEMS: usize = 20;

/// What to run and keep.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Customers whose traces to keep, by id.
    pub traced: BTreeSet<String>,
    /// Simulate only this percentage of the customers (a stable choice by id)
    /// and scale the counts up. The other lines are read for their ids only:
    /// a mistake in their other fields goes unnoticed.
    pub sample_percent: Option<f64>,
}

/// How far a run has come, and a way to stop it (for a run on another thread).
#[derive(Debug, Default)]
pub struct Control {
    /// Lines of the file read so far.
    pub lines: AtomicU64,
    /// Bytes of the file read so far (compare with the file's size).
    pub bytes: AtomicU64,
    /// Set to stop at the next batch.
    pub cancel: AtomicBool,
}

/// The outcome over a whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Audience {
    /// For a sample: estimates for the whole file.
    pub counts: Counts,
    /// Traces asked for, of customers found in the file, by id.
    pub traces: BTreeMap<String, Trace>,
    pub sample: Option<Sample>,
}

/// A sample's size and how far its goal rate may be from the whole file's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub percent: f64,
    /// Customers simulated.
    pub simulated: u64,
    /// Customers in the file.
    pub customers: u64,
    /// Stays in the sample.
    pub stays: u64,
    /// Half the width of the 95 % confidence interval of the goal rate (a
    /// fraction, not percent); `None` without stays in the sample.
    pub goal_rate_margin: Option<f64>,
}

#[derive(Debug, thiserror::Error)]
pub enum AudienceError {
    #[error(transparent)]
    Open(#[from] OpenError),
    /// The file was refused: the first problems by line, and how many more.
    #[error("{} problems in the customers file", problems.len() + more)]
    Problems { problems: Vec<Problem>, more: usize },
    #[error("line {line}: {error}")]
    Loop { line: usize, error: SimError },
    #[error("the simulation was cancelled")]
    Cancelled,
}

impl AudienceError {
    /// The problems in words, one line each, as the command line prints them
    /// and the app's dialog shows them: each names the customers file (and
    /// its line and field), a loop names the series (`series`, as the caller
    /// names it).
    pub fn lines(&self, customers: &Path, series: &str) -> Vec<String> {
        let name = customers.display();
        match self {
            AudienceError::Open(OpenError::Problems { problems }) => {
                problems.iter().map(|p| format!("{name}: {p}")).collect()
            }
            AudienceError::Open(other) => vec![other.to_string()],
            AudienceError::Problems { problems, more } => {
                let mut lines: Vec<String> =
                    problems.iter().map(|p| format!("{name}: {p}")).collect();
                if *more > 0 {
                    let noun = if *more == 1 { "problem" } else { "problems" };
                    lines.push(format!("{name}: and {more} more {noun}"));
                }
                lines.push(format!(
                    "{name}: nothing was simulated; fix the file and run again"
                ));
                lines
            }
            AudienceError::Loop { line, error } => vec![format!(
                "{series}: {error} (the customer on line {line} of {name})"
            )],
            AudienceError::Cancelled => vec!["the simulation was cancelled".into()],
        }
    }
}

/// Simulates every customer of a customers file.
pub fn run(
    sim: &Simulation,
    path: &Path,
    options: &Options,
    control: &Control,
) -> Result<Audience, AudienceError> {
    let reader = CustomersReader::open(path)?;
    run_reader(sim, reader, options, control)
}

/// [`run`] over a reader already open.
pub fn run_reader(
    sim: &Simulation,
    mut reader: CustomersReader,
    options: &Options,
    control: &Control,
) -> Result<Audience, AudienceError> {
    let parser = reader.parser();
    let mut tally = Tally::new(sim);
    let mut batch = reader.next_batch(BATCH_LINES)?;
    // While one batch is simulated, the next is read and the last one is added up.
    let mut done: Option<(Vec<Part>, Vec<RawLine>)> = None;
    while !batch.is_empty() {
        if control.cancel.load(Ordering::Relaxed) {
            return Err(AudienceError::Cancelled);
        }
        // Once the file is refused or the series loops, the rest is only read for problems.
        let simulate = tally.problem_count == 0 && tally.stop.is_none();
        let (parts, next) = rayon::join(
            || {
                batch
                    .par_chunks(TASK_LINES)
                    .map(|lines| Part::of(sim, &parser, lines, options, simulate))
                    .collect::<Vec<Part>>()
            },
            || {
                if let Some((parts, lines)) = done.take() {
                    tally.add(parts, &lines, control);
                }
                reader.next_batch(BATCH_LINES)
            },
        );
        done = Some((parts, batch));
        batch = next?;
    }
    if let Some((parts, lines)) = done {
        tally.add(parts, &lines, control);
    }
    tally.finish(options)
}

/// Simulates the generated sample audience of [`super::sample`] (customers 1
/// to `count` for `seed`, around the simulation's window) without writing it to
/// a file first: the app's "Generate a sample". `control.lines` counts the
/// customers done. A loop names the customer's number as its line.
pub fn run_sample(
    sim: &Simulation,
    count: u64,
    seed: u64,
    control: &Control,
) -> Result<Audience, AudienceError> {
    let mut counts = sim.new_counts();
    let mut next = 1;
    while next <= count {
        if control.cancel.load(Ordering::Relaxed) {
            return Err(AudienceError::Cancelled);
        }
        let end = next.saturating_add(BATCH_LINES as u64).min(count + 1);
        let starts: Vec<u64> = (next..end).step_by(TASK_LINES).collect();
        let part = starts
            .par_iter()
            .map(|&start| {
                let mut part = sim.new_counts();
                for n in start..(start + TASK_LINES as u64).min(end) {
                    let customer = super::sample::customer(n, seed, sim.from, sim.days);
                    sim.run(&customer, &mut part, false)
                        .map_err(|error| (n as usize, error))?;
                }
                Ok(part)
            })
            .collect::<Result<Vec<Counts>, (usize, SimError)>>()
            .map_err(|(line, error)| AudienceError::Loop { line, error })?;
        for p in &part {
            counts.merge(p);
        }
        control.lines.fetch_add(end - next, Ordering::Relaxed);
        next = end;
    }
    Ok(Audience {
        counts,
        traces: BTreeMap::new(),
        sample: None,
    })
}

/// The parts added up, in file order.
struct Tally {
    total: Part,
    /// Each id's first line, by a 128-bit hash of the id.
    first_line: HashMap<u128, usize, BuildHasherDefault<KeyHasher>>,
    problems: Vec<Problem>,
    problem_count: usize,
    stop: Option<(usize, SimError)>,
}

impl Tally {
    fn new(sim: &Simulation) -> Tally {
        Tally {
            total: Part::new(sim),
            first_line: HashMap::default(),
            problems: Vec::new(),
            problem_count: 0,
            stop: None,
        }
    }

    fn add(&mut self, parts: Vec<Part>, lines: &[RawLine], control: &Control) {
        let mut found: Vec<Problem> = Vec::new();
        for mut part in parts {
            found.append(&mut part.problems);
            for (key, line, id) in &part.ids {
                match self.first_line.get(key) {
                    Some(first) => found.push(Problem::id_used_twice(*line, id, *first)),
                    None => {
                        self.first_line.insert(*key, *line);
                    }
                }
            }
            if self.stop.is_none() {
                self.stop = part.stop.take();
            }
            self.total.add(part);
        }
        found.sort();
        self.problem_count += found.len();
        let room = MAX_PROBLEMS.saturating_sub(self.problems.len());
        self.problems.extend(found.into_iter().take(room));
        control
            .lines
            .fetch_add(lines.len() as u64, Ordering::Relaxed);
        let bytes: usize = lines.iter().map(RawLine::len).sum();
        control.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    fn finish(self, options: &Options) -> Result<Audience, AudienceError> {
        if self.problem_count > 0 {
            return Err(AudienceError::Problems {
                more: self.problem_count - self.problems.len(),
                problems: self.problems,
            });
        }
        if let Some((line, error)) = self.stop {
            return Err(AudienceError::Loop { line, error });
        }
        let customers = self.first_line.len() as u64;
        Ok(self.total.finish(options, customers))
    }
}

/// The customers of a file, listed to pick from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listed {
    /// The first ones, in file order.
    pub customers: Vec<Customer>,
    /// How many the file holds.
    pub count: usize,
}

/// Every customer of a file, for picking one by hand (the app's Test customer
/// tab): the first `keep` are kept, and all are read and checked as a run
/// checks them, so a file with mistakes is refused the same way.
pub fn list(path: &Path, keep: usize, control: &Control) -> Result<Listed, AudienceError> {
    let mut reader = CustomersReader::open(path)?;
    let parser = reader.parser();
    let mut listed = Listed::default();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let (mut problems, mut problem_count) = (Vec::new(), 0);
    loop {
        if control.cancel.load(Ordering::Relaxed) {
            return Err(AudienceError::Cancelled);
        }
        let batch = reader.next_batch(BATCH_LINES)?;
        if batch.is_empty() {
            break;
        }
        let mut found = Vec::new();
        for raw in &batch {
            match parser.customer(raw) {
                Err(p) => found.extend(p),
                Ok(customer) => match first_line.get(&customer.id) {
                    Some(first) => {
                        found.push(Problem::id_used_twice(raw.line, &customer.id, *first))
                    }
                    None => {
                        first_line.insert(customer.id.clone(), raw.line);
                        listed.count += 1;
                        if listed.customers.len() < keep {
                            listed.customers.push(customer);
                        }
                    }
                },
            }
        }
        found.sort();
        problem_count += found.len();
        let room = MAX_PROBLEMS.saturating_sub(problems.len());
        problems.extend(found.into_iter().take(room));
        control
            .lines
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
    }
    if problem_count > 0 {
        return Err(AudienceError::Problems {
            more: problem_count - problems.len(),
            problems,
        });
    }
    Ok(listed)
}

/// Two independent 64-bit hashes of an id: two ids share one by chance about
/// once in 10^38 pairs, so equal keys are taken for equal ids.
fn id_key(id: &str) -> u128 {
    let mut second: u64 = 0x6a09_e667_f3bc_c908;
    for &b in id.as_bytes() {
        second = (second ^ u64::from(b))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }
    (u128::from(fnv1a(id.as_bytes())) << 64) | u128::from(splitmix(second))
}

/// Whether a customer is in a sample of `percent`: the same customers for the
/// same percentage, and a larger sample holds a smaller one.
pub fn in_sample(id: &str, percent: f64) -> bool {
    let slot = splitmix(fnv1a(id.as_bytes())) % 1_000_000;
    (slot as f64) < percent * 10_000.0
}

/// Hashes keys that are already hashes ([`id_key`]): their low bits will do.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(bytes);
    }

    fn write_u128(&mut self, key: u128) {
        self.0 = key as u64;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One task's share of a batch.
struct Part {
    counts: Counts,
    /// (key, line, id) of every customer read.
    ids: Vec<(u128, usize, String)>,
    problems: Vec<Problem>,
    traces: Vec<Trace>,
    /// The first line at which the series went round a loop.
    stop: Option<(usize, SimError)>,
}

impl Part {
    fn new(sim: &Simulation) -> Part {
        Part {
            counts: sim.new_counts(),
            ids: Vec::new(),
            problems: Vec::new(),
            traces: Vec::new(),
            stop: None,
        }
    }

    fn of(
        sim: &Simulation,
        parser: &LineParser,
        lines: &[RawLine],
        options: &Options,
        simulate: bool,
    ) -> Part {
        let mut part = Part::new(sim);
        let mut scratch = sim.new_counts();
        for raw in lines {
            // Outside a sample, a line is only read for its id (and its syntax).
            if let (Some(percent), Some(id)) = (options.sample_percent, parser.id(raw))
                && !in_sample(&id, percent)
                && !options.traced.contains(&id)
            {
                part.ids.push((id_key(&id), raw.line, id));
                continue;
            }
            match parser.customer(raw) {
                Err(problems) => part.problems.extend(problems),
                Ok(customer) => {
                    if simulate && part.stop.is_none() {
                        part.simulate(sim, &customer, raw.line, options, &mut scratch);
                    }
                    part.ids.push((id_key(&customer.id), raw.line, customer.id));
                }
            }
        }
        part
    }

    fn simulate(
        &mut self,
        sim: &Simulation,
        customer: &Customer,
        line: usize,
        options: &Options,
        scratch: &mut Counts,
    ) {
        let counted = options
            .sample_percent
            .is_none_or(|p| in_sample(&customer.id, p));
        let traced = options.traced.contains(&customer.id);
        if !counted && !traced {
            return;
        }
        // A traced customer outside the sample is run for the trace alone.
        let counts = if counted { &mut self.counts } else { scratch };
        match sim.run(customer, counts, traced) {
            Ok(Some(trace)) => self.traces.push(trace),
            Ok(None) => {}
            Err(error) => self.stop = Some((line, error)),
        }
    }

    fn add(&mut self, other: Part) {
        self.counts.merge(&other.counts);
        self.traces.extend(other.traces);
    }

    fn finish(self, options: &Options, customers: u64) -> Audience {
        let traces = self
            .traces
            .into_iter()
            .map(|t| (t.customer.clone(), t))
            .collect();
        let Some(percent) = options.sample_percent else {
            return Audience {
                counts: self.counts,
                traces,
                sample: None,
            };
        };
        let simulated = self.counts.customers;
        let factor = if simulated == 0 {
            0.0
        } else {
            customers as f64 / simulated as f64
        };
        let mut counts = self.counts.scaled(factor);
        counts.customers = customers;
        let sample = Sample {
            percent,
            simulated,
            customers,
            stays: self.counts.stays,
            goal_rate_margin: margin(
                self.counts.goal_rate(),
                self.counts.stays,
                simulated,
                customers,
            ),
        };
        Audience {
            counts,
            traces,
            sample: Some(sample),
        }
    }
}

/// 95 % margin of error of a rate measured over `n` stays, corrected for a
/// sample that is a large share of the whole (`sampled` of `population` customers).
fn margin(rate: f64, n: u64, sampled: u64, population: u64) -> Option<f64> {
    if n == 0 {
        return None;
    }
    let correction = if population > 1 {
        ((population - sampled.min(population)) as f64 / (population - 1) as f64).sqrt()
    } else {
        0.0
    };
    Some(1.96 * (rate * (1.0 - rate) / n as f64).sqrt() * correction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_is_stable_nested_and_about_the_size_asked() {
        let ids: Vec<String> = (0..100_000).map(|i| format!("u{i}")).collect();
        let ten = ids.iter().filter(|id| in_sample(id, 10.0)).count();
        assert!((9_500..=10_500).contains(&ten), "{ten}");
        for id in ids.iter().take(5_000) {
            if in_sample(id, 5.0) {
                assert!(in_sample(id, 10.0), "{id}");
            }
        }
        assert!(ids.iter().all(|id| in_sample(id, 100.0)));
    }

    #[test]
    fn a_generated_sample_counts_as_the_same_customers_written_to_a_file() {
        let series = crate::templates::TEMPLATES[0].series().unwrap();
        let from = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap();
        let sim = Simulation::new(&series, from, 30, 7);
        let mut bytes = Vec::new();
        super::super::sample::write(&mut bytes, 600, 3, from, 30).unwrap();
        let reader = CustomersReader::new(
            Path::new("sample.jsonl"),
            super::super::read::FileKind::JsonLines,
            Box::new(std::io::Cursor::new(bytes)),
        )
        .unwrap();
        let control = Control::default();
        let from_file = run_reader(&sim, reader, &Options::default(), &control).unwrap();
        let generated = run_sample(&sim, 600, 3, &control).unwrap();
        assert_eq!(generated.counts, from_file.counts);
        assert!(generated.counts.entered > 0, "{:?}", generated.counts);
        // Lines read from the file, then customers generated.
        assert_eq!(control.lines.load(Ordering::Relaxed), 1200);
    }

    #[test]
    fn a_cancelled_sample_stops_before_it_starts_a_batch() {
        let series = crate::templates::TEMPLATES[0].series().unwrap();
        let sim = Simulation::new(&series, chrono::Utc::now(), 30, 0);
        let control = Control::default();
        control.cancel.store(true, Ordering::Relaxed);
        let result = run_sample(&sim, 10, 0, &control);
        assert!(matches!(result, Err(AudienceError::Cancelled)));
        assert_eq!(control.lines.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn the_margin_shrinks_with_the_sample_and_vanishes_for_everyone() {
        let small = margin(0.3, 100, 100, 10_000).unwrap_or(1.0);
        let large = margin(0.3, 1_000, 1_000, 10_000).unwrap_or(1.0);
        // 1.96 × sqrt(0.21 / 100) ≈ 0.0898, corrected by sqrt(9900/9999).
        assert!((small - 0.0894).abs() < 0.001, "{small}");
        assert!(large < small / 3.0);
        assert_eq!(margin(0.3, 500, 10_000, 10_000), Some(0.0));
        assert_eq!(margin(0.3, 0, 0, 10_000), None);
    }
}
