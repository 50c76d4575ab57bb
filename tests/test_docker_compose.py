"""docker-compose.yml runs the production shape with the variables the settings read."""

import re
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
READ_BY_SETTINGS = set(
    re.findall(
        r'(?:env(?:\.\w+)?|env_bool|env_required)\(\s*"([A-Z_]+)"',
        "".join(p.read_text() for p in (ROOT / "cocreation" / "settings").glob("*.py")),
    )
)


def test_compose_has_web_worker_beat_postgres_and_redis_each_with_a_health_check():
    services = COMPOSE["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    assert "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]


def test_every_app_variable_in_compose_is_one_the_settings_read():
    for name in ("web", "worker", "beat"):
        env = COMPOSE["services"][name]["environment"]
        unknown = set(env) - READ_BY_SETTINGS - {"DJANGO_SETTINGS_MODULE"}
        assert not unknown, f"{name} sets variables no setting reads: {sorted(unknown)}"
        for needed in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"):
            assert needed in env, f"{name} does not set {needed}"
        assert env["DJANGO_SETTINGS_MODULE"] == "cocreation.settings.production"


def test_compose_holds_no_secret_value():
    assert COMPOSE["services"]["web"]["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_the_readme_documents_every_variable_the_settings_read():
    readme = (ROOT / "README.md").read_text()
    missing = sorted(v for v in READ_BY_SETTINGS if f"`{v}`" not in readme)
    assert not missing, f"README.md does not document: {missing}"


def test_gunicorn_reads_its_settings_from_the_project_folder(monkeypatch):
    import multiprocessing
    import runpy

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = runpy.run_path(str(Path(settings.BASE_DIR, "gunicorn.conf.py")))
    # One process per core: more made the load test's 99th percentile two to three times longer.
    assert config["workers"] == multiprocessing.cpu_count()
    assert config["worker_class"] == "gthread"
    assert config["threads"] >= 2
    assert config["keepalive"] > 3  # longer than a person reads a page in the load test
    assert "--workers" not in Path(settings.BASE_DIR, "Dockerfile").read_text()
