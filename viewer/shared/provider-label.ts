/**
 * The Vercel AI SDK names providers by package and API (`openai.chat`, `openai.responses`, `anthropic.messages`,
 * `google.generative-ai`, `azure.chat` ...), in `ai.model.provider` and in `gen_ai.system`, while the GenAI
 * conventions (and our own spans, and Traceloop's) say `openai`, `anthropic`, `gcp.gemini`: one provider, one label,
 * whichever span of the tree it is read from.
 */
const AI_SDK_PROVIDERS: ReadonlyArray<[prefix: string, label: string]> = [
  ['openai', 'openai'],
  ['anthropic', 'anthropic'],
  ['google.generative-ai', 'gcp.gemini'],
  ['google.vertex', 'gcp.vertex_ai'],
  ['azure', 'azure.ai.openai'],
  ['azure-openai', 'azure.ai.openai'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['mistral', 'mistral_ai'],
  ['xai', 'x_ai'],
  ['groq', 'groq'],
  ['deepseek', 'deepseek'],
  ['cohere', 'cohere'],
  ['perplexity', 'perplexity'],
  ['togetherai', 'together_ai'],
  ['fireworks', 'fireworks'],
  ['cerebras', 'cerebras'],
  ['deepinfra', 'deepinfra'],
  ['ollama', 'ollama'],
];

/** The API part of an AI SDK provider id (`openai.chat` -> `chat`). */
const AI_SDK_APIS = new Set(['chat', 'responses', 'completion', 'embedding', 'image', 'transcription', 'speech', 'messages']);

/**
 * One label per provider, lowercased: AI SDK ids (`openai.chat`, `openai.responses`, `google.generative-ai`) become
 * the GenAI conventions' names (`openai`, `gcp.gemini`); everything else is kept as sent (`azure.ai.openai`,
 * `gcp.vertex_ai` and `aws.bedrock` are conventions' names with dots of their own).
 *
 * @example
 * providerLabel('openai.responses'); // 'openai'
 * providerLabel('OpenAI'); // 'openai'
 * providerLabel('azure.ai.openai'); // 'azure.ai.openai'
 */
export function providerLabel(raw: string): string {
  const p = raw.trim().toLowerCase();
  for (const [prefix, label] of AI_SDK_PROVIDERS) {
    if (p === prefix) return label;
    if (!p.startsWith(prefix + '.')) continue;
    const api = p.slice(prefix.length + 1);
    if (AI_SDK_APIS.has(api) || (prefix === 'google.vertex' && api.split('.').every((s) => AI_SDK_APIS.has(s)))) return label;
  }
  return p;
}
