.PHONY: check lint test
check: lint test
lint:
	python3 -m ruff check orderdesk tests benchmarks
	python3 -m mypy
	lint-imports
test:
	python3 -m pytest -n 2
