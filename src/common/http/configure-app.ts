import { type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import handlebars from 'handlebars';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from '../errors/problem-details.filter.js';
import { useCsvBodyParser } from './csv-body-parser.js';
import { useJsonBodyParser } from './json-body-parser.js';
import { UnreadBodyInterceptor } from './unread-body.interceptor.js';
import { createValidationPipe } from './validation.pipe.js';

const SOURCE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The headers helmet sets with these options, read once from its middleware. */
export function helmetHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error('helmet refused its options');
  });
  return headers;
}

/** Everything the HTTP app needs beyond its modules; shared by main.ts and the e2e tests. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new UnreadBodyInterceptor());
  useJsonBodyParser(app);
  // The bulk invitation upload is the one route that takes a CSV file as it is.
  useCsvBodyParser(app, ['/api/v1/assessments/:id/invitations/bulk']);
  // Helmet's headers, computed once: they are the same for every response, and @fastify/helmet built a new
  // helmet (parsing the policy) and set each header one call at a time on every request, a few percent of the
  // exam-day autosave's CPU.
  const securityHeaders = helmetHeaders({
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
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(securityHeaders);
      done();
    });
  await app.register(fastifyCookie);
  await app.register(fastifyStatic, {
    root: join(SOURCE_ROOT, 'web', 'public'),
    prefix: '/assets/',
    decorateReply: false,
  });
  // Templates live beside their feature (`*.hbs`); paths are relative to src/ (or dist/).
  await app.register(fastifyView, {
    engine: { handlebars },
    root: SOURCE_ROOT,
    // The staff pages' shared header (`{{> staffHeader}}`, given `nav` and `csrfToken`).
    options: { partials: { staffHeader: 'web-auth/staff-header.hbs' } },
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Candor API')
      .setDescription('Fair, time-boxed take-home assessments with enforced written feedback.')
      .setVersion('1')
      .addBearerAuth()
      // The applicant tracking systems' calls (Greenhouse, Ashby) carry an integration key as Basic auth.
      .addBasicAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
