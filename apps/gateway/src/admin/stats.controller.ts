import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { Access } from '@cx/auth';
import { problems } from '../problem';
import { parseWindow, Query } from './query-input';
import { StatsService } from './stats.service';

/** `GET /v1/admin/stats?minutes=30` (AuthGuard lets only the admin token into /v1/admin). */
@Access('admin')
@Controller('v1/admin/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  get(@QueryParams() q: Query) {
    const minutes = parseWindow(q);
    if (minutes.value === undefined) throw problems.invalid('The query is not valid.', minutes.violations);
    return this.stats.stats(minutes.value);
  }
}
