"""One screen per module, each with its own .kv beside it."""
