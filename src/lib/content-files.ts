/**
 * The files of the content folder, for the rules that judge what a report refers
 * to on disk (`image`: a picture whose file does not exist). The core reads no
 * files: `check` and the build list them (`listContentFiles`, src/lib/node/files.ts)
 * and pass the list in `CheckOptions.files`. Paths are in the form of
 * `ParsedReport.path`: relative to the same folder, with `/` separators.
 */

/** The files of the content folder, as the caller listed them. */
export interface ContentFiles {
  /** The content folder itself (`postmortems`; empty when it is the folder paths are relative to). */
  folder: string;
  /** Every file under it, at any depth, whatever its type (`postmortems/images/graph.png`). */
  files: ReadonlySet<string>;
  /**
   * Paths that were not looked into, so what is at or under them is unknown: hidden
   * folders, `node_modules`, symbolic links. Rules say nothing about those paths.
   */
  unlisted: ReadonlySet<string>;
}

/** Whether a file is listed (`exists`), is not (`missing`), or is at or under an unlisted path (`unknown`). */
export type FileState = 'exists' | 'missing' | 'unknown';

/**
 * The path of `path` inside the content folder (`images/graph.png`), or `undefined`
 * when it is not under it (a report given to `check` from elsewhere).
 */
export function pathInContent(content: ContentFiles, path: string): string | undefined {
  if (content.folder === '') return path.startsWith('../') || path.startsWith('/') ? undefined : path;
  return path.startsWith(`${content.folder}/`) ? path.slice(content.folder.length + 1) : undefined;
}

/** A path inside the content folder (`images/graph.png`) in the form of the listed paths (`postmortems/images/graph.png`). */
export function contentPath(content: ContentFiles, inside: string): string {
  return content.folder === '' ? inside : `${content.folder}/${inside}`;
}

/** Whether `path` (in the form of the listed paths) is a listed file, a missing one, or unknown. */
export function fileState(content: ContentFiles, path: string): FileState {
  if (content.files.has(path)) return 'exists';
  if (content.unlisted.size > 0) {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      if (content.unlisted.has(path.slice(0, slash))) return 'unknown';
    }
    if (content.unlisted.has(path)) return 'unknown';
  }
  return 'missing';
}

/** The folders holding listed files, at any depth (`postmortems/images`), built once per list. */
const folderIndexes = new WeakMap<ReadonlySet<string>, Set<string>>();

/**
 * Whether `path` (in the form of the listed paths, a trailing `/` allowed) is a
 * folder of listed files: an image written as `./images/`. Set lookups, so that a
 * report with thousands of such images costs no more than their number.
 */
export function isListedFolder(content: ContentFiles, path: string): boolean {
  let folders = folderIndexes.get(content.files);
  if (!folders) {
    folders = new Set();
    for (const file of content.files) {
      for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
        const folder = file.slice(0, slash);
        if (folders.has(folder)) break;
        folders.add(folder);
      }
    }
    folderIndexes.set(content.files, folders);
  }
  return folders.has(path.replace(/\/$/, ''));
}

/** Listed files by their name folded to lower case and one Unicode form, built once per list. */
const foldedIndexes = new WeakMap<ReadonlySet<string>, Map<string, string>>();

function folded(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/**
 * A listed file whose path differs from `path` only in letter case or Unicode form
 * (`Graph.png` for `graph.png`): it opens where file names ignore case (macOS, Windows),
 * not on Linux, where CI usually builds the site.
 */
export function similarFile(content: ContentFiles, path: string): string | undefined {
  let index = foldedIndexes.get(content.files);
  if (!index) {
    index = new Map();
    for (const file of content.files) {
      const key = folded(file);
      if (!index.has(key)) index.set(key, file);
    }
    foldedIndexes.set(content.files, index);
  }
  const similar = index.get(folded(path));
  return similar === path ? undefined : similar;
}
