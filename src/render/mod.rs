//! Pictures of a series for reviews and docs: one SVG writer, used by the
//! `render` command and by File → Export Picture…; PNG is that same SVG
//! rasterised by `resvg` ([`png`]), so both look alike.
//!
//! The picture is the canvas at 100 %, without its grid or selection: the same
//! card shapes, kind colours, icons, arrows and "Entry" labels (from the
//! canvas' [`Palette`] and the shared [`geometry`](crate::geometry)). Titles,
//! summaries and labels are real text, so the picture can be searched and read
//! aloud; a title too long for its card is cut at the card's edge, as on the
//! canvas, but the whole of it stays in the text. Notes are sticky notes
//! under the cards with their text wrapped as the canvas wraps it; a split
//! test's outputs say each branch's share, and a message's send window or a
//! wait until a time of day takes a card's second line.

mod png;
mod wrap;

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write;
use std::path::Path;

use egui::Color32;

use crate::canvas::style::{IconPart, Palette, blend, icon_parts};
use crate::file::{FileError, PendingSave};
use crate::geometry::{LINE, arrow_controls, block_size, has_second_line, output_offset};
use crate::model::{Block, BlockId, BlockKind, Kind, NoteBlock, Port, Pos, Series};

pub use png::{PngError, png};

/// Room around the cards, in canvas units.
const MARGIN: f32 = 40.0;
/// Fonts named in the SVG: egui's own first, as the app shows it.
const FONT_FAMILY: &str = "Ubuntu, 'Ubuntu Light', sans-serif";
const ARROW_WIDTH: f32 = 2.0;
const HEAD_LENGTH: f32 = 10.0;
const HEAD_WIDTH: f32 = 10.0;

/// How a picture looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub dark: bool,
    /// Pixels (or SVG user units on the page) per canvas unit.
    pub scale: f32,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            dark: false,
            scale: 1.0,
        }
    }
}

