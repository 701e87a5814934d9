//! What the figures under the cards say: a simulated audience's counts per
//! block, in a marketer's words, and for an imported series each message's
//! campaign history, told the same way so the two compare at a glance.
//! Worked out once per run (and when the campaign history changes), never per
//! frame.

use std::collections::BTreeMap;

use super::audience::Ran;
use crate::canvas::{FigureLine, Figures, Source};
use crate::model::{Kind, Series};
use crate::simulate::{BlockCounts, Counter, Reaction};
use crate::text::grouped;

/// The figures of `ran` (on the series it ran on) and of the campaign the
/// series came from, per block and arrow.
pub fn figures(series: &Series, ran: Option<&Ran>) -> Figures {
    let mut f = Figures::default();
    if let Some(ran) = ran {
        for (id, counts) in ran.blocks.iter().zip(&ran.counts.blocks) {
            let Some(block) = ran.series.block(*id) else {
                continue;
            };
            let kind = block.kind();
            if !kind.on_paths() {
                continue;
            }
            let lines = simulated(kind, counts)
                .into_iter()
                .map(|text| FigureLine {
                    source: Source::Simulated,
                    text,
                })
                .collect();
            f.cards.insert(*id, lines);
            f.details.insert(*id, details(kind, counts));
        }
        for (arrow, n) in ran.arrows.iter().zip(&ran.counts.arrows) {
            f.arrows.insert(arrow.port(), *n);
            f.most = f.most.max(*n);
        }
    }
    for m in series.origin.iter().flat_map(|o| &o.messages) {
        let text = format!("Campaign: {}", campaign(&m.stats));
        let detail = format!(
            "The campaign's '{}':\n{}",
            m.title,
            m.stats
                .iter()
                .map(|(what, n)| format!("{} {what}", grouped(*n)))
                .collect::<Vec<_>>()
                .join("\n")
        );
        f.cards
            .entry(m.content_block)
            .or_default()
            .push(FigureLine {
                source: Source::Campaign,
                text,
            });
        let details = f.details.entry(m.content_block).or_default();
        if !details.is_empty() {
            details.push_str("\n\n");
        }
        details.push_str(&detail);
    }
    f
}

/// A block's footer, two lines at most so it stays clear of the card below:
/// what arrived and what came of it; then for a message, how many of those
/// it reached reacted, for other blocks how many paths ended or still wait here.
fn simulated(kind: Kind, c: &BlockCounts) -> Vec<String> {
    let n = |counter| c.get(counter);
    let mut first = vec![format!("{} arrived", grouped(n(Counter::Arrived)))];
    let mut more = |counter: Counter, words: &str, always: bool| {
        if always || n(counter) > 0 {
            first.push(format!("{} {words}", grouped(n(counter))));
        }
    };
    match kind {
        Kind::Rule => {
            more(Counter::Matched, "matched", true);
            more(Counter::NoMatch, "no match", false);
            more(Counter::TimedOut, "timed out", false);
        }
        Kind::Content => {
            more(Counter::Sent, "sent", true);
            more(Counter::NotSent, "not sent", false);
            more(Counter::TimedOut, "timed out", false);
        }
        Kind::Wait => more(Counter::Passed, "waited", true),
        Kind::Tag => more(Counter::Applied, "tagged", true),
        Kind::Split => more(Counter::Control, "in control", false),
        Kind::Note => {}
    }
    let mut lines = vec![first.join(" · ")];
    let sent = n(Counter::Sent);
    if kind == Kind::Content && sent > 0 {
        let reactions: Vec<String> = Reaction::ALL
            .into_iter()
            .map(|r| (r, reaction_counter(r)))
            .filter(|(r, counter)| *r == Reaction::Opened || n(*counter) > 0)
            .map(|(r, counter)| format!("{} {}", percent(n(counter), sent), r.name()))
            .collect();
        lines.push(reactions.join(" · "));
    }
    // How many ended or still wait here: on the second line where a message's
    // reactions do not take it (its tooltip says them anyway).
    if lines.len() == 1 {
        let ends: Vec<String> = [
            (Counter::EndedHere, "ended here"),
            (Counter::WaitingAtEnd, "still here"),
        ]
        .into_iter()
        .filter(|(counter, _)| n(*counter) > 0)
        .map(|(counter, words)| format!("{} {words}", grouped(n(counter))))
        .collect();
        if !ends.is_empty() {
            lines.push(ends.join(" · "));
        }
    }
    lines
}

