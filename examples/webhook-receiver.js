// A webhook endpoint that verifies X-CX-Signature, and subscribes itself at start.
//   CX_GATEWAY_URL=http://127.0.0.1:3000 CX_API_KEY=... CX_WEBHOOK_SECRET=$(openssl rand -hex 16) \
//   node examples/webhook-receiver.js
// Prints "verified <type> <consignmentRef> <id>" per delivery. It answers 2xx only after handling a delivery: the
// exchange then never posts it again; anything else (or no answer) is retried with backoff.
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');

const gateway = process.env.CX_GATEWAY_URL || 'http://127.0.0.1:3000';
const apiKey = process.env.CX_API_KEY;
const secret = process.env.CX_WEBHOOK_SECRET;
const port = Number(process.env.PORT || 8787);
const publicUrl = process.env.CX_PUBLIC_URL || `http://127.0.0.1:${port}/cx-webhook`;
const max = Number(process.env.MAX_MESSAGES || 0);
const TOLERANCE_SECONDS = 300;
if (!apiKey || !secret) {
  console.error('Set CX_API_KEY and CX_WEBHOOK_SECRET (at least 16 characters)');
  process.exit(2);
}

/** True when a v1 of `header` ("t=<unix>,v1=<hex>") is HMAC-SHA256(secret, "<t>.<body>") and t is recent. */
function verify(header, body) {
  const parts = String(header || '')
    .split(',')
    .map((p) => p.trim().split('='));
  const t = Number((parts.find(([k]) => k === 't') || [])[1]);
  const signatures = parts.filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v || '')).map(([, v]) => v);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > TOLERANCE_SECONDS) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return signatures.some((s) => crypto.timingSafeEqual(Buffer.from(s, 'hex'), expected));
}

const handled = new Set(); // a real receiver keeps this in its database
let subscriptionId;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (req.method !== 'POST' || !verify(req.headers['x-cx-signature'], body)) {
      console.log('refused: bad signature');
      res.writeHead(401).end();
      return;
    }
    const envelope = JSON.parse(body.toString('utf8'));
    if (handled.has(envelope.id)) console.log(`duplicate ${envelope.id}`);
    else {
      handled.add(envelope.id);
      console.log(`verified ${envelope.type} ${envelope.consignmentRef} ${envelope.id}`);
    }
    res.writeHead(204).end();
    if (max > 0 && handled.size >= max) setTimeout(stop, 0);
  });
});

async function subscribe() {
  const res = await fetch(`${gateway}/v1/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: publicUrl, secret }),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`subscribing: ${res.status} ${JSON.stringify(body)}`);
  subscriptionId = body.id;
  console.log(`subscribed ${subscriptionId} -> ${publicUrl}`);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  if (subscriptionId) {
    const res = await fetch(`${gateway}/v1/subscriptions/${subscriptionId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${apiKey}` },
    }).catch((err) => ({ status: err.message }));
    console.log(
      res.status === 204 ? `unsubscribed ${subscriptionId}` : `unsubscribing failed: ${res.status}`,
    );
  }
  server.close();
  process.exit(0);
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.listen(port, '127.0.0.1', () => {
  subscribe().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
});
