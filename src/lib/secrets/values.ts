/**
 * Whether a value looks like a credential: random enough, mixing character
 * classes, and not a placeholder (`<token>`, `changeme`), a name made of words or
 * a reference to something else (`acme/infra#12`). The detectors ask these
 * questions of what their patterns match; prose must not pass.
 */
import { allMatches } from '../matches.ts';

/** Shannon entropy of a string in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  const length = [...value].length;
  for (const count of counts.values()) {
    const probability = count / length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy;
}

/**
 * Words that mark a value as an example or a stand-in, never a real credential.
 * Written in one case (`EXAMPLE`, `fake`): a random body that happens to hold
 * `sNiP` or `FaKe` is still random.
 */
const placeholderWords =
  /redacted|changeme|change[_-]me|example|placeholder|your[_-]?(?:own|token|key|secret|password|api)|dummy|sample|fake|notreal|not[_-]a[_-]real|\*\*\*|•••|…|\.\.\.|insert|replace[_-]?me|hidden|removed|masked|censored|obfuscated|truncated|elided|snip/gi;

/** Whether `value` holds a placeholder word written in one case. */
function hasPlaceholderWord(value: string): boolean {
  for (const match of allMatches(value, placeholderWords)) {
    if (match[0] === match[0].toLowerCase() || match[0] === match[0].toUpperCase()) return true;
  }
  return false;
}

/**
 * Whether a value is a stand-in rather than a credential: `<token>`, `{token}`,
 * `${TOKEN}`, `$TOKEN`, `{{ secrets.TOKEN }}`, `%s`, `xxxx`, `****`, `changeme`,
 * `REDACTED`, an AWS documentation example, or one character repeated.
 */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return true;
  if (/^[<[{(].*[>\]})]$/.test(trimmed)) return true;
  if (/\$\{|\{\{|\$\(|%\(|%[sd]\b|^\$[A-Za-z_]|^%[A-Za-z_]+%$|^@[A-Za-z_]+@$/.test(trimmed)) return true;
  if (hasPlaceholderWord(trimmed)) return true;
  const core = trimmed.replace(/[^A-Za-z0-9]/g, '');
  if (core === '' || /^(.)\1*$/.test(core) || /^[xX*0.]+$/.test(core)) return true;
  // Masked with x's (`xxxx-xxxx-1234`, `AKIAXXXXXXXXXXXX1234`); a random body that merely holds `xXxx` is not.
  if ((core.match(/x/gi)?.length ?? 0) * 2 >= core.length) return true;
  if (/^(?:password|passwd|secret|token|apikey|api_key|key|none|null|nil|undefined|true|false|empty|todo|tbd|test|string)$/i.test(trimmed)) {
    return true;
  }
  return false;
}

/** How many of lower case, upper case, digits and other characters a value mixes. */
export function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
}

/** One word of a name: letters, a number, or a short code such as `v2`, `us1`, `rc3`. */
const namePart = /^(?:[A-Za-z]+|\d+|[A-Za-z]{1,3}\d{1,4})$/;

/**
 * Whether a value is a name made of words rather than random characters:
 * `kube-secret-name`, `my_api_token`, `token.yaml`, `ReadOnlyToken`,
 * `v2-rollout`, `release-42`, `ENG-1234`.
 */
function isName(value: string): boolean {
  if (/^[A-Z]?[a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return true;
  return /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/.test(value) && value.split(/[-_.]/).every((part) => namePart.test(part));
}

/**
 * Whether a value points at something rather than being a secret: an issue or
 * pull request (`acme/infra#12`, `#12`, `infra!34`), a path made of names
 * (`secret/data/prod/api`, `infra/deploy/token.yaml`), an e-mail address, a
 * digest (`sha256:…`) or a date and time.
 */
function isReference(value: string): boolean {
  // Issue trackers: GitHub `owner/repo#12`, GitLab `group/project!34` and `#12`, an issue key after a path.
  const withoutNumber = value.replace(/[#!]\d{1,9}$/, '');
  if (withoutNumber === '' || (withoutNumber !== value && isName(withoutNumber.replace(/\/$/, '')))) return true;
  if (withoutNumber.includes('/') && withoutNumber.split('/').every((part) => part === '' || isName(part))) return true;
  if (/^[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/.test(value)) return true;
  if (/^(?:sha(?:1|224|256|384|512)|md5)[:=-][0-9a-f]+$/i.test(value)) return true;
  return /^[\d:./+TZ-]+$/.test(value);
}

/**
 * Whether a generic assignment's value is a credential: long enough, random
 * enough, mixing character classes, and not a placeholder, reference or name.
 * A real `token: …` holds one unbroken run of random characters; prose after a
 * label ("Rotate the deploy token: acme/infra#12") holds words, issue references,
 * paths and links.
 *
 * Hexadecimal-only values are left out on purpose: in postmortems they are
 * nearly always commit SHAs, image digests and request ids (`token=` next to a
 * 40-character hex string is usually a commit). UUIDs are left out for the same
 * reason.
 */
export function isCredentialValue(value: string): boolean {
  if (value.length < 8 || value.length > 200) return false;
  if (isPlaceholder(value)) return false;
  // References to a value kept elsewhere, not the value: `env.TOKEN`, `secrets.X`, `os.environ[...]`, `getToken()`.
  if (/[([{<]/.test(value)) return false;
  if (/^(?:[A-Za-z_][\w-]*\.)+[A-Za-z_][\w-]*$/.test(value)) return false;
  // A URL or a path is not itself a credential (a password inside a URL has its own detector).
  if (/:\/\/|^[./~]/.test(value)) return false;
  if (/^[0-9a-f-]+$/i.test(value) || /^\d+$/.test(value)) return false;
  if (isName(value) || isReference(value)) return false;
  if (characterClasses(value) < 2) return false;
  // Random strings of this length reach about log2(length) bits per character; words do not.
  const threshold = Math.min(3.5, Math.log2(value.length) - 0.5);
  return shannonEntropy(value) >= threshold;
}
