# productive-docs: the two set-up commands are `make demo` and `make test`.
SWIFT ?= swift
BIN = .build/debug/productive-docs

.PHONY: deps build test demo bench docs dist bare-system-test clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## Runs the whole test suite (XCTest).
test: deps
	$(SWIFT) test --disable-swift-testing

## Runs the main job end to end on the samples, with no account.
demo: build
	@scripts/demo.sh $(BIN)

## Prints the benchmark figures beside the cmark-gfm baseline (needs ../shared/corpus).
bench: 
	@scripts/install-deps.sh cmark-gfm
	@bench/run.sh

## Builds dist/productive-docs-VERSION-linux-x86_64.tar.gz (+ .sha256): static, runs on a bare Debian 12.
dist:
	@scripts/install-deps.sh libicu-dev zlib1g-dev liblzma-dev
	@scripts/dist.sh

## Proves the tarball on a minimal Debian 12 root (debootstrap + chroot; needs root).
bare-system-test: dist
	@scripts/install-deps.sh debootstrap
	@scripts/bare-system-test.sh

## Regenerates docs/rules.md from the rule catalog.
docs: build
	$(BIN) rules --markdown > docs/rules.md

clean:
	rm -rf .build .build-dist dist
