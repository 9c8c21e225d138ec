import type { MessagePart } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { mediaPart } from '../shared/media-part.js';
import { asRecord, asString } from '../shared/json-shape.js';

/**
 * Message content on the OpenAI wire (Chat Completions or Responses: a string or a list of typed parts) as GenAI parts.
 *
 * @example
 * openAiContentParts([{ type: 'text', text: 'Describe' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }]);
 * // [{ type: 'text', content: 'Describe' }, { type: 'uri', modality: 'image', uri: 'https://x/y.png' }]
 */
export function openAiContentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const item of content) {
    const part = asRecord(item);
    switch (part.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        parts.push({ type: 'text', content: asString(part.text) ?? '' });
        break;
      case 'refusal':
        parts.push({ type: 'refusal', content: asString(part.refusal) ?? '' });
        break;
      case 'image_url': {
        const url = asString(asRecord(part.image_url).url) ?? asString(part.image_url);
        if (url) parts.push(compact(mediaPart(url, 'image')));
        break;
      }
      case 'input_image': {
        const url = asString(part.image_url);
        if (url) parts.push(compact(mediaPart(url, 'image')));
        else parts.push(compact({ type: 'file', modality: 'image', file_id: asString(part.file_id) }));
        break;
      }
      case 'input_audio': {
        const audio = asRecord(part.input_audio);
        const format = asString(audio.format);
        parts.push(compact({ type: 'blob', modality: 'audio', mime_type: format && `audio/${format}`, content: asString(audio.data) }));
        break;
      }
      case 'file':
      case 'input_file': {
        const file = part.type === 'file' ? asRecord(part.file) : part;
        const data = asString(file.file_data);
        if (data) parts.push(compact(mediaPart(data, undefined)));
        else parts.push(compact({ type: 'file', file_id: asString(file.file_id), uri: asString(file.file_url), name: asString(file.filename) }));
        break;
      }
      default:
        if (typeof item === 'string') parts.push({ type: 'text', content: item });
        else if (part.type) parts.push({ ...part, type: String(part.type) });
    }
  }
  return parts;
}
