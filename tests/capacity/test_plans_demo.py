"""The demo's development plans: ten active and one closed, the demo co-creator's written with
the demo member of staff with three steps and a review, each with its history; made once."""

import pytest

from capacity.models import DevelopmentPlan, PlanStatus
from capacity.plans.demo import demo_build
from capacity.plans.selectors import active_plans_at
from capacity.training.demo import demo_build as training_demo
from community.models import Role
from tests.capacity.plans_factories import person_of
from tests.community.factories import CoCreatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_plans(cocreator):
    staff = UserFactory(email="staff@example.org", full_name="Demo Staff", role=Role.STAFF)
    training_demo()
    CoCreatorFactory.create_batch(12)
    demo = person_of(cocreator)
    assert demo_build() == 11
    assert demo_build() == 0  # once
    plans = DevelopmentPlan.objects.all()
    assert plans.filter(status=PlanStatus.ACTIVE).count() == 10
    assert plans.filter(status=PlanStatus.CLOSED).count() == 1
    own = plans.get(cocreator=demo)
    assert own.written_with == staff
    assert own.steps.count() == 3 and own.reviews.count() == 1
    assert own.steps.filter(course__title="Facilitation skills").exists()
    assert all(plan.revisions.exists() for plan in plans)
    assert plans.filter(reviews__isnull=False).distinct().count() >= 5
    # The history begins on the day each plan was agreed.
    assert own.revisions.order_by("changed_at").first().changed_at.date() <= own.agreed_on
    assert active_plans_at(own.agreed_on) >= 1
