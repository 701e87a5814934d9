//! The series as a graph for the checks: dense indices, adjacency built once, and
//! the three questions the checks ask (who is reachable, which loops exist, what
//! comes before a block on every path). Everything is iterative, so a chain of
//! 10,000 blocks cannot overflow the stack, and linear or n log n.

use crate::model::{Block, BlockId, Kind, Output, Series};

/// Marks "no node" in the index arrays.
const NONE: u32 = u32::MAX;

/// Compressed adjacency lists: the neighbours of `v` are `targets[start[v]..start[v + 1]]`.
struct Adjacency {
    start: Vec<u32>,
    targets: Vec<u32>,
}

impl Adjacency {
    /// From (from, to) pairs over `n` nodes, keeping the pairs' order per node.
    fn new(n: usize, edges: &[(u32, u32)]) -> Self {
        let mut start = vec![0u32; n + 1];
        for &(from, _) in edges {
            start[from as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut targets = vec![0u32; edges.len()];
        for &(from, to) in edges {
            let slot = &mut fill[from as usize];
            targets[*slot as usize] = to;
            *slot += 1;
        }
        Adjacency { start, targets }
    }

    fn of(&self, v: usize) -> &[u32] {
        &self.targets[self.start[v] as usize..self.start[v + 1] as usize]
    }
}

/// The blocks as nodes `0..n` in id order, with arrows both ways.
pub(crate) struct Graph<'a> {
    pub ids: Vec<BlockId>,
    pub blocks: Vec<&'a Block>,
    pub kinds: Vec<Kind>,
    succ: Adjacency,
    /// The output each arrow of `succ` leaves from, in the same order.
    succ_output: Vec<Output>,
    pred: Adjacency,
}

impl<'a> Graph<'a> {
    pub fn new(series: &'a Series) -> Self {
        let n = series.len();
        let mut ids = Vec::with_capacity(n);
        let mut blocks = Vec::with_capacity(n);
        let mut kinds = Vec::with_capacity(n);
        for (&id, block) in series.blocks() {
            ids.push(id);
            blocks.push(block);
            kinds.push(block.kind());
        }
        let lookup = |id: BlockId| ids.binary_search(&id).ok().map(|i| i as u32);
        // A loaded series never has arrows to missing blocks; skip any all the same.
        let mut edges = Vec::with_capacity(series.connection_count());
        let mut succ_output = Vec::with_capacity(series.connection_count());
        // Arrows come ordered by where they start: walk the sorted ids alongside.
        let mut from = 0usize;
        for c in series.connections() {
            while from < n && ids[from] < c.from {
                from += 1;
            }
            if from < n
                && ids[from] == c.from
                && let Some(to) = lookup(c.to)
            {
                edges.push((from as u32, to));
                succ_output.push(c.output);
            }
        }
        // Kept in that order, `succ_output` lines up with `succ`.
        let reversed: Vec<(u32, u32)> = edges.iter().map(|&(a, b)| (b, a)).collect();
        Graph {
            succ: Adjacency::new(n, &edges),
            succ_output,
            pred: Adjacency::new(n, &reversed),
            ids,
            blocks,
            kinds,
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn index(&self, id: BlockId) -> Option<usize> {
        self.ids.binary_search(&id).ok()
    }

    pub fn succ(&self, v: usize) -> &[u32] {
        self.succ.of(v)
    }

    /// The arrows leaving `v`: (output, target), in output order.
    pub fn arrows(&self, v: usize) -> impl Iterator<Item = (Output, usize)> + '_ {
        let range = self.succ.start[v] as usize..self.succ.start[v + 1] as usize;
        self.succ_output[range.clone()]
            .iter()
            .copied()
            .zip(self.succ.targets[range].iter().map(|&w| w as usize))
    }

    /// The block with this id, found without walking the series' map.
    pub fn block(&self, id: BlockId) -> Option<&'a Block> {
        self.index(id).map(|v| self.blocks[v])
    }

    pub fn pred(&self, v: usize) -> &[u32] {
        self.pred.of(v)
    }

