"""Code that runs inside the Rasa server: NLU components, the REST channel, storage, triage."""

from addons.action_deadline import apply_action_deadline
from addons.speedups import reuse_action_response_validator

reuse_action_response_validator()
apply_action_deadline()  # a slow action server gets a "having trouble" reply within ~2 s, not 300 s
