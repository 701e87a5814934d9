//! A test customer's way through the series drawn over it (the Preview
//! panel): the cards they reached and the arrows they took are lit, the rest
//! of the series is dimmed under a veil of the canvas' own colour.

use std::collections::BTreeSet;

use egui::{Color32, CornerRadius, Painter, Stroke, StrokeKind, vec2};

use super::layout::Scratch;
use super::paint::arrow_head;
use super::style::Palette;
use crate::model::{BlockId, Output, Port, Series};
use crate::simulate::{Trace, What};

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
                // The branch taken is the one whose block they reached.
                What::Branch => series
                    .outgoing(block)
                    .map(|c| c.output)
                    .filter(|o| matches!(o, Output::Branch(_)))
                    .collect(),
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

/// Over the arrows, under the cards: a veil over the whole canvas, then the
/// lit arrows again, bright and a little wider.
pub fn paint_arrows(painter: &Painter, s: &Scratch, lit: &LitPath, colours: &LitPalette) {
    painter.rect_filled(s.viewport, 0.0, colours.veil);
    let width = (2.0 * s.zoom).clamp(1.0, 4.0) + 1.5;
    for a in s.arrows.iter().filter(|a| lit.arrows.contains(&a.port)) {
        let pts = &s.points[a.points.clone()];
        painter.add(egui::Shape::line(
            pts.to_vec(),
            Stroke::new(width, colours.path),
        ));
        if let Some(head) = pts.last().and_then(|last| arrow_head(*last, s.zoom, 1.0)) {
            painter.add(egui::Shape::convex_polygon(
                head.to_vec(),
                colours.path,
                Stroke::NONE,
            ));
        }
    }
}

/// Over the cards: the cards off the path under the veil, a ring round each
/// card on it.
pub fn paint_cards(painter: &Painter, s: &Scratch, lit: &LitPath, colours: &LitPalette) {
    let z = s.zoom;
    let width = (3.0 * z).clamp(1.5, 4.0);
    for &i in &s.visible {
        let p = &s.placed[i];
        let r = s.screen_rect(p);
        if lit.blocks.contains(&p.id) {
            painter.rect_stroke(
                r.expand(width * 0.5 + 1.0),
                CornerRadius::from(10.0 * z + width),
                Stroke::new(width, colours.path),
                StrokeKind::Outside,
            );
        } else {
            // The pills above a card (Entry, badges) are dimmed with it.
            let veiled = r.expand2(vec2(2.0, 2.0)).with_min_y(r.min.y - 12.0 * z);
            painter.rect_filled(veiled, CornerRadius::from(10.0 * z), colours.veil);
        }
    }
}
