import { Module } from '@nestjs/common';
import { SubscriptionsController } from './subscriptions.controller';

/** Managing webhook subscriptions; sending is the notifier's. */
@Module({ controllers: [SubscriptionsController] })
export class SubscriptionsModule {}
