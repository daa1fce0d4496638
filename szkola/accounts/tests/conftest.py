from szkola.home.tests.shared_fixtures import fresh_cache  # noqa: F401 - autouse
