# quotes: the HTTP service. The same steps as on a bare machine:
#   pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0
#   pip install -r requirements.txt
#   gunicorn -c gunicorn.conf.py wsgi:app
# The Stanza models must already be in quotes/models/id/ (python scripts/train_models.py).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# CPU-only torch first: from the default index, torch pulls a multi-GB CUDA build
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY quotes/ quotes/
COPY wsgi.py gunicorn.conf.py ./

RUN useradd --create-home --uid 10001 quotes
USER quotes

ENV QUOTES_BIND=0.0.0.0:8000
EXPOSE 8000

# liveness only (the models load per worker after start: allow for it in start-period)
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
