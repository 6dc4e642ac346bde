"""Background tasks of the intake channels. Their dotted paths are public names (the periodic
jobs in ``exactbridge.schedules`` call them): keep them stable.

The periodic jobs fan out one task per mailbox or folder, so a slow or broken one holds up no
other.
"""

from django_q.tasks import async_task


def poll_mailboxes() -> None:
    from intake.channels.imap import enabled_mailbox_ids

    for mailbox_id in enabled_mailbox_ids():
        async_task(
            "intake.channels.tasks.poll_mailbox",
            mailbox_id,
            group="intake-mailboxes",
            task_name=f"poll-mailbox-{mailbox_id}",
        )


def poll_mailbox(mailbox_id: int) -> None:
    from intake.channels.imap import poll_mailbox as poll

    poll(mailbox_id=mailbox_id)


def poll_watched_folders() -> None:
    from intake.channels.folder import enabled_folder_ids

    for folder_id in enabled_folder_ids():
        async_task(
            "intake.channels.tasks.poll_watched_folder",
            folder_id,
            group="intake-folders",
            task_name=f"poll-folder-{folder_id}",
        )


def poll_watched_folder(folder_id: int) -> None:
    from intake.channels.folder import poll_watched_folder as poll

    poll(folder_id=folder_id)
