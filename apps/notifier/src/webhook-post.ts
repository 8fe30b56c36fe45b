import { signBody, SIGNATURE_HEADER } from '@cx/webhooks';

export interface PostOutcome {
  statusCode?: number;
  error?: string;
}

/**
 * One signed POST of a delivery (JSON, or EDIFACT for such a subscription). Redirects are not followed (a 3xx is a failure: the subscription should name the
 * final URL), and the answer's body is not read beyond its status.
 */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  contentType = 'application/json',
): Promise<PostOutcome> {
  const signature = signBody(secret, body, Math.floor(Date.now() / 1000));
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': contentType,
        'user-agent': 'corridor-exchange-notifier/1',
        [SIGNATURE_HEADER]: signature,
        ...headers,
      },
      body,
    });
    await res.body?.cancel().catch(() => undefined);
    return { statusCode: res.status };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason =
      e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e.cause?.message ?? e.message);
    return { error: reason.slice(0, 500) };
  }
}
