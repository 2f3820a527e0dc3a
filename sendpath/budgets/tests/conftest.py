import pytest

from sendpath.portal.tests.asking_support import build_family, case_in_force


@pytest.fixture
def family(world):
    return build_family(world)


@pytest.fixture
def case(world, family):
    """The family's child's case, with a plan in force and provision in section F."""
    from sendpath.ehc.models import PlanProvision

    found = case_in_force(world, family.child, meeting_in=None)
    PlanProvision.objects.create(
        plan=found.plan, section="F", what="Speech therapy", who="Therapist",
        how_often="Weekly", how_long="30 minutes",
    )  # fmt: skip
    return found
