/**
 * GraphQL limits (src/graphql/limits.ts): tokens, aliases, depth, directives and a page-size-aware
 * cost, refused at parse/validation (400, nothing executed); suggestions removed; introspection
 * per INTROSPECTION. Every stored REST document and every documented query passes the defaults.
 */
import { readFileSync } from 'node:fs';
import { getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { limitRules, limitsOf, mayIntrospect } from '../../src/graphql/limits.js';
import { restRouteTable, schema } from '../../src/graphql/schema.js';
import { contactToken, createContact } from '../attachments/helpers.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const defaults = limitsOf(loadConfig({}));

/** The same checks /graphql makes: graphql's rules plus ours, and the token limit at parse. */
function problems(document: string, variables?: Record<string, unknown>): string[] {
  try {
    const ast = parse(document, { maxTokens: defaults.maxTokens });
    return validate(schema, ast, [...specifiedRules, ...limitRules(defaults, variables)]).map((error) => error.message);
  } catch (error) {
    return [(error as Error).message];
  }
}

/** The GraphQL documents README and the benchmarks show (README's shell-quoted JSON unescaped). */
function documentedQueries(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const fromReadme = [...readme.matchAll(/\{\\?"query\\?":\\?"(.*?)\\?"\}/g)].map((match) =>
    withoutShellSubstitutions(match[1]!).replace(/\\"/g, '"'),
  );
  const bench = readFileSync(new URL('../../bench/inbox.ts', import.meta.url), 'utf8');
  // Template interpolations (optional fields such as `${totalCount ? 'totalCount' : ''}`) become the field they offer.
  // Template interpolations: a constant of the file (`${LEAN_NODE}`) becomes its text, an optional
  // field (`${totalCount ? 'totalCount' : ''}`) the field it offers.
  const constants = new Map([...bench.matchAll(/const ([A-Z_]+) = `([^`]*)`/g)].map((match) => [match[1]!, match[2]!]));
  // The gateway's documents only: the contenders' (postgraphile…) are another schema.
  const fromBench = [...bench.matchAll(/const (?!postgraphile)\w+ = \([^)]*\) => \(\{\s*query: `(query [\s\S]*?)`/g)].map((match) =>
    match[1]!.replace(/\$\{([A-Z_]+)\}/g, (_all, name: string) => constants.get(name) ?? '').replace(/\$\{[^}]*?'([A-Za-z]*)'[^}]*\}/g, '$1'),
  );
  return [...fromReadme, ...fromBench];
}

/** `$(…)` (nested parentheses included) → `1`: in README's queries a substitution stands for an id. */
function withoutShellSubstitutions(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$' || text[i + 1] !== '(') {
      out += text[i];
      continue;
    }
    let depth = 0;
    let j = i + 1;
    for (; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) break;
    }
    out += '1';
    i = j;
  }
  return out;
}

const aliases = (count: number, selection = 'conversations { totalCount }') =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;

describe('the defaults let every stored and documented document through', () => {
  it('every REST route document, with its variables unknown (so its pages at their largest)', () => {
    expect(restRouteTable.length).toBeGreaterThan(50);
    for (const route of restRouteTable) expect(problems(route.document), `${route.method} ${route.path}`).toEqual([]);
  });

  it("README's and the benchmark's queries, and GraphiQL's introspection query", () => {
    const documents = documentedQueries();
    expect(documents.length).toBeGreaterThanOrEqual(4);
    expect(documents.join('\n')).toMatch(/revokeApiKey\(id: 1\)[\s\S]*createOAuthClient\(name: "CRM sync"[\s\S]*conversations\(first: 10\)[\s\S]*query Inbox/);
    for (const document of documents) expect(problems(document), document).toEqual([]);
    const introspection = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, oneOf: true });
    expect(problems(introspection)).toEqual([]);
  });
});

describe('over a limit', () => {
  let gw: TestGateway;
  /** Tokens out of the way, so that each later rule is seen on its own. */
  let loose: TestGateway;
  beforeAll(async () => {
    [gw, loose] = await Promise.all([startTestGateway(), startTestGateway({ graphqlMaxTokens: 1_000_000, introspection: 'agents' })]);
  });
  afterAll(async () => {
    await Promise.all([gw?.stop(), loose?.stop()]);
  });

  /** SQL of a request that runs nothing (authenticating the admin may read its key). */
  const baseline = async (gateway: TestGateway) => {
    await gateway.gql('{ __typename }'); // the viewer is remembered from now on (src/db/invalidation.ts)
    return gateway.countSql(() => gateway.gql('{ __typename }'));
  };

  it('5,000 aliases of conversations { totalCount } are refused before any SQL, and /healthz answers meanwhile', async () => {
    const nothing = await baseline(gw);
    let health: Response | undefined;
    const statements = await gw.countSql(async () => {
      const [answer, healthz] = await Promise.all([gw.gql(aliases(5000)), fetch(`${gw.url}/healthz`)]);
      health = healthz;
      expect(answer.status).toBe(400);
      expect(answer.data).toBeUndefined();
      expect(answer.errors).toEqual([{ message: 'Token limit of 2000 exceeded.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }]);
    });
    expect(statements).toBe(nothing);
    expect(health?.status).toBe(200);
    expect(await health?.json()).toEqual({ status: 'ok' });
  });

  it('with tokens unlimited, the alias limit refuses them (validation error, 400, no SQL)', async () => {
    const nothing = await baseline(loose);
    const statements = await loose.countSql(async () => {
      const answer = await loose.gql(aliases(5000));
      expect(answer.status).toBe(400);
      expect(answer.errors).toEqual([{ message: 'Aliases limit of 30 exceeded, found 5000.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
    });
    expect(statements).toBe(nothing);
    expect((await loose.gql(aliases(30))).errors).toBeUndefined();
  });

  it('depth beyond GRAPHQL_MAX_DEPTH is refused', async () => {
    const deep = `{ conversations { nodes { messages { a { b { c { d { e { f { g { h } } } } } } } } } } }`;
    const answer = await gw.gql(deep);
    expect(answer.status).toBe(400);
    expect(answer.errors?.map((error) => error.message)).toContain('Query depth limit of 10 exceeded, found 11.');
  });

  it('directives beyond GRAPHQL_MAX_DIRECTIVES are refused', async () => {
    const piled = `{ conversations { totalCount ${'@include(if: true) '.repeat(51)} } }`;
    const answer = await loose.gql(piled);
    expect(answer.status).toBe(400);
    expect(answer.errors?.map((error) => error.message)).toContain('Directives limit of 50 exceeded, found 51.');
  });

  it('cost counts page sizes: the same query passes with first: 50 and is refused with first: 100', async () => {
    const page = `conversations(first: $n) { totalCount nodes { databaseId subject status priority channel lastMessage isRead
      messages { databaseId plainText time senderType type directType source subject } } }`;
    const query = `query($n: Int) { a: ${page} b: ${page} c: ${page} }`;
    // Each alias: 3 + n × (7 + 1 + 10 × 8); at n = 100 the three are 3 × 8,803 = 26,409.
    const nothing = await baseline(gw);
    const small = await gw.gql(query, { n: 50 });
    expect(small.errors).toBeUndefined();
    expect(small.data.a.totalCount).toBe(0);
    const statements = await gw.countSql(async () => {
      const big = await gw.gql(query, { n: 100 });
      expect(big.status).toBe(400);
      expect(big.errors).toHaveLength(1);
      expect(big.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(big.errors![0]!.message).toMatch(/^Query cost limit of 25000 exceeded, estimated 26409\. .*ask for smaller pages or fewer fields\.$/);
    });
    expect(statements).toBe(nothing);
    // A literal page size counts the same; without first, a connection counts its default page (50).
    expect((await gw.gql(query.replace('query($n: Int) ', '').replace(/\$n/g, '100'))).errors?.[0]?.message).toMatch(/estimated 26409/);
    expect((await gw.gql(query.replace(/\(first: \$n\)/g, '').replace('query($n: Int) ', ''))).errors).toBeUndefined();
  });

  it('the envelop the REST table is mounted with applies the limits (so a stored document over one would fail the start)', () => {
    const enveloped = gw.gateway.http.yoga.getEnveloped({});
    const heaviest = restRouteTable.find((route) => route.method === 'PUT' && route.path === '/api/v3/anytime/conversations')!;
    expect(enveloped.validate(enveloped.schema, enveloped.parse(heaviest.document))).toEqual([]);
    const over = enveloped.validate(enveloped.schema, enveloped.parse(aliases(31)));
    expect(over.map((error: Error) => error.message)).toEqual(['Aliases limit of 30 exceeded, found 31.']);
  });

  describe('introspection', () => {
    const SCHEMA = '{ __schema { queryType { name } } }';

    it('is refused to anonymous viewers by default, with a clear message; __typename still works', async () => {
      const answer = await gw.gql(SCHEMA, undefined, null);
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]?.message).toBe('GraphQL introspection has been disabled, but the requested query contained the field "__schema".');
      const type = await gw.gql('{ __type(name: "Conversation") { name } }', undefined, null);
      expect(type.status).toBe(400);
      expect((await gw.gql('{ __typename }', undefined, null)).data).toEqual({ __typename: 'Query' });
    });

    it("is answered to a signed-in agent: GraphiQL's own introspection query, and GraphiQL's page", async () => {
      const agent = await gw.createAgent();
      const introspection = await gw.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, oneOf: true }), undefined, agent.auth);
      expect(introspection.errors).toBeUndefined();
      expect(introspection.data.__schema.queryType.name).toBe('Query');
      const page = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html', authorization: agent.auth } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
    });

    it("an agent's answer is not reused for an anonymous viewer (nor the other way round)", async () => {
      const document = '{ __schema { mutationType { name } } }';
      expect((await gw.gql(document)).data).toEqual({ __schema: { mutationType: { name: 'Mutation' } } });
      expect((await gw.gql(document, undefined, null)).status).toBe(400);
      expect((await gw.gql(document)).status).toBe(200);
    });

    it('bad credentials are still a 401, whatever the document asks', async () => {
      const answer = await gw.gql(SCHEMA, undefined, 'Basic bm9ib2R5QGV4YW1wbGUuY29tOndyb25n');
      expect(answer.status).toBe(401);
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('INTROSPECTION=agents refuses a contact and answers an agent', async () => {
      const contact = await contactToken(loose, await createContact(loose, 'Carla'));
      expect((await loose.gql(SCHEMA, undefined, contact)).errors?.[0]?.message).toMatch(/introspection has been disabled/);
      expect((await loose.gql(SCHEMA)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });

    it('the policies', () => {
      const agent = { kind: 'agent', agentId: 1, role: 'agent', email: 'a@b.c' } as const;
      const contact = { kind: 'contact', contactId: 1, clientId: 'c' } as const;
      const anonymous = { kind: 'anonymous' } as const;
      const table = (['all', 'signed-in', 'agents', 'off'] as const).map((policy) => [policy, [anonymous, contact, agent].map((viewer) => mayIntrospect(policy, viewer))]);
      expect(table).toEqual([
        ['all', [true, true, true]],
        ['signed-in', [false, true, true]],
        ['agents', [false, false, true]],
        ['off', [false, false, false]],
      ]);
    });
  });

  it('no error suggests names ("Did you mean"), for anonymous viewers or agents', async () => {
    for (const auth of [null, undefined]) {
      const answers = [
        await gw.gql('{ conversationz { totalCount } }', undefined, auth),
        await gw.gql('{ conversations(sortBy: lastReplyTim) { totalCount } }', undefined, auth),
        await gw.gql('query($s: ConversationSortBy) { conversations(sortBy: $s) { totalCount } }', { s: 'lastReplyTim' }, auth),
        await gw.gql('query($f: ConversationFiltr) { __typename }', undefined, auth),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
      expect(answers[0]!.errors?.[0]?.message).toBe('Cannot query field "conversationz" on type "Query".');
      const unknownValue = 'Variable "$s" got invalid value "lastReplyTim"; Value "lastReplyTim" does not exist in "ConversationSortBy" enum';
      expect(JSON.stringify(answers)).not.toMatch(/Did you mean|conversationDraft|ConversationFilter/);
      if (auth === null) {
        // Refused introspection: not told the enum's values either.
        expect(answers[2]!.errors?.[0]?.message).toBe(`${unknownValue}.`);
        expect(JSON.stringify(answers)).not.toMatch(/lastReplyTime/);
      } else {
        // May introspect: an unknown enum value is answered with the values accepted (no guess at one).
        expect(answers[2]!.errors?.[0]?.message).toMatch(new RegExp(`^${unknownValue.replace(/[$"()]/g, '\\$&')}: must be one of [a-zA-Z, ]*lastReplyTime[a-zA-Z, ]*\\.$`));
      }
    }
  });
});

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(defaults).toEqual({ maxTokens: 2000, maxAliases: 30, maxDepth: 10, maxDirectives: 50, maxCost: 25000, introspection: 'signed-in' });
  });

  it('reads each variable and refuses bad values in one line', () => {
    const config = loadConfig({ GRAPHQL_MAX_TOKENS: '5000', GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_DEPTH: '7', GRAPHQL_MAX_DIRECTIVES: '3', GRAPHQL_MAX_COST: '1000', INTROSPECTION: 'OFF' });
    expect(limitsOf(config)).toEqual({ maxTokens: 5000, maxAliases: 5, maxDepth: 7, maxDirectives: 3, maxCost: 1000, introspection: 'off' });
    expect(() => loadConfig({ INTROSPECTION: 'sometimes' })).toThrow(new ConfigError('invalid configuration: INTROSPECTION must be one of all, signed-in, agents, off (got "sometimes")'));
    expect(() => loadConfig({ GRAPHQL_MAX_COST: '-1', GRAPHQL_MAX_DEPTH: 'deep' })).toThrow(
      new ConfigError('invalid configuration: GRAPHQL_MAX_DEPTH must be an integer of at least 1 (got "deep"); GRAPHQL_MAX_COST must be an integer of at least 1 (got "-1")'),
    );
  });
});
