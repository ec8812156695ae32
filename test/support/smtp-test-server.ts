import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { sparePort } from './redis-server.js';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string | null;
  raw: string;
}

interface SmtpReplyError extends Error {
  responseCode?: number;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package) on a spare port. It records every message
 * it accepts and can be told to answer 451 (try later) or 550 (rejected) for a while.
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  private failure: { code: 451 | 550; until: number; remaining: number } | null = null;
  /** Milliseconds the server waits before answering 250 to a message (a slow server). */
  replyDelayMs = 0;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpTestServer> {
    const port = await sparePort();
    const ref: { current?: SmtpTestServer } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      // Pooled clients keep connections open; the test server must not cap them below the pool size.
      maxClients: 1000,
      onData(
        stream: SMTPServerDataStream,
        session: SMTPServerSession,
        callback: (error?: Error | null) => void,
      ) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const failure = ref.current?.currentFailure();
          if (failure) {
            const error: SmtpReplyError = new Error(
              failure === 451 ? 'Try again later (test server)' : 'Mailbox unavailable (test server)',
            );
            error.responseCode = failure;
            callback(error);
            return;
          }
          const accept = () => {
            // Recorded when the server answers 250: that is when the message counts as delivered.
            ref.current?.record(session, Buffer.concat(chunks).toString('utf8'));
            callback(null);
          };
          const delay = ref.current?.replyDelayMs ?? 0;
          if (delay > 0) setTimeout(accept, delay);
          else accept();
        });
      },
    });
    const instance = new SmtpTestServer(server, port);
    ref.current = instance;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    server.on('error', () => undefined);
    return instance;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Answer `code` to every message for `ms` milliseconds (or for the next `count` messages). */
  failFor(code: 451 | 550, options: { ms?: number; count?: number } = {}): void {
    this.failure = {
      code,
      until: options.ms === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.ms,
      remaining: options.count ?? Number.POSITIVE_INFINITY,
    };
  }

  accept(): void {
    this.failure = null;
  }

  clear(): void {
    this.received.length = 0;
  }

  /** Messages per recipient address. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  /** Message-IDs that arrived more than once (our Message-ID is stable per notification). */
  duplicates(): string[] {
    const counts = new Map<string, number>();
    for (const mail of this.received) {
      const key = mail.messageId ?? mail.raw;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => id);
  }

  async waitFor(count: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} mails, received ${this.received.length} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private currentFailure(): 451 | 550 | null {
    const failure = this.failure;
    if (!failure) return null;
    if (Date.now() > failure.until || failure.remaining <= 0) {
      this.failure = null;
      return null;
    }
    failure.remaining -= 1;
    return failure.code;
  }

  private record(session: SMTPServerSession, raw: string): void {
    const headerEnd = raw.indexOf('\r\n\r\n');
    const headers = unfold(headerEnd >= 0 ? raw.slice(0, headerEnd) : raw);
    const header = (name: string) =>
      new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? null;
    this.received.push({
      to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
      subject: decodeHeader(header('Subject') ?? ''),
      text: textPart(raw),
      messageId: header('Message-ID'),
      raw,
    });
  }
}

function unfold(headers: string): string {
  return headers.replace(/\r\n[ \t]+/g, ' ');
}

/** Decodes RFC 2047 encoded words (nodemailer encodes non-ASCII and long subjects). */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** The text/plain part, quoted-printable decoded (good enough to assert on links and names). */
function textPart(raw: string): string {
  const match = /Content-Type: text\/plain[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)(?:\r\n--|$)/i.exec(raw);
  const body = match?.[1] ?? '';
  const qp = /Content-Transfer-Encoding: quoted-printable/i.test(raw);
  if (!qp) return body;
  return Buffer.from(
    body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}
