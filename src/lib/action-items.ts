/**
 * Action items: the list items and table rows under a report's Action Items
 * section, each with its tracker references, task state, owner and due date.
 *
 * How the section is read:
 * - Every list (bulleted or numbered) and every table directly in the section is
 *   read, including those under deeper headings (`### Process improvements`).
 *   Prose paragraphs are introductions, not items.
 * - Deeper headings, and paragraphs that are entirely bold (`**In progress:**`),
 *   name the group of the items below them. A group heading that carries a
 *   reference ("Short-term fixes (tracked in acme/api#40)") covers the items under
 *   it that carry none of their own.
 * - Nested lists: a list item with a reference of its own is one action item, and
 *   its sub-list is its detail (the sub-items' references count as the item's).
 *   A list item without a reference of its own but with a sub-list is a label:
 *   its sub-items are the action items, grouped under it, so a parent whose
 *   children carry the links is never reported as unlinked. One exception keeps
 *   task lists right: a parent with a task checkbox whose sub-items have none is
 *   the task, and its sub-items are its detail.
 * - A table row is one item. Columns are recognised by their header (`Owner`,
 *   `Due`, `Status`, `Action`…); references are read from every cell.
 */
import type { Heading, List, ListItem, Nodes, Root, RootContent, Table, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Config } from './config.ts';
import { findReferences, type TrackerReference } from './references.ts';
import { isCalendarDate } from './schema.ts';
import { sectionContent, type Section } from './sections.ts';
import { allMatches } from './matches.ts';
import type { LineIndex, Place } from './text.ts';

/** One action item of a report. */
export interface ActionItem {
  /** The item's text, Markdown stripped. */
  text: string;
  /** Its tracker references; empty means the `action-item-link` rule reports it. */
  references: TrackerReference[];
  /** The task checkbox: true `[x]`, false `[ ]`, undefined when there is none. */
  checked?: boolean;
  /** `@owner`, without the `@`. */
  owner?: string;
  /** `due: YYYY-MM-DD`. */
  due?: string;
  /**
   * A due date written in some other way (`due: 15/12/2026`, `due: tomorrow`,
   * `due: 2026-02-30`), as written and where: the `action-item-link` rule reports it.
   */
  unreadableDue?: WrittenDue;
  /**
   * The `###` heading the item sits under, if any ("Process improvements"). Deeper
   * headings, bold labels and parent list items are joined with ` › `
   * ("Technical improvements › Monitoring").
   */
  group?: string;
  /** Where the item is in the file: from its bullet (or row start) to the end of its own text. */
  place: Place;
}

/** A due date as written in the file, with its exact place. */
export interface WrittenDue {
  /** The text after `due:`, up to the next space. */
  text: string;
  /** Where that text is. */
  place: Place;
}

/** The canonical name of the section that holds action items (aliases map to it through the config). */
export const actionItemsSectionName = 'Action Items';

/** Joins group labels. */
const groupSeparator = ' › ';

/** `@owner` or `@org/team`, not part of an e-mail address or a path. */
const ownerPattern = /(?<![\w@./-])@([A-Za-z0-9][\w-]*(?:\/[A-Za-z0-9][\w-]*)?)/;
/** `due: 2024-01-31`, `due 2024-01-31`, `(due 2024-01-31)`, `due by 2024-01-31`, `Due date: 2024-01-31`. */
const duePattern = /\bdue(?:\s+(?:date|by|on))?\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\b/i;
/**
 * `due:` (or `due date:`, `due by:`, `due =`, bold or not) and the word after it, in
 * the Markdown source. The colon is required: without it `due to a bug` is prose.
 */
