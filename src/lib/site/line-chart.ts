/**
 * The geometry of a line chart drawn at build time (the trends on `/stats/`):
 * one value per category along the bottom (quarters), a line through the
 * categories that have one, broken where a category has none, and a dot on
 * each value. Coordinates are SVG user units rounded to two decimals, so every
 * build writes the same bytes; the chart component draws these and nothing else.
 */
import { characterWidth, round, type Tick } from './chart-scale.ts';

/** A category of a line chart and its value, if it has one. */
export interface LinePoint {
  /** `Q3 2024`. */
  label: string;
  value?: number;
  /** Written under the axis instead of the category labels (`2024` at its first quarter), when any point has one. */
  axisLabel?: string;
}

/** A line chart. */
export interface LineChart {
  width: number;
  height: number;
  /** The plot area: the axes meet at (`left`, `bottom`). */
  plot: { left: number; right: number; top: number; bottom: number };
  /** Up the left side; `position` is a y coordinate. */
  ticks: Tick[];
  /** Each unbroken run of values, as a polyline's `points` (`x,y x,y`). */
  segments: string[];
  /** A dot per value, with what it says (`Q3 2024: 1 h 5 m`) for its tooltip. */
  dots: { x: number; y: number; title: string }[];
  /** Under the axis: every category's label, every n-th when they would not fit, or the axis labels (years) when points carry them. */
  categoryLabels: { x: number; label: string; anchor: 'middle' | 'start' }[];
  /** x coordinates of short marks under the axis where an axis label's category begins. */
  categoryTicks: number[];
}

/** Layout and scale of a line chart. */
export interface LineChartOptions {
  width?: number;
  height?: number;
  /** Tick values up the side, from 0; the last is the top of the scale. */
  ticks: readonly number[];
  /** A tick's label (`2 h`, `50%`). */
  tickLabel: (value: number) => string;
  /** A value as the dot's tooltip writes it. */
  valueLabel: (value: number) => string;
  /** Room for one category label under the axis, in SVG units. */
  categoryLabelWidth?: number;
  /** Room left of the plot for the tick labels (default: as the longest needs). */
  left?: number;
}

/** A line chart of values per category, the value axis from 0 to the last tick. */
export function lineChart(points: readonly LinePoint[], options: LineChartOptions): LineChart {
  // Tick labels are right-aligned 6 units left of the plot; `1 h 20 m` needs more room than `50%`.
  const longest = Math.max(1, ...options.ticks.map((value) => [...options.tickLabel(value)].length));
  const { width = 400, height = 200, categoryLabelWidth = 64, left = Math.ceil(longest * characterWidth + 12) } = options;
  const plot = { left, right: width - 12, top: 12, bottom: height - 28 };
  const top = Math.max(1, options.ticks.at(-1) ?? 1);
  const slot = points.length === 0 ? 0 : (plot.right - plot.left) / points.length;
  const x = (index: number) => round(plot.left + (index + 0.5) * slot);
  const y = (value: number) => round(plot.bottom - ((plot.bottom - plot.top) * Math.min(value, top)) / top);
  const segments: string[] = [];
  const dots: LineChart['dots'] = [];
  let run: string[] = [];
  points.forEach((point, index) => {
    if (point.value === undefined) {
      if (run.length > 0) segments.push(run.join(' '));
      run = [];
      return;
    }
    run.push(`${x(index)},${y(point.value)}`);
    dots.push({ x: x(index), y: y(point.value), title: `${point.label}: ${options.valueLabel(point.value)}` });
  });
  if (run.length > 0) segments.push(run.join(' '));
  const categoryLabels: LineChart['categoryLabels'] = [];
  const categoryTicks: number[] = [];
  if (points.some((point) => point.axisLabel !== undefined)) {
    // Each label starts at its category's left edge; one that would run into the previous label is left out.
    let free = -Infinity;
    points.forEach((point, index) => {
      if (point.axisLabel === undefined) return;
      const edge = round(plot.left + index * slot);
      categoryTicks.push(edge);
      if (edge < free) return;
      categoryLabels.push({ x: round(edge + 2), label: point.axisLabel, anchor: 'start' });
      free = edge + [...point.axisLabel].length * characterWidth + 8;
    });
  } else {
    const every = Math.max(1, Math.ceil(categoryLabelWidth / Math.max(slot, 1)));
    points.forEach((point, index) => {
      if (index % every === 0) categoryLabels.push({ x: x(index), label: point.label, anchor: 'middle' });
    });
  }
  return {
    width,
    height,
    plot,
    ticks: options.ticks.map((value) => ({ position: y(value), value, label: options.tickLabel(value) })),
    segments,
    dots,
    categoryLabels,
    categoryTicks,
  };
}
