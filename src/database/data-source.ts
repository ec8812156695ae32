import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** The data source the TypeORM CLI uses (`npm run migration:generate -- migrations/Name`). */
export default new DataSource(dataSourceOptions(loadConfig()));
