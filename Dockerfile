# The bot in HTTP mode (or Socket Mode when SLACK_APP_TOKEN is set), as an unprivileged user.
#   docker build -t relations .
#   docker run --env-file .env -p 3000:3000 relations
# The fact base is baked in at /app/facts and /app/seeds; mount a checkout over them
# (-v "$PWD/facts:/app/facts:ro" -v "$PWD/seeds:/app/seeds:ro") to serve other facts:
# the bot reloads when they change.
FROM python:3.12-slim AS build
WORKDIR /src
COPY requirements-deploy.lock pyproject.toml README.md ./
COPY bot ./bot
# Every run-time dependency pinned with its hash; the project itself as a wheel.
RUN python -m venv /venv \
 && /venv/bin/pip install --no-cache-dir --require-hashes --no-deps -r requirements-deploy.lock \
 && /venv/bin/pip install --no-cache-dir --no-deps --no-build-isolation . \
 && /venv/bin/python -m pip uninstall --yes --quiet setuptools wheel pip

FROM python:3.12-slim
RUN useradd --create-home --uid 10001 relations
COPY --from=build /venv /venv
WORKDIR /app
COPY --chown=relations facts ./facts
COPY --chown=relations seeds ./seeds
USER relations
# Socket Mode serves its health endpoints on the same port, so one HEALTHCHECK fits both.
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 RELATIONS_HOST=0.0.0.0 RELATIONS_PORT=3000 \
    RELATIONS_HEALTH_PORT=3000 RELATIONS_CACHE_DIR=/tmp/relations-cache
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:3000/healthz', timeout=2)"
STOPSIGNAL SIGTERM
ENTRYPOINT ["relations"]
# No --http: HTTP mode unless SLACK_APP_TOKEN is set, then Socket Mode (health on the port).
CMD ["serve"]
