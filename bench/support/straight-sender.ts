import { createTransport } from 'nodemailer';
import { composeMessage, senderOf } from '../../src/modules/notifications/delivery/mime-message.js';
import { renderTemplate } from '../../src/modules/notifications/templates/notification-templates.js';

/** A realistic message: the invitation template, as the pipeline renders it. */
export function sampleMail(): { subject: string; text: string; html: string } {
  return renderTemplate(
    'account.invitation',
    {
      recipientName: 'Invitee',
      link: 'https://registry.example.eu/invitation?token=abcdef0123456789',
      expiresAt: null,
    },
    'https://registry.example.eu/settings/notifications',
  );
}

export interface StraightSend {
  smtpUrl: string;
  from: string;
  round: number;
  count: number;
  connections: number;
  /**
   * 'nodemailer' (the baseline): nodemailer composes every message from its fields. 'ours' (the reference):
   * every message is composed by the pipeline's own composer (mime-message.ts) and handed to the pool raw.
   */
  composer: 'nodemailer' | 'ours';
}

/**
 * The notifications benchmark's straight sides (baseline or reference, by `composer`): `count` messages through
 * nodemailer's pooled transport straight to the SMTP server, `connections` at a time, a fresh pool each call.
 */
export async function sendStraight(options: StraightSend): Promise<void> {
  const sample = sampleMail();
  const sender = senderOf(options.from);
  const composeOurs = (to: string, messageId: string) => {
    const raw = sender && composeMessage(sender, { to, messageId, date: new Date(), ...sample });
    if (!sender || !raw) throw new Error(`our composer does not take ${options.from} → ${to}`);
    return { envelope: { from: sender.address, to: [to] }, raw };
  };
  const transport = createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: options.connections,
    maxMessages: Infinity,
  });
  try {
    await Promise.all(
      Array.from({ length: options.count }, (_, i) => {
        const to = `baseline-${options.round}-${i}@example.test`;
        const messageId = `<baseline-${options.round}-${i}@bench>`;
        if (options.composer === 'ours') return transport.sendMail(composeOurs(to, messageId));
        return transport.sendMail({
          from: options.from,
          to,
          subject: sample.subject,
          text: sample.text,
          html: sample.html,
          messageId,
        });
      }),
    );
  } finally {
    transport.close();
  }
}
