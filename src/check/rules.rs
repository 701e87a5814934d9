//! Each check of `spec/go-live-checks.md`, one function per code. They share one
//! [`Graph`] built up front, so no check scans all arrows per block.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::fixes::QuickFix;
use super::graph::Graph;
use super::{Finding, Severity, is_blank, is_untitled_step, name_of, quote, severity_of};
use crate::model::{
    AttributeTest, Block, BlockId, BlockKind, Condition, ContentType, DaysAgoOp, Filter,
    GoLiveChoice, Kind, MAX_DAYS, MessageOrigin, Series, Span, TextOp, WaitBlock, branch_letter,
    clock_time, series_zone, to_utc,
};

/// More entry points than this is an error.
pub const MAX_ENTRY_POINTS: usize = 10;
/// More blocks than the hosted product takes is a warning.
pub const MAX_BLOCKS: usize = 250;

struct Ctx<'a> {
    series: &'a Series,
    graph: Graph<'a>,
    entries: Vec<usize>,
    now: NaiveDateTime,
    out: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    fn block(&self, id: BlockId) -> Option<&'a Block> {
        self.graph.block(id)
    }

    fn kind(&self, id: BlockId) -> Option<Kind> {
        self.graph.index(id).map(|v| self.graph.kinds[v])
    }

    /// A block's name for a message; an untitled wait or tag also names the block
    /// before it, so that four "'Wait 1 day'" findings can be told apart.
    fn name(&self, id: BlockId) -> String {
        let Some(v) = self.graph.index(id) else {
            return format!("block {id}");
        };
        let block = self.graph.blocks[v];
        let name = name_of(self.series, id, block);
        match self.graph.pred(v).first() {
            Some(&p) if is_untitled_step(block) => {
                let p = p as usize;
                let before = name_of(self.series, self.graph.ids[p], self.graph.blocks[p]);
                format!("{name} after {before}")
            }
            _ => name,
        }
    }

    fn push(&mut self, code: &'static str, blocks: Vec<BlockId>, message: String) {
        self.push_fix(code, blocks, message, None);
    }

    fn push_fix(
        &mut self,
        code: &'static str,
        blocks: Vec<BlockId>,
        message: String,
        fix: Option<QuickFix>,
    ) {
        self.out.push(Finding {
            code,
            // Every code used here is in the table; the fallback never shows.
            severity: severity_of(code).unwrap_or(Severity::Error),
            blocks,
            message,
            fix,
        });
    }
}

pub(super) fn run(series: &Series, now: NaiveDateTime) -> Vec<Finding> {
    let graph = Graph::new(series);
    let entries = graph.entry_points();
    let mut ctx = Ctx {
        series,
        graph,
        entries,
        now,
        out: Vec::new(),
    };
    entry_points(&mut ctx);
    unreachable_blocks(&mut ctx);
    block_contents(&mut ctx);
    loops_without_wait(&mut ctx);
    unknown_messages(&mut ctx);
    goal(&mut ctx);
    campaign(&mut ctx);
    empty_conditions(&mut ctx);
    imported_entry_points(&mut ctx);
    rule_shapes(&mut ctx);
    trailing_waits(&mut ctx);
    engagement_order(&mut ctx);
    // Notes are no blocks of any path: they do not count.
    let blocks = series.len() - series.note_count();
    if blocks > MAX_BLOCKS {
        let message = format!(
            "The series has {blocks} blocks; the hosted product takes at most {MAX_BLOCKS}"
        );
        ctx.push("too-many-blocks", Vec::new(), message);
    }
    split_branches(&mut ctx);
    ctx.out
}

