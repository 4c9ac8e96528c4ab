# syntax=docker/dockerfile:1
# Kheti API and worker image. The same image runs every process:
#   docker run IMAGE                 → kheti serve
#   docker run IMAGE worker          → kheti worker
#   docker run IMAGE migrate         → kheti migrate
# The image sets NODE_ENV=production, so every command needs KHETI_ENCRYPTION_KEY (openssl rand
# -base64 32, generated once and kept) and its data sources named (WEATHER_PROVIDER, IMAGERY_PROVIDER,
# MARKET_PRICE_PROVIDER, with their keys; `synthetic`/`sample` for the offline twins), and should get
# PUBLIC_URL: pass them at run time, e.g. with --env-file, never bake them into the image.
# Without DATABASE_URL/REDIS_URL it runs in embedded mode (one process) with its data in /app/data:
#   docker run -p 8080:8080 -v kheti-data:/app/data --env-file kheti.env IMAGE serve --migrate --seed
# The HEALTHCHECK probes /livez, which only `serve` answers; disable it for worker and migrate.

ARG NODE_IMAGE=node:22-bookworm-slim

# --- build: all dependencies, compile TypeScript, then drop dev dependencies ------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` (a build) needs the sources, copied below.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY console ./console
RUN npm run build \
 && npm run build:console \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime: compiled code, production dependencies, non-root ----------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/console/dist ./console/dist
COPY --chown=root:root package.json ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root migrations ./migrations
# Code stays owned by root and read-only to the process; only the embedded data directory is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
# Liveness only (no dependencies): slim images have no curl, so Node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/livez',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/kheti.js"]
CMD ["serve"]
