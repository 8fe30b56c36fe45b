// An operator following its inbox as server-sent events, resuming after a dropped connection without gap or repeat.
//   CX_GATEWAY_URL=http://127.0.0.1:3000 CX_API_KEY=... node examples/follow-stream.js
// Prints "<cursor> <type> <consignmentRef> <id>" per message. Keep the last cursor to resume later
// (CX_LAST_EVENT_ID=<cursor>); CX_TYPES=transport.status,ack filters.
'use strict';
const { TextDecoder } = require('node:util');

const gateway = process.env.CX_GATEWAY_URL || 'http://127.0.0.1:3000';
const apiKey = process.env.CX_API_KEY;
const types = process.env.CX_TYPES;
const max = Number(process.env.MAX_MESSAGES || 0);
if (!apiKey) {
  console.error('Set CX_API_KEY to your participant API key');
  process.exit(2);
}

let lastEventId = process.env.CX_LAST_EVENT_ID || '';
let seen = 0;

/** Reads one connection's events until it ends; the caller reconnects from lastEventId. */
async function follow() {
  const url = `${gateway}/v1/inbox/stream${types ? `?types=${encodeURIComponent(types)}` : ''}`;
  const res = await fetch(url, {
    headers: {
      authorization: `Bearer ${apiKey}`,
      accept: 'text/event-stream',
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    },
  });
  if (res.status === 401 || res.status === 403 || res.status === 422) {
    console.error(`refused: ${res.status} ${await res.text()}`);
    process.exit(1);
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  console.log('connected');
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      onEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

function onEvent(block) {
  let id = '';
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
    // lines starting with ':' are heartbeats
  }
  // `signatures` events (the sender's JWS and the exchange's receipt of the next message) are not needed here.
  if (data.length === 0 || event !== 'message') return;
  const envelope = JSON.parse(data.join('\n'));
  lastEventId = id;
  console.log(`${id} ${envelope.type} ${envelope.consignmentRef} ${envelope.id}`);
  seen += 1;
  if (max > 0 && seen >= max) process.exit(0);
}

async function main() {
  for (;;) {
    try {
      await follow();
    } catch (err) {
      console.error(`disconnected: ${err.message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

process.on('SIGINT', () => process.exit(0));
main();
