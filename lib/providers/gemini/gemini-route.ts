/** A Gemini REST call: the model and the method after the colon. */
export interface GeminiRoute {
  model: string;
  method: 'generateContent' | 'streamGenerateContent' | 'embedContent' | 'batchEmbedContents';
}

const ROUTE = /\/(?:models|tunedModels)\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/;

/**
 * Reads `…/models/{model}:{method}` (Gemini API `/v1beta/models/…`, Vertex `/v1/projects/…/publishers/google/models/…`).
 *
 * @example
 * geminiRoute('/v1beta/models/gemini-2.5-flash:streamGenerateContent'); // { model: 'gemini-2.5-flash', method: 'streamGenerateContent' }
 */
export function geminiRoute(pathname: string): GeminiRoute | undefined {
  // Every Gemini method path has a colon; skipping the regex for other paths keeps matching cheap.
  if (!pathname.includes(':')) return undefined;
  const match = ROUTE.exec(pathname);
  if (!match) return undefined;
  let model = match[1];
  try {
    model = decodeURIComponent(model);
  } catch {
    // keep the raw segment
  }
  return { model, method: match[2] as GeminiRoute['method'] };
}

/**
 * `gcp.vertex_ai` for Vertex AI hosts, `gcp.gemini` for the Gemini Developer API and anything else on this wire.
 *
 * @example
 * geminiProviderName(new URL('https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-flash:generateContent')); // 'gcp.vertex_ai'
 */
export function geminiProviderName(url: URL): string {
  return url.hostname.endsWith('aiplatform.googleapis.com') ? 'gcp.vertex_ai' : 'gcp.gemini';
}
