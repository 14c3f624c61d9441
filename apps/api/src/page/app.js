// The /app page: plain DOM code against the public API (no build step, no framework).
// Every string from the API goes into the page through textContent, never as HTML.
const API = '/api/v1';
const TOKEN_KEY = 'billops.token';
const $ = (selector) => document.querySelector(selector);

let projects = [];

function say(message, isError = false) {
  const status = $('#status');
  status.textContent = message;
  status.classList.toggle('error', isError);
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function api(method, path, body) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const res = await fetch(API + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401 && path !== '/auth/login') {
    sessionStorage.removeItem(TOKEN_KEY);
    show();
    throw new Error('Please sign in again.');
  }
  const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data?.error?.message ?? `Request failed (${res.status})`);
  return data;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const projectName = (id) => projects.find((p) => p.id === id)?.name;

function projectSelect(meeting) {
  const select = el('select', { 'aria-label': `Project for ${meeting.title || 'untitled meeting'}`, 'data-project-for': meeting.id });
  select.append(el('option', { value: '', text: 'No project' }));
  for (const p of projects) select.append(el('option', { value: p.id, text: p.name }));
  select.value = meeting.suggestion?.project_id ?? '';
  return select;
}

function meetingItem(meeting) {
  const start = new Date(meeting.start);
  const end = new Date(meeting.end);
  const select = projectSelect(meeting);
  const suggestion = meeting.suggestion;
  const suggested = suggestion
    ? `Suggested: ${projectName(suggestion.project_id) ?? 'client only'} — ${suggestion.reason}`
    : 'No suggestion';
  return el('li', { class: 'meeting', 'data-meeting': meeting.id }, [
    el('h4', { text: meeting.title || '(no title)' }),
    el('p', {
      class: 'when',
      text: `${timeFormat.format(start)}–${timeFormat.format(end)} · ${Math.round(meeting.duration_seconds / 60)} min`,
    }),
    el('p', { class: 'reason', text: suggested }),
    el('div', { class: 'actions' }, [
      select,
      el('button', {
        type: 'button',
        text: 'Log',
        'aria-label': `Log ${meeting.title}`,
        onclick: () => accept([meeting.id], select.value || null),
      }),
      el('button', { type: 'button', text: 'Dismiss', 'aria-label': `Dismiss ${meeting.title}`, onclick: () => dismiss(meeting.id) }),
    ]),
  ]);
}

async function loadReview() {
  const [review, projectList] = await Promise.all([api('GET', '/review?limit=200'), api('GET', '/projects')]);
  projects = projectList.data;
  $('#review-total').textContent = `(${review.total})`;
  const days = $('#review-days');
  days.replaceChildren();
  if (review.data.length === 0) days.append(el('p', { text: 'Nothing waiting. Well done!' }));
  const perDay = new Map(review.per_day.map((d) => [d.date, d.count]));
  const byDay = new Map();
  for (const meeting of review.data) {
    const day = meeting.start.slice(0, 10);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(meeting);
  }
  for (const [day, meetings] of byDay) {
    const heading = el('h3', {
      id: `day-${day}`,
      text: `${dayFormat.format(new Date(`${day}T00:00:00Z`))} (${perDay.get(day) ?? meetings.length})`,
    });
    days.append(heading, el('ul', { class: 'day', 'aria-labelledby': heading.id }, meetings.map(meetingItem)));
  }
  $('#accept-suggested').hidden = !review.data.some((m) => m.suggestion);
  $('#accept-suggested').onclick = () => accept(review.data.filter((m) => m.suggestion).map((m) => m.id));
}

async function accept(ids, projectId) {
  try {
    const body = { event_ids: ids, ...(projectId !== undefined ? { project_id: projectId } : {}) };
    const { data } = await api('POST', '/review/accept', body);
    const refused = data.filter((o) => o.status === 'refused');
    const logged = data.length - refused.length;
    say(
      `${logged} meeting${logged === 1 ? '' : 's'} ` +
        `logged.${refused.length ? ` Not logged: ${refused.map((r) => r.message).join('; ')}` : ''}`,
      refused.length > 0,
    );
    await loadReview();
  } catch (error) {
    say(error.message, true);
  }
}

