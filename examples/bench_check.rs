//! Times the go-live check on a generated 10,000-block series (target: ≤ 10 ms in
//! release). `cargo run --release --example bench_check [BLOCKS [RUNS]]`; prints the
//! median of RUNS runs.
//!
//! The series: several entry points, each starting a path of
//! rule -> content -> wait -> tag -> rule -> ...; rules branch on "no match" to a
//! side message that rejoins the path further down, and rules ask about messages
//! sent earlier on the path (engagement conditions), so every check has work.

mod common;

use chrono::Utc;
use series_builder::check;
use series_builder::model::*;

fn block(title: String, x: f32, y: f32, kind: BlockKind) -> Block {
    Block {
        title,
        pos: Pos::new(x, y),
        kind,
    }
}

fn rule(filter: Filter, no_match: bool) -> BlockKind {
    BlockKind::Rule(RuleBlock {
        filter,
        timing: RuleTiming::For(Span::days(2)),
        no_match_branch: no_match,
    })
}

fn content(body: &str) -> BlockKind {
    BlockKind::Content(ContentBlock {
        content_type: ContentType::Chat,
        subject: String::new(),
        body: body.into(),
        send_for: Span::days(3),
        not_sent_branch: false,
        send_window: None,
    })
}

fn plan_is(plan: &str) -> Filter {
    Filter::Condition(Condition::Attribute {
        attribute: "plan".into(),
        test: AttributeTest::Text {
            op: TextOp::Is,
            value: plan.into(),
        },
    })
}

struct Gen {
    series: Series,
}

impl Gen {
    fn add(&mut self, title: String, x: f32, kind: BlockKind) -> Result<BlockId, ModelError> {
        let id = self.series.allocate_id();
        let y = 150.0 * id.0 as f32;
        self.series.insert_block(id, block(title, x, y, kind))?;
        Ok(id)
    }

    fn link(&mut self, from: BlockId, output: Output, to: BlockId) -> Result<(), ModelError> {
        self.series.connect(Connection::new(from, output, to))
    }

    /// One path of about `len` blocks from a new entry point.
    fn path(&mut self, lane: usize, len: usize) -> Result<(), ModelError> {
        let x = 400.0 * lane as f32;
        let entry = self.add(
            format!("Lane {lane}"),
            x,
            rule(Filter::All(vec![plan_is(&format!("plan-{lane}"))]), false),
        )?;
        let mut last = (entry, Output::Match);
        let mut last_message: Option<BlockId> = None;
        // A side branch waiting to rejoin the path: (its end, its output).
        let mut pending_join: Option<(BlockId, Output)> = None;
        let mut step = 0;
        let start = self.series.len();
        while self.series.len() - start < len {
            step += 1;
            // rule -> content -> wait -> tag, the rule asking about the last message.
            let filter = match last_message {
                Some(m) => Filter::All(vec![
                    plan_is("pro"),
                    Filter::Condition(Condition::Engagement {
                        block: m,
                        op: EngagementOp::Opened,
                    }),
                ]),
                None => Filter::All(vec![plan_is("pro")]),
            };
            let branch = step % 3 == 0;
            let r = self.add(format!("Check {lane}.{step}"), x, rule(filter, branch))?;
            self.link(last.0, last.1, r)?;
            if let Some((end, output)) = pending_join.take() {
                // Paths converge: the side branch rejoins here.
                self.link(end, output, r)?;
            }
            let c = self.add(format!("Message {lane}.{step}"), x, content("Hello"))?;
            self.link(r, Output::Match, c)?;
            let w = self.add(
                String::new(),
                x,
                BlockKind::Wait(WaitBlock::For(Span::days(1))),
            )?;
            self.link(c, Output::Sent, w)?;
            let t = self.add(
                String::new(),
                x,
                BlockKind::Tag(TagBlock {
                    action: TagAction::Add,
                    tag: format!("step-{step}"),
                }),
            )?;
            self.link(w, Output::Next, t)?;
            if branch {
                let side = self.add(format!("Side {lane}.{step}"), x + 200.0, content("Psst"))?;
                self.link(r, Output::NoMatch, side)?;
                pending_join = Some((side, Output::Sent));
            }
            last = (t, Output::Next);
            last_message = Some(c);
        }
        let end = self.add(format!("Goodbye {lane}"), x, content("Bye"))?;
        self.link(last.0, last.1, end)?;
        if let Some((side, output)) = pending_join {
            self.link(side, output, end)?;
        }
        Ok(())
    }
}

fn generate(blocks: usize) -> Result<Series, ModelError> {
    let mut g = Gen {
        series: Series::new("Benchmark"),
    };
    g.series.settings.goal = Some(Goal::default());
    let lanes = 8;
    for lane in 0..lanes {
        let left = blocks.saturating_sub(g.series.len());
        let share = left / (lanes - lane);
        g.path(lane, share.saturating_sub(2))?;
    }
    Ok(g.series)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (blocks, runs) = common::blocks_and_runs(10_000, 15)?;
    let series = generate(blocks)?;
    let now = Utc::now().naive_utc();
    let report = check::check(&series, now);
    let ms = common::median_ms(runs, || {
        std::hint::black_box(check::check(&series, now));
    });
    let mut by_code = std::collections::BTreeMap::new();
    for f in &report.findings {
        *by_code.entry(f.code).or_insert(0) += 1;
    }
    println!(
        "check blocks={} arrows={} findings={} (errors {}, warnings {}) ms={:.3}",
        series.len(),
        series.connection_count(),
        report.findings.len(),
        report.errors(),
        report.warnings(),
        ms
    );
    eprintln!("findings by code: {by_code:?}");
    Ok(())
}
