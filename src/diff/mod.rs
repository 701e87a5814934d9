//! What changed between two versions of a series, in words (`spec/diff.md`).
//!
//! Blocks are matched by id; each field is compared by value and told with the
//! model's own summaries; arrows are added or removed; a block that only moved on
//! the canvas is listed apart, since it changes nothing for customers, and so
//! are changes to notes, which are for the team (`spec/series-v2.md`). The result
//! says per block id and per arrow what happened, and gives each change's words,
//! for `series-builder diff` and for a view that marks the canvas.

mod fields;

use crate::model::{Block, BlockId, Connection, Kind, Port, Pos, Series};
use crate::text;

pub use fields::FieldChange;

/// What happened to a block or an arrow. Arrows are only added or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    Added,
    Removed,
    Changed,
    /// Only its place on the canvas changed.
    Moved,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Moved => "moved",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockChange {
    /// What the block is: "Email message", "rule: plan is pro", "Wait 1 day".
    Added {
        what: String,
    },
    Removed {
        what: String,
    },
    /// The fields that differ, in the order the block editor shows them.
    Changed(Vec<FieldChange>),
    Moved {
        from: Pos,
        to: Pos,
    },
}

impl BlockChange {
    pub fn change(&self) -> Change {
        match self {
            BlockChange::Added { .. } => Change::Added,
            BlockChange::Removed { .. } => Change::Removed,
            BlockChange::Changed(_) => Change::Changed,
            BlockChange::Moved { .. } => Change::Moved,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BlockDiff {
    pub id: BlockId,
    /// A note for the team: its changes, like moves, matter to no customer.
    pub note: bool,
    /// How messages name the block, quoted: from the new version, or the old one
    /// for a removed block.
    pub name: String,
    pub change: BlockChange,
}

impl BlockDiff {
    /// The block as a list names it: "'Welcome Email' (block 2)".
    pub fn label(&self) -> String {
        format!("{} (block {})", self.name, self.id)
    }

    /// One line per change: "'Welcome Email' (block 2): subject 'Welcome' → 'Hi'".
    pub fn words(&self) -> Vec<String> {
        let label = self.label();
        match &self.change {
            BlockChange::Added { what } | BlockChange::Removed { what } => {
                // An untitled wait or tag is named by what it does already.
                if self.name.trim_matches(['\'', '"']) == what {
                    vec![label]
                } else {
                    vec![format!("{label}: {what}")]
                }
            }
            BlockChange::Changed(fields) => fields
                .iter()
                .map(|f| format!("{label}: {}", f.words()))
                .collect(),
            BlockChange::Moved { .. } => vec![label],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArrowDiff {
    /// [`Change::Added`] or [`Change::Removed`].
    pub change: Change,
    pub arrow: Connection,
    /// "arrow 'Welcome Chat' not sent → 'Need a hand?'", named from the version
    /// the arrow is in.
    pub words: String,
}

/// What a change is about, so a list entry can reveal it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// The series' name, status or settings.
    Series,
    Block(BlockId),
    Arrow(Connection),
}

/// One line of the list of changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub change: Change,
    pub subject: Subject,
    pub words: String,
}

/// Everything that differs between two versions of a series, in a stable order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diff {
    /// Name, status, settings and campaign, in the order the settings panel shows them.
    pub series: Vec<FieldChange>,
    /// By id: added, removed, changed, and blocks that only moved.
    pub blocks: Vec<BlockDiff>,
    /// By where they start; for one output, the removed arrow before the added one.
    pub arrows: Vec<ArrowDiff>,
}

/// Compares two versions of a series. Linear in their size, apart from the
/// words, which are made only for what differs.
pub fn diff(old: &Series, new: &Series) -> Diff {
    let series = fields::series_fields(old, new);
    let blocks = merge(
        old.blocks().iter().map(|(id, b)| (*id, b)),
        new.blocks().iter().map(|(id, b)| (*id, b)),
    )
    .into_iter()
    .filter_map(|(id, pair)| {
        let (name, change) = match pair {
            Pair::Old(b) => (
                fields::name(old, id),
                BlockChange::Removed {
                    what: fields::what(old, id, b),
                },
            ),
            Pair::New(b) => (
                fields::name(new, id),
                BlockChange::Added {
                    what: fields::what(new, id, b),
                },
            ),
            Pair::Both(a, b) if a == b => return None,
            Pair::Both(a, b) => {
                let changed = fields::block_fields(old, new, id, a, b);
                if changed.is_empty() {
                    // What differs is unused (a chat's subject) or only the place.
                    if a.pos == b.pos {
                        return None;
                    }
                    let to = b.pos;
                    let moved = BlockChange::Moved { from: a.pos, to };
                    (fields::name(new, id), moved)
                } else {
                    (
                        fields::changed_name(new, id, b),
                        BlockChange::Changed(changed),
                    )
                }
            }
        };
        // A note on both sides: a block that became a note, or stopped being
        // one, changes a path.
        let is_note = |b: &Block| b.kind() == Kind::Note;
        let note = match pair {
            Pair::Old(b) | Pair::New(b) => is_note(b),
            Pair::Both(a, b) => is_note(a) && is_note(b),
        };
        Some(BlockDiff {
            id,
            note,
            name,
            change,
        })
    })
    .collect();
    let ports = |s: &'_ Series| {
        s.connections()
            .map(|c| (c.port(), c))
            .collect::<Vec<(Port, Connection)>>()
    };
    let mut arrows = Vec::new();
    for (_, pair) in merge(ports(old).into_iter(), ports(new).into_iter()) {
        let (removed, added) = match pair {
            Pair::Old(c) => (Some(c), None),
            Pair::New(c) => (None, Some(c)),
            Pair::Both(a, b) if a == b => continue,
            Pair::Both(a, b) => (Some(a), Some(b)),
        };
        if let Some(c) = removed {
            arrows.push(fields::arrow(old, Change::Removed, c));
        }
        if let Some(c) = added {
            arrows.push(fields::arrow(new, Change::Added, c));
        }
    }
    Diff {
        series,
        blocks,
        arrows,
    }
}

impl Diff {
    /// Whether anything differs that matters to customers (anything but moves).
    pub fn differs(&self) -> bool {
        self.change_count() > 0
    }

    /// Nothing differs at all, not even a block's place.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty() && self.blocks.is_empty() && self.arrows.is_empty()
    }

    /// What happened to a block, if anything.
    pub fn block(&self, id: BlockId) -> Option<&BlockDiff> {
        self.blocks
            .binary_search_by_key(&id, |b| b.id)
            .ok()
            .map(|i| &self.blocks[i])
    }

    /// Whether an arrow was added or removed.
    pub fn arrow(&self, arrow: Connection) -> Option<Change> {
        // Sorted by where they start: at most two share an output.
        let port = arrow.port();
        let start = self.arrows.partition_point(|a| a.arrow.port() < port);
        self.arrows[start..]
            .iter()
            .take_while(|a| a.arrow.port() == port)
            .find(|a| a.arrow == arrow)
            .map(|a| a.change)
    }

    /// Blocks that only moved on the canvas.
    pub fn moved(&self) -> impl Iterator<Item = &BlockDiff> {
        self.blocks
            .iter()
            .filter(|b| b.change.change() == Change::Moved)
    }

    /// Notes added, removed or changed (not only moved).
    pub fn notes(&self) -> impl Iterator<Item = &BlockDiff> {
        self.blocks
            .iter()
            .filter(|b| b.note && b.change.change() != Change::Moved)
    }

    /// Whether a block's change is told apart and last: it matters to no customer.
    fn aside(b: &BlockDiff) -> bool {
        b.note || b.change.change() == Change::Moved
    }

    /// How many lines of changes that matter to customers the list has.
    pub fn change_count(&self) -> usize {
        let blocks: usize = self
            .blocks
            .iter()
            .filter(|b| !b.note)
            .map(|b| match &b.change {
                BlockChange::Changed(fields) => fields.len(),
                BlockChange::Moved { .. } => 0,
                BlockChange::Added { .. } | BlockChange::Removed { .. } => 1,
            })
            .sum();
        self.series.len() + blocks + self.arrows.len()
    }

    /// "3 changes; 1 block moved on the canvas", "no changes", "no changes for
    /// customers; 2 notes changed".
    pub fn headline(&self) -> String {
        let changes = self.change_count();
        let mut aside = Vec::new();
        let moved = self.moved().count();
        if moved > 0 {
            aside.push(format!(
                "{} moved on the canvas",
                text::count(moved, "block")
            ));
        }
        let notes = self.notes().count();
        if notes > 0 {
            aside.push(format!("{} changed", text::count(notes, "note")));
        }
        let aside = aside.join(", ");
        match (changes, aside.is_empty()) {
            (0, true) => "no changes".into(),
            (0, false) => format!("no changes for customers; {aside}"),
            (_, true) => text::count(changes, "change"),
            (_, false) => format!("{}; {aside}", text::count(changes, "change")),
        }
    }

    /// The list of changes: the series, then blocks by id, then arrows, and
    /// blocks that only moved last.
    pub fn entries(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = self
            .series
            .iter()
            .map(|f| Entry {
                change: Change::Changed,
                subject: Subject::Series,
                words: f.words(),
            })
            .collect();
        let block_entries = |b: &BlockDiff| {
            let (change, subject) = (b.change.change(), Subject::Block(b.id));
            b.words().into_iter().map(move |words| Entry {
                change,
                subject,
                words,
            })
        };
        let (moved, changed): (Vec<&BlockDiff>, Vec<&BlockDiff>) =
            self.blocks.iter().partition(|b| Diff::aside(b));
        entries.extend(changed.into_iter().flat_map(block_entries));
        entries.extend(self.arrows.iter().map(|a| Entry {
            change: a.change,
            subject: Subject::Arrow(a.arrow),
            words: a.words.clone(),
        }));
        entries.extend(moved.into_iter().flat_map(block_entries));
        entries
    }
}

/// Two items with the same key, or one only on one side.
enum Pair<T> {
    Old(T),
    New(T),
    Both(T, T),
}

/// Joins two sequences sorted by key, in key order.
fn merge<K: Ord, T>(
    old: impl Iterator<Item = (K, T)>,
    new: impl Iterator<Item = (K, T)>,
) -> Vec<(K, Pair<T>)> {
    let (mut old, mut new) = (old.peekable(), new.peekable());
    let mut out = Vec::new();
    loop {
        let order = match (old.peek(), new.peek()) {
            (Some((a, _)), Some((b, _))) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => break,
        };
        let (a, b) = match order {
            std::cmp::Ordering::Less => (old.next(), None),
            std::cmp::Ordering::Greater => (None, new.next()),
            std::cmp::Ordering::Equal => (old.next(), new.next()),
        };
        match (a, b) {
            (Some((k, a)), Some((_, b))) => out.push((k, Pair::Both(a, b))),
            (Some((k, a)), None) => out.push((k, Pair::Old(a))),
            (None, Some((k, b))) => out.push((k, Pair::New(b))),
            (None, None) => break,
        }
    }
    out
}
