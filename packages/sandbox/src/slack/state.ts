import { randomBytes } from 'node:crypto';
import type { SandboxView } from './views.ts';

export type SandboxSlackMember = {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  tz: string;
  profile: { email?: string; real_name: string; display_name: string };
};

export type RecordedMessage = {
  channel: string;
  text: string | undefined;
  blocks: unknown;
  attachments: unknown;
  ts: string;
  token: string;
  /** Times replaced through a response_url. */ updates?: number;
};
export type RecordedResponse = { id: string; body: unknown; receivedAt: string };
export type Fault = { method: string; remaining: number; retryAfterSeconds?: number; error?: string };

/** In-memory state of the fake Slack: one workspace, its members, issued tokens and what was posted. */
export class SlackSandboxState {
  team = { id: 'T0SANDBOX1', name: 'Sandbox Workspace', domain: 'sandbox' };
  appId = 'A0SANDBOX1';
  botUserId = 'U0SANDBOXBOT';
  members = new Map<string, SandboxSlackMember>();
  /** bot token → whether it still works. */
  tokens = new Map<string, { revoked: boolean }>();
  /** authorization codes issued by /oauth/v2/authorize, single use. */
  codes = new Map<string, { redirectUri: string }>();
  messages: RecordedMessage[] = [];
  responses: RecordedResponse[] = [];
  /** response_url id → ts of the message whose element was clicked (see interact.ts). */
  responseTargets = new Map<string, string>();
  faults: Fault[] = [];
  /** Modals opened with views.open, by view id. */
  views = new Map<string, SandboxView>();
  /** A trigger_id works once. */
  exchangedTriggers = new Set<string>();
  private tsCounter = 0;
  private viewCounter = 0;

  constructor() {
    this.seedDemo();
  }

  /**
   * Quick-start members: the seeded demo owner and member (same emails as `pnpm seed`, so they are
   * linked when the app is installed) and someone without a BillOps account.
   */
  seedDemo(): void {
    const demo: [string, string, string | undefined][] = [
      ['U0SANDBOX01', 'demo.owner', 'owner@demo.billops.test'],
      ['U0SANDBOX02', 'demo.member', 'member@demo.billops.test'],
      ['U0SANDBOX03', 'guest', 'guest@elsewhere.example'],
    ];
    for (const [id, name, email] of demo) {
      this.members.set(id, {
        id,
        team_id: this.team.id,
        name,
        real_name: name,
        deleted: false,
        is_bot: false,
        tz: 'UTC',
        profile: { ...(email ? { email } : {}), real_name: name, display_name: name },
      });
    }
  }

  issueCode(redirectUri: string): string {
    const code = `sandbox-code-${randomBytes(8).toString('hex')}`;
    this.codes.set(code, { redirectUri });
    return code;
  }

  issueToken(): string {
    const token = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, { revoked: false });
    return token;
  }

  nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  nextViewId(): string {
    this.viewCounter += 1;
    return `V0SANDBOX${String(this.viewCounter).padStart(4, '0')}`;
  }

  nextHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  /** Takes one pending fault for `method`, if any. */
  takeFault(method: string): Fault | undefined {
    const fault = this.faults.find((f) => f.method === method && f.remaining > 0);
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault;
  }

  /** Empties everything; `seed` puts the quick-start members back. */
  reset(options: { seed?: boolean } = {}): void {
    this.members.clear();
    if (options.seed) this.seedDemo();
    this.tokens.clear();
    this.codes.clear();
    this.messages = [];
    this.responses = [];
    this.responseTargets.clear();
    this.faults = [];
    this.views.clear();
    this.exchangedTriggers.clear();
  }
}