const writtenDuePattern = /\bdue(?:\s+(?:date|by|on))?[*_]*\s*[:=][*_]*\s*([^\s|(),;*_`]+)/gi;
/** A table `Due` cell that was meant as a day, such as `15/12/2026` or `2026-02-30` (`TBD` or `Q3 2026` are left alone). */
const datelikeCell = /^\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?$/;
/** A date anywhere, for a table's `Due` column. */
const datePattern = /\b(\d{4}-\d{2}-\d{2})\b/;
/** A task checkbox written as text (GFM only makes checkboxes of list items, not table cells). */
const textCheckbox = /^\s*\[([ xX])\]\s*/;

/** Table header names, normalised, and what the column holds. */
const columnRoles: { role: 'text' | 'owner' | 'due' | 'status'; pattern: RegExp }[] = [
  { role: 'owner', pattern: /^(?:owners?|assignees?|assigned to|who|responsible|dri)$/ },
  { role: 'due', pattern: /^(?:due|due date|deadline|target|target date|by when|eta)$/ },
  { role: 'status', pattern: /^(?:status|state|done|completed?)$/ },
  { role: 'text', pattern: /^(?:action items?|actions?|items?|tasks?|descriptions?|what|titles?|summary|follow ?ups?|todo)$/ },
];

/** Status cells that mean done or not done. */
const doneStatus = /^(?:done|closed|completed?|fixed|resolved|merged|yes|✅|✔️?|☑️?)$/i;
const openStatus = /^(?:open|todo|to do|in progress|wip|pending|planned|not started|blocked|no|❌|☐)$/i;

/** A label that items below it are grouped under, with the references it carries. */
interface Label {
  text: string;
  references: TrackerReference[];
}

/** What is known while walking a section: the groups above the current node. */
interface Scope {
  labels: Label[];
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A node's text with a space between its blocks, so `…@carol` and `due: …` on the next line stay apart. */
function blockText(node: Nodes): string {
  if (node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote') {
    return node.children.map((child) => blockText(child)).join(' ');
  }
  return toString(node);
}

function placeOf(node: Nodes): Place | undefined {
  return node.position ? { start: node.position.start, end: node.position.end } : undefined;
}

function groupOf(labels: readonly Label[]): string | undefined {
  const texts = labels.map((label) => label.text).filter((text) => text !== '');
  return texts.length > 0 ? texts.join(groupSeparator) : undefined;
}

/** The references of the nearest label that has any: an item without its own is covered by them. */
function inheritedReferences(labels: readonly Label[]): TrackerReference[] {
  for (let position = labels.length - 1; position >= 0; position--) {
    const references = labels[position]!.references;
    if (references.length > 0) return references;
  }
  return [];
}

/** Keeps the first reference to each URL. */
function uniqueReferences(references: readonly TrackerReference[]): TrackerReference[] {
  const seen = new Set<string>();
  return references.filter((reference) => {
    if (seen.has(reference.url)) return false;
    seen.add(reference.url);
    return true;
  });
}

/** `@owner` in a text, without the `@`. */
export function findOwner(text: string): string | undefined {
  return ownerPattern.exec(text)?.[1];
}

/** Whether a due date as written is a real `YYYY-MM-DD` day. */
function isDueDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && isCalendarDate(text);
}

/**
 * The first `due:` value in the source between two offsets that is not a real
 * `YYYY-MM-DD` date, with its place; undefined when every one is (or there is none).
 */
export function findUnreadableDue(index: LineIndex, start: number, end: number): WrittenDue | undefined {
  const source = index.text.slice(start, end);
  for (const match of allMatches(source, writtenDuePattern)) {
    const text = (match[1] ?? '').replace(/[.:]+$/, '');
    if (text === '' || isDueDate(text)) continue;
    const offset = start + match.index + match[0].length - (match[1] ?? '').length;
    return { text, place: index.placeAt(offset, offset + text.length) };
  }
  return undefined;
}

/** The due date written in a text (`due: YYYY-MM-DD` and its variants), when it is a real date. */
export function findDue(text: string): string | undefined {
  const date = duePattern.exec(text)?.[1];
  return date && isCalendarDate(date) ? date : undefined;
}

/** Whether a paragraph is a bold label such as `**In progress (next 2 weeks):**`. */
function isBoldLabel(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false;
  const meaningful = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  return meaningful.length === 1 && meaningful[0]!.type === 'strong';
}

function labelText(text: string): string {
  return collapse(text)
    .replace(/[:：]$/, '')
    .trim();
}

/** Reads the action items of one section. */
class SectionReader {
  readonly items: ActionItem[] = [];
  private readonly index: LineIndex;
  private readonly config: Config;

  constructor(index: LineIndex, config: Config) {
    this.index = index;
    this.config = config;
  }

  references(nodes: readonly Nodes[]): TrackerReference[] {
    return nodes.flatMap((node) => findReferences(node, this.index, this.config));
  }

  /** Walks the section's top-level nodes, tracking headings and bold labels. */
  readSection(nodes: readonly RootContent[]): void {
    const headings: { depth: number; label: Label }[] = [];
    let boldLabel: Label | undefined;
    const scope = (): Scope => ({ labels: [...headings.map((heading) => heading.label), ...(boldLabel ? [boldLabel] : [])] });
    for (const node of nodes) {
      if (node.type === 'heading') {
        const heading = node as Heading;
        while (headings.length > 0 && headings.at(-1)!.depth >= heading.depth) headings.pop();
        headings.push({ depth: heading.depth, label: { text: labelText(toString(heading)), references: this.references([heading]) } });
        boldLabel = undefined;
      } else if (isBoldLabel(node)) {
        boldLabel = { text: labelText(toString(node)), references: this.references([node]) };
      } else if (node.type === 'list') {
        this.readList(node, scope());
      } else if (node.type === 'table') {
        this.readTable(node, scope());
      }
    }
  }

  readList(list: List, scope: Scope): void {
    for (const item of list.children) this.readListItem(item, scope);
  }

  readListItem(item: ListItem, scope: Scope): void {
    const own = item.children.filter((child) => child.type !== 'list');
    const subLists = item.children.filter((child): child is List => child.type === 'list');
    const ownText = collapse(own.map((node) => blockText(node)).join(' '));
    const ownReferences = this.references(own);
    const checked = typeof item.checked === 'boolean' ? item.checked : undefined;
    const subItems = subLists.flatMap((subList) => subList.children);
    const subItemsAreTasks = subItems.some((subItem) => typeof subItem.checked === 'boolean');
    const isLabel = subItems.length > 0 && ownReferences.length === 0 && !(checked !== undefined && !subItemsAreTasks);
    if (isLabel) {
      const label = { text: labelText(ownText), references: [] };
      for (const subList of subLists) this.readList(subList, { labels: [...scope.labels, label] });
      return;
    }
    const detailReferences = this.references(subLists);
    if (ownText === '' && ownReferences.length === 0 && detailReferences.length === 0) return; // an empty bullet
    const start = item.position?.start;
    const ownEnd = own.at(-1)?.position?.end ?? item.position?.end;
    if (!start || !ownEnd) return;
    const wholeText = collapse(blockText(item));
    const references = uniqueReferences([...ownReferences, ...detailReferences]);
    const due = findDue(ownText) ?? findDue(wholeText);
    this.items.push(
      this.makeItem({
        text: ownText,
        references: references.length > 0 ? references : inheritedReferences(scope.labels),
        checked,
        owner: findOwner(ownText) ?? findOwner(wholeText),
        due,
        unreadableDue: due === undefined ? this.unreadableDue(start.offset, (item.position?.end ?? ownEnd).offset) : undefined,
        group: groupOf(scope.labels),
        place: { start, end: ownEnd },
      }),
    );
  }

  readTable(table: Table, scope: Scope): void {
    const [header, ...rows] = table.children;
    if (!header) return;
    const roles = header.children.map((cell) => {
      const name = collapse(toString(cell))
        .toLowerCase()
        .replace(/[^\p{L}\p{N} ]/gu, '')
        .trim();
      return columnRoles.find((candidate) => candidate.pattern.test(name))?.role;
    });
    const textColumn = Math.max(0, roles.indexOf('text') === -1 ? roles.findIndex((role) => role === undefined) : roles.indexOf('text'));
    for (const row of rows) this.readTableRow(row, roles, textColumn, scope);
  }

  readTableRow(row: TableRow, roles: readonly (string | undefined)[], textColumn: number, scope: Scope): void {
    const cells = row.children.map((cell) => collapse(toString(cell)));
    if (cells.every((cell) => cell === '')) return;
    const place = placeOf(row);
    if (!place) return;
    const rowText = cells.join(' ');
    const cellOf = (role: string) => {
      const column = roles.indexOf(role);
      return column === -1 ? undefined : cells[column];
    };
    let checked: boolean | undefined;
    const checkboxCell = cells.find((cell) => textCheckbox.test(cell));
    if (checkboxCell !== undefined) checked = textCheckbox.exec(checkboxCell)![1] !== ' ';
    else {
      const status = cellOf('status')?.trim();
      if (status && doneStatus.test(status)) checked = true;
      else if (status && openStatus.test(status)) checked = false;
    }
    const ownerCell = cellOf('owner')?.trim();
    const owner = ownerCell ? (findOwner(ownerCell) ?? (ownerCell.replace(/^@/, '') || undefined)) : findOwner(rowText);
    const dueCell = cellOf('due');
    const dueInCell = dueCell ? datePattern.exec(dueCell)?.[1] : undefined;
    const due = dueInCell && isCalendarDate(dueInCell) ? dueInCell : findDue(rowText);
    let unreadableDue: WrittenDue | undefined;
    if (due === undefined) {
      const dueColumn = roles.indexOf('due');
      const cell = dueColumn === -1 ? undefined : row.children[dueColumn];
      const written = dueCell?.trim() ?? '';
      const cellStart = cell?.position?.start.offset;
      const cellEnd = cell?.position?.end.offset;
      if (cellStart !== undefined && cellEnd !== undefined && datelikeCell.test(written)) {
        const at = this.index.text.indexOf(written, cellStart);
        if (at !== -1 && at < cellEnd) unreadableDue = { text: written, place: this.index.placeAt(at, at + written.length) };
      }
      unreadableDue ??= this.unreadableDue(place.start.offset, place.end.offset);
    }
    const references = uniqueReferences(this.references(row.children));
    this.items.push(
      this.makeItem({
        text: (cells[textColumn] ?? rowText).replace(textCheckbox, ''),
        references: references.length > 0 ? references : inheritedReferences(scope.labels),
        checked,
        owner,
        due,
        unreadableDue,
        group: groupOf(scope.labels),
        place,
      }),
    );
  }

  /** A malformed `due:` in the source between two offsets, when both are known. */
  unreadableDue(start: number | undefined, end: number | undefined): WrittenDue | undefined {
    return start === undefined || end === undefined ? undefined : findUnreadableDue(this.index, start, end);
  }

  /** Builds an item without `undefined` properties, so items compare and serialise cleanly. */
  makeItem(fields: ActionItem): ActionItem {
    const item: ActionItem = { text: fields.text, references: fields.references, place: fields.place };
    if (fields.checked !== undefined) item.checked = fields.checked;
    if (fields.owner !== undefined) item.owner = fields.owner;
    if (fields.due !== undefined) item.due = fields.due;
    if (fields.unreadableDue !== undefined) item.unreadableDue = fields.unreadableDue;
    if (fields.group !== undefined) item.group = fields.group;
    return item;
  }
}

/** The sections of a report that hold action items (normally one). */
export function actionItemSections(sections: readonly Section[]): Section[] {
  return sections.filter((section) => section.name === actionItemsSectionName);
}

/**
 * The action items of one section, in document order.
 *
 * @param tree the report body, parsed with file positions
 * @param section a section of `tree`
 * @param index the file's line index
 * @param config the project configuration (default repository, trackers)
 */
export function sectionActionItems(tree: Root, section: Section, index: LineIndex, config: Config): ActionItem[] {
  const reader = new SectionReader(index, config);
  reader.readSection(sectionContent(tree, section));
  return reader.items;
}

/**
 * Every action item of a report: the items of each Action Items section, in document order.
 *
 * @param tree the report body, parsed with file positions
 * @param sections the report's sections
 * @param index the file's line index
 * @param config the project configuration
 */
export function findActionItems(tree: Root, sections: readonly Section[], index: LineIndex, config: Config): ActionItem[] {
  return actionItemSections(sections).flatMap((section) => sectionActionItems(tree, section, index, config));
}
