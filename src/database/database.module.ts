import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { installAfterCommit } from '../common/database/after-commit.js';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(requireUrl(config.database.url), config.database.pool),
        autoLoadEntities: true,
        retryAttempts: 2,
        retryDelay: 500,
      }),
      // Migrations run at start-up, before any module touches a table.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        installAfterCommit(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}

function requireUrl(url: string | undefined): string {
  if (!url) throw new Error('DATABASE_URL missing: main.ts starts the embedded database before the app');
  return url;
}
