/** Which OpenAI endpoint a URL path addresses, on any host and under any prefix (`/v1`, `/openai/v1`, Azure deployments). */
export type OpenAiRoute = 'chat' | 'responses' | 'embeddings' | 'completions';

/**
 * @example
 * openAiRoute('/openai/deployments/gpt-4o/chat/completions'); // 'chat'
 */
export function openAiRoute(pathname: string): OpenAiRoute | undefined {
  const path = pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  if (path.endsWith('/chat/completions')) return 'chat';
  if (path.endsWith('/responses')) return 'responses';
  if (path.endsWith('/embeddings')) return 'embeddings';
  if (path.endsWith('/completions')) return 'completions';
  return undefined;
}

/**
 * The Azure OpenAI deployment name in `/openai/deployments/{deployment}/...`: Azure does not need `model` in the body,
 * and the deployment usually names the model.
 *
 * @example
 * azureDeployment('/openai/deployments/gpt-4o-prod/chat/completions'); // 'gpt-4o-prod'
 */
export function azureDeployment(pathname: string): string | undefined {
  const match = /\/deployments\/([^/]+)\//.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
