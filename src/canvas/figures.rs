//! Figures drawn over the series (Preview → Audience): under each card a
//! footer with what happened there (a simulated audience, and for an imported
//! series the campaign's own history), and on each arrow how many went along
//! it, its width following the count. The app works the words out once per
//! run; painting only lays out text the galley cache keeps.
//!
//! Footers sit just under a card's ports, over the start of its arrows and
//! under every card, so a card placed close below another hides the footer,
//! never the other way round. Below the readable zoom only the widths show.

use std::collections::{BTreeMap, HashMap};

use egui::{Color32, CornerRadius, Painter, Pos2, Rect, Response, Stroke, StrokeKind, pos2, vec2};

use super::card::{font, line, pill};
use super::layout::Scratch;
use super::style::{Palette, blend};
use crate::model::{BlockId, Port};

/// Where a line of figures comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The audience simulated in the app.
    Simulated,
    /// The campaign the series was imported from: what it really did.
    Campaign,
}

/// One line of a card's footer: "1,204 arrived · 980 sent".
#[derive(Debug, Clone, PartialEq)]
pub struct FigureLine {
    pub source: Source,
    pub text: String,
}

/// What the canvas shows of a simulation and a campaign's history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Per block, the lines of its footer, simulated first.
    pub cards: BTreeMap<BlockId, Vec<FigureLine>>,
    /// Per block, every counter in words, for the footer's tooltip.
    pub details: BTreeMap<BlockId, String>,
    /// Per arrow, by the output it leaves from: how many went along it.
    pub arrows: HashMap<Port, u64>,
    /// The largest arrow count: the widest arrow.
    pub most: u64,
    /// The simulated figures are of an earlier version of the series: grey.
    pub stale: bool,
}

/// The widest an arrow gets, in canvas units, over its plain width.
const EXTRA_WIDTH: f32 = 7.0;
/// Footer text size, line height and padding, in canvas units.
const TEXT: f32 = 11.5;
const ROW: f32 = 16.0;
const PAD: f32 = 5.0;
/// Room between a card's bottom edge and its footer: its ports sit there.
const GAP: f32 = 7.0;

impl Figures {
    /// The width of an arrow of plain width `width` (screen points): as wide
    /// as the count says, up to [`EXTRA_WIDTH`] more for the busiest; an arrow
    /// nobody took is thin. By area (the square root), so small flows still show.
    pub fn arrow_width(&self, port: Port, width: f32, zoom: f32) -> f32 {
        match self.arrows.get(&port) {
            None => width,
            Some(0) => (width * 0.5).max(1.0),
            Some(&n) => {
                let share = (n as f32 / self.most.max(1) as f32).sqrt();
                width + share * EXTRA_WIDTH * zoom.min(1.0)
            }
        }
    }

    /// The footer under a card on screen, for a footer of `rows` lines.
    fn footer(card: Rect, rows: usize, zoom: f32) -> Rect {
        let top = card.max.y + GAP * zoom;
        Rect::from_min_max(
            pos2(card.min.x + 4.0 * zoom, top),
            pos2(
                card.max.x - 4.0 * zoom,
                top + (rows as f32 * ROW + 2.0 * PAD) * zoom,
            ),
        )
    }
}

/// The colours of figures in one theme.
#[derive(Debug, Clone, Copy)]
pub struct FigurePalette {
    pub fill: Color32,
    pub border: Color32,
    /// Simulated figures, and a campaign's.
    pub text: Color32,
    pub campaign: Color32,
    /// Figures of an earlier version.
    pub stale_fill: Color32,
    pub stale_text: Color32,
}

impl FigurePalette {
    pub fn new(dark: bool) -> Self {
        let p = Palette::new(dark);
        let campaign = p.kind(crate::model::Kind::Split);
        FigurePalette {
            fill: blend(p.card, p.accent, if dark { 0.10 } else { 0.05 }),
            border: blend(p.card_border, p.accent, 0.6),
            text: p.title,
            campaign,
            stale_fill: p.background,
            stale_text: p.summary,
        }
    }
}

