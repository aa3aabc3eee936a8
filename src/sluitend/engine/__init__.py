"""RUNNING: compile rules to pandera schemas, validate, collect and diagnose findings."""
