import { Module } from '@nestjs/common';
import { ConsignmentsController } from './consignments.controller';

@Module({ controllers: [ConsignmentsController] })
export class ConsignmentsModule {}
