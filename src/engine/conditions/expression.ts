/**
 * Logical expressions over numbered conditions, e.g. "(1 and 2) or 3". `and` binds tighter than
 * `or`; `&&`/`||` are accepted as spellings of and/or. Numbers are 1-based condition positions.
 */
import { invalidField } from '../../graphql/errors.js';

export type Expr = { op: 'ref'; n: number } | { op: 'and' | 'or'; args: Expr[] };

interface Token {
  kind: 'num' | 'and' | 'or' | '(' | ')';
  text: string;
  at: number;
}

function tokenize(text: string, field: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+)|(and\b|&&)|(or\b|\|\|)|(\()|(\)))/iy;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) {
      const position = at + (text.slice(at).length - text.slice(at).trimStart().length);
      throw invalidField(field, `has an unexpected "${text.slice(position).split(/\s/)[0]}" at position ${position + 1}; use condition numbers, and, or, and parentheses`);
    }
    const start = match.index + match[0].length - match[0].trimStart().length;
    if (match[1]) tokens.push({ kind: 'num', text: match[1], at: start });
    else if (match[2]) tokens.push({ kind: 'and', text: match[2], at: start });
    else if (match[3]) tokens.push({ kind: 'or', text: match[3], at: start });
    else if (match[4]) tokens.push({ kind: '(', text: '(', at: start });
    else tokens.push({ kind: ')', text: ')', at: start });
    at = pattern.lastIndex;
  }
  return tokens;
}

/** Parses `text` over conditions 1..count; 400 naming `field` and the problem otherwise. */
export function parseExpression(text: string, count: number, field = 'logicalExpression'): Expr {
  const tokens = tokenize(text, field);
  if (tokens.length === 0) throw invalidField(field, 'is required when "when" is logicalExpression');
  let position = 0;
  const peek = () => tokens[position];
  const describe = (token: Token | undefined) => (token ? `"${token.text}" at position ${token.at + 1}` : 'the end');

  const parseOr = (): Expr => {
    const args = [parseAnd()];
    while (peek()?.kind === 'or') {
      position += 1;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  };
  const parseAnd = (): Expr => {
    const args = [parseAtom()];
    while (peek()?.kind === 'and') {
      position += 1;
      args.push(parseAtom());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  };
  const parseAtom = (): Expr => {
    const token = peek();
    if (token?.kind === 'num') {
      position += 1;
      const n = Number(token.text);
      if (n < 1 || n > count) {
        throw invalidField(field, `refers to condition ${token.text}, but there ${count === 1 ? 'is 1 condition' : `are ${count} conditions`}`);
      }
      return { op: 'ref', n };
    }
    if (token?.kind === '(') {
      position += 1;
      const inner = parseOr();
      if (peek()?.kind !== ')') throw invalidField(field, `has unbalanced parentheses: expected ")" but found ${describe(peek())}`);
      position += 1;
      return inner;
    }
    throw invalidField(field, `expected a condition number or "(" but found ${describe(token)}`);
  };

  const expr = parseOr();
  if (position < tokens.length) {
    const token = tokens[position]!;
    throw invalidField(field, token.kind === ')' ? `has unbalanced parentheses: unexpected ")" at position ${token.at + 1}` : `expected and/or but found ${describe(token)}`);
  }
  return expr;
}