async function dismiss(id) {
  try {
    await api('POST', '/review/dismiss', { event_ids: [id] });
    say('Meeting dismissed.');
    await loadReview();
  } catch (error) {
    say(error.message, true);
  }
}

async function connect(provider) {
  try {
    const path = provider === 'slack' ? '/integrations/slack/authorize' : `/integrations/${provider}/authorize`;
    const { auth_url: url } = await api('GET', path);
    window.location.assign(url);
  } catch (error) {
    say(error.message, true);
  }
}

async function chooseCalendars(provider) {
  const { calendars } = await api('GET', `/integrations/${provider}/calendars`);
  const list = $('#choose-list');
  list.replaceChildren(
    ...calendars.map((c) => {
      const name = c.summary ?? c.name ?? c.id;
      return el('li', {}, [el('button', { type: 'button', text: `Sync ${name}`, onclick: () => selectCalendar(provider, c.id, name) })]);
    }),
  );
  $('#choose').hidden = false;
}

async function selectCalendar(provider, id, name) {
  try {
    const result = await api('POST', `/integrations/${provider}/select-calendar`, { calendar_id: id, calendar_name: name });
    say(result.message);
    await loadCalendars();
  } catch (error) {
    say(error.message, true);
  }
}

async function loadCalendars() {
  const { data } = await api('GET', '/calendars');
  $('#calendars').replaceChildren(
    ...(data.length
      ? data.map((c) =>
          el('li', { text: `${c.calendar_name} (${c.provider}) — ${c.sync_status}${c.last_error ? `: ${c.last_error}` : ''}` }),
        )
      : [el('li', { text: 'None yet.' })]),
  );
}

/** After an OAuth round trip the API sends the browser back here with ?provider=…&status=…. */
async function handleRedirect() {
  const params = new URLSearchParams(window.location.search);
  const provider = params.get('provider');
  if (!provider) return;
  history.replaceState(null, '', window.location.pathname);
  if (params.get('status') !== 'success') {
    say(`Connecting ${provider} failed (${params.get('code') ?? params.get('reason') ?? 'unknown reason'}).`, true);
    return;
  }
  say(
    provider === 'slack'
      ? `Slack connected${params.get('workspace') ? ` (${params.get('workspace')})` : ''}.`
      : `${provider === 'google' ? 'Google' : 'Outlook'} connected: choose the calendars to sync.`,
  );
  if (provider !== 'slack') await chooseCalendars(provider);
}

async function show() {
  const signedIn = Boolean(sessionStorage.getItem(TOKEN_KEY));
  $('#sign-in').hidden = signedIn;
  for (const id of ['#connections', '#review', '#sign-out', '#who']) $(id).hidden = !signedIn;
  if (!signedIn) return;
  try {
    const me = await api('GET', '/me');
    $('#who').textContent = `Signed in as ${me.user.name}`;
    await handleRedirect();
    await Promise.all([loadCalendars(), loadReview()]);
  } catch (error) {
    say(error.message, true);
  }
}

$('#sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const session = await api('POST', '/auth/login', { email: form.get('email'), password: form.get('password') });
    sessionStorage.setItem(TOKEN_KEY, session.token);
    say('');
    await show();
  } catch (error) {
    say(error.message, true);
  }
});
$('#sign-out').addEventListener('click', async () => {
  await api('POST', '/auth/logout').catch(() => undefined);
  sessionStorage.removeItem(TOKEN_KEY);
  say('Signed out.');
  await show();
});
for (const button of document.querySelectorAll('[data-connect]')) button.addEventListener('click', () => connect(button.dataset.connect));

show();
