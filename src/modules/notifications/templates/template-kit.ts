/**
 * The small toolkit every mail template is written with: declared variables with a type, HTML that escapes
 * every interpolated value, and a common layout. No string placeholders: a template is a typed function,
 * so a misspelt variable fails the type check and a missing one throws before anything is sent.
 */

export interface DigestItem {
  subject: string;
  link: string | null;
  at: string;
}

/** What a declared variable holds. `optional-*` may be absent; everything else must be present and non-empty. */
interface VariableKinds {
  text: string;
  date: string;
  url: string;
  items: DigestItem[];
  'optional-text': string | null;
  'optional-date': string | null;
}
export type VariableKind = keyof VariableKinds;
export type VariableSpec = Record<string, VariableKind>;

type RequiredKeys<S extends VariableSpec> = {
  [K in keyof S]: S[K] extends `optional-${string}` ? never : K;
}[keyof S];
type OptionalKeys<S extends VariableSpec> = Exclude<keyof S, RequiredKeys<S>>;

export type VariablesOf<S extends VariableSpec> = { [K in RequiredKeys<S>]: VariableKinds[S[K]] } & {
  [K in OptionalKeys<S>]?: VariableKinds[S[K]];
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateDefinition<S extends VariableSpec> {
  variables: S;
  subject: (vars: VariablesOf<S>) => string;
  /** The paragraphs of the message; the layout adds greeting, link and footer. */
  body: (vars: VariablesOf<S>) => Array<string | null | false | undefined>;
  /** The call to action: the link and its label. */
  action?: (vars: VariablesOf<S>) => { label: string; url: string } | null;
  /** Extra HTML/text blocks (the digest's list). */
  extra?: (vars: VariablesOf<S>) => { html: SafeHtml; text: string } | null;
}

export function defineTemplate<S extends VariableSpec>(
  definition: TemplateDefinition<S>,
): TemplateDefinition<S> {
  return definition;
}

export class TemplateVariableError extends Error {
  constructor(
    readonly template: string,
    readonly problems: string[],
  ) {
    super(`template ${template}: ${problems.join('; ')}`);
    this.name = 'TemplateVariableError';
  }
}

/** Checks untyped values (an event payload) against a template's declared variables. */
export function checkVariables<S extends VariableSpec>(
  template: string,
  spec: S,
  values: Record<string, unknown>,
): VariablesOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const value = values[name];
    const optional = kind.startsWith('optional-');
    if (value === undefined || value === null || value === '') {
      if (!optional) problems.push(`${name} is missing`);
      else out[name] = null;
      continue;
    }
    switch (kind) {
      case 'items':
        if (!Array.isArray(value)) problems.push(`${name} must be a list`);
        else out[name] = value;
        break;
      case 'date':
      case 'optional-date': {
        const date = value instanceof Date ? value : new Date(String(value));
        if (Number.isNaN(date.getTime())) problems.push(`${name} is not a date`);
        else out[name] = date.toISOString();
        break;
      }
      case 'url':
        if (!/^https?:\/\//.test(String(value))) problems.push(`${name} is not an absolute URL`);
        else out[name] = String(value);
        break;
      default:
        if (typeof value === 'object') problems.push(`${name} must be text`);
        else out[name] = String(value);
    }
  }
  if (problems.length) throw new TemplateVariableError(template, problems);
  return out as VariablesOf<S>;
}

/** "2026-12-03 14:00 UTC": unambiguous for readers in ten countries. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  return text.endsWith('T00:00:00.000Z')
    ? text.slice(0, 10)
    : `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

export function formatDay(iso: string | null | undefined): string {
  return iso ? formatDate(iso).slice(0, 10) : '';
}

/** HTML produced by the `html` tag: interpolated strings are escaped, nested SafeHtml is kept. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

type HtmlValue = string | number | SafeHtml | null | undefined | false | HtmlValue[];

function htmlValue(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(htmlValue).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += htmlValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Assembles subject, text and HTML from a template's parts. */
export function layout(
  subject: string,
  greetingName: string | null,
  paragraphs: string[],
  action: { label: string; url: string } | null,
  extra: { html: SafeHtml; text: string } | null,
  preferencesUrl: string,
): RenderedMail {
  const greeting = greetingName ? `Hello ${greetingName},` : 'Hello,';
  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(extra ? [extra.text, ''] : []),
    ...(action ? [`${action.label}: ${action.url}`, ''] : []),
    '--',
    'Flagship Registry',
    `Choose which mails you receive: ${preferencesUrl}`,
  ].join('\n');
  const body = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${subject}</title>
      </head>
      <body style="font-family: Arial, sans-serif; color: #1a1a1a; line-height: 1.5">
        <p>${greeting}</p>
        ${paragraphs.map((p) => html`<p>${p}</p> `)}${extra ? extra.html : ''}${
          action ? html`<p><a href="${action.url}">${action.label}</a></p> ` : ''
        }
        <hr />
        <p style="font-size: 12px; color: #666">
          Flagship Registry · <a href="${preferencesUrl}">Choose which mails you receive</a>
        </p>
      </body>
    </html>`;
  return { subject, text, html: body.value };
}
