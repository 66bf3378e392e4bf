/**
 * `npm run seed`: fills a running gateway with a believable help desk — departments, agents with
 * their own API keys, contacts, tags, custom fields, filters and a few hundred conversations on
 * every channel, with customer messages, agent replies, notes and a spread of statuses.
 *
 * It goes through the public REST API (the front door an integrator uses), so every write passes
 * the same rules, events and subscriptions as real traffic, and it works the same on the embedded
 * database and on DATABASE_URL. Idempotent: a help desk that already holds the demo department is
 * left alone.
 *
 * Environment: GATEWAY_URL (default http://127.0.0.1:4000); ANYTIME_EMAIL + ANYTIME_API_KEY, or
 * the first-run credentials in DATA_DIR/admin-credentials (default .data/admin-credentials);
 * SEED_CONVERSATIONS (default 300); SEED_RANDOM (the pseudo-random seed, default 1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = 'Demo data (npm run seed)';
const gatewayUrl = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
const conversationCount = Number(process.env.SEED_CONVERSATIONS ?? 300);
if (!Number.isInteger(conversationCount) || conversationCount < 1 || conversationCount > 100_000) {
  throw new Error(`SEED_CONVERSATIONS must be an integer from 1 to 100000 (got ${JSON.stringify(process.env.SEED_CONVERSATIONS)})`);
}

/** mulberry32: a small deterministic generator, so two seeds of the same size look the same. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
const random = generator(Number(process.env.SEED_RANDOM ?? 1));

function adminCredentials(): { email: string; apiKey: string } {
  if (process.env.ANYTIME_EMAIL && process.env.ANYTIME_API_KEY) return { email: process.env.ANYTIME_EMAIL, apiKey: process.env.ANYTIME_API_KEY };
  const file = join(process.env.DATA_DIR ?? '.data', 'admin-credentials');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`No credentials: set ANYTIME_EMAIL and ANYTIME_API_KEY, or start the gateway once so that it writes ${file}`);
  }
  const value = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(text)?.[1]?.trim();
  const email = value('email');
  const apiKey = value('apiKey');
  if (!email || !apiKey) throw new Error(`${file} does not hold email= and apiKey= lines`);
  return { email, apiKey };
}

const basic = (email: string, key: string) => `Basic ${Buffer.from(`${email}:${key}`).toString('base64')}`;
const admin = adminCredentials();
const adminAuth = basic(admin.email, admin.apiKey);

async function call<T = any>(method: string, path: string, body?: unknown, auth = adminAuth): Promise<T> {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Runs `work` over `items` with at most `width` requests in flight. */
async function eachLimited<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

