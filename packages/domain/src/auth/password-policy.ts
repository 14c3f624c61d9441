import { AppError } from '@billops/core';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * zxcvbn-ts (maintained; its dictionaries hold the ~40,000 most common leaked passwords plus common
 * words and names, and it sees keyboard walks, repeats, dates and l33t) rather than a list of our own.
 * Loaded on the first password check, not at start: the dictionaries and their ranked maps take
 * ~45 MiB of memory in every process that imports the domain (the worker never checks a password,
 * the API only on registration and new members).
 */
let checker: Promise<ZxcvbnFactory> | undefined;
function passwordChecker(): Promise<ZxcvbnFactory> {
  checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([{ ZxcvbnFactory }, common, en]) =>
      new ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
  );
  return checker;
}

/** zxcvbn's "safely unguessable" threshold: about 10^8 guesses or more. */
const MIN_SCORE = 3;

/**
 * Refuses common and easily guessed passwords (and ones built from the user's own email or name)
 * with a 400 on `password`, saying why.
 */
export async function assertAcceptablePassword(password: string, userInputs: string[] = []): Promise<void> {
  const result = await (await passwordChecker()).check(password, userInputs);
  if (result.score >= MIN_SCORE) return;
  const hint = result.feedback.warning ?? result.feedback.suggestions[0];
  throw new AppError('validation_failed', 'Password is too common or too easy to guess', {
    details: [{ path: 'password', message: `too common or too easy to guess${hint ? `: ${hint}` : ''}`, reason: 'weak_password' }],
  });
}
