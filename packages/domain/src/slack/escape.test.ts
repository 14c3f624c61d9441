import { describe, expect, it } from 'vitest';
import { escapeSlackText } from './escape.ts';

describe('escapeSlackText', () => {
  it('turns mentions and disguised links into plain text', () => {
    expect(escapeSlackText('<!channel> see <https://evil.test|docs.google.com>')).toBe(
      '&lt;!channel&gt; see &lt;https://evil.test|docs.google.com&gt;',
    );
  });

  it('escapes & first so existing entities are shown as typed', () => {
    expect(escapeSlackText('R&D &lt; 5')).toBe('R&amp;D &amp;lt; 5');
  });
});
