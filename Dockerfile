# ExactBridge in one container: web server and task cluster, started by bin/serve.
# Build:  docker build -t exactbridge .
# Run:    see docs/deployment.md
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data \
    PORT=8000

# tesseract reads scanned invoices (Dutch and English). tini runs as PID 1: it reaps orphaned
# processes and hands signals to bin/serve, which passes them on to gunicorn and the task
# cluster itself. tini does not signal the whole process group (no -g), so each child is
# stopped once, by bin/serve, the way it expects.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng tini \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Only the dependencies are installed, in their own layer, so a code change does not reinstall
# them. The app itself runs from /app, exactly as from a checkout.
COPY pyproject.toml ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# The settings need a SECRET_KEY and a writable DATA_DIR just to load; neither is kept.
RUN SECRET_KEY=collectstatic-only DATA_DIR=/tmp/build-data python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-data

# A fixed uid, so a host directory mounted at /data can be given to it: chown 10001 <dir>.
RUN useradd --uid 10001 --user-group --create-home exactbridge \
    && mkdir -p /data \
    && chown exactbridge:exactbridge /data
# Declared after the chown, so a new named volume starts out owned by exactbridge.
VOLUME /data
# Numeric, so Kubernetes can verify runAsNonRoot.
USER 10001:10001

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=4)" "http://127.0.0.1:${PORT}/healthz"

ENTRYPOINT ["/usr/bin/tini", "--"]
# A different command runs instead, still under tini:
#   docker run --rm -it -v exactbridge-data:/data exactbridge python manage.py createsuperuser
CMD ["/app/bin/serve"]
