//! Cards at every distance: readable cards with icon, title, summary, ports and
//! badges; far-away cards as rounded shapes with a small title; and, by the
//! thousand, flat tinted quads.

use std::collections::HashMap;
use std::sync::Arc;

use egui::epaint::{Mesh, RectShape};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, CornerRadius, FontId, Galley, Painter, Pos2, Rect, Shape, Vec2, pos2, vec2};

use super::layout::{Hit, LINE, Placed, Scratch, card_size, has_second_line};
use super::mesh::{Ink, fill_convex, rounded};
use super::style::{IconPart, Palette, blend, icon_parts};
use super::{Badges, Tone};
use crate::model::{Block, BlockId, BlockKind, Kind, Series};

/// Far-away cards show their title, at a fixed readable size, from this zoom.
pub const PLAIN_TITLE_ZOOM: f32 = 0.3;
const PLAIN_TITLE_SIZE: f32 = 10.5;
/// Zoom from which a card shows its one-line summary (6 px), not just its title.
const SUMMARY_ZOOM: f32 = 0.5;
/// From this zoom cards get their soft shadow and ringed ports; below it,
/// where neither can be told apart, plainer shapes keep hundreds of cards quick.
pub(super) const FINE_ZOOM: f32 = 0.75;
/// A readable card's title at 100 %.
pub const TITLE_SIZE: f32 = 14.5;

/// A card too small to read, but few enough on screen to draw nicely: its
/// kind's colour, its title at a small fixed size, a grey bar for its summary.
/// Shapes go into `mesh`; the title is laid out as text.
#[allow(clippy::too_many_arguments)]
pub fn rounded_plain_card(
    mesh: &mut Mesh,
    painter: &Painter,
    pal: &Palette,
    s: &Scratch,
    p: &Placed,
    selected: bool,
    badges: &Badges,
    title: Option<String>,
    aa: f32,
    pts: &mut Vec<Pos2>,
) {
    let z = s.zoom;
    let r = s.screen_rect(p);
    let (border, width) = if selected {
        (pal.accent, 2.0)
    } else {
        (pal.card_border, 1.0)
    };
    let radius = (10.0 * z).max(2.0);
    fill_convex(mesh, rounded(r, radius, pts), border, aa);
    fill_convex(
        mesh,
        rounded(r.shrink(width), radius - width, pts),
        pal.card,
        aa,
    );
    let chip = Rect::from_min_size(r.min + vec2(12.0, 12.0) * z, Vec2::splat(28.0) * z);
    fill_convex(mesh, rounded(chip, 7.0 * z, pts), pal.kind(p.kind), aa);
    let mut bar = |x: f32, y: f32, w: f32, h: f32, c: Color32| {
        let b = Rect::from_min_size(r.min + vec2(x, y) * z, vec2(w, h) * z);
        fill_convex(mesh, rounded(b, h * z / 2.0, pts), c, aa);
    };
    let ink = pal.card_border;
    bar(12.0, 50.0, 180.0, 10.0, ink);
    if p.is_entry() {
        bar(12.0, -5.0, 40.0, 10.0, pal.entry());
    }
    match title {
        Some(title) => {
            let room = r.max.x - chip.max.x - 8.0 * z - 4.0;
            let font = FontId::proportional(PLAIN_TITLE_SIZE);
            let galley = line(painter, title, font, pal.title, room);
            let at = pos2(chip.max.x + 4.0, chip.center().y - galley.size().y / 2.0);
            painter.galley(at, galley, pal.title);
        }
        None => bar(50.0, 19.0, 120.0, 14.0, ink),
    }
    if let Some(list) = badges.get(&p.id) {
        let worst = list.iter().map(|b| b.tone).min_by_key(|t| tone_rank(*t));
        if let Some(tone) = worst {
            let centre = pos2(r.max.x - 12.0 * z, r.min.y);
            painter.circle_filled(centre, (7.0 * z).max(3.0), pal.tone(tone));
        }
    }
}

