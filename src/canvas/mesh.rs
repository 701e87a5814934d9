//! Our own tessellation for what is drawn by the thousand: feathered (anti-
//! aliased) polylines and convex polygons, straight into one reused mesh.

use std::sync::Arc;

use egui::epaint::Mesh;
use egui::{Color32, Pos2, Rect, Vec2, pos2, vec2};

/// The mesh inside `arc`, emptied, without reallocating when egui is done with it.
pub fn reuse(arc: &mut Arc<Mesh>) -> &mut Mesh {
    if Arc::get_mut(arc).is_none() {
        *arc = Arc::default();
    }
    let mesh = Arc::make_mut(arc);
    mesh.clear();
    mesh
}

fn unit(a: Pos2, b: Pos2) -> Vec2 {
    let d = b - a;
    // `sqrt`, not `length` (hypot), which shows up in profiles of big series.
    let len = (d.x * d.x + d.y * d.y).sqrt();
    if len > 1e-6 { d / len } else { Vec2::ZERO }
}

/// A polyline of `width` points with feathered (anti-aliased) edges.
pub fn stroke_line(mesh: &mut Mesh, pts: &[Pos2], width: f32, color: Color32, aa: f32) {
    let n = pts.len();
    if n < 2 {
        return;
    }
    // A hairline needs no solid core: one coloured spine fading to both sides,
    // three vertices a point instead of four (far-away views draw thousands).
    let hairline = width <= 1.5 * aa.max(1.0);
    let per = if hairline { 3 } else { 4 };
    let inner = (width - aa) * 0.5;
    let outer = (width + aa) * 0.5;
    let base = mesh.vertices.len() as u32;
    mesh.reserve_vertices(per * n);
    mesh.reserve_triangles(2 * (per - 1) * (n - 1));
    for i in 0..n {
        let d0 = unit(pts[i.saturating_sub(1)], pts[i]);
        let d1 = unit(pts[i], pts[(i + 1).min(n - 1)]);
        let d0 = if i == 0 { d1 } else { d0 };
        let d1 = if i == n - 1 { d0 } else { d1 };
        let tangent = (d0 + d1).normalized();
        let normal = tangent.rot90();
        let miter = normal.dot(d0.rot90()).max(0.4);
        let normal = normal / miter;
        let p = pts[i];
        if hairline {
            let side = normal * width.max(aa);
            mesh.colored_vertex(p + side, Color32::TRANSPARENT);
            mesh.colored_vertex(p, color);
            mesh.colored_vertex(p - side, Color32::TRANSPARENT);
        } else {
            mesh.colored_vertex(p + normal * outer, Color32::TRANSPARENT);
            mesh.colored_vertex(p + normal * inner, color);
            mesh.colored_vertex(p - normal * inner, color);
            mesh.colored_vertex(p - normal * outer, Color32::TRANSPARENT);
        }
    }
    let per = per as u32;
    for i in 0..(n as u32 - 1) {
        let a = base + per * i;
        let b = a + per;
        for k in 0..per - 1 {
            mesh.add_triangle(a + k, a + k + 1, b + k);
            mesh.add_triangle(a + k + 1, b + k + 1, b + k);
        }
    }
}

