/**
 * The credential formats the `secret` rule knows: one detector per kind, a
 * pattern anchored on a left boundary (so a scan of a long run of token
 * characters stays linear) and the checks that keep prose from matching.
 */
import { characterClasses, isCredentialValue, isPlaceholder, shannonEntropy } from './values.ts';

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

/** A match a detector accepts: where the secret is and how to show it. */
export interface Candidate {
  start: number;
  end: number;
  excerpt: string;
  label?: string;
}

/** One detector: a pattern and the checks that turn its matches into findings. */
export interface Detector {
  kind: SecretKind;
  /** Global, with indices (`dg`); the named group `secret` is the value, `prefix` its public part if any. */
  pattern: RegExp;
  /**
   * Strings every match contains, one at least (lower case when the pattern
   * ignores case): a text holding none of them is not scanned with the pattern.
   * A search for a few literals is many times faster than a pattern that starts
   * with a lookbehind, and almost no report holds a credential.
   */
  needles: readonly string[];
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
export function prefixed(options: { minEntropy?: number; label?: (match: RegExpExecArray) => string } = {}) {
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

/** The rest of the name a key ends (`DB_` before `PASSWORD`): the name characters just before `offset`, at most 40. */
function nameBefore(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && offset - start < 40 && /[A-Za-z0-9_.-]/.test(text.charAt(start - 1))) start--;
  return text.slice(start, offset);
}

/** Every detector, most specific first: the order also decides which kind wins where two findings overlap. */
export const detectors: Detector[] = [
  {
    kind: 'private-key',
    needles: ['-----BEGIN '],
    pattern: /-----BEGIN (?<prefix>(?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----/dg,
    // The block is checked separately (see `privateKeyBlock`): a header alone in prose is not a key.
  },
  {
    kind: 'github-fine-grained-token',
    needles: ['github_pat_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?<prefix>github_pat_)(?<body>[A-Za-z0-9_]{40,255}))(?![A-Za-z0-9_])/dg,
    accept: prefixed(),
  },
  {
    kind: 'github-token',
    needles: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?<prefix>gh[pousr]_)(?<body>[A-Za-z0-9]{36,251}))(?![A-Za-z0-9_])/dg,
    accept: prefixed({ label: (match) => githubLabels[match.groups?.prefix ?? ''] ?? secretKinds['github-token'] }),
  },
  {
    kind: 'anthropic-key',
    needles: ['sk-ant-'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>sk-ant-(?:api|admin|oat|sid)\d{2}-)(?<body>[A-Za-z0-9_-]{32,255}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'openai-key',
    needles: ['sk-'],
    // Every OpenAI key embeds `T3BlbkFJ` ("OpenAI" in base64); project and service-account keys also say so in their prefix.
    pattern:
      /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>sk-(?:proj-|svcacct-|admin-)?)(?<body>[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}|(?<=sk-(?:proj|svcacct|admin)-)[A-Za-z0-9_-]{40,255}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'stripe-key',
    needles: ['_live_', '_test_', 'whsec_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?<prefix>(?<type>sk|rk)_(?:live|test)_|(?<type2>whsec)_)(?<body>[A-Za-z0-9]{20,247}))(?![A-Za-z0-9_])/dg,
    accept: prefixed({ label: (match) => stripeLabels[match.groups?.type ?? match.groups?.type2 ?? ''] ?? secretKinds['stripe-key'] }),
  },
  {
    kind: 'npm-token',
    needles: ['npm_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?<prefix>npm_)(?<body>[A-Za-z0-9]{36}))(?![A-Za-z0-9_])/dg,
    accept: prefixed(),
  },
  {
    kind: 'pypi-token',
    needles: ['pypi-'],
    // PyPI tokens are macaroons whose serialisation always starts `AgE` (then the issuing domain in base64).
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>pypi-)(?<body>AgE[A-Za-z0-9_-]{50,}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'gitlab-token',
    needles: ['gl', 'GR1348941'],
    pattern:
      /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>gl(?:pat|dt|rt|ptt|cbt|oas|soat|ffct|imt|agent)-|GR1348941)(?<body>[A-Za-z0-9_-]{20,255}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'slack-webhook',
    needles: ['https://hooks.slack.com/'],
    pattern: /(?<prefix>https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)(?<secret>(?<body>T[A-Z0-9]{6,}\/[A-Za-z0-9]{6,}\/[A-Za-z0-9]{16,}))/dg,
    accept: prefixed(),
  },
  {
    kind: 'slack-token',
    needles: ['xox', 'xapp-'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>xox[abposre]-|xoxe\.xox[bp]-|xapp-)(?<body>\d+-[A-Za-z0-9-]{15,255}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'sendgrid-key',
    needles: ['SG.'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>SG\.)(?<body>[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'google-api-key',
    needles: ['AIza'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<prefix>AIza)(?<body>[A-Za-z0-9_-]{35}))(?![A-Za-z0-9_-])/dg,
    accept: prefixed(),
  },
  {
    kind: 'aws-access-key-id',
    needles: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    pattern: /(?<![A-Za-z0-9])(?<secret>(?<prefix>AKIA|ASIA|ABIA|ACCA)(?<body>[A-Z2-7]{16}))(?![A-Za-z0-9])/dg,
    accept: prefixed({ minEntropy: 2.5 }),
  },
  {
    kind: 'aws-secret-access-key',
    needles: ['secret'],
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
    needles: ['Q~'],
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
    needles: ['client'],
    // An OAuth client secret named as such, in code (`client_secret: …`) or prose ("the client secret is `…`").
    // The match starts at `client` and reads the optional vendor word behind it: a scan for one word is fast.
    pattern: new RegExp(
      String.raw`(?<=(?<![A-Za-z0-9_])(?<lead>(?:azure|aad|entra|oauth|app(?:lication)?)?[_ -]?))(?<key>client[_ -]?secret)(?:${assignment}|["'\x60]?[ \t]+(?:is|was|of)[ \t]+["'\x60]?|[ \t]+["'\x60])(?<secret>[A-Za-z0-9_~.+/=-]{24,88})(?![A-Za-z0-9_~.+/=-])`,
      'dgi',
    ),
    accept: (match) => {
      const range = groupRange(match, 'secret');
      const value = match.groups?.secret ?? '';
      if (!range || !isCredentialValue(value) || characterClasses(value) < 3 || shannonEntropy(value) < 3.5) return undefined;
      return { start: range[0], end: range[1], excerpt: `${`${match.groups?.lead ?? ''}${match.groups?.key ?? ''}`.trim()}: …` };
    },
  },
  {
    kind: 'azure-storage-key',
    needles: ['AccountKey=', 'SharedAccessKey='],
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
    needles: ['eyJ'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?<header>eyJ[A-Za-z0-9_-]{8,})\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/dg,
    accept: (match) => {
      const range = groupRange(match, 'secret');
      if (!range || !isJwtHeader(match.groups?.header ?? '')) return undefined;
      return { start: range[0], end: range[1], excerpt: 'eyJ…' };
    },
  },
  {
    kind: 'twilio-key',
    needles: ['sk', 'twilio'],
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
    needles: ['://'],
    // The match starts at `://` (a fast literal to search for) and reads the scheme behind it. The password runs to
    // the last `@` before the host, as URL parsers read it: `https://user:p@ss@host` has the password `p@ss`.
    pattern:
      /(?<=(?<![A-Za-z0-9+.-])(?<scheme>[A-Za-z][A-Za-z0-9+.-]{1,20}))(?<separator>:\/\/)(?<user>[^\s:/?#<>"'`[\]]{0,100}):(?<secret>[^\s/?#<>"'`]{1,200})@(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])/dg,
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
      return { start: range[0], end: range[1], excerpt: `${match.groups?.scheme ?? ''}://${shownUser}:…@${match.groups?.host ?? ''}` };
    },
  },
  {
    kind: 'authorization-header',
    needles: ['authorization'],
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
    needles: ['pass', 'pwd', 'secret', 'token', 'key', 'credential'],
    // The match starts at the key (a scan for a handful of words), and a lookbehind checks that the name holding
    // it (`DB_PASSWORD`, `github.token`) is at most 40 characters long: far faster than trying every word start.
    pattern: new RegExp(
      String.raw`(?<key>${credentialKey})(?<=(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]{0,40}\k<key>)(?<separator>${assignment})(?<secret>[^\s"'\x60,;&)\]}>|]{8,200})`,
      'dgi',
    ),
    accept: (match) => {
      const range = groupRange(match, 'secret');
      // A sentence may end right after the value: `the token: expired.`
      const value = (match.groups?.secret ?? '').replace(/[.,:;!?]+$/, '');
      if (!range || !isCredentialValue(value)) return undefined;
      const separator = (match.groups?.separator ?? '=').includes(':') ? ': ' : '=';
      return { start: range[0], end: range[0] + value.length, excerpt: `${nameBefore(match.input, match.index)}${match.groups?.key ?? ''}${separator}…` };
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
export function privateKeyBlock(text: string, match: RegExpExecArray): Candidate | undefined {
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