/// `no-entry-point`, `too-many-entry-points`, `everyone-enters`.
fn entry_points(ctx: &mut Ctx) {
    let ids: Vec<BlockId> = ctx.entries.iter().map(|&v| ctx.graph.ids[v]).collect();
    if ids.is_empty() {
        let message = if ctx.series.is_empty() {
            "The series is empty: add a rule block where customers enter".to_string()
        } else if !ctx.graph.kinds.contains(&Kind::Rule) {
            "No customer can enter: the series has no rule block. Add one at the start, \
             where customers enter"
                .to_string()
        } else {
            "No customer can enter: every rule block has an arrow into it. Add a rule \
             block with nothing before it, where customers enter"
                .to_string()
        };
        ctx.push("no-entry-point", Vec::new(), message);
    }
    if ids.len() > MAX_ENTRY_POINTS {
        let message = format!(
            "The series has {} entry points (rule blocks with nothing before them); \
             at most {MAX_ENTRY_POINTS} are allowed. Connect the others into a path",
            ids.len()
        );
        ctx.push("too-many-entry-points", ids.clone(), message);
    }
    for id in ids {
        let Some(rule) = ctx.block(id).and_then(|b| b.as_rule()) else {
            continue;
        };
        if admits_every_user(&rule.filter) {
            let message = format!(
                "Entry point {} lets every user in: everyone will get this series",
                ctx.name(id)
            );
            ctx.push("everyone-enters", vec![id], message);
        }
    }
}

/// True when the filter lets in every user: it is built only from `type is user`
/// and `all` groups (an empty `all` matches everyone; an empty `any` no one).
fn admits_every_user(filter: &Filter) -> bool {
    match filter {
        Filter::All(items) => items.iter().all(admits_every_user),
        Filter::Any(items) => items.iter().any(admits_every_user),
        Filter::Condition(Condition::Attribute {
            attribute,
            test:
                AttributeTest::Text {
                    op: TextOp::Is,
                    value,
                },
        }) => attribute == "type" && value == "user",
        Filter::Condition(_) => false,
    }
}

/// `unreachable-block`: content, wait, tag and split blocks no entry point leads
/// to (a note is on no path, and needs none).
fn unreachable_blocks(ctx: &mut Ctx) {
    let reached = ctx.graph.reachable(&ctx.entries);
    let lost: Vec<BlockId> = (0..ctx.graph.len())
        .filter(|&v| !reached[v] && !matches!(ctx.graph.kinds[v], Kind::Rule | Kind::Note))
        .map(|v| ctx.graph.ids[v])
        .collect();
    for id in lost {
        let message = format!(
            "{} is not on any path from an entry point: no customer will reach it",
            ctx.name(id)
        );
        ctx.push("unreachable-block", vec![id], message);
    }
}

