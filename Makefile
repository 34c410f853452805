# The two commands of the README: `make demo` and `make test`.
SWIFT ?= swift
DEBUG_BIN = .build/debug
RELEASE_BIN = .build/release
NOTEBOOKS = $(sort $(wildcard notebooks/*.ipynb))

.PHONY: demo test deps build swift-test protocol-test repl-test notebook-test

deps:
	scripts/install-system-packages.sh

build: deps
	$(SWIFT) build

# The main job: build (the Swift runtime linked in, so the kernel starts in milliseconds), install
# the kernelspec for the current user, and execute every notebook
# into build/notebooks/ with its figures as PNG files beside it.
demo: deps
	$(SWIFT) build -c release --static-swift-stdlib --product descent
	$(RELEASE_BIN)/descent install --user
	$(RELEASE_BIN)/descent run $(NOTEBOOKS) --output build/notebooks/ --figures build/notebooks/figures/
	@echo "Executed notebooks: build/notebooks/   figures: build/notebooks/figures/"
	@echo "Open them with: jupyter lab build/notebooks/ (kernel 'Descent' is installed)"

# Every test: Swift unit tests, the Jupyter protocol tests against the real kernel, the REPL
# driven through tmux, and the notebooks re-executed and compared with their committed outputs.
test: build swift-test protocol-test repl-test notebook-test

swift-test:
	$(SWIFT) test

protocol-test:
	BUILD_DIR=$(DEBUG_BIN) Tests/Protocol/run.sh

repl-test:
	Tests/LanguageTests/repl_test.sh $(DEBUG_BIN)/descent

notebook-test:
	$(DEBUG_BIN)/descent run --check $(NOTEBOOKS)
