# The production image: gunicorn serving Django; the same image runs the worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN useradd --create-home --uid 10001 app
COPY pyproject.toml README.md ./
COPY cocreation ./cocreation
COPY community ./community
COPY activities ./activities
COPY impact ./impact
COPY reporting ./reporting
RUN pip install --no-cache-dir .
COPY . .
RUN DJANGO_SETTINGS_MODULE=cocreation.settings.production SECRET_KEY=build-only ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput
USER app
EXPOSE 8000
CMD ["gunicorn", "cocreation.wsgi:application", "--bind", "0.0.0.0:8000"]
