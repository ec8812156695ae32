import { describe, expect, it } from '@jest/globals';
import {
  DIGEST_EVENT_TYPE,
  NOTIFICATION_EVENT_TYPES,
  type TemplateName,
} from '../notification-event-types.js';
import { NOTIFICATION_TEMPLATES, renderTemplate, renderUnchecked } from './notification-templates.js';
import { TemplateVariableError } from './template-kit.js';

const PREFS = 'https://registry.example.eu/settings/notifications';
const LINK = 'https://registry.example.eu/proposals/6f1c';

/** Sample values for every variable any template declares; a title with markup proves the HTML escaping. */
const SAMPLE: Record<string, unknown> = {
  recipientName: 'Anna Lind',
  reference: 'SECURE-2026-0007',
  title: 'Baltic <Flood> & "Storm" Resilience',
  link: LINK,
  note: 'Please add a partner from LT',
  expiresAt: '2026-12-03T14:00:00.000Z',
  dueAt: '2026-12-10T12:00:00.000Z',
  deadline: '2026-12-12T16:00:00.000Z',
  dueDate: '2027-01-31',
  period: '2026',
  outcome: 'approved',
  day: '2026-11-25T07:00:00.000Z',
  items: [
    { subject: 'SECURE-2026-0007 approved as a flagship', link: LINK, at: '2026-11-24T10:00:00.000Z' },
    { subject: 'New comment on SECURE-2026-0008 <b>', link: null, at: '2026-11-24T11:30:00.000Z' },
  ],
};

const ALL: TemplateName[] = [...NOTIFICATION_EVENT_TYPES, DIGEST_EVENT_TYPE];

describe('notification templates', () => {
  it('has one template per event type, reminder and the digest', () => {
    expect(Object.keys(NOTIFICATION_TEMPLATES).sort()).toEqual([...ALL].sort());
  });

  it.each(ALL)('%s renders subject, text and escaped HTML with no leaks', (name) => {
    const mail = renderUnchecked(name, SAMPLE, PREFS);
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toMatch(/\{\{|undefined|\bnull\b|NaN|\[object Object\]/);
    }
    expect(mail.subject.length).toBeGreaterThan(10);
    expect(mail.text).toContain('Hello Anna Lind,');
    expect(mail.text).toContain(PREFS);
    expect(mail.html).not.toContain('<Flood>');
    expect(mail.html).not.toContain('<b>');
    if (name.startsWith('account.')) {
      expect(mail.text).toContain(LINK);
    } else if (name === DIGEST_EVENT_TYPE) {
      expect(mail.subject).toContain('2 updates');
      expect(mail.text).toContain('SECURE-2026-0007 approved as a flagship');
      expect(mail.html).toContain('New comment on SECURE-2026-0008 &lt;b&gt;');
    } else {
      expect(mail.subject).toContain('SECURE-2026-0007');
      expect(mail.text).toContain('Baltic <Flood> & "Storm" Resilience');
      expect(mail.html).toContain('Baltic &lt;Flood&gt; &amp; &quot;Storm&quot; Resilience');
      expect(mail.text).toContain(`: ${LINK}`);
      expect(mail.html).toContain(`href="${LINK}"`);
    }
  });

  it('says what happened in the subject', () => {
    expect(renderUnchecked('proposal.approved', SAMPLE, PREFS).subject).toBe(
      'SECURE-2026-0007 approved as a flagship',
    );
    expect(renderUnchecked('review.assigned', SAMPLE, PREFS).subject).toBe(
      'Review requested: SECURE-2026-0007 (due 2026-12-10)',
    );
    expect(renderUnchecked('procedure.closed', SAMPLE, PREFS).subject).toBe(
      'Written procedure for SECURE-2026-0007 closed: approved',
    );
  });

  it('puts the note and the deadline in the body', () => {
    expect(renderUnchecked('proposal.changes_requested', SAMPLE, PREFS).text).toContain(
      'What to change: Please add a partner from LT',
    );
    expect(renderUnchecked('procedure.opened', SAMPLE, PREFS).text).toContain('before 2026-12-12 16:00 UTC');
  });

  it('leaves out an absent optional note instead of printing it', () => {
    const mail = renderUnchecked('proposal.rejected', { ...SAMPLE, note: null }, PREFS);
    expect(mail.text).not.toContain('Reason');
  });

  it.each(ALL)('%s throws naming every missing required variable', (name) => {
    expect(() => renderUnchecked(name, {}, PREFS)).toThrow(TemplateVariableError);
    try {
      renderUnchecked(name, {}, PREFS);
    } catch (error) {
      expect((error as TemplateVariableError).problems).toContain('recipientName is missing');
    }
  });

  it('rejects a relative link and a date that is not one', () => {
    expect(() => renderUnchecked('proposal.approved', { ...SAMPLE, link: '/proposals/1' }, PREFS)).toThrow(
      /link is not an absolute URL/,
    );
    expect(() => renderUnchecked('review.assigned', { ...SAMPLE, dueAt: 'soon' }, PREFS)).toThrow(
      /dueAt is not a date/,
    );
  });

  it('is typed: renderTemplate accepts exactly the declared variables', () => {
    const mail = renderTemplate(
      'proposal.approved',
      { recipientName: 'Anna', reference: 'SECURE-2026-0001', title: 'T', link: LINK },
      PREFS,
    );
    expect(mail.subject).toBe('SECURE-2026-0001 approved as a flagship');
    const missingReference = { recipientName: 'Anna', title: 'T', link: LINK };
    // @ts-expect-error — a missing variable is a compile error
    const render = () => renderTemplate('proposal.approved', missingReference, PREFS);
    expect(render).toThrow(TemplateVariableError);
  });
});