/// Cards too small to read and too many to draw one by one: a tinted block
/// each, in one mesh.
pub fn plain_cards(
    mesh: &mut Mesh,
    s: &Scratch,
    palette: &Palette,
    sel: &super::Selection,
    badges: &Badges,
) {
    let border = (2.0 * s.zoom).max(1.5);
    // A card a few pixels tall is one quad in a stronger tint of its kind.
    let tiny = card_size(1).y * s.zoom < 12.0;
    let solid = Kind::ALL.map(|k| blend(palette.kind_card(k), palette.kind(k), 0.45));
    for &i in &s.visible {
        let p = &s.placed[i];
        let r = s.screen_rect(p);
        if sel.blocks.contains(&p.id) {
            mesh.add_colored_rect(r.expand(border), palette.accent);
        }
        if p.kind == Kind::Note {
            // Paper, no stripe: a note is not a card.
            mesh.add_colored_rect(r, palette.kind_card(p.kind));
        } else if tiny {
            mesh.add_colored_rect(r, solid[p.kind as usize]);
        } else {
            mesh.add_colored_rect(r, palette.kind_card(p.kind));
            let bar =
                Rect::from_min_max(r.min, pos2(r.max.x, r.min.y + (r.height() * 0.18).max(1.0)));
            mesh.add_colored_rect(bar, palette.kind(p.kind));
        }
        if let Some(list) = badges.get(&p.id) {
            let worst = list.iter().map(|b| b.tone).min_by_key(|t| tone_rank(*t));
            if let Some(tone) = worst {
                let size = (14.0 * s.zoom).max(4.0);
                let dot = Rect::from_center_size(pos2(r.max.x, r.min.y), Vec2::splat(size));
                mesh.add_colored_rect(dot, palette.tone(tone));
            }
        }
    }
}

fn tone_rank(t: Tone) -> u8 {
    match t {
        Tone::Error => 0,
        Tone::Warning => 1,
        Tone::Info => 2,
    }
}

/// A font size that changes in half-point steps, so zooming reuses laid-out text.
pub(super) fn font(size: f32) -> FontId {
    FontId::proportional(((size * 2.0).round() / 2.0).max(1.0))
}

/// One line of text, cut short with "…" when wider than `max_width`.
pub(super) fn line(
    painter: &Painter,
    text: String,
    font: FontId,
    color: Color32,
    max_width: f32,
) -> Arc<Galley> {
    lines(painter, text, font, color, max_width, 1)
}

/// Text wrapped to at most `rows` lines, the last cut short with "…".
pub(super) fn lines(
    painter: &Painter,
    text: String,
    font: FontId,
    color: Color32,
    max_width: f32,
    rows: usize,
) -> Arc<Galley> {
    let mut job = LayoutJob::single_section(text, TextFormat::simple(font, color));
    job.wrap = TextWrapping {
        max_width: max_width.max(1.0),
        max_rows: rows,
        // One line is cut anywhere; wrapped lines break between words.
        break_anywhere: rows == 1,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
}

/// A rounded label with text: "Entry", badges, refusal notes.
pub(super) fn pill(
    painter: &Painter,
    at: Pos2,
    text: String,
    size: f32,
    fill: Color32,
    ink: Color32,
    right_aligned: bool,
) -> Rect {
    let galley = line(painter, text, font(size), ink, size * 16.0);
    let pad = vec2(size * 0.6, size * 0.25);
    let size2 = galley.size() + pad * 2.0;
    let min = if right_aligned {
        at - vec2(size2.x, 0.0)
    } else {
        at
    };
    let r = Rect::from_min_size(min, size2);
    painter.rect_filled(r, CornerRadius::from(size2.y / 2.0), fill);
    painter.galley(r.min + pad, galley, ink);
    r
}

/// The laid-out text of each readable card and note, kept between frames
/// while the series (its revision), the zoom and the theme stay the same, so
/// panning over a couple of hundred cards at 50 % lays out no text at all.
#[derive(Debug, Default)]
pub struct TextCache {
    key: Option<(u64, u32, bool)>,
    pub(super) cards: HashMap<BlockId, CardText>,
}

#[derive(Debug, Clone)]
pub(super) struct CardText {
    /// A card's title; a note's text.
    pub title: Arc<Galley>,
    /// None below the zoom that shows summaries.
    pub summary: Option<Arc<Galley>>,
    /// A message's send window, said on the second line after a clock.
    pub window: Option<Arc<Galley>>,
}

impl TextCache {
    /// Forgets every layout unless it was made for this revision, zoom and theme.
    pub fn begin(&mut self, revision: u64, zoom: f32, dark: bool) {
        let key = (revision, zoom.to_bits(), dark);
        if self.key != Some(key) {
            self.cards.clear();
            self.key = Some(key);
        }
    }

    /// Forgets every layout: the series changed without a new revision.
    pub fn forget(&mut self) {
        self.key = None;
    }
}

/// What every readable card needs to paint itself.
pub struct CardContext<'a> {
    pub painter: &'a Painter,
    pub palette: &'a Palette,
    pub scratch: &'a Scratch,
    pub series: &'a Series,
    pub badges: &'a Badges,
    pub hover: Hit,
}

