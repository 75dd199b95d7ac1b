import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { configureApp } from './common/http/configure-app.js';
import { AppConfig } from './config/app-config.js';
import { EmbeddedDatabaseError, ensureDatabase } from './config/embedded-database.js';
import { ConfigurationError, validateEnvironment } from './config/env.validation.js';
import { httpServerOptions } from './common/http/http-server-options.js';

async function bootstrap(): Promise<void> {
  const stopDatabase = await ensureDatabase((line) => process.stdout.write(`${line}\n`));
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(),
    new FastifyAdapter(httpServerOptions(validateEnvironment(process.env))),
    { bufferLogs: true },
  );
  await configureApp(app);
  const config = app.get(AppConfig);
  const stop = async (): Promise<void> => {
    // HTTP first: Nest's close() runs the modules' shutdown hooks (the database pool among them) before it
    // closes the server, so requests still in flight would meet a closed pool and answer 500.
    if (config.runsApi) await app.getHttpAdapter().close();
    await app.close();
    await stopDatabase();
  };
  // Graceful shutdown: stop taking requests, let in-flight requests and jobs finish, close connections,
  // then stop the embedded database (if any). A second signal forces the exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      process.once(signal, () => process.exit(1));
      void stop().then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`shutdown failed: ${String(err)}\n`);
          process.exit(1);
        },
      );
    });
  }
  if (config.runsApi) {
    // A class pressing Start together opens thousands of connections at once: past Node's default backlog (511)
    // the kernel drops their SYNs and clients retry after 1, 3, 7, 15 s. The kernel caps this at somaxconn.
    await app.listen({ port: config.http.port, host: config.http.host, backlog: 4096 });
    process.stdout.write(`Candor (${config.role}) listening on ${config.http.publicBaseUrl}\n`);
  } else {
    await app.init();
    process.stdout.write('Candor worker running\n');
  }
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigurationError) {
    process.stderr.write(`Invalid configuration: ${err.message}\n`);
  } else if (err instanceof EmbeddedDatabaseError) {
    // A sentence saying what happened and what to do; a stack would only bury it.
    process.stderr.write(`Candor failed to start: ${err.message}\n`);
  } else {
    process.stderr.write(
      `Candor failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
