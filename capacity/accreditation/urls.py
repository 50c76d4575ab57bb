"""Accreditation's URLs: applying (criteria, services, applications, self-assessment, evidence)
and the panel (reviewers, scores, decision, public list)."""

from .applying.urls import urlpatterns as applying_urls
from .panel.urls import urlpatterns as panel_urls

urlpatterns = [*applying_urls, *panel_urls]
