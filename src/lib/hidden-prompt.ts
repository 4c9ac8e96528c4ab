/**
 * Asks for a secret on a terminal without echoing it. Small own code rather than a prompt package:
 * Node's readline cannot hide input, but raw mode and a loop over the keys typed is all it takes.
 */

interface TerminalInput extends NodeJS.ReadableStream {
  unshift(chunk: string): void;
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Thrown when the person cancels with Ctrl-C or Ctrl-D. */
export class PromptCancelled extends Error {}

export function promptHidden(
  question: string,
  input: TerminalInput = process.stdin,
  output: { write(text: string): unknown } = process.stderr,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    output.write(question);
    input.setRawMode?.(true);
    input.setEncoding('utf8');
    input.resume();
    const end = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string | Buffer) => {
      // A paste arrives as one chunk of several characters.
      const chars = [...String(chunk)];
      for (const [i, char] of chars.entries()) {
        if (char === '\r' || char === '\n') {
          // What was typed ahead (the answer to the next question) stays for the next reader.
          const rest = chars
            .slice(i + 1)
            .join('')
            .replace(/^\n/, '');
          end();
          if (rest) input.unshift(rest);
          return;
        }
        if (char === '\u0003' || (char === '\u0004' && answer === '')) return end(new PromptCancelled('cancelled'));
        if (char === '\u007f' || char === '\b') answer = [...answer].slice(0, -1).join('');
        else if (char >= ' ') answer += char;
      }
    };
    input.on('data', onData);
  });
}
