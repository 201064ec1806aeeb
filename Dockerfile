# Olympus Core as a container image: `make docker-build`, then `make docker-run` or `make up`.
# Stage 1 builds the wheel and installs it with its dependencies into a virtualenv; the final
# stage copies only that virtualenv onto a slim Python, runs as a non-root user, and has no
# compiler, pip cache or source tree.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /build
COPY pyproject.toml README.md ./
COPY src ./src
COPY migrations ./migrations
# The wheel carries the migrations and data files (see tests/deploy/test_wheel.py).
RUN python -m venv /opt/olympus \
    && /opt/olympus/bin/pip install --no-cache-dir ./ \
    && /opt/olympus/bin/olympus --help >/dev/null

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="Olympus Core" \
      org.opencontainers.image.description="Authentication, organisation and commerce for many tenants behind one HTTP API" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 olympus \
    && useradd --system --uid 10001 --gid olympus --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin olympus \
    && mkdir -p /app/data \
    && chown -R olympus:olympus /app
COPY --from=build /opt/olympus /opt/olympus
ENV PATH=/opt/olympus/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ENVIRONMENT=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/app/data
WORKDIR /app
USER 10001:10001
EXPOSE 8000
# /health on whatever PORT the container was given.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=2)"]
# olympus runs as PID 1 and gets SIGTERM itself: it stops accepting, finishes the requests in
# flight, publishes the outbox's pending events, then exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["olympus"]
CMD ["serve"]
