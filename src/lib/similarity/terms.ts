/**
 * The words of a report as the similarity counts them: lower case, stop words
 * dropped, a few incident-domain synonyms folded together ("secret",
 * "credential", "password" and "token" are one concept), then stemmed.
 */
import { remembered } from '../remembered.ts';
import { isAscii } from '../text.ts';
import { stem } from './stemmer.ts';

/**
 * English function words, plus words that every postmortem uses whatever went
 * wrong ("incident", "issue", "minutes", month names): they say nothing about
 * the cause, so two reports sharing them are no more alike.
 */
const stopWords = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below
  between both but by can cannot could couldn did didn do does doesn doing don down during each either else ever
  every few for from further had hadn has hasn have haven having he her here hers herself him himself his how i if
  in into is isn it its itself just let me more most much must mustn my myself no nor not now of off on once only
  or other ought our ours ourselves out over own per same shan she should shouldn so some such than that the their
  theirs them themselves then there these they this those though through thus to too under until up upon us very
  via was wasn we were weren what when where which while who whom why will with within without won would wouldn
  yet you your yours yourself yourselves etc ie eg s t d ll m o re ve y
  incident incidents issue issues outage outages problem problems postmortem postmortems report reports reported
  team teams user users customer customers people someone somebody anyone everyone engineer engineers
  minute minutes min mins hour hours hr hrs second seconds day days week weeks month months year years time times
  today yesterday morning afternoon evening night utc pst pdt est edt cet cest gmt am pm
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  monday tuesday wednesday thursday friday saturday sunday
  approximately around about roughly several many multiple various some new old first second third last next
  started start began begin ended end took take taken make made get got getting see seen saw found find
  caused cause causing causes due result resulted resulting led lead leading happened happen happens occurred occur
  affected affecting affect impact impacted impacting
  we our us able unable
  one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty hundred thousand
  half dozen percent nobody nothing everything something`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Incident-domain synonyms, folded to one word before stemming so that "the
 * AzureAD secret expired" and "login failures after credential rotation" share
 * their key concepts. Kept small and conservative: each group names one thing
 * that incidents are commonly about, in the words teams use for it.
 */
const synonymGroups: Readonly<Record<string, readonly string[]>> = {
  credential: ['credential', 'credentials', 'secret', 'secrets', 'password', 'passwords', 'passwd', 'token', 'tokens', 'apikey', 'apikeys', 'keytab'],
  certificate: ['certificate', 'certificates', 'cert', 'certs', 'tls', 'ssl', 'x509', 'letsencrypt'],
  expire: ['expire', 'expired', 'expires', 'expiring', 'expiry', 'expiration', 'expirations', 'lapsed', 'lapse'],
  rotate: [
    'rotate',
    'rotated',
    'rotates',
    'rotating',
    'rotation',
    'rotations',
    'renew',
    'renewed',
    'renewal',
    'renewing',
    'regenerate',
    'regenerated',
    'reissued',
  ],
  login: ['login', 'logins', 'logon', 'signin', 'sign-in', 'authenticate', 'authentication', 'auth', 'sso', 'oauth', 'oidc', 'saml'],
  memory: ['memory', 'oom', 'oomkilled', 'oomkill', 'ram', 'heap'],
  disk: ['disk', 'disks', 'volume', 'volumes', 'pvc', 'filesystem', 'inode', 'inodes'],
  database: ['database', 'databases', 'db', 'dbs', 'postgres', 'postgresql', 'mysql', 'rds', 'sql'],
  deploy: ['deploy', 'deploys', 'deployed', 'deploying', 'deployment', 'deployments', 'release', 'released', 'releases', 'rollout', 'rollouts'],
  rollback: ['rollback', 'rollbacks', 'revert', 'reverted', 'reverting', 'reverts'],
  ratelimit: ['ratelimit', 'ratelimited', 'ratelimits', 'throttle', 'throttled', 'throttling', '429'],
  dns: ['dns', 'resolver', 'resolvers', 'nameserver', 'nameservers', 'coredns', 'kubedns'],
  failover: ['failover', 'failovers', 'failback', 'switchover'],
};

/** Each word of a synonym group, to the word its group is folded to. */
const synonyms = new Map<string, string>();
for (const [canonical, words] of Object.entries(synonymGroups)) for (const word of words) synonyms.set(word, canonical);

/**
 * The terms of a text: lower-cased words without accents, stop words and most
 * numbers dropped (three-digit numbers stay: they are HTTP statuses such as
 * `500`), synonyms folded, then stemmed. "Logins failed with HTTP 500s" →
 * `login`, `fail`, `http`, `500`.
 */
export function terms(text: string): string[] {
  const result: string[] = [];
  // Text in ASCII (most reports) is its own NFKD form, without accents, and once lower-cased its letters and digits are
  // `[a-z0-9]`: the same words, without the normalisation and the Unicode property classes, which cost most of the time here.
  const ascii = isAscii(text);
  const words = (
    ascii
      ? text.toLowerCase()
      : text
          .normalize('NFKD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase()
  )
    // "sign-in", "rate-limit", "out-of-memory": joined forms first, so the synonym table sees them.
    .replace(/\b(sign|log)[- ](in|on)\b/g, '$1$2')
    .replace(/\brate[- ]limit/g, 'ratelimit')
    .replace(/\bout[- ]of[- ]memory\b/g, 'oom')
    .split(ascii ? asciiSeparators : separators);
  for (const word of words) {
    if (word.length < 2) continue;
    const term = termOf(word);
    if (term !== undefined) result.push(term);
  }
  return result;
}

/** What separates words: anything but a letter or a digit. */
const separators = /[^\p{L}\p{N}]+/u;
/** The same, in lower-cased ASCII text. */
const asciiSeparators = /[^a-z0-9]+/;

/**
 * The term of one word, or `undefined` when it is dropped (a stop word, a number
 * that is not an HTTP status). Reports share most of their words, so each
 * distinct word is worked out once.
 */
const termOf = remembered((written: string): string | undefined => {
  // Strip plural `s` from numbers ("500s") and keep only HTTP-status-like numbers.
  const word = /^\d+s$/.test(written) ? written.slice(0, -1) : written;
  if (/^\d+$/.test(word) && !/^[1-5]\d\d$/.test(word)) return undefined;
  if (stopWords.has(word)) return undefined;
  // Mixed letters and digits ("aadsts7000222") are error codes and versions: kept as they are.
  return synonyms.get(word) ?? (/\d/.test(word) ? word : stem(word));
}, 100_000);
