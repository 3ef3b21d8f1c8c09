"""Running the bot in production: the live fact base and its reloads, logs, metrics."""
