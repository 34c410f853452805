# The two commands of the README: `make demo` and `make test`.
SWIFT ?= swift
BUILD_FLAGS ?=
DESCENT = .build/debug/descent

.PHONY: demo test deps build release-build swift-test

deps:
	scripts/install-system-packages.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# The main job: build and run the demo.
demo: deps
	$(SWIFT) build -c release
	.build/release/descent demo

# Every test: the Swift unit tests.
test: build
	$(SWIFT) test $(BUILD_FLAGS)
