import { describe, expect, it } from 'vitest';
import { errorReply, loggedReply } from '../slack/messages.ts';
import {
  dailySummaryMessage,
  formatMoney,
  invoiceReadyMessage,
  NOTIFICATION_COLORS,
  reauthRequiredMessage,
  timeEntryCreatedMessage,
} from './messages.ts';

describe('notification messages', () => {
  it('time entry: "Time entry logged: 2.5 hours for <Project>" with the client, green', () => {
    const message = timeEntryCreatedMessage({
      durationSeconds: 9000,
      projectName: 'Acme Web',
      clientName: 'Acme Corp',
      description: 'review',
      date: '2026-11-25',
    });
    expect(message.text).toBe('⏱️ Time entry logged: 2.5 hours for Acme Web (Acme Corp)');
    expect(message.attachments).toMatchObject([{ color: NOTIFICATION_COLORS.success, fallback: message.text }]);
    expect(timeEntryCreatedMessage({ durationSeconds: 3600, date: '2026-11-25' }).text).toBe('⏱️ Time entry logged: 1 hour');
    expect(timeEntryCreatedMessage({ durationSeconds: 1800, clientName: 'Globex', date: '2026-11-25' }).text).toBe(
      '⏱️ Time entry logged: 30 minutes for Globex',
    );
  });

  it('invoice: amount formatted for its currency and its minor units, blue', () => {
    expect(invoiceReadyMessage({ number: 'INV-001', totalCents: 150000, currency: 'USD', clientName: 'Acme' }).text).toBe(
      '📄 Invoice INV-001 ready: $1,500.00',
    );
    expect(formatMoney(150000, 'EUR')).toBe('€1,500.00');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(1500, 'KWD').replace(/\s/g, ' ')).toBe('KWD 1.500');
    expect(invoiceReadyMessage({ number: 'INV-001', totalCents: 1, currency: 'USD', clientName: 'Acme' }).attachments).toMatchObject([
      { color: NOTIFICATION_COLORS.info },
    ]);
  });

  it('daily summary and re-auth texts and colours', () => {
    expect(dailySummaryMessage({ date: '2026-11-25', entryCount: 5, totalSeconds: 30600, projects: [] }).text).toBe(
      '📊 Daily Summary: 5 entries logged (8.5 hours)',
    );
    expect(dailySummaryMessage({ date: '2026-11-25', entryCount: 1, totalSeconds: 3600, projects: [] }).text).toBe(
      '📊 Daily Summary: 1 entry logged (1 hour)',
    );
    const reauth = reauthRequiredMessage({ providerLabel: 'Outlook Calendar', email: undefined });
    expect(reauth.text).toContain('Outlook Calendar connection needs to be re-authorized');
    expect(reauth.attachments).toMatchObject([{ color: NOTIFICATION_COLORS.warning }]);
    // The DM says a duration the way the /time reply does (one formatter): not "0.33 hours".
    expect(timeEntryCreatedMessage({ durationSeconds: 1200, date: '2026-11-25' }).text).toBe('⏱️ Time entry logged: 20 minutes');
  });
});

describe('user and provider strings in Slack messages', () => {
  const hostile = '<!channel> & <https://evil.example|docs.google.com>';
  const escaped = '&lt;!channel&gt; &amp; &lt;https://evil.example|docs.google.com&gt;';
  /** Every mrkdwn string of a message: its text and every text in its blocks, attachments included. */
  const mrkdwnOf = (message: unknown): string[] => {
    const found: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'text' && typeof value === 'string') found.push(value);
          else walk(value);
        }
      }
    };
    walk(message);
    return found;
  };
  const assertEscaped = (message: unknown) => {
    const texts = mrkdwnOf(message).join('\n');
    expect(texts).toContain(escaped);
    expect(texts).not.toMatch(/<!channel>|<https:\/\/evil/);
  };

  it('escapes &, < and > in every notification', () => {
    assertEscaped(
      timeEntryCreatedMessage({
        durationSeconds: 3600,
        projectName: hostile,
        clientName: hostile,
        description: hostile,
        date: '2026-11-25',
      }),
    );
    assertEscaped(invoiceReadyMessage({ number: 'INV-1', totalCents: 100, currency: 'USD', clientName: hostile }));
    assertEscaped(
      dailySummaryMessage({ date: '2026-11-25', entryCount: 1, totalSeconds: 3600, projects: [{ name: hostile, seconds: 3600 }] }),
    );
    assertEscaped(reauthRequiredMessage({ providerLabel: 'Google Calendar', email: hostile }));
  });

  it('escapes them in /time replies', () => {
    assertEscaped(
      loggedReply({
        entryId: 'e',
        durationSeconds: 3600,
        date: '2026-11-25',
        dayLabel: 'today',
        projectName: hostile,
        clientName: hostile,
        description: hostile,
      }),
    );
    assertEscaped(errorReply(`Unknown project ${hostile}`));
  });
});
