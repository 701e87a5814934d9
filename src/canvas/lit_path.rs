//! A test customer's way through the series drawn over it (the Preview
//! panel): the cards they reached and the arrows they took are lit, the rest
//! of the series is dimmed under a veil of the canvas' own colour.

use std::collections::BTreeSet;

use egui::{Color32, vec2};

use super::layout::Scratch;
use super::mesh::Ink;
use super::paint::{arrow_head, arrow_width};
use super::style::Palette;
use crate::model::{BlockId, BlockKind, Output, Port, Series};
use crate::simulate::{SplitChoice, Trace, What, split_choice};

/// The blocks a customer reached and the arrows they took.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LitPath {
    pub blocks: BTreeSet<BlockId>,
    /// By the output they leave from.
    pub arrows: BTreeSet<Port>,
}

impl LitPath {
    /// The way of one customer: every block a step names, and every arrow
    /// from a step's output to a block they then reached.
    pub fn of(series: &Series, trace: &Trace) -> Self {
        let blocks: BTreeSet<BlockId> = trace.steps.iter().filter_map(|s| s.block).collect();
        let mut arrows = BTreeSet::new();
        for step in &trace.steps {
            let Some(block) = step.block else {
                continue;
            };
            let outputs: Vec<Output> = match step.what {
                What::Entered | What::Matched => vec![Output::Match],
                What::NoMatch => vec![Output::NoMatch],
                What::Sent => vec![Output::Sent],
                What::NotSent => vec![Output::NotSent],
                What::Passed | What::TagAdded | What::TagRemoved => vec![Output::Next],
                // Each customer always takes the same branch of a split test.
                What::Branch => match series.block(block).map(|b| &b.kind) {
                    Some(BlockKind::Split(split)) => {
                        match split_choice(&trace.customer, block, split) {
                            SplitChoice::Branch(i) => {
                                u8::try_from(i).map(Output::Branch).into_iter().collect()
                            }
                            SplitChoice::Control | SplitChoice::Nowhere => Vec::new(),
                        }
                    }
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            for output in outputs {
                if series
                    .target(block, output)
                    .is_some_and(|to| blocks.contains(&to))
                {
                    arrows.insert(Port { block, output });
                }
            }
        }
        LitPath { blocks, arrows }
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

/// The colours of a lit path in one theme.
#[derive(Debug, Clone, Copy)]
pub struct LitPalette {
    /// The lit arrows and the rings round lit cards.
    pub path: Color32,
    /// Laid over what is not on the path.
    pub veil: Color32,
}

impl LitPalette {
    pub fn new(dark: bool) -> Self {
        let p = Palette::new(dark);
        let path = if dark {
            Color32::from_rgb(0x2e, 0xd3, 0xc6)
        } else {
            Color32::from_rgb(0x0b, 0x8f, 0x86)
        };
        // Dimmed, not hidden: the rest of the series still reads as context.
        let alpha = if dark { 0.62 } else { 0.6 };
        LitPalette {
            path,
            veil: p.background.gamma_multiply(alpha),
        }
    }
}

/// Over the arrows, under the cards: a veil over the whole canvas, the lit
/// arrows again, bright and a little wider, and a ring round each lit card
/// (under the cards, so the pills over their edge, "Entry" and the badges,
/// stay whole). Into `ink`'s mesh, as the canvas' own arrows: a long path on
/// a big series is thousands of them.
pub fn paint_under_cards(ink: &mut Ink, s: &Scratch, lit: &LitPath, colours: &LitPalette) {
    ink.mesh.add_colored_rect(s.viewport, colours.veil);
    let lit_width = arrow_width(s.zoom) + 1.5;
    for a in s.arrows.iter().filter(|a| lit.arrows.contains(&a.port)) {
        let pts = &s.points[a.points.clone()];
        ink.line(pts, lit_width, colours.path);
        if let Some(head) = pts.last().and_then(|last| arrow_head(*last, s.zoom, 1.0)) {
            ink.polygon(head.into_iter(), colours.path);
        }
    }
    let z = s.zoom;
    let ring_width = (3.0 * z).clamp(1.5, 4.0);
    for &i in &s.visible {
        let p = &s.placed[i];
        if !lit.blocks.contains(&p.id) {
            continue;
        }
        // Round the card's own corners, half a ring's width out.
        let outer = s.screen_rect(p).expand(ring_width * 0.5 + 1.0);
        ink.ring(outer, 10.0 * z + ring_width * 0.5, ring_width, colours.path);
    }
}

/// Over the cards: those off the path under the veil; into `ink`'s mesh.
pub fn paint_over_cards(ink: &mut Ink, s: &Scratch, lit: &LitPath, colours: &LitPalette) {
    let z = s.zoom;
    for &i in &s.visible {
        let p = &s.placed[i];
        if lit.blocks.contains(&p.id) {
            continue;
        }
        // The pills above a card (Entry, badges) are dimmed with it.
        let r = s.screen_rect(p);
        let veiled = r.expand2(vec2(2.0, 2.0)).with_min_y(r.min.y - 12.0 * z);
        ink.rounded(veiled, 10.0 * z, colours.veil);
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::model::{Block, Connection, Kind, Pos, SplitBlock};
    use crate::simulate::{Customer, Simulation};

    /// Entry → split; branch A → a tag → the end tag, branch B → straight
    /// to the end tag: whoever takes A reaches B's block too, by another way.
    fn split_series() -> Series {
        let mut s = Series::new("split");
        let mut add = |kind: Kind| {
            let id = s.allocate_id();
            s.insert_block(id, Block::new_of_kind(kind, Pos::default()))
                .unwrap();
            id
        };
        let (entry, split, a, end) = (
            add(Kind::Rule),
            add(Kind::Split),
            add(Kind::Tag),
            add(Kind::Tag),
        );
        s.block_mut(split).unwrap().kind = BlockKind::Split(SplitBlock {
            branches: vec![50, 50],
            control: None,
        });
        for c in [
            Connection::new(entry, Output::Match, split),
            Connection::new(split, Output::Branch(0), a),
            Connection::new(split, Output::Branch(1), end),
            Connection::new(a, Output::Next, end),
        ] {
            s.connect(c).unwrap();
        }
        s
    }

    #[test]
    fn the_path_lights_only_the_branch_taken() {
        let s = split_series();
        let (entry, split, a, end) = (BlockId(1), BlockId(2), BlockId(3), BlockId(4));
        let BlockKind::Split(block) = &s.block(split).unwrap().kind else {
            unreachable!()
        };
        let sim = Simulation::new(
            &s,
            Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
            2,
            0,
        );
        let port = |block, output| Port { block, output };
        let mut taken_ever = BTreeSet::new();
        for id in ["ana", "bo", "cy", "di", "ed", "flo", "gus", "hal"] {
            let trace = sim.trace(&Customer::new(id)).unwrap();
            let lit = LitPath::of(&s, &trace);
            let SplitChoice::Branch(taken) = split_choice(id, split, block) else {
                unreachable!("no control group")
            };
            taken_ever.insert(taken);
            assert!(lit.arrows.contains(&port(entry, Output::Match)), "{id}");
            assert!(lit.blocks.contains(&end), "{id}");
            if taken == 0 {
                assert!(lit.blocks.contains(&a), "{id}");
                assert!(lit.arrows.contains(&port(split, Output::Branch(0))), "{id}");
                assert!(lit.arrows.contains(&port(a, Output::Next)), "{id}");
                // They reached the end tag, but not by branch B.
                assert!(
                    !lit.arrows.contains(&port(split, Output::Branch(1))),
                    "{id}"
                );
            } else {
                assert!(!lit.blocks.contains(&a), "{id}");
                assert!(lit.arrows.contains(&port(split, Output::Branch(1))), "{id}");
                assert!(
                    !lit.arrows.contains(&port(split, Output::Branch(0))),
                    "{id}"
                );
            }
        }
        assert_eq!(taken_ever.len(), 2, "both branches were tried");
    }
}
