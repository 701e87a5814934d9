//! Tidy up: a layered (Sugiyama-style) layout of a series or of some of its
//! blocks, as one [`Edit::Move`].
//!
//! No layered-layout crate fits: `rust-sugiyama` 0.4 places points with one
//! spacing for all (no card sizes, no order of outputs) and brings `petgraph`;
//! `layout-rs` 0.1 is a Graphviz-style renderer with its own shapes. Neither
//! knows our arrows' curves, and neither is on the allowed list. So our own,
//! in the classic four steps:
//! 1. arrows that close a loop are set aside (a depth-first walk from the entry
//!    points, in output order), so what is left flows downwards;
//! 2. layers: entry points on top, every other block one layer below the lowest
//!    block leading into it; an arrow that skips layers gets a placeholder in
//!    each layer it passes, so room is kept for it;
//! 3. order within layers: start from the walk's order (the first output's
//!    branch on the left), then sweep down and up by the mean position of
//!    neighbours, keeping the order with the fewest crossings;
//! 4. x: each card under the arrows that reach it, placeholders first so long
//!    arrows run straight, then cards pushed apart where an arrow's real curve
//!    would pass behind one.
//!
//! Separate groups of connected blocks are laid out side by side, in the order
//! they were on the canvas from left to right (many groups in rows, about as
//! wide as a screen's shape); the whole keeps its top-left corner. A split
//! test's branches are outputs like any other: side by side, A on the left.
//!
//! Notes stay where they are: they are on no path, and the marketer put each
//! beside what it explains. Cards are kept off them: a group that would cover
//! a note moves right of it or below it, whichever is the shorter move (so a
//! note beside a series stays beside it, and one above stays above).

use std::collections::{BTreeMap, BTreeSet};

use crate::edit::Edit;
use crate::geometry::{arrow_controls, bezier, block_size, output_offset};
use crate::model::{Block, BlockId, Kind, Pos, Series};

/// Room between two layers of cards, for the arrows.
pub const LAYER_GAP: f32 = 80.0;
/// Room between two cards side by side.
pub const SIDE_GAP: f32 = 60.0;
/// Room kept in a layer for an arrow passing through it.
const PASSAGE_WIDTH: f32 = 40.0;
/// Room between separate groups of blocks.
const GROUP_GAP: f32 = 120.0;
/// Room kept between a note and the cards tidied round it.
const NOTE_GAP: f32 = 40.0;
/// Up to this many separate groups stand in one row.
const SIDE_BY_SIDE: usize = 12;
/// Sweeps of ordering and of placing.
const ORDER_SWEEPS: usize = 12;
const PLACE_ROUNDS: usize = 4;
/// Rounds of pushing cards away from arrows that pass behind them.
const CLEAR_ROUNDS: usize = 12;
/// Points sampled along each arrow when looking for cards behind it.
const SAMPLES: usize = 48;

/// The new position of every block in `scope` (all blocks when `None`), as one
/// edit; `None` when nothing would move. Notes never move.
pub fn tidy(series: &Series, scope: Option<&BTreeSet<BlockId>>) -> Option<Edit> {
    let ids: Vec<BlockId> = series
        .blocks()
        .keys()
        .copied()
        .filter(|id| scope.is_none_or(|s| s.contains(id)))
        .collect();
    let placed = layout(series, &ids);
    let moves: Vec<(BlockId, Pos)> = placed
        .into_iter()
        .filter(|(id, pos)| series.block(*id).is_some_and(|b| b.pos != *pos))
        .collect();
    (!moves.is_empty()).then_some(Edit::Move(moves))
}

