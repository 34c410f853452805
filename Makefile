# The two commands of the README: `make demo` and `make test`.
SWIFT ?= swift
DEBUG_BIN = .build/debug
RELEASE_BIN = .build/release
NOTEBOOKS = $(sort $(wildcard notebooks/*.ipynb))

.PHONY: demo test deps build release bundled-data-test swift-test protocol-test repl-test notebook-test browser-test

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
# driven through tmux, JupyterLab in a real browser, searches on a Ray cluster, and the notebooks
# re-executed and compared with their committed outputs by the release binary that `make demo`
# installs, under this machine's BLAS kernels and three forced kernel families.
test: build bundled-data-test swift-test protocol-test repl-test notebook-test browser-test

# The data sets compiled into Learn must be what data/ gives (scripts/embed-bundled-data.py).
bundled-data-test:
	python3 scripts/embed-bundled-data.py --check

swift-test:
	$(SWIFT) test

protocol-test:
	BUILD_DIR=$(DEBUG_BIN) Tests/Protocol/run.sh

repl-test:
	Tests/LanguageTests/repl_test.sh $(DEBUG_BIN)/descent

# Searches on a real two-node Ray cluster on 127.0.0.1 against local runs (Tests/Ray/run.sh
# starts the cluster and stops it however the tests end). Measured: 65 s (25 s to start and stop
# the cluster, 40 s of tests), plus 47 s the first time to make build/ray-venv (Ray's wheels);
# 95-125 s on a host at load 6-11 (2026-12-04), of which 8-18 s is the kernel test (one driver
# per session, the live display, shipping the binary).
.PHONY: ray-test
test: ray-test
ray-test:
	BUILD_DIR=$(DEBUG_BIN) Tests/Ray/run.sh

# JupyterLab (with jupyterlab_widgets) driven through Debian's chromium by Playwright: the
# notebooks as a student uses them; screenshots of every step in build/browser/.
browser-test:
	BUILD_DIR=$(DEBUG_BIN) Tests/Browser/run.sh

# Stored outputs must not depend on which BLAS kernels OpenBLAS picks for this machine's CPU
# (each family sums in its own order): the notebooks are checked under the machine's own
# family and three forced by OPENBLAS_CORETYPE. The release binary runs them (a debug build
# takes 20 times as long and computes the same: Swift's -O does not reassociate float sums).
BLAS_CORETYPES = Haswell SkylakeX Zen

notebook-test: release
	$(RELEASE_BIN)/descent run --check $(NOTEBOOKS)
	@for core in $(BLAS_CORETYPES); do \
	    echo "notebooks with OPENBLAS_CORETYPE=$$core"; \
	    OPENBLAS_CORETYPE=$$core $(RELEASE_BIN)/descent run --check $(NOTEBOOKS) || exit 1; \
	done

# A warm training step of the lecture's three programs calls malloc not once (docs/ARCHITECTURE.md,
# "Memory in a training step"): counted by an LD_PRELOAD shim built with the toolchain's clang.
.PHONY: allocation-test
test: allocation-test
allocation-test: release
	Tests/Allocations/steady_state_test.sh $(RELEASE_BIN)/descent

# Fuzzing and sanitizers (docs/ARCHITECTURE.md, "Fuzzing and sanitizers"). `make fuzz` fuzzes
# each target FUZZ_SECONDS and merges new inputs into Fuzzing/corpus/ for a developer to commit;
# `make test` replays the regression inputs and fuzzes each target FUZZ_CI_SECONDS into a local
# copy of the corpus, then runs the unit tests under AddressSanitizer and the kernel's under
# ThreadSanitizer, each sanitizer in a build directory of its own.
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 15
.PHONY: fuzz fuzz-ci asan-test tsan-test
test: fuzz-ci asan-test tsan-test

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzzing/run.sh fuzz

fuzz-ci:
	FUZZ_SECONDS=$(FUZZ_CI_SECONDS) Fuzzing/run.sh ci

# Leak detection is off: sessions are never freed today (a Session, its interpreter and its
# compiled functions hold one another), which LeakSanitizer reports at exit, and it would turn a
# forked tuning worker's exit status into its own.
# One test is left out here: it bounds an op's stop by wall-clock time, which ASan's slowdown
# outruns (0.83 s against 0.6 s in CI); it runs in the plain suite (swift-test).
asan-test:
	SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build-asan \
		--skip InterruptTests.testLongOpsStopSoonAfterAnInterrupt

# The kernel's own tests, then the real kernel built with ThreadSanitizer driven by the protocol
# tests that exercise its threads (shell, control, heartbeat, stdin, IOPub, interrupts, and the
# comms whose widget re-runs the shell defers); a race report is written to .build-tsan/race.*
# and fails the target.
# test_interrupts.py runs unsanitized only: its searches fork workers that start a thread, which
# TSan does not support after a multi-threaded fork ("starting new threads after multi-threaded
# fork is not supported"), and its wall-clock bounds do not hold at TSan's speed.
TSAN_PROTOCOL_TESTS = (interrupt and not test_interrupts) or control_and_heartbeat or input_round_trip or tampered or stop_on_error or shutdown_and_restart or widget or comm
tsan-test:
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --sanitize=thread --scratch-path .build-tsan --filter KernelTests
	rm -f .build-tsan/race.*
	SWIFT_BACKTRACE=enable=no TSAN_OPTIONS=log_path=$(CURDIR)/.build-tsan/race BUILD_DIR=.build-tsan/debug \
		Tests/Protocol/run.sh -k "$(TSAN_PROTOCOL_TESTS)"
	@if ls .build-tsan/race.* >/dev/null 2>&1; then cat .build-tsan/race.*; exit 1; fi

# The widget protocol benchmark (Benchmarks/widgets/RESULTS.md), beside ipykernel + ipywidgets +
# matplotlib installed in a venv of its own, not CI's.
.PHONY: bench-widgets
bench-widgets: release
	scripts/python-venv.sh build/bench-venv Benchmarks/widgets/requirements.txt
	build/bench-venv/bin/python Benchmarks/widgets/protocol.py --descent $(RELEASE_BIN)/descent
