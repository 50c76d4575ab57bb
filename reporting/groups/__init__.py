"""Messages to chosen groups: staff choose people by what they took part in and who they are,
see who would get it and who would not (and why), save the group, write one message and send it
through the one message pipeline (community.messaging) with progress."""