impl CardContext<'_> {
    /// A card you can read: icon, title, summary, ports and badges.
    /// `target` is Some(accepted) while an arrow is dragged over it.
    /// Returns whether its summary was cut short.
    /// Its shapes go into `ink` (drawn under every card's text), its blurred
    /// shadow into `shadows` (drawn under that).
    pub fn card(
        &self,
        texts: &mut TextCache,
        ink: &mut Ink,
        shadows: &mut Vec<Shape>,
        p: &Placed,
        selected: bool,
        target: Option<bool>,
    ) -> bool {
        let (painter, pal, z) = (self.painter, self.palette, self.scratch.zoom);
        let Some(block) = self.series.block(p.id) else {
            return false;
        };
        let r = self.scratch.screen_rect(p);
        let radius = 10.0 * z;
        let fine = z >= FINE_ZOOM;
        if fine {
            shadows.push(
                RectShape::filled(r.translate(vec2(0.0, 2.0 * z)), radius, pal.shadow)
                    .with_blur_width(10.0 * z)
                    .into(),
            );
        }
        let hovered = matches!(self.hover, Hit::Block(id) | Hit::Port(crate::model::Port { block: id, .. }) if id == p.id);
        let (border, border_width) = match (target, selected, hovered) {
            (Some(true), _, _) => (pal.ok, 2.5),
            (Some(false), _, _) => (pal.refused, 2.5),
            (None, true, _) => (pal.accent, 2.0),
            (None, false, true) => (pal.port, 1.0),
            (None, false, false) => (pal.card_border, 1.0),
        };
        if selected && target.is_none() {
            ink.rounded(r.expand(3.0 * z.max(0.7)), 13.0 * z, pal.marquee_fill);
        }
        ink.rounded(r, radius, border);
        ink.rounded(r.shrink(border_width), radius - border_width, pal.card);

        let accent = pal.kind(p.kind);
        let chip = Rect::from_min_size(r.min + vec2(12.0, 12.0) * z, Vec2::splat(28.0) * z);
        let wash = pal.kind_wash(p.kind);
        ink.rounded(chip, 7.0 * z, wash);
        icon(ink, p.kind, chip.center(), 8.0 * z, accent, wash);

        let text = texts
            .cards
            .entry(p.id)
            .or_insert_with(|| self.card_text(block, p.id, r.width()))
            .clone();
        let title = text.title;
        let title_pos = pos2(
            chip.max.x + 10.0 * z,
            chip.center().y - title.size().y / 2.0,
        );
        painter.galley(title_pos, title, pal.title);

        let elided = if let Some(summary) = text.summary {
            let mut elided = summary.elided;
            painter.galley(r.min + vec2(12.0, 48.0) * z, summary, pal.summary);
            if let Some(words) = text.window {
                let at = r.min + vec2(12.0, 48.0 + LINE) * z;
                let clock = 7.0 * z;
                let wait = Kind::Wait;
                icon(
                    ink,
                    wait,
                    at + vec2(clock, clock),
                    clock * 0.8,
                    pal.kind(wait),
                    pal.card,
                );
                elided |= words.elided;
                painter.galley(at + vec2(2.4 * clock, 0.0), words, pal.summary);
            }
            elided
        } else {
            // Too small to read: a grey bar keeps the card's shape.
            let bar = Rect::from_min_size(r.min + vec2(12.0, 50.0) * z, vec2(180.0, 10.0) * z);
            ink.rounded(bar, 5.0 * z, pal.card_border);
            true
        };

        let port_r = self.scratch.port_radius();
        if !p.has_incoming {
            // Where an arrow can arrive; once one does, its head marks the spot.
            draw_port(ink, fine, input_pos(r), port_r, pal.card, pal.port, z);
        }
        for (index, output) in p.outputs.iter().enumerate() {
            let at = super::layout::output_anchor(r, index, p.outputs.len());
            let port = crate::model::Port {
                block: p.id,
                output: *output,
            };
            let taken = p.is_taken(index);
            let hot = self.hover == Hit::Port(port);
            let (fill, ring) = match (hot, taken) {
                (true, _) => (accent, accent),
                (false, true) => (pal.arrow, pal.arrow),
                (false, false) => (pal.card, accent),
            };
            let radius = if hot { port_r * 1.4 } else { port_r };
            draw_port(ink, fine, at, radius, fill, ring, z);
            if p.outputs.len() > 1 && z >= SUMMARY_ZOOM {
                let label = line(
                    painter,
                    block.output_words(*output),
                    font(11.0 * z),
                    pal.summary,
                    r.width() / 2.0,
                );
                let pos = pos2(
                    at.x - label.size().x / 2.0,
                    at.y - 10.0 * z - label.size().y,
                );
                painter.galley(pos, label, pal.summary);
            }
        }

        let text = 10.5 * z;
        let top = r.min.y - 9.0 * z;
        if p.is_entry() {
            pill(
                painter,
                pos2(r.min.x + 12.0 * z, top),
                "Entry".into(),
                text,
                pal.entry(),
                crate::theme::ink_on(pal.entry()),
                false,
            );
        }
        if let Some(list) = self.badges.get(&p.id) {
            let mut right = r.max.x - 12.0 * z;
            for b in list {
                let used = pill(
                    painter,
                    pos2(right, top),
                    b.text.clone(),
                    text,
                    pal.tone(b.tone),
                    crate::theme::ink_on(pal.tone(b.tone)),
                    true,
                );
                right = used.min.x - 4.0 * z;
            }
        }
        elided
    }
}

