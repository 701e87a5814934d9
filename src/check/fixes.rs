//! Quick fixes: for findings whose remedy is plain, the [`Edit`] that makes it, so
//! a fix lands in the undo history like any other change. A fix is worked out
//! again from the series it is applied to, and refused if that no longer fits.

use std::collections::BTreeSet;

use super::graph::Graph;
use super::quote;
use super::rules::delay_days;
use crate::edit::Edit;
use crate::model::{
    Block, BlockId, BlockKind, Connection, Filter, Kind, Output, Port, RuleBlock, RuleTiming,
    Series, Span, WaitBlock,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuickFix {
    /// `consecutive-rules`: one rule with both rules' conditions; the second goes.
    CombineRules { first: BlockId, second: BlockId },
    /// `rule-used-as-delay`: the rule becomes a wait of the same number of days.
    RuleToWait { rule: BlockId, days: u32 },
    /// `trailing-wait`: the wait goes.
    RemoveTrailingWait { wait: BlockId },
    /// `unconnected-import`: the campaign's entry rules, then each message's
    /// column in the campaign's priority order, joined into one path, tidied.
    ConnectColumns,
}

/// Why a quick fix no longer applies to the series it is given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    #[error("the block this fix is about is no longer in the series")]
    MissingBlock(BlockId),
    #[error("the fix no longer applies: {0}. Run the check again")]
    Changed(String),
}

impl QuickFix {
    /// The button text.
    pub fn label(&self) -> String {
        match self {
            QuickFix::CombineRules { .. } => "Combine into one rule".into(),
            QuickFix::RuleToWait { days, .. } => {
                format!("Replace with a wait of {}", Span::days(*days))
            }
            QuickFix::RemoveTrailingWait { .. } => "Remove the wait".into(),
            QuickFix::ConnectColumns => "Connect the columns in campaign order".into(),
        }
    }

    /// The edit that makes the fix on this series (apply it; its inverse undoes it).
    pub fn edit(&self, series: &Series) -> Result<Edit, FixError> {
        match *self {
            QuickFix::CombineRules { first, second } => {
                let incoming = series.incoming(second).count();
                combine_edit(series, first, second, incoming)
            }
            QuickFix::RuleToWait { rule, days } => rule_to_wait_edit(series, rule, days),
            QuickFix::RemoveTrailingWait { wait } => {
                let block = series.block(wait).ok_or(FixError::MissingBlock(wait))?;
                if !matches!(block.kind, BlockKind::Wait(_)) {
                    return Err(FixError::Changed(format!(
                        "{} is no longer a wait",
                        quote(&block.display_title())
                    )));
                }
                if series.outgoing(wait).next().is_some() {
                    return Err(FixError::Changed(format!(
                        "{} now leads somewhere",
                        quote(&block.display_title())
                    )));
                }
                Ok(Edit::Remove {
                    blocks: vec![wait],
                    connections: Vec::new(),
                })
            }
            QuickFix::ConnectColumns => connect_columns_edit(series),
        }
    }

    /// The message rules the connect fix would join into the path: the fix
    /// is offered on their findings (a first message with no campaign entry
    /// rules before it stays where customers enter).
    pub(super) fn connect_columns(series: &Series) -> BTreeSet<BlockId> {
        column_links(series)
            .map(|links| links.into_iter().map(|c| c.to).collect())
            .unwrap_or_default()
    }

    /// The combine fix for `first -output-> second`, when combining keeps every path
    /// as it was: the arrow is a match, nothing else leads into the second rule, the
    /// second does not lead back to the first, and not both have a "no match" arrow.
    pub(super) fn combine_rules(
        series: &Series,
        graph: &Graph,
        first: BlockId,
        output: Output,
        second: BlockId,
    ) -> Option<QuickFix> {
        if output != Output::Match {
            return None;
        }
        let incoming = graph.index(second).map_or(0, |v| graph.pred(v).len());
        combine_edit(series, first, second, incoming).ok()?;
        Some(QuickFix::CombineRules { first, second })
    }