/// A filled convex polygon with feathered edges.
pub fn fill_convex(mesh: &mut Mesh, pts: &[Pos2], color: Color32, aa: f32) {
    let n = pts.len();
    if n < 3 {
        return;
    }
    let centre = (pts.iter().fold(Vec2::ZERO, |acc, p| acc + p.to_vec2()) / n as f32).to_pos2();
    let outward = |a: Pos2, b: Pos2| {
        let normal = unit(a, b).rot90();
        if normal.dot(a.lerp(b, 0.5) - centre) < 0.0 {
            -normal
        } else {
            normal
        }
    };
    let base = mesh.vertices.len() as u32;
    for i in 0..n {
        let prev = pts[(i + n - 1) % n];
        let next = pts[(i + 1) % n];
        let n0 = outward(prev, pts[i]);
        let n1 = outward(pts[i], next);
        let normal = (n0 + n1).normalized();
        let miter = normal.dot(n0).max(0.3);
        let offset = normal * (aa * 0.5 / miter);
        mesh.colored_vertex(pts[i] - offset, color);
        mesh.colored_vertex(pts[i] + offset, Color32::TRANSPARENT);
    }
    let n = n as u32;
    for i in 1..n - 1 {
        mesh.add_triangle(base, base + 2 * i, base + 2 * (i + 1));
    }
    for i in 0..n {
        let j = (i + 1) % n;
        let (ai, ao, bi, bo) = (
            base + 2 * i,
            base + 2 * i + 1,
            base + 2 * j,
            base + 2 * j + 1,
        );
        mesh.add_triangle(ai, ao, bi);
        mesh.add_triangle(ao, bo, bi);
    }
}

/// A rounded rectangle as a convex polygon, in `out`: four points per corner,
/// or two where the corners are too small to tell.
pub fn rounded(r: Rect, radius: f32, out: &mut Vec<Pos2>) -> &[Pos2] {
    let radius = radius.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
    let steps: usize = if radius < 4.0 {
        2
    } else if radius < 8.0 {
        4
    } else {
        6
    };
    let corners = [
        (pos2(r.max.x - radius, r.min.y + radius), -90.0_f32),
        (pos2(r.max.x - radius, r.max.y - radius), 0.0),
        (pos2(r.min.x + radius, r.max.y - radius), 90.0),
        (pos2(r.min.x + radius, r.min.y + radius), 180.0),
    ];
    out.clear();
    for (centre, start) in corners {
        for k in 0..steps {
            let angle = (start + 90.0 * k as f32 / (steps - 1) as f32).to_radians();
            out.push(centre + vec2(angle.cos(), angle.sin()) * radius);
        }
    }
    out
}

/// A circle as a convex polygon, in `out`: as many points as its size needs.
pub fn circle(centre: Pos2, radius: f32, out: &mut Vec<Pos2>) -> &[Pos2] {
    let n: usize = if radius < 3.0 {
        8
    } else if radius < 8.0 {
        12
    } else {
        20
    };
    out.clear();
    for k in 0..n {
        let angle = std::f32::consts::TAU * k as f32 / n as f32;
        out.push(centre + vec2(angle.cos(), angle.sin()) * radius);
    }
    out
}

/// Shapes by the hundred, into one reused mesh: rounded rectangles, discs and lines.
pub struct Ink<'m> {
    pub mesh: &'m mut Mesh,
    /// Points of one shape at a time.
    pub pts: &'m mut Vec<Pos2>,
    /// The feathering width: one physical pixel, in points.
    pub aa: f32,
}

impl Ink<'_> {
    pub fn rounded(&mut self, r: Rect, radius: f32, color: Color32) {
        fill_convex(self.mesh, rounded(r, radius, self.pts), color, self.aa);
    }

    pub fn disc(&mut self, centre: Pos2, radius: f32, color: Color32) {
        fill_convex(self.mesh, circle(centre, radius, self.pts), color, self.aa);
    }

    pub fn polygon(&mut self, points: impl Iterator<Item = Pos2>, color: Color32) {
        self.pts.clear();
        self.pts.extend(points);
        fill_convex(self.mesh, self.pts, color, self.aa);
    }

    pub fn line(&mut self, points: &[Pos2], width: f32, color: Color32) {
        stroke_line(self.mesh, points, width, color, self.aa);
    }

    /// The outline of a rounded rectangle, `width` wide, centred on its edge.
    pub fn ring(&mut self, r: Rect, radius: f32, width: f32, color: Color32) {
        rounded(r, radius, self.pts);
        if let Some(&first) = self.pts.first() {
            self.pts.push(first);
        }
        stroke_line(self.mesh, self.pts, width, color, self.aa);
    }
}
