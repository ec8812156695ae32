import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenService } from '../../auth/access-token.service.js';
import { isAdmin } from '../../auth/auth-user.js';
import { AuthUserLoader } from '../../auth/auth-user.loader.js';
import { NotificationQueue } from '../notification-queue.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'queue_dashboard_token';

/**
 * Bull Board at /admin/queues, for admins only. It is a raw Fastify plugin, so the application's Nest guard
 * does not run for it: an onRequest hook checks the same access token (Authorization: Bearer, or a token
 * handed over once as ?token= and then kept in an HttpOnly cookie scoped to the dashboard, since a browser
 * cannot add headers to the dashboard's own requests).
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger(QueueDashboard.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queue: NotificationQueue,
    private readonly tokens: AccessTokenService,
    private readonly users: AuthUserLoader,
  ) {}

  onModuleInit(): void {
    const httpAdapter = this.adapterHost.httpAdapter as { getInstance?: () => unknown } | undefined;
    const fastify = httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.register !== 'function') return;
    const serverAdapter = new BullBoardFastifyAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(this.queue.delivery), new BullMQAdapter(this.queue.schedules)],
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Flagship Registry queues' } },
    });
    // Registered, not awaited: Fastify loads it when the application becomes ready.
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.authorize(request, reply));
        await scope.register(serverAdapter.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_PATH },
    );
    this.logger.log({ path: QUEUE_DASHBOARD_PATH }, 'queue dashboard mounted');
  }

  private async authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const query = request.query as Record<string, unknown> | undefined;
    const fromQuery = typeof query?.token === 'string' ? query.token : null;
    const token =
      bearer(request.headers.authorization) ?? fromQuery ?? cookie(request.headers.cookie, COOKIE);
    const claims = token ? await this.tokens.verify(token) : null;
    const user = claims ? await this.users.load(claims.sub) : null;
    if (!user) {
      await reply.status(401).send({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: 'Authentication is required',
        requestId: String(request.id),
      });
      return reply;
    }
    if (!isAdmin(user)) {
      await reply.status(403).send({
        statusCode: 403,
        code: 'FORBIDDEN',
        message: 'The queue dashboard is for admins',
        requestId: String(request.id),
      });
      return reply;
    }
    if (fromQuery) {
      void reply.header(
        'set-cookie',
        `${COOKIE}=${encodeURIComponent(fromQuery)}; Path=${QUEUE_DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=900`,
      );
    }
  }
}

function bearer(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

function cookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}
