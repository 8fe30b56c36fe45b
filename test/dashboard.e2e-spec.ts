import { randomBytes, randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { call, corpusMessage, deliverTopic, registerCorridor } from './support/corridor';
import { launchChromium, screenshot } from './support/browser';
import { createTestDatabase, TestDatabase } from './support/database';
import { Exchange } from './support/exchange';
import { testKafka } from './support/kafka-client';
import { TopicReader } from './support/topic-reader';
import { waitFor } from './support/wait';

/**
 * The admin dashboard in a real browser (headless Chromium) against the whole exchange: a real broker, database,
 * gateway, validator, router and dashboard. The browser waits for facts to appear on the page, never for time.
 */
describe('the admin dashboard, in a browser', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let browser: Browser;
  let page: Page;
  let producer: Producer;
  let reader: TopicReader;
  const note = corpusMessage('consignment.note/valid-aktau-baku-bulk-ferry', true);

  beforeAll(async () => {
    browser = await launchChromium();
    db = await createTestDatabase();
    x = await Exchange.start(db);
    keys = await registerCorridor(x);
    // The sender reads its delivery topic (a consumer group with a lag to show); nobody reads GE-CUSTOMS's.
    reader = await TopicReader.open([deliverTopic(x, note.sender)]);
    const kafka = testKafka('cx-test-operator');
    producer = kafka.producer();
    await producer.connect();
    page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    page.on('dialog', (d) => void d.accept());
  });

  afterAll(async () => {
    await browser?.close();
    await producer?.disconnect();
    await reader?.close();
    await x?.stop();
    await db?.drop();
  });

  const inbound = () => `${x.topicPrefix}.inbound`;

  it('refuses a wrong token with a clear message and signs the admin in with the admin token', async () => {
    await page.goto(x.dashboardUrl);
    await page.getByLabel('Admin token', { exact: true }).fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('That token was not accepted').waitFor();
    await screenshot(page, 'sign-in');

    await page.getByLabel('Admin token', { exact: true }).fill(x.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('cx-admin-token')")).toBe(x.adminToken);
  });

  it('shows a message posted through the API on the live overview, without a reload', async () => {
    await page.getByRole('table', { name: 'Latest messages' }).waitFor();
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));

    const sent = await call(x, 'POST', '/v1/messages', keys[note.sender], note);
    expect(sent.status).toBe(202);
    // A record that fails a corridor rule, produced straight to the inbound topic: a failure by rule to show.
    const bad = corpusMessage('consignment.note/invalid-total-mass', true);
    await producer.send({
      topic: inbound(),
      messages: [{ key: bad.consignmentRef, value: JSON.stringify(bad) }],
    });

    await page.locator(`tr[data-message-id="${note.id}"]`).getByText('routed').waitFor();
    await page
      .getByRole('table', { name: 'Messages by type and outcome' })
      .locator('tr[data-type="consignment.note"] td[data-outcome="routed"]')
      .getByText('1', { exact: true })
      .waitFor();
    await page.getByRole('table', { name: 'Validation failures by rule' }).getByText('mass.total').waitFor();
    await page.locator('canvas[data-total="2"]').waitFor();
    expect(await page.getByTestId('latency-p50').textContent()).toMatch(/\d+(\.\d+)? m?s/);
    expect(await page.getByRole('region', { name: 'Kafka health' }).locator('.big').textContent()).toBe('up');
    expect(await page.getByRole('region', { name: 'Database health' }).locator('.big').textContent()).toBe(
      'up',
    );
    expect(loads).toEqual([]);
    await screenshot(page, 'overview');
  });

  it('finds the message by consignment ref and opens its page: routing, deliveries, envelope, timeline', async () => {
    const view = await call(x, 'GET', `/v1/messages/${note.id}`, x.adminToken);
    const recipients = view.body.recipients as string[];
    expect(recipients.length).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Messages' }).click();
    await page.getByLabel('Consignment ref', { exact: true }).fill(note.consignmentRef);
    await page.getByLabel('Sender', { exact: true }).fill(note.sender);
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('table', { name: 'Search results' });
    await page.getByText('1 found, showing 1–1').waitFor();
    expect(await results.locator('tbody tr').getAttribute('data-message-id')).toBe(note.id);
    await screenshot(page, 'messages');

    await results.getByRole('link', { name: note.id }).click();
    await page.getByTestId('message-status').getByText('routed').waitFor();
    expect(await page.getByTestId('recipients').textContent()).toBe(recipients.join(', '));
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    for (const r of recipients) await deliveries.getByRole('cell', { name: r, exact: true }).waitFor();
    expect(await page.getByLabel('Envelope').textContent()).toContain(`"id": "${note.id}"`);
    await screenshot(page, 'message');

    await page.getByRole('link', { name: note.consignmentRef }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByRole('link', { name: note.id }).waitFor();
    await screenshot(page, 'consignment');
  });

  it('shows a corrected message’s chain of versions on its page and marks them in the timeline', async () => {
    const correction = { ...corpusMessage('consignment.note/valid-aktau-baku-bulk-ferry'), id: randomUUID() };
    Object.assign(correction, { consignmentRef: note.consignmentRef, version: '1.2', supersedes: note.id });
    expect((await call(x, 'POST', '/v1/messages', keys[note.sender], correction)).status).toBe(202);
    await waitFor(
      async () =>
        (await call(x, 'GET', `/v1/messages/${note.id}`, x.adminToken)).body.status === 'superseded',
      { what: 'the note to be superseded' },
    );
    await page.goto(`${x.dashboardUrl}/#/messages/${note.id}`);
    const versions = page.getByRole('list', { name: 'Versions' });
    await versions.getByRole('link', { name: correction.id }).waitFor();
    expect(await versions.locator('li').allTextContents()).toEqual([
      expect.stringContaining('(replaced)'),
      expect.stringContaining('(correction, current)'),
    ]);
    await page.goto(`${x.dashboardUrl}/#/consignments/${encodeURIComponent(note.consignmentRef)}`);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('(correction, current)').waitFor();
    expect(await timeline.locator('li').first().textContent()).toContain('(replaced)');
  });

  it('manages participants: delivery lag, a new participant’s key shown once, revoking it, deactivating', async () => {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Participants' }).click();
    const table = page.getByRole('table', { name: 'Participants' });
    // The sender's topic has a reader (a number); GE-CUSTOMS's topic exists but nobody consumes it.
    await waitFor(
      async () =>
        /^\d+$/.test(
          ((await table.locator(`tr[data-participant="${note.sender}"] td.num`).textContent()) ?? '').trim(),
        ),
      { what: `a delivery lag for ${note.sender}` },
    );

    const id = `GE-PORT-${randomBytes(3).toString('hex').toUpperCase()}`;
    await page.getByLabel('Id', { exact: true }).fill(id);
    await page.getByLabel('Name', { exact: true }).fill('Batumi Sea Port (second terminal)');
    await page.getByLabel('Role', { exact: true }).selectOption('port');
    await page.getByLabel('Country', { exact: true }).fill('GE');
    await page.getByLabel('Locations (UN/LOCODEs)', { exact: true }).fill('GEBUS');
    await page.getByRole('button', { name: 'Create participant' }).click();
    const apiKey = (await page.getByTestId('new-api-key').textContent())!.trim();
    expect((await call(x, 'GET', '/v1/schemas', apiKey)).status).toBe(200);
    await screenshot(page, 'participants');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('new-api-key').count()).toBe(0);

    await page.getByRole('button', { name: `Keys of ${id}` }).click();
    await page.getByRole('button', { name: /^Revoke key / }).click();
    await page
      .getByRole('table', { name: `API keys of ${id}` })
      .getByText(/^revoked/)
      .waitFor();
    expect((await call(x, 'GET', '/v1/schemas', apiKey)).status).toBe(401);

    // Its own Kafka credential: the password is shown once, and it authenticates at the broker.
    await page.getByRole('button', { name: `Issue the Kafka credential of ${id}` }).click();
    const password = (await page.getByTestId('new-kafka-password').textContent())!.trim();
    const admin = testKafka('cx-test-dashboard', {
      sasl: { mechanism: 'scram-sha-512', username: id, password },
    }).admin();
    await admin.connect();
    await admin.disconnect();
    await page
      .getByRole('group', { name: `Kafka credential of ${id}` })
      .getByText(`WRITE TOPIC LITERAL:${x.topicPrefix}.inbound.${id}`)
      .waitFor();

    // Its EDIFACT identity (UNB sender id and qualifier), shown once saved.
    await page.getByLabel('UNB sender id', { exact: true }).fill(`${id}-EDI`);
    await page.getByLabel('Qualifier', { exact: true }).fill('ZZZ');
    await page.getByRole('button', { name: `Save the EDIFACT identity of ${id}` }).click();
    await page
      .getByRole('form', { name: `EDIFACT identity of ${id}` })
      .getByText(`${id}-EDI:ZZZ`)
      .waitFor();
    const registered = await call(x, 'GET', `/v1/admin/participants/${id}`, x.adminToken);
    expect(registered.body).toMatchObject({ edifactId: `${id}-EDI`, edifactQualifier: 'ZZZ' });

    // Names match exactly: Playwright matches a substring otherwise, and "Deactivate X" contains "activate X", so the
    // wait would end at once, before the change is stored.
    await page.getByRole('button', { name: `Deactivate ${id}`, exact: true }).click();
    await page.getByRole('button', { name: `Activate ${id}`, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: `Deactivate ${id}`, exact: true }).count()).toBe(0);
    expect((await page.locator(`tr[data-participant="${id}"]`).textContent()) ?? '').toContain('inactive');
    const after = await call(x, 'GET', `/v1/admin/participants/${id}`, x.adminToken);
    expect(after.body.active).toBe(false);
  });

  it('lists a garbage record as a dead letter and replays it through validation from the UI', async () => {
    const key = `garbage-${randomUUID()}`;
    await producer.send({ topic: inbound(), messages: [{ key, value: '{"this is": not json' }] });

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Dead letters' }).click();
    const list = page.getByRole('table', { name: 'Dead letters' });
    const row = list.locator('tbody tr').filter({ hasText: 'not JSON' }).first();
    await row.waitFor();
    const id = (await row.getAttribute('data-dead-letter'))!;
    await row.getByRole('link', { name: id }).click();
    await page.getByTestId('dlq-reason').getByText('not JSON').waitFor();
    expect(await page.getByLabel('Record value').textContent()).toBe('{"this is": not json');

    await page.getByRole('button', { name: 'Replay to the inbound topic' }).click();
    await page.getByRole('status').getByText('being validated again').waitFor();
    await page
      .getByTestId('dlq-replays')
      .getByText(/^1, last /)
      .waitFor();
    // The validator read it again: still not JSON, so a new dead letter that names the one replayed.
    await list
      .locator('tbody tr')
      .filter({ hasText: `replay of ${id}` })
      .waitFor();
    const dlq = await call(x, 'GET', '/v1/admin/dlq', x.adminToken);
    const items = dlq.body.items as Array<{ id: string; replayOf: string | null; replayCount: number }>;
    expect(items.find((d) => d.id === id)).toMatchObject({ replayCount: 1 });
    expect(items.filter((d) => d.replayOf === id)).toHaveLength(1);
    await screenshot(page, 'dead-letters');
  });

  it('sends the admin back to sign-in when the token stops working', async () => {
    // As if the token were rotated while the admin was signed in.
    await page.evaluate("sessionStorage.setItem('cx-admin-token', 'a-token-that-was-revoked')");
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('alert').getByText('no longer accepts the admin token').waitFor();
    await page.getByLabel('Admin token', { exact: true }).waitFor();
  });
});
