import { createTransport } from 'nodemailer';
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

/**
 * The notifications benchmark's baseline: `count` messages through nodemailer's pooled transport straight to the
 * SMTP server, `connections` at a time, a fresh pool each call.
 */
export async function sendStraight(options: {
  smtpUrl: string;
  from: string;
  round: number;
  count: number;
  connections: number;
}): Promise<void> {
  const sample = sampleMail();
  const transport = createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: options.connections,
    maxMessages: Infinity,
  });
  try {
    await Promise.all(
      Array.from({ length: options.count }, (_, i) =>
        transport.sendMail({
          from: options.from,
          to: `baseline-${options.round}-${i}@example.test`,
          subject: sample.subject,
          text: sample.text,
          html: sample.html,
          messageId: `<baseline-${options.round}-${i}@bench>`,
        }),
      ),
    );
  } finally {
    transport.close();
  }
}
