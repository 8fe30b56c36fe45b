/**
 * The text/event-stream wire format (WHATWG HTML, server-sent events). A data field may not hold a line break, so
 * each line of the payload becomes its own `data:` line; the client joins them with "\n", which leaves JSON intact.
 */
export function sseEvent(id: string | undefined, event: string, data: string): string {
  const lines = data.split(/\r\n|\r|\n/).map((l) => `data: ${l}`);
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\n${lines.join('\n')}\n\n`;
}

/**
 * The signatures of the message that follows: an event without an id, so that a client whose connection drops
 * between the two resumes before both (its Last-Event-ID is still the previous message's).
 */
export function sseSignatures(item: {
  messageId: string;
  jws: string | null;
  receipt: string | null;
  /** SHA-256 of the signed EDIFACT interchange the JWS covers, when there is one. */
  interchange?: string | null;
}): string {
  if (!item.jws && !item.receipt) return '';
  const { interchange, ...signatures } = item;
  return sseEvent(
    undefined,
    'signatures',
    JSON.stringify(interchange ? { ...signatures, interchange } : signatures),
  );
}

/** A comment line: ignored by clients, it keeps proxies and load balancers from closing an idle connection. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** How long a client waits before reconnecting after the connection drops. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}
