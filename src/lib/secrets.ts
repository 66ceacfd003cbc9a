/**
 * Credential detectors for the `secret` rule.
 *
 * Each detector is a regular expression for one kind of credential plus checks
 * that keep prose from matching: token formats with a fixed prefix must have a
 * random-looking body, "in context" formats need their label next to them, and
 * generic `password=` / `token:` assignments need a high-entropy value that is
 * not a placeholder (`<token>`, `xxxx`, `${TOKEN}`, `changeme`, `REDACTED`, `***`).
 *
 * A finding never carries the secret: only where it is and a redacted excerpt
 * made of the public part of the format (`ghp_…`), so nothing printed or stored
 * can be used to rebuild the value.
 *
 * Every pattern is anchored on a left boundary (a lookbehind) so that a scan of a
 * long run of token characters stays linear.
 */

/** The kinds of credential the detectors know, with stable ids. */
export const secretKinds = {
  'github-token': 'GitHub token',
  'github-fine-grained-token': 'GitHub fine-grained personal access token',
  'aws-access-key-id': 'AWS access key id',
  'aws-secret-access-key': 'AWS secret access key',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack webhook URL',
  'google-api-key': 'Google API key',
  'azure-client-secret': 'Azure AD client secret',
  'client-secret': 'client secret',
  'azure-storage-key': 'Azure storage account key',
  'private-key': 'private key',
  jwt: 'JSON Web Token',
  'stripe-key': 'Stripe key',
  'npm-token': 'npm access token',
  'pypi-token': 'PyPI API token',
  'gitlab-token': 'GitLab token',
  'openai-key': 'OpenAI API key',
  'anthropic-key': 'Anthropic API key',
  'twilio-key': 'Twilio credential',
  'sendgrid-key': 'SendGrid API key',
  'url-credentials': 'password in a URL',
  'authorization-header': 'credential in an `Authorization` header',
  'generic-assignment': 'credential assigned in the text',
} as const;

/** A kind of credential. */
export type SecretKind = keyof typeof secretKinds;

/** One credential found in a text. Holds no part of the secret value. */
export interface SecretFinding {
  /** Which detector found it. */
  kind: SecretKind;
  /** What it is, for messages: "GitHub personal access token". */
  label: string;
  /** Offset of the secret's first character. */
  start: number;
  /** Offset just past its last character. */
  end: number;
  /** A redacted excerpt: only the public part of the format, then `…` (`ghp_…`, `DB_PASSWORD=…`). */
  excerpt: string;
}

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

/** Words that mark a value as an example or a stand-in, never a real credential. */
const placeholderWords =
  /redacted|changeme|change[_-]me|example|placeholder|your[_-]?(?:own|token|key|secret|password|api)|dummy|sample|fake|notreal|not[_-]a[_-]real|xxxx|\*\*\*|•••|…|\.\.\.|insert|replace[_-]?me|hidden|removed|masked|censored|obfuscated|truncated|elided|snip/i;

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
  if (placeholderWords.test(trimmed)) return true;
  const core = trimmed.replace(/[^A-Za-z0-9]/g, '');
  if (core === '' || /^(.)\1*$/.test(core) || /^[xX*0.]+$/.test(core)) return true;
  if (/^(?:password|passwd|secret|token|apikey|api_key|key|none|null|nil|undefined|true|false|empty|todo|tbd|test|string)$/i.test(trimmed)) {
    return true;
  }
  return false;
}

/** How many of lower case, upper case, digits and other characters a value mixes. */
function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
}

/** A match a detector accepts: where the secret is and how to show it. */
interface Candidate {
  start: number;
  end: number;
  excerpt: string;
  label?: string;
}

/** One detector: a pattern and the checks that turn its matches into findings. */
interface Detector {
  kind: SecretKind;
  /** Global, with indices (`dg`); the named group `secret` is the value, `prefix` its public part if any. */
  pattern: RegExp;
  /** Turns a match into a finding, or refuses it. Default: the `secret` group, body entropy at least 3. */
  accept?(match: RegExpExecArray): Candidate | undefined;
}

/** The place of a named group in a match made with the `d` flag. */
function groupRange(match: RegExpExecArray, name: string): [number, number] | undefined {
  return match.indices?.groups?.[name];
}

