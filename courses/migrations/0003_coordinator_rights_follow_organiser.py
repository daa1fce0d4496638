"""Course catalogues: voivodeships' coordinators no longer publish straight
past the approval workflow (only the leader's team does), and the approval
task becomes the scoped ``CourseApprovalTask``."""

from django.db import migrations

COORDINATORS_GROUP = "Koordynatorzy"
LEADER_TEAM_GROUP = "Koordynatorzy zespołu lidera"
WORKFLOW_NAME = "Akceptacja kursów przez koordynatora"
TASK_NAME = "Akceptacja koordynatora"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    CourseIndexPage = apps.get_model("courses", "CourseIndexPage")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    CourseApprovalTask = apps.get_model("courses", "CourseApprovalTask")

    indexes = list(CourseIndexPage.objects.all())
    publish = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()
    if indexes and publish is not None:
        leader_team, _created = Group.objects.get_or_create(name=LEADER_TEAM_GROUP)
        GroupPagePermission.objects.filter(
            group__name=COORDINATORS_GROUP,
            page_id__in=[index.pk for index in indexes],
            permission=publish,
        ).delete()
        for index in indexes:
            GroupPagePermission.objects.get_or_create(
                group=leader_team, page_id=index.pk, permission=publish
            )

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return
    old_tasks = list(
        GroupApprovalTask.objects.filter(
            name=TASK_NAME, workflow_tasks__workflow=workflow
        )
    )
    if not old_tasks:
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="courses", model="courseapprovaltask"
    )
    task = CourseApprovalTask.objects.create(
        name=TASK_NAME, active=True, content_type=content_type
    )
    groups = set()
    for old in old_tasks:
        groups.update(old.groups.all())
        WorkflowTask.objects.filter(workflow=workflow, task_id=old.pk).update(
            task_id=task.pk
        )
        # Wagtail's own Task row of the old step: inactive, its history kept.
        old.active = False
        old.save(update_fields=["active"])
    groups.add(Group.objects.get_or_create(name=LEADER_TEAM_GROUP)[0])
    task.groups.set(groups)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_course_approval_task"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
