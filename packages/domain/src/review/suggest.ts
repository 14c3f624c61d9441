import { Prisma, queryRows } from '@billops/db';
import type { ServiceContext } from '../context.ts';
import { domainMatches, domainOf, titleHasKeyword } from './rules.ts';

/** A meeting as the suggestions read it. */
export type SuggestableEvent = {
  id: string;
  recurringEventId: string | null;
  eventTitle: string;
  attendeeEmails: string[];
  organizerEmail: string | null;
  isOrganizer: boolean;
};

export type SuggestionSource = 'series' | 'rule' | 'history';

export type Suggestion = {
  projectId: string | null;
  clientId: string | null;
  /** In words the user understands: "same series as 3 earlier meetings", "attendee @acme.com". */
  reason: string;
  /** 0–1: series 0.9, a title keyword 0.75, an attendee domain 0.6, history 0.4–0.6. */
  confidence: number;
  source: SuggestionSource;
  /** The rule that matched and whether it converts on its own (auto-convert at the next sync). */
  autoConvert: boolean;
};

type Scope = { userId: string; organizationId: string };
type RuleProject = { id: string; clientId: string | null; code: string; keywords: string[]; autoConvert: boolean };
type RuleClient = { id: string; emailDomains: string[]; autoConvert: boolean };
type Tally = Map<string, { projectId: string | null; clientId: string | null; count: number; latest: number }>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const pick = (tally: Tally | undefined) => tally && [...tally.values()].sort((a, b) => b.count - a.count || b.latest - a.latest)[0];
function count(tally: Tally, projectId: string | null, clientId: string | null, at: number) {
  const key = `${projectId}/${clientId}`;
  const entry = tally.get(key) ?? { projectId, clientId, count: 0, latest: 0 };
  entry.count += 1;
  entry.latest = Math.max(entry.latest, at);
  tally.set(key, entry);
}

/**
 * Suggests a project (and client) for each meeting, strongest source first:
 * 1. the project chosen for earlier converted instances of the same recurring series;
 * 2. the organization's rules: a project keyword in the title (longest match wins), else a
 *    client's email domain among the attendees (with its project when the client has only one);
 * 3. history: the project most often chosen for meetings with the same external attendees, else
 *    with the same organizer.
 * Three queries for the whole batch, whatever its size.
 */
export async function suggestProjects(
  ctx: Pick<ServiceContext, 'prisma' | 'now'>,
  scope: Scope,
  events: SuggestableEvent[],
): Promise<Map<string, Suggestion>> {
  const suggestions = new Map<string, Suggestion>();
  if (events.length === 0) return suggestions;
  const [series, rules, history] = await Promise.all([
    seriesTallies(ctx, scope, events),
    loadRules(ctx, scope),
    historyTallies(ctx, scope),
  ]);
  for (const event of events) {
    const suggestion = fromSeries(event, series) ?? fromRules(event, rules, history.ownDomain) ?? fromHistory(event, history);
    if (suggestion) suggestions.set(event.id, suggestion);
  }
  return suggestions;
}

async function seriesTallies(ctx: Pick<ServiceContext, 'prisma'>, scope: Scope, events: SuggestableEvent[]): Promise<Map<string, Tally>> {
  const seriesIds = [...new Set(events.flatMap((e) => (e.recurringEventId ? [e.recurringEventId] : [])))];
  const tallies = new Map<string, Tally>();
  if (seriesIds.length === 0) return tallies;
  const rows = await queryRows<{ seriesId: string; projectId: string | null; clientId: string | null; start: Date }>(
    ctx.prisma,
    Prisma.sql`
    SELECT e.recurring_event_id AS "seriesId", t.project_id AS "projectId", t.client_id AS "clientId", e.event_start AS start
    FROM synced_calendar_events e JOIN time_entries t ON t.id = e.time_entry_id
    WHERE e.user_id = ${scope.userId}::uuid AND t.organization_id = ${scope.organizationId}::uuid
      AND e.recurring_event_id IN (${Prisma.join(seriesIds)})
      AND (t.project_id IS NOT NULL OR t.client_id IS NOT NULL)`,
  );
  for (const row of rows) {
    const tally = tallies.get(row.seriesId) ?? new Map();
    count(tally, row.projectId, row.clientId, row.start.getTime());
    tallies.set(row.seriesId, tally);
  }
  return tallies;
}

function fromSeries(event: SuggestableEvent, series: Map<string, Tally>): Suggestion | undefined {
  const best = event.recurringEventId ? pick(series.get(event.recurringEventId)) : undefined;
  if (!best) return undefined;
  return {
    projectId: best.projectId,
    clientId: best.clientId,
    reason: `same series as ${plural(best.count, 'earlier meeting')}`,
    confidence: 0.9,
    source: 'series',
    autoConvert: false,
  };
}

async function loadRules(ctx: Pick<ServiceContext, 'prisma'>, scope: Scope) {
  const [projects, clients] = await Promise.all([
    ctx.prisma.project.findMany({
      where: { organizationId: scope.organizationId, archived: false },
      select: { id: true, clientId: true, code: true, keywords: true, autoConvert: true },
      orderBy: { code: 'asc' },
    }),
    ctx.prisma.client.findMany({
      where: { organizationId: scope.organizationId, archived: false, NOT: { emailDomains: { isEmpty: true } } },
      select: { id: true, emailDomains: true, autoConvert: true },
    }),
  ]);
  return { projects: projects as RuleProject[], clients: clients as RuleClient[] };
}