/// What a picture file is, by its name's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ending = path.extension()?.to_str()?.to_ascii_lowercase();
        match ending.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("a picture's name must end in .svg or .png")]
    UnknownFormat,
    #[error("{0}")]
    Png(#[from] PngError),
    #[error("{0}")]
    Write(#[from] FileError),
}

/// Writes the picture to `path` (SVG or PNG by its ending), whole or not at all.
pub fn save(
    path: &Path,
    series: &Series,
    scope: Option<&BTreeSet<BlockId>>,
    style: Style,
) -> Result<(), SaveError> {
    let format = Format::of(path).ok_or(SaveError::UnknownFormat)?;
    let picture = svg(series, scope, style);
    let bytes = match format {
        Format::Svg => picture.into_bytes(),
        Format::Png => png(&picture)?,
    };
    PendingSave::write(path, &bytes)?.commit()?;
    Ok(())
}

/// The picture of the blocks in `scope` (all when `None`) and the arrows
/// between them, as an SVG document.
pub fn svg(series: &Series, scope: Option<&BTreeSet<BlockId>>, style: Style) -> String {
    let pal = Palette::new(style.dark);
    let shown = |id: &BlockId| scope.is_none_or(|s| s.contains(id));
    let (mut min, mut max) = (
        Pos::new(f32::INFINITY, f32::INFINITY),
        Pos::new(f32::NEG_INFINITY, f32::NEG_INFINITY),
    );
    for (_, b) in series.blocks().iter().filter(|(id, _)| shown(id)) {
        let (w, h) = block_size(b);
        min = Pos::new(min.x.min(b.pos.x), min.y.min(b.pos.y));
        max = Pos::new(max.x.max(b.pos.x + w), max.y.max(b.pos.y + h));
    }
    if !min.x.is_finite() {
        (min, max) = (Pos::new(0.0, 0.0), Pos::new(0.0, 0.0));
    }
    let (x0, y0) = (num(min.x - MARGIN), num(min.y - MARGIN));
    let (w, h) = (max.x - min.x + 2.0 * MARGIN, max.y - min.y + 2.0 * MARGIN);
    let scale = style.scale;

    let mut out = String::with_capacity(512 + series.len() * 1400);
    let _ = write!(
        out,
        // No role="img": that would hide the cards' text from screen readers.
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="{x0} {y0} {} {}" font-family="{FONT_FAMILY}">"#,
        num(w * scale),
        num(h * scale),
        num(w),
        num(h),
    );
    let _ = write!(out, "<title>{}</title>", escape(&series.name));
    let _ = write!(
        out,
        r#"<rect x="{x0}" y="{y0}" width="{}" height="{}" fill="{}"/>"#,
        num(w),
        num(h),
        hex(pal.background)
    );

    let mut incoming: HashSet<BlockId> = HashSet::new();
    let mut taken: HashSet<Port> = HashSet::new();
    out.push_str(r#"<g fill="none">"#);
    for c in series.connections() {
        incoming.insert(c.to);
        taken.insert(c.port());
        if !(shown(&c.from) && shown(&c.to)) {
            continue;
        }
        let (Some(from), Some(to)) = (series.block(c.from), series.block(c.to)) else {
            continue;
        };
        let outputs = from.outputs();
        let index = outputs.iter().position(|o| *o == c.output).unwrap_or(0);
        let start = Pos::new(
            from.pos.x + output_offset(index, outputs.len()),
            from.pos.y + block_size(from).1,
        );
        let end = Pos::new(to.pos.x + block_size(to).0 / 2.0, to.pos.y);
        arrow(&mut out, &pal, start, end);
    }
    out.push_str("</g>");

    // Notes under the cards, as on the canvas.
    let blocks = || series.blocks().iter().filter(|(id, _)| shown(id));
    for (id, block) in blocks() {
        if let BlockKind::Note(note) = &block.kind {
            write_note(&mut out, &pal, *id, block, note);
        }
    }
    for (id, block) in blocks().filter(|(_, b)| b.kind().on_paths()) {
        let window = match &block.kind {
            BlockKind::Content(c) => c.send_window.as_ref(),
            _ => None,
        };
        let card = Card {
            id: *id,
            pos: block.pos,
            size: block_size(block),
            kind: block.kind(),
            title: block.display_title(),
            summary: series.block_summary(*id),
            // A wait until a time of day says so on both lines, as on the canvas.
            summary_wraps: has_second_line(block) && window.is_none(),
            window: window.map(|w| w.words(&series.settings.time_zone)),
            outputs: block
                .outputs()
                .iter()
                .map(|o| {
                    (
                        block.output_words(*o),
                        taken.contains(&Port {
                            block: *id,
                            output: *o,
                        }),
                    )
                })
                .collect(),
            entry: block.kind() == Kind::Rule && !incoming.contains(id),
            has_incoming: incoming.contains(id),
        };
        card.write(&mut out, &pal);
    }
    out.push_str("</svg>\n");
    out
}

/// A sticky note as the canvas draws it: paper in its colour, a turned corner,
/// its text wrapped to fit (what does not fit is cut off, but stays in the text).
fn write_note(out: &mut String, pal: &Palette, id: BlockId, block: &Block, note: &NoteBlock) {
    let (x, y) = (block.pos.x, block.pos.y);
    let (w, h) = block_size(block);
    let paper = pal.note(note.colour);
    let _ = write!(
        out,
        r#"<g id="block-{id}"><rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="{}" stroke="{}"/>"#,
        num(x + 0.5),
        num(y + 0.5),
        num(w - 1.0),
        num(h - 1.0),
        hex(paper),
        hex(blend(paper, pal.title, 0.18))
    );
    let fold = 14.0;
    let _ = write!(
        out,
        r#"<path d="M{} {}L{} {}L{} {}Z" fill="{}"/>"#,
        num(x + w - fold),
        num(y),
        num(x + w),
        num(y + fold),
        num(x + w - fold),
        num(y + fold),
        hex(blend(paper, pal.title, 0.12))
    );
    let (pad, size) = (12.0, 13.0);
    let rows = wrap::wrap(&note.text, size, w - 2.0 * pad);
    let rows: Vec<(f32, &str)> = rows.iter().map(|r| (r.centre_y, r.text.as_str())).collect();
    clipped_text(
        out,
        Pos::new(x + pad, y + pad),
        (w - 2.0 * pad, h - 2.0 * pad),
        size,
        pal.note_text(),
        &rows,
    );
    out.push_str("</g>");
}

/// An arrow as the canvas draws it: the curve stops at the base of its head.
fn arrow(out: &mut String, pal: &Palette, start: Pos, end: Pos) {
    let c = arrow_controls(start, end);
    let stop = Pos::new(end.x, end.y - HEAD_LENGTH * 0.8);
    let _ = write!(
        out,
        r#"<path d="M{} {}C{} {} {} {} {} {}" stroke="{}" stroke-width="{ARROW_WIDTH}"/>"#,
        num(c[0].x),
        num(c[0].y),
        num(c[1].x),
        num(c[1].y),
        num(c[2].x),
        num(c[2].y),
        num(stop.x),
        num(stop.y),
        hex(pal.arrow)
    );
    let tip = Pos::new(stop.x, stop.y + HEAD_LENGTH * 0.8);
    let base = tip.y - HEAD_LENGTH;
    let _ = write!(
        out,
        r#"<path d="M{} {}L{} {}L{} {}Z" fill="{}"/>"#,
        num(tip.x),
        num(tip.y),
        num(tip.x - HEAD_WIDTH / 2.0),
        num(base),
        num(tip.x + HEAD_WIDTH / 2.0),
        num(base),
        hex(pal.arrow)
    );
}

/// What one card shows.
struct Card {
    id: BlockId,
    pos: Pos,
    size: (f32, f32),
    kind: Kind,
    title: String,
    summary: String,
    /// Whether the summary may take the second line too.
    summary_wraps: bool,
    /// A message's send window, said on the second line.
    window: Option<String>,
    /// Label and whether an arrow leaves it, per output.
    outputs: Vec<(String, bool)>,
    entry: bool,
    has_incoming: bool,
}

impl Card {
    fn write(&self, out: &mut String, pal: &Palette) {
        let (x, y) = (self.pos.x, self.pos.y);
        let (w, h) = self.size;
        let _ = write!(out, r#"<g id="block-{}">"#, self.id);
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="10" fill="{}" stroke="{}"/>"#,
            num(x + 0.5),
            num(y + 0.5),
            num(w - 1.0),
            num(h - 1.0),
            hex(pal.card),
            hex(pal.card_border)
        );
        let wash = pal.kind_wash(self.kind);
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="28" height="28" rx="7" fill="{}"/>"#,
            num(x + 12.0),
            num(y + 12.0),
            hex(wash)
        );
        let kind = self.kind;
        icon(
            out,
            kind,
            Pos::new(x + 26.0, y + 26.0),
            8.0,
            pal.kind(kind),
            wash,
        );
        // Nested viewports cut long text at the card's edge; the text stays whole.
        let title = [(26.0, self.title.as_str())];
        clipped_text(
            out,
            Pos::new(x + 50.0, y),
            (w - 62.0, h),
            14.5,
            pal.title,
            &title,
        );
        // The summary's lines as the canvas breaks them, from 48 down.
        let (top, size) = (48.0, 12.0);
        let wrapped = if self.summary_wraps {
            wrap::wrap(&self.summary, size, w - 24.0)
        } else {
            Vec::new()
        };
        let mut rows: Vec<(f32, &str)> = wrapped
            .iter()
            .map(|r| (top + r.centre_y, r.text.as_str()))
            .collect();
        if !self.summary_wraps {
            rows.push((top + 7.0, &self.summary));
        }
        clipped_text(
            out,
            Pos::new(x + 12.0, y),
            (w - 24.0, h),
            size,
            pal.summary,
            &rows,
        );
        if let Some(window) = &self.window {
            // A clock, then the window, on the second line.
            let (clock, line_y) = (7.0, top + LINE);
            let wait = Kind::Wait;
            let at = Pos::new(x + 12.0 + clock, y + line_y + clock);
            icon(out, wait, at, clock * 0.8, pal.kind(wait), pal.card);
            let from = 12.0 + 2.4 * clock;
            let row = [(line_y + 7.0, window.as_str())];
            clipped_text(
                out,
                Pos::new(x + from, y),
                (w - from - 12.0, h),
                size,
                pal.summary,
                &row,
            );
        }
        let count = self.outputs.len();
        for (index, (label, taken)) in self.outputs.iter().enumerate() {
            let at = Pos::new(x + output_offset(index, count), y + h);
            if count > 1 {
                let _ = write!(
                    out,
                    r#"<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>"#,
                    num(at.x),
                    num(at.y - 13.0),
                    hex(pal.summary),
                    escape(label)
                );
            }
            let (fill, ring) = if *taken {
                (pal.arrow, pal.arrow)
            } else {
                (pal.card, pal.kind(self.kind))
            };
            circle(out, at, fill, ring);
        }
        if !self.has_incoming {
            circle(out, Pos::new(x + w / 2.0, y), pal.card, pal.port);
        }
        if self.entry {
            let fill = pal.entry();
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="40" height="16" rx="8" fill="{}"/><text x="{}" y="{}" font-size="10.5" text-anchor="middle" dominant-baseline="central" fill="{}">Entry</text>"#,
                num(x + 12.0),
                num(y - 9.0),
                hex(fill),
                num(x + 32.0),
                num(y - 1.0),
                hex(crate::theme::ink_on(fill))
            );
        }
        out.push_str("</g>");
    }
}

