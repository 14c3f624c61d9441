/**
 * Slack reads `<!channel>`, `<@U123>` and `<https://evil|innocent text>` in message text as mentions and
 * links, so any string a user or a provider supplied (calendar titles, descriptions, project names) is
 * escaped before it reaches mrkdwn. Slack's own rule: only `&`, `<` and `>` are control characters.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
