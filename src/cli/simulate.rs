//! `series-builder simulate SERIES.ron --customers FILE …` (`spec/simulation.md`):
//! totals, a table of blocks and the traces asked for, as text or JSON; with
//! `--expect`, the expectations checked (exit 1 when one fails).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Timelike, Utc};
use serde_json::{Value as Json, json};

use super::out::{say, say_error};
use super::{Format, exit, print_json};
use crate::check;
use crate::file;
use crate::model::{BlockKind, ContentType, Kind, Series};
use crate::simulate::audience::{self, Audience, Control, Options};
use crate::simulate::expect::{Expectations, Verdict};
use crate::simulate::{Counter, Counts, Simulation, StayOutcome, Step, Trace};

/// What `simulate` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct Request {
    pub series: PathBuf,
    /// The customers: JSON Lines (.jsonl) or a CSV user export (.csv)
    #[arg(long)]
    pub customers: PathBuf,
    /// When the simulation starts (RFC 3339); default: now, rounded down to the hour
    #[arg(long)]
    pub from: Option<String>,
    /// How many days it runs
    #[arg(long, default_value_t = crate::simulate::DEFAULT_DAYS, value_parser = days())]
    pub days: u32,
    /// Decides who opens and clicks what: the same seed gives the same result
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Show every step of this customer, and why (by id; may be repeated)
    #[arg(long = "trace", value_name = "CUSTOMER_ID")]
    pub trace: Vec<String>,
    /// Check the expectations in this file (exit 1 if one fails)
    #[arg(long, value_name = "CASES.ron")]
    pub expect: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Simulate this percentage of the customers (chosen by id) and scale the counts up
    #[arg(long, value_name = "PERCENT", value_parser = percent)]
    pub sample: Option<f64>,
}

/// `--days`: 1 to 366.
pub(super) fn days() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(1..=i64::from(crate::simulate::MAX_DAYS))
}

pub fn run(r: &Request) -> u8 {
    // Every bad input is told at once, before anything runs.
    let mut bad: Vec<String> = Vec::new();
    let from = parse_from(r.from.as_deref()).map_err(|m| bad.push(m)).ok();
    let series = match file::load(&r.series) {
        Ok(s) => Some(s),
        Err(e @ file::FileError::Io { .. }) => {
            bad.push(e.to_string());
            None
        }
        Err(e) => {
            bad.push(format!("{}: {e}", r.series.display()));
            None
        }
    };
    let expectations = r.expect.as_deref().and_then(|path| {
        let loaded = load_expectations(path, series.as_ref());
        loaded.map_err(|problems| bad.extend(problems)).ok()
    });
    let (Some(from), Some(series)) = (from, series) else {
        return refuse(&bad);
    };
    if !bad.is_empty() {
        return refuse(&bad);
    }
    let report = check::check(&series, from.naive_utc());
    if report.errors() > 0 {
        say_error!(
            "series-builder: warning: '{}' has {} (see `series-builder check`); simulating it anyway",
            series.name,
            crate::text::count(report.errors(), "go-live error")
        );
    }
    let sim = Simulation::new(&series, from, r.days, r.seed);
    let mut traced: BTreeSet<String> = r.trace.iter().cloned().collect();
    if let Some(e) = &expectations {
        traced.extend(e.customers());
    }
    let options = Options {
        traced: traced.clone(),
        sample_percent: r.sample.filter(|p| *p < 100.0),
    };
    let audience = match audience::run(&sim, &r.customers, &options, &Control::default()) {
        Ok(a) => a,
        Err(e) => return refuse(&e.lines(&r.customers, &r.series.display().to_string())),
    };
    let missing: Vec<String> = traced
        .iter()
        .filter(|id| !audience.traces.contains_key(*id))
        .map(|id| format!("there is no customer '{id}' in {}", r.customers.display()))
        .collect();
    if !missing.is_empty() {
        return refuse(&missing);
    }
    let verdict = expectations.map(|e| e.check(&series, &audience));
    let traces: Vec<&Trace> = r
        .trace
        .iter()
        .filter_map(|id| audience.traces.get(id))
        .collect();
    let shown = Shown {
        sim: &sim,
        series: &series,
        audience: &audience,
        traces,
        verdict: verdict.as_ref(),
    };
    match r.format {
        Format::Json => print_json(&shown.json()),
        Format::Text => {
            for line in shown.text() {
                say!("{line}");
            }
        }
    }
    match verdict {
        Some(v) if !v.failures.is_empty() => exit::NOT_READY,
        _ => exit::DONE,
    }
}

fn refuse(problems: &[String]) -> u8 {
    for p in problems {
        say_error!("series-builder: {p}");
    }
    exit::BAD_INPUT
}

