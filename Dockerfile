# One image for every app of the exchange; docker-compose.yml picks the app by command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# kafkajs is patched at install (patches/kafkajs/README.md): the script and its patches come first.
COPY package.json package-lock.json ./
COPY scripts/patch-kafkajs.js scripts/
COPY patches patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Four malloc arenas, not up to 8 a core: the apps' resident memory (README, "Memory"; libs/bootstrap/src/supervisor.ts).
ENV MALLOC_ARENA_MAX=4
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schemas ./schemas
COPY package.json ./
USER node
