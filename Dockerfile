# syntax=docker/dockerfile:1
# Anytime Gateway: the gateway (CMD) and, with `node dist/worker.js`, the job worker (docker-compose.yml).
# Not built on the project's machines (no image registry is reachable there): see README "Deploying".

# ---- build: all dependencies, Prisma client generation, TypeScript → dist/ ----
FROM node:20-slim AS build
WORKDIR /app
# Every Prisma command needs DATABASE_URL set (any value), or it tries to download an engine.
ENV DATABASE_URL=postgresql://unused@localhost/unused
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# postinstall runs `prisma generate` (client into src/generated) and the build (dist/).
RUN npm ci --no-audit --no-fund
RUN npm run build && test -f dist/main.js && test -f dist/worker.js
# Drop dev dependencies (test, codegen and lint tools); prisma and typescript are runtime dependencies.
RUN npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled JavaScript, production dependencies, migrations; non-root ----
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Migrations are applied on start (src/db/migrate.ts reads prisma/migrations).
COPY --from=build /app/prisma ./prisma
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4000
# Readiness: the process answers and its database is reachable (GET /readyz, src/server.ts).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/main.js"]
