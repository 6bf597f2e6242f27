//! Charts: bars, grouped bars and lines on a value axis with rounded ticks, and pies; each
//! with a title and a legend.

use super::canvas::{BLACK, Canvas, GREY, LIGHT, Rgb8, Style};
use super::{LEFT, RIGHT};
use crate::{Chart, ChartKind, Locale, format};

pub(crate) const HEIGHT: f32 = 210.0;
const PALETTE: [Rgb8; 8] = [
    (31, 78, 140),
    (230, 126, 34),
    (39, 174, 96),
    (192, 57, 43),
    (142, 68, 173),
    (22, 160, 133),
    (127, 140, 141),
    (241, 196, 15),
];

/// Lays out a chart as one unbreakable block.
pub(crate) fn chart(canvas: &mut Canvas<'_>, chart: &Chart, locale: Locale) {
    canvas.room(HEIGHT + 8.0);
    let top = canvas.y - 4.0;
    canvas.text_fit(LEFT, top - 11.0, &chart.title, Style::bold(10.0), RIGHT - LEFT);
    let area = Area { left: LEFT, right: RIGHT, top: top - 22.0, bottom: top - HEIGHT };
    if chart.categories.is_empty()
        || chart.series.iter().all(|s| s.values.iter().all(Option::is_none))
    {
        let text = locale.pick("本期无数据", "No data for this period");
        canvas.text_center(
            (LEFT + RIGHT) / 2.0,
            (area.top + area.bottom) / 2.0,
            text,
            Style::regular(9.0).color(GREY),
            RIGHT - LEFT,
        );
    } else if chart.kind == ChartKind::Pie {
        pie(canvas, chart, &area);
    } else {
        axes_chart(canvas, chart, &area, locale);
    }
    canvas.y = top - HEIGHT - 6.0;
}

struct Area {
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
}

/// Ticks at 1, 2, 2.5 or 5 × 10ⁿ covering `lo..hi`, about five of them.
pub(crate) fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let hi = if hi - lo <= f64::EPSILON { lo + 1.0 } else { hi };
    let span = hi - lo;
    let raw = span / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut t = first;
    while t < hi + step * 0.999 && out.len() < 12 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        if t >= hi && out.len() >= 2 {
            break;
        }
        t += step;
    }
    out
}

fn axes_chart(canvas: &mut Canvas<'_>, chart: &Chart, area: &Area, locale: Locale) {
    let values = chart.series.iter().flat_map(|s| s.values.iter().flatten().copied());
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let ticks = ticks(lo, hi);
    let (min, max) = (ticks.first().copied().unwrap_or(0.0), ticks.last().copied().unwrap_or(1.0));
    let legend_h = 16.0;
    let label_h = 14.0;
    let axis_w = 46.0;
    let plot = Area {
        left: area.left + axis_w,
        right: area.right,
        top: area.top,
        bottom: area.bottom + legend_h + label_h,
    };
    let y_of = |v: f64| {
        plot.bottom + ((v - min) / (max - min).max(f64::EPSILON)) as f32 * (plot.top - plot.bottom)
    };
    let small = Style::regular(7.5).color(GREY);
    for t in &ticks {
        let y = y_of(*t);
        canvas.hline(
            plot.left,
            plot.right,
            y,
            if *t == 0.0 { 0.8 } else { 0.3 },
            if *t == 0.0 { GREY } else { LIGHT },
        );
        // Money and counts alike read best in 万 / 亿 (k / M) on an axis.
        let label = format::compact(*t, locale);
        canvas.text_right(plot.left - 4.0, y - 2.5, &label, small, axis_w - 6.0);
    }
    let n = chart.categories.len();
    let slot = (plot.right - plot.left) / n as f32;
    // Label every category that fits; otherwise every k-th one.
    let widest = chart.categories.iter().map(|c| canvas.width(c, small)).fold(0.0f32, f32::max);
    let every = ((widest + 4.0) / slot).ceil().max(1.0) as usize;
    for (i, category) in chart.categories.iter().enumerate() {
        if i % every == 0 {
            let x = plot.left + slot * (i as f32 + 0.5);
            canvas.text_center(x, plot.bottom - 10.0, category, small, slot * every as f32 - 2.0);
        }
    }
    let zero = y_of(0.0);
    match chart.kind {
        ChartKind::Line => {
            for (s, series) in chart.series.iter().enumerate() {
                let color = PALETTE[s % PALETTE.len()];
                let mut run: Vec<(f32, f32)> = Vec::new();
                for (i, v) in series.values.iter().enumerate().take(n) {
                    match v {
                        Some(v) => run.push((plot.left + slot * (i as f32 + 0.5), y_of(*v))),
                        None => {
                            canvas.polyline(&run, 1.6, color);
                            run.clear();
                        }
                    }
                }
                canvas.polyline(&run, 1.6, color);
                for (i, v) in series.values.iter().enumerate().take(n) {
                    if let Some(v) = v {
                        let x = plot.left + slot * (i as f32 + 0.5);
                        canvas.fill(x - 1.8, y_of(*v) - 1.8, 3.6, 3.6, color);
                    }
                }
            }
        }
        ChartKind::Bar | ChartKind::GroupedBar | ChartKind::Pie => {
            let groups = if chart.kind == ChartKind::Bar { 1 } else { chart.series.len().max(1) };
            let bar = slot * 0.72 / groups as f32;
            for (s, series) in chart.series.iter().enumerate().take(groups) {
                let color = PALETTE[s % PALETTE.len()];
                for (i, v) in series.values.iter().enumerate().take(n) {
                    if let Some(v) = v {
                        let x = plot.left + slot * i as f32 + slot * 0.14 + bar * s as f32;
                        let y = y_of(*v);
                        canvas.fill(x, zero.min(y), bar * 0.92, (y - zero).abs(), color);
                    }
                }
            }
        }
    }
    let shown = if chart.kind == ChartKind::Bar { &chart.series[..1] } else { &chart.series[..] };
    legend(canvas, shown.iter().map(|s| s.name.as_str()), area.left + axis_w, area.bottom + 3.0);
}

