"""Code that runs inside the Rasa server: NLU components, the REST channel, storage, triage."""
from addons.speedups import reuse_action_response_validator

reuse_action_response_validator()