/// Where each of `ids` goes (notes among them stay where they are).
pub fn layout(series: &Series, ids: &[BlockId]) -> Vec<(BlockId, Pos)> {
    let graph = Graph::new(series, ids);
    if graph.len() == 0 {
        return Vec::new();
    }
    let notes = Notes::of(series);
    let origin = graph.top_left();
    // Each group laid out on its own, from (0, 0), with its size.
    let groups: Vec<Laid> = graph
        .groups()
        .iter()
        .map(|members| {
            let mut placed = Group::new(&graph, members).place();
            let min_x = placed
                .iter()
                .map(|(_, p)| p.x)
                .fold(f32::INFINITY, f32::min);
            let (mut w, mut h) = (0.0f32, 0.0f32);
            for (v, p) in &mut placed {
                p.x -= min_x;
                w = w.max(p.x + graph.size[*v].0);
                h = h.max(p.y + graph.size[*v].1);
            }
            Laid {
                blocks: placed,
                width: w,
                height: h,
            }
        })
        .collect();
    // A few groups stand side by side; many wrap into rows about as wide as a
    // screen's shape, not one endless row.
    let row_width = if groups.len() <= SIDE_BY_SIDE {
        f32::INFINITY
    } else {
        let area: f32 = groups
            .iter()
            .map(|g| (g.width + GROUP_GAP) * (g.height + GROUP_GAP))
            .sum();
        let widest = groups.iter().map(|g| g.width).fold(0.0, f32::max);
        (area * 16.0 / 9.0).sqrt().max(widest)
    };
    let mut out = Vec::with_capacity(graph.len());
    let (mut left, mut top, mut row_height) = (0.0f32, 0.0f32, 0.0f32);
    for group in groups {
        if left > 0.0 && left + group.width > row_width {
            (left, top, row_height) = (0.0, top + row_height + GROUP_GAP, 0.0);
        }
        let cards = || group.blocks.iter().map(|(v, p)| (*p, graph.size[*v]));
        let at = notes.clear_of(Pos::new(origin.x + left, origin.y + top), cards);
        let (shift_x, shift_y) = (at.x - origin.x - left, at.y - origin.y - top);
        for (v, p) in group.blocks {
            let to = Pos::new((at.x + p.x).round(), (at.y + p.y).round());
            out.push((graph.ids[v], to));
        }
        left += shift_x + group.width + GROUP_GAP;
        row_height = row_height.max(shift_y + group.height);
    }
    out
}

/// The notes of a series, as rectangles (min, max) the tidied cards keep off.
struct Notes(Vec<(Pos, Pos)>);

impl Notes {
    fn of(series: &Series) -> Notes {
        Notes(
            series
                .blocks()
                .values()
                .filter(|b| b.kind() == Kind::Note)
                .map(|b| {
                    let (w, h) = block_size(b);
                    (b.pos, Pos::new(b.pos.x + w, b.pos.y + h))
                })
                .collect(),
        )
    }

    /// Where a group whose cards are `cards` (places from its top-left, and
    /// sizes) goes, at `at` or right of or below it, so no card covers a note.
    /// Each move takes the group past one note for good (a move right keeps its
    /// top, a move down its left), so there are at most as many as notes.
    fn clear_of<I>(&self, mut at: Pos, cards: impl Fn() -> I) -> Pos
    where
        I: Iterator<Item = (Pos, (f32, f32))>,
    {
        if self.0.is_empty() {
            return at;
        }
        for _ in 0..self.0.len() {
            let covered = self.0.iter().find(|(min, max)| {
                cards().any(|(p, (w, h))| {
                    let (x, y) = (at.x + p.x, at.y + p.y);
                    x < max.x + NOTE_GAP
                        && x + w > min.x - NOTE_GAP
                        && y < max.y + NOTE_GAP
                        && y + h > min.y - NOTE_GAP
                })
            });
            let Some((_, max)) = covered else {
                break;
            };
            let right = max.x + NOTE_GAP - at.x;
            let down = max.y + NOTE_GAP - at.y;
            if right <= down {
                at.x += right;
            } else {
                at.y += down;
            }
        }
        at
    }
}

/// One group laid out from (0, 0): where its blocks go, and its size.
struct Laid {
    blocks: Vec<(usize, Pos)>,
    width: f32,
    height: f32,
}