fn legend<'a>(canvas: &mut Canvas<'_>, names: impl Iterator<Item = &'a str>, mut x: f32, y: f32) {
    let style = Style::regular(8.0).color(BLACK);
    for (i, name) in names.enumerate() {
        let w = canvas.width(name, style).min(140.0);
        if x + w + 14.0 > RIGHT {
            break;
        }
        canvas.fill(x, y, 8.0, 8.0, PALETTE[i % PALETTE.len()]);
        canvas.text_fit(x + 11.0, y + 0.8, name, style, 140.0);
        x += w + 24.0;
    }
}

fn pie(canvas: &mut Canvas<'_>, chart: &Chart, area: &Area) {
    let Some(series) = chart.series.first() else { return };
    let slices: Vec<(usize, f64)> = series
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|v| *v > 0.0).map(|v| (i, v)))
        .collect();
    let total: f64 = slices.iter().map(|(_, v)| v).sum();
    if total <= 0.0 {
        return;
    }
    let radius = ((area.top - area.bottom) / 2.0 - 6.0).min(80.0);
    let (cx, cy) = (area.left + radius + 20.0, (area.top + area.bottom) / 2.0);
    let mut angle = std::f64::consts::FRAC_PI_2;
    let style = Style::regular(8.0).color(BLACK);
    let legend_x = cx + radius + 40.0;
    let row = ((area.top - area.bottom) / slices.len().max(1) as f32).min(15.0);
    for (n, (i, v)) in slices.iter().enumerate() {
        let sweep = v / total * std::f64::consts::TAU;
        let steps = ((sweep.to_degrees() / 3.0).ceil() as usize).max(1);
        let mut points = vec![(cx, cy)];
        for k in 0..=steps {
            let a = angle - sweep * k as f64 / steps as f64;
            points.push((cx + radius * a.cos() as f32, cy + radius * a.sin() as f32));
        }
        let color = PALETTE[n % PALETTE.len()];
        canvas.polygon(&points, color);
        angle -= sweep;
        let y = area.top - row * (n as f32 + 1.0);
        canvas.fill(legend_x, y, 8.0, 8.0, color);
        let name = chart.categories.get(*i).map_or("", String::as_str);
        let share = rust_decimal::Decimal::from_f64_retain(v / total * 100.0).unwrap_or_default();
        canvas.text_fit(
            legend_x + 12.0,
            y + 0.8,
            &format!("{name}  {}", format::percent(share)),
            style,
            RIGHT - legend_x - 12.0,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::ticks;

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        assert_eq!(ticks(0.0, 93.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(
            ticks(0.0, 1_234_567.0),
            [0.0, 250_000.0, 500_000.0, 750_000.0, 1_000_000.0, 1_250_000.0]
        );
        assert_eq!(ticks(-12.0, 30.0), [-20.0, -10.0, 0.0, 10.0, 20.0, 30.0]);
        assert_eq!(ticks(0.0, 0.0), [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]);
    }
}
