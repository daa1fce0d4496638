from courses import services
from courses.errors import CourseError
from courses.models import Enrolment
from szkola.home.tests.concurrency import ROW_LOCKING, run_concurrently

from .factories import course_create, user_create

pytestmark = ROW_LOCKING


def test_concurrent_enrolments_never_exceed_capacity():
    course = course_create(capacity=3)
    people = [user_create() for _ in range(8)]

    errors = run_concurrently(
        [(lambda u=u: services.enrolment_create(user=u, course=course)) for u in people]
    )

    assert [e for e in errors if not isinstance(e, CourseError)] == []
    assert Enrolment.objects.filter(course=course, status="active").count() == 3
    assert [e.code for e in errors] == ["full"] * 5