/// The blocks to lay out and the arrows between them, by index.
struct Graph {
    ids: Vec<BlockId>,
    pos: Vec<Pos>,
    size: Vec<(f32, f32)>,
    /// Arrows out of each block, in output order: (output index, outputs, target).
    out: Vec<Vec<(usize, usize, usize)>>,
    preds: Vec<Vec<usize>>,
}

impl Graph {
    fn new(series: &Series, ids: &[BlockId]) -> Graph {
        // Notes are on no path: they stay where they are.
        let blocks: Vec<(BlockId, &Block)> = ids
            .iter()
            .filter_map(|id| series.block(*id).map(|b| (*id, b)))
            .filter(|(_, b)| b.kind().on_paths())
            .collect();
        let index: BTreeMap<BlockId, usize> = blocks
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        let n = blocks.len();
        let mut g = Graph {
            ids: Vec::with_capacity(n),
            pos: Vec::with_capacity(n),
            size: Vec::with_capacity(n),
            out: vec![Vec::new(); n],
            preds: vec![Vec::new(); n],
        };
        for (id, block) in blocks {
            g.ids.push(id);
            g.pos.push(block.pos);
            g.size.push(block_size(block));
        }
        for c in series.connections() {
            let (Some(&u), Some(&v)) = (index.get(&c.from), index.get(&c.to)) else {
                continue;
            };
            let Some(block) = series.block(c.from) else {
                continue;
            };
            let outputs = block.outputs();
            let slot = outputs.iter().position(|o| *o == c.output).unwrap_or(0);
            g.out[u].push((slot, outputs.len(), v));
            g.preds[v].push(u);
        }
        for list in &mut g.out {
            list.sort_by_key(|(slot, _, _)| *slot);
        }
        g
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn top_left(&self) -> Pos {
        self.pos
            .iter()
            .fold(Pos::new(f32::INFINITY, f32::INFINITY), |a, p| {
                Pos::new(a.x.min(p.x), a.y.min(p.y))
            })
    }

    /// Groups of blocks joined by arrows (either way), left to right as they were.
    fn groups(&self) -> Vec<Vec<usize>> {
        let mut group = vec![usize::MAX; self.len()];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for start in 0..self.len() {
            if group[start] != usize::MAX {
                continue;
            }
            let g = groups.len();
            let mut members = vec![start];
            group[start] = g;
            let mut i = 0;
            while let Some(&v) = members.get(i) {
                i += 1;
                let next = self.out[v]
                    .iter()
                    .map(|e| e.2)
                    .chain(self.preds[v].iter().copied());
                for w in next.collect::<Vec<_>>() {
                    if group[w] == usize::MAX {
                        group[w] = g;
                        members.push(w);
                    }
                }
            }
            members.sort_unstable();
            groups.push(members);
        }
        let left = |members: &Vec<usize>| {
            members
                .iter()
                .map(|&v| (self.pos[v].x, self.pos[v].y))
                .fold((f32::INFINITY, f32::INFINITY), |a, b| {
                    if b.0 < a.0 || (b.0 == a.0 && b.1 < a.1) {
                        b
                    } else {
                        a
                    }
                })
        };
        groups.sort_by(|a, b| {
            let (a, b) = (left(a), left(b));
            a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1))
        });
        groups
    }
}

/// One arrow between neighbouring layers, in the layered graph.
#[derive(Debug, Clone, Copy)]
struct Link {
    from: usize,
    to: usize,
    /// Where it leaves `from`, from its left edge (its centre for a passage).
    offset: f32,
}

/// One group laid out: its blocks, then passages (placeholders of long arrows).
struct Group<'g> {
    graph: &'g Graph,
    /// Graph index of each real node; nodes past `real.len()` are passages.
    real: Vec<usize>,
    width: Vec<f32>,
    layer: Vec<usize>,
    links: Vec<Link>,
    down: Vec<Vec<usize>>,
    up: Vec<Vec<usize>>,
    /// The arrows that flow down, for the final clearing.
    arrows: Vec<Arrow>,
}

