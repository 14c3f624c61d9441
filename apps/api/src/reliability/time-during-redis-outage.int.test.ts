import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@billops/testing';
import { installWorkspace, messagesTo, sendTime } from '../routes/integrations/slack/slack-test-kit.ts';
import { pendingOutbox, quiescent, startFaultKit, timed, type FaultKit } from './fault-kit.ts';

// Issue 14, item 1: `/time` while Redis is down answered 500 though its entry was committed, and the
// entry's DM was never sent. Now the entry and its notification commit together in PostgreSQL,
// Slack gets its success within its 3-second deadline, and the DM goes out once Redis is back.
let kit: FaultKit;
let install: Awaited<ReturnType<typeof installWorkspace>>;
beforeAll(async () => {
  kit = await startFaultKit();
  await kit.startWorkers();
  install = await installWorkspace(kit, 'U0OUTAGE001');
});
afterAll(async () => {
  await kit?.close();
});

const SLACK_DEADLINE_MS = 3_000;
const loggedDms = () => messagesTo(kit, install.slackUserId).filter((m) => /Time entry logged/.test(m.text ?? ''));
const entryIdOf = (body: { blocks?: { elements?: { value?: string }[] }[] }) => body.blocks?.[1]?.elements?.[0]?.value;

describe('/time while Redis is away', () => {
  it('answers within the deadline when the API is partitioned from Redis (silence, not refusal)', async () => {
    kit.apiRedisProxy.partition();
    try {
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          timed(() => sendTime(kit, `${i + 1}m: partitioned ${i}`, { slackUserId: install.slackUserId, triggerId: `partition-${i}` })),
        ),
      );
      for (const { value, ms } of answers) {
        expect(value.status).toBe(200);
        expect(value.body.text).toMatch(/Logged/);
        expect(ms).toBeLessThan(SLACK_DEADLINE_MS);
      }
      // The worker reaches Redis: it relays the five notifications, each DM sent once.
      await eventually(() => loggedDms().length >= 5 || undefined, 30_000);
      await eventually(() => quiescent(kit).then((done) => done || undefined), 30_000);
      expect(loggedDms()).toHaveLength(5);
    } finally {
      kit.apiRedisProxy.cut();
      await kit.apiRedisProxy.heal();
    }
  });

  it('answers every command as logged within the deadline, makes one entry per command and sends every DM once Redis is back', async () => {
    const before = loggedDms().length;
    await kit.redis.kill();
    const commands = 20;
    const send = (i: number) =>
      timed(() => sendTime(kit, `${i + 1}m: outage work ${i}`, { slackUserId: install.slackUserId, triggerId: `outage-${i}` }));
    // Every command, plus Slack's retries of three of them (same trigger_id), all at once.
    const answers = await Promise.all([...Array.from({ length: commands }, (_, i) => send(i)), send(0), send(1), send(2)]);

    expect(answers.map((a) => a.value.status)).toEqual(Array(commands + 3).fill(200));
    for (const { value, ms } of answers) {
      expect(value.body.text).toMatch(/Logged/);
      expect(ms).toBeLessThan(SLACK_DEADLINE_MS);
    }
    // A retry answers with the entry its first delivery made.
    expect(entryIdOf(answers[commands]!.value.body)).toBe(entryIdOf(answers[0]!.value.body));
    const entries = await kit.t.db.prisma.timeEntry.count({
      where: { userId: install.owner.userId, source: 'slack', description: { startsWith: 'outage' } },
    });
    expect(entries).toBe(commands);
    expect(await pendingOutbox(kit)).toBe(commands);
    // Nothing can go out while Redis is down.
    expect(loggedDms()).toHaveLength(before);

    // Redis comes back (empty: it kept nothing): the relay hands every job over, and each DM goes out once.
    await kit.redis.start();
    await eventually(() => loggedDms().length >= before + commands || undefined, 30_000);
    await eventually(() => quiescent(kit).then((done) => done || undefined), 30_000);
    expect(loggedDms()).toHaveLength(before + commands);
    const sent = await kit.t.db.prisma.notificationDelivery.count({
      where: { userId: install.owner.userId, kind: 'time_entry_created', sentAt: { not: null } },
    });
    expect(sent).toBe(before + commands);
  });
});
