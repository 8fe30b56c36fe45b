import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { Access } from '@cx/auth';
import type { AckEnvelope, MessageDetail, MessagePage, MessageRow } from '@cx/contracts';
import { MessageEntity, MessageStore } from '@cx/persistence';
import { problems } from '../problem';
import { parseMessageSearch, Query } from './query-input';

function row(m: MessageEntity): MessageRow {
  return {
    id: m.id,
    type: m.type,
    version: m.version,
    sender: m.sender,
    consignmentRef: m.consignmentRef,
    status: m.status,
    receivedAt: m.receivedAt,
    routedAt: m.routedAt,
    recipients: m.recipients ?? [],
    errors: m.errors ?? [],
    correlationId: m.correlationId,
  };
}

function parsed(envelope: string): unknown {
  try {
    return JSON.parse(envelope);
  } catch {
    return envelope;
  }
}

/** `GET /v1/admin/messages?…` (search) and `GET /v1/admin/messages/{id}` (envelope, routing, errors, deliveries). */
@Access('admin')
@Controller('v1/admin/messages')
export class AdminMessagesController {
  constructor(private readonly messages: MessageStore) {}

  @Get()
  async search(@QueryParams() q: Query): Promise<MessagePage> {
    const search = parseMessageSearch(q);
    if (search.value === undefined) throw problems.invalid('The search is not valid.', search.violations);
    const { items, total, totalCapped } = await this.messages.search(search.value);
    return {
      items: items.map(row),
      total,
      totalCapped,
      limit: search.value.limit,
      offset: search.value.offset,
    };
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<MessageDetail> {
    const m = await this.messages.findOne(id);
    if (!m) throw problems.notFound(`No message ${id}.`);
    const [deliveries, acks] = await Promise.all([this.messages.deliveries(id), this.messages.acksOf(id)]);
    return {
      message: { ...row(m), routedFrom: m.routedFrom },
      envelope: parsed(m.envelope),
      deliveries: deliveries.map((d) => ({
        participantId: d.participantId,
        seq: d.seq,
        deliveredAt: d.createdAt,
      })),
      acks: acks.map((a) => {
        const payload = (parsed(a.envelope) as Partial<Pick<AckEnvelope, 'payload'>>).payload;
        return { id: a.id, outcome: payload?.outcome ?? null, sentAt: a.receivedAt };
      }),
    };
  }
}
