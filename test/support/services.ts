/**
 * Where the test suite finds the real services it runs against. `.ci/run` makes sure they are up;
 * locally the machine's PostgreSQL and Redis on their standard ports are used.
 * Set KHETI_TEST_EMBEDDED_ONLY=1 to run only the embedded-mode half of the suite.
 */
export const testServices = {
  /** A superuser URL on a maintenance database, used to create and drop one throwaway database per test file. */
  postgresAdminUrl: process.env.KHETI_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.KHETI_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  embeddedOnly: process.env.KHETI_TEST_EMBEDDED_ONLY === '1',
};
