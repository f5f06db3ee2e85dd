import { ClozeError } from '../../core/errors.js';
import { LIMITS } from '../../core/limits.js';

/**
 * RFC 6901 JSON pointer (`/event/message/text`, `~1` for "/", `~0` for "~"); undefined
 * when the path does not exist. Only own properties are followed.
 */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) throw new ClozeError('validation_failed', 'a JSON pointer starts with "/" (RFC 6901)', { field: 'text_pointer' });
  let at: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(at)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      at = at[Number(token)];
    } else if (at !== null && typeof at === 'object' && Object.hasOwn(at, token)) {
      at = (at as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return at;
}

const checkText = (t: unknown, field: string): string => {
  if (typeof t !== 'string' || t.length === 0) throw new ClozeError('validation_failed', `${field} must be a non-empty string`, { field });
  if (t.length > LIMITS.textChars) throw new ClozeError('input_too_long', `${field} is longer than ${LIMITS.textChars} characters`, { field });
  return t;
};

/**
 * The texts a webhook carries: `text` or `texts` at the top of the body, or whatever string
 * (or array of strings) the endpoint's `text_pointer` points at in an arbitrary event payload.
 */
export function textsFromPayload(body: unknown, pointer: string | undefined, maxTexts: number): { texts: string[]; many: boolean } {
  if (pointer !== undefined) {
    const found = resolvePointer(body, pointer);
    if (found === undefined) throw new ClozeError('validation_failed', `nothing at text_pointer ${pointer}`, { field: 'text_pointer' });
    if (Array.isArray(found)) {
      if (found.length === 0 || found.length > maxTexts)
        throw new ClozeError('validation_failed', `text_pointer must point at 1 to ${maxTexts} texts`, { field: 'text_pointer' });
      return { texts: found.map((t, i) => checkText(t, `${pointer}/${i}`)), many: true };
    }
    return { texts: [checkText(found, pointer)], many: false };
  }
  const obj = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if ((obj.text === undefined) === (obj.texts === undefined)) {
    throw new ClozeError('validation_failed', 'give exactly one of `text` or `texts` (or set text_pointer)', { field: 'text' });
  }
  if (obj.texts !== undefined) {
    if (!Array.isArray(obj.texts) || obj.texts.length === 0 || obj.texts.length > maxTexts) {
      throw new ClozeError('validation_failed', `texts must be a list of 1 to ${maxTexts} strings`, { field: 'texts' });
    }
    return { texts: obj.texts.map((t, i) => checkText(t, `texts[${i}]`)), many: true };
  }
  return { texts: [checkText(obj.text, 'text')], many: false };
}

/** `callback_url` from the body, if any: an absolute http(s) URL. */
export function callbackUrlOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('callback_url' in body)) return undefined;
  const v = (body as { callback_url: unknown }).callback_url;
  if (v === undefined || v === null) return undefined;
  let url: URL | undefined;
  try {
    url = typeof v === 'string' && v.length <= 2_048 ? new URL(v) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ClozeError('validation_failed', 'callback_url must be an absolute http(s) URL', { field: 'callback_url' });
  }
  return url.toString();
}
