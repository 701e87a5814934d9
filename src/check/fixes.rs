//! Quick fixes: for findings whose remedy is plain, the [`Edit`] that makes it, so
//! a fix lands in the undo history like any other change. A fix is worked out
//! again from the series it is applied to, and refused if that no longer fits.

use super::graph::Graph;
use super::quote;
use super::rules::delay_days;
use crate::edit::Edit;
use crate::model::{
    Block, BlockId, BlockKind, Connection, Filter, Output, RuleBlock, RuleTiming, Series, Span,
    WaitBlock,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuickFix {
    /// `consecutive-rules`: one rule with both rules' conditions; the second goes.
    CombineRules { first: BlockId, second: BlockId },
    /// `rule-used-as-delay`: the rule becomes a wait of the same number of days.
    RuleToWait { rule: BlockId, days: u32 },
    /// `trailing-wait`: the wait goes.
    RemoveTrailingWait { wait: BlockId },
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
        }
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
