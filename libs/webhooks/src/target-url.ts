import newSubscription from '../../../schemas/api/new-subscription.schema.json';

/** schemas/api/new-subscription.schema.json */
export const MAX_URL_LENGTH = newSubscription.properties.url.maxLength;

/**
 * Why a webhook target URL is unacceptable, or undefined when it is fine: absolute http(s), no user name or password
 * in it (secrets belong in the signing secret), no fragment, at most MAX_URL_LENGTH characters.
 */
export function targetUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be an absolute http or https URL';
  if (value.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (!url.hostname) return 'must name a host';
  if (url.hash) return 'must not have a fragment';
  return undefined;
}
