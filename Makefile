# The two commands of the README: `make demo` and `make test`.
SWIFT ?= swift
DEBUG_BIN = .build/debug
RELEASE_BIN = .build/release
NOTEBOOKS = $(sort $(wildcard notebooks/*.ipynb))

.PHONY: demo test deps build release swift-test protocol-test repl-test notebook-test release-test

deps:
	scripts/install-system-packages.sh

build: deps
	$(SWIFT) build

# The binary Jupyter runs: the Swift runtime linked in, so the kernel starts in milliseconds, and
# the release linker settings of Package.swift.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product descent

# The main job: build the release binary, install the kernelspec for the current user, and
# execute every notebook into build/notebooks/ with its figures as PNG files beside it.
demo: release
	$(RELEASE_BIN)/descent install --user
	$(RELEASE_BIN)/descent run $(NOTEBOOKS) --output build/notebooks/ --figures build/notebooks/figures/
	@echo "Executed notebooks: build/notebooks/   figures: build/notebooks/figures/"
	@echo "Open them with: jupyter lab build/notebooks/ (kernel 'Descent' is installed)"

# Every test: Swift unit tests, the Jupyter protocol tests against the real kernel, the REPL
# driven through tmux, and the notebooks re-executed and compared with their committed outputs,
# by the debug build under three BLAS kernel families and by the release binary that
# `make demo` installs.
test: build swift-test protocol-test repl-test notebook-test release-test

swift-test:
	$(SWIFT) test

protocol-test:
	BUILD_DIR=$(DEBUG_BIN) Tests/Protocol/run.sh

repl-test:
	Tests/LanguageTests/repl_test.sh $(DEBUG_BIN)/descent

# Stored outputs must not depend on which BLAS kernels OpenBLAS picks for this machine's CPU
# (each family sums in its own order): the debug build checks the notebooks under three
# families forced by OPENBLAS_CORETYPE, the release binary under the machine's own.
BLAS_CORETYPES = Haswell SkylakeX Zen

notebook-test:
	@for core in $(BLAS_CORETYPES); do \
	    echo "notebooks with OPENBLAS_CORETYPE=$$core"; \
	    OPENBLAS_CORETYPE=$$core $(DEBUG_BIN)/descent run --check $(NOTEBOOKS) || exit 1; \
	done

release-test: release
	$(RELEASE_BIN)/descent run --check $(NOTEBOOKS)
