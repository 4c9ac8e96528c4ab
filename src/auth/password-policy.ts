import { AppError } from '../errors.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

/**
 * Passwords people pick first that pass a length rule (from public breach top lists). NIST SP
 * 800-63B asks to refuse known-breached and common passwords rather than to demand symbols.
 */
const COMMON = new Set([
  '1234567890',
  '0123456789',
  '12345678910',
  '1234567891',
  '9876543210',
  '0987654321',
  '1111111111',
  '0000000000',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'asdfghjkl;',
  'zxcvbnm123',
  'qwerty1234',
  'qwerty12345',
  'qwertyuiop123',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'password@123',
  'password!',
  'password01',
  'passwordpassword',
  'iloveyou12',
  'iloveyou123',
  'welcome123',
  'welcome@123',
  'admin12345',
  'admin@1234',
  'administrator',
  'letmein123',
  'abcdefghij',
  'abcd123456',
  'abc1234567',
  'a1b2c3d4e5',
  'changeme123',
  'football12',
  'baseball12',
  'sunshine12',
  'princess12',
  'computer12',
  'whatever12',
  'trustno1234',
  'monkey12345',
  'dragon12345',
  'superman123',
  'batman12345',
  'india@1234',
  'india12345',
  'kisan12345',
  'farmer1234',
  'farmer@123',
  'kheti12345',
  'kheti@1234',
  'krishi1234',
]);

export function checkPasswordPolicy(password: string, context: { email?: string } = {}) {
  const problem = (message: string) =>
    new AppError('validation_failed', `password ${message}`, { errors: [{ path: 'body.password', message }] });
  if (password.length < MIN_PASSWORD_LENGTH) throw problem(`must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 256) throw problem('must have at most 256 characters');
  const lowered = password.toLowerCase();
  if (COMMON.has(lowered) || /^(.)\1+$/.test(password)) throw problem('is too common; choose a passphrase of a few unrelated words');
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lowered.includes(local)) throw problem('must not contain your email name');
}
