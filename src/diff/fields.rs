//! The fields a diff compares and their words. Fields are compared by value and
//! told with the model's summaries; one line per field and one arm per kind of
//! block, so a new field or kind is one more line or arm.

use crate::check::{is_untitled_step, name_of, quote};
use crate::model::{
    Block, BlockId, BlockKind, CampaignOrigin, Connection, ContentType, Filter, RuleTiming, Series,
};

use super::{ArrowDiff, Change};

/// One field that differs, with both values in words.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// A stable name for scripts: `subject`, `send_for`, `exit_rules`.
    pub key: &'static str,
    /// What a marketer calls it; empty where the values say it ("Wait 1 day").
    pub label: &'static str,
    pub old: String,
    pub new: String,
}

impl FieldChange {
    /// "subject 'Welcome' → 'Welcome to Acme'".
    pub fn words(&self) -> String {
        let change = if self.old == self.new {
            // Values that differ yet read alike (an engagement condition now about
            // another message of the same title): still told, never hidden.
            format!("{} (changed, though it reads the same)", self.old)
        } else {
            format!("{} → {}", self.old, self.new)
        };
        if self.label.is_empty() {
            change
        } else {
            format!("{} {change}", self.label)
        }
    }
}

/// Collects the fields that differ between two versions of one thing.
struct Fields<'a> {
    old: &'a Series,
    new: &'a Series,
    changes: Vec<FieldChange>,
}

impl<'a> Fields<'a> {
    fn new(old: &'a Series, new: &'a Series) -> Self {
        Fields {
            old,
            new,
            changes: Vec::new(),
        }
    }

    /// Compares one field; `words` tells a value, with the series it is from
    /// (engagement conditions name blocks by their title in that version).
    fn field<T: PartialEq + ?Sized>(
        &mut self,
        key: &'static str,
        label: &'static str,
        old: &T,
        new: &T,
        words: impl Fn(&T, &Series) -> String,
    ) {
        self.field_if(old != new, key, label, old, new, words);
    }

    /// Like [`Fields::field`], where only part of the values counts.
    fn field_if<T: ?Sized>(
        &mut self,
        differs: bool,
        key: &'static str,
        label: &'static str,
        old: &T,
        new: &T,
        words: impl Fn(&T, &Series) -> String,
    ) {
        if differs {
            self.changes.push(FieldChange {
                key,
                label,
                old: words(old, self.old),
                new: words(new, self.new),
            });
        }
    }
}

/// Name, status, settings and the campaign it came from.
pub(super) fn series_fields(old: &Series, new: &Series) -> Vec<FieldChange> {
    let mut f = Fields::new(old, new);
    f.field("name", "series name", &old.name, &new.name, |n, _| {
        quoted(n)
    });
    f.field("status", "status", &old.status, &new.status, |s, _| {
        s.label().into()
    });
    f.field(
        "went_live_at",
        "went live",
        &old.went_live_at,
        &new.went_live_at,
        |at, _| match at {
            Some(at) => at.format("%-d %b %Y, %H:%M UTC").to_string(),
            None => "not yet".into(),
        },
    );
    let (a, b) = (&old.settings, &new.settings);
    f.field(
        "exit_rules",
        "exit rules",
        &a.exit_rules,
        &b.exit_rules,
        |rules, s| {
            let words = s.settings.exit_rules_summary(&|id| s.title_of(id));
            // "none" is a word, not a filter: left unquoted.
            if rules.is_empty() {
                words
            } else {
                quote(&words)
            }
        },
    );
    match (&a.goal, &b.goal) {
        (Some(x), Some(y)) => {
            let differs = x.rules != y.rules || x.within_days != y.within_days;
            f.field_if(differs, "goal", "goal", x, y, |g, s| {
                quote(&g.summary(&|id| s.title_of(id)))
            });
            f.field(
                "exit_on_goal",
                "",
                &x.exit_on_goal,
                &y.exit_on_goal,
                |leave, _| {
                    if *leave {
                        "customers who hit the goal leave".into()
                    } else {
                        "customers who hit the goal stay".into()
                    }
                },
            );
        }
        (x, y) => f.field("goal", "goal", x, y, |goal, s| match goal {
            None => "none".into(),
            Some(g) => {
                let stay = if g.exit_on_goal { "leave" } else { "stay" };
                format!(
                    "{}, customers who hit it {stay}",
                    quote(&g.summary(&|id| s.title_of(id)))
                )
            }
        }),
    }
    f.field(
        "disengagement",
        "disengagement",
        &a.disengagement,
        &b.disengagement,
        |d, _| d.summary(),
    );
    f.field("reentry", "re-entry", &a.reentry, &b.reentry, |r, _| {
        r.label().into()
    });
    f.field(
        "time_zone",
        "time zone",
        &a.time_zone,
        &b.time_zone,
        |z, _| z.clone(),
    );
    match (&old.origin, &new.origin) {
        (Some(x), Some(y)) => {
            // The campaign's history (stats) is kept for reference only.
            let differs = x.campaign_id != y.campaign_id || x.campaign_name != y.campaign_name;
            f.field_if(differs, "campaign", "imported from", x, y, |o, _| {
                campaign(o)
            });
            f.field(
                "go_live_choice",
                "campaign choice",
                &x.go_live_choice,
                &y.go_live_choice,
                |c, _| c.label().into(),
            );
        }
        (x, y) => f.field_if(
            x.is_some() != y.is_some(),
            "campaign",
            "imported from",
            x,
            y,
            |o, _| o.as_ref().map_or_else(|| "no campaign".into(), campaign),
        ),
    }
    f.changes
}