fn circle(out: &mut String, at: Pos, fill: Color32, ring: Color32) {
    let _ = write!(
        out,
        r#"<circle cx="{}" cy="{}" r="5" fill="{}" stroke="{}" stroke-width="1.5"/>"#,
        num(at.x),
        num(at.y),
        hex(fill),
        hex(ring)
    );
}

/// Lines of text (each vertically centred on its `centre_y`) inside a viewport
/// at `at` of `size` that cuts them off.
fn clipped_text(
    out: &mut String,
    at: Pos,
    size: (f32, f32),
    font_size: f32,
    color: Color32,
    rows: &[(f32, &str)],
) {
    if rows.iter().all(|(_, text)| text.is_empty()) {
        return;
    }
    let _ = write!(
        out,
        r#"<svg x="{}" y="{}" width="{}" height="{}"><text font-size="{}" dominant-baseline="central" fill="{}">"#,
        num(at.x),
        num(at.y),
        num(size.0),
        num(size.1),
        num(font_size),
        hex(color),
    );
    for (centre_y, text) in rows {
        let _ = write!(
            out,
            r#"<tspan x="0" y="{}">{}</tspan>"#,
            num(*centre_y),
            escape(text)
        );
    }
    out.push_str("</text></svg>");
}

/// A kind's icon, centred on `c`, `s` its half size, as the canvas draws it;
/// `hole` is the colour behind it.
fn icon(out: &mut String, kind: Kind, c: Pos, s: f32, color: Color32, hole: Color32) {
    for part in icon_parts(kind) {
        icon_part(out, part, c, s, color, hole);
    }
}