impl CardContext<'_> {
    /// A readable card's title, summary and send window, laid out for a card
    /// `width` points wide at this zoom.
    fn card_text(&self, block: &Block, id: BlockId, width: f32) -> CardText {
        let (painter, pal, z) = (self.painter, self.palette, self.scratch.zoom);
        let window = match &block.kind {
            BlockKind::Content(c) => c.send_window.as_ref(),
            _ => None,
        };
        let shows_summary = z >= SUMMARY_ZOOM;
        // A wait until a time of day may take both lines; a message with a
        // send window says the window on the second, after a clock.
        let rows = if has_second_line(block) && window.is_none() {
            2
        } else {
            1
        };
        CardText {
            title: line(
                painter,
                block.display_title(),
                font(TITLE_SIZE * z),
                pal.title,
                width - 62.0 * z,
            ),
            summary: shows_summary.then(|| {
                lines(
                    painter,
                    self.series.block_summary(id),
                    font(12.0 * z),
                    pal.summary,
                    width - 24.0 * z,
                    rows,
                )
            }),
            window: window.filter(|_| shows_summary).map(|window| {
                line(
                    painter,
                    window.words(&self.series.settings.time_zone),
                    font(12.0 * z),
                    pal.summary,
                    width - 24.0 * z - 2.4 * 7.0 * z,
                )
            }),
        }
    }
}

/// A port: a ring round its fill, or, where that is too small to see, a dot
/// in the ring's colour.
fn draw_port(ink: &mut Ink, fine: bool, at: Pos2, r: f32, fill: Color32, ring: Color32, z: f32) {
    if fine {
        ink.disc(at, r + 0.75 * z, ring);
        ink.disc(at, r - 0.75 * z, fill);
    } else {
        ink.disc(at, r, ring);
    }
}

fn input_pos(r: Rect) -> Pos2 {
    pos2(r.center().x, r.min.y)
}

/// A small drawn icon per kind (its [`IconPart`]s), `s` is half its size;
/// `hole` is the colour behind it.
pub fn icon(ink: &mut Ink, kind: Kind, c: Pos2, s: f32, color: Color32, hole: Color32) {
    for part in icon_parts(kind) {
        icon_part(ink, part, c, s, color, hole);
    }
}

fn icon_part(ink: &mut Ink, part: &IconPart, c: Pos2, s: f32, color: Color32, hole: Color32) {
    let p = |(x, y): (f32, f32)| c + vec2(x, y) * s;
    match *part {
        IconPart::Polygon(points) => ink.polygon(points.iter().copied().map(p), color),
        IconPart::Rect { min, max, radius } => {
            ink.rounded(Rect::from_min_max(p(min), p(max)), radius * s, color);
        }
        IconPart::Ring { radius, width } => {
            ink.disc(c, (radius + width / 2.0) * s, color);
            ink.disc(c, (radius - width / 2.0) * s, hole);
        }
        IconPart::Line { from, to, width } => ink.line(&[p(from), p(to)], width * s, color),
        IconPart::Dot { centre, radius } => ink.disc(p(centre), radius * s, color),
        IconPart::Cut(inner) => icon_part(ink, inner, c, s, hole, hole),
    }
}
