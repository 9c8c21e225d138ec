import type { GenAiRequest, RequestInfo, RequestParams } from '../provider-adapter.js';
import { asString } from '../shared/json-shape.js';
import { openAiCompatibleProviderName } from './openai-provider-name.js';
import { azureDeployment } from './openai-route.js';

/**
 * What every request on the OpenAI wire says the same way: the provider (from the host), the model (from the body,
 * else an Azure deployment path) and whether it streams, plus the endpoint's parameters. Callers add their fields to
 * the object it returns (spreading it into a new literal is several times slower on this hot path).
 *
 * @example
 * openAiRequestBase(request, body, 'embeddings', {}); // { providerName: 'openai', operationName: 'embeddings', model, stream: false, params: {} }
 */
export function openAiRequestBase(
  request: RequestInfo,
  body: Record<string, unknown>,
  operationName: string,
  params: RequestParams,
): GenAiRequest {
  return {
    providerName: openAiCompatibleProviderName(request.url),
    operationName,
    model: asString(body.model) || azureDeployment(request.url.pathname),
    stream: body.stream === true,
    params,
  };
}