/** The other attendees and the organizer outside the user's own domain: who the meeting is with. */
function externalPeople(event: SuggestableEvent, ownDomain: string | undefined): string[] {
  const people = new Set(event.attendeeEmails);
  if (event.organizerEmail && !event.isOrganizer) people.add(event.organizerEmail);
  return [...people].filter((email) => domainOf(email) !== ownDomain).sort();
}

function fromRules(
  event: SuggestableEvent,
  rules: { projects: RuleProject[]; clients: RuleClient[] },
  ownDomain: string | undefined,
): Suggestion | undefined {
  // The client whose domains most attendees are at.
  let client: { rule: RuleClient; domain: string; hits: number } | undefined;
  const domains = externalPeople(event, ownDomain).flatMap((email) => domainOf(email) ?? []);
  for (const rule of rules.clients) {
    const matched = domains.filter((d) => rule.emailDomains.some((r) => domainMatches(d, r)));
    if (matched.length > (client?.hits ?? 0)) client = { rule, domain: matched[0]!, hits: matched.length };
  }
  // The longest keyword in the title; among the client's projects first when a client matched.
  let keyword: { project: RuleProject; keyword: string } | undefined;
  for (const project of rules.projects) {
    for (const word of project.keywords) {
      if (!titleHasKeyword(event.eventTitle, word)) continue;
      const better =
        !keyword ||
        (client && (project.clientId === client.rule.id) !== (keyword.project.clientId === client.rule.id)
          ? project.clientId === client.rule.id
          : word.length > keyword.keyword.length);
      if (better) keyword = { project, keyword: word };
    }
  }
  if (keyword) {
    const withDomain = client && keyword.project.clientId === client.rule.id ? ` and attendee @${client.domain}` : '';
    return {
      projectId: keyword.project.id,
      clientId: keyword.project.clientId,
      reason: `title mentions "${keyword.keyword}"${withDomain}`,
      confidence: withDomain ? 0.85 : 0.75,
      source: 'rule',
      autoConvert: keyword.project.autoConvert,
    };
  }
  if (!client) return undefined;
  const clientProjects = rules.projects.filter((p) => p.clientId === client.rule.id);
  return {
    projectId: clientProjects.length === 1 ? clientProjects[0]!.id : null,
    clientId: client.rule.id,
    reason: `attendee @${client.domain}`,
    confidence: 0.6,
    source: 'rule',
    autoConvert: client.rule.autoConvert,
  };
}

type History = { ownDomain: string | undefined; byPeople: Map<string, Tally>; byOrganizer: Map<string, Tally> };

/** The user's converted meetings of the last 180 days in this organization, tallied by who attended. */
async function historyTallies(ctx: Pick<ServiceContext, 'prisma' | 'now'>, scope: Scope): Promise<History> {
  const since = new Date(ctx.now().getTime() - 180 * 24 * 3600 * 1000);
  const [user, rows] = await Promise.all([
    ctx.prisma.user.findUniqueOrThrow({ where: { id: scope.userId }, select: { email: true } }),
    queryRows<SuggestableEvent & { projectId: string; clientId: string | null; start: Date }>(
      ctx.prisma,
      Prisma.sql`
      SELECT e.id, e.recurring_event_id AS "recurringEventId", e.event_title AS "eventTitle", e.attendee_emails AS "attendeeEmails",
             e.organizer_email AS "organizerEmail", e.is_organizer AS "isOrganizer", t.project_id AS "projectId", t.client_id AS "clientId",
             e.event_start AS start
      FROM synced_calendar_events e JOIN time_entries t ON t.id = e.time_entry_id
      WHERE e.user_id = ${scope.userId}::uuid AND t.organization_id = ${scope.organizationId}::uuid
        AND t.project_id IS NOT NULL AND e.event_start >= ${since}
      ORDER BY e.event_start DESC
      LIMIT 2000`,
    ),
  ]);
  const history: History = { ownDomain: domainOf(user.email), byPeople: new Map(), byOrganizer: new Map() };
  for (const row of rows) {
    const people = externalPeople(row, history.ownDomain);
    if (people.length > 0) add(history.byPeople, people.join(' '), row);
    if (row.organizerEmail && !row.isOrganizer && domainOf(row.organizerEmail) !== history.ownDomain)
      add(history.byOrganizer, row.organizerEmail, row);
  }
  return history;
}

function add(tallies: Map<string, Tally>, key: string, row: { projectId: string; clientId: string | null; start: Date }) {
  const tally = tallies.get(key) ?? new Map();
  count(tally, row.projectId, row.clientId, row.start.getTime());
  tallies.set(key, tally);
}

function fromHistory(event: SuggestableEvent, history: History): Suggestion | undefined {
  const people = externalPeople(event, history.ownDomain);
  const same = people.length > 0 ? pick(history.byPeople.get(people.join(' '))) : undefined;
  if (same) {
    const who = people.length === 1 ? people[0]! : `${people[0]} and ${plural(people.length - 1, 'other')}`;
    return {
      projectId: same.projectId,
      clientId: same.clientId,
      reason: `${plural(same.count, 'earlier meeting')} with ${who}`,
      confidence: 0.6,
      source: 'history',
      autoConvert: false,
    };
  }
  const organizer = event.organizerEmail && !event.isOrganizer ? event.organizerEmail : undefined;
  const byOrganizer = organizer ? pick(history.byOrganizer.get(organizer)) : undefined;
  if (!byOrganizer || !organizer) return undefined;
  return {
    projectId: byOrganizer.projectId,
    clientId: byOrganizer.clientId,
    reason: `${plural(byOrganizer.count, 'earlier meeting')} organized by ${organizer}`,
    confidence: 0.4,
    source: 'history',
    autoConvert: false,
  };
}
