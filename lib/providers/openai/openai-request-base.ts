import type { GenAiRequest, RequestInfo } from '../provider-adapter';
import { asString } from '../shared/json-shape';
import { openAiCompatibleProviderName } from './openai-provider-name';
import { azureDeployment } from './openai-route';

/**
 * What every request on the OpenAI wire says the same way: the provider (from the host), the model (from the body,
 * else an Azure deployment path) and whether it streams.
 *
 * @example
 * openAiRequestBase(request, body, 'embeddings'); // { providerName: 'openai', operationName: 'embeddings', model, stream: false }
 */
export function openAiRequestBase(
  request: RequestInfo,
  body: Record<string, unknown>,
  operationName: string,
): Pick<GenAiRequest, 'providerName' | 'operationName' | 'model' | 'stream'> {
  return {
    providerName: openAiCompatibleProviderName(request.url),
    operationName,
    model: asString(body.model) || azureDeployment(request.url.pathname),
    stream: body.stream === true,
  };
}
