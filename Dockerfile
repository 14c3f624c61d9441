# One image for every process; the command picks it (scripts/run-compiled.sh):
#   api (default) | worker | migrate (run once per deploy, before the new api/worker start).
# Build stage: all dependencies, `pnpm build`. Production stage: the same workspace with production
# dependencies only. Runtime: that, on a slim Node, as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
# postinstall generates the Prisma client (packages/db/src/generated), which the build compiles.
RUN pnpm install --frozen-lockfile --offline && pnpm build

# `pnpm deploy --prod` makes one copy of node_modules per app; a production install of the
# workspace filtered to what the three commands run shares one copy between them.
FROM build AS production
RUN rm -rf node_modules apps/*/node_modules packages/*/node_modules prisma/node_modules \
 && pnpm install --prod --frozen-lockfile --offline --ignore-scripts \
      --filter-prod "@billops/api..." --filter-prod "@billops/worker..." --filter-prod "@billops/prisma..." \
 && rm -rf apps/*/src packages/*/src prisma/scripts prisma/seed

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root, run as `node`: the processes can read their code but not change it.
COPY --from=production /app /app
USER node
EXPOSE 8000
# For the api; worker and migrate containers turn it off (docker-compose.yml).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/scripts/run-compiled.sh"]
CMD ["api"]