/**
 * The usual acceptance for a format with a public prefix and a random body: the
 * body is not a placeholder and looks random enough.
 */
function prefixed(options: { minEntropy?: number; label?: (match: RegExpExecArray) => string } = {}) {
  return (match: RegExpExecArray): Candidate | undefined => {
    const range = groupRange(match, 'secret');
    const prefix = match.groups?.prefix ?? '';
    const body = match.groups?.body ?? match.groups?.secret ?? '';
    if (!range || isPlaceholder(body) || shannonEntropy(body) < (options.minEntropy ?? 3)) return undefined;
    return { start: range[0], end: range[1], excerpt: `${prefix}…`, label: options.label?.(match) };
  };
}

/** Separators between a label and its value: `=`, `:`, `:=`, `=>`, with optional quotes and spaces. */
const assignment = String.raw`["'\x60]?[ \t]*(?::=|=>|[:=])[ \t]*["'\x60]?`;

const githubLabels: Record<string, string> = {
  ghp_: 'GitHub personal access token',
  gho_: 'GitHub OAuth access token',
  ghu_: 'GitHub App user access token',
  ghs_: 'GitHub App installation token',
  ghr_: 'GitHub refresh token',
};

const stripeLabels: Record<string, string> = {
  sk: 'Stripe secret key',
  rk: 'Stripe restricted key',
  whsec: 'Stripe webhook signing secret',
};

/** Whether a base64url segment decodes to a JSON object with an `alg` (a JWT header). */
function isJwtHeader(segment: string): boolean {
  try {
    const json = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return typeof json === 'object' && json !== null && 'alg' in json;
  } catch {
    return false;
  }
}

