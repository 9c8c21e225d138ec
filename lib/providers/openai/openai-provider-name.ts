/**
 * `gen_ai.provider.name` for a host speaking the OpenAI wire. Semconv well-known values where they exist (`openai`,
 * `azure.ai.openai`, `groq`, `mistral_ai`, `deepseek`, `x_ai`, `perplexity`, `gcp.gemini`, `anthropic` ...), the
 * vendor's own snake_case name otherwise.
 */
const HOSTS: ReadonlyArray<[suffix: string, name: string]> = [
  ['api.openai.com', 'openai'],
  ['openai.azure.com', 'azure.ai.openai'],
  ['cognitiveservices.azure.com', 'azure.ai.openai'],
  ['services.ai.azure.com', 'azure.ai.openai'],
  ['api.groq.com', 'groq'],
  ['api.together.xyz', 'together_ai'],
  ['api.together.ai', 'together_ai'],
  ['openrouter.ai', 'openrouter'],
  ['api.mistral.ai', 'mistral_ai'],
  ['api.deepseek.com', 'deepseek'],
  ['api.x.ai', 'x_ai'],
  ['api.fireworks.ai', 'fireworks'],
  ['api.perplexity.ai', 'perplexity'],
  ['api.cerebras.ai', 'cerebras'],
  ['api.deepinfra.com', 'deepinfra'],
  ['api.sambanova.ai', 'sambanova'],
  ['router.huggingface.co', 'huggingface'],
  ['api.moonshot.ai', 'moonshot_ai'],
  ['api.cohere.ai', 'cohere'],
  ['api.cohere.com', 'cohere'],
  ['generativelanguage.googleapis.com', 'gcp.gemini'],
  ['aiplatform.googleapis.com', 'gcp.vertex_ai'],
  ['api.anthropic.com', 'anthropic'],
  ['bedrock-runtime.amazonaws.com', 'aws.bedrock'],
  ['api.ai.it.ibm.com', 'ibm.watsonx.ai'],
];

/** Ollama's default port: `http://localhost:11434/v1` is Ollama's OpenAI-compatible endpoint. */
const OLLAMA_PORT = '11434';

/**
 * Names the provider behind an OpenAI-wire URL.
 *
 * Unknown hosts (vLLM, LiteLLM, a company gateway, a local fake) get `openai`: the request and response are OpenAI's
 * wire format and we cannot see what serves it; `openai` is also what Traceloop's OpenAI instrumentation reports for
 * any `baseURL`, so dashboards built on either agree. Users who know better can add their own adapter.
 *
 * @example
 * openAiCompatibleProviderName(new URL('https://api.groq.com/openai/v1/chat/completions')); // 'groq'
 */
export function openAiCompatibleProviderName(url: URL): string {
  const host = url.hostname.toLowerCase();
  for (const [suffix, name] of HOSTS) {
    if (host.endsWith(suffix) && (host.length === suffix.length || host[host.length - suffix.length - 1] === '.')) return name;
  }
  if (url.port === OLLAMA_PORT) return 'ollama';
  return 'openai';
}
