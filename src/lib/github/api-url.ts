/**
 * The API base URL (`GITHUB_API_URL`), made safe to use as a cache key and to
 * print: a user name or password written into it
 * (`https://user:token@ghe.example/api/v3`) is taken out, never sent, stored or
 * printed; the token belongs in `GITHUB_TOKEN`.
 */

/** An API base URL, read. */
export type ApiBase =
  | {
      /** `https://ghe.example/api/v3`: no credentials, query, fragment or trailing slash. */
      url: string;
      /** The user name and password that were in it (decoded too), to scrub from messages; empty when none. */
      secrets: string[];
    }
  | {
      /** Why it cannot be used, without quoting it (it may hold a secret). */
      problem: string;
    };

/**
 * Reads an API base URL. Only `http:` and `https:` are accepted.
 *
 * @param raw the URL as configured
 */
export function readApiBase(raw: string): ApiBase {
  const value = raw.trim();
  if (!URL.canParse(value)) return { problem: 'GITHUB_API_URL is not a valid URL' };
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'GITHUB_API_URL is not an http(s) URL' };
  const secrets = [url.username, url.password].filter((part) => part !== '').flatMap((part) => [part, safeDecode(part)]);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return { url: url.href.replace(/\/+$/, ''), secrets: [...new Set(secrets)] };
}

/** `decodeURIComponent`, or the text as is when it is not valid percent-encoding. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
