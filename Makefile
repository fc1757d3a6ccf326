# DRS Orchestration — build, run and test.  `make run` and `make test` set up everything they need.
SHELL := /bin/bash
.DEFAULT_GOAL := build

SWIFT       ?= swift
VENV        := .venv
PY          := $(VENV)/bin/python
DEBUG_BIN   := .build/debug
LAMBDA_DIR  := .build/lambda/bootstrap
LAMBDA_ZIP  := .build/lambda/drs-orchestration.zip
SYSTEM_PKGS := libcurl4-openssl-dev libssl-dev g++ jq curl
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The project's Python tools (aws, cfn-lint, moto, pytest) come first on PATH.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
INVOKE_PORT ?= 9001
API_PORT    ?= 3000
INSTANCES   ?= 1
FUNCTION    ?= drs-orchestration-api-handler-dev

.PHONY: help deps system-deps python-deps build package artifact-check run test unit-test integration-test lint bench invoke clean

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## //'

## deps: system packages (libcurl, libssl) and the Python tools in .venv — idempotent
deps: system-deps python-deps

system-deps:
	@missing=""; for p in $(SYSTEM_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

python-deps: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

## build: debug builds of bootstrap and drs-local
build: system-deps
	$(SWIFT) build --product bootstrap
	$(SWIFT) build --product drs-local

# The Lambda build: static Swift runtime, non-PIE (no load-time relocation of ~70k pointers: a
# third of the cold start, bench/run.py). libcurl and libcrypto are dlopen'ed on first AWS call.
# Its own scratch path, so these flags never force a rebuild of the development builds.
# libstdc++ is linked statically, found through a directory that holds only libstdc++.a (the loader's
# relocation of libstdc++.so was 40% of init), and no symbol is exported (the Swift backtracer's dladdr
# at start walked all 6,380): BENCHMARKS.md. CGlibcCompat/arc4random.c keeps libstdc++.a within GLIBC_2.34.
STATIC_CXX    := .build-lambda/static-libstdc++
RELEASE_FLAGS := -c release --disable-local-rpath --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -no-pie \
  -Xswiftc -Xclang-linker -Xswiftc -L$(CURDIR)/$(STATIC_CXX) -Xlinker --no-export-dynamic --scratch-path .build-lambda

## package: the Lambda zip $(LAMBDA_ZIP) and its content in $(LAMBDA_DIR) (SAM's CodeUri)
package: system-deps
	mkdir -p $(STATIC_CXX) && ln -sf "$$(gcc -print-file-name=libstdc++.a)" $(STATIC_CXX)/libstdc++.a
	$(SWIFT) build $(RELEASE_FLAGS) --product bootstrap
	mkdir -p $(LAMBDA_DIR)
	@# Without DWARF (a fifth of the file, never loaded), with the symbol table (crash backtraces name functions).
	strip --strip-debug -o $(LAMBDA_DIR)/bootstrap .build-lambda/release/bootstrap
	python3 scripts/lambda-zip.py $(LAMBDA_DIR)/bootstrap $(LAMBDA_ZIP)

## artifact-check: the packaged zip starts on provided.al2023 (symbol versions, libraries, size) and serves
artifact-check: package build python-deps
	scripts/check-lambda-artifact.sh --zip $(LAMBDA_ZIP) --folder $(LAMBDA_DIR) --drs-local $(DEBUG_BIN)/drs-local

## run: build, then serve the local stack in the foreground (Ctrl-C stops it)
run: build python-deps
	$(DEBUG_BIN)/drs-local --bootstrap $(DEBUG_BIN)/bootstrap --template template.yaml \
	  --invoke-port $(INVOKE_PORT) --api-port $(API_PORT) --instances $(INSTANCES)

## test: everything CI checks — lint, unit tests, integration tests on the local stack
test: deps lint unit-test integration-test artifact-check

## lint: swift-format, cfn-lint, the template's offline package and SAM transform
lint: python-deps
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift
	$(PY) -m ruff check Tests scripts examples Sources
	$(PY) -m ruff format --check Tests scripts examples Sources
	cfn-lint template.yaml
	$(PY) -m pytest -q Tests/Template

## unit-test: the Swift test suites
unit-test: system-deps python-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel

## integration-test: pytest on the local stack (BOOTSTRAP=path tests another build of the function)
integration-test: build python-deps
	$(PY) -m pytest -q Tests/Integration

## bench: bootstrap against a C and a Swift Runtime-API loop measured in the same run (BENCHMARKS.md); cost per request at scale
bench: package python-deps
	$(SWIFT) build -c release --product drs-local
	$(PY) bench/run.py --bootstrap .build-lambda/release/bootstrap --drs-local .build/release/drs-local \
	  --zip $(LAMBDA_ZIP) --stripped $(LAMBDA_DIR)/bootstrap
	$(PY) bench/scale.py --bootstrap .build-lambda/release/bootstrap --drs-local .build/release/drs-local

## invoke: EVENT=events/health.json — send a sample event to the running local stack
invoke: python-deps
	@test -n "$(EVENT)" || { echo "usage: make invoke EVENT=events/health.json"; exit 2; }
	@out=$$(mktemp); AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws lambda invoke --region us-east-1 \
	  --endpoint-url http://127.0.0.1:$(INVOKE_PORT) --function-name $(FUNCTION) \
	  --payload "$$(cat $(EVENT))" $$out >/dev/null && jq . $$out; rm -f $$out

## clean: remove .build, .build-lambda and .venv
clean:
	rm -rf .build .build-lambda $(VENV)
