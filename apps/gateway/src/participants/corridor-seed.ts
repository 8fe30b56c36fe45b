import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Participant } from '@cx/contracts';
import { SETTINGS, Settings } from '@cx/config';
import { ParticipantEntity } from '@cx/persistence';
import { ParticipantsService } from './participants.service';

/** The corridor set (test/fixtures/participants.json) seeds an empty development database. */
function corridorParticipants(): Participant[] {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return JSON.parse(fs.readFileSync(path.join(dir, 'test', 'fixtures', 'participants.json'), 'utf8'));
}

@Injectable()
export class CorridorSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly participants: ParticipantsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.nodeEnv !== 'development') return;
    if ((await this.ds.getRepository(ParticipantEntity).count()) > 0) return;
    const rows: string[] = [];
    for (const p of corridorParticipants()) {
      const { id, name, role, country, locations } = p;
      const { apiKey } = await this.participants.create({ id, name, role, country, locations });
      if (!p.active) await this.participants.update(id, { active: false });
      rows.push(`  ${id.padEnd(26)} ${role.padEnd(10)} ${apiKey}${p.active ? '' : '  (inactive)'}`);
    }
    this.logger.log(
      `Seeded the development database with the corridor's participants. Their API keys, shown this once:\n${rows.join('\n')}`,
    );
  }
}
