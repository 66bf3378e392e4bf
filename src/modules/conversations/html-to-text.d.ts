// html-to-text ships no type declarations; this is the part the conversations module uses.
declare module 'html-to-text' {
  export function convert(html: string, options?: Record<string, unknown>): string;
}
