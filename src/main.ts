import { Logger } from '@nestjs/common';
import { AuthService } from './accounts/auth.service.js';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { DemoLoader } from './demo/demo-loader.service.js';

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const app = await createApp(config);
const logger = new Logger('Duijie');
const first = await app.get(AuthService).ensureFirstOrganiser();
if (first) {
  if (first.generatedPassword) {
    logger.warn(
      `First organiser created: ${first.email} with password ${first.generatedPassword} (shown once; change it)`,
    );
  } else logger.log(`First organiser created: ${first.email} (password from ADMIN_PASSWORD)`);
}
await app.get(DemoLoader).loadIfEmpty();
await app.listen({ port: config.port, host: config.host });
const where = config.database.kind === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
logger.log(`Duijie is running at ${config.appUrl} (database: ${where})`);
logger.log(`Organiser console: ${config.appUrl}/console · API docs: ${config.appUrl}/api/docs`);
