import { describe, expect, it } from 'vitest';
import { dailySummaryMessage, formatMoney, invoiceReadyMessage, NOTIFICATION_COLORS, reauthRequiredMessage, timeEntryCreatedMessage } from './messages.ts';

describe('notification messages', () => {
  it('time entry: "Time entry logged: 2.5 hours for <Project>" with the client, green', () => {
    const message = timeEntryCreatedMessage({ durationSeconds: 9000, projectName: 'Acme Web', clientName: 'Acme Corp', description: 'review', date: '2026-11-25' });
    expect(message.text).toBe('⏱️ Time entry logged: 2.5 hours for Acme Web (Acme Corp)');
    expect(message.attachments).toMatchObject([{ color: NOTIFICATION_COLORS.success, fallback: message.text }]);
    expect(timeEntryCreatedMessage({ durationSeconds: 3600, date: '2026-11-25' }).text).toBe('⏱️ Time entry logged: 1 hour');
    expect(timeEntryCreatedMessage({ durationSeconds: 1800, clientName: 'Globex', date: '2026-11-25' }).text).toBe('⏱️ Time entry logged: 30 minutes for Globex');
  });

  it('invoice: amount formatted for its currency and its minor units, blue', () => {
    expect(invoiceReadyMessage({ number: 'INV-001', totalCents: 150000, currency: 'USD', clientName: 'Acme' }).text).toBe('📄 Invoice INV-001 ready: $1,500.00');
    expect(formatMoney(150000, 'EUR')).toBe('€1,500.00');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(1500, 'KWD').replace(/\s/g, ' ')).toBe('KWD 1.500');
    expect(invoiceReadyMessage({ number: 'INV-001', totalCents: 1, currency: 'USD', clientName: 'Acme' }).attachments).toMatchObject([{ color: NOTIFICATION_COLORS.info }]);
  });

  it('daily summary and re-auth texts and colours', () => {
    expect(dailySummaryMessage({ date: '2026-11-25', entryCount: 5, totalSeconds: 30600, projects: [] }).text).toBe('📊 Daily Summary: 5 entries logged (8.5 hours)');
    expect(dailySummaryMessage({ date: '2026-11-25', entryCount: 1, totalSeconds: 3600, projects: [] }).text).toBe('📊 Daily Summary: 1 entry logged (1 hour)');
    const reauth = reauthRequiredMessage({ providerLabel: 'Outlook Calendar', email: undefined });
    expect(reauth.text).toContain('Outlook Calendar connection needs to be re-authorized');
    expect(reauth.attachments).toMatchObject([{ color: NOTIFICATION_COLORS.warning }]);
    // The DM says a duration the way the /time reply does (one formatter): not "0.33 hours".
    expect(timeEntryCreatedMessage({ durationSeconds: 1200, date: '2026-11-25' }).text).toBe('⏱️ Time entry logged: 20 minutes');
  });
});
