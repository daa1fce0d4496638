"""A task worker loads what documents are drawn from before its first task."""

from unittest import mock

from django.core.management import get_commands, load_command_class
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from szkola.home import pdf


def test_db_worker_loads_fonts_and_funding_marks_before_it_starts():
    seen = {}

    def run(self, *args, **options):
        # What the worker finds when it starts taking tasks.
        seen["marks"] = [
            pdf._recorded_calls.get(pdf._bundled_drawing(key)) for key in pdf.MARK_KEYS
        ]
        seen["fonts"] = pdf.register_fonts.cache_info().currsize

    pdf._recorded_calls.clear()
    with mock.patch.object(WorkerCommand, "handle", run):
        load_command_class(get_commands()["db_worker"], "db_worker").handle()
    assert all(seen["marks"])
    assert seen["fonts"] == 1
