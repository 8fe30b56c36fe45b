import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Access, type Caller } from '@cx/auth';
import type { SubscriptionPatch } from '@cx/contracts';
import { InboxStore, SubscriptionEntity, SubscriptionStore } from '@cx/persistence';
import { MAX_SUBSCRIPTIONS_PER_PARTICIPANT, parseSubscriptionInput } from '@cx/webhooks';
import { CurrentCaller } from '../auth';
import { isValid } from '../http/api-schemas';
import { receivingParticipant } from '../inbox/receiving-participant';
import { problems } from '../problem';
import { KeyedQueue } from './keyed-queue';
import { attemptView, subscriptionView } from './subscription-view';

function activeFlag(body: unknown): boolean {
  if (!isValid('SubscriptionPatch', body)) {
    throw problems.invalid(
      'Send `{"active": true}` to resume a subscription or `{"active": false}` to pause it.',
      [
        {
          path: '/active',
          message: 'must be true or false, and the only field',
          rule: 'subscription.active',
        },
      ],
    );
  }
  return (body as SubscriptionPatch).active;
}

/**
 * Webhook subscriptions: each participant manages its own; another participant's are 404. The notifier app posts the
 * deliveries (apps/notifier).
 */
@Access('participant')
@Controller('v1/subscriptions')
export class SubscriptionsController {
  /** One participant's creations in turn: the limit's count and the insert must not interleave. */
  private readonly creations = new KeyedQueue();

  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly inbox: InboxStore,
  ) {}

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: unknown) {
    const participant = receivingParticipant(caller);
    const { input, violations } = parseSubscriptionInput(body);
    if (!input) throw problems.invalid('The subscription is invalid.', violations);
    return this.creations.run(participant.id, () => this.createWithin(participant.id, input));
  }

  private async createWithin(
    participantId: string,
    input: NonNullable<ReturnType<typeof parseSubscriptionInput>['input']>,
  ) {
    // Bounded so that one participant's endpoints cannot crowd the notifier (it also caps each one's share of posts).
    if ((await this.subscriptions.countOf(participantId)) >= MAX_SUBSCRIPTIONS_PER_PARTICIPANT) {
      throw problems.invalid(
        `A participant may hold at most ${MAX_SUBSCRIPTIONS_PER_PARTICIPANT} subscriptions: delete one first.`,
        [
          {
            path: '',
            message: `at most ${MAX_SUBSCRIPTIONS_PER_PARTICIPANT} subscriptions per participant`,
            rule: 'subscription.limit',
          },
        ],
      );
    }
    const now = new Date().toISOString();
    const row = Object.assign(new SubscriptionEntity(), {
      id: randomUUID(),
      participantId: participantId,
      url: input.url,
      secret: input.secret,
      types: input.filter.types ?? null,
      consignmentRef: input.filter.consignmentRef ?? null,
      format: input.format,
      status: 'active',
      // From now on: what the inbox already holds is there to pull, not to post.
      cursor: await this.inbox.lastSeq(participantId),
      consecutiveFailures: 0,
      nextAttemptAt: null,
      pausedReason: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.subscriptions.create(row);
    return subscriptionView(row);
  }

  @Get()
  async list(@CurrentCaller() caller: Caller) {
    const participant = receivingParticipant(caller);
    return (await this.subscriptions.listOf(participant.id)).map(subscriptionView);
  }

  @Get(':id')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string) {
    const s = await this.owned(caller, id);
    const attempts = await this.subscriptions.recentAttempts(s.id);
    return { ...subscriptionView(s), attempts: attempts.map(attemptView) };
  }

  /** `{active:true}` resumes a paused subscription (its failures forgotten, the next attempt at once); `false` pauses. */
  @Patch(':id')
  async setActive(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: unknown) {
    const s = await this.owned(caller, id);
    await this.subscriptions.setActive(s.id, activeFlag(body), new Date());
    return subscriptionView((await this.subscriptions.findById(s.id))!);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<void> {
    const participant = receivingParticipant(caller);
    if (!(await this.subscriptions.remove(participant.id, id))) throw this.notFound(id);
  }

  private async owned(caller: Caller, id: string): Promise<SubscriptionEntity> {
    const participant = receivingParticipant(caller);
    const s = await this.subscriptions.findOwned(participant.id, id);
    if (!s) throw this.notFound(id);
    return s;
  }

  private notFound(id: string) {
    return problems.notFound(`No subscription ${id} of yours.`);
  }
}
