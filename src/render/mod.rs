//! Pictures of a series for reviews and docs: one SVG writer, used by the
//! `render` command and by File → Export Picture…; PNG is that same SVG
//! rasterised by `resvg` ([`png`]), so both look alike.
//!
//! The picture is the canvas at 100 %, without its grid or selection: the same
//! card shapes, kind colours, icons, arrows and "Entry" labels (from the
//! canvas' [`Palette`] and the shared [`geometry`](crate::geometry)). Titles,
//! summaries and labels are real text, so the picture can be searched and read
//! aloud; a title too long for its card is cut at the card's edge, as on the
//! canvas, but the whole of it stays in the text.

mod png;

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write;
use std::path::Path;

use egui::Color32;

use crate::canvas::style::{IconPart, Palette, icon_parts};
use crate::file::{FileError, PendingSave};
use crate::geometry::{arrow_controls, block_size, output_offset};
use crate::model::{BlockId, Kind, Port, Pos, Series};

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

    for (id, block) in series.blocks().iter().filter(|(id, _)| shown(id)) {
        let card = Card {
            id: *id,
            pos: block.pos,
            size: block_size(block),
            kind: block.kind(),
            title: block.display_title(),
            summary: series.block_summary(*id),
            outputs: block
                .outputs()
                .iter()
                .map(|o| {
                    (
                        o.label(),
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
    /// Label and whether an arrow leaves it, per output.
    outputs: Vec<(&'static str, bool)>,
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
        icon(
            out,
            self.kind,
            Pos::new(x + 26.0, y + 26.0),
            pal.kind(self.kind),
            wash,
        );
        // Nested viewports cut long text at the card's edge; the text stays whole.
        clipped_text(
            out,
            Pos::new(x + 50.0, y),
            (w - 62.0, h),
            26.0,
            14.5,
            pal.title,
            &self.title,
        );
        clipped_text(
            out,
            Pos::new(x + 12.0, y),
            (w - 24.0, h),
            55.0,
            12.0,
            pal.summary,
            &self.summary,
        );
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

/// One line of text, vertically centred on `centre_y`, inside a viewport at
/// `at` of `size` that cuts it off.
fn clipped_text(
    out: &mut String,
    at: Pos,
    size: (f32, f32),
    centre_y: f32,
    font_size: f32,
    color: Color32,
    text: &str,
) {
    if text.is_empty() {
        return;
    }
    let _ = write!(
        out,
        r#"<svg x="{}" y="{}" width="{}" height="{}"><text x="0" y="{}" font-size="{}" dominant-baseline="central" fill="{}">{}</text></svg>"#,
        num(at.x),
        num(at.y),
        num(size.0),
        num(size.1),
        num(centre_y),
        num(font_size),
        hex(color),
        escape(text)
    );
}

/// A kind's icon, centred on `c`, 16 units across, as the canvas draws it.
fn icon(out: &mut String, kind: Kind, c: Pos, color: Color32, hole: Color32) {
    let s = 8.0;
    let p = |(x, y): (f32, f32)| format!("{} {}", num(c.x + x * s), num(c.y + y * s));
    let ink = hex(color);
    for part in icon_parts(kind) {
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
            IconPart::Line { to, width } => {
                let _ = write!(
                    out,
                    r#"<path d="M{}L{}" stroke="{ink}" stroke-width="{}"/>"#,
                    p((0.0, 0.0)),
                    p(to),
                    num(width * s)
                );
            }
            IconPart::Hole { centre, radius } => {
                let (hx, hy) = (c.x + centre.0 * s, c.y + centre.1 * s);
                let _ = write!(
                    out,
                    r#"<circle cx="{}" cy="{}" r="{}" fill="{}"/>"#,
                    num(hx),
                    num(hy),
                    num(radius * s),
                    hex(hole)
                );
            }
        }
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
