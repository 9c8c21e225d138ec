import { requestSecrets } from '../content/request-secrets.js';
import { createSecretScrubber, type TextScrubber } from '../content/scrub-secrets.js';
import type { ForwardTarget } from './forward-config.js';

/**
 * The scrubber for everything a target's forwarder shows (`lastError` in `/api/health`, the UI, logs): every header
 * value it sends (any of them may be a credential, whatever its name), the token inside `Bearer`/`Basic`, the Basic
 * password, and `?api_key=`-style values in its URL, in every encoding an upstream could echo them in.
 * @example const scrub = targetScrubber(target); status.lastError = scrub(error);
 */
export function targetScrubber(target: ForwardTarget): TextScrubber {
  let url: URL | undefined;
  try {
    url = new URL(target.url);
  } catch {
    url = undefined;
  }
  const secrets = url ? requestSecrets({ url, headers: target.headers }) : [];
  for (const value of Object.values(target.headers)) secrets.push(value);
  return createSecretScrubber(secrets);
}