/** Keys whose value is a credential in a generic assignment (`DB_PASSWORD=…`, `api_key: …`). */
const credentialKey = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret(?:[_-]?key)?|(?:access|auth|api|bearer|bot|refresh|session|private)?[_-]?token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|signing[_-]?key|encryption[_-]?key|credentials?)`;

/**
 * Whether a generic assignment's value is a credential: long enough, random
 * enough, mixing character classes, and not a placeholder, reference or name.
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
  // Names made of words: `kube-secret-name`, `my_api_token`, `ReadOnlyToken`, `v2-rollout`, `release-42`.
  if (/^[a-z]+(?:[-_.][a-z0-9]+)*$/i.test(value) && !/\d/.test(value)) return false;
  if (/^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+$/.test(value) && value.split(/[-_.]/).every((part) => /^(?:[A-Za-z]+|\d+|[A-Za-z]{1,2}\d{1,3})$/.test(part))) {
    return false;
  }
  if (/^[A-Z]?[a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return false;
  if (characterClasses(value) < 2) return false;
  // Random strings of this length reach about log2(length) bits per character; words do not.
  const threshold = Math.min(3.5, Math.log2(value.length) - 0.5);
  return shannonEntropy(value) >= threshold;
}

const detectors: Detector[] = [
  {
    kind: 'private-key',
    pattern: /-----BEGIN (?<prefix>(?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----/dg,
    // The block is checked separately (see `privateKeyBlock`): a header alone in prose is not a key.
  },
  {
    kind: 'github-fine-grained-token',
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?<prefix>github_pat_)(?<body>[A-Za-z0-9_]{40,255}))(?![A-Za-z0-9_])/dg,
    accept: prefixed(),
  },
  {
    kind: 'github-token',
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?<prefix>gh[pousr]_)(?<body>[A-Za-z0-9]{36,251}))(?![A-Za-z0-9_])/dg,
    accept: prefixed({ label: (match) => githubLabels[match.groups?.prefix ?? ''] ?? secretKinds['github-token'] }),
  },
  {
    kind: 'anthropic-key',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>sk-ant-(?:api|admin|oat|sid)\d{2}-)(?<body>[A-Za-z0-9_-]{32,255}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'openai-key',
    // Every OpenAI key embeds `T3BlbkFJ` ("OpenAI" in base64); project and service-account keys also say so in their prefix.
    pattern:
      /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>sk-(?:proj-|svcacct-|admin-)?)(?<body>[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}|(?<=sk-(?:proj|svcacct|admin)-)[A-Za-z0-9_-]{40,255}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'stripe-key',
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?<prefix>(?<type>sk|rk)_(?:live|test)_|(?<type2>whsec)_)(?<body>[A-Za-z0-9]{20,247}))(?![A-Za-z0-9_])/dg,
    accept: prefixed({ label: (match) => stripeLabels[match.groups?.type ?? match.groups?.type2 ?? ''] ?? secretKinds['stripe-key'] }),
  },
  {
    kind: 'npm-token',
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?<prefix>npm_)(?<body>[A-Za-z0-9]{36}))(?![A-Za-z0-9_])/dg,
    accept: prefixed(),
  },
  {
    kind: 'pypi-token',
    // PyPI tokens are macaroons whose serialisation always starts `AgE` (then the issuing domain in base64).
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>pypi-)(?<body>AgE[A-Za-z0-9_-]{50,}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'gitlab-token',
    pattern:
      /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>gl(?:pat|dt|rt|ptt|cbt|oas|soat|ffct|imt|agent)-|GR1348941)(?<body>[A-Za-z0-9_-]{20,255}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'slack-webhook',
    pattern:
      /(?<prefix>https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)(?<secret>(?<body>T[A-Z0-9]{6,}\/[A-Za-z0-9]{6,}\/[A-Za-z0-9]{16,}))/dg,
    accept: prefixed(),
  },
  {
    kind: 'slack-token',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>xox[abposre]-|xoxe\.xox[bp]-|xapp-)(?<body>\d+-[A-Za-z0-9-]{15,255}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'sendgrid-key',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>SG\.)(?<body>[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'google-api-key',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>AIza)(?<body>[A-Za-z0-9_-]{35}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'aws-access-key-id',
    pattern: /(?<![A-Za-z0-9])(?<secret>(?<prefix>AKIA|ASIA|ABIA|ACCA)(?<body>[A-Z2-7]{16}))(?![A-Za-z0-9])/dg,
    accept: prefixed({ minEntropy: 2.5 }),
  },
  {
    kind: 'aws-secret-access-key',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9_])(?<prefix>aws[_-]?secret[_-]?(?:access[_-]?)?key|secret[_-]?access[_-]?key|SecretAccessKey)${assignment}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      'dgi',
    ),
    accept: (match) => {
      const range = groupRange(match, 'secret');
      const value = match.groups?.secret ?? '';
      if (!range || isPlaceholder(value) || characterClasses(value) < 3 || shannonEntropy(value) < 4) return undefined;
      return { start: range[0], end: range[1], excerpt: `${match.groups?.prefix ?? ''}=…` };
    },
  },
  {
    kind: 'azure-client-secret',
    // Entra ID (Azure AD) client secrets since 2022: three characters, a digit, `Q~`, then 31 to 34 more.
    pattern: /(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/dg,
    accept: (match) => {
      const range = groupRange(match, 'secret');
      const value = match.groups?.secret ?? '';
      if (!range || isPlaceholder(value) || characterClasses(value) < 3 || shannonEntropy(value) < 3.5) return undefined;
      return { start: range[0], end: range[1], excerpt: '…Q~…' };
    },
  },
  {
    kind: 'client-secret',
    // An OAuth client secret named as such, in code (`client_secret: …`) or prose ("the client secret is `…`").
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9_])(?<prefix>(?:azure|aad|entra|oauth|app(?:lication)?)?[_ -]?client[_ -]?secret|ClientSecret)(?:${assignment}|["'\x60]?[ \t]+(?:is|was|of)[ \t]+["'\x60]?|[ \t]+["'\x60])(?<secret>[A-Za-z0-9_~.+/=-]{24,88})(?![A-Za-z0-9_~.+/=-])`,
      'dgi',
    ),
    accept: (match) => {
      const range = groupRange(match, 'secret');
      const value = match.groups?.secret ?? '';
      if (!range || !isCredentialValue(value) || characterClasses(value) < 3 || shannonEntropy(value) < 3.5) return undefined;
      return { start: range[0], end: range[1], excerpt: `${(match.groups?.prefix ?? '').trim()}: …` };
    },
  },
  {
    kind: 'azure-storage-key',
    pattern: /(?<![A-Za-z0-9])(?<prefix>AccountKey=|SharedAccessKey=)(?<secret>[A-Za-z0-9+/]{40,100}={0,2})(?![A-Za-z0-9+/=])/dg,
    accept: (match) => {
      const range = groupRange(match, 'secret');
      const value = match.groups?.secret ?? '';
      if (!range || isPlaceholder(value) || shannonEntropy(value) < 4) return undefined;
      return { start: range[0], end: range[1], excerpt: `${match.groups?.prefix ?? ''}…` };
    },
  },
  {
    kind: 'jwt',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<header>eyJ[A-Za-z0-9_-]{8,})\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/dg,
    accept: (match) => {
      const range = groupRange(match, 'secret');
      if (!range || !isJwtHeader(match.groups?.header ?? '')) return undefined;
      return { start: range[0], end: range[1], excerpt: 'eyJ…' };
    },
  },
  {
    kind: 'twilio-key',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9_])(?:(?<prefix>SK)(?<body>[0-9a-f]{32})|(?<label>twilio[\w.-]{0,20}?(?:auth[_-]?token|secret))${assignment}(?<token>[0-9a-f]{32}))(?![A-Za-z0-9_])`,
      'dgi',
    ),
    accept: (match) => {
      const range = groupRange(match, 'body') ?? groupRange(match, 'token');
      const value = match.groups?.body ?? match.groups?.token ?? '';
      // The `SK` form is case-sensitive: Twilio issues lower-case hex bodies after an upper-case `SK`.
      if (match.groups?.prefix !== undefined && (match.groups.prefix !== 'SK' || !/^[0-9a-f]+$/.test(value))) return undefined;
      if (!range || isPlaceholder(value) || shannonEntropy(value) < 3) return undefined;
      const start = match.groups?.prefix !== undefined ? range[0] - 2 : range[0];
      const excerpt = match.groups?.prefix !== undefined ? 'SK…' : `${match.groups?.label ?? ''}=…`;
      const label = match.groups?.prefix !== undefined ? 'Twilio API key' : 'Twilio auth token';
      return { start, end: range[1], excerpt, label };
    },
  },
  {
    kind: 'url-credentials',
    pattern:
      /(?<![A-Za-z0-9+.-])(?<scheme>[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/)(?<user>[^\s:/?#@<>"'`[\]]{0,100}):(?<secret>[^\s/?#@<>"'`]{1,200})@(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])/dg,
    accept: (match) => {
      const range = groupRange(match, 'secret');
      const password = match.groups?.secret ?? '';
      const user = match.groups?.user ?? '';
      if (!range || isPlaceholder(password) || /^(?:pass|pw|pwd|passwd|password|pass(?:word)?\d?|secret|token|user|username|x+)$/i.test(password)) {
        return undefined;
      }
      // A port, not a password: `https://host:8080@…` does not happen, but `user:8080` would be a number-only "password".
      if (/^\d{1,5}$/.test(password) && user === '') return undefined;
      const shownUser = /^[A-Za-z][\w.-]{0,31}$/.test(user) && shannonEntropy(user) < 3.5 ? user : '…';
      return { start: range[0], end: range[1], excerpt: `${match.groups?.scheme ?? ''}${shownUser}:…@${match.groups?.host ?? ''}` };
    },
  },
  {
    kind: 'authorization-header',
    pattern:
      /(?<![A-Za-z0-9_-])(?<prefix>Authorization["']?[ \t]*[:=][ \t]*["']?(?<scheme>Bearer|Basic|token|Token|Bot))[ \t]+(?<secret>[A-Za-z0-9._~+/-]{16,}={0,2})(?![A-Za-z0-9._~+/=-])/dgi,
    accept: (match) => {
      const range = groupRange(match, 'secret');
      const value = match.groups?.secret ?? '';
      if (!range || isPlaceholder(value) || shannonEntropy(value) < 3.5) return undefined;
      return { start: range[0], end: range[1], excerpt: `Authorization: ${match.groups?.scheme ?? ''} …` };
    },
  },
  {
    kind: 'generic-assignment',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9_.-])(?<prefix>[A-Za-z0-9_.-]{0,40}?${credentialKey})(?<separator>${assignment})(?<secret>[^\s"'\x60,;&)\]}>|]{8,200})`,
      'dgi',
    ),
    accept: (match) => {
      const range = groupRange(match, 'secret');
      // A sentence may end right after the value: `the token: expired.`
      const value = (match.groups?.secret ?? '').replace(/[.,:;!?]+$/, '');
      if (!range || !isCredentialValue(value)) return undefined;
      const separator = (match.groups?.separator ?? '=').includes(':') ? ': ' : '=';
      return { start: range[0], end: range[0] + value.length, excerpt: `${match.groups?.prefix ?? ''}${separator}…` };
    },
  },
];

/** A PEM header field line inside an encrypted key block (`Proc-Type: 4,ENCRYPTED`). */
const pemHeaderField = /^[A-Za-z-]+:\s/;

/**
 * A private key block from its `-----BEGIN … PRIVATE KEY-----` header: the
 * header alone (in prose, or an empty template) is not a key; a header followed
 * by lines of base64 of real length is. The lines may be quoted (`> `),
 * indented, or joined with literal `\n` as in a JSON service-account file.
 */
function privateKeyBlock(text: string, match: RegExpExecArray): Candidate | undefined {
  const headerEnd = match.index + match[0].length;
  const window = text.slice(headerEnd, headerEnd + 20_000);
  const escaped = window.startsWith('\\n');
  const separator = escaped ? /\\n/ : /\r?\n/;
  if (!escaped && !/^[ \t]*\r?\n/.test(window)) return undefined;
  let consumed = 0;
  let base64 = '';
  const lines = window.split(separator);
  const separatorLength = (line: string, position: number) => (escaped ? 2 : window.charAt(position + line.length) === '\r' ? 2 : 1);
  // The first piece is what follows the header on its own line: nothing, or spaces.
  consumed += (lines[0]?.length ?? 0) + separatorLength(lines[0] ?? '', 0);
  for (const line of lines.slice(1)) {
    const content = line.replace(/^[ \t>]*/, '').trimEnd();
    if (content === '' || pemHeaderField.test(content)) {
      // Blank lines and header fields belong to the block; they add no key material.
    } else if (/^[A-Za-z0-9+/=]+$/.test(content)) {
      base64 += content;
    } else {
      break;
    }
    consumed += line.length + separatorLength(line, consumed);
  }
  if (base64.length < 64 || isPlaceholder(base64) || shannonEntropy(base64) < 4) return undefined;
  const rest = window.slice(consumed);
  const footer = /^[ \t>]*-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/.exec(rest);
  const end = footer ? headerEnd + consumed + footer[0].length : headerEnd + window.slice(0, consumed).trimEnd().length;
  return { start: match.index, end, excerpt: `-----BEGIN ${match.groups?.prefix ?? 'PRIVATE KEY'}-----…` };
}

/** The kind order also decides overlaps: a specific format wins over a generic one covering it. */
const priority = new Map(detectors.map((detector, position) => [detector.kind, position]));

/**
 * Finds every credential in `text`, in order of position. Overlapping matches
 * keep the most specific kind: `token=ghp_…` is a GitHub token, not a generic
 * assignment.
 */
export function detectSecrets(text: string): SecretFinding[] {
  const candidates: SecretFinding[] = [];
  for (const detector of detectors) {
    detector.pattern.lastIndex = 0;
    for (const match of text.matchAll(detector.pattern)) {
      const candidate = detector.kind === 'private-key' ? privateKeyBlock(text, match) : (detector.accept ?? prefixed())(match);
      if (!candidate) continue;
      candidates.push({
        kind: detector.kind,
        label: candidate.label ?? secretKinds[detector.kind],
        start: candidate.start,
        end: candidate.end,
        excerpt: candidate.excerpt,
      });
    }
  }
  candidates.sort((left, right) => (priority.get(left.kind) ?? 0) - (priority.get(right.kind) ?? 0) || left.start - right.start);
  const kept: SecretFinding[] = [];
  for (const candidate of candidates) {
    if (kept.some((other) => candidate.start < other.end && other.start < candidate.end)) continue;
    kept.push(candidate);
  }
  return kept.sort((left, right) => left.start - right.start);
}

/** Replaces every credential in `text` with its redacted excerpt, for quoting text in a message. */
export function redactSecrets(text: string): string {
  const findings = detectSecrets(text);
  let result = '';
  let position = 0;
  for (const finding of findings) {
    result += text.slice(position, finding.start) + finding.excerpt;
    position = finding.end;
  }
  return result + text.slice(position);
}
