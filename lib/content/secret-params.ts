// Query parameters that carry credentials or signatures: API keys (`?key=`, `?api_key=`), tokens, signed-URL fields
// (S3 `X-Amz-*`, GCS `X-Goog-*`, Azure SAS `sig`/`se`/`sp`/`sv`/`skoid`/`sktid`).
const NAMES =
  'key|api[-_]?key|apikey|access[-_]?token|token|id[-_]?token|auth|authorization|sig|signature|secret|client[-_]?secret|password|code|x-amz-[a-z0-9-]*|x-goog-[a-z0-9-]*|se|sp|sv|skoid|sktid';

/**
 * Whether a query parameter name carries a credential (matched case-insensitively).
 * @example isSecretParam('api_key') // true
 */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name);
}

const SECRET_PARAM = new RegExp(`^(?:${NAMES})$`, 'i');

/**
 * The same parameters inside free text (an error message quoting a URL): group 1 is `?name=` / `&name=`, the value
 * follows up to the next `&`, `#`, quote or whitespace.
 */
export const SECRET_PARAM_IN_TEXT = new RegExp(`([?&](?:${NAMES})=)[^&#\\s"'<>]*`, 'gi');