/// Footers under the cards on screen, and each arrow's count beside its head.
/// Between the arrows and the cards. A footer under the pointer tells every
/// counter in a tooltip.
pub fn paint(painter: &Painter, p: &Palette, response: &Response, s: &Scratch, figures: &Figures) {
    if !s.detailed() {
        return;
    }
    let z = s.zoom;
    let colours = FigurePalette::new(p.dark);
    let pointer = response.hover_pos();
    for a in &s.arrows {
        let Some(&n) = figures.arrows.get(&a.port) else {
            continue;
        };
        let pts = &s.points[a.points.clone()];
        let Some(at) = along(pts, 0.8) else {
            continue;
        };
        let ink = if figures.stale {
            colours.stale_text
        } else {
            p.title
        };
        pill(
            painter,
            at + vec2(6.0 * z, -8.0 * z),
            crate::text::grouped(n),
            10.5 * z,
            p.background,
            ink,
            false,
        );
    }
    for &i in &s.visible {
        let placed = &s.placed[i];
        let Some(lines) = figures.cards.get(&placed.id) else {
            continue;
        };
        let r = Figures::footer(s.screen_rect(placed), lines.len(), z);
        let stale = figures.stale && lines.iter().all(|l| l.source == Source::Simulated);
        let (fill, border) = if stale {
            (colours.stale_fill, p.card_border)
        } else {
            (colours.fill, colours.border)
        };
        painter.rect(
            r,
            CornerRadius::from(6.0 * z),
            fill,
            Stroke::new(1.0, border),
            StrokeKind::Inside,
        );
        for (row, l) in lines.iter().enumerate() {
            let ink = match l.source {
                Source::Simulated if figures.stale => colours.stale_text,
                Source::Simulated => colours.text,
                Source::Campaign => colours.campaign,
            };
            let galley = line(
                painter,
                l.text.clone(),
                font(TEXT * z),
                ink,
                r.width() - 2.0 * PAD * z,
            );
            let at = r.min + vec2(PAD, PAD + row as f32 * ROW) * z;
            painter.galley(at, galley, ink);
        }
        if pointer.is_some_and(|at| r.contains(at))
            && let Some(details) = figures.details.get(&placed.id)
        {
            response.clone().on_hover_text_at_pointer(details);
        }
    }
}

/// The point `t` (0 to 1) of the way along a polyline, by length.
fn along(pts: &[Pos2], t: f32) -> Option<Pos2> {
    let total: f32 = pts.windows(2).map(|w| (w[1] - w[0]).length()).sum();
    let mut left = total * t;
    for w in pts.windows(2) {
        let d = (w[1] - w[0]).length();
        if d >= left && d > 0.0 {
            return Some(w[0] + (w[1] - w[0]) * (left / d));
        }
        left -= d;
    }
    pts.last().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Output;

    fn port(block: u64) -> Port {
        Port {
            block: BlockId(block),
            output: Output::Next,
        }
    }

    #[test]
    fn arrows_widen_with_their_count_and_one_nobody_took_is_thin() {
        let figures = Figures {
            arrows: HashMap::from([(port(1), 100), (port(2), 25), (port(3), 0)]),
            most: 100,
            ..Figures::default()
        };
        let w = |b| figures.arrow_width(port(b), 2.0, 1.0);
        assert_eq!(w(1), 2.0 + EXTRA_WIDTH);
        // A quarter of the busiest flow: half the extra width (by area).
        assert_eq!(w(2), 2.0 + EXTRA_WIDTH / 2.0);
        assert_eq!(w(3), 1.0);
        // An arrow the run did not know (drawn after it): as it was.
        assert_eq!(w(4), 2.0);
    }

    #[test]
    fn a_point_along_a_line_is_measured_by_length() {
        let pts = [pos2(0.0, 0.0), pos2(0.0, 10.0), pos2(30.0, 10.0)];
        assert_eq!(along(&pts, 0.5), Some(pos2(10.0, 10.0)));
        assert_eq!(along(&pts, 0.0), Some(pos2(0.0, 0.0)));
        assert_eq!(along(&[], 0.5), None);
    }
}
