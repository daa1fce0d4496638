import threading

import pytest
from django.db import connection

from courses import services
from courses.errors import CourseError
from courses.models import Enrolment

from .factories import course_create, user_create


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; row locks need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_exceed_capacity():
    course = course_create(capacity=3)
    people = [user_create() for _ in range(8)]
    refused, errors = [], []
    barrier = threading.Barrier(len(people))

    def work(user):
        try:
            barrier.wait()
            services.enrolment_create(user=user, course=course)
        except CourseError as error:
            refused.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Enrolment.objects.filter(course=course, status="active").count() == 3
    assert refused == ["full"] * 5
