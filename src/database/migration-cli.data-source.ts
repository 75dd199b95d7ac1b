import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { databaseUrlFromEnvironment } from '../config/database-url.js';

/** Used by `npm run migration:*` (the TypeORM CLI). The service itself migrates on start-up. */
export default new DataSource(dataSourceOptions(databaseUrlFromEnvironment()));
