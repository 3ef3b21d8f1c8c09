"""The Slack front end: a Bolt app whose listeners answer with the shared renderer."""
