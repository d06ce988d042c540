"""Rasa's command line with this project's changes to Rasa's own code, installed in one explicit step.

Importing `addons` or any of its modules changes nothing in Rasa. A Rasa server of this project gets the
patches below only from `install_rasa_patches()`, which `main` calls before handing over to Rasa:

    python -m addons.rasa_server run [rasa run options]      # `rasa run ...` with the patches
    python -m addons.rasa_server shell [rasa shell options]  # `rasa shell ...` with the patches

Everything that starts a Rasa server goes through it: scripts/rasa_run.py (`make run`, and the servers of
the tests, the evaluation and the bench, scripts/local_servers.py), scripts/cluster.py, `scripts/run.sh
--shell`, and the deployed image, whose entrypoint it is (deploy/Dockerfile).

The patches (all idempotent):
- addons.speedups.reuse_action_response_validator: the action-server response schema is checked once, not
  on every custom-action call (same responses accepted and rejected);
- addons.action_deadline.apply_action_deadline: a custom-action call gets a short deadline
  ($MISS_ACTION_TIMEOUT_SECONDS, default 2 s) instead of Rasa's 300 s, on the action server's own response
  time (the call is sent from a thread of its own, so the Rasa server's queue is not counted);
- addons.speedups.freeze_the_loaded_model: once the model is loaded, gc.freeze() keeps Python's full
  garbage collections from walking it again (pauses of up to a second under load);
- addons.approved_replies.fill_responses_with_approved_texts: the domain's responses give the clinic's
  numbers and hours, and the English emergency replies, as approved in the staff console (live within
  $MISS_CONTENT_POLL_SECONDS), not only what domain.yml froze into the model.
"""

from __future__ import annotations

import sys

from addons.action_deadline import apply_action_deadline
from addons.approved_replies import fill_responses_with_approved_texts
from addons.speedups import freeze_the_loaded_model, reuse_action_response_validator


def install_rasa_patches() -> None:
    """Install the project's patches into the Rasa code of this process (see the module docstring)."""
    reuse_action_response_validator()
    apply_action_deadline()
    freeze_the_loaded_model()
    fill_responses_with_approved_texts()


def main(argv: list[str]) -> None:
    """Rasa's own command line (`rasa <argv>`), after `install_rasa_patches()`."""
    install_rasa_patches()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
