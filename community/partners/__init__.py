"""Partner organisations and community champions."""
