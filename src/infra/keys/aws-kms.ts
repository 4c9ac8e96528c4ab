import { type KeyProvider, wrappedBy } from './key-provider.js';
import { providerFailure } from './unavailable.js';

export interface KmsSettings {
  keyId: string;
  region: string;
  endpoint?: string;
}

/** KMS errors about the ciphertext itself: a damaged or foreign value, not an outage. */
const DATA_ERRORS = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);

/**
 * Data keys made and wrapped by AWS KMS (GenerateDataKey, AES_256; Decrypt naming the key): the
 * master key never leaves KMS. A wrapped data key is `kms:<key id>~<CiphertextBlob in base64>`.
 * Credentials come from the AWS SDK's default chain (a web identity on Kubernetes, an instance or
 * task role, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).
 * Docs: https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html
 */
export function createKmsProvider(settings: KmsSettings): KeyProvider {
  const keyId = `kms:${settings.keyId}`;
  // Loaded on first use: a deployment on local keys or Vault never pays for the SDK.
  let loaded: Promise<{ client: import('@aws-sdk/client-kms').KMSClient; sdk: typeof import('@aws-sdk/client-kms') }> | undefined;
  const kms = () =>
    (loaded ??= import('@aws-sdk/client-kms').then((sdk) => ({
      sdk,
      client: new sdk.KMSClient({
        region: settings.region,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        // A request stuck on an unreachable KMS holds an HTTP request open: fail soon, answer 503.
        maxAttempts: 2,
        requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
      }),
    })));
  const fail = (action: string, error: unknown): never => {
    const { name, message } = error as Error;
    if (DATA_ERRORS.has(name)) throw new Error(`AWS KMS could not ${action}: ${name}: ${message}`);
    throw providerFailure('AWS KMS', action, `${name}: ${message}`);
  };

  const provider: KeyProvider = {
    keyId,
    async generateDataKey() {
      try {
        const { client, sdk } = await kms();
        const answer = await client.send(new sdk.GenerateDataKeyCommand({ KeyId: settings.keyId, KeySpec: 'AES_256' }));
        return {
          plaintext: Buffer.from(answer.Plaintext!),
          wrapped: `${keyId}~${Buffer.from(answer.CiphertextBlob!).toString('base64')}`,
        };
      } catch (error) {
        return fail('make a data key', error);
      }
    },
    async wrap(dataKey) {
      try {
        const { client, sdk } = await kms();
        const answer = await client.send(new sdk.EncryptCommand({ KeyId: settings.keyId, Plaintext: dataKey }));
        return `${keyId}~${Buffer.from(answer.CiphertextBlob!).toString('base64')}`;
      } catch (error) {
        return fail('wrap a data key', error);
      }
    },
    async unwrap(wrapped) {
      const body = wrappedBy(keyId, wrapped);
      try {
        const { client, sdk } = await kms();
        const answer = await client.send(new sdk.DecryptCommand({ KeyId: settings.keyId, CiphertextBlob: Buffer.from(body, 'base64') }));
        return Buffer.from(answer.Plaintext!);
      } catch (error) {
        return fail('unwrap a data key', error);
      }
    },
    async verify() {
      const { plaintext, wrapped } = await provider.generateDataKey!();
      if (!(await provider.unwrap(wrapped)).equals(plaintext))
        throw new Error(`AWS KMS key ${settings.keyId} did not give back the data key it wrapped`);
    },
  };
  return provider;
}