/// `empty-rule`, `empty-content`, `empty-tag`, `wait-in-past`: one block at a time.
fn block_contents(ctx: &mut Ctx) {
    let mut found: Vec<(&'static str, BlockId, String)> = Vec::new();
    for (v, block) in ctx.graph.blocks.iter().enumerate() {
        let id = ctx.graph.ids[v];
        match &block.kind {
            BlockKind::Rule(rule) if rule.filter.is_empty() => found.push((
                "empty-rule",
                id,
                format!("Rule {} has no conditions: add at least one", ctx.name(id)),
            )),
            BlockKind::Content(content) => {
                let mut missing = Vec::new();
                if is_blank(&block.title) {
                    missing.push("a title");
                }
                if content.content_type == ContentType::Email && is_blank(&content.subject) {
                    missing.push("a subject");
                }
                if is_blank(&content.body) {
                    missing.push("a body");
                }
                if !missing.is_empty() {
                    found.push((
                        "empty-content",
                        id,
                        format!(
                            "The {} {} needs {}",
                            content.content_type.label().to_lowercase(),
                            ctx.name(id),
                            join_words(&missing)
                        ),
                    ));
                }
            }
            BlockKind::Tag(tag) if is_blank(&tag.tag) => found.push((
                "empty-tag",
                id,
                format!("{} has no tag name: name the tag", ctx.name(id)),
            )),
            // The date is on the series' clock; `now` is in UTC.
            BlockKind::Wait(WaitBlock::Until(at))
                if to_utc(series_zone(&ctx.series.settings.time_zone), *at) < ctx.now =>
            {
                found.push((
                    "wait-in-past",
                    id,
                    format!(
                        "{} waits until {}, which is already past: pick a later date",
                        ctx.name(id),
                        at.format("%-d %b %Y, %H:%M")
                    ),
                ))
            }
            BlockKind::Split(split) => {
                let empty: Vec<&str> = split
                    .branches
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| **p == 0)
                    .map(|(i, _)| branch_letter(i))
                    .collect();
                let problem = if split.total() != 100 {
                    Some(format!("its shares add up to {}%, not 100%", split.total()))
                } else if !empty.is_empty() {
                    Some(format!(
                        "branch {} gets 0% of customers: give it a share or remove it",
                        join_words(&empty)
                    ))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    found.push((
                        "split-percentages",
                        id,
                        format!("{}: {problem}", ctx.name(id)),
                    ));
                }
            }
            _ => {}
        }
        if let BlockKind::Content(content) = &block.kind
            && let Some(window) = &content.send_window
            && !window.is_open_sometimes()
        {
            let why = if window.days.is_empty() {
                "no day is chosen".to_string()
            } else {
                format!(
                    "its hours end ({}) before they start ({})",
                    clock_time(window.to),
                    clock_time(window.from)
                )
            };
            found.push((
                "empty-send-window",
                id,
                format!("The send window of {} never opens: {why}", ctx.name(id)),
            ));
        }
    }
    // Grouped by code, in block order within each.
    for code in [
        "empty-rule",
        "empty-content",
        "empty-tag",
        "wait-in-past",
        "split-percentages",
        "empty-send-window",
    ] {
        for (_, id, message) in found.iter().filter(|f| f.0 == code) {
            ctx.push(code, vec![*id], message.clone());
        }
    }
}