impl<'g> Group<'g> {
    fn new(graph: &'g Graph, members: &[usize]) -> Group<'g> {
        let local: BTreeMap<usize, usize> =
            members.iter().enumerate().map(|(i, v)| (*v, i)).collect();
        let n = members.len();
        let backward = back_arrows(graph, members, &local);
        // Layers by longest path over the arrows that flow down (Kahn's order).
        let mut indegree = vec![0usize; n];
        for (i, &v) in members.iter().enumerate() {
            for (k, e) in graph.out[v].iter().enumerate() {
                if !backward.contains(&(i, k)) {
                    indegree[local[&e.2]] += 1;
                }
            }
        }
        let mut layer = vec![0usize; n];
        let mut ready: Vec<usize> = (0..n).filter(|i| indegree[*i] == 0).collect();
        while let Some(i) = ready.pop() {
            for (k, e) in graph.out[members[i]].iter().enumerate() {
                if backward.contains(&(i, k)) {
                    continue;
                }
                let j = local[&e.2];
                layer[j] = layer[j].max(layer[i] + 1);
                indegree[j] -= 1;
                if indegree[j] == 0 {
                    ready.push(j);
                }
            }
        }
        let mut g = Group {
            graph,
            real: members.to_vec(),
            width: members.iter().map(|v| graph.size[*v].0).collect(),
            layer,
            links: Vec::new(),
            down: vec![Vec::new(); n],
            up: vec![Vec::new(); n],
            arrows: Vec::new(),
        };
        for (i, &v) in members.iter().enumerate() {
            for (k, &(slot, outputs, w)) in graph.out[v].iter().enumerate() {
                if backward.contains(&(i, k)) {
                    continue;
                }
                let j = local[&w];
                let start = output_offset(slot, outputs);
                g.arrows.push(Arrow {
                    from: i,
                    offset: start,
                    to: j,
                });
                let (mut from, mut offset) = (i, start);
                for l in g.layer[i] + 1..g.layer[j] {
                    let p = g.add_passage(l);
                    g.link(from, p, offset);
                    (from, offset) = (p, PASSAGE_WIDTH / 2.0);
                }
                g.link(from, j, offset);
            }
        }
        g
    }

    fn add_passage(&mut self, layer: usize) -> usize {
        self.width.push(PASSAGE_WIDTH);
        self.layer.push(layer);
        self.down.push(Vec::new());
        self.up.push(Vec::new());
        self.width.len() - 1
    }

    fn link(&mut self, from: usize, to: usize, offset: f32) {
        let k = self.links.len();
        self.links.push(Link { from, to, offset });
        self.down[from].push(k);
        self.up[to].push(k);
    }

    fn is_passage(&self, v: usize) -> bool {
        v >= self.real.len()
    }

    /// Positions (x from the group's left, y from its top) of its blocks.
    fn place(&self) -> Vec<(usize, Pos)> {
        let layers = self.order();
        let mut x = vec![0.0f32; self.width.len()];
        for layer in &layers {
            let mut at = 0.0;
            for &v in layer {
                x[v] = at;
                at += self.width[v] + SIDE_GAP;
            }
        }
        for _ in 0..PLACE_ROUNDS {
            for layer in layers.iter().skip(1) {
                self.align(layer, &mut x, true);
            }
            for layer in layers.iter().rev().skip(1) {
                self.align(layer, &mut x, false);
            }
        }
        for layer in layers.iter().skip(1) {
            self.align(layer, &mut x, true);
        }
        // Last, each parent over its children: a split's middle branch (or a
        // rule's two) then leaves straight down, whatever order the children
        // were pushed apart in.
        for layer in layers.iter().rev().skip(1) {
            self.align(layer, &mut x, false);
        }
        let mut top = vec![0.0f32; layers.len()];
        for l in 1..layers.len() {
            let tallest = layers[l - 1]
                .iter()
                .filter(|v| !self.is_passage(**v))
                .map(|v| self.graph.size[self.real[*v]].1)
                .fold(0.0, f32::max);
            top[l] = top[l - 1] + tallest + LAYER_GAP;
        }
        self.clear_arrows(&layers, &mut x, &top);
        (0..self.real.len())
            .map(|v| (self.real[v], Pos::new(x[v], top[self.layer[v]])))
            .collect()
    }

    /// The nodes of each layer, left to right, with few crossings.
    fn order(&self) -> Vec<Vec<usize>> {
        let count = self.layer.iter().max().map_or(0, |m| m + 1);
        // The walk's order: from each top node, depth first, first output first.
        let mut seen = vec![false; self.width.len()];
        let mut layers: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut roots: Vec<usize> = (0..self.width.len())
            .filter(|v| self.up[*v].is_empty())
            .collect();
        roots.sort_by(|a, b| self.start_x(*a).total_cmp(&self.start_x(*b)));
        for root in roots {
            let mut stack = vec![root];
            while let Some(v) = stack.pop() {
                if std::mem::replace(&mut seen[v], true) {
                    continue;
                }
                layers[self.layer[v]].push(v);
                for &k in self.down[v].iter().rev() {
                    stack.push(self.links[k].to);
                }
            }
        }
        let mut best = layers.clone();
        let mut best_crossings = self.crossings(&best);
        for sweep in 0..ORDER_SWEEPS {
            let downwards = sweep % 2 == 0;
            let mut position = vec![0.0f32; self.width.len()];
            let rank = |layers: &Vec<Vec<usize>>, position: &mut Vec<f32>| {
                for layer in layers {
                    for (i, &v) in layer.iter().enumerate() {
                        position[v] = i as f32;
                    }
                }
            };
            rank(&layers, &mut position);
            let range: Vec<usize> = if downwards {
                (1..count).collect()
            } else {
                (0..count.saturating_sub(1)).rev().collect()
            };
            for l in range {
                let mut keyed: Vec<(f32, usize)> = layers[l]
                    .iter()
                    .map(|&v| (self.barycentre(v, downwards, &position), v))
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
                layers[l] = keyed.into_iter().map(|(_, v)| v).collect();
                for (i, &v) in layers[l].iter().enumerate() {
                    position[v] = i as f32;
                }
            }
            let crossings = self.crossings(&layers);
            if crossings < best_crossings {
                best_crossings = crossings;
                best = layers.clone();
            }
        }
        best
    }

    /// Where a node was on the canvas, to keep separate top nodes as they were.
    fn start_x(&self, v: usize) -> f32 {
        if self.is_passage(v) {
            f32::INFINITY
        } else {
            self.graph.pos[self.real[v]].x
        }
    }

    /// The mean position of a node's neighbours above (or below), each arrow's
    /// output nudging it so a rule's "match" branch stays left of "no match".
    fn barycentre(&self, v: usize, downwards: bool, position: &[f32]) -> f32 {
        let links = if downwards {
            &self.up[v]
        } else {
            &self.down[v]
        };
        if links.is_empty() {
            return position[v];
        }
        let sum: f32 = links
            .iter()
            .map(|&k| {
                let link = self.links[k];
                if downwards {
                    position[link.from] + (link.offset / self.width[link.from] - 0.5) * 0.5
                } else {
                    position[link.to]
                }
            })
            .sum();
        sum / links.len() as f32
    }

    /// How many pairs of arrows cross between neighbouring layers.
    fn crossings(&self, layers: &[Vec<usize>]) -> usize {
        let mut position = vec![0usize; self.width.len()];
        for layer in layers {
            for (i, &v) in layer.iter().enumerate() {
                position[v] = i;
            }
        }
        let position = &position;
        let mut total = 0;
        for layer in layers {
            let mut pairs: Vec<(usize, f32, usize)> = layer
                .iter()
                .flat_map(|&v| {
                    self.down[v].iter().map(move |&k| {
                        let link = self.links[k];
                        (position[v], link.offset, position[link.to])
                    })
                })
                .collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let targets: Vec<usize> = pairs.iter().map(|p| p.2).collect();
            total += inversions(&targets);
        }
        total
    }

    /// One sweep over a layer: each node towards the mean of where its arrows
    /// come from (above) or go to (below); passages first, then by arrow count.
    fn align(&self, layer: &[usize], x: &mut [f32], downwards: bool) {
        let want: Vec<Option<f32>> = layer
            .iter()
            .map(|&v| {
                let links = if downwards {
                    &self.up[v]
                } else {
                    &self.down[v]
                };
                if links.is_empty() {
                    return None;
                }
                let sum: f32 = links
                    .iter()
                    .map(|&k| {
                        let link = self.links[k];
                        if downwards {
                            // Its input (top middle) under the arrow's start.
                            x[link.from] + link.offset - self.width[v] / 2.0
                        } else {
                            x[link.to] + self.width[link.to] / 2.0 - link.offset
                        }
                    })
                    .sum();
                Some(sum / links.len() as f32)
            })
            .collect();
        let mut by_priority: Vec<usize> = (0..layer.len()).filter(|i| want[*i].is_some()).collect();
        by_priority.sort_by_key(|&i| {
            let v = layer[i];
            let links = if downwards {
                &self.up[v]
            } else {
                &self.down[v]
            };
            (!self.is_passage(v), std::cmp::Reverse(links.len()))
        });
        let mut fixed = vec![false; layer.len()];
        let gap = |a: usize, b: usize| self.width[layer[a]] + gap_between(self, layer[a], layer[b]);
        for i in by_priority {
            let Some(target) = want[i] else { continue };
            let mut to = target;
            // As far as the nearest fixed node on that side allows.
            if to < x[layer[i]] {
                let mut room = 0.0;
                for j in (0..i).rev() {
                    room += gap(j, j + 1);
                    if fixed[j] {
                        to = to.max(x[layer[j]] + room);
                        break;
                    }
                }
                x[layer[i]] = to;
                for j in (0..i).rev() {
                    let most = x[layer[j + 1]] - gap(j, j + 1);
                    if x[layer[j]] <= most {
                        break;
                    }
                    x[layer[j]] = most;
                }
            } else {
                let mut room = 0.0;
                for j in i + 1..layer.len() {
                    room += gap(j - 1, j);
                    if fixed[j] {
                        to = to.min(x[layer[j]] - room);
                        break;
                    }
                }
                x[layer[i]] = to;
                for j in i + 1..layer.len() {
                    let least = x[layer[j - 1]] + gap(j - 1, j);
                    if x[layer[j]] >= least {
                        break;
                    }
                    x[layer[j]] = least;
                }
            }
            fixed[i] = true;
        }
    }

    /// Pushes cards sideways, with everything beyond them in their layer, where
    /// an arrow's curve (as the canvas draws it) would pass behind them.
    fn clear_arrows(&self, layers: &[Vec<usize>], x: &mut [f32], top: &[f32]) {
        let height = |v: usize| self.graph.size[self.real[v]].1;
        for _ in 0..CLEAR_ROUNDS {
            let mut moved = false;
            for arrow in &self.arrows {
                let (a, b) = (arrow.from, arrow.to);
                let from = Pos::new(x[a] + arrow.offset, top[self.layer[a]] + height(a));
                let to = Pos::new(x[b] + self.width[b] / 2.0, top[self.layer[b]]);
                let curve = arrow_controls(from, to);
                for s in 1..SAMPLES {
                    let p = bezier(&curve, s as f32 / SAMPLES as f32);
                    for l in self.layer[a]..=self.layer[b] {
                        moved |= self.push_aside(&layers[l], x, top[l], p, (a, b));
                    }
                }
            }
            if !moved {
                break;
            }
        }
    }
}

impl Group<'_> {
    /// Pushes the card of `layer` (at `top`) that `p`, a point of the arrow
    /// between `ends`, is behind, with the cards beyond it, out of the way;
    /// whether it moved one. Cards in a layer are in x order, so only those
    /// near `p` are looked at.
    fn push_aside(
        &self,
        layer: &[usize],
        x: &mut [f32],
        top: f32,
        p: Pos,
        ends: (usize, usize),
    ) -> bool {
        let first = layer.partition_point(|&v| x[v] + self.width[v] + CLEARANCE <= p.x);
        for i in first..layer.len() {
            let v = layer[i];
            let (left, right) = (x[v] - CLEARANCE, x[v] + self.width[v] + CLEARANCE);
            if left >= p.x {
                return false;
            }
            if self.is_passage(v) || v == ends.0 || v == ends.1 {
                continue;
            }
            let height = self.graph.size[self.real[v]].1;
            if p.x >= right || p.y <= top - CLEARANCE || p.y >= top + height + CLEARANCE {
                continue;
            }
            if x[v] + self.width[v] / 2.0 >= p.x {
                let shift = p.x - left;
                for &w in &layer[i..] {
                    x[w] += shift;
                }
            } else {
                let shift = right - p.x;
                for &w in &layer[..=i] {
                    x[w] -= shift;
                }
            }
            return true;
        }
        false
    }
}