    /// The wait fix, when the rule has no "no match" arrow a wait could not keep.
    pub(super) fn rule_to_wait(series: &Series, rule: BlockId, days: u32) -> Option<QuickFix> {
        rule_to_wait_edit(series, rule, days).ok()?;
        Some(QuickFix::RuleToWait { rule, days })
    }
}

fn rule_of(series: &Series, id: BlockId) -> Result<(&Block, &RuleBlock), FixError> {
    let block = series.block(id).ok_or(FixError::MissingBlock(id))?;
    let rule = block.as_rule().ok_or_else(|| {
        FixError::Changed(format!(
            "{} is no longer a rule",
            quote(&block.display_title())
        ))
    })?;
    Ok((block, rule))
}

/// `incoming_to_second`: how many arrows lead into the second rule (the caller may
/// know it without scanning every arrow).
fn combine_edit(
    series: &Series,
    first: BlockId,
    second: BlockId,
    incoming_to_second: usize,
) -> Result<Edit, FixError> {
    let (first_block, first_rule) = rule_of(series, first)?;
    let (second_block, second_rule) = rule_of(series, second)?;
    let changed = |why: &str| Err(FixError::Changed(why.to_string()));
    if series.target(first, Output::Match) != Some(second) {
        return changed(&format!(
            "{} no longer leads to {}",
            quote(&first_block.display_title()),
            quote(&second_block.display_title())
        ));
    }
    if incoming_to_second != 1 {
        return changed(&format!(
            "other blocks also lead into {}",
            quote(&second_block.display_title())
        ));
    }
    let moved: Vec<Connection> = series
        .outgoing(second)
        .map(|c| Connection::new(first, c.output, c.to))
        .collect();
    if moved.iter().any(|c| c.to == first) {
        return changed(&format!(
            "{} leads back to {}",
            quote(&second_block.display_title()),
            quote(&first_block.display_title())
        ));
    }
    let first_no_match = series.target(first, Output::NoMatch).is_some();
    if first_no_match && moved.iter().any(|c| c.output == Output::NoMatch) {
        return changed("both rules have a \"no match\" path");
    }
    let title = if first_block.title.trim().is_empty() {
        second_block.title.clone()
    } else {
        first_block.title.clone()
    };
    let combined = Block {
        title,
        pos: first_block.pos,
        kind: BlockKind::Rule(RuleBlock {
            filter: all_of(&first_rule.filter, &second_rule.filter),
            timing: longer(first_rule.timing, second_rule.timing),
            no_match_branch: first_rule.no_match_branch || second_rule.no_match_branch,
        }),
    };
    Ok(Edit::Batch(vec![
        // Removing the second rule also removes the arrow into it, freeing "match".
        Edit::Remove {
            blocks: vec![second],
            connections: Vec::new(),
        },
        Edit::Replace {
            id: first,
            block: combined,
        },
        Edit::Insert {
            blocks: Vec::new(),
            connections: moved,
        },
    ]))
}

/// Both filters' conditions under one `all`, without nesting `all` in `all`.
fn all_of(a: &Filter, b: &Filter) -> Filter {
    let mut items = Vec::new();
    for f in [a, b] {
        match f {
            Filter::All(inner) => items.extend(inner.iter().cloned()),
            other => items.push(other.clone()),
        }
    }
    Filter::All(items)
}

/// The longer time to try: customers get at least as long as either rule gave.
fn longer(a: RuleTiming, b: RuleTiming) -> RuleTiming {
    match (a, b) {
        (RuleTiming::Once, other) | (other, RuleTiming::Once) => other,
        (RuleTiming::For(x), RuleTiming::For(y)) => {
            if y.total_minutes() > x.total_minutes() {
                RuleTiming::For(y)
            } else {
                RuleTiming::For(x)
            }
        }
    }
}

