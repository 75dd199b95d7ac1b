import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import handlebars from 'handlebars';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from '../errors/problem-details.filter.js';
import { useJsonBodyParser } from './json-body-parser.js';
import { UnreadBodyInterceptor } from './unread-body.interceptor.js';
import { createValidationPipe } from './validation.pipe.js';

const SOURCE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Everything the HTTP app needs beyond its modules; shared by main.ts and the e2e tests. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new UnreadBodyInterceptor());
  useJsonBodyParser(app);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyStatic, {
    root: join(SOURCE_ROOT, 'web', 'public'),
    prefix: '/assets/',
    decorateReply: false,
  });
  // Templates live beside their feature (`*.hbs`); paths are relative to src/ (or dist/).
  await app.register(fastifyView, { engine: { handlebars }, root: SOURCE_ROOT });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Candor API')
      .setDescription('Fair, time-boxed take-home assessments with enforced written feedback.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