/// The fields of one block that differ; its place on the canvas is not one.
pub(super) fn block_fields(
    old_series: &Series,
    new_series: &Series,
    id: BlockId,
    old: &Block,
    new: &Block,
) -> Vec<FieldChange> {
    let mut f = Fields::new(old_series, new_series);
    f.field("title", "title", &old.title, &new.title, |t, _| quoted(t));
    match (&old.kind, &new.kind) {
        (BlockKind::Rule(a), BlockKind::Rule(b)) => {
            f.field("filter", "filter", &a.filter, &b.filter, filter);
            f.field(
                "timing",
                "how long to try",
                &a.timing,
                &b.timing,
                |t, _| match t {
                    RuleTiming::Once => "once, when they arrive".into(),
                    RuleTiming::For(span) => format!("up to {span}"),
                },
            );
            f.field(
                "no_match_path",
                "'no match' path",
                &a.no_match_branch,
                &b.no_match_branch,
                on_off,
            );
        }
        (BlockKind::Content(a), BlockKind::Content(b)) => {
            f.field(
                "content_type",
                "type",
                &a.content_type,
                &b.content_type,
                |t, _| t.label().into(),
            );
            // Only emails have a subject; other types keep theirs unused.
            if a.content_type == ContentType::Email || b.content_type == ContentType::Email {
                f.field("subject", "subject", &a.subject, &b.subject, |t, _| {
                    quoted(t)
                });
            }
            f.field("body", "message", &a.body, &b.body, |t, _| quoted(t));
            f.field(
                "send_for",
                "try to send for",
                &a.send_for,
                &b.send_for,
                |s, _| s.to_string(),
            );
            f.field(
                "not_sent_path",
                "'not sent' path",
                &a.not_sent_branch,
                &b.not_sent_branch,
                on_off,
            );
            f.field(
                "send_window",
                "send window",
                &a.send_window,
                &b.send_window,
                |w, s| match w {
                    Some(w) => w.words(&s.settings.time_zone),
                    None => "any time".into(),
                },
            );
        }
        (BlockKind::Wait(a), BlockKind::Wait(b)) => {
            f.field("wait", "", a, b, |w, s| w.summary(&s.settings.time_zone))
        }
        (BlockKind::Tag(a), BlockKind::Tag(b)) => f.field("tag", "", a, b, |t, _| t.summary()),
        (BlockKind::Split(a), BlockKind::Split(b)) => {
            f.field("split", "", a, b, |split, _| split.summary());
        }
        (BlockKind::Note(a), BlockKind::Note(b)) => {
            f.field("text", "text", &a.text, &b.text, |t, _| quoted(t));
            f.field("colour", "colour", &a.colour, &b.colour, |c, _| {
                c.label().to_lowercase()
            });
            f.field("size", "size", &a.size, &b.size, |size, _| {
                format!("{:.0}×{:.0}", size.w, size.h)
            });
        }
        // Only a hand-edited file changes a block's kind.
        _ => f.field_if(true, "kind", "kind", old, new, |b, s| what(s, id, b)),
    }
    f.changes
}

/// How messages name a block, quoted: its title, or what it does.
pub(super) fn name(series: &Series, id: BlockId) -> String {
    match series.block(id) {
        Some(b) => name_of(series, id, b),
        None => format!("block {id}"),
    }
}

/// How a changed block is named: an untitled wait or tag by its kind, since
/// what it does is the change ("'Wait' (block 3): Wait 1 day → Wait 2 days").
pub(super) fn changed_name(series: &Series, id: BlockId, block: &Block) -> String {
    if is_untitled_step(block) {
        quote(&block.display_title())
    } else {
        name(series, id)
    }
}

/// What a block is, for one that was added or removed: "Email message",
/// "rule: plan is pro (waits up to 2 days)", "Wait 1 day".
pub(super) fn what(series: &Series, id: BlockId, block: &Block) -> String {
    match &block.kind {
        BlockKind::Content(c) => format!("{} message", c.content_type.label()),
        BlockKind::Rule(_) => format!("rule: {}", series.block_summary(id)),
        BlockKind::Wait(_) | BlockKind::Tag(_) => series.block_summary(id),
        BlockKind::Split(split) => format!("split test: {}", split.summary()),
        BlockKind::Note(_) => format!("note: {}", quoted(&series.block_summary(id))),
    }
}

/// "arrow 'Welcome Chat' not sent → 'Need a hand?'", named from `series`.
pub(super) fn arrow(series: &Series, change: Change, c: Connection) -> ArrowDiff {
    ArrowDiff {
        change,
        arrow: c,
        words: format!(
            "arrow {} {} → {}",
            name(series, c.from),
            c.output.label(),
            name(series, c.to)
        ),
    }
}

fn filter(filter: &Filter, series: &Series) -> String {
    quote(&filter.summary(&|id| series.title_of(id)))
}

fn campaign(origin: &CampaignOrigin) -> String {
    format!(
        "campaign {} ({})",
        quote(&origin.campaign_name),
        origin.campaign_id
    )
}

fn on_off(on: &bool, _: &Series) -> String {
    if *on { "on" } else { "off" }.into()
}

/// Free text in quotes, on one line and whole (a cut could hide what changed):
/// line breaks show as ↵ so a change in them can be seen.
fn quoted(text: &str) -> String {
    crate::text::quote_whole(&text.replace("\r\n", "↵").replace(['\n', '\r'], "↵"))
}