/// `--from` as UTC; now rounded down to the hour when absent.
pub(super) fn parse_from(text: Option<&str>) -> Result<DateTime<Utc>, String> {
    match text {
        None => {
            let now = Utc::now();
            Ok(now - Duration::seconds(i64::from(now.minute() * 60 + now.second()))
                - Duration::nanoseconds(i64::from(now.nanosecond())))
        }
        Some(text) => DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                format!(
                    "--from '{text}' is not a date and time in RFC 3339 form, like 2026-12-01T00:00:00Z"
                )
            }),
    }
}

/// `--sample`: a percentage above 0, at most 100.
pub fn percent(text: &str) -> Result<f64, String> {
    match text.trim().trim_end_matches('%').parse::<f64>() {
        Ok(p) if p > 0.0 && p <= 100.0 => Ok(p),
        _ => Err(format!(
            "'{text}' is not a percentage above 0 and at most 100"
        )),
    }
}

fn load_expectations(path: &Path, series: Option<&Series>) -> Result<Expectations, Vec<String>> {
    let text =
        std::fs::read_to_string(path).map_err(|e| vec![format!("{}: {e}", path.display())])?;
    let e = Expectations::parse(&text).map_err(|m| vec![format!("{}: {m}", path.display())])?;
    let problems: Vec<String> = series
        .map(|s| e.problems(s))
        .unwrap_or_default()
        .into_iter()
        .map(|p| format!("{}: {p}", path.display()))
        .collect();
    if problems.is_empty() {
        Ok(e)
    } else {
        Err(problems)
    }
}

/// Everything printed, in one place for both formats.
struct Shown<'a> {
    sim: &'a Simulation,
    series: &'a Series,
    audience: &'a Audience,
    traces: Vec<&'a Trace>,
    verdict: Option<&'a Verdict>,
}

/// `2026-12-01T10:00:00Z`.
fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `2026-12-01 10:00`.
fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

fn percent_of(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0.0 %".into()
    } else {
        format!("{:.1} %", part as f64 * 100.0 / whole as f64)
    }
}

/// The kind a block's row shows: its content type for messages.
fn kind_label(series: &Series, id: crate::model::BlockId) -> String {
    match series.block(id) {
        Some(b) => match &b.kind {
            BlockKind::Content(c) => c.content_type.label().to_lowercase(),
            _ => b.kind().name().into(),
        },
        None => String::new(),
    }
}

/// The title a card shows: waits and tags without one read as what they do.
fn row_title(series: &Series, id: crate::model::BlockId) -> String {
    match series.block(id) {
        Some(b) if b.title.trim().is_empty() => match &b.kind {
            BlockKind::Wait(w) => w.summary(&series.settings.time_zone),
            BlockKind::Tag(t) => t.summary(),
            _ => b.display_title(),
        },
        Some(b) => b.display_title(),
        None => String::new(),
    }
}

fn step_block(series: &Series, step: &Step) -> String {
    step.block
        .map(|id| format!("{} ({id})", row_title(series, id)))
        .unwrap_or_else(|| "series".into())
}

/// The detail with every condition's value, on one line (for JSON).
fn detail_with_conditions(step: &Step) -> String {
    let conditions: Vec<String> = step.conditions.iter().map(|c| c.words()).collect();
    match (step.detail.is_empty(), conditions.is_empty()) {
        (_, true) => step.detail.clone(),
        (true, false) => conditions.join("; "),
        (false, false) => format!("{}: {}", step.detail, conditions.join("; ")),
    }
}

