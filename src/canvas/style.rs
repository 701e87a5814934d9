//! Colours of the canvas, per kind and per theme: calm surfaces, one accent per kind.

use egui::Color32;

use super::Tone;
use crate::model::{Kind, NoteColour};

#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub dark: bool,
    pub background: Color32,
    pub grid: Color32,
    pub card: Color32,
    pub card_border: Color32,
    pub shadow: Color32,
    pub title: Color32,
    pub summary: Color32,
    pub port: Color32,
    pub arrow: Color32,
    pub accent: Color32,
    pub marquee_fill: Color32,
    pub ok: Color32,
    pub refused: Color32,
    pub tooltip_bg: Color32,
    pub tooltip_text: Color32,
    /// Rings round what Find matches.
    pub found: Color32,
}

impl Palette {
    pub fn new(dark: bool) -> Self {
        if dark {
            Palette {
                dark,
                background: rgb(0x1a1c21),
                grid: rgb(0x2c2f37),
                card: rgb(0x262931),
                card_border: rgb(0x3a3e49),
                shadow: Color32::from_black_alpha(90),
                title: rgb(0xeceef2),
                summary: rgb(0xa3a9b5),
                port: rgb(0x8a919e),
                arrow: rgb(0x6f7684),
                accent: rgb(0x5b9bff),
                marquee_fill: Color32::from_rgba_unmultiplied(0x5b, 0x9b, 0xff, 28),
                ok: rgb(0x3ecf8e),
                refused: rgb(0xf26b6b),
                tooltip_bg: rgb(0x33363f),
                tooltip_text: rgb(0xf2f3f5),
                found: rgb(0xf2c14e),
            }
        } else {
            Palette {
                dark,
                background: rgb(0xf3f4f7),
                grid: rgb(0xd6d9e0),
                card: rgb(0xffffff),
                card_border: rgb(0xd8dce4),
                shadow: Color32::from_black_alpha(22),
                title: rgb(0x1d2129),
                summary: rgb(0x5d6472),
                port: rgb(0x98a0ad),
                arrow: rgb(0x9aa1ad),
                accent: rgb(0x2f6feb),
                marquee_fill: Color32::from_rgba_unmultiplied(0x2f, 0x6f, 0xeb, 22),
                ok: rgb(0x1a9e63),
                refused: rgb(0xd93b3b),
                tooltip_bg: rgb(0x2a2d35),
                tooltip_text: rgb(0xffffff),
                found: rgb(0xd98200),
            }
        }
    }

    /// The accent of a kind: its icon, stripe and far-away card colour.
    pub fn kind(&self, kind: Kind) -> Color32 {
        match (kind, self.dark) {
            (Kind::Rule, true) => rgb(0x9b87ff),
            (Kind::Rule, false) => rgb(0x6a4fe0),
            (Kind::Content, true) => rgb(0x4fb3ff),
            (Kind::Content, false) => rgb(0x1877d2),
            (Kind::Wait, true) => rgb(0xf2b441),
            (Kind::Wait, false) => rgb(0xc27803),
            (Kind::Tag, true) => rgb(0x4cc99a),
            (Kind::Tag, false) => rgb(0x138a5e),
            (Kind::Split, true) => rgb(0xf27db6),
            (Kind::Split, false) => rgb(0xc2297a),
            (Kind::Note, true) => rgb(0xd9c26a),
            (Kind::Note, false) => rgb(0x9a7b0a),
        }
    }

    /// The paper of a sticky note: soft in the light theme, muted in the dark one,
    /// so its text (in [`Palette::note_text`]) reads on every colour.
    pub fn note(&self, colour: NoteColour) -> Color32 {
        match (colour, self.dark) {
            (NoteColour::Yellow, false) => rgb(0xfff3b0),
            (NoteColour::Yellow, true) => rgb(0x4a4325),
            (NoteColour::Blue, false) => rgb(0xd6e8ff),
            (NoteColour::Blue, true) => rgb(0x27364d),
            (NoteColour::Green, false) => rgb(0xd5f2df),
            (NoteColour::Green, true) => rgb(0x233f30),
            (NoteColour::Pink, false) => rgb(0xfddde9),
            (NoteColour::Pink, true) => rgb(0x4a2a38),
            (NoteColour::Grey, false) => rgb(0xe9ebef),
            (NoteColour::Grey, true) => rgb(0x34373f),
        }
    }

    /// The text on a note, whatever its colour.
    pub fn note_text(&self) -> Color32 {
        if self.dark {
            rgb(0xf1efe6)
        } else {
            rgb(0x2b2a25)
        }
    }