/// One arrow that flows down, from a block to a block.
struct Arrow {
    from: usize,
    /// Where it leaves `from`, from its left edge.
    offset: f32,
    to: usize,
}

/// Room kept between an arrow and the side of a card it passes.
const CLEARANCE: f32 = 12.0;

/// Room between two neighbours in a layer: less beside a passage.
fn gap_between(group: &Group, a: usize, b: usize) -> f32 {
    if group.is_passage(a) || group.is_passage(b) {
        SIDE_GAP / 2.0
    } else {
        SIDE_GAP
    }
}

/// Arrows that close a loop: (member index, arrow index) found by a depth-first
/// walk from the entry points (nodes nothing leads into), first output first.
fn back_arrows(
    graph: &Graph,
    members: &[usize],
    local: &BTreeMap<usize, usize>,
) -> BTreeSet<(usize, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let n = members.len();
    let mut mark = vec![Mark::New; n];
    let mut back = BTreeSet::new();
    let mut starts: Vec<usize> = (0..n)
        .filter(|i| graph.preds[members[*i]].is_empty())
        .collect();
    // A group that is all loop has no entry: start from its top-left block.
    starts.extend(0..n);
    for start in starts {
        if mark[start] != Mark::New {
            continue;
        }
        // (node, next arrow to follow)
        let mut stack = vec![(start, 0usize)];
        mark[start] = Mark::Open;
        while let Some(top) = stack.last_mut() {
            let (i, k) = *top;
            match graph.out[members[i]].get(k) {
                Some(&(_, _, w)) => {
                    top.1 += 1;
                    let j = local[&w];
                    match mark[j] {
                        Mark::New => {
                            mark[j] = Mark::Open;
                            stack.push((j, 0));
                        }
                        Mark::Open => {
                            back.insert((i, k));
                        }
                        Mark::Done => {}
                    }
                }
                None => {
                    mark[i] = Mark::Done;
                    stack.pop();
                }
            }
        }
    }
    back
}

/// Pairs out of order in `v`: O(n log n), by merge sort.
fn inversions(v: &[usize]) -> usize {
    fn sort(v: &mut [usize], scratch: &mut Vec<usize>) -> usize {
        let n = v.len();
        if n < 2 {
            return 0;
        }
        let mid = n / 2;
        let mut count = sort(&mut v[..mid], scratch) + sort(&mut v[mid..], scratch);
        scratch.clear();
        let (mut i, mut j) = (0, mid);
        while i < mid && j < n {
            if v[j] < v[i] {
                count += mid - i;
                scratch.push(v[j]);
                j += 1;
            } else {
                scratch.push(v[i]);
                i += 1;
            }
        }
        scratch.extend_from_slice(&v[i..mid]);
        scratch.extend_from_slice(&v[j..n]);
        v.copy_from_slice(scratch);
        count
    }
    let mut copy = v.to_vec();
    sort(&mut copy, &mut Vec::with_capacity(v.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversions_count_pairs_out_of_order() {
        assert_eq!(inversions(&[0, 1, 2]), 0);
        assert_eq!(inversions(&[2, 1, 0]), 3);
        assert_eq!(inversions(&[1, 0, 2, 2, 0]), 4);
    }
}