fn icon_part(out: &mut String, part: &IconPart, c: Pos, s: f32, color: Color32, hole: Color32) {
    let p = |(x, y): (f32, f32)| format!("{} {}", num(c.x + x * s), num(c.y + y * s));
    let ink = hex(color);
    match *part {
        IconPart::Polygon(points) => {
            let d: Vec<String> = points.iter().map(|q| p(*q)).collect();
            let _ = write!(out, r#"<path d="M{}Z" fill="{ink}"/>"#, d.join("L"));
        }
        IconPart::Rect { min, max, radius } => {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{ink}"/>"#,
                num(c.x + min.0 * s),
                num(c.y + min.1 * s),
                num((max.0 - min.0) * s),
                num((max.1 - min.1) * s),
                num(radius * s)
            );
        }
        IconPart::Ring { radius, width } => {
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{ink}" stroke-width="{}"/>"#,
                num(c.x),
                num(c.y),
                num(radius * s),
                num(width * s)
            );
        }
        IconPart::Line { from, to, width } => {
            let _ = write!(
                out,
                r#"<path d="M{}L{}" stroke="{ink}" stroke-width="{}"/>"#,
                p(from),
                p(to),
                num(width * s)
            );
        }
        IconPart::Dot { centre, radius } => {
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="{}" fill="{ink}"/>"#,
                num(c.x + centre.0 * s),
                num(c.y + centre.1 * s),
                num(radius * s)
            );
        }
        IconPart::Cut(inner) => icon_part(out, inner, c, s, hole, hole),
    }
}

/// A number as SVG wants it: short, never `NaN` or `inf`.
fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let rounded = (v * 100.0).round() / 100.0;
    if rounded == rounded.trunc() {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

fn hex(c: Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
}

/// Text made safe inside XML elements and attributes; characters XML forbids
/// (control characters a title might hold) are left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(0.125), "0.13");
        assert_eq!(num(f32::NAN), "0");
    }
}
