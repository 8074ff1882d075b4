# Targets match the README. Everything runs inside .venv (created by `make install`).
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
EVAL    ?= ../shared/eval/dev
UD      ?= ../shared/data/ud
NER     ?= ../shared/data/ner
# bounds: what the shipped engine measures on the 77 dev articles, minus a small margin
MIN_F1  ?= 0.90
MIN_OUTLET_F1 ?= 0.80
MIN_SPEAKER_ACC ?= 0.94
MIN_NAME_ACC ?= 0.92
# bounds on the leave-one-outlet-out figures of the speaker decision (scripts/train_speaker.py):
# what it measures (0.910 / 0.950 / 0.934 / ECE 0.027) minus a small margin
CV_MIN_F1 ?= 0.89
CV_MIN_SPEAKER_ACC ?= 0.93
CV_MIN_NAME_ACC ?= 0.91
CV_MAX_ECE ?= 0.05
# the per-outlet bound applies only to outlets with at least this many gold quotes
OUTLET_MIN_GOLD ?= 20

.PHONY: install test lint typecheck unit eval bench models speaker-model speaker-cv ner-model model-scores serve loadtest clean

# PyTorch's CPU wheel index, as an extra index: requirements.txt pins torch==2.13.0+cpu, which
# only that index (or a local CPU wheel) has, so no install can pull the multi-GB CUDA build.
# One retry: offline, an unreachable index must fail fast and let the local wheel win.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
PIP_INSTALL := $(BIN)/pip install --quiet --retries 1 --extra-index-url $(TORCH_INDEX)

install:  ## create .venv and install the pinned runtime and development dependencies
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(PIP_INSTALL) -r requirements-dev.txt -c constraints.txt
	$(PIP_INSTALL) -r requirements-spark.txt -c constraints.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .

test: lint typecheck unit eval  ## everything CI runs

lint:
	$(BIN)/ruff check quotes tests scripts bench wsgi.py gunicorn.conf.py

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -q

eval:  ## quality gate: the shipped engine on the dev set (E2E F1, outlets with >= OUTLET_MIN_GOLD gold quotes, speaker and name accuracy), then the speaker decision leave-one-outlet-out
	@if [ -d "$(EVAL)/articles" ]; then \
		$(BIN)/python -m quotes evaluate --articles $(EVAL)/articles --gold $(EVAL)/gold \
			--errors --calibration --no-progress --min-f1 $(MIN_F1) \
			--min-outlet-f1 $(MIN_OUTLET_F1) --outlet-min-gold $(OUTLET_MIN_GOLD) \
			--min-speaker-acc $(MIN_SPEAKER_ACC) --min-name-acc $(MIN_NAME_ACC) && \
		$(BIN)/python scripts/train_speaker.py --eval $(EVAL) --no-write \
			--min-e2e-f1 $(CV_MIN_F1) --min-speaker-acc $(CV_MIN_SPEAKER_ACC) \
			--min-name-acc $(CV_MIN_NAME_ACC) --max-ece $(CV_MAX_ECE); \
	elif [ -n "$$CI" ]; then echo "eval: $(EVAL) not found (CI needs ../shared)"; exit 1; \
	else echo "eval: $(EVAL) not found, quality gate skipped"; fi

bench:  ## speed and memory figures (prints numbers; no pass/fail)
	$(BIN)/python -m quotes bench

models:  ## retrain the shipped Stanza models from the UD treebanks and the NER sets (~1.5 h on 2 cores)
	$(BIN)/python scripts/train_models.py --ud $(UD)
	$(BIN)/python scripts/train_ner.py --ner $(NER)
	$(BIN)/python scripts/model_scores.py --ud $(UD) --ner $(NER) --write-manifest
	$(BIN)/python scripts/train_speaker.py --eval $(EVAL)

speaker-model:  ## retrain the speaker decision from the gold (leave-one-outlet-out figures printed; ~6 min)
	$(BIN)/python scripts/train_speaker.py --eval $(EVAL)

speaker-cv:  ## only the leave-one-outlet-out figures of the speaker decision, beside the rules'
	$(BIN)/python scripts/train_speaker.py --eval $(EVAL) --no-write

ner-model:  ## retrain only the NER model (~20 min on one core)
	$(BIN)/python scripts/train_ner.py --ner $(NER)
	$(BIN)/python scripts/model_scores.py --ud $(UD) --ner $(NER) --write-manifest

model-scores:  ## accuracy of the shipped models on GSD test and the NER test splits, speed per processor
	$(BIN)/python scripts/model_scores.py --ud $(UD) --ner $(NER)

serve:  ## run the production stack: nginx (buffering front, on QUOTES_BIND) + gunicorn
	$(BIN)/python -m quotes.serve

loadtest:  ## 60 s of load through nginx + gunicorn, 16 slow clients, one worker killed
	$(BIN)/python scripts/loadtest.py --slow-clients 16 --kill-worker

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage htmlcov
