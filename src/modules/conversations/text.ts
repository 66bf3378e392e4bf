/**
 * Message text helpers: validating `{format, content}` texts, the plain text kept for full-text
 * search and `lastMessage` (HTML stripped with html-to-text), and @mentions found in note HTML.
 */
import { randomUUID } from 'node:crypto';
import { convert } from 'html-to-text';
import { invalidField } from '../../graphql/errors.js';

export type TextFormat = 'plaintext' | 'html';
export const TEXT_FORMATS: readonly TextFormat[] = ['plaintext', 'html'];

/** A text as stored in Message.texts / Draft.texts (JSON). */
export interface StoredText {
  id: string;
  format: TextFormat;
  content: string;
}

export interface TextInput {
  format?: string | null;
  content?: string | null;
}

/** 1 MB of text per message is far beyond any real email body; bigger is a client bug. */
const MAX_TEXT_LENGTH = 1_000_000;

/** Validates text inputs (400 naming `field`) and gives each an id. */
export function toStoredTexts(inputs: readonly (TextInput | null | undefined)[], field: string): StoredText[] {
  return inputs.flatMap((input, index) => {
    if (!input) return [];
    const name = inputs.length > 1 ? `${field}[${index}]` : field;
    const format = (input.format ?? 'plaintext') as TextFormat;
    if (!TEXT_FORMATS.includes(format)) throw invalidField(`${name}.format`, `must be plaintext or html, got ${JSON.stringify(input.format)}`);
    if (input.content !== undefined && input.content !== null && typeof input.content !== 'string') {
      throw invalidField(`${name}.content`, 'must be a string');
    }
    const content = input.content ?? '';
    if (content.length > MAX_TEXT_LENGTH) throw invalidField(`${name}.content`, `must be at most ${MAX_TEXT_LENGTH} characters`);
    return [{ id: randomUUID(), format, content }];
  });
}

/** Plain text of one HTML or plain-text body. */
export function toPlainText(text: Pick<StoredText, 'format' | 'content'>): string {
  if (text.format !== 'html') return text.content.trim();
  return convert(text.content, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}

/** Plain text of all texts of a message, what full-text search and lastMessage read. */
export const plainTextOf = (texts: readonly StoredText[]) => texts.map(toPlainText).filter(Boolean).join('\n');

/** lastMessage is a preview: long bodies are cut (the full text stays on the message). */
export const MAX_LAST_MESSAGE_LENGTH = 1000;
export const previewOf = (plainText: string) =>
  plainText.length > MAX_LAST_MESSAGE_LENGTH ? plainText.slice(0, MAX_LAST_MESSAGE_LENGTH) : plainText;

/**
 * Agent ids @mentioned in HTML: `<span data-id=12 class="athighlight">` (attribute order, quotes
 * and extra classes may vary). Plain-text bodies carry no mentions.
 */
export function mentionedIdsInHtml(texts: readonly StoredText[]): number[] {
  const ids = new Set<number>();
  for (const text of texts) {
    if (text.format !== 'html') continue;
    for (const match of text.content.matchAll(/<span\b([^>]*)>/gi)) {
      const attrs = match[1] ?? '';
      if (!/\bclass\s*=\s*["']?[^"'>]*\bathighlight\b/i.test(attrs)) continue;
      const id = /\bdata-id\s*=\s*["']?(\d+)/i.exec(attrs)?.[1];
      if (id && Number(id) > 0 && Number(id) <= 2147483647) ids.add(Number(id));
    }
  }
  return [...ids];
}

/** The texts stored on a row (JSON), tolerant of rows written by hand. */
export function storedTexts(value: unknown): StoredText[] {
  if (!Array.isArray(value)) return [];
  return value.map((item, index) => {
    const text = (item ?? {}) as Partial<StoredText>;
    return { id: String(text.id ?? index), format: text.format === 'html' ? 'html' : 'plaintext', content: String(text.content ?? '') };
  });
}