const FIRST_NAMES = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Mia', 'Mateo', 'Amelia', 'Levi', 'Harper', 'Kenji', 'Aisha', 'Diego', 'Fatima', 'Tomasz', 'Ingrid', 'Ravi'];
const LAST_NAMES = ['Garcia', 'Smith', 'Nguyen', 'Müller', 'Rossi', 'Kowalski', 'Okafor', 'Tanaka', 'Silva', 'Johansson', 'Khan', 'Dubois', 'Levy', 'Murphy', 'Novak'];
const COMPANIES = ['Northwind', 'Contoso', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Foods', 'Hooli'];
const TOPICS: Array<{ subject: string; text: string; tags: string[]; priority: string }> = [
  { subject: 'Refund for a double charge', text: 'I was charged twice for my subscription this month. Could you refund one of the payments?', tags: ['billing', 'refund'], priority: 'high' },
  { subject: 'Cannot log in after password reset', text: 'The reset link worked but the new password is refused. I am locked out.', tags: ['login'], priority: 'high' },
  { subject: 'Invoice needs our VAT number', text: 'Please reissue invoice 2231 with our VAT number DE811907980.', tags: ['billing'], priority: 'normal' },
  { subject: 'Feature request: export to CSV', text: 'It would help a lot if the reports could be exported to CSV for our finance team.', tags: ['feature-request'], priority: 'low' },
  { subject: 'The app crashes when I upload a photo', text: 'Every time I attach a photo from my phone the app closes. Android 14, latest version.', tags: ['bug'], priority: 'high' },
  { subject: 'Site down?', text: 'Your dashboard shows a 502 error for everyone in our office since 9:40.', tags: ['outage', 'bug'], priority: 'urgent' },
  { subject: 'Upgrade to the Enterprise plan', text: 'We are 40 people now. What would the Enterprise plan cost us per year?', tags: ['sales'], priority: 'normal' },
  { subject: 'Where is my order?', text: 'Order 55-1093 was due on Monday and tracking has not moved for a week.', tags: ['shipping'], priority: 'normal' },
  { subject: 'Change the email on my account', text: 'I changed jobs; please move my account to my personal address.', tags: ['account'], priority: 'low' },
  { subject: 'Cancel my subscription', text: 'Please cancel at the end of the current period. Thanks for everything.', tags: ['billing', 'churn-risk'], priority: 'normal' },
];
const AGENT_REPLIES = [
  'Thanks for reaching out! I am looking into this now.',
  'Sorry about the trouble. Could you send a screenshot of what you see?',
  'I have passed this to our engineers and will update you as soon as I hear back.',
  'Done: you should see the change within a few minutes. Anything else I can help with?',
  'I have issued the refund; it takes 3 to 5 business days to show on your statement.',
];
const CUSTOMER_FOLLOW_UPS = ['Thanks, that worked!', 'Still the same problem, unfortunately.', 'Here is the screenshot you asked for.', 'Any news on this?'];
const NOTES = ['Customer is on the Pro plan since 2023.', 'Checked the logs: payment provider timeout at 09:41.', 'VIP account, please keep the CSM in the loop.'];
const CHANNELS: Array<{ channel: string; firstType: string; agentType: string }> = [
  { channel: 'email', firstType: 'email', agentType: 'email' },
  { channel: 'portal', firstType: 'reply', agentType: 'reply' },
  { channel: 'chat', firstType: 'reply', agentType: 'reply' },
  { channel: 'offlineMessage', firstType: 'reply', agentType: 'reply' },
  { channel: 'facebook', firstType: 'socialMessage', agentType: 'socialMessage' },
  { channel: 'twitter', firstType: 'socialMessage', agentType: 'socialMessage' },
];
const STATUSES = ['new', 'new', 'pendingInternal', 'pendingExternal', 'onHold', 'closed', 'closed', 'closed'];

async function main() {
  const departments = await call<{ departments: Array<{ description: string | null }> }>('GET', '/api/v3/departments');
  if (departments.departments.some((department) => department.description === MARKER)) {
    process.stdout.write('The demo help desk is already there: nothing to do.\n');
    return;
  }
  const started = Date.now();

  // Customers' messages arrive through an integration (as a mail or chat connector would deliver
  // them): agents always write as themselves.
  const client = await call('POST', '/graphql', {
    query: 'mutation { createOAuthClient(name: "Demo channel connector", scopes: ["api"]) { client { clientId } clientSecret } }',
  });
  const { clientId } = client.data.createOAuthClient.client;
  const token = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: client.data.createOAuthClient.clientSecret }),
  });
  if (!token.ok) throw new Error(`POST /oauth/token answered ${token.status}: ${await token.text()}`);
  const connectorAuth = `Bearer ${((await token.json()) as { access_token: string }).access_token}`;

  const departmentIds: Record<string, number> = {};
  for (const name of ['Support', 'Billing', 'Sales']) {
    departmentIds[name] = (await call('POST', '/api/v3/departments', { name, description: MARKER })).id;
  }

  const agentSpecs = [
    ['Maya Patel', 'Support'], ['Jonas Berg', 'Support'], ['Chloé Martin', 'Support'],
    ['Samuel Osei', 'Billing'], ['Yuki Sato', 'Billing'], ['Priya Raman', 'Sales'],
  ] as const;
  const agents: Array<{ id: number; auth: string; department: number }> = [];
  for (const [name, department] of agentSpecs) {
    const email = `${name.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@demo.example`;
    const agent = await call('POST', '/api/v3/agents', { name, email, role: 'agent', isOnline: random.chance(0.7), departmentIds: [departmentIds[department]] });
    const key = await call('POST', `/api/v3/agents/${agent.id}/apiKeys`, { name: 'seed' });
    agents.push({ id: agent.id, auth: basic(email, key.apiKey), department: departmentIds[department]! });
  }

  const tagIds: Record<string, number> = {};
  const palette = ['#E5484D', '#F76B15', '#FFC53D', '#46A758', '#12A594', '#0090FF', '#8E4EC6', '#D6409F', '#8D8D8D', '#30A46C', '#3E63DD'];
  const tagNames = [...new Set(TOPICS.flatMap((topic) => topic.tags))];
  for (const [index, name] of tagNames.entries()) tagIds[name] = (await call('POST', '/api/v3/tags', { name, color: palette[index % palette.length] })).id;

  const orderField = (await call('POST', '/api/v3/anytime/fields', { type: 'text', name: 'Order number', helpText: 'From the shop, e.g. 55-1093' })).id;
  const planField = (await call('POST', '/api/v3/anytime/fields', { type: 'dropdownList', name: 'Plan', options: [{ value: 'Free' }, { value: 'Pro' }, { value: 'Enterprise' }] })).id;

  await call('POST', '/api/v3/anytime/filters', { name: 'Urgent and open', when: 'all', conditions: [{ fieldId: 'priority', matchType: 'is', value: 'urgent' }, { fieldId: 'status', matchType: 'isNot', value: 'closed' }] });
  await call('POST', '/api/v3/anytime/filters', { name: 'Refunds', conditions: [{ fieldId: 'subject', matchType: 'contains', value: 'refund' }] });
  await call('POST', '/api/v3/anytime/filters', { name: 'Enterprise customers', conditions: [{ fieldId: planField, matchType: 'is', value: 'Enterprise' }] });

  const contacts: number[] = [];
  const contactCount = Math.max(10, Math.ceil(conversationCount / 5));
  await eachLimited(Array.from({ length: contactCount }, (_, index) => index), 8, async (index) => {
    const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
    const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]!;
    const email = `${first}.${last}.${index}`.toLowerCase().normalize('NFD').replace(/[^a-z0-9.]/g, '') + '@customer.example';
    const contact = await call('POST', '/api/v3/contacts', { name: `${first} ${last}`, company: random.pick(COMPANIES), identities: [{ type: 'email', value: email }] });
    contacts.push(contact.id);
  });
  contacts.sort((a, b) => a - b);

  // Conversations are planned up front from the generator, so the data does not depend on request timing.
  const plans = Array.from({ length: conversationCount }, () => {
    const topic = random.pick(TOPICS);
    const channel = random.pick(CHANNELS);
    const agent = random.chance(0.8) ? random.pick(agents) : null;
    return {
      topic,
      channel,
      agent,
      contactId: random.pick(contacts),
      status: random.pick(STATUSES),
      followUps: random.int(0, 4),
      note: random.chance(0.25) ? random.pick(NOTES) : null,
      plan: random.pick(['Free', 'Pro', 'Pro', 'Enterprise']),
      order: random.chance(0.4) ? `55-${random.int(1000, 9999)}` : null,
      replies: Array.from({ length: 4 }, () => random.pick(AGENT_REPLIES)),
      customerLines: Array.from({ length: 4 }, () => random.pick(CUSTOMER_FOLLOW_UPS)),
    };
  });

  let messages = 0;
  await eachLimited(plans, 8, async (plan) => {
    const customFields = [{ id: planField, value: plan.plan }, ...(plan.order ? [{ id: orderField, value: plan.order }] : [])];
    const conversation = await call('POST', '/api/v3/anytime/conversations', {
      subject: plan.topic.subject,
      channel: plan.channel.channel,
      priority: plan.topic.priority,
      relatedType: 'contact',
      relatedId: String(plan.contactId),
      ...(plan.agent ? { assignedAgentId: plan.agent.id, assignedDepartmentId: plan.agent.department } : {}),
      tagIds: plan.topic.tags.map((name) => tagIds[name]),
      customFields,
      message: { type: plan.channel.firstType, sendByType: 'contact', sendById: String(plan.contactId), text: { format: 'plaintext', content: plan.topic.text } },
    }, connectorAuth);
    messages += 1;
    const path = `/api/v3/anytime/conversations/${conversation.id}/messages`;
    const author = plan.agent?.auth ?? adminAuth;
    for (let turn = 0; turn < plan.followUps; turn += 1) {
      if (turn % 2 === 0) {
        await call('POST', path, { type: plan.channel.agentType, text: { format: 'plaintext', content: plan.replies[turn]! } }, author);
      } else {
        await call('POST', path, { type: plan.channel.agentType, sendByType: 'contact', sendById: String(plan.contactId), text: { format: 'plaintext', content: plan.customerLines[turn]! } }, connectorAuth);
      }
      messages += 1;
    }
    if (plan.note) {
      await call('POST', path, { type: 'note', text: { format: 'plaintext', content: plan.note } }, author);
      messages += 1;
    }
    if (plan.status !== 'new') await call('PUT', `/api/v3/anytime/conversations/${conversation.id}`, { status: plan.status });
  });

  process.stdout.write(
    `Seeded ${gatewayUrl}: 3 departments, ${agents.length} agents, ${contacts.length} contacts, ${tagNames.length} tags, 2 fields, 3 filters, ` +
      `${plans.length} conversations with ${messages} messages in ${((Date.now() - started) / 1000).toFixed(1)} s.\n` +
      `Agents sign in as <first name>@demo.example; their API keys are not kept (create one with POST /api/v3/agents/{id}/apiKeys).\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