    /// A soft wash of the kind's colour, behind its icon.
    pub fn kind_wash(&self, kind: Kind) -> Color32 {
        let alpha = if self.dark { 0.22 } else { 0.12 };
        blend(self.card, self.kind(kind), alpha)
    }

    /// A far-away card: the card colour tinted by its kind, so kinds stay apart.
    pub fn kind_card(&self, kind: Kind) -> Color32 {
        let alpha = if self.dark { 0.35 } else { 0.22 };
        blend(self.card, self.kind(kind), alpha)
    }

    pub fn tone(&self, tone: Tone) -> Color32 {
        match (tone, self.dark) {
            (Tone::Error, true) => rgb(0xe5484d),
            (Tone::Error, false) => rgb(0xd1343a),
            (Tone::Warning, true) => rgb(0xd9901a),
            (Tone::Warning, false) => rgb(0xb86e00),
            (Tone::Info, _) => self.accent,
        }
    }

    pub fn entry(&self) -> Color32 {
        self.ok
    }
}

const fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// `a` moved towards `b` by `t` (0..1), opaque.
pub fn blend(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// One piece of a kind's icon, in units of half the icon's size around its centre.
#[derive(Debug, Clone, Copy)]
pub enum IconPart {
    Polygon(&'static [(f32, f32)]),
    Rect {
        min: (f32, f32),
        max: (f32, f32),
        radius: f32,
    },
    /// A circle's outline round the centre.
    Ring {
        radius: f32,
        width: f32,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
    },
    Dot {
        centre: (f32, f32),
        radius: f32,
    },
    /// A part in the colour behind the icon: a tag's hole, a note's fold.
    Cut(&'static IconPart),
}

/// The icon of a kind, drawn the same on the canvas and in pictures: a funnel
/// for rules, a speech bubble for messages, a clock for waits, a tag for tags,
/// a fork for split tests, a page with a turned corner for notes.
pub fn icon_parts(kind: Kind) -> &'static [IconPart] {
    use IconPart::*;
    match kind {
        Kind::Rule => &[
            Polygon(&[(-1.0, -0.85), (1.0, -0.85), (0.22, 0.1), (-0.22, 0.1)]),
            Rect {
                min: (-0.22, 0.0),
                max: (0.22, 0.95),
                radius: 0.1,
            },
        ],
        Kind::Content => &[
            Rect {
                min: (-1.0, -0.85),
                max: (1.0, 0.55),
                radius: 0.35,
            },
            Polygon(&[(-0.55, 0.5), (0.0, 0.5), (-0.6, 1.0)]),
        ],
        Kind::Wait => &[
            Ring {
                radius: 0.9,
                width: 0.28,
            },
            Line {
                from: (0.0, 0.0),
                to: (0.0, -0.55),
                width: 0.24,
            },
            Line {
                from: (0.0, 0.0),
                to: (0.45, 0.0),
                width: 0.24,
            },
        ],
        Kind::Tag => &[
            Polygon(&[
                (-0.95, -0.65),
                (0.35, -0.65),
                (1.0, 0.0),
                (0.35, 0.65),
                (-0.95, 0.65),
            ]),
            Cut(&Dot {
                centre: (-0.45, 0.0),
                radius: 0.2,
            }),
        ],
        // One path forking into two.
        Kind::Split => &[
            Line {
                from: (0.0, 0.95),
                to: (0.0, 0.05),
                width: 0.26,
            },
            Line {
                from: (0.0, 0.1),
                to: (-0.75, -0.7),
                width: 0.26,
            },
            Line {
                from: (0.0, 0.1),
                to: (0.75, -0.7),
                width: 0.26,
            },
            Dot {
                centre: (-0.75, -0.7),
                radius: 0.22,
            },
            Dot {
                centre: (0.75, -0.7),
                radius: 0.22,
            },
        ],
        Kind::Note => &[
            Polygon(&[
                (-0.8, -0.95),
                (0.35, -0.95),
                (0.8, -0.5),
                (0.8, 0.95),
                (-0.8, 0.95),
            ]),
            Cut(&Polygon(&[(0.35, -0.95), (0.8, -0.5), (0.35, -0.5)])),
            Cut(&Line {
                from: (-0.5, -0.15),
                to: (0.5, -0.15),
                width: 0.12,
            }),
            Cut(&Line {
                from: (-0.5, 0.2),
                to: (0.5, 0.2),
                width: 0.12,
            }),
            Cut(&Line {
                from: (-0.5, 0.55),
                to: (0.5, 0.55),
                width: 0.12,
            }),
        ],
    }
}
