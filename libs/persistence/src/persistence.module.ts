import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SETTINGS, Settings } from '@cx/config';
import { dataSourceOptions } from './data-source';
import { migrate } from './migrate';

/** The database connection for an app; pending migrations run before the app serves anything. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SETTINGS],
      useFactory: (settings: Settings) => dataSourceOptions(settings.database),
      dataSourceFactory: async (options) => {
        const ds = await new DataSource(options!).initialize();
        await migrate(ds);
        return ds;
      },
    }),
  ],
  exports: [TypeOrmModule],
})
export class PersistenceModule {}