impl Shown<'_> {
    fn counts(&self) -> &Counts {
        &self.audience.counts
    }

    fn block_kind(&self, i: usize) -> Kind {
        let id = self.sim.block_ids()[i];
        self.series.block(id).map_or(Kind::Rule, |b| b.kind())
    }

    fn json(&self) -> Json {
        let c = self.counts();
        let by_type: serde_json::Map<String, Json> = ContentType::ALL
            .iter()
            .map(|t| (t.export_name().to_string(), json!(c.sent_of_type(*t))))
            .collect();
        // Notes are on no path: the simulation has nothing to say about them.
        let blocks: Vec<Json> = self
            .sim
            .block_ids()
            .iter()
            .enumerate()
            .filter(|(i, _)| self.block_kind(*i).on_paths())
            .map(|(i, id)| {
                let kind = self.block_kind(i);
                let mut row = serde_json::Map::new();
                row.insert("id".into(), json!(id.0));
                row.insert("title".into(), json!(row_title(self.series, *id)));
                row.insert("kind".into(), json!(kind.name()));
                for counter in Counter::ALL.into_iter().filter(|k| k.applies_to(kind)) {
                    row.insert(counter.name().into(), json!(c.blocks[i].get(counter)));
                }
                Json::Object(row)
            })
            .collect();
        let arrows: Vec<Json> = self
            .sim
            .arrows()
            .iter()
            .zip(&c.arrows)
            .map(|(a, n)| {
                json!({
                    "from": a.from.0,
                    "output": a.output.label().replace(' ', "_"),
                    "to": a.to.0,
                    "count": n,
                })
            })
            .collect();
        let traces: Vec<Json> = self.traces.iter().map(|t| trace_json(t)).collect();
        let mut out = json!({
            "series": self.sim.series_name,
            "from": rfc3339(self.sim.from),
            "until": rfc3339(self.sim.until()),
            "seed": self.sim.seed,
            "totals": {
                "customers": c.customers,
                "entered": c.entered,
                "stays": c.stays,
                "finished": c.outcome(StayOutcome::Finished),
                "exited": c.outcome(StayOutcome::Exited),
                "goal_hit": c.goal_hit,
                "goal_rate": c.goal_rate(),
                "disengaged": c.outcome(StayOutcome::Disengaged),
                "in_progress": c.outcome(StayOutcome::InProgress),
                "control": c.outcome(StayOutcome::Control),
                "messages_sent": c.messages_sent(),
                "messages_by_type": by_type,
            },
            "blocks": blocks,
            "arrows": arrows,
            "sends_per_day": c.sends_per_day,
            "traces": traces,
        });
        if let Some(s) = &self.audience.sample {
            out["sample"] = json!({
                "percent": s.percent,
                "simulated": s.simulated,
                "customers": s.customers,
                "goal_rate_margin": s.goal_rate_margin,
            });
        }
        if let Some(v) = self.verdict {
            let failed: Vec<Json> = v
                .failures
                .iter()
                .map(|f| json!({"case": f.case, "expected": f.expected, "actual": f.actual}))
                .collect();
            out["expectations"] = json!({"checked": v.checked, "failed": failed});
        }
        out
    }

    fn text(&self) -> Vec<String> {
        let c = self.counts();
        let mut lines = vec![
            format!(
                "Simulation of '{}' over {}, {} to {} UTC ({}), seed {}",
                self.sim.series_name,
                crate::text::count(c.customers as usize, "customer"),
                when(self.sim.from),
                when(self.sim.until()),
                crate::text::count(self.sim.days as usize, "day"),
                self.sim.seed
            ),
            String::new(),
        ];
        if let Some(s) = &self.audience.sample {
            let margin = match s.goal_rate_margin {
                Some(m) => format!(
                    "the goal rate is within ± {:.1} points of the whole file's (95 % confidence)",
                    m * 100.0
                ),
                None => "no stays in the sample, so no goal rate".into(),
            };
            lines.push(format!(
                "Sample: {} of {} customers ({} %) simulated and the counts scaled up; {margin}.",
                s.simulated,
                s.customers,
                crate::model::format_number(s.percent)
            ));
            lines.push(String::new());
        }
        let outcomes: Vec<String> = StayOutcome::ALL
            .iter()
            .map(|o| format!("{} {}", c.outcome(*o), o.words()))
            .collect();
        let by_type: Vec<String> = ContentType::ALL
            .iter()
            .filter(|t| c.sent_of_type(**t) > 0)
            .map(|t| format!("{} {}", c.sent_of_type(*t), t.label().to_lowercase()))
            .collect();
        lines.extend([
            format!(
                "Entered         {} ({} of the customers)",
                c.entered,
                percent_of(c.entered, c.customers)
            ),
            format!("Stays           {}: {}", c.stays, outcomes.join(", ")),
            format!(
                "Goal hit        {} ({} of stays)",
                c.goal_hit,
                percent_of(c.goal_hit, c.stays)
            ),
            if by_type.is_empty() {
                format!("Messages sent   {}", c.messages_sent())
            } else {
                format!(
                    "Messages sent   {}: {}",
                    c.messages_sent(),
                    by_type.join(", ")
                )
            },
        ]);
        lines.extend(self.sends_per_day_lines());
        lines.push(String::new());
        lines.extend(self.block_lines());
        for t in &self.traces {
            lines.push(String::new());
            lines.extend(self.trace_lines(t));
        }
        if let Some(v) = self.verdict {
            lines.push(String::new());
            lines.extend(verdict_lines(v));
        }
        lines
    }

    /// A week a line: "Dec 1–7      1   0   3 …".
    fn sends_per_day_lines(&self) -> Vec<String> {
        let days = &self.counts().sends_per_day;
        let width = days.iter().max().map_or(1, |m| m.to_string().len());
        let mut lines = vec!["Sends per day".to_string()];
        for (week, chunk) in days.chunks(7).enumerate() {
            let first = self.sim.from + Duration::days(week as i64 * 7);
            let last = first + Duration::days(chunk.len() as i64 - 1);
            let end = if first.format("%b").to_string() == last.format("%b").to_string() {
                last.format("%-d")
            } else {
                last.format("%b %-d")
            };
            let label = format!("{}–{end}", first.format("%b %-d"));
            let numbers: Vec<String> = chunk.iter().map(|n| format!("{n:>width$}")).collect();
            lines.push(format!("  {label:<16}{}", numbers.join("  ")));
        }
        lines
    }

    fn block_lines(&self) -> Vec<String> {
        let c = self.counts();
        let ids = self.sim.block_ids();
        let titles: Vec<String> = ids.iter().map(|id| row_title(self.series, *id)).collect();
        let kinds: Vec<String> = ids.iter().map(|id| kind_label(self.series, *id)).collect();
        let id_w = ids
            .iter()
            .map(|id| id.to_string().len())
            .max()
            .unwrap_or(2)
            .max(2);
        let title_w = titles
            .iter()
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(5)
            .clamp(5, 40);
        let kind_w = kinds.iter().map(String::len).max().unwrap_or(4).max(4);
        let mut lines = vec![format!(
            "{:>id_w$}  {:<title_w$}  {:<kind_w$}  counts",
            "id", "block", "kind"
        )];
        for (i, id) in ids.iter().enumerate() {
            let kind = self.block_kind(i);
            if !kind.on_paths() {
                continue;
            }
            let counts: Vec<String> = Counter::ALL
                .into_iter()
                .filter(|k| k.applies_to(kind))
                .filter(|k| *k == Counter::Arrived || c.blocks[i].get(*k) > 0)
                .map(|k| format!("{} {}", k.words(), c.blocks[i].get(k)))
                .collect();
            let title: String = titles[i]
                .replace(['\n', '\r'], " ")
                .chars()
                .take(40)
                .collect();
            lines.push(format!(
                "{:>id_w$}  {title:<title_w$}  {:<kind_w$}  {}",
                id.to_string(),
                kinds[i],
                counts.join(", ")
            ));
        }
        lines
    }

    fn trace_lines(&self, t: &Trace) -> Vec<String> {
        let stays: Vec<String> = t
            .stays
            .iter()
            .map(|s| match s.ended_at {
                Some(end) => format!(
                    "{} to {}, {}",
                    when(s.entered_at),
                    when(end),
                    s.outcome.words()
                ),
                None => format!("{}, still in the series at the end", when(s.entered_at)),
            })
            .collect();
        let mut lines = vec![if stays.is_empty() {
            format!("Trace of {}: never entered", t.customer)
        } else {
            format!("Trace of {}: {}", t.customer, stays.join("; "))
        }];
        for step in &t.steps {
            let detail = step.detail.replace(['\n', '\r'], " ");
            lines.push(format!(
                "  {}  {:<11}  {}{}",
                when(step.at),
                step.what.words(),
                step_block(self.series, step).replace(['\n', '\r'], " "),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(": {detail}")
                }
            ));
            for c in &step.conditions {
                lines.push(format!("{:33}{}", "", c.words().replace(['\n', '\r'], " ")));
            }
        }
        lines
    }
}

fn trace_json(t: &Trace) -> Json {
    let stays: Vec<Json> = t
        .stays
        .iter()
        .map(|s| {
            json!({
                "entered_at": rfc3339(s.entered_at),
                "ended_at": s.ended_at.map(rfc3339),
                "outcome": s.outcome.name(),
            })
        })
        .collect();
    let steps: Vec<Json> = t
        .steps
        .iter()
        .map(|s| {
            json!({
                "at": rfc3339(s.at),
                "block": s.block.map(|b| b.0),
                "what": s.what.name(),
                "detail": detail_with_conditions(s),
            })
        })
        .collect();
    json!({"customer": t.customer, "stays": stays, "steps": steps})
}

fn verdict_lines(v: &Verdict) -> Vec<String> {
    if v.failures.is_empty() {
        return vec![format!("Expectations: all {} hold", v.checked)];
    }
    let mut lines = vec![format!(
        "Expectations: {} of {} failed",
        v.failures.len(),
        v.checked
    )];
    lines.extend(
        v.failures
            .iter()
            .map(|f| format!("  {}: expected {}; {}", f.case, f.expected, f.actual)),
    );
    lines
}
