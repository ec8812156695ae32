import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { composeMessage, senderOf, type Sender } from './mime-message.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, so a receiving system can recognise a resend. */
  messageId: string;
}

/** One pooled SMTP transport per process; its connections are reused across jobs. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  private transporter: Transporter | null = null;
  /** MAIL_FROM written once; null when it is not a single plain address (nodemailer composes every mail then). */
  private readonly sender: Sender | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.sender = senderOf(config.MAIL_FROM);
  }

  get capture(): boolean {
    return this.config.MAIL_CAPTURE;
  }

  async send(mail: OutgoingMail): Promise<string> {
    // Our notifications have one shape, which mime-message.ts writes at half the CPU of nodemailer's composer;
    // a mail outside it (an internationalised address, say) is composed by nodemailer.
    const sender = this.sender;
    const raw = sender && composeMessage(sender, { ...mail, date: new Date() });
    if (sender && raw) {
      await this.transport().sendMail({ envelope: { from: sender.address, to: [mail.to] }, raw });
      return mail.messageId;
    }
    const info = (await this.transport().sendMail({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    })) as { messageId?: string };
    return info.messageId ?? mail.messageId;
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
    this.transporter = null;
  }

  private transport(): Transporter {
    if (!this.transporter) {
      this.transporter = createTransport({
        url: this.config.SMTP_URL,
        pool: true,
        maxConnections: Math.max(1, Math.min(this.config.MAIL_CONCURRENCY, 50)),
        maxMessages: Infinity,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
      this.logger.log({ maxConnections: this.config.MAIL_CONCURRENCY }, 'SMTP pool created');
    }
    return this.transporter;
  }
}
