import { describe, expect, it } from '@jest/globals';
import { simpleParser, type AddressObject } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { composeMessage, senderOf, type MessageParts } from './mime-message.js';

const sender = senderOf('Flagship Registry <no-reply@registry.example.eu>');

const parts = (overrides: Partial<MessageParts> = {}): MessageParts => ({
  to: 'lead@example.test',
  subject: 'Proposal SEC-2026-014 submitted',
  text: 'Hello,\n\nThe proposal was submitted.\n',
  html: '<p>Hello,</p><p>The proposal was submitted.</p>',
  messageId: '<3f0c7c1e-1b4e-4d4f-9a51-0d6a3c1c9f10@registry.example.eu>',
  date: new Date('2026-12-01T10:20:30Z'),
  ...overrides,
});

/** Composes with our composer and parses the result with a real MIME parser (mailparser). */
async function roundTrip(input: MessageParts, from = sender) {
  if (!from) throw new Error('no sender');
  const raw = composeMessage(from, input);
  if (raw === null) throw new Error('not composed');
  return { raw, parsed: await simpleParser(raw) };
}

const address = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((entry) => entry.value);

const longText = `${'Cross-border emergency exercise in the Gulf of Finland, '.repeat(40)}end`;

describe('composeMessage', () => {
  it.each([
    ['plain ASCII', parts()],
    [
      'Baltic letters, a dash and an emoji in subject and bodies',
      parts({
        subject: 'Ekspertų vertinimas: „Łódź – Klaipėda – Pärnu“ 🚢',
        text: 'Sveiki, Jūratė!\nŽemėlapis ir ataskaita — ačiū.\n',
        html: '<p>Sveiki, Jūratė! Žemėlapis · ataskaita — ačiū.</p>',
      }),
    ],
    ['Cyrillic (B-encoded words)', parts({ subject: 'Предложение отправлено на экспертизу' })],
    ['a subject of 300 characters', parts({ subject: `Review due: ${'very long title '.repeat(18)}end` })],
    [
      'lines that SMTP and quoted-printable treat specially',
      parts({
        text: `.starts with a dot\nFrom the start\n=?utf-8?Q?not_a_word?= = equals\ntrailing space \n\ttab\n${longText}\n`,
        html: `<p>${longText}</p>\n.<p>dot</p>`,
      }),
    ],
    [
      'Windows line breaks in the bodies',
      parts({ text: 'one\r\ntwo\r\n', html: '<p>one</p>\r\n<p>two</p>' }),
    ],
  ])('%s: a MIME parser reads back what went in', async (_case, input) => {
    const { raw, parsed } = await roundTrip(input);

    expect(parsed.subject).toBe(input.subject);
    expect(parsed.text).toBe(input.text.replace(/\r\n/g, '\n'));
    expect(parsed.html).toBe(input.html.replace(/\r\n/g, '\n'));
    expect(parsed.messageId).toBe(input.messageId);
    expect(parsed.date?.toISOString()).toBe(input.date.toISOString());
    expect(address(parsed.to)).toEqual([{ address: input.to, name: '' }]);
    expect(address(parsed.from)).toEqual([
      { address: 'no-reply@registry.example.eu', name: 'Flagship Registry' },
    ]);
    // Every line within the limits: 78 for headers and quoted-printable, never a bare CR or LF.
    expect(raw.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    expect(/\r(?!\n)|(?<!\r)\n/.test(raw)).toBe(false);
  });

  it('reads the same as nodemailer’s own composition of the same mail', async () => {
    const input = parts({
      subject: 'Steering group vote closes in 48 hours — Šiauliai',
      html: `<p>${longText}</p>`,
    });
    const ours = (await roundTrip(input)).parsed;
    const theirs = await simpleParser(
      await new MailComposer({
        from: 'Flagship Registry <no-reply@registry.example.eu>',
        to: input.to,
        subject: input.subject,
        text: input.text,
        html: input.html,
        messageId: input.messageId,
        date: input.date,
      })
        .compile()
        .build(),
    );
    for (const field of ['subject', 'text', 'html', 'messageId', 'date'] as const) {
      expect(ours[field]).toEqual(theirs[field]);
    }
    expect(address(ours.from)).toEqual(address(theirs.from));
    expect(address(ours.to)).toEqual(address(theirs.to));
  });

  it('keeps a line break in the subject from starting a header of its own', async () => {
    const { raw, parsed } = await roundTrip(
      parts({ subject: 'Title\r\nBcc: attacker@example.test\nX-Evil: 1' }),
    );

    expect(parsed.subject).toBe('Title Bcc: attacker@example.test X-Evil: 1');
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-evil')).toBe(false);
    expect(raw).not.toMatch(/^(Bcc|X-Evil):/im);
  });

  it('writes sender names that need quoting or encoding so that they read back unchanged', async () => {
    for (const [mailFrom, name] of [
      ['"Registry, Secure" <no-reply@example.eu>', 'Registry, Secure'],
      ['"Rīgas koordinators" <no-reply@example.eu>', 'Rīgas koordinators'],
      ['no-reply@example.eu', ''],
    ] as const) {
      const { parsed } = await roundTrip(parts(), senderOf(mailFrom));
      expect(address(parsed.from)).toEqual([{ address: 'no-reply@example.eu', name }]);
    }
  });

  it('leaves recipients and senders outside the plain shape to nodemailer', () => {
    if (!sender) throw new Error('no sender');
    for (const to of [
      'jūratė@example.lt',
      'lead@klaipėda.lt',
      'Lead <lead@example.test>',
      'a@b',
      'x@y.z, w@v.u',
    ]) {
      expect(composeMessage(sender, parts({ to }))).toBeNull();
    }
    expect(senderOf('no-reply@registry.lt, other@registry.lt')).toBeNull();
    expect(senderOf('Registry <no-reply@rīga.lv>')).toBeNull();
  });
});