fn rule_to_wait_edit(series: &Series, id: BlockId, days: u32) -> Result<Edit, FixError> {
    let (block, rule) = rule_of(series, id)?;
    if delay_days(&rule.filter) != Some(days) {
        return Err(FixError::Changed(format!(
            "{} no longer only waits {}",
            quote(&block.display_title()),
            Span::days(days)
        )));
    }
    if series.target(id, Output::NoMatch).is_some() {
        return Err(FixError::Changed(format!(
            "{} has a \"no match\" path, which a wait cannot keep",
            quote(&block.display_title())
        )));
    }
    let wait = Block {
        // A wait's card says what it does; the rule's title described an audience.
        title: String::new(),
        pos: block.pos,
        kind: BlockKind::Wait(WaitBlock::For(Span::days(days))),
    };
    let Some(next) = series.target(id, Output::Match) else {
        return Ok(Edit::Replace { id, block: wait });
    };
    Ok(Edit::Batch(vec![
        Edit::Remove {
            blocks: Vec::new(),
            connections: vec![crate::model::Port {
                block: id,
                output: Output::Match,
            }],
        },
        Edit::Replace { id, block: wait },
        Edit::Insert {
            blocks: Vec::new(),
            connections: vec![Connection::new(id, Output::Next, next)],
        },
    ]))
}

/// The arrows that join an imported series' columns in the campaign's order:
/// from the end of the path so far into each message rule that nothing leads
/// into yet. The path starts at the campaign's entry rules, the one rule the
/// import made that is not a message's (if the marketer removed it, at the
/// first message). Columns already joined by hand are followed, not changed.
fn column_links(series: &Series) -> Result<Vec<Connection>, FixError> {
    let origin = series
        .origin
        .as_ref()
        .ok_or_else(|| FixError::Changed("the series no longer comes from a campaign".into()))?;
    let message_rules: BTreeSet<BlockId> = origin.messages.iter().map(|m| m.rule_block).collect();
    let incoming = series.incoming_counts();
    let is_entry = |id: &BlockId| {
        series.block(*id).map(Block::kind) == Some(Kind::Rule)
            && incoming.get(id).is_none_or(|n| *n == 0)
    };
    let entry = series
        .blocks()
        .keys()
        .find(|id| !message_rules.contains(id) && is_entry(id));
    let mut used = BTreeSet::new();
    let mut tail = entry.and_then(|id| path_end(series, *id, &used));
    let mut links = Vec::new();
    for message in &origin.messages {
        let rule = message.rule_block;
        if series.block(rule).is_none() {
            continue;
        }
        if let Some(port) = tail
            && is_entry(&rule)
        {
            links.push(Connection::new(port.block, port.output, rule));
            used.insert(port);
        }
        tail = path_end(series, rule, &used).or(tail.filter(|p| !used.contains(p)));
    }
    Ok(links)
}

/// The free output at the end of the path from `start`, following each block's
/// first output (match, sent, next); `None` if it loops or every end is taken.
fn path_end(series: &Series, start: BlockId, used: &BTreeSet<Port>) -> Option<Port> {
    let mut at = start;
    for _ in 0..=series.len() {
        let output = *series.block(at)?.outputs().first()?;
        match series.target(at, output) {
            Some(next) => at = next,
            None => {
                let port = Port { block: at, output };
                return (!used.contains(&port)).then_some(port);
            }
        }
    }
    None
}

/// Joins the columns, then tidies the whole series, as one undo step.
fn connect_columns_edit(series: &Series) -> Result<Edit, FixError> {
    let links = column_links(series)?;
    if links.is_empty() {
        return Err(FixError::Changed(
            "the columns are already connected".into(),
        ));
    }
    let connect = Edit::Insert {
        blocks: Vec::new(),
        connections: links,
    };
    let mut joined = series.clone();
    connect
        .clone()
        .apply(&mut joined)
        .map_err(|e| FixError::Changed(e.to_string()))?;
    let mut edits = vec![connect];
    edits.extend(crate::tidy::tidy(&joined, None));
    Ok(Edit::Batch(edits))
}