fn reaction_counter(r: Reaction) -> Counter {
    match r {
        Reaction::Opened => Counter::Opened,
        Reaction::Clicked => Counter::Clicked,
        Reaction::Replied => Counter::Replied,
        Reaction::Completed => Counter::Completed,
        Reaction::Dismissed => Counter::Dismissed,
    }
}

/// Every counter that applies to the block, zeros too: the footer's tooltip.
fn details(kind: Kind, c: &BlockCounts) -> String {
    let mut lines = vec!["Simulated:".to_string()];
    lines.extend(
        Counter::ALL
            .into_iter()
            .filter(|counter| counter.applies_to(kind))
            .map(|counter| format!("{} {}", grouped(c.get(counter)), counter.words())),
    );
    lines.join("\n")
}

/// A campaign message's history the way a simulated message is told: how
/// many it was sent to, then every other counter as a share of those.
fn campaign(stats: &BTreeMap<String, u64>) -> String {
    let Some(&sent) = stats.get("sent") else {
        return if stats.is_empty() {
            "no figures in the export".into()
        } else {
            stats
                .iter()
                .map(|(what, n)| format!("{} {}", grouped(*n), words(what)))
                .collect::<Vec<_>>()
                .join(" · ")
        };
    };
    let mut parts = vec![format!("{} sent", grouped(sent))];
    // The reactions first, in the order a simulated message shows them.
    let order = |what: &str| {
        Reaction::ALL
            .iter()
            .position(|r| r.name() == what)
            .unwrap_or(Reaction::ALL.len())
    };
    let mut rest: Vec<(&String, &u64)> = stats.iter().filter(|(w, _)| *w != "sent").collect();
    rest.sort_by_key(|(what, _)| order(what));
    for (what, n) in rest {
        parts.push(format!("{} {}", percent(*n, sent), words(what)));
    }
    parts.join(" · ")
}

/// A counter's name in words: "goal_hit" → "goal hit".
fn words(name: &str) -> String {
    name.replace('_', " ")
}

/// A share of a whole, as a marketer reads it: "61 %", "0.4 %", "<0.1 %".
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0 %".into();
    }
    let p = part as f64 * 100.0 / whole as f64;
    match p {
        0.0 => "0 %".into(),
        p if p < 0.1 => "<0.1 %".into(),
        p if p < 10.0 => format!("{p:.1} %"),
        p => format!("{p:.0} %"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(Counter, u64)]) -> BlockCounts {
        let mut c = BlockCounts::default();
        for (counter, n) in pairs {
            c.add(*counter, *n);
        }
        c
    }

    #[test]
    fn a_message_says_what_arrived_what_was_sent_and_who_reacted() {
        let c = counts(&[
            (Counter::Arrived, 1_204),
            (Counter::Sent, 1_000),
            (Counter::TimedOut, 204),
            (Counter::Opened, 612),
            (Counter::Clicked, 4),
            (Counter::WaitingAtEnd, 3),
        ]);
        assert_eq!(
            simulated(Kind::Content, &c),
            vec![
                "1,204 arrived · 1,000 sent · 204 timed out",
                "61 % opened · 0.4 % clicked",
            ]
        );
        let wait = counts(&[
            (Counter::Arrived, 9),
            (Counter::Passed, 4),
            (Counter::EndedHere, 1),
            (Counter::WaitingAtEnd, 3),
        ]);
        assert_eq!(
            simulated(Kind::Wait, &wait),
            vec!["9 arrived · 4 waited", "1 ended here · 3 still here"]
        );
    }

    #[test]
    fn a_rule_always_says_how_many_matched_even_none() {
        let c = counts(&[(Counter::Arrived, 7)]);
        assert_eq!(simulated(Kind::Rule, &c), vec!["7 arrived · 0 matched"]);
        assert_eq!(simulated(Kind::Wait, &c), vec!["7 arrived · 0 waited"]);
    }

    #[test]
    fn a_campaign_message_is_told_as_shares_of_what_it_sent() {
        let stats: BTreeMap<String, u64> = [
            ("sent", 1204),
            ("opened", 731),
            ("clicked", 212),
            ("goal_hit", 96),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(
            campaign(&stats),
            "1,204 sent · 61 % opened · 18 % clicked · 8.0 % goal hit"
        );
        assert_eq!(campaign(&BTreeMap::new()), "no figures in the export");
    }

    #[test]
    fn shares_keep_small_ones_visible() {
        assert_eq!(percent(1, 3), "33 %");
        assert_eq!(percent(1, 2_000), "<0.1 %");
        assert_eq!(percent(0, 10), "0 %");
        assert_eq!(percent(5, 0), "0 %");
    }
}
