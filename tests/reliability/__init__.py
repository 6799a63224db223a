"""papercat under faults, load and hostile input (issue 6); docs/reliability.md is written from these tests."""
