.PHONY: check lint test format
check: lint test
lint:
	python3 -m ruff check orderdesk tests benchmarks
	python3 -m ruff format --check orderdesk tests benchmarks
	python3 -m mypy
	lint-imports
test:
	python3 -m pytest -n 2
format:
	python3 -m ruff format orderdesk tests benchmarks
	python3 -m ruff check --fix orderdesk tests benchmarks
