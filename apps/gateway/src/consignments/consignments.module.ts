import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PipelineStore } from '@cx/persistence';
import { MessagesModule } from '../messages/messages.module';
import { ConsignmentsController } from './consignments.controller';

@Module({
  imports: [MessagesModule],
  controllers: [ConsignmentsController],
  providers: [{ provide: PipelineStore, inject: [DataSource], useFactory: (ds: DataSource) => new PipelineStore(ds) }],
})
export class ConsignmentsModule {}