/// `split-branch-unconnected`: a branch with no arrow, whose customers leave at once.
fn split_branches(ctx: &mut Ctx) {
    let mut found = Vec::new();
    for (v, block) in ctx.graph.blocks.iter().enumerate() {
        let BlockKind::Split(split) = &block.kind else {
            continue;
        };
        let id = ctx.graph.ids[v];
        for (i, share) in split.branches.iter().enumerate() {
            let output = crate::model::Output::Branch(i as u8);
            if ctx.series.target(id, output).is_none() {
                found.push((
                    id,
                    format!(
                        "{}: branch {} ({share}%) has no arrow, so its customers leave the series at once",
                        ctx.name(id),
                        branch_letter(i)
                    ),
                ));
            }
        }
    }
    for (id, message) in found {
        ctx.push("split-branch-unconnected", vec![id], message);
    }
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `loop-without-wait`: loops among the blocks that are not waits.
fn loops_without_wait(ctx: &mut Ctx) {
    let graph = &ctx.graph;
    let loops = graph.loops(|v| graph.kinds[v] != Kind::Wait);
    for nodes in loops {
        let ids: Vec<BlockId> = nodes.iter().map(|&v| ctx.graph.ids[v]).collect();
        let names = name_list(ctx, &ids);
        let message = format!(
            "{names} form a loop with no wait block in it: customers would go round \
             without pause. Add a wait to the loop or break it"
        );
        ctx.push("loop-without-wait", ids, message);
    }
}

/// "'A', 'B' and 'C'", at most five names and then "and 7 more".
fn name_list(ctx: &Ctx, ids: &[BlockId]) -> String {
    const SHOWN: usize = 5;
    let names: Vec<String> = ids.iter().take(SHOWN).map(|&id| ctx.name(id)).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    if ids.len() > SHOWN {
        format!("{} and {} more", refs.join(", "), ids.len() - SHOWN)
    } else {
        join_words(&refs)
    }
}

/// `unknown-message`: engagement conditions about a block that is missing or is
/// not a content block, in rule blocks and in the exit rules and goal.
fn unknown_messages(ctx: &mut Ctx) {
    let describe = |ctx: &Ctx, id: BlockId| match ctx.block(id) {
        Some(_) => format!("{}, which is not a message", ctx.name(id)),
        None => format!("a message that is not in the series (block {id})"),
    };
    let mut found: Vec<(Vec<BlockId>, String)> = Vec::new();
    let mut named = Vec::new();
    for (v, block) in ctx.graph.blocks.iter().enumerate() {
        let Some(rule) = block.as_rule() else {
            continue;
        };
        engagement_blocks(&rule.filter, &mut named);
        for &asked in &named {
            if ctx.kind(asked) != Some(Kind::Content) {
                let id = ctx.graph.ids[v];
                let message = format!("Rule {} asks about {}", ctx.name(id), describe(ctx, asked));
                found.push((vec![id], message));
            }
        }
    }
    let settings = &ctx.series.settings;
    let mut setting_filters = vec![("The exit rules", &settings.exit_rules)];
    if let Some(goal) = &settings.goal {
        setting_filters.push(("The goal", &goal.rules));
    }
    for (what, filter) in setting_filters {
        engagement_blocks(filter, &mut named);
        for &asked in &named {
            if ctx.kind(asked) != Some(Kind::Content) {
                found.push((
                    Vec::new(),
                    format!("{what} ask about {}", describe(ctx, asked)),
                ));
            }
        }
    }
    for (blocks, message) in found {
        ctx.push("unknown-message", blocks, message);
    }
}

/// The blocks a filter's engagement conditions name, each once, into `out`
/// (reused between calls to spare allocations).
fn engagement_blocks(filter: &Filter, out: &mut Vec<BlockId>) {
    out.clear();
    filter.visit(&mut |c| {
        if let Condition::Engagement { block, .. } = c
            && !out.contains(block)
        {
            out.push(*block);
        }
    });
}

/// `goal-without-window`, `no-goal`.
fn goal(ctx: &mut Ctx) {
    match &ctx.series.settings.goal {
        None => ctx.push(
            "no-goal",
            Vec::new(),
            "The series has no goal, so its effect cannot be measured".into(),
        ),
        Some(goal) if goal.within_days.unwrap_or(0) == 0 => ctx.push(
            "goal-without-window",
            Vec::new(),
            "The goal has no time window: say within how many days of entering it counts".into(),
        ),
        Some(_) => {}
    }
}

/// `campaign-choice-missing`, `campaign-still-entering`.
fn campaign(ctx: &mut Ctx) {
    let Some(origin) = &ctx.series.origin else {
        return;
    };
    match origin.go_live_choice {
        GoLiveChoice::Undecided if origin.campaign_state.still_entering() => {
            let message = format!(
                "Campaign {} is still {}: choose whether it stops taking in customers \
                 or keeps going when this series goes live",
                quote(&origin.campaign_name),
                origin.campaign_state.label()
            );
            ctx.push("campaign-choice-missing", Vec::new(), message);
        }
        GoLiveChoice::ContinueEntering => {
            let message = format!(
                "Campaign {} keeps taking in customers: customers in both audiences \
                 may get the same messages twice",
                quote(&origin.campaign_name)
            );
            ctx.push("campaign-still-entering", Vec::new(), message);
        }
        _ => {}
    }
}

/// `empty-condition`: conditions with a blank name or an empty text value, in
/// rule blocks, then the exit rules, then the goal.
fn empty_conditions(ctx: &mut Ctx) {
    let mut found: Vec<(Vec<BlockId>, String)> = Vec::new();
    let title = |id: BlockId| ctx.series.title_of(id);
    let mut look = |filter: &Filter, blocks: &[BlockId], whose: &dyn Fn() -> String| {
        filter.visit(&mut |c| {
            if let Some((shown, missing)) = unfinished(c, &title) {
                let message = format!(
                    "{}: the condition {} has {}",
                    whose(),
                    quote(&shown),
                    join_words(&missing)
                );
                found.push((blocks.to_vec(), message));
            }
        });
    };
    for (v, block) in ctx.graph.blocks.iter().enumerate() {
        if let Some(rule) = block.as_rule() {
            let id = ctx.graph.ids[v];
            look(&rule.filter, &[id], &|| format!("Rule {}", ctx.name(id)));
        }
    }
    let settings = &ctx.series.settings;
    look(&settings.exit_rules, &[], &|| "The exit rules".to_string());
    if let Some(goal) = &settings.goal {
        look(&goal.rules, &[], &|| "The goal".to_string());
    }
    for (blocks, message) in found {
        ctx.push("empty-condition", blocks, message);
    }
}

/// A condition missing a name or a text value: how it reads, with "…" where
/// something is missing, and what is missing ("no tag name").
fn unfinished(
    condition: &Condition,
    title: &dyn Fn(BlockId) -> Option<String>,
) -> Option<(String, Vec<&'static str>)> {
    const GAP: &str = "…";
    let mut shown = condition.clone();
    let mut missing = Vec::new();
    let (name, what) = match &mut shown {
        Condition::Attribute { attribute, .. } => (attribute, "no attribute name"),
        Condition::Event { event, .. } => (event, "no event name"),
        Condition::Tag { tag, .. } => (tag, "no tag name"),
        Condition::Segment { segment, .. } => (segment, "no segment name"),
        Condition::Engagement { .. } => return None,
    };
    if is_blank(name) {
        *name = GAP.into();
        missing.push(what);
    }
    if let Condition::Attribute {
        test: AttributeTest::Text { value, .. },
        ..
    } = &mut shown
        && value.is_empty()
    {
        *value = GAP.into();
        missing.push("no value");
    }
    (!missing.is_empty()).then(|| (shown.summary(title), missing))
}

/// `unconnected-import`: a message's own rule block from the campaign that is still
/// an entry point. The import leaves each message as its own column (rule, content,
/// wait); until the marketer connects something into that rule, it lets customers
/// in on its own, and all of them get the message at once. A message rule with an
/// arrow into it is part of a path and is fine.
fn imported_entry_points(ctx: &mut Ctx) {
    let Some(origin) = &ctx.series.origin else {
        return;
    };
    let by_rule: BTreeMap<BlockId, &MessageOrigin> =
        origin.messages.iter().map(|m| (m.rule_block, m)).collect();
    let mut found = Vec::new();
    for &v in &ctx.entries {
        let id = ctx.graph.ids[v];
        let Some(message) = by_rule.get(&id) else {
            continue;
        };
        let mut blocks = vec![id];
        if ctx.block(message.content_block).is_some() {
            blocks.push(message.content_block);
        }
        found.push((
            blocks,
            format!(
                "Rule {} (from campaign message {}) has nothing leading into it yet: \
                 all its customers would get the message at once. Connect it into a path",
                ctx.name(id),
                quote(&message.title)
            ),
        ));
    }
    // One fix joins every column, so it is offered once: on the first column
    // it joins (the first such finding in the list), not once per column.
    let joined = if found.is_empty() {
        Default::default()
    } else {
        QuickFix::connect_columns(ctx.series)
    };
    let mut offered = false;
    for (blocks, message) in found {
        let fix = (!offered && joined.contains(&blocks[0])).then_some(QuickFix::ConnectColumns);
        offered |= fix.is_some();
        ctx.push_fix("unconnected-import", blocks, message, fix);
    }
}

/// `consecutive-rules` and `rule-used-as-delay`.
fn rule_shapes(ctx: &mut Ctx) {
    let series = ctx.series;
    let mut consecutive = Vec::new();
    let mut delays = Vec::new();
    for v in 0..ctx.graph.len() {
        let Some(rule) = ctx.graph.blocks[v].as_rule() else {
            continue;
        };
        let id = ctx.graph.ids[v];
        for (output, w) in ctx.graph.arrows(v) {
            if ctx.graph.kinds[w] == Kind::Rule {
                consecutive.push((id, output, ctx.graph.ids[w]));
            }
        }
        if let Some(days) = delay_days(&rule.filter) {
            delays.push((id, days));
        }
    }
    for (first, output, second) in consecutive {
        let message = format!(
            "Rule {} is followed directly by rule {}: combine them into one rule",
            ctx.name(first),
            ctx.name(second)
        );
        let fix = QuickFix::combine_rules(series, &ctx.graph, first, output, second);
        ctx.push_fix("consecutive-rules", vec![first, second], message, fix);
    }
    for (id, days) in delays {
        let message = format!(
            "Rule {} only delays customers ({}): a wait block of {} does this better",
            ctx.name(id),
            series.block_summary(id),
            Span::days(days)
        );
        let fix = QuickFix::rule_to_wait(series, id, days);
        ctx.push_fix("rule-used-as-delay", vec![id], message, fix);
    }
}

/// The days of a rule whose only condition is `signed_up_at exactly/more than N
/// days ago`, 1 ≤ N ≤ [`MAX_DAYS`] ("exactly 0 days ago" picks today's sign-ups; it
/// delays nothing).
pub(super) fn delay_days(filter: &Filter) -> Option<u32> {
    let mut count = 0;
    let mut days = None;
    filter.visit(&mut |c| {
        count += 1;
        days = match c {
            Condition::Attribute {
                attribute,
                test:
                    AttributeTest::DaysAgo {
                        op: DaysAgoOp::Exactly | DaysAgoOp::MoreThan,
                        days,
                    },
            } if attribute == "signed_up_at" => Some(*days),
            _ => None,
        };
    });
    if count == 1 {
        // Past the longest wait, no wait block can stand in for the rule.
        days.filter(|&d| d > 0 && d <= MAX_DAYS)
    } else {
        None
    }
}

/// `trailing-wait`: wait blocks with no arrow out.
fn trailing_waits(ctx: &mut Ctx) {
    let mut found = Vec::new();
    for v in 0..ctx.graph.len() {
        if ctx.graph.kinds[v] == Kind::Wait && ctx.graph.succ(v).is_empty() {
            found.push(ctx.graph.ids[v]);
        }
    }
    for id in found {
        let message = format!(
            "{} ends a path: the wait does nothing, since customers leave after it",
            ctx.name(id)
        );
        ctx.push_fix(
            "trailing-wait",
            vec![id],
            message,
            Some(QuickFix::RemoveTrailingWait { wait: id }),
        );
    }
}

/// `engagement-not-yet-sent`: a rule asks about a message that does not come before
/// it on every path from an entry point. An entry point has nothing before it.
/// Rules no entry point reaches are left out: no customer gets there.
fn engagement_order(ctx: &mut Ctx) {
    let mut asks: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut named = Vec::new();
    for (v, block) in ctx.graph.blocks.iter().enumerate() {
        let Some(rule) = block.as_rule() else {
            continue;
        };
        engagement_blocks(&rule.filter, &mut named);
        let contents: Vec<usize> = named
            .iter()
            .filter_map(|&id| ctx.graph.index(id))
            .filter(|&c| ctx.graph.kinds[c] == Kind::Content)
            .collect();
        if !contents.is_empty() {
            asks.push((v, contents));
        }
    }
    if asks.is_empty() {
        return;
    }
    let dominators = ctx.graph.dominators(&ctx.entries);
    let mut found = Vec::new();
    for (v, contents) in asks {
        if !dominators.reached(v) {
            continue;
        }
        for c in contents {
            if !dominators.dominates(c, v) {
                let is_entry = ctx.graph.pred(v).is_empty();
                found.push((ctx.graph.ids[v], is_entry, ctx.graph.ids[c]));
            }
        }
    }
    for (rule, is_entry, content) in found {
        let (rule_name, content_name) = (ctx.name(rule), ctx.name(content));
        let message = if is_entry {
            format!(
                "Rule {rule_name} asks about {content_name}, but it is an entry point: \
                 customers reach it before {content_name} could be sent"
            )
        } else {
            format!(
                "Rule {rule_name} asks about {content_name}, but {content_name} does not \
                 come before it on every path"
            )
        };
        ctx.push("engagement-not-yet-sent", vec![rule, content], message);
    }
}