    /// Rule blocks nothing leads into, as `Series::entry_points` defines them.
    pub fn entry_points(&self) -> Vec<usize> {
        (0..self.len())
            .filter(|&v| self.kinds[v] == Kind::Rule && self.pred(v).is_empty())
            .collect()
    }

    /// Which nodes some start leads to (the starts included).
    pub fn reachable(&self, starts: &[usize]) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<usize> = Vec::with_capacity(starts.len());
        for &s in starts {
            if !seen[s] {
                seen[s] = true;
                stack.push(s);
            }
        }
        while let Some(v) = stack.pop() {
            for &w in self.succ(v) {
                let w = w as usize;
                if !seen[w] {
                    seen[w] = true;
                    stack.push(w);
                }
            }
        }
        seen
    }

    /// The loops among the nodes `keep` allows: strongly connected components with
    /// more than one node (or a node with an arrow to itself). Tarjan's algorithm
    /// with an explicit stack. Each loop's nodes come in ascending order; loops come
    /// in the order of their smallest node.
    pub fn loops(&self, keep: impl Fn(usize) -> bool) -> Vec<Vec<usize>> {
        let n = self.len();
        let mut order = vec![NONE; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        // (node, how many of its arrows were followed)
        let mut calls: Vec<(usize, usize)> = Vec::new();
        let mut counter = 0u32;
        let mut found = Vec::new();
        for root in 0..n {
            if !keep(root) || order[root] != NONE {
                continue;
            }
            order[root] = counter;
            low[root] = counter;
            counter += 1;
            stack.push(root as u32);
            on_stack[root] = true;
            calls.push((root, 0));
            while let Some(&mut (v, ref mut next)) = calls.last_mut() {
                if let Some(&w) = self.succ(v).get(*next) {
                    *next += 1;
                    let w = w as usize;
                    if !keep(w) {
                        continue;
                    }
                    if order[w] == NONE {
                        order[w] = counter;
                        low[w] = counter;
                        counter += 1;
                        stack.push(w as u32);
                        on_stack[w] = true;
                        calls.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(order[w]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == order[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        component.push(w as usize);
                        if w as usize == v {
                            break;
                        }
                    }
                    let self_arrow = self.succ(v).contains(&(v as u32));
                    if component.len() > 1 || self_arrow {
                        component.sort_unstable();
                        found.push(component);
                    }
                }
            }
        }
        found.sort_unstable_by_key(|c| c[0]);
        found
    }

    /// What comes before what on every path from the given entry points.
    pub fn dominators(&self, entries: &[usize]) -> Dominators {
        Dominators::new(self, entries)
    }
}

/// The dominator tree of the graph seen from a virtual start that leads to every
/// entry point: `a` dominates `b` when every path from an entry point to `b`
/// passes through `a`. Lengauer–Tarjan with path compression (O(m log n)).
pub(crate) struct Dominators {
    /// Position in a walk of the dominator tree, per node; `NONE` when unreachable.
    enter: Vec<u32>,
    leave: Vec<u32>,
}

impl Dominators {
    fn new(graph: &Graph<'_>, entries: &[usize]) -> Self {
        let n = graph.len();
        let root = n; // the virtual start
        let succ_of = |v: usize| -> &[u32] { if v == root { &[] } else { graph.succ(v) } };

        // Depth-first numbering from the virtual start. Everything below works on
        // these numbers: 0 is the start, `vertex[k]` is the node numbered k.
        let mut number = vec![NONE; n + 1];
        let mut vertex: Vec<usize> = Vec::with_capacity(n + 1);
        let mut parent: Vec<u32> = Vec::with_capacity(n + 1);
        number[root] = 0;
        vertex.push(root);
        parent.push(NONE);
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut next)) = calls.last_mut() {
            let w = if v == root {
                entries.get(*next).copied()
            } else {
                succ_of(v).get(*next).map(|&w| w as usize)
            };
            let Some(w) = w else {
                calls.pop();
                continue;
            };
            *next += 1;
            if number[w] == NONE {
                number[w] = vertex.len() as u32;
                vertex.push(w);
                parent.push(number[v]);
                calls.push((w, 0));
            }
        }
        let count = vertex.len();
        let is_entry = {
            let mut flags = vec![false; n];
            for &e in entries {
                flags[e] = true;
            }
            flags
        };

        let mut semi: Vec<u32> = (0..count as u32).collect();
        let mut label: Vec<u32> = (0..count as u32).collect();
        let mut ancestor = vec![NONE; count];
        let mut idom = vec![NONE; count];
        let mut bucket: Vec<Vec<u32>> = vec![Vec::new(); count];
        let mut path: Vec<u32> = Vec::new();
        let mut preds: Vec<u32> = Vec::new();

        for w in (1..count).rev() {
            let node = vertex[w];
            preds.clear();
            if is_entry[node] {
                preds.push(0);
            }
            preds.extend(
                graph
                    .pred(node)
                    .iter()
                    .map(|&p| number[p as usize])
                    .filter(|&p| p != NONE),
            );
            for &v in &preds {
                let u = eval(v, &mut ancestor, &mut label, &semi, &mut path);
                if semi[u as usize] < semi[w] {
                    semi[w] = semi[u as usize];
                }
            }
            bucket[semi[w] as usize].push(w as u32);
            let p = parent[w];
            ancestor[w] = p;
            for v in std::mem::take(&mut bucket[p as usize]) {
                let u = eval(v, &mut ancestor, &mut label, &semi, &mut path);
                idom[v as usize] = if semi[u as usize] < semi[v as usize] {
                    u
                } else {
                    p
                };
            }
        }
        for w in 1..count {
            if idom[w] != semi[w] {
                idom[w] = idom[idom[w] as usize];
            }
        }

        // Walk the dominator tree to give each node an interval: `a` dominates `b`
        // exactly when b's interval lies inside a's.
        let mut children_start = vec![0u32; count + 1];
        for &d in idom.iter().skip(1) {
            children_start[d as usize + 1] += 1;
        }
        for i in 0..count {
            children_start[i + 1] += children_start[i];
        }
        let mut fill = children_start.clone();
        let mut children = vec![0u32; count.saturating_sub(1)];
        for (w, &d) in idom.iter().enumerate().skip(1) {
            let slot = &mut fill[d as usize];
            children[*slot as usize] = w as u32;
            *slot += 1;
        }
        let mut enter_num = vec![0u32; count];
        let mut leave_num = vec![0u32; count];
        let mut clock = 0u32;
        let mut walk: Vec<(usize, u32)> = vec![(0, children_start[0])];
        enter_num[0] = clock;
        clock += 1;
        while let Some(&mut (v, ref mut next)) = walk.last_mut() {
            if *next < children_start[v + 1] {
                let c = children[*next as usize] as usize;
                *next += 1;
                enter_num[c] = clock;
                clock += 1;
                walk.push((c, children_start[c]));
            } else {
                leave_num[v] = clock;
                clock += 1;
                walk.pop();
            }
        }

        let mut enter = vec![NONE; n];
        let mut leave = vec![NONE; n];
        for (k, &node) in vertex.iter().enumerate().skip(1) {
            enter[node] = enter_num[k];
            leave[node] = leave_num[k];
        }
        Dominators { enter, leave }
    }

    /// Whether some entry point leads to `v`.
    pub fn reached(&self, v: usize) -> bool {
        self.enter[v] != NONE
    }

    /// Whether every path from an entry point to `b` passes through `a` (and `b`
    /// is reachable). A node dominates itself.
    pub fn dominates(&self, a: usize, b: usize) -> bool {
        self.reached(a)
            && self.reached(b)
            && self.enter[a] <= self.enter[b]
            && self.leave[b] <= self.leave[a]
    }
}

/// The node with the smallest semi-dominator on the tree path above `v` (Lengauer–
/// Tarjan's EVAL), compressing the path on the way; iterative.
fn eval(v: u32, ancestor: &mut [u32], label: &mut [u32], semi: &[u32], path: &mut Vec<u32>) -> u32 {
    if ancestor[v as usize] == NONE {
        return v;
    }
    path.clear();
    let mut x = v;
    while ancestor[x as usize] != NONE && ancestor[ancestor[x as usize] as usize] != NONE {
        path.push(x);
        x = ancestor[x as usize];
    }
    for &y in path.iter().rev() {
        let a = ancestor[y as usize] as usize;
        if semi[label[a] as usize] < semi[label[y as usize] as usize] {
            label[y as usize] = label[a];
        }
        ancestor[y as usize] = ancestor[a];
    }
    label[v as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32)]) -> Graph<'static> {
        let mut edges = edges.to_vec();
        edges.sort_unstable();
        let reversed: Vec<(u32, u32)> = edges.iter().map(|&(a, b)| (b, a)).collect();
        Graph {
            ids: (0..n as u64).map(BlockId).collect(),
            blocks: Vec::new(),
            kinds: vec![Kind::Content; n],
            succ: Adjacency::new(n, &edges),
            succ_output: vec![Output::Next; edges.len()],
            pred: Adjacency::new(n, &reversed),
        }
    }

    /// Dominance by brute force: remove `a`, see whether `b` is still reachable.
    fn dominates_slow(g: &Graph<'_>, entries: &[usize], a: usize, b: usize) -> bool {
        let reach = g.reachable(entries);
        if !reach[b] || !reach[a] {
            return false;
        }
        if a == b {
            return true;
        }
        let mut seen = vec![false; g.len()];
        let mut stack: Vec<usize> = entries.iter().copied().filter(|&e| e != a).collect();
        for &s in &stack {
            seen[s] = true;
        }
        while let Some(v) = stack.pop() {
            for &w in g.succ(v) {
                let w = w as usize;
                if w != a && !seen[w] {
                    seen[w] = true;
                    stack.push(w);
                }
            }
        }
        !seen[b]
    }

    #[test]
    fn dominators_match_brute_force_on_a_tangled_graph() {
        // Two entries, diverging and converging paths, a loop back, an unreachable pair.
        let edges = [
            (0, 2),
            (1, 3),
            (2, 3),
            (2, 4),
            (3, 5),
            (4, 5),
            (5, 6),
            (6, 2),
            (6, 7),
            (4, 7),
            (8, 9),
            (9, 5),
        ];
        let g = graph(10, &edges);
        for entries in [vec![0], vec![0, 1], vec![1]] {
            let d = g.dominators(&entries);
            for a in 0..10 {
                for b in 0..10 {
                    assert_eq!(
                        d.dominates(a, b),
                        dominates_slow(&g, &entries, a, b),
                        "entries {entries:?}: does {a} dominate {b}?"
                    );
                }
            }
        }
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let edges: Vec<(u32, u32)> = (0..n as u32 - 1).map(|i| (i, i + 1)).collect();
        let g = graph(n, &edges);
        let d = g.dominators(&[0]);
        assert!(d.dominates(0, n - 1));
        assert!(d.dominates(n / 2, n - 1));
        assert!(!d.dominates(n - 1, n / 2));
        assert!(g.loops(|_| true).is_empty());
    }

    #[test]
    fn loops_are_found_and_can_be_cut() {
        // 0 -> 1 -> 2 -> 0 and 3 -> 4 -> 3; 5 on its own.
        let g = graph(6, &[(0, 1), (1, 2), (2, 0), (3, 4), (4, 3), (2, 5)]);
        assert_eq!(g.loops(|_| true), vec![vec![0, 1, 2], vec![3, 4]]);
        assert_eq!(g.loops(|v| v != 1), vec![vec![3, 4]]);
    }

    proptest::proptest! {
        #[test]
        fn dominators_match_brute_force_on_random_graphs(
            n in 1usize..14,
            raw in proptest::collection::vec((0u32..14, 0u32..14), 0..40),
            entry_count in 1usize..4,
        ) {
            let edges: Vec<(u32, u32)> = raw
                .into_iter()
                .filter(|&(a, b)| (a as usize) < n && (b as usize) < n && a != b)
                .collect();
            let g = graph(n, &edges);
            let entries: Vec<usize> = (0..n.min(entry_count)).collect();
            let d = g.dominators(&entries);
            for a in 0..n {
                for b in 0..n {
                    proptest::prop_assert_eq!(
                        d.dominates(a, b),
                        dominates_slow(&g, &entries, a, b),
                        "does {} dominate {}?", a, b
                    );
                }
            }
        }
    }
}
