# syntax=docker/dockerfile:1
# cloze-edge: the HTTP API on Node 24 with the embedded model baked in.
#   docker build -t cloze-edge .
#   docker run --rm -p 8787:8787 -v cloze-data:/data cloze-edge
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Build: dev dependencies, src/ → dist/ (JavaScript and .d.ts).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY tools/build ./tools/build
COPY src ./src
RUN npm run build

# 2. Runtime dependencies only (no install scripts: see .npmrc).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image: node, production dependencies, dist/ and the model; runs as the unprivileged `node` user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    CLOZE_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY models/cloze-bert-mini ./models/cloze-bert-mini
RUN mkdir -p /data && chown node:node /data
USER node
# Stored configs and webhook/Slack delivery ids survive restarts here.
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 and gets SIGTERM: in-flight requests drain (CLOZE_SHUTDOWN_GRACE_MS, default 10 s),
# so give `docker stop` a longer timeout than that (docker stop -t 15 …).
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
