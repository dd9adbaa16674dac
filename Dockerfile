# Alliance web image; the worker and beat services reuse it (docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ALLIANCE_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /build/node_modules ./node_modules
# Build-time only key: collectstatic and compilemessages need settings, not secrets.
RUN DJANGO_SECRET_KEY=build-only python manage.py compilemessages --ignore=node_modules -v0 \
 && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --no-input -v0
RUN useradd --create-home alliance
USER alliance
EXPOSE 8000
# The system checks first: a half-configured production (alliance/checks.py) stops here.
CMD ["sh", "-c", "python manage.py check --deploy && exec gunicorn alliance.wsgi:application --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
