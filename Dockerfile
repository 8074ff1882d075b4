# quotes: the HTTP service, nginx (buffering front) + gunicorn, the same steps as on a bare
# machine (`make install`, `make serve`). The Stanza models ship inside the package
# (quotes/models/id/). Build with the docker format so the HEALTHCHECK is kept:
#   docker build -t quotes .        (podman: podman build --format docker -t quotes .)
#   docker run -p 8000:8000 quotes
# Corpus mode (Spark, local mode) is a second target: the service image plus a headless Java
# runtime and the Spark extra (requirements-spark.txt):
#   docker build --target corpus -t quotes-corpus .
#   docker run -v "$PWD/data:/data" quotes-corpus python -m quotes corpus /data/in.jsonl /data/out
FROM python:3.11-slim AS service

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# nginx: the buffering front that keeps slow clients away from the sync workers
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# requirements.txt pins torch==2.13.0+cpu, found only on PyTorch's CPU wheel index (the one pin);
# constraints.txt locks every other package (the same lock as `make install`)
COPY requirements.txt constraints.txt ./
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu \
        -r requirements.txt -c constraints.txt

COPY pyproject.toml wsgi.py gunicorn.conf.py ./
COPY quotes/ quotes/
# the package itself (its dependencies are installed above): `python -m quotes` from anywhere
RUN pip install --no-deps --no-build-isolation . \
    && useradd --create-home --uid 10001 quotes

USER quotes

ENV QUOTES_BIND=0.0.0.0:8000
EXPOSE 8000

# liveness only (the models load per worker after start: allow for it in start-period)
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

CMD ["python", "-m", "quotes.serve"]

# --- corpus mode: Java 17 for Spark (Debian's headless JRE) and the Spark extra, same lock ---
FROM service AS corpus
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
COPY requirements-spark.txt ./
RUN pip install -r requirements-spark.txt -c constraints.txt
USER quotes
CMD ["python", "-m", "quotes", "corpus", "--help"]

# the default target (a plain `docker build`) is the service
FROM service
