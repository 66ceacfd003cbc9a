/**
 * The scales and units the site's charts share: rounding of coordinates (so
 * every build writes the same bytes), ticks on count and duration axes, and
 * how figures and labels are written. Pure.
 */
import { formatDuration } from './format.ts';

/** Rounds a coordinate to two decimals. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A tick on a value axis. */
export interface Tick {
  /** Where it sits along the axis, in SVG units. */
  position: number;
  value: number;
  label: string;
}

/** A share as a percentage for people: `50%`, `33.3%`, `0%`. */
export function formatShare(share: number): string {
  const percent = Math.round(share * 1000) / 10;
  return `${percent}%`;
}

/** A number of minutes as written in tables: integers as is, otherwise one decimal (`189.5`). */
export function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : String(Math.round(minutes * 10) / 10);
}

/** A duration given in minutes, for people (`3 h 9 m`): see `formatDuration`. */
export function formatMinutesDuration(minutes: number): string {
  return formatDuration(minutes * 60_000);
}

/**
 * Evenly spaced round tick values from 0 to at least `maximum`: steps of 1, 2 or
 * 5 times a power of ten, at most about `target` of them; never a fractional
 * step (the values are counts).
 */
export function countTicks(maximum: number, target = 4): number[] {
  const top = Math.max(1, maximum);
  const rough = top / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power);
  const ticks: number[] = [];
  for (let value = 0; value < top + step; value += step) {
    ticks.push(value);
    if (value >= top) break;
  }
  return ticks;
}

/** Steps for a duration axis, in minutes: round numbers of minutes, hours and days. */
const durationSteps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 2880, 4320, 10080, 20160, 43200];

/** Tick values (minutes) from 0 to at least `maximum`, at most `target` + 1 of them, on round durations. */
export function durationTicks(maximum: number, target = 5): number[] {
  const top = Math.max(1, maximum);
  const step = durationSteps.find((candidate) => top / candidate <= target) ?? Math.ceil(top / target / 43200) * 43200;
  const count = Math.ceil(top / step);
  return Array.from({ length: count + 1 }, (_, index) => index * step);
}

/** The average width of a character of chart text, in SVG units (14-unit system font). */
export const characterWidth = 7.6;

/** `label`, shortened with an ellipsis to fit `room` SVG units. */
export function fitLabel(label: string, room: number): string {
  const fits = Math.max(1, Math.floor(room / characterWidth));
  const characters = [...label];
  return characters.length <= fits ? label : `${characters.slice(0, fits - 1).join('')}…`;
}
