import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LogController } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { findNulField } from './common/http/nul-guard.js';
import { trackRoutes } from './common/http/route-registry.js';
import { SECURITY_HEADERS } from './common/http/security-headers.js';
import { createValidationPipe } from './common/http/validation.js';
import { PinoNestLogger } from './common/logging/logger.js';
import { requestContext } from './common/logging/request-context.js';
import type { AppConfig } from './config/app-config.js';

function badRequest(requestId: string, message: string, field?: string): Record<string, unknown> {
  return {
    statusCode: 400,
    code: 'BAD_REQUEST',
    message,
    ...(field ? { errors: [{ field, message: 'must not contain a NUL character' }] } : {}),
    requestId,
  };
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the HTTP application exactly as production runs it; the e2e tests use this too. */
export async function createHttpApp(config: AppConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: true,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Honour a well-formed request id from a proxy, otherwise make one; it comes back in x-request-id.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  trackRoutes(fastify);
  // What every request needs first: its id in the response and in every log line and audit event it causes,
  // the security headers (computed once), and a refusal of NUL characters in the address.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(SECURITY_HEADERS).header('x-request-id', request.id);
    if (/%00|\u0000/.test(request.url)) {
      void reply.status(400).send(badRequest(String(request.id), 'The address contains a NUL character'));
      return;
    }
    requestContext.run({ requestId: String(request.id) }, done);
  });
  fastify.addHook('preValidation', async (request, reply) => {
    const field = findNulField(request.body);
    if (field) {
      return reply
        .status(400)
        .send(badRequest(String(request.id), `${field} contains a NUL character`, field));
    }
  });
  app.useGlobalPipes(createValidationPipe());

  const openApi = new DocumentBuilder()
    .setTitle('Flagship Registry API')
    .setDescription(
      'Flagship process of a macro-regional strategy policy area: catalog, proposals, review, steering group, reporting, monitoring.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}
