# One file of entry points. `make demo` runs the main job, `make test` the whole suite.
# Both install what they need into .venv (Python 3.11+ and make are the only prerequisites).
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
# Use the operating system's certificate store (corporate proxies re-sign TLS; uv's bundled roots would refuse them).
export UV_NATIVE_TLS := 1

.PHONY: install demo test lint typecheck unit bench bench-inventory bench-screen-inventory bench-determinations bench-startup clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet --compile-bytecode --python $(PYTHON)
	$(BIN)/python -m compileall -q src  # our editable source too: PYTHONDONTWRITEBYTECODE machines never cache it
	@touch $@

install: $(VENV)/.installed

## demo: screen the bundled sample supplier list (the main job) with the embedded defaults.
## The shipped facts' age is said once, at the end (kb status), not by every command.
demo: export SECTION889_WARN_SHIPPED_KB_AGE := false
demo: install
	@mkdir -p build/demo
	$(BIN)/section889 screen vendors examples/vendors.csv --out build/demo/vendors-screened.csv
	$(BIN)/section889 screen vendors examples/vendors.csv
	$(BIN)/section889 screen inventory examples/inventory/ --out build/demo/laydown.html
	$(BIN)/section889 decide examples/procurement.yaml --format pdf --out build/demo/determination.pdf
	$(BIN)/section889 decide examples/procurement.yaml
	$(BIN)/section889 decide examples/procurement.yaml --policy dod-exemption-proposal-2024 --format html --out build/demo/determination-exemption.html
	$(BIN)/section889 kb status

## test: lint, type-check the core and run every test
test: lint typecheck unit

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -n 2 -q

## bench: accuracy and throughput benchmarks (prints figures, writes benchmarks/results/*.json)
bench: install
	$(BIN)/python benchmarks/bench_vendor_matching.py
	$(BIN)/python benchmarks/readme_figures.py

## bench-inventory: bulk inventory screening of 10M rows (writes benchmarks/results/inventory_bulk.json)
bench-inventory: install
	$(BIN)/python benchmarks/bench_inventory_bulk.py
	$(BIN)/python benchmarks/readme_figures.py

## bench-screen-inventory: `screen inventory` on a 20,000-row CMDB, both engines (writes benchmarks/results/screen_inventory.json)
bench-screen-inventory: install
	$(BIN)/python benchmarks/bench_screen_inventory.py
	$(BIN)/python benchmarks/readme_figures.py

## bench-determinations: 50,000 procurement determinations in-process and through the CLI (writes benchmarks/results/determinations.json)
bench-determinations: install
	$(BIN)/python benchmarks/bench_determinations.py
	$(BIN)/python benchmarks/readme_figures.py

## bench-startup: `section889 --help` and `import section889` against importing Typer and Rich (writes benchmarks/results/startup.json)
bench-startup: install
	$(BIN)/python -m compileall -q src  # as an installed wheel would be (PYTHONDONTWRITEBYTECODE may be set)
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/readme_figures.py

clean:
	rm -rf $(VENV) $(TOOLS) build .mypy_cache .pytest_cache .ruff_cache
