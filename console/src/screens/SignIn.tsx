import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/client';
import { requestOtp, signInWithPassword, verifyOtp } from '../auth/session';
import { t } from '../i18n';
import { LanguageSwitch } from '../ui/Layout';
import { Problem } from '../ui/Problem';

type Submit = TargetedSubmitEvent<HTMLFormElement>;

/** Staff sign in with email and password; farmers with their phone and a code sent by SMS. */
export function SignIn({ problem }: { problem?: ApiProblem | undefined }) {
  const [method, setMethod] = useState<'password' | 'phone'>('password');
  return (
    <div class="sign-in">
      <div class="sign-in-top">
        <span class="app-name">{t('app.name')}</span>
        <LanguageSwitch />
      </div>
      <main id="main" class="card">
        <h1>{t('signIn.title')}</h1>
        {problem && <Problem problem={problem} />}
        {method === 'password' ? <PasswordForm /> : <PhoneForm />}
        <button type="button" class="link-button" onClick={() => setMethod(method === 'password' ? 'phone' : 'password')}>
          {method === 'password' ? t('signIn.withPhone') : t('signIn.withEmail')}
        </button>
      </main>
    </div>
  );
}

/** Runs a form's action with a busy flag and keeps the error it threw. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** A refusal of the credentials themselves, as opposed to a server or network failure. */
const isRefusal = (error: unknown) =>
  error instanceof ApiProblem && (error.code === 'invalid_grant' || error.status === 401 || error.status === 403);

function PasswordForm() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: Submit) => {
    event.preventDefault();
    void run(() => signInWithPassword(email.trim(), password));
  };
  return (
    <form onSubmit={submit} class="stack">
      <label for="sign-in-email">{t('signIn.email')}</label>
      <input
        id="sign-in-email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      <label for="sign-in-password">{t('signIn.password')}</label>
      <input
        id="sign-in-password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      {error !== undefined &&
        (isRefusal(error) ? (
          <p class="problem" role="alert">
            {t('signIn.wrongCredentials')}
          </p>
        ) : (
          <Problem problem={error} />
        ))}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('signIn.working') : t('signIn.submit')}
      </button>
    </form>
  );
}

function PhoneForm() {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [validMinutes, setValidMinutes] = useState<number>();
  const sending = useAction();
  const verifying = useAction();
  const send = (event: Submit) => {
    event.preventDefault();
    void sending.run(async () => setValidMinutes(Math.round((await requestOtp(phone.trim())) / 60)));
  };
  const verify = (event: Submit) => {
    event.preventDefault();
    void verifying.run(() => verifyOtp(phone.trim(), code.trim()));
  };
  return (
    <div class="stack">
      <form onSubmit={send} class="stack">
        <label for="sign-in-phone">{t('signIn.phone')}</label>
        <input
          id="sign-in-phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          required
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
        />
        {sending.error !== undefined && <Problem problem={sending.error} />}
        <button type="submit" class={validMinutes === undefined ? 'primary' : ''} disabled={sending.busy}>
          {t('signIn.sendCode')}
        </button>
      </form>
      {validMinutes !== undefined && (
        <form onSubmit={verify} class="stack">
          <p role="status">{t('signIn.codeSent', { minutes: validMinutes })}</p>
          <label for="sign-in-code">{t('signIn.code')}</label>
          <input
            id="sign-in-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          {verifying.error !== undefined &&
            (isRefusal(verifying.error) ? (
              <p class="problem" role="alert">
                {t('signIn.wrongCode')}
              </p>
            ) : (
              <Problem problem={verifying.error} />
            ))}
          <button type="submit" class="primary" disabled={verifying.busy}>
            {t('signIn.verify')}
          </button>
        </form>
      )}
    </div>
  );
}
